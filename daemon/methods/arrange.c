/*
 * arrange.c - the `arrange` method: the score (held, or uploaded inline),
 * the checked params, and the engine writing its result as text.
 */
#include <stdio.h>

#include "method.h"
#include "arrange_params.h"
#include "params.h"
#include "upload.h"
#include "../music/score_store.h"

static int
arrange_run(struct daemon *d, json_t *params, struct json_out *out,
    struct vb_error *err)
{
	struct arrange_player players[ARRANGE_MAX_PLAYERS];
	struct arrange_request req;
	struct score *held, *inline_song = NULL;
	int rc;

	if (arrange_params_parse(d, params, &req, players, err) != 0 ||
	    param_score(d, params, PARAM_OPTIONAL, &held, err) != 0)
		return -1;
	/* Without score_id the song is given inline: read, used, freed -
	 * never stored, so it evicts no held score. */
	if (held == NULL &&
	    (inline_song = upload_score_new(d, params, err)) == NULL)
		return -1;
	req.score = held != NULL ? held : inline_song;
	rc = arrange_write(&req, out, err);
	score_free(inline_song);
	return rc;
}

const struct method_entry method_arrange_entry = {
	"arrange", NULL, arrange_run,
};
