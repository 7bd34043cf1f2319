/* base64.h - RFC 4648 base64, as upload and export carry file bytes. */
#ifndef VB_BASE64_H
#define VB_BASE64_H

#include <stddef.h>

/* Encodes with padding.  Returns a new string (free()), or NULL. */
char *base64_encode(const unsigned char *in, size_t len);

/*
 * Decodes strictly: the standard alphabet, padding optional but only at
 * the end, no other characters (no line breaks, no URL alphabet), unused
 * trailing bits must be zero.  Returns a new buffer (free()) with *out_len
 * set; NULL if the text is not base64 (*bad_at: offset of the first bad
 * character) or memory ran out (*bad_at == (size_t)-1).
 */
unsigned char *base64_decode(const char *in, size_t len, size_t *out_len,
    size_t *bad_at);

#endif
