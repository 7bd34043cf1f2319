/*
 * line_reader.c - bounded line framing.
 *
 * The buffer never grows past max + one read chunk: once the bytes of a
 * line without LF exceed max, they are dropped and the reader skips to
 * the next LF, reporting LINE_TOO_LONG once.  Without this a client (or a
 * stray binary file piped in) could make the daemon allocate without
 * bound.
 */
#include <stdlib.h>
#include <string.h>

#include "line_reader.h"

#define READ_CHUNK (64u * 1024u)

void
line_reader_init(struct line_reader *lr, size_t max)
{
	memset(lr, 0, sizeof *lr);
	lr->max = max;
}

void
line_reader_fini(struct line_reader *lr)
{
	free(lr->buf);
	memset(lr, 0, sizeof *lr);
}

char *
line_reader_space(struct line_reader *lr, size_t *room)
{
	/* Move the unread tail to the front before growing. */
	if (lr->start > 0) {
		memmove(lr->buf, lr->buf + lr->start, lr->len - lr->start);
		lr->len -= lr->start;
		lr->start = 0;
	}
	/* After a big line, give its memory back: an idle daemon should not
	 * keep tens of MiB for a request that is long gone. */
	if (lr->cap > 4 * READ_CHUNK && lr->len + READ_CHUNK <= lr->cap / 4) {
		size_t cap = 2 * READ_CHUNK;
		char *nb;

		while (cap < lr->len + READ_CHUNK)
			cap *= 2;
		if ((nb = realloc(lr->buf, cap)) != NULL) {
			lr->buf = nb;
			lr->cap = cap;
		}
	}
	if (lr->cap - lr->len < READ_CHUNK) {
		size_t want = lr->len + READ_CHUNK;
		size_t cap = lr->cap ? lr->cap : READ_CHUNK;
		while (cap < want)
			cap *= 2;
		char *nb = realloc(lr->buf, cap);
		if (nb == NULL)
			return NULL;
		lr->buf = nb;
		lr->cap = cap;
	}
	*room = lr->cap - lr->len;
	return lr->buf + lr->len;
}

void
line_reader_commit(struct line_reader *lr, size_t n)
{
	lr->len += n;
}

static void
strip_cr(const char *line, size_t *len)
{
	if (*len > 0 && line[*len - 1] == '\r')
		(*len)--;
}

enum line_status
line_reader_next(struct line_reader *lr, const char **line, size_t *len)
{
	for (;;) {
		char *from = lr->buf + lr->start + lr->scanned;
		size_t avail = lr->len - lr->start - lr->scanned;
		char *lf = avail ? memchr(from, '\n', avail) : NULL;

		if (lf == NULL) {
			lr->scanned += avail;
			/* max + 1: a line of exactly max bytes may be followed
			 * by the CR of a CRLF before its LF arrives; dropping
			 * it then would make the answer depend on where a read
			 * boundary fell. */
			if (lr->scanned > lr->max + 1) {
				/* Over the limit with no end in sight: drop it. */
				lr->discarding = 1;
				lr->start = lr->len = lr->scanned = 0;
			}
			return LINE_NEED_MORE;
		}
		size_t n = (size_t)(lf - (lr->buf + lr->start));
		const char *l = lr->buf + lr->start;
		lr->start += n + 1;
		lr->scanned = 0;
		if (lr->discarding) {
			lr->discarding = 0;
			return LINE_TOO_LONG;
		}
		strip_cr(l, &n);
		if (n > lr->max)
			return LINE_TOO_LONG;
		*line = l;
		*len = n;
		return LINE_OK;
	}
}

enum line_status
line_reader_last(struct line_reader *lr, const char **line, size_t *len)
{
	size_t n = lr->len - lr->start;

	if (lr->discarding) {
		lr->discarding = 0;
		lr->start = lr->len = lr->scanned = 0;
		return LINE_TOO_LONG;
	}
	if (n == 0)
		return LINE_NEED_MORE;
	*line = lr->buf + lr->start;
	lr->start = lr->len;
	lr->scanned = 0;
	strip_cr(*line, &n);
	*len = n;
	return n > lr->max ? LINE_TOO_LONG : LINE_OK;
}
