/*
 * engine.h - the arrangement engine: upstream's whole pipeline (capacity
 * check and expansion, five strategies, post-passes, trimming, scoring,
 * swap counts, simulation) on a loaded score, its result written straight
 * as JSON text.  The `arrange` method is its only caller besides tests.
 */
#ifndef VB_ENGINE_H
#define VB_ENGINE_H

#include <stddef.h>
#include <stdint.h>

#include "../core/error.h"
#include "../core/work.h"
#include "../core/json_out.h"
#include "../music/choir.h"
#include "../music/score.h"

/*
 * Experience levels.  Upstream compares the raw string: an unknown
 * string and a missing key behave differently in places (see
 * protocol/PROTOCOL.md section 7), so both are kept apart here.
 */
enum player_level {
	LEVEL_EXPERIENCED,
	LEVEL_INTERMEDIATE,
	LEVEL_BEGINNER,
	LEVEL_UNKNOWN,      /* a string that is none of the three */
	LEVEL_MISSING,      /* no experience given */
};
#define LEVEL_NAMED 3       /* the first three have protocol names */

/* levels.c: the i-th level's name, NULL past the last named one; the
 * level of an experience string (LEVEL_UNKNOWN when none matches). */
const char *level_name_at(size_t i);
enum player_level level_from_name(const char *name);

enum strategy {
	STRATEGY_EXPERIENCED_FIRST,
	STRATEGY_BALANCED,
	STRATEGY_MIN_TRANSITIONS,
	STRATEGY_FATIGUE_SNAKE,
	STRATEGY_ACTIVITY_SNAKE,
	STRATEGY_OPTIMIZED,         /* ours: a search from the best of five */
	STRATEGY_POSITIONS,         /* ours: the director's standard positions */
	STRATEGY_COUNT,
};
#define STRATEGY_ALL ((1u << STRATEGY_COUNT) - 1)
/* Upstream's five: a request for exactly these gets upstream's result. */
#define STRATEGY_UPSTREAM (STRATEGY_ALL & ~(1u << STRATEGY_OPTIMIZED) & \
	~(1u << STRATEGY_POSITIONS))

/* Name and upstream description of a strategy; -1 if name is unknown.
 * strategy_name_at(i): the i-th name, NULL past the last (words_join). */
const char *strategy_name(enum strategy s);
const char *strategy_name_at(size_t i);
const char *strategy_description(enum strategy s);
int strategy_from_name(const char *name);

/* Per-level values are indexed by LEVEL_EXPERIENCED..LEVEL_BEGINNER. */
struct arrange_config {
	int bells_per_level[3];
	int swap_gap_ms[3];
	int impossible_gap_ms;
	long search_iterations;     /* "optimized": moves drawn at most */
	int search_ms;              /* and the time it may take at most */
	int max_bell_weight_oz[3];  /* choir mode: heaviest bell a ringer of
	                               the level may hold; 0 = no limit */
	int four_in_hand_from;      /* lowest pitch a hand holds two of */
};

/*
 * The config keys (config.c), one row each: adding a key is a field
 * above and a row.  arrange_config_key_at(i) is NULL past the
 * last; arrange_config_default() sets every row's default.
 */
struct arrange_config_key {
	const char *key;
	int per_level;   /* an object {experienced, intermediate, beginner} */
	long lo, hi;     /* the accepted range */
	long dflt[3];    /* the default, per level (else dflt[0]) */
	size_t offset;   /* of its field in struct arrange_config: */
	int is_long;     /* a long, else an int (per level: int[3]) */
	int pitch;       /* a bell: a name ("C6") is read as its pitch */
};
const struct arrange_config_key *arrange_config_key_at(size_t i);
const char *arrange_config_key_name(size_t i);
void arrange_config_default(struct arrange_config *c);
/* Sets row's field of c (for level, when per level) to v, in range. */
void arrange_config_set(struct arrange_config *c,
    const struct arrange_config_key *row, int level, long v);
/* The bells a player of level l holds at most (upstream's .get()
 * defaults for unknown and missing levels): locks count against it. */
int level_max_bells(const struct arrange_config *c, enum player_level l);

/* Techniques a player may declare (players[i].techniques). */
enum { TECH_FOUR_IN_HAND = 1, TECH_SHELLEY = 2 };

/* Which arrangements carry their simulation (the rest: null). */
enum simulation_mode {
	SIMULATION_NONE,            /* include_simulation: false */
	SIMULATION_ALL,             /* true, the default (upstream) */
	SIMULATION_BEST,            /* "best": the first one only */
	SIMULATION_FOR,             /* simulation_for: that strategy's */
};

struct arrange_player {
	const char *name;          /* borrowed, non-empty, unique */
	enum player_level level;
	unsigned techniques;       /* TECH_* bits; 0: upstream's hands */
};

/*
 * Bells the director fixes to ringers (the `locks` param): given to their
 * ringer, in their hand when one is named, before any strategy runs.
 * Zero everywhere is no lock.
 */
struct bell_locks {
	int n;                      /* bells locked */
	uint8_t owner[128];         /* 1 + index into players; 0: none */
	uint8_t hand[128];          /* 0 either, 1 left, 2 right */
	char field[128][96];        /* the param that locked it: errors */
};

/*
 * An earlier arrangement (the `previous` param): who held each bell then.
 * Names and positions are borrowed from the params.
 */
struct bell_previous {
	int given;
	const char *holder[128];    /* the ringer who held the bell; NULL */
	uint8_t owner[128];         /* 1 + index into players when that
	                               ringer is here; 0: none or absent */
	uint8_t hand[128];          /* 0 unknown, 1 left, 2 right */
	const char *position[64];   /* per request player: their position
	                               then ("C6-D6"), NULL */
};

/*
 * Choir mode (any of bell_set, octave_shift, out_of_range, tracks,
 * include_musical_time, config.max_bell_weight_oz given): score is the
 * choir's transformed score, and the result gains a verdict per
 * arrangement and the choir block.  All borrowed.
 */
struct arrange_choir {
	const struct choir_request *request;
	const struct choir_report *report;
	const struct score *file;          /* the score as uploaded */
	int include_musical_time;          /* simulation events gain
	                                      measure and beat */
};

struct arrange_request {
	const struct score *score;         /* borrowed, analysed */
	const struct arrange_choir *choir; /* NULL: upstream's mode */
	const struct arrange_player *players;
	size_t n_players;                  /* >= 1 */
	unsigned strategies;               /* bit (1 << enum strategy) */
	struct arrange_config config;
	enum simulation_mode include_simulation;
	enum strategy simulation_for;      /* with SIMULATION_FOR */
	/* simulation_frames: each simulation goes out ahead of the
	 * response as a $/simulation notification, the result holding
	 * {"frame": k} in its place (when work offers frames and the
	 * response is a line of its own; else written in place). */
	int simulation_frames;
	struct bell_locks locks;
	struct bell_previous previous;
	int include_difficulty;            /* each arrangement's difficulty */
	/* Cancel/stop checks and progress (borrowed; NULL: none).  Work
	 * stops between strategies, inside the search and between the
	 * players of a simulation; the request then fails ERR_CANCELLED. */
	const struct vb_work *work;
};

/*
 * Runs the pipeline and writes the result object into out.  Returns 0,
 * or -1 with err filled (ERR_NO_NOTES for a score without notes,
 * ERR_NO_MEMORY when memory runs out).
 */
int arrange_write(const struct arrange_request *req, struct json_out *out,
    struct vb_error *err);

#endif
