/* serve.h - the daemon's main loop over a pair of file descriptors. */
#ifndef VB_SERVE_H
#define VB_SERVE_H

#include <jansson.h>

#include "../core/daemon.h"

/*
 * Writes the ready notification, then answers lines from in_fd on out_fd
 * until EOF, shutdown, a stop signal, or a closed out_fd.  Returns the
 * process exit status (0 on every orderly end, 1 on a read error).
 */
int serve(struct daemon *d, int in_fd, int out_fd);

/* Writes v as one compact line and a LF.  Returns 0, or -1 when out_fd
 * is closed or broken. */
int serve_write(int out_fd, const json_t *v);

/* The ready notification (new reference). */
json_t *ready_notification(const struct daemon *d);

#endif
