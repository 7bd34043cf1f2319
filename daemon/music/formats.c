/*
 * formats.c - the input formats: one row each (protocol name, file
 * extensions, loader).  Upload's `format` check, its messages, detection
 * by extension, the ready line and the CLI's --format all read this
 * table; adding a format is a loader and a row.
 */
#include <string.h>
#include <strings.h>

#include "../core/words.h"
#include "loaders.h"

const struct score_format_info score_formats[SCORE_FORMAT_COUNT] = {
	{ "midi", SCORE_FORMAT_MIDI, { ".mid", ".midi" }, score_load_midi },
	{ "musicxml", SCORE_FORMAT_MUSICXML, { ".musicxml", ".xml" },
	  score_load_musicxml },
	{ "mxl", SCORE_FORMAT_MXL, { ".mxl" }, score_load_mxl },
};

const char *
score_format_name(size_t i)
{
	return i < SCORE_FORMAT_COUNT ? score_formats[i].name : NULL;
}

const char *
score_format_extension(size_t i)
{
	for (size_t f = 0; f < SCORE_FORMAT_COUNT; f++)
		for (size_t e = 0; e < SCORE_FORMAT_MAX_EXT; e++) {
			if (score_formats[f].extensions[e] == NULL)
				break;
			if (i-- == 0)
				return score_formats[f].extensions[e];
		}
	return NULL;
}

int
score_format_from_name(const char *name)
{
	return words_index(score_formats, SCORE_FORMAT_COUNT,
	    sizeof score_formats[0], name);
}

int
score_format_from_extension(const char *filename)
{
	const char *dot = filename ? strrchr(filename, '.') : NULL;

	if (dot == NULL)
		return -1;
	for (size_t f = 0; f < SCORE_FORMAT_COUNT; f++)
		for (size_t e = 0; e < SCORE_FORMAT_MAX_EXT; e++)
			if (score_formats[f].extensions[e] != NULL &&
			    strcasecmp(dot, score_formats[f].extensions[e]) == 0)
				return (int)f;
	return -1;
}

struct score *
score_load(enum score_format format, const unsigned char *data, size_t len,
    const struct load_options *opt, struct vb_error *err)
{
	return score_formats[format].load(data, len, opt, err);
}
