/* test_score_store.c - bounded store: ids, LRU eviction, byte limit. */
#include <stdlib.h>
#include <string.h>

#include "testlib.h"
#include "music/score_store.h"

static struct score *
score_of(size_t n_notes)
{
	struct score *s = score_new();

	s->notes = calloc(n_notes ? n_notes : 1, sizeof *s->notes);
	s->n_notes = n_notes;
	return s;
}

START_TEST(ids_count_and_close)
{
	struct score_store *st = score_store_new(4, 1 << 20);
	char a[32], b[32];

	ck_assert_int_eq(score_store_put(st, score_of(1), a, sizeof a), 0);
	ck_assert_int_eq(score_store_put(st, score_of(1), b, sizeof b), 0);
	ck_assert_str_eq(a, "s1");
	ck_assert_str_eq(b, "s2");
	ck_assert_uint_eq(score_store_count(st), 2);
	ck_assert_ptr_nonnull(score_store_get(st, "s1"));
	ck_assert_ptr_null(score_store_get(st, "s3"));
	ck_assert_int_eq(score_store_close(st, "s1"), 0);
	ck_assert_int_eq(score_store_close(st, "s1"), -1);
	ck_assert_ptr_null(score_store_get(st, "s1"));
	ck_assert_uint_eq(score_store_count(st), 1);
	score_store_free(st);
}
END_TEST

START_TEST(evicts_least_recently_used)
{
	struct score_store *st = score_store_new(2, 1 << 20);
	char id[32];

	score_store_put(st, score_of(1), id, sizeof id);   /* s1 */
	score_store_put(st, score_of(1), id, sizeof id);   /* s2 */
	ck_assert_ptr_nonnull(score_store_get(st, "s1"));  /* s2 is now LRU */
	score_store_put(st, score_of(1), id, sizeof id);   /* s3 evicts s2 */
	ck_assert_ptr_nonnull(score_store_get(st, "s1"));
	ck_assert_ptr_null(score_store_get(st, "s2"));
	ck_assert_ptr_nonnull(score_store_get(st, "s3"));
	score_store_free(st);
}
END_TEST

START_TEST(byte_limit)
{
	struct score *probe = score_of(100);
	size_t one = score_bytes(probe);
	struct score_store *st = score_store_new(10, one * 2 + one / 2);
	char id[32];

	score_free(probe);
	score_store_put(st, score_of(100), id, sizeof id);
	score_store_put(st, score_of(100), id, sizeof id);
	score_store_put(st, score_of(100), id, sizeof id);  /* evicts s1 */
	ck_assert_uint_eq(score_store_count(st), 2);
	ck_assert_uint_le(score_store_bytes(st), one * 2 + one / 2);
	ck_assert_ptr_null(score_store_get(st, "s1"));
	/* One score alone over the limit is refused (and freed). */
	ck_assert_int_eq(score_store_put(st, score_of(1000), id, sizeof id),
	    -1);
	ck_assert_uint_eq(score_store_count(st), 2);
	score_store_free(st);
}
END_TEST

/* Two daemons' stores (two tags): the same upload order, ids that never
 * name the other's scores. */
START_TEST(tagged_ids_differ_between_instances)
{
	struct score_store *a = score_store_new(4, 1 << 20);
	struct score_store *b = score_store_new(4, 1 << 20);
	char ia[32], ib[32];

	score_store_set_tag(a, "0a1b2c3d");
	score_store_set_tag(b, "deadbeef");
	ck_assert_int_eq(score_store_put(a, score_of(1), ia, sizeof ia), 0);
	ck_assert_int_eq(score_store_put(b, score_of(1), ib, sizeof ib), 0);
	ck_assert_str_eq(ia, "s1-0a1b2c3d");
	ck_assert_str_eq(ib, "s1-deadbeef");
	ck_assert_ptr_nonnull(score_store_get(a, ia));
	ck_assert_ptr_null(score_store_get(a, ib));
	ck_assert_ptr_null(score_store_get(b, ia));
	ck_assert_ptr_null(score_store_get(a, "s1"));
	ck_assert_int_eq(score_store_close(b, ia), -1);
	score_store_free(a);
	score_store_free(b);
}
END_TEST

static Suite *
store_suite(void)
{
	Suite *su = suite_create("score_store");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, ids_count_and_close);
	tcase_add_test(tc, evicts_least_recently_used);
	tcase_add_test(tc, byte_limit);
	tcase_add_test(tc, tagged_ids_differ_between_instances);
	suite_add_tcase(su, tc);
	return su;
}

VB_TEST_MAIN(store_suite)
