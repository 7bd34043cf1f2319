/*
 * test_arrange_regress.c - the inputs the arrangement fuzzer found
 * (tests/fuzz/regress/arrange/, which also keeps one seed, seed-mixed8,
 * so the replay always has work), replayed through the same request
 * builder and invariant checks (tests/fuzz/arrange_case.h); and those
 * checks shown to catch results broken the way each guards against.
 */
#include <string.h>

#include "testlib.h"
#include "../fuzz/arrange_case.h"

static void
replay(const uint8_t *data, size_t len, const char *what)
{
	struct arrange_case c;

	ck_assert_int_eq(arrange_case_build(&c, data, len), 0);
	ck_assert_msg(arrange_case_check(&c) == 0, "%s: %s", what, c.why);
	arrange_case_free(&c);
}

static void
replay_file(const char *name, unsigned char *buf, size_t len, void *arg)
{
	(void)arg;
	replay(buf, len, name);
}

START_TEST(fuzz_findings_hold_invariants)
{
	ck_assert_int_gt(test_each_file("fuzz/regress/arrange", replay_file,
	    NULL), 0);
}
END_TEST

/*
 * A hand-made request: all strategies, 3 players (intermediate, unknown,
 * beginner), pitches 60..71 (12 bells for 7 places: virtual players
 * join), 480 ticks per beat, 24 notes a beat apart.
 */
static size_t
hand_made(uint8_t *in)
{
	size_t n = 11;

	memset(in, 0, 11);
	in[2] = 2;                      /* 3 players */
	in[3] = 1;
	in[4] = 3;
	in[5] = 2;
	in[6] = 60;                     /* pitches 60 + 0..11 */
	in[7] = 11;
	in[8] = 479 >> 8;               /* 1 + 479 ticks per beat */
	in[9] = 479 & 255;
	for (int k = 0; k < 24; k++) {
		in[n++] = (uint8_t)(k * 5);
		in[n++] = 1;                /* one beat on (scale 480) */
		in[n++] = 200;
		in[n++] = 2;
	}
	return n;
}

/* The invariants hold on it, and each check fails on a result broken
 * the way it guards against. */
START_TEST(checks_catch_broken_results)
{
	uint8_t in[11 + 24 * 4];
	struct arrange_case c;
	json_t *res, *a, *pl, *bell;
	const char *name, *first = NULL;
	size_t len = hand_made(in);

	replay(in, len, "hand-made");
	ck_assert_int_eq(arrange_case_build(&c, in, len), 0);
	ck_assert_uint_eq(c.req.n_players, 3);
	ck_assert_uint_eq(c.s->n_unique, 12);
	ck_assert_int_eq(c.s->ticks_per_beat, 480);

	/* A bell held twice. */
	ck_assert_int_eq(arrange_case_run(&c, &res), 0);
	ck_assert_ptr_nonnull(res);
	a = json_array_get(json_object_get(res, "arrangements"), 0);
	json_object_foreach(json_object_get(a, "assignments"), name, pl) {
		if (first == NULL) {
			first = name;
			bell = json_array_get(json_object_get(pl, "bells"), 0);
			continue;
		}
		/* Its first bell becomes the first player's. */
		for (int h = 0; h < 3; h++) {
			static const char *const keys[3] = { "bells",
			    "left_hand", "right_hand" };
			json_t *v = json_object_get(pl, keys[h]), *x;
			size_t i;

			json_array_foreach(v, i, x)
				if (json_equal(x, json_array_get(
				    json_object_get(pl, "bells"), 0)) && h > 0)
					json_array_set(v, i, bell);
		}
		json_array_set(json_object_get(pl, "bells"), 0, bell);
		break;
	}
	ck_assert_int_eq(check_result(&c, res), -1);
	ck_assert_msg(strstr(c.why, "times") != NULL, "%s", c.why);
	json_decref(res);

	/* A hand missing a bell. */
	ck_assert_int_eq(arrange_case_run(&c, &res), 0);
	a = json_array_get(json_object_get(res, "arrangements"), 0);
	pl = json_object_get(json_object_get(a, "assignments"), "P0");
	ck_assert_ptr_nonnull(pl);
	json_array_clear(json_object_get(pl, "right_hand"));
	ck_assert_int_eq(check_result(&c, res), -1);
	ck_assert_msg(strstr(c.why, "hands hold") != NULL, "%s", c.why);
	json_decref(res);

	/* A quality score above 100. */
	ck_assert_int_eq(arrange_case_run(&c, &res), 0);
	a = json_array_get(json_object_get(res, "arrangements"), 0);
	json_object_set_new(a, "quality_score", json_real(100.5));
	ck_assert_int_eq(check_result(&c, res), -1);
	ck_assert_msg(strstr(c.why, "out of 0..100") != NULL, "%s", c.why);
	json_decref(res);

	/* A swap count the simulation does not show. */
	ck_assert_int_eq(arrange_case_run(&c, &res), 0);
	a = json_array_get(json_object_get(res, "arrangements"), 0);
	json_object_set_new(json_object_get(a, "swaps"), "P0",
	    json_integer(1000));
	ck_assert_int_eq(check_result(&c, res), -1);
	ck_assert_msg(strstr(c.why, "simulation pick-ups") != NULL, "%s",
	    c.why);
	json_decref(res);

	/* More bells than the level allows: the unknown player (2). */
	ck_assert_int_eq(arrange_case_run(&c, &res), 0);
	a = json_array_get(json_object_get(res, "arrangements"), 0);
	pl = json_object_get(json_object_get(a, "assignments"), "P1");
	ck_assert_ptr_nonnull(pl);
	json_array_append_new(json_object_get(pl, "bells"), json_string("C9"));
	json_array_append_new(json_object_get(pl, "bells"), json_string("D9"));
	json_array_append_new(json_object_get(pl, "left_hand"),
	    json_string("C9"));
	json_array_append_new(json_object_get(pl, "right_hand"),
	    json_string("D9"));
	ck_assert_int_eq(check_result(&c, res), -1);
	ck_assert_msg(strstr(c.why, "limit 2") != NULL, "%s", c.why);
	json_decref(res);
	arrange_case_free(&c);
}
END_TEST

