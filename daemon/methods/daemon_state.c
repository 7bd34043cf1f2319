/* daemon_state.c - the daemon's state: start and stop (daemon_state.h). */
#include <stdio.h>
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
	if (d->store == NULL)
		return -1;
	/* A per-process random tag in every score id: a window still
	 * holding an id from before a restart gets ERR_UNKNOWN_SCORE, never
	 * some other song that happens to be "s1" now. */
	unsigned char r[4];
	platform_random_bytes(r, sizeof r);
	snprintf(d->instance, sizeof d->instance, "%02x%02x%02x%02x", r[0], r[1],
	    r[2], r[3]);
	score_store_set_tag(d->store, d->instance);
	return 0;
}

void
daemon_fini(struct daemon *d)
{
	score_store_free(d->store);
	d->store = NULL;
}
