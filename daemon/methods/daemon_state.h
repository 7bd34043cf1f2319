/*
 * daemon_state.h - starting and stopping the state every method
 * receives (core/daemon.h's struct daemon): its limits and its score
 * store.  Here, not in core/, because the store is the music model's.
 */
#ifndef VB_DAEMON_STATE_H
#define VB_DAEMON_STATE_H

#include "../core/daemon.h"

/* Returns 0, or -1 when the store cannot be made. */
int daemon_init(struct daemon *d, const struct vb_limits *limits);
/* Frees the store and every score it holds. */
void daemon_fini(struct daemon *d);

#endif
