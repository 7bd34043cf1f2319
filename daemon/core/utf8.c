/* utf8.c - strict UTF-8 validation, and repair of text that must go out
 * valid (names read from files, messages cut by snprintf). */
#include <stdlib.h>
#include <string.h>

#include "utf8.h"

size_t
utf8_sequence_length(const char *str, size_t len)
{
	const unsigned char *s = (const unsigned char *)str;
	unsigned c = s[0], lo = 0x80, hi = 0xBF;
	size_t n;

	if (c < 0x80)
		return 1;
	if (c >= 0xC2 && c <= 0xDF) {
		n = 1;
	} else if (c >= 0xE0 && c <= 0xEF) {
		n = 2;
		if (c == 0xE0)
			lo = 0xA0;      /* overlong */
		else if (c == 0xED)
			hi = 0x9F;      /* surrogates */
	} else if (c >= 0xF0 && c <= 0xF4) {
		n = 3;
		if (c == 0xF0)
			lo = 0x90;      /* overlong */
		else if (c == 0xF4)
			hi = 0x8F;      /* above U+10FFFF */
	} else {
		return 0;
	}
	if (len <= n)
		return 0;
	if (s[1] < lo || s[1] > hi)
		return 0;
	for (size_t k = 2; k <= n; k++)
		if ((s[k] & 0xC0) != 0x80)
			return 0;
	return n + 1;
}

uint32_t
utf8_decode(const char *str, size_t len, size_t *n)
{
	const unsigned char *s = (const unsigned char *)str;
	size_t k = utf8_sequence_length(str, len);
	uint32_t cp;

	if (k == 0) {
		*n = 1;
		return 0xFFFD;
	}
	*n = k;
	if (k == 1)
		return s[0];
	cp = s[0] & (0x7Fu >> k);
	for (size_t i = 1; i < k; i++)
		cp = (cp << 6) | (s[i] & 0x3Fu);
	return cp;
}

size_t
utf8_char_count(const char *s, size_t len)
{
	size_t n = 0;

	for (size_t i = 0; i < len; i++)
		n += ((unsigned char)s[i] & 0xC0) != 0x80;
	return n;
}

size_t
utf8_invalid_offset(const char *s, size_t len)
{
	size_t i = 0;

	while (i < len) {
		size_t n;
		uint64_t w;

		/* ASCII, nearly all of a request, 8 bytes a step (a byte a
		 * step cost 16 instructions a byte). */
		if (i + 8 <= len) {
			memcpy(&w, s + i, 8);
			if ((w & UINT64_C(0x8080808080808080)) == 0) {
				i += 8;
				continue;
			}
		}
		n = utf8_sequence_length(s + i, len - i);
		if (n == 0)
			return i;
		i += n;
	}
	return len;
}

char *
utf8_make_valid(const char *s, size_t len)
{
	/* Each bad byte (1) becomes 3: the copy is at most 3 len + 1. */
	char *out = len < ((size_t)-1) / 3 ? malloc(3 * len + 1) : NULL;
	size_t w = 0;

	if (out == NULL)
		return NULL;
	for (size_t i = 0; i < len;) {
		size_t n = utf8_sequence_length(s + i, len - i);

		if (n == 0 || s[i] == '\0') {
			memcpy(out + w, "\xef\xbf\xbd", 3);
			w += 3;
			i++;
			continue;
		}
		memcpy(out + w, s + i, n);
		w += n;
		i += n;
	}
	out[w] = '\0';
	return out;
}

void
utf8_repair(char *buf)
{
	size_t len = strlen(buf), i = 0;

	while (i < len) {
		size_t n = utf8_sequence_length(buf + i, len - i);

		if (n > 0) {
			i += n;
			continue;
		}
		/* A lead byte whose sequence the end cut short: drop it. */
		size_t k = 1;
		while (i + k < len && k < 4 &&
		    ((unsigned char)buf[i + k] & 0xC0) == 0x80)
			k++;
		if ((unsigned char)buf[i] >= 0xC2 && i + k == len) {
			buf[i] = '\0';
			return;
		}
		buf[i++] = '?';
	}
}
