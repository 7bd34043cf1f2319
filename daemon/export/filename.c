/*
 * filename.c - the file name upstream suggests for a download:
 * "arrangement_<clean>_<YYYYmmdd_HHMMSS>.csv", where clean is the
 * uploaded file's name up to its first '.' with every character that is
 * not a letter or digit (Python's str.isalnum, Unicode-aware) made '_'.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "export.h"
#include "../core/platform.h"
#include "../core/utf8.h"

/* Python's str.isalnum() for one code point. */
static int
is_alnum(uint32_t cp)
{
	if (cp < 0x80)
		return (cp >= '0' && cp <= '9') ||
		    ((cp | 0x20) >= 'a' && (cp | 0x20) <= 'z');
	return cp != 0xFFFD && platform_unicode_isalnum(cp);
}

char *
export_suggested_filename(const char *filename, const char *stamp,
    const char *ext)
{
	size_t stem = strcspn(filename, ".");
	/* Each character becomes at most its own bytes. */
	size_t cap = sizeof "arrangement__." + stem + strlen(stamp) +
	    strlen(ext) + 1;
	char *out = malloc(cap), *w;

	if (out == NULL)
		return NULL;
	w = out + snprintf(out, cap, "arrangement_");
	for (size_t i = 0, n; i < stem; i += n) {
		const char *c = filename + i;
		/* A sequence cut by the '.' is invalid: one '_' a byte. */
		uint32_t cp = utf8_decode(c, stem - i, &n);

		if (is_alnum(cp)) {
			memcpy(w, c, n);
			w += n;
		} else {
			*w++ = '_';
		}
	}
	snprintf(w, cap - (size_t)(w - out), "_%s.%s", stamp, ext);
	return out;
}
