/* test_utf8.c - strict UTF-8 validation and decoding. */
#include <string.h>

#include "testlib.h"
#include "core/utf8.h"

static size_t
check(const char *s)
{
	return utf8_invalid_offset(s, strlen(s));
}

START_TEST(accepts_valid)
{
	ck_assert_uint_eq(check("plain"), 5);
	ck_assert_uint_eq(check("C\xe2\x99\xaf" "4"), 5);         /* C♯4 */
	ck_assert_uint_eq(check("\xf0\x9f\x94\x94"), 4);          /* bell emoji */
	ck_assert_uint_eq(check("\xe2\x80\x8f"), 3);              /* RLM */
	ck_assert_uint_eq(check("\xf4\x8f\xbf\xbf"), 4);          /* U+10FFFF */
}
END_TEST

START_TEST(rejects_invalid)
{
	ck_assert_uint_eq(check("ab\xff"), 2);
	ck_assert_uint_eq(check("\xc0\xaf"), 0);                  /* overlong */
	ck_assert_uint_eq(check("\xe0\x80\xaf"), 0);              /* overlong */
	ck_assert_uint_eq(check("x\xed\xa0\x80"), 1);             /* surrogate */
	ck_assert_uint_eq(check("\xf4\x90\x80\x80"), 0);          /* > U+10FFFF */
	ck_assert_uint_eq(check("ok\xe2\x99"), 2);                /* truncated */
	ck_assert_uint_eq(check("\x80"), 0);                      /* lone cont. */
}
END_TEST

/* A sequence a byte at a time, as utf8_invalid_offset was written. */
static size_t
offset_by_bytes(const char *s, size_t len)
{
	size_t i = 0, n;

	while (i < len && (n = utf8_sequence_length(s + i, len - i)) != 0)
		i += n;
	return i;
}

/* utf8_invalid_offset steps over ASCII 8 bytes at a time: a sequence,
 * valid or not, at every offset of a run, and cut by the end. */
START_TEST(offsets_in_long_text)
{
	static const char *const seqs[] = {
		"\xff", "\xc3\xa9", "\xe2\x99", "\xe2\x99\xaf",
		"\xf0\x9f\x94\x94", "\xed\xa0\x80", "\x80", "",
	};
	char buf[64];

	for (size_t k = 0; k < sizeof seqs / sizeof seqs[0]; k++) {
		size_t n = strlen(seqs[k]);

		for (size_t at = 0; at + n <= 48; at++) {
			memset(buf, 'a', sizeof buf);
			memcpy(buf + at, seqs[k], n);
			for (size_t len = at; len <= 48; len++)
				ck_assert_uint_eq(utf8_invalid_offset(buf, len),
				    offset_by_bytes(buf, len));
		}
	}
	ck_assert_uint_eq(utf8_invalid_offset("abcdefghij\xff", 11), 10);
}
END_TEST

/* The one decoder: code points of valid text, U+FFFD a byte otherwise. */
START_TEST(decodes)
{
	size_t n;

	ck_assert_uint_eq(utf8_decode("A", 1, &n), 'A');
	ck_assert_uint_eq(n, 1);
	ck_assert_uint_eq(utf8_decode("\xe2\x99\xaf", 3, &n), 0x266F);
	ck_assert_uint_eq(n, 3);
	ck_assert_uint_eq(utf8_decode("\xf0\x9f\x94\x94", 4, &n), 0x1F514);
	ck_assert_uint_eq(n, 4);
	ck_assert_uint_eq(utf8_decode("\xc3\xab", 2, &n), 0xEB);     /* ë */
	ck_assert_uint_eq(utf8_decode("\xc0\xaf", 2, &n), 0xFFFD);   /* overlong */
	ck_assert_uint_eq(n, 1);
	ck_assert_uint_eq(utf8_decode("\xe2\x99", 2, &n), 0xFFFD);   /* cut */
	ck_assert_uint_eq(n, 1);
	ck_assert_uint_eq(utf8_decode("\x80", 1, &n), 0xFFFD);
}
END_TEST

static Suite *
utf8_suite(void)
{
	Suite *s = suite_create("utf8");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, accepts_valid);
	tcase_add_test(tc, rejects_invalid);
	tcase_add_test(tc, offsets_in_long_text);
	tcase_add_test(tc, decodes);
	suite_add_tcase(s, tc);
	return s;
}

VB_TEST_MAIN(utf8_suite)
