/*
 * score.h - the in-memory music model every loader fills and every later
 * step (analysis, arrangement, export) reads.
 *
 * A score is a flat list of rung notes plus the facts a UI shows.  Times
 * are kept twice: in score ticks (MIDI ticks; for MusicXML, ticks at
 * ticks_per_beat per quarter note) for grouping by onset, and in
 * milliseconds from the tempo map for everything that measures time.
 *
 * Note order is upstream's order (docs/PORTING.md section 1): for MIDI,
 * notes are appended when their note-off is met, walking the tracks in
 * file order, then the notes still open at the end.  Later stable sorts by
 * time keep that order for ties, so it decides tie-breaks in the engine.
 */
#ifndef VB_SCORE_H
#define VB_SCORE_H

#include <stddef.h>
#include <stdint.h>

enum score_format {
	SCORE_FORMAT_MIDI,
	SCORE_FORMAT_MUSICXML,
	SCORE_FORMAT_MXL,
	SCORE_FORMAT_COUNT,
};

struct note {
	int pitch;          /* MIDI note number 0..127 (sounding pitch) */
	int velocity;       /* 1..127; MusicXML: 64 unless dynamics say */
	int track;          /* index into score.tracks */
	int channel;        /* MIDI channel 0..15; MusicXML: 0 */
	int64_t tick;       /* onset, score ticks */
	int64_t dur_ticks;  /* >= 0 (grace notes: 0; MIDI: >= 1 as upstream) */
	double start_ms;    /* onset from the tempo map */
	double dur_ms;      /* duration from the tempo map */
	int8_t alter;       /* the written spelling: pitch - alter is the
	                       natural the note is written on (MusicXML
	                       <alter>; MIDI: from the key signature, see
	                       score_spell_from_keys); 0 for naturals */
};

/* A MIDI key signature (meta 0x59): sf < 0 flats, > 0 sharps. */
struct key_signature {
	int64_t tick;
	int sf;
};

/* One tempo change: from tick on, a quarter note lasts us_per_beat. */
struct tempo_change {
	int64_t tick;
	double us_per_beat;
	double ms;          /* time of this change from the start, in ms */
};

struct track_info {
	char *name;         /* owned; "" when the file names none */
	size_t note_count;  /* rung notes of this track/part */
	int program;        /* MIDI: first program change + 1 (1..128, GM
	                       numbering); 0 when none (MusicXML: 0) */
	int transpose;      /* MusicXML: the <transpose> the loader applied,
	                       in semitones written -> sounding; MIDI: 0 */
};

/* A time signature in force from tick on (MIDI 0x58, MusicXML <time>). */
struct time_sig {
	int64_t tick;
	int beats, beat_type;       /* 6/8: 6, 8 */
	int measure;                /* the number of the measure it starts */
};

/* A measure as the file numbers it (MusicXML; MIDI files have none). */
struct measure_start {
	int64_t tick;
	int number;                 /* the file's number attribute (a pickup
	                               is usually 0); unreadable: previous + 1 */
	int implicit;               /* implicit="yes": a pickup, split bar */
	int beats, beat_type;       /* the time signature in force */
};

/* Where a moment falls in the music, as a director counts it. */
struct musical_time {
	int measure;                /* the file's measure number (MIDI: 1, 2,
	                               ... from the start) */
	double beat;                /* 1-based, in the time signature's beat
	                               unit: 2.5 = halfway through beat 2 */
};

struct score {
	char *filename;             /* owned; as uploaded */
	enum score_format format;
	int ticks_per_beat;         /* MIDI division; MusicXML: see loader */

	struct note *notes;         /* owned; upstream order (see above) */
	size_t n_notes;

	struct tempo_change *tempo; /* owned; sorted by tick, tempo[0].tick==0 */
	size_t n_tempo;
	int tempo_bpm;              /* upstream's single figure: int(60e6/us)
	                               of the last MIDI set-tempo, or the first
	                               MusicXML mark; 120 when none */
	double duration_ms;         /* end of the last sounding note */

	struct track_info *tracks;  /* owned */
	size_t n_tracks;

