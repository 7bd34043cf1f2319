/*
 * upload.c - the `upload` method: a song file (by path or as base64
 * content) through its loader into the score store; and the same reading
 * for methods that accept a song inline.
 */
#include <math.h>
#include <string.h>

#include "method.h"
#include "params.h"
#include "upload.h"
#include "../core/base64.h"
#include "../core/file_error.h"
#include "../core/platform.h"
#include "../core/utf8.h"
#include "../core/words.h"
#include "../core/work.h"
#include "../music/choir.h"
#include "../music/loaders.h"
#include "../music/score_store.h"

/* A name or path: absent and null are the same. */
#define OPTIONAL_NAME (PARAM_OPTIONAL | PARAM_NULL_OK | PARAM_NON_EMPTY)

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
	enum platform_read_status st = platform_read_file(path,
	    d->limits.max_file_bytes, &buf, len, &sys_errno);

	if (st != PLATFORM_READ_OK) {
		file_read_error(err, st, path, d->limits.max_file_bytes,
		    sys_errno);
		return NULL;
	}
	return buf;
}

static unsigned char *
decode_content(struct daemon *d, const char *text, size_t tlen, size_t *len,
    struct vb_error *err)
{
	size_t bad;
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
			vb_error_nomem(err, "decoding the file");
		else
			vb_error_param(err, "ERR_INVALID_BASE64", "content",
			    "content is not valid base64 (at character %zu)",
			    utf8_char_count(text, bad));
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
	const char *name = NULL;
	char names[128];

	*format = -1;
	if (param_string(params, "format", OPTIONAL_NAME, &name, err) < 0)
		return -1;
	if (name == NULL)
		return 0;
	*format = score_format_from_name(name);
	if (*format < 0)
		return vb_error_param(err, "ERR_UNSUPPORTED_FORMAT", "format",
		    "format must be %s", words_join(names, sizeof names,
		    score_format_name, ", ", " or ", "\""));
	return 0;
}

/* The song's bytes from path or the content param (new buffer, free());
 * *filename becomes path's last component when it was not given.  NULL
 * with err filled. */
static unsigned char *
song_bytes(struct daemon *d, json_t *params, const char *path,
    const char **filename, size_t *len, struct vb_error *err)
{
	const char *content = NULL;
	size_t content_len = 0;

	if (json_object_get(params, "content") != NULL &&
	    !json_is_string(json_object_get(params, "content"))) {
		vb_error_param(err, "ERR_INVALID_PARAMS", "content",
		    "content must be a base64 string");
		return NULL;
	}
	if (param_bytes(params, "content", PARAM_OPTIONAL, &content,
	    &content_len, err) < 0)
		return NULL;
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
	if (content != NULL && *filename == NULL) {
		vb_error_param(err, "ERR_NO_FILE_SELECTED", "filename",
		    "content needs its filename");
		return NULL;
	}
	if (content != NULL)
		return decode_content(d, content, content_len, len, err);
	if (*filename == NULL)
		*filename = base_name(path);
	return read_path(d, path, len, err);
}

struct score *
upload_score_new(struct daemon *d, json_t *params, struct vb_error *err)
{
	const char *path = NULL, *filename = NULL;
	struct load_options opt = { &d->limits, 0 };
	unsigned char *buf = NULL;
	size_t len = 0;
	int format;
	enum score_format fmt;
	struct score *s = NULL;
	char exts[128];

	if (param_string(params, "path", OPTIONAL_NAME, &path, err) < 0 ||
	    param_string(params, "filename", OPTIONAL_NAME, &filename,
	    err) < 0 ||
	    parse_format(params, &format, err) < 0 ||
	    param_bool(params, "include_percussion", PARAM_OPTIONAL,
	    &opt.include_percussion, err) < 0)
		return NULL;
	buf = song_bytes(d, params, path, &filename, &len, err);
	if (buf == NULL)
		return NULL;
	/* Steps without a percentage: an upload's are its own, an inline
	 * song's the start of an arrange. */
	work_progress(d->work, path != NULL ? "file read" : "content decoded",
	    -1);
	if (work_stopped(d->work, err) != 0)
		goto out;

	if (format >= 0)
		fmt = (enum score_format)format;
	else if (score_detect_format(filename, buf, len, &fmt) < 0) {
		vb_error_set(err, RPC_APP_ERROR, "ERR_UNSUPPORTED_FORMAT",
		    "filename", "Not a MIDI or MusicXML file (supported: %s)",
		    words_join(exts, sizeof exts, score_format_extension, ", ",
		    ", ", ""));
		goto out;
	}
	work_progress(d->work, fmt == SCORE_FORMAT_MIDI ? "reading MIDI" :
	    "reading MusicXML", -1);
	s = score_load(fmt, buf, len, &opt, err);
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
		vb_error_nomem(err, "reading the score");
	}
