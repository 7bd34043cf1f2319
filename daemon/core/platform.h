/*
 * platform.h - every operating-system call the daemon makes outside file
 * loading lives behind these functions, so that a port (Windows) is one
 * new platform_<os>.c file.
 */
#ifndef VB_PLATFORM_H
#define VB_PLATFORM_H

#include <stddef.h>
#include <sys/types.h>

/*
 * Ignores SIGPIPE (a closed stdout is an EPIPE error we handle) and
 * arranges for SIGTERM/SIGINT to be noticed only while waiting for input,
 * so that a request being served is finished and its response written.
 */
void platform_init_signals(void);

/* Non-zero once SIGTERM or SIGINT has arrived. */
int platform_stop_requested(void);

/*
 * Waits until fd is readable or a stop signal arrives.  Returns 1 when
 * readable, 0 when a stop was requested, -1 on error.
 */
int platform_wait_readable(int fd);

/* read(2) that retries on EINTR.  Returns bytes, 0 at EOF, -1 on error. */
ssize_t platform_read(int fd, void *buf, size_t len);

/*
 * Writes all of buf.  Returns 0, or -1 on error (errno EPIPE when the
 * reader has gone).
 */
int platform_write_all(int fd, const void *buf, size_t len);

/* Monotonic clock, milliseconds. */
double platform_monotonic_ms(void);

long platform_pid(void);

#endif
