/*
 * arrange_params.h - the `arrange` params check (arrange_params.c).
 */
#ifndef VB_ARRANGE_PARAMS_H
#define VB_ARRANGE_PARAMS_H

#include <jansson.h>

#include "../core/daemon.h"
#include "../core/error.h"
#include "../engine/engine.h"

/* config.py MAX_PLAYERS: the hard ceiling whatever the limit says. */
#define ARRANGE_MAX_PLAYERS 64

/*
 * Fills req (all but score) from params; players must hold
 * ARRANGE_MAX_PLAYERS entries (names borrowed from params).  Returns 0,
 * or -1 with err filled (upstream's ERR_* codes, ERR_DUPLICATE_PLAYER,
 * ERR_INVALID_STRATEGY, ERR_INVALID_CONFIG).
 */
int arrange_params_parse(const struct daemon *d, json_t *params,
    struct arrange_request *req, struct arrange_player *players,
    struct vb_error *err);

#endif
