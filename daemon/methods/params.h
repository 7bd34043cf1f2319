/*
 * params.h - the one way a method reads a parameter.  Each function reads
 * params[key], checks its type, fills *out and returns 0, or returns -1
 * with err filled (-32602 ERR_INVALID_PARAMS, data.field = key, one
 * wording per type).  Absent (and, with PARAM_NULL_OK, null) leaves *out
 * as the caller set it, so the default is written at the call site:
 *
 *	int overwrite = 0;
 *	if (param_bool(params, "overwrite", PARAM_OPTIONAL | PARAM_NULL_OK,
 *	    &overwrite, err) < 0)
 *		return -1;
 *
 * Strings and scores are borrowed from params / the store.  Checks that
 * carry a code of their own (upstream's player checks, config ranges) use
 * param_int_value and vb_error_param directly.
 */
#ifndef VB_PARAMS_H
#define VB_PARAMS_H

#include <jansson.h>

#include "../core/daemon.h"
#include "../core/error.h"

#define PARAM_REQUIRED  0x0u
#define PARAM_OPTIONAL  0x1u  /* absent is fine: *out keeps its default */
#define PARAM_NON_EMPTY 0x2u  /* a string: not "" and no NUL inside */
#define PARAM_NULL_OK   0x4u  /* null is fine: a string gives NULL, the
                                 other types keep their default */

struct score;

int param_string(const json_t *params, const char *key, unsigned flags,
    const char **out, struct vb_error *err);
/* A string with its length (it may hold NUL bytes: base64 content). */
int param_bytes(const json_t *params, const char *key, unsigned flags,
    const char **out, size_t *len, struct vb_error *err);
int param_bool(const json_t *params, const char *key, unsigned flags,
    int *out, struct vb_error *err);
/* An integer in lo..hi. */
int param_int_range(const json_t *params, const char *key, unsigned flags,
    long lo, long hi, long *out, struct vb_error *err);
/* The value v (not NULL) as an integer in lo..hi, refused with code at
 * field ("config.search_ms"). */
int param_int_value(const json_t *v, const char *field, const char *code,
    long lo, long hi, long *out, struct vb_error *err);

/*
 * The held score named by the `score_id` param (borrowed from the store,
 * valid until the next store change).  Unknown, closed or evicted:
 * -32001 ERR_UNKNOWN_SCORE.  Absent with PARAM_OPTIONAL: *out = NULL.
 */
int param_score(struct daemon *d, const json_t *params, unsigned flags,
    struct score **out, struct vb_error *err);

#endif
