/*
 * export.c - the `export` method: an arrangement in one of the export
 * formats (export/formats.c: upstream's CSV sheet, a JSON document, a
 * MIDI file per ringer, printable sheets as PDF, SVG or PNG); returned
 * inline or written atomically to `path`.
 * Replaces upstream's POST /api/export-csv.
 */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "method.h"
#include "export_params.h"
#include "params.h"
#include "../core/utf8.h"
#include "../core/base64.h"
#include "../core/platform.h"

/* The content in the chosen format; new buffer (free()), or NULL. */
static void *
format_content(struct daemon *d, const json_t *params,
    const struct export_input *in, const struct export_options *opt,
    size_t *len, struct vb_error *err)
{
	struct score *s = NULL;

	/* The sheets take the score when given (measures and beats). */
	if (opt->format->sheet && opt->score_id != NULL &&
	    param_score(d, params, PARAM_REQUIRED, &s, err) < 0)
		return NULL;
	if (opt->format->needs_score) {
		if (opt->score_id == NULL) {
			vb_error_param(err, "ERR_INVALID_PARAMS", "score_id",
			    "The %s format needs the score_id of the uploaded song",
			    opt->format->name);
			return NULL;
		}
		if (param_score(d, params, PARAM_REQUIRED, &s, err) < 0)
			return NULL;
	}
	return opt->format->format(in, s, len, err);
}

/*
 * The result of a file written: {format, path, bytes}.  A folder's name
 * need not be UTF-8 (JSON must be): then path has each bad byte replaced
 * by U+FFFD and path_lossy is true, so that the client knows the file
 * was written under a name it cannot be told exactly (the answer was
 * "out of memory", and the retry ERR_FILE_EXISTS).  NULL out of memory.
 */
static json_t *
written_result(const char *format, const char *path, size_t len)
{
	size_t plen = strlen(path);
	json_t *result;
	char *valid;

	if (utf8_invalid_offset(path, plen) == plen)
		return json_pack("{s:s, s:s, s:I}", "format", format,
		    "path", path, "bytes", (json_int_t)len);
	if ((valid = utf8_make_valid(path, plen)) == NULL)
		return NULL;
	result = json_pack("{s:s, s:s, s:I, s:b}", "format", format,
	    "path", valid, "bytes", (json_int_t)len, "path_lossy", 1);
	free(valid);
	return result;
}

static json_t *
export_run(struct daemon *d, json_t *params, struct vb_error *err)
{
	struct export_input in;
	struct export_options opt;
	struct tm now;
	char generated[32], stamp[32];
	char *suggested = NULL, *abs = NULL, *b64 = NULL;
	void *content = NULL;
	size_t len = 0, pages = 0;
	json_t *result = NULL;

	if (export_input_parse(params, &in, err) < 0 ||
	    export_options_parse(params, &opt, err) < 0 ||
	    (opt.format->sheet &&
	    export_sheet_options_parse(params, opt.format, &in.sheet, err) < 0))
		return NULL;
	in.pages_out = &pages;
	in.work = d->work;
	platform_local_time(&now);
	strftime(generated, sizeof generated, "%Y-%m-%d %H:%M:%S", &now);
	strftime(stamp, sizeof stamp, "%Y%m%d_%H%M%S", &now);
	in.generated = generated;

	content = format_content(d, params, &in, &opt, &len, err);
	if (content == NULL)
		goto out;
	if (opt.bom) {
		/* U+FEFF in UTF-8: Excel on Windows then reads the sheet as
		 * UTF-8 (Zoë, not ZoÃ«).  Off by default: upstream's bytes. */
		char *with = malloc(len + 3);

		if (with == NULL)
			goto nomem;
		memcpy(with, "\xEF\xBB\xBF", 3);
		memcpy(with + 3, content, len);
		free(content);
		content = with;
		len += 3;
	}
	if (opt.path != NULL) {
		if (export_write_file(opt.path, content, len, opt.overwrite,
		    &abs, err) < 0)
			goto out;
		result = written_result(opt.format->name, abs ? abs : opt.path,
		    len);
	} else {
		suggested = export_suggested_filename(in.filename, stamp,
		    opt.format->ext);
		if (opt.format->binary)
			b64 = base64_encode(content, len);
		if (suggested == NULL || (opt.format->binary && b64 == NULL))
			goto nomem;
		result = json_pack("{s:s, s:s%, s:s, s:I, s:s}",
		    "format", opt.format->name,
		    "content", b64 ? b64 : (const char *)content,
		    b64 ? strlen(b64) : len,
		    "mime_type", opt.format->mime_type,
		    "bytes", (json_int_t)len,
		    "suggested_filename", suggested);
	}
	/* The sheets say how many pages the document has, and for SVG and
	 * PNG (one page a file) which one this is. */
	if (result != NULL && opt.format->sheet &&
	    (json_object_set_new(result, "pages",
	    json_integer((json_int_t)pages)) < 0 ||
	    (in.sheet.format != SHEET_PDF && json_object_set_new(result,
	    "page_number", json_integer(in.sheet.page_number)) < 0))) {
		json_decref(result);
		result = NULL;
	}
	if (result != NULL)
		goto out;
nomem:
	vb_error_nomem(err, "while building the export result");
out:
	free(content);
	free(suggested);
	free(abs);
	free(b64);
	return result;
}

const struct method_entry method_export_entry = { "export", export_run, NULL };
