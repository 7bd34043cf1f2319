/*
 * export.c - the `export` method: an arrangement as upstream's CSV sheet,
 * a JSON document, a MIDI file per ringer, or printable sheets (PDF, SVG,
 * PNG); returned inline or written atomically to `path`.  Replaces
 * upstream's POST /api/export-csv.
 */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "method.h"
#include "../core/base64.h"
#include "../core/platform.h"
#include "../export/export.h"
#include "../music/score_store.h"

struct export_format {
	const char *name;
	const char *ext;
	const char *mime_type;
	int binary;  /* content is base64 */
	int sheet;   /* drawn by sheets.c: format SHEET_* + 1 */
};

static const struct export_format formats[] = {
	{ "csv", "csv", "text/csv", 0, 0 },
	{ "json", "json", "application/json", 0, 0 },
	{ "midi", "mid", "audio/midi", 1, 0 },
	{ "pdf", "pdf", "application/pdf", 1, SHEET_PDF + 1 },
	{ "svg", "svg", "image/svg+xml", 1, SHEET_SVG + 1 },
	{ "png", "png", "image/png", 1, SHEET_PNG + 1 },
};

struct export_options {
	const struct export_format *format;
	const char *path;   /* NULL: return the content */
	int overwrite;
	const char *score_id;
	struct sheet_options sheet;
};

/* A string param that must be one of names[]; index in *out. */
static int
choice_param(const json_t *params, const char *key,
    const char *const *names, int n, int *out, const char *msg,
    struct vb_error *err)
{
	const json_t *v = json_object_get(params, key);

	if (v == NULL || json_is_null(v))
		return 0;
	for (int i = 0; i < n; i++)
		if (json_is_string(v) && strcmp(json_string_value(v), names[i]) == 0) {
			*out = i;
			return 0;
		}
	return vb_error_param(err, "ERR_INVALID_PARAMS", key, "%s", msg);
}

static int
int_param(const json_t *params, const char *key, int lo, int hi, int *out,
    struct vb_error *err)
{
	const json_t *v = json_object_get(params, key);

	if (v == NULL || json_is_null(v))
		return 0;
	if (!json_is_integer(v) || json_integer_value(v) < lo ||
	    json_integer_value(v) > hi)
		return vb_error_param(err, "ERR_INVALID_PARAMS", key,
		    "%s must be an integer from %d to %d", key, lo, hi);
	*out = (int)json_integer_value(v);
	return 0;
}

/* The sheets' params: document, page, dpi, page_number, title. */
static int
parse_sheet_options(const json_t *params, struct sheet_options *o,
    struct vb_error *err)
{
	static const char *const documents[] = { "sheets", "chart", "bells_used" };
	static const char *const papers[] = { "letter", "a4" };
	int doc = SHEET_DOC_SHEETS;
	const json_t *t = json_object_get(params, "title");

	o->dpi = 150;
	o->page_number = 1;
	if (choice_param(params, "document", documents, 3, &doc,
	    "document must be \"sheets\", \"chart\" or \"bells_used\"", err) < 0 ||
	    choice_param(params, "page", papers, 2, &o->a4,
	    "page must be \"letter\" or \"a4\"", err) < 0 ||
	    int_param(params, "dpi", 36, 600, &o->dpi, err) < 0 ||
	    int_param(params, "page_number", 1, 100000, &o->page_number, err) < 0)
		return -1;
	o->document = (enum sheet_document)doc;
	if (t != NULL && !json_is_null(t)) {
		if (!json_is_string(t) || json_string_length(t) == 0)
			return vb_error_param(err, "ERR_INVALID_PARAMS", "title",
			    "title must be a non-empty string");
		o->title = json_string_value(t);
	}
	return 0;
}

static int
parse_options(const json_t *params, struct export_options *opt,
    struct vb_error *err)
{
	const json_t *f = json_object_get(params, "format");
	const json_t *p = json_object_get(params, "path");
	const json_t *ow = json_object_get(params, "overwrite");
	const json_t *sid = json_object_get(params, "score_id");

