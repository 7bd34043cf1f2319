/*
 * The part of platform_read_file both platforms share: given an opened
 * regular file and the size it had when checked, read it whole without
 * ever going past max bytes, whether it grows or shrinks meanwhile.
 */

#include <errno.h>
#include <stdlib.h>

#include "platform.h"

enum platform_read_status
platform_read_sized(platform_read_fn rd, void *h, unsigned long long size,
    size_t max, unsigned char **out, size_t *out_len, int *sys_errno)
{
	unsigned char *buf;
	size_t len = 0, got;

	if (size > max)
		return PLATFORM_READ_TOO_LARGE;
	if ((buf = malloc((size_t)size + 1)) == NULL) {
		*sys_errno = ENOMEM;
		return PLATFORM_READ_IO;
	}
	/* Read to EOF, but never beyond size: one byte more means it grew. */
	for (;;) {
		unsigned char extra;
		int grown = len == (size_t)size;

		if (rd(h, grown ? &extra : buf + len,
		    grown ? 1 : (size_t)size - len, &got, sys_errno) != 0) {
			free(buf);
			return PLATFORM_READ_IO;
		}
		if (got == 0)
			break;   /* EOF; a file that shrank gives what is there */
		if (grown) {
			free(buf);
			return PLATFORM_READ_TOO_LARGE;
		}
		len += got;
	}
	buf[len] = '\0';
	*out = buf;
	*out_len = len;
	return PLATFORM_READ_OK;
}