	/* The meter (music/meter.c): time signatures sorted by tick, none
	 * meaning 4/4; measures as numbered by a MusicXML file (NULL for
	 * MIDI, whose measures are counted from the time signatures). */
	struct time_sig *time_sigs; /* owned */
	size_t n_time_sigs;
	struct measure_start *measures; /* owned */
	size_t n_measures;
	struct key_signature *keys; /* owned; MIDI key signatures as read */
	size_t n_keys;

	/* Filled by score_analyse(): ascending pitch lists. */
	int unique_pitches[128];
	size_t n_unique;
	int melody_pitches[128];
	size_t n_melody;
	int harmony_pitches[128];
	size_t n_harmony;
	size_t note_frequency[128]; /* rung notes per pitch (upstream's
	                               frequencies skip pitch 0: engine's call) */
};

/* Returns a new, empty score (all zero, format MIDI). Free with score_free. */
struct score *score_new(void);
void score_free(struct score *s);

/*
 * Melody and harmony as upstream: group notes by onset tick; in each
 * group the highest pitch is melody, the others harmony.  Fills the pitch
 * lists and frequencies.  Never fails.
 */
void score_analyse(struct score *s);

/*
 * Writes "C4", "C#4", ... (upstream's sharp spelling, octave = pitch/12-1)
 * into buf (at least 8 bytes).  Returns buf.
 */
const char *pitch_name(int pitch, char *buf, size_t len);

/* Parses "C4", "C#4", "Db4" (upstream's rules).  Returns -1 if invalid. */
int pitch_from_name(const char *name);

/* ms of a tick position from the score's tempo map (ticks_per_beat and
 * tempo[] must be set; no tempo map means 120 bpm). */
double score_tick_to_ms(const struct score *s, int64_t tick);

/*
 * Makes s's tempo map from the set-tempo events a loader read, in reading
 * order (ev is reordered, not kept): sorted by tick, the last per tick
 * kept, starting at tick 0 (120 bpm there unless an event is).  Returns
 * 0, or -1 when out of memory.
 */
int score_set_tempo_map(struct score *s, struct tempo_change *ev, size_t n);

/*
 * MIDI has no spelling: each black-key note is spelled flat when the key
 * signature in force at its tick (any track's, the latest at or before
 * it) has flats, sharp otherwise (no key signature: sharps, as pitch
 * names are written).  Sets every note's alter.
 */
void score_spell_from_keys(struct score *s);

/*
 * Loaders call this last: fills tempo[].ms, every note's start_ms and
 * dur_ms from the tempo map, and duration_ms (end of the last note).
 */
void score_note_times(struct score *s);

/*
 * Makes s's meter from the time signatures a loader read (ev, in reading
 * order; taken over: s owns it after the call, even on failure): sorted
 * by tick, the last per tick kept, each given the measure it starts.
 * Loaders of files with numbered measures fill s->measures first.
 * Returns 0, or -1 when out of memory.
 */
int score_set_meter(struct score *s, struct time_sig *ev, size_t n);

/* Measure and beat of a tick / of a time in ms (the tempo map's). */
void score_musical_time(const struct score *s, int64_t tick,
    struct musical_time *out);
void score_musical_time_ms(const struct score *s, double ms,
    struct musical_time *out);
/* A measure's start, as score_measure_starts lists them. */
struct measure_mark {
	int64_t tick;
	int number;                 /* as score_musical_time numbers it */
	int beats, beat_type;       /* the time signature in force */
};

/*
 * The starts of the measures before tick end (at least the first), in
 * order, at most cap of them into out.  Returns how many.  For the
 * sheets' bar lines.
 */
size_t score_measure_starts(const struct score *s, int64_t end,
    struct measure_mark *out, size_t cap);

/* The tick at ms from the tempo map (the inverse of score_tick_to_ms). */
int64_t score_ms_to_tick(const struct score *s, double ms);
/* Whether the first measure is a pickup (MusicXML: shorter than its
 * time signature says; MIDI files carry no pickups). */
int score_has_pickup(const struct score *s);
/* How many measures the piece has up to its last note's end. */
int score_measure_count(const struct score *s, int *first);

/*
 * A new score with s's facts (filename, format, tempo map, tracks, meter)
 * and the given notes (copied), times and analysis redone.  For choir
 * mode: the transformed notes of a piece.  NULL when out of memory.
 */
struct score *score_with_notes(const struct score *s, const struct note *notes,
    size_t n);

#endif
