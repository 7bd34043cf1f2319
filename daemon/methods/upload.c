/*
 * upload.c - the `upload` method: a song file (by path or as base64
 * content) through its loader into the score store; and the same reading
 * for methods that accept a song inline.
 */
#include <string.h>

#include "method.h"
#include "upload.h"
#include "../core/base64.h"
#include "../core/work.h"
#include "../core/platform.h"
#include "../music/loaders.h"
#include "../music/score_store.h"

static const char *const format_names[] = {
	[SCORE_FORMAT_MIDI] = "midi",
	[SCORE_FORMAT_MUSICXML] = "musicxml",
	[SCORE_FORMAT_MXL] = "mxl",
};

static int
optional_string(json_t *params, const char *key, const char **out,
    struct vb_error *err)
{
	json_t *v = json_object_get(params, key);

	*out = NULL;
	if (v == NULL || json_is_null(v))
		return 0;
	if (!json_is_string(v) || json_string_length(v) == 0 ||
	    strlen(json_string_value(v)) != json_string_length(v)) {
		vb_error_param(err, "ERR_INVALID_PARAMS", key,
		    "\"%s\" must be a non-empty string", key);
		return -1;
	}
	*out = json_string_value(v);
	return 0;
}

/* The last path component, for results and detection. */
static const char *
base_name(const char *path)
{
	const char *slash = strrchr(path, '/');
#ifdef _WIN32
	const char *back = strrchr(path, '\\');
	if (back != NULL && (slash == NULL || back > slash))
		slash = back;
#endif
	return slash ? slash + 1 : path;
}

static unsigned char *
read_path(struct daemon *d, const char *path, size_t *len,
    struct vb_error *err)
{
	unsigned char *buf = NULL;
	int sys_errno;

	switch (platform_read_file(path, d->limits.max_file_bytes, &buf, len,
	    &sys_errno)) {
	case PLATFORM_READ_OK:
		return buf;
	case PLATFORM_READ_NOT_FOUND:
		vb_error_set(err, RPC_IO_ERROR, "ERR_FILE_NOT_FOUND", "path",
		    "No file at %.200s", path);
		break;
	case PLATFORM_READ_NOT_REGULAR:
		vb_error_set(err, RPC_IO_ERROR, "ERR_NOT_REGULAR_FILE", "path",
		    "%.200s is not a regular file (a directory, device or "
		    "pipe)", path);
		break;
	case PLATFORM_READ_TOO_LARGE:
		vb_error_set(err, RPC_LIMIT_EXCEEDED, "ERR_FILE_TOO_LARGE",
		    "path", "The file is larger than %zu bytes",
		    d->limits.max_file_bytes);
		break;
	case PLATFORM_READ_DENIED:
		vb_error_set(err, RPC_IO_ERROR, "ERR_PERMISSION_DENIED", "path",
		    "Not allowed to read %.200s", path);
		break;
	default:
		vb_error_set(err, RPC_IO_ERROR, "ERR_IO", "path",
		    "Reading %.200s failed: %s", path, strerror(sys_errno));
		break;
	}
	return NULL;
}

static unsigned char *
decode_content(struct daemon *d, json_t *content, size_t *len,
    struct vb_error *err)
{
	const char *text = json_string_value(content);
	size_t tlen = json_string_length(content), bad;
	unsigned char *buf;

	/* Check the size before decoding: 4 characters carry 3 bytes. */
	if (tlen / 4 * 3 > d->limits.max_file_bytes + 2) {
		vb_error_set(err, RPC_LIMIT_EXCEEDED, "ERR_FILE_TOO_LARGE",
		    "content", "The file is larger than %zu bytes",
		    d->limits.max_file_bytes);
		return NULL;
	}
	buf = base64_decode(text, tlen, len, &bad);
	if (buf == NULL) {
		if (bad == (size_t)-1)
			vb_error_set(err, RPC_INTERNAL_ERROR, "ERR_NO_MEMORY",
			    NULL, "Out of memory decoding the file");
		else
			vb_error_param(err, "ERR_INVALID_BASE64", "content",
			    "content is not valid base64 (at character %zu)",
			    bad);
		return NULL;
	}
	if (*len > d->limits.max_file_bytes) {
		free(buf);
		vb_error_set(err, RPC_LIMIT_EXCEEDED, "ERR_FILE_TOO_LARGE",
		    "content", "The file is larger than %zu bytes",
		    d->limits.max_file_bytes);
		return NULL;
	}
	return buf;
}

