/* base64.c - RFC 4648 base64 encoding and strict decoding. */
#include <stdlib.h>

#include "base64.h"

static const char alphabet[] =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

char *
base64_encode(const unsigned char *in, size_t len)
{
	char *out = malloc((len + 2) / 3 * 4 + 1), *w = out;

	if (out == NULL)
		return NULL;
	for (size_t i = 0; i < len; i += 3) {
		unsigned v = (unsigned)in[i] << 16;
		if (i + 1 < len)
			v |= (unsigned)in[i + 1] << 8;
		if (i + 2 < len)
			v |= in[i + 2];
		*w++ = alphabet[(v >> 18) & 63];
		*w++ = alphabet[(v >> 12) & 63];
		*w++ = i + 1 < len ? alphabet[(v >> 6) & 63] : '=';
		*w++ = i + 2 < len ? alphabet[v & 63] : '=';
	}
	*w = '\0';
	return out;
}

static int
value_of(unsigned char c)
{
	if (c >= 'A' && c <= 'Z')
		return c - 'A';
	if (c >= 'a' && c <= 'z')
		return c - 'a' + 26;
	if (c >= '0' && c <= '9')
		return c - '0' + 52;
	if (c == '+')
		return 62;
	if (c == '/')
		return 63;
	return -1;
}

unsigned char *
base64_decode(const char *in, size_t len, size_t *out_len, size_t *bad_at)
{
	size_t data = len, pad = 0, o = 0;
	unsigned acc = 0;
	int bits = 0;
	unsigned char *out;

	while (data > 0 && in[data - 1] == '=' && pad < 2) {
		data--;
		pad++;
	}
	/* A character outside the alphabet is named first: checking the
	 * length first named the last character of "AAAA!AAAA", not '!'. */
	for (size_t i = 0; i < data; i++) {
		if (value_of((unsigned char)in[i]) < 0) {
			*bad_at = i;
			return NULL;
		}
	}
	/* With padding the length is a multiple of 4; without, a remainder
	 * of one character can never be valid. */
	if ((pad > 0 && len % 4 != 0) || data % 4 == 1) {
		*bad_at = data % 4 == 1 ? data - 1 : len - pad;
		return NULL;
	}
	out = malloc(data / 4 * 3 + 3);
	if (out == NULL) {
		*bad_at = (size_t)-1;
		return NULL;
	}
	for (size_t i = 0; i < data; i++) {
		int v = value_of((unsigned char)in[i]);

		if (v < 0) {
			free(out);
			*bad_at = i;
			return NULL;
		}
		acc = (acc << 6) | (unsigned)v;
		bits += 6;
		if (bits >= 8) {
			bits -= 8;
			out[o++] = (unsigned char)(acc >> bits);
			acc &= (1u << bits) - 1;
		}
	}
	if (acc != 0) {
		/* Non-zero leftover bits: not canonical base64. */
		free(out);
		*bad_at = data - 1;
		return NULL;
	}
	*out_len = o;
	return out;
}
