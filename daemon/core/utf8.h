/* utf8.h - strict UTF-8 validation (RFC 3629: no overlongs, surrogates,
 * or code points above U+10FFFF). */
#ifndef VB_UTF8_H
#define VB_UTF8_H

#include <stddef.h>
#include <stdint.h>

/* Returns the offset of the first invalid byte, or len if all is valid. */
size_t utf8_invalid_offset(const char *s, size_t len);

/* Characters (code points) in the first len bytes of valid UTF-8. */
size_t utf8_char_count(const char *s, size_t len);

/* Length of the valid UTF-8 sequence starting at s (1..4), or 0 if the
 * byte there starts none (len bytes are readable). */
size_t utf8_sequence_length(const char *s, size_t len);

/*
 * The code point at s (len >= 1 bytes readable; in NUL-terminated text
 * strnlen(s, 4) is enough), its length in *n.  A byte that starts no
 * valid sequence is U+FFFD of length 1.  The daemon's one decoder.
 */
uint32_t utf8_decode(const char *s, size_t len, size_t *n);

/*
 * A new NUL-terminated copy of s (len bytes) in which every byte that
 * does not belong to a valid sequence (and every NUL) is replaced by
 * U+FFFD.  Returns NULL when memory runs out.
 */
char *utf8_make_valid(const char *s, size_t len);

/*
 * Makes the NUL-terminated text in buf valid in place, for messages built
 * with snprintf: a character cut at the end by truncation is dropped,
 * and any other invalid byte becomes '?'.
 */
void utf8_repair(char *buf);

#endif
