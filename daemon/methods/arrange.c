/*
 * arrange.c - the `arrange` method: the score (held, or uploaded inline),
 * the checked params, in choir mode the choir's transformed score, and
 * the engine writing its result as text.
 */
#include <stdio.h>
#include <string.h>

#include "method.h"
#include "arrange_params.h"
#include "choir_params.h"
#include "params.h"
#include "upload.h"
#include "../music/score_store.h"

static int
arrange_run(struct daemon *d, json_t *params, struct json_out *out,
    struct vb_error *err)
{
	struct arrange_player players[ARRANGE_MAX_PLAYERS];
	struct arrange_request req;
	struct arrange_choir choir;
	struct choir_params cp;
	struct choir_report rep;
	struct score *held, *inline_song = NULL, *rung = NULL;
	const struct score *s;
	int rc = -1;

	memset(&rep, 0, sizeof rep);
	if (arrange_params_parse(d, params, &req, players, err) != 0 ||
	    choir_params_parse(params, &cp, err) != 0 ||
	    param_score(d, params, PARAM_OPTIONAL, &held, err) != 0)
		return -1;
	/* Without score_id the song is given inline: read, used, freed -
	 * never stored, so it evicts no held score. */
	if (held == NULL &&
	    (inline_song = upload_score_new(d, params, err)) == NULL)
		return -1;
	s = req.score = held != NULL ? held : inline_song;
	req.work = d->work;
	if (cp.active) {
		/* Choir mode: the engine arranges the notes the choir rings. */
		if (choir_params_resolve(&cp, s, &req.config, err) != 0 ||
		    choir_transform(s, &cp.req, &rung, &rep, err) != 0)
			goto out;
		choir = (struct arrange_choir){ &cp.req, &rep, s,
			cp.include_musical_time };
		req.score = rung;
		req.choir = &choir;
	}
	rc = arrange_write(&req, out, err);
out:
	choir_report_fini(&rep);
	score_free(rung);
	choir_params_fini(&cp);
	score_free(inline_song);
	return rc;
}

const struct method_entry method_arrange_entry = {
	"arrange", NULL, arrange_run,
};
