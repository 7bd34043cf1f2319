/*
 * daemon.h - the state one daemon process holds: its limits, its score
 * store and its lifecycle flags.  Handlers receive it borrowed.
 */
#ifndef VB_DAEMON_H
#define VB_DAEMON_H

#include <stddef.h>
#include <stdint.h>

struct score_store;
struct vb_work;

/* Every limit that bounds memory or time; all are in the ready message. */
struct vb_limits {
	size_t max_message_bytes;  /* one protocol line (--max-message-bytes) */
	size_t max_file_bytes;     /* one uploaded file (--max-file-bytes) */
	size_t max_decoded_bytes;  /* an .mxl member after decompression */
	size_t max_notes;          /* rung notes in one score */
	size_t max_tracks;         /* MIDI tracks / MusicXML parts */
	size_t max_scores;         /* scores held at once (LRU beyond) */
	size_t max_store_bytes;    /* bytes held by the score store */
	size_t max_players;        /* players in one arrange request */
	size_t max_json_depth;     /* nesting of one request */
};

struct daemon {
	struct vb_limits limits;
	struct score_store *store;  /* owned */
	double start_monotonic_ms;  /* for ping's uptime */
	int shutdown_requested;     /* set by the shutdown method */
	/* The serve loop's stop/cancel checks and progress (borrowed; NULL
	 * from the command line): long work polls it. */
	const struct vb_work *work;
	char instance[16];          /* this process's random tag in score ids */
};

/* Fills limits with the defaults (see daemon.c for their origin). */
void daemon_limits_default(struct vb_limits *limits);

/* Returns 0, or -1 when the store cannot be made. */
int daemon_init(struct daemon *d, const struct vb_limits *limits);
void daemon_fini(struct daemon *d);

#endif
