/* file_error.c - file statuses as errors (file_error.h). */
#include <string.h>

#include "file_error.h"

int
file_read_error(struct vb_error *err, enum platform_read_status st,
    const char *path, size_t max_bytes, int sys_errno)
{
	switch (st) {
	case PLATFORM_READ_NOT_FOUND:
		return vb_error_set(err, RPC_IO_ERROR, "ERR_FILE_NOT_FOUND",
		    "path", "No file at %.200s", path);
	case PLATFORM_READ_NOT_REGULAR:
		return vb_error_set(err, RPC_IO_ERROR, "ERR_NOT_REGULAR_FILE",
		    "path", "%.200s is not a regular file (a directory, device "
		    "or pipe)", path);
	case PLATFORM_READ_TOO_LARGE:
		return vb_error_set(err, RPC_LIMIT_EXCEEDED, "ERR_FILE_TOO_LARGE",
		    "path", "The file is larger than %zu bytes", max_bytes);
	case PLATFORM_READ_DENIED:
		return vb_error_set(err, RPC_IO_ERROR, "ERR_PERMISSION_DENIED",
		    "path", "Not allowed to read %.200s", path);
	default:
		return vb_error_set(err, RPC_IO_ERROR, "ERR_IO", "path",
		    "Reading %.200s failed: %s", path, strerror(sys_errno));
	}
}

int
file_write_error(struct vb_error *err, enum platform_write_status st,
    const char *path, int sys_errno)
{
	switch (st) {
	case PLATFORM_WRITE_IS_DIRECTORY:
		return vb_error_param(err, "ERR_PATH_IS_DIRECTORY", "path",
		    "'%.200s' is a directory, not a file name", path);
	case PLATFORM_WRITE_NO_PARENT:
		return vb_error_param(err, "ERR_NO_PARENT_DIRECTORY", "path",
		    "The folder of '%.200s' does not exist", path);
	case PLATFORM_WRITE_EXISTS:
		return vb_error_set(err, RPC_IO_ERROR, "ERR_FILE_EXISTS", "path",
		    "'%.200s' already exists (pass overwrite: true to replace it)",
		    path);
	case PLATFORM_WRITE_NOT_REGULAR:
		return vb_error_param(err, "ERR_NOT_REGULAR_FILE", "path",
		    "'%.200s' is not a regular file (a device, pipe or socket)",
		    path);
	case PLATFORM_WRITE_DENIED:
		return vb_error_set(err, RPC_IO_ERROR, "ERR_PERMISSION_DENIED",
		    "path", "Cannot write '%.200s': %s", path, strerror(sys_errno));
	default:
		return vb_error_set(err, RPC_IO_ERROR, "ERR_IO", "path",
		    "Cannot write '%.200s': %s", path,
		    sys_errno ? strerror(sys_errno) : "I/O error");
	}
}
