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
 * Reads the song the params name, as upload does, into a new score that
 * no store holds (score_free()): the one-call flow of arrange, which must
 * not evict a held score.  NULL with err filled (no song named at all:
 * ERR_NO_FILE).
 */
struct score *upload_score_new(struct daemon *d, json_t *params,
    struct vb_error *err);

#endif