static int
parse_format(json_t *params, int *format, struct vb_error *err)
{
	const char *name;

	*format = -1;
	if (optional_string(params, "format", &name, err) < 0)
		return -1;
	if (name == NULL)
		return 0;
	for (int i = 0; i < 3; i++)
		if (strcmp(name, format_names[i]) == 0)
			*format = i;
	if (*format < 0) {
		vb_error_param(err, "ERR_UNSUPPORTED_FORMAT", "format",
		    "format must be \"midi\", \"musicxml\" or \"mxl\"");
		return -1;
	}
	return 0;
}

/* Reads the song the params name into a new score (score_free()), or
 * NULL with err filled. */
static struct score *
upload_read(struct daemon *d, json_t *params, int inline_song,
    struct vb_error *err)
{
	/* Progress: an upload's own scale, or the first tenth of an arrange
	 * or export that reads its song inline. */
	int pct_read = inline_song ? 3 : 30, pct_parse = inline_song ? 5 : 40;
	const char *path, *filename;
	json_t *content = json_object_get(params, "content");
	json_t *perc = json_object_get(params, "include_percussion");
	struct load_options opt = { &d->limits, 0 };
	unsigned char *buf = NULL;
	size_t len = 0;
	int format;
	enum score_format fmt;
	struct score *s = NULL;

	if (optional_string(params, "path", &path, err) < 0 ||
	    optional_string(params, "filename", &filename, err) < 0 ||
	    parse_format(params, &format, err) < 0)
		return NULL;
	if (perc != NULL && !json_is_boolean(perc)) {
		vb_error_param(err, "ERR_INVALID_PARAMS", "include_percussion",
		    "include_percussion must be true or false");
		return NULL;
	}
	opt.include_percussion = json_is_true(perc);
	if (content != NULL && !json_is_string(content)) {
		vb_error_param(err, "ERR_INVALID_PARAMS", "content",
		    "content must be a base64 string");
		return NULL;
	}
	if (path != NULL && content != NULL) {
		vb_error_param(err, "ERR_INVALID_PARAMS", "content",
		    "Give either path or content, not both");
		return NULL;
	}
	if (path == NULL && content == NULL) {
		vb_error_param(err, "ERR_NO_FILE", "path",
		    "No file provided: give score_id, path, or content with filename");
		return NULL;
	}
	if (content != NULL && filename == NULL) {
		vb_error_param(err, "ERR_NO_FILE_SELECTED", "filename",
		    "content needs its filename");
		return NULL;
	}
	if (path != NULL) {
		buf = read_path(d, path, &len, err);
		if (filename == NULL)
			filename = base_name(path);
	} else {
		buf = decode_content(d, content, &len, err);
	}
	if (buf == NULL)
		return NULL;
	work_progress(d->work, path != NULL ? "file read" : "content decoded",
	    pct_read);
	if (work_stopped(d->work, err) != 0)
		goto out;

	if (format >= 0)
		fmt = (enum score_format)format;
	else if (score_detect_format(filename, buf, len, &fmt) < 0) {
		vb_error_set(err, RPC_APP_ERROR, "ERR_UNSUPPORTED_FORMAT",
		    "filename", "Not a MIDI or MusicXML file (supported: .mid, "
		    ".midi, .musicxml, .xml, .mxl)");
		goto out;
	}
	work_progress(d->work, fmt == SCORE_FORMAT_MIDI ? "reading MIDI" :
	    "reading MusicXML", pct_parse);
	if (fmt == SCORE_FORMAT_MIDI)
		s = score_load_midi(buf, len, &opt, err);
	else if (fmt == SCORE_FORMAT_MUSICXML)
		s = score_load_musicxml(buf, len, &opt, err);
	else
		s = score_load_mxl(buf, len, &opt, err);
	if (s == NULL)
		goto out;
	if (s->n_notes == 0) {
		/* Upstream refuses a song without notes at upload too. */
		vb_error_set(err, RPC_APP_ERROR, "ERR_NO_NOTES", NULL,
		    "No notes found in %s", filename);
		score_free(s);
		s = NULL;
		goto out;
	}
	s->filename = strdup(filename);
	if (s->filename == NULL) {
		score_free(s);
		s = NULL;
		vb_error_set(err, RPC_INTERNAL_ERROR, "ERR_NO_MEMORY", NULL,
		    "Out of memory reading the score");
	}
out:
	free(buf);
	return s;
}

