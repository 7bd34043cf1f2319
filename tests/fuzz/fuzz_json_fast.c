/*
 * fuzz_json_fast.c - arbitrary bytes to json_fast_parse and to jansson.
 * Invariant (what the dispatcher relies on, test_json_fast.c): on valid
 * UTF-8, whatever the fast parser takes jansson takes too, with an equal
 * value and the same json_dumps text (key order); nothing crashes or
 * leaks.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "core/json_fast.h"
#include "core/utf8.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *text = (const char *)data;
	json_t *fast, *slow;
	char *a, *b;

	if (utf8_invalid_offset(text, size) != size)
		return 0;
	fast = json_fast_parse(text, size, 64);
	if (fast == NULL)
		return 0;
	slow = json_loadb(text, size, JSON_REJECT_DUPLICATES |
	    JSON_DECODE_ANY | JSON_ALLOW_NUL, NULL);
	if (slow == NULL || !json_equal(fast, slow))
		abort();
	a = json_dumps(fast, JSON_ENCODE_ANY);
	b = json_dumps(slow, JSON_ENCODE_ANY);
	if (a == NULL || b == NULL || strcmp(a, b) != 0)
		abort();
	free(a);
	free(b);
	json_decref(fast);
	json_decref(slow);
	return 0;
}
