/* error.c - filling struct vb_error. */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "error.h"
#include "../transport/utf8.h"

static void
error_fill(struct vb_error *err, int rpc_code, const char *code,
    const char *field, const char *fmt, va_list ap)
{
	err->rpc_code = rpc_code;
	snprintf(err->code, sizeof err->code, "%s", code ? code : "ERR_INTERNAL");
	snprintf(err->field, sizeof err->field, "%s", field ? field : "");
	vsnprintf(err->message, sizeof err->message, fmt, ap);
	/* Both go out in JSON, which must be valid UTF-8: snprintf may have
	 * cut a character in two, and a path or name may not be UTF-8. */
	utf8_repair(err->field);
	utf8_repair(err->message);
}

int
vb_error_set(struct vb_error *err, int rpc_code, const char *code,
    const char *field, const char *fmt, ...)
{
	va_list ap;

	if (err == NULL)
		return -1;
	va_start(ap, fmt);
	error_fill(err, rpc_code, code, field, fmt, ap);
	va_end(ap);
	return -1;
}

int
vb_error_param(struct vb_error *err, const char *code, const char *field,
    const char *fmt, ...)
{
	va_list ap;

	if (err == NULL)
		return -1;
	va_start(ap, fmt);
	error_fill(err, RPC_INVALID_PARAMS, code, field, fmt, ap);
	va_end(ap);
	return -1;
}

void
vb_error_clear(struct vb_error *err)
{
	memset(err, 0, sizeof *err);
}
