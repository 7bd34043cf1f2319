/*
 * engine.h - the arrangement engine: upstream's whole pipeline (capacity
 * check and expansion, five strategies, post-passes, trimming, scoring,
 * swap counts, simulation) on a loaded score, its result written straight
 * as JSON text.  The `arrange` method is its only caller besides tests.
 */
#ifndef VB_ENGINE_H
#define VB_ENGINE_H

#include <stddef.h>

#include "../core/error.h"
#include "../core/work.h"
#include "../core/json_out.h"
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

enum strategy {
	STRATEGY_EXPERIENCED_FIRST,
	STRATEGY_BALANCED,
	STRATEGY_MIN_TRANSITIONS,
	STRATEGY_FATIGUE_SNAKE,
	STRATEGY_ACTIVITY_SNAKE,
	STRATEGY_OPTIMIZED,         /* ours: a search from the best of five */
	STRATEGY_COUNT,
};
#define STRATEGY_ALL ((1u << STRATEGY_COUNT) - 1)
/* Upstream's five: a request for exactly these gets upstream's result. */
#define STRATEGY_UPSTREAM (STRATEGY_ALL & ~(1u << STRATEGY_OPTIMIZED))

/* Name and upstream description of a strategy; -1 if name is unknown. */
const char *strategy_name(enum strategy s);
const char *strategy_description(enum strategy s);
int strategy_from_name(const char *name);

/* Per-level values are indexed by LEVEL_EXPERIENCED..LEVEL_BEGINNER. */
struct arrange_config {
	int bells_per_level[3];
	int swap_gap_ms[3];
	int impossible_gap_ms;
	long search_iterations;     /* "optimized": moves drawn at most */
	int search_ms;              /* and the time it may take at most */
};

void arrange_config_default(struct arrange_config *c);

struct arrange_player {
	const char *name;          /* borrowed, non-empty, unique */
	enum player_level level;
};

struct arrange_request {
	const struct score *score;         /* borrowed, analysed */
	const struct arrange_player *players;
	size_t n_players;                  /* >= 1 */
	unsigned strategies;               /* bit (1 << enum strategy) */
	struct arrange_config config;
	int include_simulation;
	/* Cancel/stop checks and progress (borrowed; NULL: none).  Work
	 * stops between strategies, inside the search and between the
	 * players of a simulation; the request then fails ERR_CANCELLED. */
	const struct vb_work *work;
};

/*
 * Runs the pipeline and writes the result object into out.  Returns 0,
 * or -1 with err filled (ERR_NO_NOTES for a score without notes,
 * ERR_INTERNAL when memory runs out).
 */
int arrange_write(const struct arrange_request *req, struct json_out *out,
    struct vb_error *err);

#endif
