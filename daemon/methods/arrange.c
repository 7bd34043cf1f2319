/*
 * arrange.c - the `arrange` method: the score (held, or uploaded inline),
 * the checked params, and the engine writing its result as text.
 */
#include <stdio.h>

#include "method.h"
#include "arrange_params.h"
#include "upload.h"
#include "../music/score_store.h"

static int
arrange_run(struct daemon *d, json_t *params, struct json_out *out,
    struct vb_error *err)
{
	struct arrange_player players[ARRANGE_MAX_PLAYERS];
	struct arrange_request req;

	if (arrange_params_parse(d, params, &req, players, err) != 0)
		return -1;
	req.score = upload_score_from_params(d, params, err);
	if (req.score == NULL)
		return -1;
	return arrange_write(&req, out, err);
}

const struct method_entry method_arrange_entry = {
	"arrange", NULL, arrange_run,
};
