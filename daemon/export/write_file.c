/*
 * write_file.c - the export method's `path`: the platform writes the
 * file atomically (platform_write_file_atomic: a temporary file renamed
 * or linked into place); its outcome becomes an error in core/file_error.c.
 */
#include "export.h"
#include "../core/file_error.h"

int
export_write_file(const char *path, const void *buf, size_t len,
    int overwrite, char **abs_out, struct vb_error *err)
{
	int sys_errno;
	enum platform_write_status st;

	if (abs_out != NULL)
		*abs_out = NULL;
	st = platform_write_file_atomic(path, buf, len, overwrite, &sys_errno);
	if (st != PLATFORM_WRITE_OK)
		return file_write_error(err, st, path, sys_errno);
	if (abs_out != NULL)
		*abs_out = platform_absolute_path(path);
	return 0;
}
