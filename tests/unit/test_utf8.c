/* test_utf8.c - strict UTF-8 validation. */
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

static Suite *
utf8_suite(void)
{
	Suite *s = suite_create("utf8");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, accepts_valid);
	tcase_add_test(tc, rejects_invalid);
	suite_add_tcase(s, tc);
	return s;
}

VB_TEST_MAIN(utf8_suite)