struct score *
upload_load(struct daemon *d, json_t *params, char *id_out, size_t id_len,
    struct vb_error *err)
{
	struct score *s = upload_read(d, params, 0, err);

	if (s != NULL && score_store_put(d->store, s, id_out, id_len) < 0) {
		/* put has freed s. */
		s = NULL;
		vb_error_set(err, RPC_LIMIT_EXCEEDED, "ERR_STORE_FULL", NULL,
		    "The score alone is over the store's %zu bytes",
		    d->limits.max_store_bytes);
	}
	return s;
}

struct score *
upload_score_from_params(struct daemon *d, json_t *params, int *owned,
    struct vb_error *err)
{
	json_t *id = json_object_get(params, "score_id");
	struct score *s;

	*owned = 0;
	if (id == NULL) {
		/* The one-call flow: read, used, freed - never stored, so it
		 * evicts no held score. */
		s = upload_read(d, params, 1, err);
		*owned = s != NULL;
		return s;
	}
	if (!json_is_string(id)) {
		vb_error_param(err, "ERR_INVALID_PARAMS", "score_id",
		    "score_id must be a string");
		return NULL;
	}
	s = score_store_get(d->store, json_string_value(id));
	if (s == NULL)
		vb_error_set(err, RPC_NOT_FOUND, "ERR_UNKNOWN_SCORE", "score_id",
		    "No score '%.64s' (unknown, closed or evicted)",
		    json_string_value(id));
	return s;
}

static json_t *
note_names(const int *pitches, size_t n)
{
	json_t *a = json_array();
	char buf[16];

	for (size_t i = 0; i < n; i++)
		json_array_append_new(a, json_string(pitch_name(pitches[i], buf,
		    sizeof buf)));
	return a;
}

static json_t *
upload_run(struct daemon *d, json_t *params, struct vb_error *err)
{
	char id[32];
	struct score *s = upload_load(d, params, id, sizeof id, err);
	json_t *r, *tracks;

	if (s == NULL)
		return NULL;
	tracks = json_array();
	for (size_t i = 0; i < s->n_tracks; i++)
		json_array_append_new(tracks, json_pack("{s:s, s:I}",
		    "name", s->tracks[i].name ? s->tracks[i].name : "",
		    "note_count", (json_int_t)s->tracks[i].note_count));
	r = json_pack("{s:s, s:s, s:s, s:I, s:I, s:I, s:I, s:o, s:o, s:o, "
	    "s:i}",
	    "score_id", id, "filename", s->filename,
	    "format", format_names[s->format],
	    "note_count", (json_int_t)s->n_unique,
	    "total_note_events", (json_int_t)s->n_notes,
	    "melody_count", (json_int_t)s->n_melody,
	    "harmony_count", (json_int_t)s->n_harmony,
	    "unique_notes", note_names(s->unique_pitches, s->n_unique),
	    "melody_notes", note_names(s->melody_pitches, s->n_melody),
	    "harmony_notes", note_names(s->harmony_pitches, s->n_harmony),
	    "tempo_bpm", s->tempo_bpm);
	if (s->format == SCORE_FORMAT_MIDI)
		json_object_set_new(r, "ticks_per_beat",
		    json_integer(s->ticks_per_beat));
	json_object_set_new(r, "duration_ms", json_real(s->duration_ms));
	json_object_set_new(r, "tracks", tracks);
	return r;
}

const struct method_entry method_upload_entry = {
	.name = "upload",
	.run = upload_run,
};
