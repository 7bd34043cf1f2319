/* score_close.c - the `score.close` method: release a held score. */
#include "method.h"
#include "../music/score_store.h"

static json_t *
score_close_run(struct daemon *d, json_t *params, struct vb_error *err)
{
	json_t *id = json_object_get(params, "score_id");

	if (!json_is_string(id)) {
		vb_error_param(err, "ERR_INVALID_PARAMS", "score_id",
		    "score_id must be a string");
		return NULL;
	}
	if (score_store_close(d->store, json_string_value(id)) < 0) {
		vb_error_set(err, RPC_NOT_FOUND, "ERR_UNKNOWN_SCORE", "score_id",
		    "No score '%.64s' (unknown, closed or evicted)",
		    json_string_value(id));
		return NULL;
	}
	return json_pack("{s:b}", "closed", 1);
}

const struct method_entry method_score_close_entry = {
	.name = "score.close",
	.run = score_close_run,
};
