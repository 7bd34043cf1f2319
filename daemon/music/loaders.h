/*
 * loaders.h - file bytes in memory to a struct score.  One loader per
 * format; each checks what it reads against the limits and fills a
 * struct vb_error instead of crashing on damaged input.  A loader returns
 * a complete score: notes in upstream order, tempo map, tracks, times
 * (score_note_times) and analysis (score_analyse) done.  The caller sets
 * filename.
 *
 * Error codes (data.code), all -32000 unless said:
 *   ERR_MUSIC_PARSE        damaged or unsupported file (message says what)
 *   ERR_XML_UNSAFE         a DTD declaring entities, external references
 *   ERR_TOO_MANY_NOTES     -32002, over limits->max_notes
 *   ERR_TOO_MANY_TRACKS    -32002, over limits->max_tracks
 *   ERR_DECODED_TOO_LARGE  -32002, an .mxl member over max_decoded_bytes
 */
#ifndef VB_LOADERS_H
#define VB_LOADERS_H

#include <stddef.h>

#include "score.h"
#include "../core/daemon.h"
#include "../core/error.h"

struct load_options {
	const struct vb_limits *limits;
	int include_percussion;     /* MIDI channel 10 */
};

/* Each returns a new score (score_free), or NULL with err filled. */
struct score *score_load_midi(const unsigned char *data, size_t len,
    const struct load_options *opt, struct vb_error *err);
struct score *score_load_musicxml(const unsigned char *data, size_t len,
    const struct load_options *opt, struct vb_error *err);
struct score *score_load_mxl(const unsigned char *data, size_t len,
    const struct load_options *opt, struct vb_error *err);

/* A loader: one per row of score_formats. */
typedef struct score *(*score_loader_fn)(const unsigned char *data,
    size_t len, const struct load_options *opt, struct vb_error *err);

/* The input formats (formats.c), indexed by enum score_format. */
#define SCORE_FORMAT_MAX_EXT 4
struct score_format_info {
	const char *name;                          /* protocol name: "midi" */
	enum score_format format;
	const char *extensions[SCORE_FORMAT_MAX_EXT]; /* ".mid"...; NULL ends */
	score_loader_fn load;
};
extern const struct score_format_info score_formats[SCORE_FORMAT_COUNT];

/* The i-th format's name / the i-th extension of all formats, NULL past
 * the end (for words_join and the ready line). */
const char *score_format_name(size_t i);
const char *score_format_extension(size_t i);
/* The format of a protocol name / of filename's extension (any case); -1
 * when none. */
int score_format_from_name(const char *name);
int score_format_from_extension(const char *filename);

/* Loads data with format's loader: a new score, or NULL with err filled. */
struct score *score_load(enum score_format format, const unsigned char *data,
    size_t len, const struct load_options *opt, struct vb_error *err);

/*
 * The format of a file: by its content when that is recognised (MThd,
 * PK zip, XML with a score-partwise/score-timewise root near the start),
 * else by the extension of filename (may be NULL).  Returns 0 with *out
 * set, or -1 when neither tells.
 */
int score_detect_format(const char *filename, const unsigned char *data,
    size_t len, enum score_format *out);

#endif
