/* score_close.c - the `score.close` method: release a held score. */
#include "method.h"
#include "params.h"
#include "../music/score_store.h"

static json_t *
score_close_run(struct daemon *d, json_t *params, struct vb_error *err)
{
	struct score *s;
	const char *id = NULL;

	if (param_score(d, params, PARAM_REQUIRED, &s, err) < 0)
		return NULL;
	param_string(params, "score_id", PARAM_REQUIRED, &id, err);
	score_store_close(d->store, id);
	return json_pack("{s:b}", "closed", 1);
}

const struct method_entry method_score_close_entry = {
	.name = "score.close",
	.run = score_close_run,
};
