/*
 * formats.c - the export formats: one row each (protocol name, file
 * extension, MIME type, whether the content is binary and needs the
 * score, which sheet it is, the formatter).  The export method's
 * `format` check, its message, its dispatch and the ready line read this
 * table; adding a format is a formatter and a row.
 */
#include <string.h>

#include "../core/words.h"
#include "export.h"

/* A text formatter's buffer; NULL means memory ran out. */
static void *
text_or_nomem(char *buf, struct vb_error *err)
{
	if (buf == NULL)
		vb_error_nomem(err, "while formatting the export");
	return buf;
}

static void *
format_csv(const struct export_input *in, const struct score *s,
    size_t *len, struct vb_error *err)
{
	(void)s;
	return text_or_nomem(export_csv(in, len), err);
}

static void *
format_json(const struct export_input *in, const struct score *s,
    size_t *len, struct vb_error *err)
{
	(void)s;
	return text_or_nomem(export_json(in, len), err);
}

static void *
format_midi(const struct export_input *in, const struct score *s,
    size_t *len, struct vb_error *err)
{
	return export_midi(in, s, len, err);
}

static void *
format_sheets(const struct export_input *in, const struct score *s,
    size_t *len, struct vb_error *err)
{
	size_t pages;

	return export_sheets(in, s, &in->sheet, len,
	    in->pages_out != NULL ? in->pages_out : &pages, err);
}

const struct export_format export_formats[] = {
	{ "csv", "csv", "text/csv", 0, 0, 0, format_csv },
	{ "json", "json", "application/json", 0, 0, 0, format_json },
	{ "midi", "mid", "audio/midi", 1, 1, 0, format_midi },
	{ "pdf", "pdf", "application/pdf", 1, 0, SHEET_PDF + 1, format_sheets },
	{ "svg", "svg", "image/svg+xml", 1, 0, SHEET_SVG + 1, format_sheets },
	{ "png", "png", "image/png", 1, 0, SHEET_PNG + 1, format_sheets },
};
#define N_FORMATS (sizeof export_formats / sizeof export_formats[0])

const char *
export_format_name(size_t i)
{
	/* A build without cairo still knows the sheets' names (to answer
	 * ERR_SHEETS_UNAVAILABLE) but does not offer them. */
	for (size_t k = 0; k < N_FORMATS; k++) {
		if (export_formats[k].sheet && !export_sheets_available())
			continue;
		if (i-- == 0)
			return export_formats[k].name;
	}
	return NULL;
}

const struct export_format *
export_format_find(const char *name)
{
	int i = words_index(export_formats, N_FORMATS,
	    sizeof export_formats[0], name);

	return i < 0 ? NULL : &export_formats[i];
}
