/*
 * serve.c - the daemon's loop: ready line, then one response per request
 * line, in arrival order, each flushed as it is written.
 *
 * Lines are taken from the line reader into a queue as soon as they are
 * read, and the queue is scanned for $/cancelRequest as lines arrive.
 * While a request runs, long work calls check() (through struct vb_work):
 * at most every CHECK_MS it reads what stdin has (without blocking) into
 * the queue, so a cancel sent after the request is noticed while it runs,
 * one thread and no locks.  A cancel for a request still queued marks it:
 * it is answered ERR_CANCELLED without running.  The same check reports
 * a stop signal and a parent that has gone.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dispatch.h"
#include "line_reader.h"
#include "serve.h"
#include "../core/log.h"
#include "../core/platform.h"
#include "../core/work.h"

/* How often long work looks at stdin and the parent (ms), and how often
 * it may report progress. */
#define CHECK_MS 2.0
#define PARENT_CHECK_MS 200.0
#define REPORT_MS 50.0
/* Only a short line can be a $/cancelRequest worth parsing ahead. */
#define CANCEL_LINE_MAX 4096

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
 * allocator's freed memory to be given back once no request has come
 * for SERVE_IDLE_TRIM_MS, so that back-to-back arranges of a long piece
 * reuse the same pages (platform_keep_freed_memory); after a line that
 * big (rare: its copy alone is megabytes) at once as well. */
#define SERVE_TRIM_BYTES (1u << 20)
#define SERVE_IDLE_TRIM_MS 250

struct queued_line {
	char *text;               /* owned; NULL: a line over the limit */
	size_t len;
	json_t *cancel_id;        /* a $/cancelRequest: the id it names */
	struct queued_line *next;
};

struct server {
	struct daemon *d;
	int in_fd, out_fd;
	struct line_reader lr;
	struct json_out o;
	struct queued_line *head, *tail;
	size_t queued_bytes;
	int eof;                  /* stdin has ended (seen ahead) */
	int read_failed;
	json_t *cancels;          /* ids named by cancels still queued */

	int running;              /* a request is being served */
	json_t *cur_id;           /* its id (new reference) or NULL */
	json_t *token;            /* its progress_token (new ref) or NULL */
	enum work_state state;
	int end_pending;          /* progress end once the response is out */
	int progress_ended;       /* "end" was sent */
	int trim_pending;         /* a big response's memory to give back
	                             when idle */
	double last_check_ms, last_parent_ms, last_report_ms;
	char last_message[64];
	struct vb_work work;
};

/* Sends what o holds as one line and empties o (keeping a modest buffer
 * for the next response).  Returns 0, or -1 if out_fd is closed/broken. */
