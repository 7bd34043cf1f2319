/*
 * choir_params.h - the `arrange` params of choir mode (choir_params.c):
 * bell_set, octave_shift, out_of_range, tracks, include_musical_time and
 * config.max_bell_weight_oz.
 */
#ifndef VB_CHOIR_PARAMS_H
#define VB_CHOIR_PARAMS_H

#include <jansson.h>

#include "../core/error.h"
#include "../engine/engine.h"
#include "../music/choir.h"

struct choir_params {
	int active;                 /* any choir parameter given */
	struct choir_request req;
	json_t *tracks;             /* borrowed from params; NULL: all */
	int include_musical_time;
	int beginner_weight_given;
	unsigned char *rung;        /* owned, per track, once resolved */
};

/*
 * Reads the choir params (the score is not needed yet).  Returns 0, or
 * -1 with err: ERR_INVALID_BELL_SET, ERR_INVALID_OCTAVE_SHIFT,
 * ERR_INVALID_OUT_OF_RANGE, ERR_INVALID_TRACK, ERR_INVALID_PARAMS.
 */
int choir_params_parse(json_t *params, struct choir_params *cp,
    struct vb_error *err);

/*
 * Resolves `tracks` against the score (indices into its tracks, or their
 * names) into cp->rung, and applies choir mode's defaults to the config
 * (beginners' weight limit).  0, or -1 with err (ERR_INVALID_TRACK).
 */
int choir_params_resolve(struct choir_params *cp, const struct score *s,
    struct arrange_config *config, struct vb_error *err);

void choir_params_fini(struct choir_params *cp);

#endif
