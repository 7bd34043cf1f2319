/*
 * atomic_write.c - the export method's `path`: the platform writes the
 * file atomically (platform_write_file_atomic); here its outcome becomes
 * an error a client can act on.
 */
#include <stdlib.h>
#include <string.h>

#include "export.h"
#include "../core/platform.h"

int
export_write_file(const char *path, const void *buf, size_t len,
    int overwrite, char **abs_out, struct vb_error *err)
{
	int sys_errno;
	enum platform_write_status st;

	if (abs_out != NULL)
		*abs_out = NULL;
	st = platform_write_file_atomic(path, buf, len, overwrite, &sys_errno);
	switch (st) {
	case PLATFORM_WRITE_OK:
		break;
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
	if (abs_out != NULL)
		*abs_out = platform_absolute_path(path);
	return 0;
}
