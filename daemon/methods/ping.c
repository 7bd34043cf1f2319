/* ping.c - liveness: upstream's /api/health body plus uptime. */
#include "method.h"
#include "../core/platform.h"
#include "../core/version.h"

static json_t *
ping_run(struct daemon *d, json_t *params, struct vb_error *err)
{
	(void)params;
	(void)err;
	return json_pack("{s:s, s:s, s:I}",
	    "status", "healthy",
	    "version", VB_VERSION_STRING,
	    "uptime_ms",
	    (json_int_t)(platform_monotonic_ms() - d->start_monotonic_ms));
}

const struct method_entry method_ping_entry = {
	.name = "ping",
	.run = ping_run,
};
