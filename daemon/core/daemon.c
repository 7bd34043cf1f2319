/* daemon.c - the daemon's state: default limits, start and stop. */
#include <stddef.h>
#include <string.h>

#include "daemon.h"
#include "platform.h"
#include "../music/score_store.h"

#define LIMIT(name) #name, offsetof(struct vb_limits, name)

const struct vb_limit vb_limit_table[] = {
	/* a 5 MiB file base64'd, with room */
	{ LIMIT(max_message_bytes), 64u << 20, "--max-message-bytes",
	  "longest request line (default 64 MiB)" },
	/* upstream MAX_CONTENT_LENGTH */
	{ LIMIT(max_file_bytes), 5u << 20, "--max-file-bytes",
	  "largest uploaded file (default 5 MiB)" },
	/* an .mxl member, decompressed */
	{ LIMIT(max_decoded_bytes), 64u << 20, NULL, NULL },
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
