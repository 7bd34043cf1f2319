/*
 * error.h - the one error struct that crosses layers.
 *
 * Every layer below the dispatcher reports failure by filling a struct
 * vb_error and returning -1 (or NULL).  The dispatcher is the only place
 * that turns it into a JSON-RPC error object.
 */
#ifndef VB_ERROR_H
#define VB_ERROR_H

#include "attrs.h"

/* JSON-RPC 2.0 codes. */
#define RPC_PARSE_ERROR      (-32700)
#define RPC_INVALID_REQUEST  (-32600)
#define RPC_METHOD_NOT_FOUND (-32601)
#define RPC_INVALID_PARAMS   (-32602)
#define RPC_INTERNAL_ERROR   (-32603)
/* LSP's RequestCancelled: $/cancelRequest, or the daemon is stopping. */
#define RPC_REQUEST_CANCELLED (-32800)
/* Application errors: -32000..-32099, always with a data.code string. */
#define RPC_APP_ERROR        (-32000) /* the input (file, song) was refused */
#define RPC_NOT_FOUND        (-32001) /* a named resource (score id) is gone */
#define RPC_LIMIT_EXCEEDED   (-32002) /* a configured limit was hit */
#define RPC_IO_ERROR         (-32003) /* reading or writing a file failed */

struct vb_error {
	int rpc_code;       /* one of the RPC_* codes above; 0 = no error */
	char code[48];      /* stable ERR_* string, sent as data.code */
	char field[128];    /* offending param path ("players[2].name"), or "" */
	char message[512];  /* for a person */
};

/*
 * Fill err (if not NULL) and return -1, so that callers can write
 * `return vb_error_set(err, ...);`.  field may be NULL.
 */
int vb_error_set(struct vb_error *err, int rpc_code, const char *code,
    const char *field, const char *fmt, ...)
    VB_PRINTF(5, 6);

/* Invalid params shorthand: rpc_code RPC_INVALID_PARAMS. */
int vb_error_param(struct vb_error *err, const char *code, const char *field,
    const char *fmt, ...) VB_PRINTF(4, 5);

/* Out of memory, whatever the layer: ERR_NO_MEMORY, -32603, message
 * "Out of memory <doing>".  Returns -1. */
int vb_error_nomem(struct vb_error *err, const char *doing);

void vb_error_clear(struct vb_error *err);

/*
 * The one list of data.code values (error.c).  Every ERR_* string the
 * daemon sends is a row here; tests/unit/test_error_codes.c checks that
 * each row is documented in protocol/PROTOCOL.md, that PROTOCOL.md names
 * no code missing here, and that the sources use no code missing here.
 * rpc_code is the usual JSON-RPC code; a few codes take another where
 * PROTOCOL.md says so (meaning names it).
 */
struct vb_error_code {
	const char *code;
	int rpc_code;
	const char *meaning;
};
extern const struct vb_error_code vb_error_codes[];
extern const size_t vb_error_code_count;
/* The row of code, or NULL when the code is not in the list. */
const struct vb_error_code *vb_error_code_find(const char *code);

#endif
