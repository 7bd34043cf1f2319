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

/* Length in bytes of the UTF-8 sequence starting with lead byte c. */
static size_t
utf8_len(unsigned char c)
{
	return c < 0xc0 ? 1 : c < 0xe0 ? 2 : c < 0xf0 ? 3 : 4;
}

static int
is_alnum(const unsigned char *s, size_t n)
{
	uint32_t cp;

	if (n == 1)
		return (s[0] >= '0' && s[0] <= '9') ||
		    ((s[0] | 0x20) >= 'a' && (s[0] | 0x20) <= 'z');
	cp = s[0] & (0x7f >> n);
	for (size_t i = 1; i < n; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 0;
		cp = (cp << 6) | (s[i] & 0x3f);
	}
	return platform_unicode_isalnum(cp);
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
		const unsigned char *c = (const unsigned char *)filename + i;
		n = utf8_len(c[0]);
		if (i + n > stem)  /* a broken sequence cut by the '.' */
			n = stem - i;
		if (is_alnum(c, n)) {
			memcpy(w, c, n);
			w += n;
		} else {
			*w++ = '_';
		}
	}
	snprintf(w, cap - (size_t)(w - out), "_%s.%s", stamp, ext);
	return out;
}
