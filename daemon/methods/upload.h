/*
 * upload.h - reading a song named by request params, shared by the
 * upload, arrange and export methods.
 */
#ifndef VB_UPLOAD_H
#define VB_UPLOAD_H

#include <jansson.h>

#include "../core/daemon.h"
#include "../core/error.h"
#include "../music/score.h"

/*
 * Loads the song the params name - `path`, or `content` (base64) with
 * `filename`; optional `format`, `include_percussion` - and puts it in the
 * daemon's store, writing its id into id_out (>= 32 bytes).  Returns the
 * score, borrowed from the store (valid until the next store change), or
 * NULL with err filled.
 */
struct score *upload_load(struct daemon *d, json_t *params, char *id_out,
    size_t id_len, struct vb_error *err);

/*
 * The score a request works on: the held one named by `score_id`
 * (borrowed from the store), or the song given inline as upload params,
 * read but not stored (*owned set: the caller score_free()s it).  NULL
 * with err filled (no song named at all: ERR_NO_FILE).
 */
struct score *upload_score_from_params(struct daemon *d, json_t *params,
    int *owned, struct vb_error *err);

#endif
