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
	struct score *s;
	int owned, rc;

	if (arrange_params_parse(d, params, &req, players, err) != 0)
		return -1;
	s = upload_score_from_params(d, params, &owned, err);
	if (s == NULL)
		return -1;
	req.score = s;
	req.work = d->work;
	rc = arrange_write(&req, out, err);
	if (owned)
		score_free(s);
	return rc;
}

const struct method_entry method_arrange_entry = {
	"arrange", NULL, arrange_run,
};