static int
send_line(int out_fd, struct json_out *o)
{
	int rc;

	json_out_raw_value(o, "\n", 1);
	if (o->failed) {
		static const char oom[] = "{\"jsonrpc\":\"2.0\",\"id\":null,"
		    "\"error\":{\"code\":-32603,\"message\":\"Out of memory "
		    "writing the response\",\"data\":{\"code\":"
		    "\"ERR_NO_MEMORY\"}}}\n";

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

/* ---- progress ---------------------------------------------------- */

static void
write_progress(struct server *sv, const char *kind, const char *message,
    int percentage)
{
	json_t *value = json_pack("{s:s}", "kind", kind);
	json_t *note;

	if (value == NULL)
		return;
	if (strcmp(kind, "begin") == 0)
		json_object_set_new(value, "title", json_string(message));
	else if (message != NULL)
		json_object_set_new(value, "message", json_string(message));
	if (percentage >= 0)
		json_object_set_new(value, "percentage",
		    json_integer(percentage > 100 ? 100 : percentage));
	note = json_pack("{s:s, s:s, s:{s:O, s:o}}", "jsonrpc", "2.0",
	    "method", "$/progress", "params", "token", sv->token,
	    "value", value);
	if (note != NULL)
		(void)serve_write(sv->out_fd, note);
	json_decref(note);
}

/* Part of a response already went out: a notification now would land
 * inside its line. */
static int
response_started(const struct server *sv)
{
	return sv->o.streaming && sv->o.sent > 0;
}

static void
work_progress_cb(void *ctx, const char *message, int percentage)
{
	struct server *sv = ctx;
	double now;

	if (sv->token == NULL || response_started(sv))
		return;
	/* Each new step is reported; a step that reports as it goes (the
	 * search) at most every REPORT_MS. */
	now = platform_monotonic_ms();
	if (strcmp(message, sv->last_message) == 0 &&
	    now - sv->last_report_ms < REPORT_MS)
		return;
	sv->last_report_ms = now;
	snprintf(sv->last_message, sizeof sv->last_message, "%s", message);
	write_progress(sv, "report", message, percentage);
}

/*
 * A simulation sent ahead of its response (arrange's simulation_frames):
 * {"jsonrpc":"2.0","method":"$/simulation","params":{"id":ID,"frame":K,
 * "simulation":TEXT}}, a line of its own.  The head is written in this
 * fixed order so that a client can read id and frame from the first
 * bytes and keep the rest unparsed until it is wanted.
 */
static int
work_frame_cb(void *ctx, int index, const char *text, size_t n)
{
	struct server *sv = ctx;
	struct json_out head;
	int rc;

	/* The object is left open at the simulation's key: the text goes
	 * out as it is, with no copy into the head. */
	json_out_init(&head);
	json_out_begin_object(&head);
	json_out_key_string(&head, "jsonrpc", "2.0");
	json_out_key_string(&head, "method", "$/simulation");
	json_out_key_object(&head, "params");
	json_out_key(&head, "id");
	json_out_value(&head, sv->cur_id != NULL ? sv->cur_id : json_null());
	json_out_key_int(&head, "frame", index);
	json_out_key(&head, "simulation");
	rc = head.failed ? -1 : write_out(sv->out_fd, head.buf, head.len);
	json_out_free(&head);
	if (rc == 0)
		rc = write_out(sv->out_fd, text, n);
	if (rc == 0)
		rc = write_out(sv->out_fd, "}}\n", 3);
	return rc;
}

/* ---- the queue of lines read ahead -------------------------------- */

/* The id a $/cancelRequest notification names (new reference), else
 * NULL.  Only short lines are parsed: a cancel is a few dozen bytes. */
static json_t *
cancel_target(const char *line, size_t len)
{
	static const char name[] = "$/cancelRequest";
	json_t *msg, *id = NULL, *params, *method;

	if (len > CANCEL_LINE_MAX || len < sizeof name - 1)
		return NULL;
	/* line is NUL-terminated (a NUL inside only hides a cancel). */
	if (strstr(line, name) == NULL)
		return NULL;
	msg = json_loadb(line, len, JSON_REJECT_DUPLICATES, NULL);
	method = json_object_get(msg, "method");
	params = json_object_get(msg, "params");
	if (json_is_string(method) &&
	    strcmp(json_string_value(method), name) == 0 &&
	    json_object_get(msg, "id") == NULL) {
		id = json_object_get(params, "id");
		if (json_is_string(id) || json_is_number(id))
			json_incref(id);
		else
			id = NULL;
	}
	json_decref(msg);
	return id;
}

static int
queue_line(struct server *sv, const char *line, size_t len, int too_long)
{
	struct queued_line *q = calloc(1, sizeof *q);

	if (q == NULL)
		return -1;
	if (!too_long) {
		q->text = malloc(len + 1);
		if (q->text == NULL) {
			free(q);
			return -1;
		}
		memcpy(q->text, line, len);
		q->text[len] = '\0';
		q->len = len;
		q->cancel_id = cancel_target(q->text, len);
	}
	if (q->cancel_id != NULL) {
		if (sv->running && sv->cur_id != NULL &&
		    json_equal(q->cancel_id, sv->cur_id)) {
			if (sv->state == WORK_GO)
				sv->state = WORK_CANCELLED;
		} else {
			json_array_append(sv->cancels, q->cancel_id);
		}
	}
	if (sv->tail != NULL)
		sv->tail->next = q;
	else
		sv->head = q;
	sv->tail = q;
	sv->queued_bytes += len + 1;
	return 0;
}

/* Moves every complete line the reader holds into the queue. */
static int
collect(struct server *sv)
{
	enum line_status st;
	const char *line;
	size_t len;

	while ((st = line_reader_next(&sv->lr, &line, &len)) != LINE_NEED_MORE)
		if (queue_line(sv, line, len, st == LINE_TOO_LONG) < 0)
			return -1;
	return 0;
}

/* One read of what stdin has.  Returns 0, or -1 (out of memory, read
 * error: sv->read_failed).  EOF sets sv->eof. */
static int
read_some(struct server *sv)
{
	size_t room;
	char *space = line_reader_space(&sv->lr, &room);
	ssize_t n;

	if (space == NULL) {
		log_error("out of memory reading input");
		sv->read_failed = 1;
		return -1;
	}
	n = platform_read(sv->in_fd, space, room);
	if (n < 0 && errno == EINTR &&
	    (platform_stop_requested() || platform_parent_gone()))
		return 0;   /* Windows: a stop event cancelled the read */
	if (n < 0) {
		log_error("reading stdin: %s", strerror(errno));
		sv->read_failed = 1;
		return -1;
	}
	if (n == 0) {
		sv->eof = 1;
		return 0;
	}
	line_reader_commit(&sv->lr, (size_t)n);
	return collect(sv);
}

static struct queued_line *
queue_pop(struct server *sv)
{
	struct queued_line *q = sv->head;

	if (q == NULL)
		return NULL;
	sv->head = q->next;
	if (sv->head == NULL)
		sv->tail = NULL;
	sv->queued_bytes -= q->len + 1;
	/* Every request queued before this cancel has been served: the id
	 * no longer names one waiting. */
	if (q->cancel_id != NULL) {
		size_t i;
		json_t *v;

		json_array_foreach(sv->cancels, i, v)
			if (json_equal(v, q->cancel_id)) {
				json_array_remove(sv->cancels, i);
				break;
			}
	}
	return q;
}

static void
queued_free(struct queued_line *q)
{
	if (q == NULL)
		return;
	free(q->text);
	json_decref(q->cancel_id);
	free(q);
}

/* ---- the checks long work makes ----------------------------------- */

static enum work_state
work_check_cb(void *ctx)
{
	struct server *sv = ctx;
	double now;

	if (sv->state != WORK_GO)
		return sv->state;
	if (platform_stop_requested()) {
		sv->state = WORK_STOPPING;
		return sv->state;
	}
	now = platform_monotonic_ms();
	if (now - sv->last_parent_ms >= PARENT_CHECK_MS) {
		sv->last_parent_ms = now;
		if (platform_parent_gone()) {
			sv->state = WORK_STOPPING;
			return sv->state;
		}
	}
	if (now - sv->last_check_ms < CHECK_MS)
		return WORK_GO;
	sv->last_check_ms = now;
	/* Read ahead while what is queued is within one message's bound, so
	 * a client that pipelines far ahead cannot make us hold more. */
	while (!sv->eof && !sv->read_failed &&
	    sv->queued_bytes <= sv->d->limits.max_message_bytes &&
	    sv->state == WORK_GO && platform_poll_readable(sv->in_fd) == 1)
		if (read_some(sv) < 0)
			break;
	return sv->state;
}

static void
work_begin_cb(void *ctx, const char *method, const json_t *id,
    const json_t *params)
{
	struct server *sv = ctx;
	json_t *token = json_object_get(params, "progress_token");
	size_t i;
	json_t *v;

	sv->running = 1;
	sv->state = WORK_GO;
	sv->progress_ended = 0;
	sv->cur_id = id != NULL ? json_incref((json_t *)id) : NULL;
	if (id != NULL)
		json_array_foreach(sv->cancels, i, v)
			if (json_equal(v, id))
				sv->state = WORK_CANCELLED;
	if (platform_stop_requested())
		sv->state = WORK_STOPPING;
	sv->last_check_ms = sv->last_report_ms = platform_monotonic_ms();
	sv->last_message[0] = '\0';
	if (json_is_string(token) || json_is_integer(token)) {
		sv->token = json_incref(token);
		write_progress(sv, "begin", method, 0);
	}
}

/* Progress ends: once per request, before its response where possible. */
static void
work_done_cb(void *ctx)
{
	struct server *sv = ctx;

	if (sv->token == NULL || sv->progress_ended || response_started(sv))
		return;
	write_progress(sv, "end", NULL, 100);
	sv->progress_ended = 1;
}

/* The request is over: nothing of it is kept. */
static void
release_request(struct server *sv)
{
	json_decref(sv->token);
	sv->token = NULL;
	json_decref(sv->cur_id);
	sv->cur_id = NULL;
	sv->running = 0;
	sv->state = WORK_GO;
}

static void
work_end_cb(void *ctx)
{
	struct server *sv = ctx;

	if (sv->token != NULL && !sv->progress_ended) {
		if (response_started(sv)) {
			sv->end_pending = 1;
			return;   /* the token is released after the line */
		}
		write_progress(sv, "end", NULL, 100);
	}
	release_request(sv);
}

/* After a response line: a progress end that had to wait for it. */
static void
finish_pending_end(struct server *sv)
{
	if (!sv->end_pending)
		return;
	sv->end_pending = 0;
	write_progress(sv, "end", NULL, 100);
	release_request(sv);
}

/* ---- serving ------------------------------------------------------ */

/* Answers one line; returns -1 if the response could not be written. */
static int
serve_line(struct server *sv, const char *line, size_t len)
{
	size_t i;
	int rc = 0;

	/* Blank lines (only spaces and tabs) are ignored. */
	for (i = 0; i < len; i++)
		if (line[i] != ' ' && line[i] != '\t')
			break;
	if (i == len)
		return 0;
	/* Stop signals interrupt long work only while a request runs; at
	 * other times they wait for the next wait for input. */
	platform_allow_stop(1);
	if (dispatch_line(sv->d, line, len, &sv->o) != 0) {
		sv->trim_pending |= sv->o.len + sv->o.sent >= SERVE_TRIM_BYTES;
		rc = send_line(sv->out_fd, &sv->o);
	}
	platform_allow_stop(0);
	finish_pending_end(sv);
	sv->trim_pending |= len >= SERVE_TRIM_BYTES;
	return rc;
}

static int
serve_too_large(struct server *sv)
{
	dispatch_too_large(sv->d, &sv->o);
	log_warn("skipped a message over %zu bytes",
	    sv->d->limits.max_message_bytes);
	return send_line(sv->out_fd, &sv->o);
}

static int
should_stop(void)
{
	if (platform_stop_requested()) {
		log_info("stop signal received, exiting");
		return 1;
	}
	if (platform_parent_gone()) {
		log_info("parent process is gone, exiting");
		return 1;
	}
	return 0;
}

/*
 * One turn of the loop: serve a queued line, or wait for stdin and read.
 * Returns 1 to go on, 0 to end with *status (0, or 1 after a failure).
 */
static int
serve_step(struct server *sv, int *status)
{
	struct queued_line *q;
	int rc, timeout;

	if (should_stop())
		return 0;
	if (sv->read_failed) {
		*status = 1;
		return 0;
	}
	q = queue_pop(sv);
	if (q != NULL) {
		size_t len = q->len;

		rc = q->text != NULL ? serve_line(sv, q->text, q->len)
		                     : serve_too_large(sv);
		queued_free(q);
		/* A line that big is rare, its copy megabytes: give it back
		 * now (and once idle what the reader frees later). */
		if (len >= SERVE_TRIM_BYTES)
			platform_release_memory();
		return rc < 0 || sv->d->shutdown_requested ? 0 : 1;
	}
	if (sv->eof) {
		/* EOF: answer an unterminated last line, then end. */
		const char *line;
		size_t len;
		enum line_status st = line_reader_last(&sv->lr, &line, &len);

		if (st == LINE_OK)
			serve_line(sv, line, len);
		else if (st == LINE_TOO_LONG)
			serve_too_large(sv);
		return 0;
	}
	/* With a parent to watch, wake up now and then to look; with memory
	 * to give back, once idle. */
	timeout = platform_watching_parent() ? (int)PARENT_CHECK_MS : -1;
	if (sv->trim_pending && (timeout < 0 || timeout > SERVE_IDLE_TRIM_MS))
		timeout = SERVE_IDLE_TRIM_MS;
	rc = platform_wait_readable(sv->in_fd, timeout);
	if (rc == 2 && sv->trim_pending) {
		platform_release_memory();
		sv->trim_pending = 0;
	}
	if (rc == 0 || rc == 2)
		return 1;   /* stop, or time to look at the parent */
	if (rc < 0) {
		log_error("waiting for stdin: %s", strerror(errno));
		*status = 1;
		return 0;
	}
	if (read_some(sv) < 0) {
		*status = 1;
		return 0;
	}
	return 1;
}

/* The status a write failure to stdout turns into (EPIPE is an end). */
static int
out_status(int status)
{
	if (out_errno != 0 && out_errno != EPIPE) {
		log_error("writing stdout: %s", strerror(out_errno));
		return 1;
	}
	return status;
}

int
serve(struct daemon *d, int in_fd, int out_fd)
{
	struct server sv;
	int status = 0;
	json_t *ready = ready_notification(d);

	memset(&sv, 0, sizeof sv);
	sv.d = d;
	sv.in_fd = in_fd;
	sv.out_fd = out_fd;
	sv.cancels = json_array();
	sv.work = (struct vb_work){ work_begin_cb, work_end_cb, work_check_cb,
	    work_progress_cb, work_done_cb, &sv, work_frame_cb };
	platform_tune_output(out_fd);
	platform_keep_freed_memory();
	if (ready == NULL || sv.cancels == NULL ||
	    serve_write(out_fd, ready) < 0) {
		json_decref(ready);
		json_decref(sv.cancels);
		return out_status(0);
	}
	json_decref(ready);
	line_reader_init(&sv.lr, d->limits.max_message_bytes);
	json_out_init(&sv.o);
	json_out_set_sink(&sv.o, sink_fd, &sv.out_fd);
	d->work = &sv.work;
	while (serve_step(&sv, &status))
		;
	d->work = NULL;
	while (sv.head != NULL)
		queued_free(queue_pop(&sv));
	json_decref(sv.cancels);
	json_decref(sv.token);
	json_decref(sv.cur_id);
	json_out_free(&sv.o);
	line_reader_fini(&sv.lr);
	return out_status(status);
}