	memset(opt, 0, sizeof *opt);
	opt->format = &formats[0];
	if (f != NULL && !json_is_null(f)) {
		opt->format = NULL;
		for (size_t i = 0; i < sizeof formats / sizeof formats[0]; i++)
			if (json_is_string(f) &&
			    strcmp(json_string_value(f), formats[i].name) == 0)
				opt->format = &formats[i];
		if (opt->format == NULL)
			return vb_error_param(err, "ERR_INVALID_FORMAT", "format",
			    "format must be \"csv\", \"json\", \"midi\", \"pdf\", "
			    "\"svg\" or \"png\"");
	}
	if (opt->format->sheet) {
		opt->sheet.format = (enum sheet_format)(opt->format->sheet - 1);
		if (parse_sheet_options(params, &opt->sheet, err) < 0)
			return -1;
	}
	if (p != NULL && !json_is_null(p)) {
		if (!json_is_string(p) || json_string_length(p) == 0)
			return vb_error_param(err, "ERR_INVALID_PARAMS", "path",
			    "path must be a non-empty string");
		opt->path = json_string_value(p);
	}
	if (ow != NULL && !json_is_null(ow)) {
		if (!json_is_boolean(ow))
			return vb_error_param(err, "ERR_INVALID_PARAMS",
			    "overwrite", "overwrite must be true or false");
		opt->overwrite = json_is_true(ow);
	}
	if (sid != NULL && !json_is_null(sid)) {
		if (!json_is_string(sid))
			return vb_error_param(err, "ERR_INVALID_PARAMS",
			    "score_id", "score_id must be a string");
		opt->score_id = json_string_value(sid);
	}
	return 0;
}

/* The content in the chosen format; new buffer (free()), or NULL. */
static void *
format_content(struct daemon *d, const struct export_input *in,
    const struct export_options *opt, size_t *len, size_t *pages,
    struct vb_error *err)
{
	void *buf = NULL;

	if (opt->format->sheet)
		return export_sheets(in, &opt->sheet, len, pages, err);

	if (strcmp(opt->format->name, "midi") == 0) {
		if (opt->score_id == NULL) {
			vb_error_param(err, "ERR_INVALID_PARAMS", "score_id",
			    "The midi format needs the score_id of the uploaded song");
			return NULL;
		}
		struct score *s = score_store_get(d->store, opt->score_id);
		if (s == NULL) {
			vb_error_set(err, RPC_NOT_FOUND, "ERR_UNKNOWN_SCORE",
			    "score_id", "No score '%s' (closed, evicted or never "
			    "uploaded)", opt->score_id);
			return NULL;
		}
		return export_midi(in, s, len, err);
	}
	if (strcmp(opt->format->name, "json") == 0)
		buf = export_json(in, len);
	else
		buf = export_csv(in, len);
	if (buf == NULL)
		vb_error_set(err, RPC_INTERNAL_ERROR, "ERR_EXPORT_FAILED", NULL,
		    "Out of memory while formatting the export");
	return buf;
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
	    parse_options(params, &opt, err) < 0)
		return NULL;
	platform_local_time(&now);
	strftime(generated, sizeof generated, "%Y-%m-%d %H:%M:%S", &now);
	strftime(stamp, sizeof stamp, "%Y%m%d_%H%M%S", &now);
	in.generated = generated;

	content = format_content(d, &in, &opt, &len, &pages, err);
	if (content == NULL)
		goto out;
	if (opt.path != NULL) {
		if (export_write_file(opt.path, content, len, opt.overwrite,
		    &abs, err) < 0)
			goto out;
		result = json_pack("{s:s, s:s, s:I}",
		    "format", opt.format->name,
		    "path", abs ? abs : opt.path,
		    "bytes", (json_int_t)len);
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
	    (json_object_set_new(result, "pages", json_integer((json_int_t)pages)) < 0 ||
	    (opt.sheet.format != SHEET_PDF && json_object_set_new(result,
	    "page_number", json_integer(opt.sheet.page_number)) < 0))) {
		json_decref(result);
		result = NULL;
	}
	if (result != NULL)
		goto out;
nomem:
	vb_error_set(err, RPC_INTERNAL_ERROR, "ERR_EXPORT_FAILED", NULL,
	    "Out of memory while building the export result");
out:
	free(content);
	free(suggested);
	free(abs);
	free(b64);
	return result;
}

const struct method_entry method_export_entry = { "export", export_run, NULL };
