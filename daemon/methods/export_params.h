/*
 * export_params.h - the `export` params check (export_params.c): the
 * formatters' input (export/export.h) and the method's own options.
 */
#ifndef VB_EXPORT_PARAMS_H
#define VB_EXPORT_PARAMS_H

#include <jansson.h>

#include "../core/error.h"
#include "../export/export.h"

/*
 * Reads and checks the export params in upstream's order and with its
 * error codes (ERR_NO_DATA, ERR_INVALID_PLAYERS, ERR_INVALID_PLAYER_FORMAT,
 * ERR_PLAYER_NO_NAME, ERR_PLAYER_NO_EXPERIENCE), then the shapes upstream
 * would have crashed on (ERR_INVALID_ARRANGEMENT, ERR_INVALID_SWAPS,
 * ERR_INVALID_PARAMS).  Fills in (borrowed pointers; `generated` is left
 * alone).  Returns 0 or -1 with err filled.
 */
int export_input_parse(const json_t *params, struct export_input *in,
    struct vb_error *err);

struct export_options {
	const struct export_format *format;  /* a row of export_formats */
	const char *path;                    /* NULL: return the content */
	int overwrite;
	const char *score_id;                /* NULL: not given */
	int bom;                             /* csv: a UTF-8 BOM first */
};

/* format (ERR_INVALID_FORMAT), path, overwrite, score_id, bom (csv only);
 * borrowed from
 * params.  Returns 0 or -1 with err filled. */
int export_options_parse(const json_t *params, struct export_options *opt,
    struct vb_error *err);

/*
 * The sheets' params (format one of pdf, svg, png): document, page, dpi,
 * page_number, title, choir (ERR_INVALID_PARAMS with the field).
 * Returns 0 or -1 with err filled.
 */
int export_sheet_options_parse(const json_t *params,
    const struct export_format *format, struct sheet_options *o,
    struct vb_error *err);

/*
 * The `choir` param (export_choir.c): arrange's choir block, checked
 * for the shape of every key the sheets read (ERR_INVALID_PARAMS with
 * the field, "choir.moved[2].to").  Returns 0 or -1 with err filled.
 */
int export_choir_check(const json_t *choir, struct vb_error *err);

#endif
