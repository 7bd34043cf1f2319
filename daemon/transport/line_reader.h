/*
 * line_reader.h - splits a byte stream into LF-terminated lines of at most
 * max bytes, without ever buffering an over-long line whole.
 */
#ifndef VB_LINE_READER_H
#define VB_LINE_READER_H

#include <stddef.h>
#include <sys/types.h>

enum line_status {
	LINE_OK,        /* *line and *len hold one line, without LF (and CR) */
	LINE_TOO_LONG,  /* a line over max was skipped up to its LF */
	LINE_NEED_MORE, /* feed more bytes */
};

struct line_reader {
	char *buf;       /* owned */
	size_t len;      /* bytes held */
	size_t start;    /* first byte not yet returned */
	size_t scanned;  /* bytes after start known to hold no LF */
	size_t cap;
	size_t max;      /* longest line accepted */
	int discarding;  /* inside an over-long line, dropping bytes */
};

void line_reader_init(struct line_reader *lr, size_t max);
void line_reader_fini(struct line_reader *lr);

/*
 * Returns a buffer of *room bytes (at least 1) to read into; then call
 * line_reader_commit with the count read.  NULL if out of memory.
 */
char *line_reader_space(struct line_reader *lr, size_t *room);
void line_reader_commit(struct line_reader *lr, size_t n);

/*
 * Takes the next complete line.  *line is borrowed, valid until the next
 * call.  At end of input, call line_reader_last to get an unterminated
 * final line.
 */
enum line_status line_reader_next(struct line_reader *lr, const char **line,
    size_t *len);

/* After EOF: the final line without LF, if any (LINE_OK), LINE_TOO_LONG if
 * it was over max, or LINE_NEED_MORE when nothing is left. */
enum line_status line_reader_last(struct line_reader *lr, const char **line,
    size_t *len);

#endif
