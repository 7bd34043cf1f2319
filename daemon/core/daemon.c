/* daemon.c - the daemon's state: default limits, start and stop. */
#include <string.h>

#include "daemon.h"
#include "platform.h"
#include "../music/score_store.h"

void
daemon_limits_default(struct vb_limits *l)
{
	/*
	 * Chosen from what real use needs and what each costs, so that no
	 * request within them takes the daemon over 512 MiB (the worst case
	 * of each is in make bench, tests/bench/bench-memory.sh):
	 * - a message: a 5 MiB song is 6.7 MiB of base64; the largest is an
	 *   export handed back a whole arrangement with its simulation, about
	 *   125 bytes and 8 values per note (25 MB for 200,000 notes);
	 * - values: jansson spends about 48 bytes on a number, 90 on a string
	 *   and 230 on an object, so a line's cost counts a value 1, a string
	 *   2 and an object 5: 4,000,000 is under 200 MiB of tree, and the
	 *   simulation of 200,000 notes needs about 3,300,000;
	 * - a MusicXML tree: libxml2 spends about 140 bytes a node; the
	 *   largest real MusicXML in the corpus is 350 KB (about 25,000
	 *   nodes), 200,000 notes written tersely 1,600,000.
	 */
	memset(l, 0, sizeof *l);
	l->max_message_bytes = 32u << 20;
	l->max_file_bytes = 5u << 20;      /* upstream MAX_CONTENT_LENGTH */
	l->max_decoded_bytes = 32u << 20;  /* an .mxl member, decompressed */
	l->max_notes = 200000;             /* ~16x the largest corpus file */
	l->max_tracks = 256;
	l->max_scores = 32;
	l->max_store_bytes = 256u << 20;
	l->max_players = 64;               /* upstream MAX_PLAYERS */
	l->max_json_depth = 64;
	l->max_json_values = 4000000;
	l->max_batch_size = 1000;
	l->max_xml_nodes = 2000000;
}

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
