/* daemon_state.c - the daemon's state: start and stop (daemon_state.h). */
#include <string.h>

#include "daemon_state.h"
#include "../core/platform.h"
#include "../music/score_store.h"

int
daemon_init(struct daemon *d, const struct vb_limits *limits)
{
	memset(d, 0, sizeof *d);
	d->limits = *limits;
	d->start_monotonic_ms = platform_monotonic_ms();
	d->store = score_store_new(limits->max_scores, limits->max_store_bytes);
	return d->store != NULL ? 0 : -1;
}

void
daemon_fini(struct daemon *d)
{
	score_store_free(d->store);
	d->store = NULL;
}
