/*
 * export.c - the `export` method: an arrangement as upstream's CSV sheet,
 * a JSON document or a MIDI file per ringer; returned inline or written
 * atomically to `path`.  Replaces upstream's POST /api/export-csv.
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
};

static const struct export_format formats[] = {
	{ "csv", "csv", "text/csv", 0 },
	{ "json", "json", "application/json", 0 },
	{ "midi", "mid", "audio/midi", 1 },
};

struct export_options {
	const struct export_format *format;
	const char *path;   /* NULL: return the content */
	int overwrite;
	const char *score_id;
};

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
			    "format must be \"csv\", \"json\" or \"midi\"");
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
    const struct export_options *opt, size_t *len, struct vb_error *err)
{
	void *buf = NULL;

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
	size_t len = 0;
	json_t *result = NULL;

	if (export_input_parse(params, &in, err) < 0 ||
	    parse_options(params, &opt, err) < 0)
		return NULL;
	platform_local_time(&now);
	strftime(generated, sizeof generated, "%Y-%m-%d %H:%M:%S", &now);
	strftime(stamp, sizeof stamp, "%Y%m%d_%H%M%S", &now);
	in.generated = generated;

	content = format_content(d, &in, &opt, &len, err);
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
