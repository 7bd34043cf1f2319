/*
 * detect.c - which loader a file needs: its first bytes when they tell,
 * else its extension (formats.c's table).
 */
#include <string.h>

#include "loaders.h"

/* Finds needle in the first len bytes of hay. */
static int
contains(const unsigned char *hay, size_t len, const char *needle)
{
	size_t n = strlen(needle);

	for (size_t i = 0; i + n <= len; i++)
		if (memcmp(hay + i, needle, n) == 0)
			return 1;
	return 0;
}

static int
by_content(const unsigned char *d, size_t len, enum score_format *out)
{
	/* The root element comes after the prolog, comments and DOCTYPE;
	 * 4 KiB is far more than MusicXML exporters put before it. */
	size_t head = len < 4096 ? len : 4096;

	if (len >= 4 && memcmp(d, "MThd", 4) == 0)
		*out = SCORE_FORMAT_MIDI;
	else if (len >= 4 && memcmp(d, "PK\3\4", 4) == 0)
		*out = SCORE_FORMAT_MXL;
	else if (contains(d, head, "<score-partwise") ||
	    contains(d, head, "<score-timewise"))
		*out = SCORE_FORMAT_MUSICXML;
	else
		return -1;
	return 0;
}

int
score_detect_format(const char *filename, const unsigned char *data,
    size_t len, enum score_format *out)
{
	enum score_format content;
	int ext = score_format_from_extension(filename);
	int has_content = by_content(data, len, &content) == 0;

	/* Content wins when it is recognised: an extension can lie, magic
	 * bytes cannot (for these three formats). */
	if (has_content)
		*out = content;
	else if (ext >= 0)
		*out = (enum score_format)ext;
	else
		return -1;
	return 0;
}
