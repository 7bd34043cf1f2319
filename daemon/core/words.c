/* words.c - joining a vocabulary's names (words.h). */
#include <stdio.h>
#include <string.h>

#include "words.h"

const char *
words_join(char *buf, size_t size, word_at_fn at, const char *sep,
    const char *last, const char *quote)
{
	size_t off = 0, n = 0;

	while (at(n) != NULL)
		n++;
	buf[0] = '\0';
	for (size_t i = 0; i < n && off < size; i++) {
		int w = snprintf(buf + off, size - off, "%s%s%s%s",
		    i == 0 ? "" : i + 1 == n ? last : sep, quote, at(i), quote);
		if (w < 0)
			break;
		off += (size_t)w;
	}
	return buf;
}

int
words_index(const void *rows, size_t n, size_t stride, const char *name)
{
	const char *row = rows;

	for (size_t i = 0; i < n; i++, row += stride) {
		const char *word;

		memcpy(&word, row, sizeof word);
		if (strcmp(word, name) == 0)
			return (int)i;
	}
	return -1;
}
