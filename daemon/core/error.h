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

void vb_error_clear(struct vb_error *err);

#endif
