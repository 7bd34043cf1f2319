/*
 * dispatch.h - JSON-RPC 2.0 over one line: parse, validate, route to the
 * method table, build the response.  The only place a struct vb_error
 * becomes a JSON-RPC error object.
 */
#ifndef VB_DISPATCH_H
#define VB_DISPATCH_H

#include <jansson.h>
#include <stddef.h>

#include "../core/daemon.h"
#include "../core/error.h"
#include "../core/json_out.h"

/*
 * Answers one protocol line (without its LF), appending the response (an
 * object, or an array for a batch) to o.  Returns 1 if a response was
 * written, 0 when nothing is to be sent (a notification, a batch of them).
 */
int dispatch_line(struct daemon *d, const char *line, size_t len,
    struct json_out *o);

/* The response to a line over --max-message-bytes, appended to o. */
void dispatch_too_large(const struct daemon *d, struct json_out *o);

/* A JSON-RPC error response for err with the given id (borrowed; NULL
 * means null), appended to o. */
void dispatch_write_error(struct json_out *o, const json_t *id,
    const struct vb_error *err);

/*
 * Runs one method directly, as a request would (the command line uses
 * this, so it shares every handler with the protocol).  params is
 * borrowed (NULL means {}).  Returns a new reference to the result, or
 * NULL with err filled (an unknown method is RPC_METHOD_NOT_FOUND).
 */
json_t *dispatch_call(struct daemon *d, const char *method, json_t *params,
    struct vb_error *err);

#endif
