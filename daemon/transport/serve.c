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

int
serve_write(int out_fd, const json_t *v)
{
	char *text = json_dumps(v, JSON_COMPACT);
	int rc;

	if (text == NULL)
		return -1;
	size_t n = strlen(text);
	/* One write for line and LF keeps a line whole for readers that
	 * split on read boundaries. */
	char *line = realloc(text, n + 2);
	if (line == NULL) {
		free(text);
		return -1;
	}
	line[n] = '\n';
	line[n + 1] = '\0';
	rc = platform_write_all(out_fd, line, n + 1);
	free(line);
	return rc;
}

/* Answers one line; returns -1 if the response could not be written. */
static int
serve_line(struct daemon *d, int out_fd, const char *line, size_t len)
{
	json_t *resp;
	int rc = 0;
	size_t i;

	/* Blank lines (only spaces and tabs) are ignored. */
	for (i = 0; i < len; i++)
		if (line[i] != ' ' && line[i] != '\t')
			break;
	if (i == len)
		return 0;
	resp = dispatch_line(d, line, len);
	if (resp != NULL) {
		rc = serve_write(out_fd, resp);
		json_decref(resp);
	}
	return rc;
}

static int
serve_too_large(struct daemon *d, int out_fd)
{
	json_t *resp = dispatch_too_large(d);
	int rc = serve_write(out_fd, resp);

	json_decref(resp);
	log_warn("skipped a message over %zu bytes",
	    d->limits.max_message_bytes);
	return rc;
}

int
serve(struct daemon *d, int in_fd, int out_fd)
{
	struct line_reader lr;
	const char *line;
	size_t len;
	int status = 0;
	json_t *ready = ready_notification(d);

	if (serve_write(out_fd, ready) < 0) {
		json_decref(ready);
		return 0;
	}
	json_decref(ready);
	line_reader_init(&lr, d->limits.max_message_bytes);

	for (;;) {
		enum line_status st;
		int rc = 0;

		/* Answer every complete line already buffered. */
		while ((st = line_reader_next(&lr, &line, &len)) != LINE_NEED_MORE) {
			rc = st == LINE_OK ? serve_line(d, out_fd, line, len)
			                   : serve_too_large(d, out_fd);
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
		if (n < 0) {
			log_error("reading stdin: %s", strerror(errno));
			status = 1;
			goto out;
		}
		if (n == 0) {
			/* EOF: answer an unterminated last line, then end. */
			st = line_reader_last(&lr, &line, &len);
			if (st == LINE_OK)
				serve_line(d, out_fd, line, len);
			else if (st == LINE_TOO_LONG)
				serve_too_large(d, out_fd);
			goto out;
		}
		line_reader_commit(&lr, (size_t)n);
	}
out:
	line_reader_fini(&lr);
	return status;
}
