/*
 * serve.c - the daemon's loop: ready line, then one response per request
 * line, in arrival order, each flushed as it is written.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "dispatch.h"
#include "line_reader.h"
#include "serve.h"
#include "../core/log.h"
#include "../core/platform.h"

/* Why the last write to stdout failed (0: none failed).  EPIPE, the
 * reader gone, is a normal end; anything else (a full disk under a
 * redirected stdout) is said on stderr and ends the daemon with status 1. */
static int out_errno;

static int
write_out(int fd, const char *text, size_t n)
{
	if (platform_write_all(fd, text, n) == 0)
		return 0;
	if (out_errno == 0)
		out_errno = errno != 0 ? errno : EIO;
	return -1;
}

/* Requests whose line or response was at least this big leave the
 * allocator's freed memory to be given back. */
#define SERVE_TRIM_BYTES (1u << 20)

/* Sends what o holds as one line and empties o (keeping a modest buffer
 * for the next response).  Returns 0, or -1 if out_fd is closed/broken. */
static int
send_line(int out_fd, struct json_out *o)
{
	int rc;

	json_out_raw_value(o, "\n", 1);
	if (o->failed) {
		static const char oom[] = "{\"jsonrpc\":\"2.0\",\"error\":"
		    "{\"code\":-32603,\"message\":\"Out of memory writing the "
		    "response\",\"data\":{\"code\":\"ERR_NO_MEMORY\"}},"
		    "\"id\":null}\n";

		log_error("out of memory writing a response");
		json_out_free(o);
		return write_out(out_fd, oom, sizeof oom - 1);
	}
	/* One write for line and LF keeps a small line whole for readers
	 * that split on read boundaries (a streamed one is already partly
	 * out: readers must join pieces in any case). */
	rc = write_out(out_fd, o->buf, o->len);
	json_out_clear(o);
	return rc;
}

/* The writer's sink: a large response goes out while it is written. */
static int
sink_fd(void *ctx, const char *text, size_t n)
{
	return write_out(*(int *)ctx, text, n);
}

int
serve_write(int out_fd, const json_t *v)
{
	struct json_out o;
	int rc;

	json_out_init(&o);
	json_out_value(&o, v);
	rc = send_line(out_fd, &o);
	json_out_free(&o);
	return rc;
}

/* Answers one line; returns -1 if the response could not be written. */
static int
serve_line(struct daemon *d, int out_fd, struct json_out *o, const char *line,
    size_t len)
{
	size_t i;

	/* Blank lines (only spaces and tabs) are ignored. */
	for (i = 0; i < len; i++)
		if (line[i] != ' ' && line[i] != '\t')
			break;
	if (i == len)
		return 0;
	int big = len >= SERVE_TRIM_BYTES, rc = 0;

	if (dispatch_line(d, line, len, o) != 0) {
		big |= o->len >= SERVE_TRIM_BYTES;
		rc = send_line(out_fd, o);
	}
	if (big)
		platform_release_memory();
	return rc;
}

static int
serve_too_large(struct daemon *d, int out_fd, struct json_out *o)
{
	dispatch_too_large(d, o);
	log_warn("skipped a message over %zu bytes",
	    d->limits.max_message_bytes);
	return send_line(out_fd, o);
}

int
serve(struct daemon *d, int in_fd, int out_fd)
{
	struct line_reader lr;
	struct json_out o;
	const char *line;
	size_t len;
	int status = 0;
	json_t *ready = ready_notification(d);

	platform_tune_output(out_fd);
	if (serve_write(out_fd, ready) < 0) {
		json_decref(ready);
		if (out_errno != 0 && out_errno != EPIPE) {
			log_error("writing stdout: %s", strerror(out_errno));
			return 1;
		}
		return 0;
	}
	json_decref(ready);
	line_reader_init(&lr, d->limits.max_message_bytes);
	json_out_init(&o);
	json_out_set_sink(&o, sink_fd, &out_fd);

	for (;;) {
		enum line_status st;
		int rc = 0;

		/* Answer every complete line already buffered. */
		while ((st = line_reader_next(&lr, &line, &len)) != LINE_NEED_MORE) {
			rc = st == LINE_OK ? serve_line(d, out_fd, &o, line, len)
			                   : serve_too_large(d, out_fd, &o);
			if (rc < 0 || d->shutdown_requested)
				goto out;
		}

		int ready_fd = platform_wait_readable(in_fd);
		if (ready_fd == 0) {
			log_info("stop signal received, exiting");
			goto out;
		}
		size_t room;
		char *space = line_reader_space(&lr, &room);
		if (space == NULL) {
			log_error("out of memory reading input");
			status = 1;
			goto out;
		}
		ssize_t n = ready_fd < 0 ? -1 : platform_read(in_fd, space, room);
		if (n < 0 && errno == EINTR && platform_stop_requested()) {
			/* Windows: a stop event cancelled the blocking read. */
			log_info("stop signal received, exiting");
			goto out;
		}
		if (n < 0) {
			log_error("reading stdin: %s", strerror(errno));
			status = 1;
			goto out;
		}
		if (n == 0) {
			/* EOF: answer an unterminated last line, then end. */
			st = line_reader_last(&lr, &line, &len);
			if (st == LINE_OK)
				serve_line(d, out_fd, &o, line, len);
			else if (st == LINE_TOO_LONG)
				serve_too_large(d, out_fd, &o);
			goto out;
		}
		line_reader_commit(&lr, (size_t)n);
	}
out:
	json_out_free(&o);
	line_reader_fini(&lr);
	if (out_errno != 0 && out_errno != EPIPE) {
		log_error("writing stdout: %s", strerror(out_errno));
		status = 1;
	}
	return status;
}
