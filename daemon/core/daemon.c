/* daemon.c - the limits every daemon runs under: their table and defaults. */
#include <stddef.h>
#include <string.h>

#include "daemon.h"

#define LIMIT(name) #name, offsetof(struct vb_limits, name)

/*
 * The defaults are chosen from what real use needs and what each costs,
 * so that no request within them takes the daemon over 512 MiB (the worst
 * case of each kind is in make bench, tests/bench/bench-memory.sh).
 */
const struct vb_limit vb_limit_table[] = {
	/* a 5 MiB song is 6.7 MiB of base64; the longest line is an export
	 * handed back a whole arrangement with its simulation, about 125
	 * bytes a note (25 MB for 200,000 notes) */
	{ LIMIT(max_message_bytes), 32u << 20, "--max-message-bytes",
	  "longest request line (default 32 MiB)" },
	/* upstream MAX_CONTENT_LENGTH */
	{ LIMIT(max_file_bytes), 5u << 20, "--max-file-bytes",
	  "largest uploaded file (default 5 MiB)" },
	/* an .mxl member, decompressed; the largest real MusicXML in the
	 * corpus is 350 KB */
	{ LIMIT(max_decoded_bytes), 32u << 20, NULL, NULL },
	/* ~16x the largest corpus file */
	{ LIMIT(max_notes), 200000, NULL, NULL },
	{ LIMIT(max_tracks), 256, NULL, NULL },
	{ LIMIT(max_scores), 32, "--max-scores",
	  "scores held at once (default 32)" },
	{ LIMIT(max_store_bytes), 256u << 20, "--max-store-bytes",
	  "bytes held by the score store (default 256 MiB)" },
	/* upstream MAX_PLAYERS */
	{ LIMIT(max_players), 64, NULL, NULL },
	{ LIMIT(max_json_depth), 64, NULL, NULL },
	/* jansson spends about 48 bytes on a number, 90 on a string and 230
	 * on an object, so a line's cost counts them 1, 2 and 5: under 200
	 * MiB of tree; the simulation of 200,000 notes costs about 3,300,000 */
	{ LIMIT(max_json_values), 4000000, NULL, NULL },
	/* a batch is a few related calls */
	{ LIMIT(max_batch_size), 1000, NULL, NULL },
	/* libxml2 spends about 140 bytes a node; 350 KB of real MusicXML is
	 * about 25,000 nodes, 200,000 notes written tersely 1,600,000 */
	{ LIMIT(max_xml_nodes), 2000000, NULL, NULL },
};
const size_t vb_limit_count = sizeof vb_limit_table / sizeof vb_limit_table[0];

size_t *
vb_limit_field(struct vb_limits *limits, const struct vb_limit *l)
{
	return (size_t *)((char *)limits + l->offset);
}

size_t
vb_limit_value(const struct vb_limits *limits, const struct vb_limit *l)
{
	return *(const size_t *)((const char *)limits + l->offset);
}

void
daemon_limits_default(struct vb_limits *l)
{
	memset(l, 0, sizeof *l);
	for (size_t i = 0; i < vb_limit_count; i++)
		*vb_limit_field(l, &vb_limit_table[i]) = vb_limit_table[i].dflt;
}
