/* utf8.h - strict UTF-8 validation (RFC 3629: no overlongs, surrogates,
 * or code points above U+10FFFF). */
#ifndef VB_UTF8_H
#define VB_UTF8_H

#include <stddef.h>

/* Returns the offset of the first invalid byte, or len if all is valid. */
size_t utf8_invalid_offset(const char *s, size_t len);

#endif
