/* ping.c - liveness: upstream's /api/health body plus uptime and the
 * number of scores held. */
#include "method.h"
#include "../core/platform.h"
#include "../core/version.h"
#include "../music/score_store.h"

static json_t *
ping_run(struct daemon *d, json_t *params, struct vb_error *err)
{
	(void)params;
	(void)err;
	return json_pack("{s:s, s:s, s:I, s:I}",
	    "status", "healthy",
	    "version", VB_VERSION_STRING,
	    "uptime_ms",
	    (json_int_t)(platform_monotonic_ms() - d->start_monotonic_ms),
	    "scores_held", (json_int_t)score_store_count(d->store));
}

const struct method_entry method_ping_entry = {
	.name = "ping",
	.run = ping_run,
};
