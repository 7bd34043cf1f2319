/*
 * method.h - one JSON-RPC method = one file in methods/ exporting one
 * entry; methods/method_table.c lists them.  Adding a method is a new file and a
 * row in the table.
 */
#ifndef VB_METHOD_H
#define VB_METHOD_H

#include <jansson.h>

#include "../core/daemon.h"
#include "../core/error.h"
#include "../core/json_out.h"

/*
 * params: borrowed, always a JSON object (the dispatcher turns an absent
 * params into {} and refuses arrays).  Returns a new reference to the
 * result, or NULL with err filled.
 */
typedef json_t *(*method_fn)(struct daemon *d, json_t *params,
    struct vb_error *err);

/*
 * For a method whose result is large (arrange, with its simulation):
 * writes the result as one JSON value straight into out and returns 0,
 * or returns -1 with err filled (what was written is discarded).  The
 * dispatcher splices it into the response; the command line parses it.
 */
typedef int (*method_text_fn)(struct daemon *d, json_t *params,
    struct json_out *out, struct vb_error *err);

/* Exactly one of run and run_text is set. */
struct method_entry {
	const char *name;
	method_fn run;
	method_text_fn run_text;
};

/* The table, NULL-terminated; and a lookup by name (NULL if unknown). */
extern const struct method_entry *const method_table[];
const struct method_entry *method_find(const char *name);
#endif
