/*
 * file_error.h - the one place where what the platform ran into reading
 * or writing a file (platform.h's statuses) becomes a vb_error a client
 * can act on: its ERR_* code, JSON-RPC code and message.  data.field is
 * always "path".
 */
#ifndef VB_FILE_ERROR_H
#define VB_FILE_ERROR_H

#include <stddef.h>

#include "error.h"
#include "platform.h"

/* st is not PLATFORM_READ_OK; max_bytes is the limit a TOO_LARGE hit.
 * Returns -1. */
int file_read_error(struct vb_error *err, enum platform_read_status st,
    const char *path, size_t max_bytes, int sys_errno);
/* st is not PLATFORM_WRITE_OK.  Returns -1. */
int file_write_error(struct vb_error *err, enum platform_write_status st,
    const char *path, int sys_errno);

#endif