out:
	free(buf);
	return s;
}

/* Loads the song the params name and puts it in the daemon's store,
 * writing its id into id_out (>= 32 bytes).  Returns the score, borrowed
 * from the store, or NULL with err filled. */
static struct score *
upload_load(struct daemon *d, json_t *params, char *id_out, size_t id_len,
    struct vb_error *err)
{
	struct score *s = upload_score_new(d, params, err);

	if (s != NULL && score_store_put(d->store, s, id_out, id_len) < 0) {
		/* put has freed s. */
		s = NULL;
		vb_error_set(err, RPC_LIMIT_EXCEEDED, "ERR_STORE_FULL", NULL,
		    "The score alone is over the store's %zu bytes",
		    d->limits.max_store_bytes);
	}
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

/*
 * include_choir: what a choir needs to know before arranging - the
 * range, the meter and the octave its bells are named in (choir.h).
 * Opt-in, so that upload answers upstream's fields alone without it.
 */
static void
add_choir_facts(json_t *r, const struct score *s)
{
	struct octave_suggestion o;
	json_t *sigs = json_array();
	char lo[16], hi[16];
	int first, count = score_measure_count(s, &first);

	pitch_name(s->n_unique ? s->unique_pitches[0] : 0, lo, sizeof lo);
	pitch_name(s->n_unique ? s->unique_pitches[s->n_unique - 1] : 0, hi,
	    sizeof hi);
	json_object_set_new(r, "range", json_pack("{s:s, s:s}", "lowest", lo,
	    "highest", hi));
	for (size_t i = 0; i < s->n_time_sigs; i++)
		json_array_append_new(sigs, json_pack("{s:i, s:i, s:i, s:I}",
		    "measure", s->time_sigs[i].measure,
		    "beats", s->time_sigs[i].beats,
		    "beat_type", s->time_sigs[i].beat_type,
		    "ms", (json_int_t)llround(score_tick_to_ms(s,
		    s->time_sigs[i].tick))));
	json_object_set_new(r, "time_signatures", sigs);
	json_object_set_new(r, "measures", json_pack("{s:i, s:i, s:b, s:s}",
	    "count", count, "first", first, "pickup", score_has_pickup(s),
	    "numbered_by", s->n_measures > 0 ? "file" : "time_signatures"));
	choir_suggest_octave(s, NULL, &o);
	json_object_set_new(r, "octave", json_pack("{s:i, s:s, s:b, s:s, "
	    "s:s}", "shift", o.shift, "convention", o.convention,
	    "guessed", o.guessed, "signal", o.signal, "reason", o.reason));
}

static json_t *
upload_run(struct daemon *d, json_t *params, struct vb_error *err)
{
	char id[32];
	struct score *s;
	json_t *r, *tracks;
	int choir = 0;

	/* Checked before the file is read: a bad flag costs no parse. */
	if (param_bool(params, "include_choir", PARAM_OPTIONAL, &choir,
	    err) < 0)
		return NULL;
	s = upload_load(d, params, id, sizeof id, err);
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
	    "format", score_formats[s->format].name,
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
	if (choir)
		add_choir_facts(r, s);
	return r;
}

const struct method_entry method_upload_entry = {
	.name = "upload",
	.run = upload_run,
};
