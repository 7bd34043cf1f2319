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
	size_t max_json_values;    /* parse cost of one line (see daemon.c) */
	size_t max_batch_size;     /* requests in one batch */
	size_t max_xml_nodes;      /* elements, texts, attributes of a MusicXML */
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

/*
 * The limits, one row each in the order the ready line lists them
 * (daemon.c): ready's "limits", the defaults and the command-line
 * options are made from this table.  Adding a limit is a field above and
 * a row.
 */
struct vb_limit {
	const char *name;     /* in the ready line: "max_file_bytes" */
	size_t offset;        /* of its size_t in struct vb_limits */
	size_t dflt;
	const char *option;   /* "--max-file-bytes", or NULL: not settable */
	const char *help;     /* --help's text, default included */
};
extern const struct vb_limit vb_limit_table[];
extern const size_t vb_limit_count;
size_t vb_limit_value(const struct vb_limits *limits, const struct vb_limit *l);
size_t *vb_limit_field(struct vb_limits *limits, const struct vb_limit *l);

/* Fills limits with the defaults (the table's). */
void daemon_limits_default(struct vb_limits *limits);

/* daemon_init() and daemon_fini(), which make and free the score store,
 * are in methods/daemon_state.h: core does not know the music model. */

#endif
