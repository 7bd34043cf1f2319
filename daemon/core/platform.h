/*
 * platform.h - every operating-system call the daemon makes outside file
 * loading lives behind these functions, so that a port (Windows) is one
 * new platform_<os>.c file.
 */
#ifndef VB_PLATFORM_H
#define VB_PLATFORM_H

#include <stddef.h>
#include <sys/types.h>
#include <time.h>

/*
 * Ignores SIGPIPE (a closed stdout is an EPIPE error we handle) and
 * arranges for SIGTERM/SIGINT to be noticed while waiting for input and,
 * through platform_allow_stop, while a request is being served (long work
 * polls platform_stop_requested).  A second one stops the process at once
 * (exit status 128 + the signal's number).
 */
void platform_init_signals(void);

/* While allowed (a request is being served), a stop signal is taken at
 * once (the flag is set); otherwise it waits, pending, for the next wait
 * for input or the next allow. */
void platform_allow_stop(int allow);

/* Non-zero once SIGTERM or SIGINT has arrived (pending ones included). */
int platform_stop_requested(void);

/*
 * Waits until fd is readable or a stop signal arrives, at most timeout_ms
 * (-1: no limit).  Returns 1 when readable (or at EOF), 0 when a stop was
 * requested, 2 when the time ran out, -1 on error.
 */
int platform_wait_readable(int fd, int timeout_ms);

/* Without waiting: 1 if a read of fd would not block, 0 if it would, -1
 * on error. */
int platform_poll_readable(int fd);

/*
 * --parent-pid: watch process pid (LSP's processId); once it is gone,
 * platform_parent_gone() says so (and on Windows a blocked read of stdin
 * is cancelled, as a stop is).  Returns 0, or -1 if pid is not running.
 */
int platform_watch_parent(long pid);
int platform_watching_parent(void);
int platform_parent_gone(void);

/* n bytes from the system's random source (a weaker mix of time and pid
 * if there is none: ids must differ, not resist an attacker). */
void platform_random_bytes(void *buf, size_t n);

/* read(2) that retries on EINTR.  Returns bytes, 0 at EOF, -1 on error. */
ssize_t platform_read(int fd, void *buf, size_t len);

/*
 * Writes all of buf.  Returns 0, or -1 on error (errno EPIPE when the
 * reader has gone).
 */
int platform_write_all(int fd, const void *buf, size_t len);

/*
 * Gives an output pipe or socket a larger buffer where the system allows
 * it (1 MiB), so that a response of megabytes crosses in fewer wake-ups
 * of reader and writer.  Node gives a child's stdio as a socket pair,
 * 208 KiB by default: the daemon stalled on it every few chunks while
 * client-js read, and blupi-music004's whole path through client-js took
 * 1.8-1.9x the daemon's time (1.1-1.2x with it).  Best effort: nothing
 * happens for a file, a tty, or elsewhere.
 */
void platform_tune_output(int fd);

/* Monotonic clock, milliseconds. */
double platform_monotonic_ms(void);

/* Gives memory freed after a big request back to the system (glibc keeps
 * it in its arenas otherwise: 66 MiB held by an idle daemon). */
void platform_release_memory(void);

/*
 * Lets a busy daemon keep the memory it freed until it is idle: blocks
 * under 8 MiB come from the heap, and the heap is not trimmed while
 * requests follow each other.  Without it glibc maps a fresh block for a
 * big response's buffers every request and trims the heap's top on free:
 * over 400 page faults (0.6 ms) an arrange of blupi-music004.  The serve
 * loop gives the memory back with platform_release_memory once idle.
 */
void platform_keep_freed_memory(void);

long platform_pid(void);

/* The local time now, broken down (for timestamps people read). */
void platform_local_time(struct tm *out);

/*
 * Is code point cp a letter or digit in Unicode (Python's str.isalnum for
 * one character)?  ASCII is the caller's: this is for cp >= 0x80.
 */
int platform_unicode_isalnum(unsigned long cp);

/*
 * Terminal cells code point cp takes: 0 for combining marks, 2 for wide
 * (East Asian) characters, 1 otherwise, -1 for controls.  For the command
 * line's tables; on POSIX it needs a UTF-8 LC_CTYPE (cli_main sets it).
 */
int platform_char_width(unsigned long cp);

/* What platform_write_file_atomic ran into. */
enum platform_write_status {
	PLATFORM_WRITE_OK,
	PLATFORM_WRITE_IS_DIRECTORY,  /* path names a directory */
	PLATFORM_WRITE_NO_PARENT,     /* the parent directory does not exist */
	PLATFORM_WRITE_EXISTS,        /* a file is there and !overwrite */
	PLATFORM_WRITE_NOT_REGULAR,   /* a device, fifo, socket is there */
	PLATFORM_WRITE_DENIED,        /* permission, read-only file system */
	PLATFORM_WRITE_IO,            /* anything else (no space, I/O error) */
};

/*
 * Writes buf to path so that path holds either what it held before or
 * all of buf, whatever happens (crash, kill, power loss after return):
 * a temporary file in the same directory, written, flushed to disk, then
 * renamed over path (overwrite) or hard-linked to it (no overwrite: the
 * link fails if path exists, with no window between check and create).
 * The temporary file is removed on every error; only a kill between its
 * creation and the rename can leave one (named ".<name>.vbtmp-*").
 * Returns the status; *sys_errno gets the system error behind DENIED/IO.
 */
enum platform_write_status platform_write_file_atomic(const char *path,
    const void *buf, size_t len, int overwrite, int *sys_errno);

/* The absolute, resolved form of an existing path; new string (free()),
 * or NULL. */
char *platform_absolute_path(const char *path);

/*
 * Creates an empty private file (mode 0600) in the system's temporary
 * directory for a library that can only write to a named file, and
 * writes its name into buf.  Returns 0, or -1 (errno set).
 */
int platform_temp_file(char *buf, size_t len);

/* What platform_read_file ran into. */
enum platform_read_status {
	PLATFORM_READ_OK,
	PLATFORM_READ_NOT_FOUND,      /* no such file (or a parent missing) */
	PLATFORM_READ_NOT_REGULAR,    /* a directory, device, fifo, socket */
	PLATFORM_READ_TOO_LARGE,      /* over max bytes */
	PLATFORM_READ_DENIED,
	PLATFORM_READ_IO,
};

/*
 * Reads a whole regular file of at most max bytes into a new buffer
 * (*out, free()).  The type and size are checked on the opened file, so
 * a path swapped for a device or a growing file cannot slip past; opening
 * does not block on a fifo.  *sys_errno gets the error behind DENIED/IO.
 */
enum platform_read_status platform_read_file(const char *path, size_t max,
    unsigned char **out, size_t *out_len, int *sys_errno);

/*
 * For the platform files: reads up to want bytes of the opened file h
 * into buf and says how many in *got (0 at EOF); returns 0, or -1 with
 * *sys_errno set.
 */
typedef int (*platform_read_fn)(void *h, unsigned char *buf, size_t want,
    size_t *got, int *sys_errno);

/*
 * The rest of platform_read_file once h is open and known regular, of
 * size bytes when checked: TOO_LARGE over max or when it grows past size,
 * else the bytes read (a NUL after them) into a new *out.
 */
enum platform_read_status platform_read_sized(platform_read_fn rd, void *h,
    unsigned long long size, size_t max, unsigned char **out,
    size_t *out_len, int *sys_errno);

#endif
