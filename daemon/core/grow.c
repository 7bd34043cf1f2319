/* grow.c - doubling growth for flat arrays. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "grow.h"

int
grow_buf_add(struct grow_buf *b, const void *s, size_t n)
{
	if (b->failed || n > SIZE_MAX - b->len - 1 ||
	    grow_array((void **)&b->p, &b->cap, b->len + n + 1, 1) < 0) {
		b->failed = 1;
		return -1;
	}
	memcpy(b->p + b->len, s, n);
	b->len += n;
	b->p[b->len] = '\0';
	return 0;
}

int
grow_array(void **arr, size_t *cap, size_t need, size_t size)
{
	size_t ncap = *cap ? *cap : 64;
	void *n;

	if (need <= *cap)
		return 0;
	while (ncap < need) {
		if (ncap > SIZE_MAX / 2)
			return -1;
		ncap *= 2;
	}
	if (size != 0 && ncap > SIZE_MAX / size)
		return -1;
	n = realloc(*arr, ncap * size);
	if (n == NULL)
		return -1;
	*arr = n;
	*cap = ncap;
	return 0;
}
