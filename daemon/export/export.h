/*
 * export.h - the exporters: an arrangement as upstream's CSV sheet, as a
 * JSON document for tools, as a MIDI file per ringer, as printable sheets
 * (PDF, SVG, PNG); and the atomic file writer the export method uses for
 * `path`.
 *
 * The formatters are pure: they read borrowed jansson values that the
 * export method has checked (methods/export_params.c), and return a
 * malloc'd buffer.  The
 * caller supplies the clock (`generated`), so tests are deterministic.
 */
#ifndef VB_EXPORT_H
#define VB_EXPORT_H

#include <stddef.h>

#include <jansson.h>

#include "../core/error.h"

struct vb_work;

struct score;

/* The printable sheets (sheets.c): what to draw, on which paper, as what. */
enum sheet_format { SHEET_PDF, SHEET_SVG, SHEET_PNG };
enum sheet_document { SHEET_DOC_SHEETS, SHEET_DOC_CHART, SHEET_DOC_BELLS_USED };

struct sheet_options {
	enum sheet_format format;
	enum sheet_document document;
	int a4;             /* else US Letter */
	int dpi;            /* png */
	int page_number;    /* svg, png: 1-based */
	const char *title;  /* NULL: the file name without its extension */
	const json_t *choir;  /* arrange's choir block, checked; NULL: none */
};

/* Everything the formatters read; every pointer is borrowed from params. */
struct export_input {
	const json_t *arrangement;  /* the object as given (full or assignments) */
	const json_t *assignments;  /* {player: {bells, left_hand, right_hand}} */
	const json_t *players;      /* [{name, experience}], upstream-checked */
	const char *filename;       /* default "arrangement" */
	const char *strategy;       /* default "unknown"; NULL: JSON null given */
	const json_t *swaps;        /* {player: count}, or NULL */
	const char *generated;      /* "YYYY-mm-dd HH:MM:SS", local time */
	struct sheet_options sheet; /* pdf, svg, png only */
	size_t *pages_out;          /* pdf, svg, png: gets the page count */
	const struct vb_work *work; /* pdf: a cancel stops it between pages
	                               (borrowed; NULL: never) */
};

/*
 * Upstream's CSV sheet, CRLF line ends, Python csv quoting, formula cells
 * neutralised.  Returns a new buffer (free()) and its length in len_out,
 * or NULL when memory ran out.
 */
char *export_csv(const struct export_input *in, size_t *len_out);

/*
 * The JSON document {"format","format_version","metadata","players",
 * "arrangement"}.  Returns a new NUL-terminated buffer (free()), length in
 * len_out, or NULL when memory ran out.
 */
char *export_json(const struct export_input *in, size_t *len_out);

/*
 * A Standard MIDI File of score s with one track per ringer holding the
 * notes of that ringer's bells (see midi.c).  Returns a new buffer (free())
 * with its length in len_out, or NULL with err filled.
 */
unsigned char *export_midi(const struct export_input *in,
    const struct score *s, size_t *len_out, struct vb_error *err);


/* Non-zero when this build draws sheets (it was built with cairo). */
int export_sheets_available(void);

/*
 * The sheets as PDF (every page), SVG or PNG (page o->page_number; the
 * chart document as one tall page).  score (NULL: none given) adds
 * measures and beats: cue times, times to change, the chart's bars.  Returns a new buffer (free()) with
 * its length in len_out and the document's page count in pages_out, or
 * NULL with err filled: ERR_INVALID_ARRANGEMENT (a simulation of the
 * wrong shape, too many ringers or bells; the chart without simulation),
 * ERR_INVALID_PARAMS (page_number past the end, a PNG too large),
 * ERR_SHEETS_UNAVAILABLE (a build without cairo), ERR_EXPORT_FAILED.
 */
unsigned char *export_sheets(const struct export_input *in,
    const struct score *score, const struct sheet_options *o,
    size_t *len_out, size_t *pages_out, struct vb_error *err);

/*
 * A formatter: the content of one export format, a new buffer (free())
 * with its length in len_out, or NULL with err filled.  s is the score
 * (NULL unless the format needs_score).
 */
typedef void *(*export_formatter)(const struct export_input *in,
    const struct score *s, size_t *len_out, struct vb_error *err);

/* The export formats (formats.c), in the order the ready line lists them;
 * the first is the default. */
struct export_format {
	const char *name;       /* protocol name: "csv" */
	const char *ext;        /* of the suggested file name */
	const char *mime_type;
	int binary;             /* the result's content is base64 */
	int needs_score;        /* the score_id param is required */
	int sheet;              /* pdf, svg, png: SHEET_* + 1 */
	export_formatter format;
};
extern const struct export_format export_formats[];
/* The i-th format's name, NULL past the end (the sheets only where this
 * build draws them); the row of name, or NULL. */
const char *export_format_name(size_t i);
const struct export_format *export_format_find(const char *name);

/*
 * Upstream's download name: "arrangement_<clean>_<stamp>.<ext>", clean =
 * filename up to its first '.', every character that is not a letter or
 * digit replaced by '_'.  stamp is "YYYYmmdd_HHMMSS".  Returns a new
 * string (free()), or NULL when memory ran out.
 */
char *export_suggested_filename(const char *filename, const char *stamp,
    const char *ext);

/*
 * Writes buf to path atomically (see write_file.c): a reader sees the
 * old file or the whole new one, never a part.  Without overwrite an
 * existing path is refused (ERR_FILE_EXISTS).  Other errors:
 * ERR_PATH_IS_DIRECTORY, ERR_NO_PARENT_DIRECTORY, ERR_NOT_REGULAR_FILE,
 * ERR_PERMISSION_DENIED, ERR_IO.  On success, if abs_out is not NULL, it
 * receives the absolute path written (new, free()).  Returns 0 or -1.
 */
int export_write_file(const char *path, const void *buf, size_t len,
    int overwrite, char **abs_out, struct vb_error *err);

#endif
