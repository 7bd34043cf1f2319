/* test_line_reader.c - bounded line framing. */
#include <string.h>

#include "testlib.h"
#include "transport/line_reader.h"

static void
feed(struct line_reader *lr, const char *s)
{
	size_t n = strlen(s), room;

	while (n > 0) {
		char *p = line_reader_space(lr, &room);
		ck_assert_ptr_nonnull(p);
		size_t k = n < room ? n : room;
		memcpy(p, s, k);
		line_reader_commit(lr, k);
		s += k;
		n -= k;
	}
}

static void
expect_line(struct line_reader *lr, const char *want)
{
	const char *line;
	size_t len;

	ck_assert_int_eq(line_reader_next(lr, &line, &len), LINE_OK);
	ck_assert_uint_eq(len, strlen(want));
	ck_assert(memcmp(line, want, len) == 0);
}

START_TEST(splits_lines_and_strips_cr)
{
	struct line_reader lr;
	const char *line;
	size_t len;

	line_reader_init(&lr, 100);
	feed(&lr, "one\r\ntwo\nthr");
	expect_line(&lr, "one");
	expect_line(&lr, "two");
	ck_assert_int_eq(line_reader_next(&lr, &line, &len), LINE_NEED_MORE);
	feed(&lr, "ee\n");
	expect_line(&lr, "three");
	line_reader_fini(&lr);
}
END_TEST

START_TEST(over_long_line_is_skipped_then_next_served)
{
	struct line_reader lr;
	const char *line;
	size_t len;
	char big[5000];

	memset(big, 'x', sizeof big - 1);
	big[sizeof big - 1] = '\0';
	line_reader_init(&lr, 1000);
	/* Feed the long line in pieces, as a pipe would. */
	for (int i = 0; i < 50; i++) {
		feed(&lr, big);
		ck_assert_int_eq(line_reader_next(&lr, &line, &len), LINE_NEED_MORE);
		/* Never buffers much more than the limit plus one chunk. */
		ck_assert_uint_le(lr.len, 1000 + 64 * 1024 + sizeof big);
	}
	feed(&lr, "\nok\n");
	ck_assert_int_eq(line_reader_next(&lr, &line, &len), LINE_TOO_LONG);
	expect_line(&lr, "ok");
	line_reader_fini(&lr);
}
END_TEST

START_TEST(line_exactly_at_limit_is_accepted)
{
	struct line_reader lr;
	const char *line;
	size_t len;

	line_reader_init(&lr, 5);
	feed(&lr, "12345\n123456\nab\n");
	expect_line(&lr, "12345");
	ck_assert_int_eq(line_reader_next(&lr, &line, &len), LINE_TOO_LONG);
	expect_line(&lr, "ab");
	line_reader_fini(&lr);
}
END_TEST

/*
 * A line of exactly max bytes and CRLF is a line of max bytes, wherever
 * the read boundary falls: here between its CR and its LF (it was
 * refused then, and accepted when both came in one read).  One byte more
 * (not a CR) is still too long.
 */
START_TEST(crlf_split_at_the_limit)
{
	struct line_reader lr;
	const char *line;
	size_t len;

	line_reader_init(&lr, 10);
	feed(&lr, "0123456789\r");
	ck_assert_int_eq(line_reader_next(&lr, &line, &len), LINE_NEED_MORE);
	feed(&lr, "\nok\n");
	expect_line(&lr, "0123456789");
	expect_line(&lr, "ok");
	feed(&lr, "0123456789x");
	ck_assert_int_eq(line_reader_next(&lr, &line, &len), LINE_NEED_MORE);
	feed(&lr, "\n");
	ck_assert_int_eq(line_reader_next(&lr, &line, &len), LINE_TOO_LONG);
	feed(&lr, "0123456789xy");
	ck_assert_int_eq(line_reader_next(&lr, &line, &len), LINE_NEED_MORE);
	feed(&lr, "\nnext\n");
	ck_assert_int_eq(line_reader_next(&lr, &line, &len), LINE_TOO_LONG);
	expect_line(&lr, "next");
	line_reader_fini(&lr);
}
END_TEST

/* After a big line the buffer shrinks back (an idle daemon gives the
 * memory of a 60 MiB request back). */
START_TEST(buffer_shrinks_after_a_big_line)
{
	struct line_reader lr;
	static char big[2 << 20];
	const char *line;
	size_t len, room;

	line_reader_init(&lr, sizeof big);
	memset(big, 'x', sizeof big - 1);
	feed(&lr, big);
	feed(&lr, "\n");
	ck_assert_int_eq(line_reader_next(&lr, &line, &len), LINE_OK);
	ck_assert_uint_ge(lr.cap, sizeof big - 1);
	ck_assert_ptr_nonnull(line_reader_space(&lr, &room));
	ck_assert_uint_le(lr.cap, 256 * 1024);
	line_reader_fini(&lr);
}
END_TEST

START_TEST(last_line_without_lf)
{
	struct line_reader lr;
	const char *line;
	size_t len;

	line_reader_init(&lr, 100);
	feed(&lr, "a\ntail");
	expect_line(&lr, "a");
	ck_assert_int_eq(line_reader_next(&lr, &line, &len), LINE_NEED_MORE);
	ck_assert_int_eq(line_reader_last(&lr, &line, &len), LINE_OK);
	ck_assert_uint_eq(len, 4);
	ck_assert(memcmp(line, "tail", 4) == 0);
	ck_assert_int_eq(line_reader_last(&lr, &line, &len), LINE_NEED_MORE);
	line_reader_fini(&lr);
}
END_TEST

static Suite *
line_reader_suite(void)
{
	Suite *s = suite_create("line_reader");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, splits_lines_and_strips_cr);
	tcase_add_test(tc, over_long_line_is_skipped_then_next_served);
	tcase_add_test(tc, line_exactly_at_limit_is_accepted);
	tcase_add_test(tc, last_line_without_lf);
	tcase_add_test(tc, crlf_split_at_the_limit);
	tcase_add_test(tc, buffer_shrinks_after_a_big_line);
	suite_add_tcase(s, tc);
	return s;
}

VB_TEST_MAIN(line_reader_suite)
