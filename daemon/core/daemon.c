/* daemon.c - the daemon's state: default limits, start and stop. */
#include <stdio.h>
#include <string.h>

#include "daemon.h"
#include "platform.h"
#include "../music/score_store.h"

void
daemon_limits_default(struct vb_limits *l)
{
	memset(l, 0, sizeof *l);
	l->max_message_bytes = 64u << 20;  /* a 5 MiB file base64'd, with room */
	l->max_file_bytes = 5u << 20;      /* upstream MAX_CONTENT_LENGTH */
	l->max_decoded_bytes = 64u << 20;  /* an .mxl member, decompressed */
	l->max_notes = 200000;             /* ~16x the largest corpus file */
	l->max_tracks = 256;
	l->max_scores = 32;
	l->max_store_bytes = 256u << 20;
	l->max_players = 64;               /* upstream MAX_PLAYERS */
	l->max_json_depth = 64;
}

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
