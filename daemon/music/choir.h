/*
 * choir.h - the real choir a piece is arranged for: the bells it owns
 * (a bell set, with handchimes), the octave its bells are named in, the
 * tracks it rings, and the transformation of a score's notes into notes
 * that choir can ring.  It runs before the engine, which then arranges
 * the transformed score unchanged (protocol/PROTOCOL.md, "Choir mode").
 */
#ifndef VB_CHOIR_H
#define VB_CHOIR_H

#include <stddef.h>
#include <stdint.h>

#include "score.h"
#include "../core/error.h"

/* Every handbell that exists, by sounding pitch: G1 to C9 (the largest
 * and smallest bells made; sources in engine/bell_tables.h). */
#define BELL_LOWEST_PITCH   31      /* G1 */
#define BELL_HIGHEST_PITCH  120     /* C9 */

struct bell_set {
	char name[24];              /* the preset, or "custom" */
	int lowest, highest;        /* the range named (MIDI pitches) */
	unsigned char copies[128];  /* bells owned per pitch: 0, 1, 2 */
	int n_missing, missing[128];
	int n_extra, extra[128];
	int n_duplicates, duplicates[128];
	int has_chimes;
	int chime_lowest, chime_highest;
	unsigned char chime[128];   /* handchimes owned */
	int n_chime_missing, chime_missing[128];
};

/*
 * A preset by name ("3-octave", "5-octave", "7-octave": see PROTOCOL.md
 * for their sources).  Returns 0, or -1 when name is no preset.
 */
int bell_set_preset(const char *name, struct bell_set *out);
/* The range lo..hi, every bell once, no chimes. */
void bell_set_range(struct bell_set *out, const char *name, int lo, int hi);
/* The names of the presets, for an error message ("3-octave, ..."). */
const char *bell_set_preset_names(void);
/* A bell's name as a director writes it: "C4", "C#4", "Db4", "Bb3"
 * (letter, optional # or b, octave -1..9).  -1 if it is none. */
int bell_from_name(const char *name);
/* Bells owned (duplicates counted twice). */
int bell_set_count(const struct bell_set *b);

enum out_of_range {
	OOR_OCTAVE,     /* move by octaves to the nearest owned bell */
	OOR_CHIME,      /* ring it on a handchime, else as OOR_OCTAVE */
	OOR_OMIT,       /* leave it out */
	OOR_ERROR,      /* refuse: ERR_OUT_OF_RANGE */
	OOR_KEEP,       /* ring it as it is, owned or not */
};
const char *out_of_range_name(enum out_of_range o);
int out_of_range_from_name(const char *name);

/* How the bells are named: the shift from the file's pitches to them. */
struct octave_suggestion {
	int shift;                  /* 0 or 12 */
	const char *convention;     /* "sounding" or "written" */
	int guessed;                /* 0 only when the file says so */
	const char *signal;         /* what decided: "transpose", "range",
	                               "instrument" */
	char reason[320];
};

/*
 * The octave a piece's bells are named in, from the signals the file
 * carries, over the tracks rung (rung[i] for track i; NULL: all).
 */
void choir_suggest_octave(const struct score *s, const unsigned char *rung,
    struct octave_suggestion *out);

struct choir_request {
	struct bell_set set;        /* no bell_set given: G1..C9 */
	int set_given;
	int shift;
	int shift_given;            /* else the suggestion's (with a set) */
	enum out_of_range oor;
	const unsigned char *rung;  /* per track of the score; NULL: all */
};

/* What happened to the notes of one pitch (after the shift). */
enum choir_action {
	CHOIR_RUNG,                 /* a bell the set owns (or kept) */
	CHOIR_MOVED,                /* to another octave's bell */
	CHOIR_CHIMED,               /* on a handchime */
	CHOIR_OMITTED,
	CHOIR_LEFT_OUT,             /* its track is not rung */
};

struct choir_change {
	enum choir_action action;
	int from, to;               /* to: the bell or chime rung; -1 */
	size_t notes, merged;       /* merged: landed on a sounding pitch */
	int64_t first_tick;
	double first_ms;
	struct musical_time first;
	const char *why;            /* OMITTED: why */
};

struct choir_report {
	struct octave_suggestion suggestion;
	int shift;                  /* used */
	size_t in_file, left_out, rung, moved, merged, chimed, omitted;
	struct choir_change *changes;   /* owned: moved, chimed, omitted */
	size_t n_changes;
	int n_impossible, impossible[176]; /* pitches after the shift outside
	                                      G1..C9 (before any move) */
	unsigned char is_chime[128];    /* pitches rung on chimes */
};

/*
 * The score the choir rings: s's notes of the rung tracks, shifted, and
 * each note outside the set moved, chimed, omitted or kept as req says;
 * a moved or chimed note that lands on a pitch already sounding is one
 * ring, not two.  *out is a new score (score_free); rep is filled (free
 * with choir_report_fini).  Returns 0, or -1 with err: ERR_OUT_OF_RANGE
 * (req->oor OOR_ERROR, naming the pitches and where they first occur),
 * ERR_NO_NOTES (nothing left to ring), ERR_INTERNAL (memory).
 */
int choir_transform(const struct score *s, const struct choir_request *req,
    struct score **out, struct choir_report *rep, struct vb_error *err);
void choir_report_fini(struct choir_report *rep);

#endif
