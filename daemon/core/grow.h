/* grow.h - doubling growth: for the flat arrays loaders build, and the
 * one growable text buffer the formatters append to. */
#ifndef VB_GROW_H
#define VB_GROW_H

#include <stddef.h>

/*
 * Makes *arr (of *cap elements of size bytes) hold at least need
 * elements, doubling from 64.  Returns 0, or -1 (out of memory, or a size
 * that would overflow) with *arr and *cap unchanged.
 */
int grow_array(void **arr, size_t *cap, size_t need, size_t size);

/*
 * Text appended piece by piece, always NUL-terminated.  An append that
 * runs out of memory marks it failed; later appends then do nothing, so
 * a writer checks once at the end.  p is owned (free()); zero-initialise.
 */
struct grow_buf {
	char *p;
	size_t len, cap;
	int failed;
};
/* Returns 0, or -1 when b has failed. */
int grow_buf_add(struct grow_buf *b, const void *s, size_t n);

#endif
