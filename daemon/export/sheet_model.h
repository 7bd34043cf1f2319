/*
 * sheet_model.h - what the printable sheets show, read once from the
 * export params (an arrangement from `arrange`, its players) into plain
 * C structs, so that the drawing code (sheet_draw.c) never touches JSON
 * and the tests can check the model apart from the pixels.
 *
 * Fields that a later part of the engine adds (measures and beats on the
 * events, a verdict, positions) are read when present; where they are
 * absent the model says so (has_measure, position NULL) and the pages
 * show less rather than something wrong.
 */
#ifndef VB_SHEET_MODEL_H
#define VB_SHEET_MODEL_H

#include <stddef.h>

#include "export.h"

#define SHEET_MAX_RINGERS 64
#define SHEET_MAX_HAND 32
#define SHEET_MAX_OWNERS 4
#define SHEET_MAX_MS (4.0 * 3600 * 1000)
#define SHEET_MAX_MOVED 4      /* pitches moved onto one bell, shown */
#define SHEET_MAX_NOTES 8      /* the choir report's sentences, shown */

enum sheet_hand { HAND_LEFT, HAND_RIGHT, HAND_NONE };

enum sheet_event_type { SEV_RING, SEV_PUT_DOWN, SEV_PICK_UP };

struct sheet_event {
	enum sheet_event_type type;
	enum sheet_hand hand;
	int bell;            /* index into sheet_model.bells */
	double t_ms;
	double dur_ms;       /* ring */
	double gap_ms;       /* put_down: time until the next pick-up */
	int tight;           /* put_down: the simulation's flag */
	int has_measure;     /* measure/beat given by the engine */
	long measure;
	double beat;
};

/* A change of bell in one hand: a put-down and the pick-up after it. */
struct sheet_change {
	enum sheet_hand hand;
	int put_down;        /* bell index, or -1 (a pick-up alone) */
	int pick_up;         /* bell index, or -1 (a put-down alone) */
	const struct sheet_event *at;  /* the first of the two, borrowed */
	double gap_ms;       /* -1 when unknown */
	double gap_beats;    /* -1 when unknown (no score to count in) */
	int tight, impossible;
};

/* A bar line of the chart: where a measure starts. */
struct sheet_bar {
	double ms;
	int number;
	int beats, beat_type;
	double beat_ms;      /* one beat's length there (its first beat) */
};

struct sheet_ringer {
	const char *name;       /* borrowed from the params */
	const char *level;      /* "experienced", ..., "virtual" or NULL */
	const char *position;   /* the director's position, or NULL */
	int hands[2][SHEET_MAX_HAND];       /* bell indexes per hand, pitch order */
	int n_hand[2];
	int other[SHEET_MAX_HAND];          /* in `bells` but in neither hand */
	int n_other;
	long swaps;             /* -1: not given */
	struct sheet_event *events;    /* owned, time order */
	size_t n_events;
	struct sheet_change *changes;  /* owned, time order */
	size_t n_changes;
	size_t n_rings, n_tight, n_impossible;
	int first_bell[2];      /* the bell each hand starts with, or -1 */
};

/* A bell of the piece; two ringers holding one name is a duplicate. */
struct sheet_bell {
	char name[16];
	int pitch;              /* MIDI number, -1 when the name is unreadable */
	int owners[SHEET_MAX_OWNERS];  /* ringer indexes */
	int owner_hand[SHEET_MAX_OWNERS];
	int n_owners;
	int order;              /* first-seen index (renumbering after the sort) */
	/* From arrange's choir block (export's `choir`), 0 without it. */
	int chime;              /* rung on a handchime (choir.chimed) */
	int copies;             /* the set's copies (bell_set), 0: not known */
	struct sheet_move {
		const char *from;   /* borrowed: the pitch the notes had */
		int up;             /* moved up (else down) to this bell */
	} moved[SHEET_MAX_MOVED];  /* choir.moved onto this bell */
	int n_moved;
};

struct sheet_model {
	const char *title;      /* borrowed or the model's own title_buf */
	char title_buf[256];
	const char *strategy;   /* NULL: none given */
	double score;
	int has_score;
	const char *reasons[16];  /* verdict and validation, borrowed */
	size_t n_reasons, n_reasons_more;
	int ringable;           /* 1, 0, or -1 when no verdict */
	struct sheet_ringer *ringers;  /* owned */
	size_t n_ringers;
	struct sheet_bell *bells;      /* owned, ascending pitch */
	size_t n_bells;
	size_t n_duplicates;    /* bells held by more than one ringer */
	const char *unused[SHEET_MAX_RINGERS];  /* players given no bells */
	size_t n_unused;
	int has_simulation;
	int has_measures;       /* some event carried measure and beat */
	struct sheet_bar *bars; /* owned; with a score: every measure start */
	size_t n_bars;
	double duration_ms;
	double impossible_ms;   /* the simulation's impossible_swap_gap_ms */
	size_t n_ring_events;
	/* Arrange's choir block (export's `choir`): what the bells-used
	 * chart marks.  has_set: bell_set was given, in_set says which
	 * pitches it owns (else every one). */
	int has_choir, has_set;
	const char *set_lowest, *set_highest;  /* bell_set's, borrowed */
	unsigned char in_set[128];
	size_t n_chimes, n_moved, n_set_duplicates;
	const char *choir_notes[SHEET_MAX_NOTES];  /* choir.report, borrowed */
	size_t n_choir_notes, n_choir_notes_more;
};

/*
 * Fills m from the checked export input (see export_input_parse) and
 * the sheets' options o (NULL: none): o->title (NULL: the file name
 * without its extension) and o->choir.  Every pointer kept is
 * borrowed from in's JSON.  Bounds (each refused with a field): 64
 * ringers, 32 bells a hand, 4 ringers on one bell, a simulation of at
 * most 4 hours.  score (NULL: none) is the uploaded song: events then
 * get their measure and beat from its meter and tempo map (where the
 * engine did not give them), changes their length in beats, and the
 * chart its bar lines.  o->choir (NULL: none), arrange's choir block
 * as export_choir_check passed it, marks the bells.  Returns 0,
 * or -1 with err
 * filled (ERR_INVALID_ARRANGEMENT with a field for a simulation of the
 * wrong shape, ERR_EXPORT_FAILED when memory ran out).
 */
int sheet_model_build(const struct export_input *in,
    const struct sheet_options *o, const struct score *score,
    struct sheet_model *m, struct vb_error *err);

void sheet_model_free(struct sheet_model *m);

/*
 * When a cue list shows event e (has_measure): its measure and beat to
 * the nearest quarter beat, as a director counts (a triplet's third
 * stays a third); a time that rounds past the measure's last beat is
 * beat 1 of the next, where the song's meter says so (m->bars); without
 * the song, the quarter beat the time falls in.
 */
void sheet_cue_time(const struct sheet_model *m, const struct sheet_event *e,
    long *measure, double *beat);

/* MIDI number of a bell name ("C#4", "Eb5", "C-1"), or -1. */
int sheet_pitch_of(const char *name);

#endif