/* The first arrangement of res that rings a second copy, or NULL. */
static json_t *
with_copies(json_t *res)
{
	json_t *a;
	size_t i;

	json_array_foreach(json_object_get(res, "arrangements"), i, a)
		if (json_object_get(a, "duplicate_bells") != NULL)
			return a;
	return NULL;
}

/* The last ring event of a's simulation, whichever player's. */
static json_t *
a_ring(json_t *a, json_t **events)
{
	json_t *pl, *ev, *found = NULL;
	size_t i, k;

	json_array_foreach(json_object_get(json_object_get(a, "simulation"),
	    "players"), i, pl)
		json_array_foreach(json_object_get(pl, "events"), k, ev)
			if (strcmp(json_string_value(json_object_get(ev,
			    "type")), "ring") == 0) {
				found = ev;
				*events = json_object_get(pl, "events");
			}
	return found;
}

/*
 * Choir mode (a fuzz input that gives a duplicated bell's second copy to
 * another ringer): the invariants hold, and the choir checks fail on a
 * ring rung twice, on copies whose rings do not add up, and on a bell
 * outside the set.
 */
static void
load_choir_case(const char *name, unsigned char *buf, size_t len,
    void *arg)
{
	struct arrange_case *c = arg;

	if (strcmp(name, "choir-duplicate-shared") == 0)
		ck_assert_int_eq(arrange_case_build(c, buf, len), 0);
}

START_TEST(choir_checks_catch_broken_results)
{
	struct arrange_case c;
	json_t *res, *a, *events = NULL, *ring, *e;
	const char *name;

	memset(&c, 0, sizeof c);
	test_each_file("fuzz/regress/arrange", load_choir_case, &c);
	ck_assert_ptr_nonnull(c.req.choir);
	ck_assert_int_eq(arrange_case_check(&c), 0);

	/* A ring rung twice. */
	ck_assert_int_eq(arrange_case_run(&c, &res), 0);
	ck_assert_ptr_nonnull(a = with_copies(res));
	ck_assert_ptr_nonnull(ring = a_ring(a, &events));
	json_array_append(events, ring);
	ck_assert_int_eq(check_arrangement(&c, a), -1);
	ck_assert_msg(strstr(c.why, "rings") != NULL, "%s", c.why);
	json_decref(res);

	/* Copies whose rings are not the bell's notes. */
	ck_assert_int_eq(arrange_case_run(&c, &res), 0);
	a = with_copies(res);
	e = json_array_get(json_object_get(json_array_get(json_object_get(a,
	    "duplicate_bells"), 0), "copies"), 1);
	json_object_set_new(e, "rings", json_integer(json_integer_value(
	    json_object_get(e, "rings")) + 1));
	ck_assert_int_eq(check_arrangement(&c, a), -1);
	ck_assert_msg(strstr(c.why, "duplicate_bells") != NULL, "%s", c.why);
	json_decref(res);

	/* A bell the set does not own: C#9 is no bell at all. */
	ck_assert_int_eq(arrange_case_run(&c, &res), 0);
	a = with_copies(res);
	json_object_foreach(json_object_get(a, "assignments"), name, e) {
		json_array_append_new(json_object_get(e, "bells"),
		    json_string("C#9"));
		json_array_append_new(json_object_get(e, "left_hand"),
		    json_string("C#9"));
		break;
	}
	ck_assert_int_eq(check_arrangement(&c, a), -1);
	ck_assert_msg(strstr(c.why, "not in the set") != NULL, "%s", c.why);
	json_decref(res);
	arrange_case_free(&c);
}
END_TEST

static Suite *
arrange_regress_suite(void)
{
	Suite *s = suite_create("arrange_regress");
	TCase *tc = tcase_create("core");

	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, fuzz_findings_hold_invariants);
	tcase_add_test(tc, checks_catch_broken_results);
	tcase_add_test(tc, choir_checks_catch_broken_results);
	suite_add_tcase(s, tc);
	return s;
}

VB_TEST_MAIN(arrange_regress_suite)
