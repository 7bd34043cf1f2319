/*
 * arrange.c - the `arrange` method: the score (held, or uploaded inline),
 * the checked params, and the engine writing its result as text.
 */
#include <stdio.h>

#include "method.h"
#include "arrange_params.h"
#include "../music/score_store.h"

/* The score named by score_id; inline upload params come with the
 * upload method (upload_score_from_params). */
static struct score *
arrange_score(struct daemon *d, json_t *params, struct vb_error *err)
{
	json_t *id = json_object_get(params, "score_id");
	struct score *s;

	if (id == NULL) {
		vb_error_param(err, "ERR_NO_FILE", "score_id",
		    "No file provided: give score_id from upload");
		return NULL;
	}
	if (!json_is_string(id)) {
		vb_error_param(err, "ERR_INVALID_PARAMS", "score_id",
		    "score_id must be a string");
		return NULL;
	}
	s = score_store_get(d->store, json_string_value(id));
	if (s == NULL)
		vb_error_set(err, RPC_NOT_FOUND, "ERR_UNKNOWN_SCORE", "score_id",
		    "No score '%.64s' (unknown, closed or evicted)",
		    json_string_value(id));
	return s;
}

static int
arrange_run(struct daemon *d, json_t *params, struct json_out *out,
    struct vb_error *err)
{
	struct arrange_player players[ARRANGE_MAX_PLAYERS];
	struct arrange_request req;

	if (arrange_params_parse(d, params, &req, players, err) != 0)
		return -1;
	req.score = arrange_score(d, params, err);
	if (req.score == NULL)
		return -1;
	return arrange_write(&req, out, err);
}

const struct method_entry method_arrange_entry = {
	"arrange", NULL, arrange_run,
};
