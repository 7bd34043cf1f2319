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
 * Reads the song the params name, as upload does, into a new score that
 * no store holds (score_free()): the one-call flow of arrange, which must
 * not evict a held score.  NULL with err filled (no song named at all:
 * ERR_NO_FILE).
 */
struct score *upload_score_new(struct daemon *d, json_t *params,
    struct vb_error *err);

#endif
