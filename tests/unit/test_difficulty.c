/*
 * test_difficulty.c - per-ringer difficulty (issue 20): a piece with no
 * accidentals and no swaps rates the lowest level; adding accidentals
 * raises the counts of the ringers who ring them, and never lowers
 * anyone's; swaps and quick changes raise the level.
 */
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "testlib.h"
#include "engine/engine_internal.h"
#include "score_rows.h"

/* Four treble bells (one staff: all from C5), each rung 8 times, a beat
 * apart; sharp: every C5 is a C#5 instead. */
static struct score *
piece(int sharp)
{
	static const int bells[4] = { 72, 74, 77, 79 };
	int rows[32][4];

	for (int i = 0; i < 32; i++) {
		rows[i][0] = bells[i % 4] + (sharp && i % 4 == 0);
		rows[i][1] = i * 480;
		rows[i][2] = 240;
		rows[i][3] = 0;
	}
	return score_from_rows((const int (*)[4])rows, 32);
}

static json_t *
difficulty(const struct score *s, unsigned strategy, int n_players,
    enum player_level level)
{
	struct arrange_player p[3] = {
		{ "Ann", level, 0 }, { "Bo", level, 0 }, { "Cy", level, 0 },
	};
	struct arrange_request req;
	json_t *v, *d;

	memset(&req, 0, sizeof req);
	req.score = s;
	req.players = p;
	req.n_players = (size_t)n_players;
	req.strategies = 1u << strategy;
	req.include_difficulty = 1;
	arrange_config_default(&req.config);
	v = arrange_result(&req);
	d = json_incref(json_object_get(json_array_get(json_object_get(v,
	    "arrangements"), 0), "difficulty"));
	json_decref(v);
	ck_assert_ptr_nonnull(d);
	return d;
}

static long
get(json_t *d, const char *player, const char *key)
{
	return (long)json_integer_value(json_object_get(json_object_get(
	    json_object_get(d, "players"), player), key));
}

START_TEST(no_accidentals_no_swaps_is_the_lowest)
{
	struct score *plain = piece(0), *sharp = piece(1);
	json_t *d0 = difficulty(plain, STRATEGY_BALANCED, 2, LEVEL_BEGINNER);
	json_t *d1 = difficulty(sharp, STRATEGY_BALANCED, 2, LEVEL_BEGINNER);
	static const char *const who[2] = { "Ann", "Bo" };
	int raised = 0;

	ck_assert_int_eq(json_integer_value(json_object_get(d0, "level")), 1);
	for (int i = 0; i < 2; i++) {
		ck_assert_int_eq(get(d0, who[i], "changes"), 0);
		ck_assert_int_eq(get(d0, who[i], "level"), 1);
		ck_assert(json_is_null(json_object_get(json_object_get(
		    json_object_get(d0, "players"), who[i]),
		    "shortest_change_beats")));
		/* Accidentals raise the counts of whoever rings them. */
		ck_assert_int_ge(get(d1, who[i], "changes"),
		    get(d0, who[i], "changes"));
		ck_assert_int_ge(get(d1, who[i], "level"),
		    get(d0, who[i], "level"));
		if (get(d1, who[i], "accidentals") > 0) {
			ck_assert_int_eq(get(d1, who[i], "accidentals"), 8);
			ck_assert_int_gt(get(d1, who[i], "level"), 1);
			raised++;
		}
	}
	ck_assert_int_eq(raised, 1);
	ck_assert_int_gt(json_integer_value(json_object_get(d1, "level")), 1);
	json_decref(d0);
	json_decref(d1);
	score_free(plain);
	score_free(sharp);
}
END_TEST

/* One ringer, four bells a beat apart: swaps every beat, half a beat
 * between a note's end and the next pick-up. */
START_TEST(swaps_and_quick_changes_raise_the_level)
{
	struct score *s = piece(0);
	json_t *d = difficulty(s, STRATEGY_BALANCED, 1, LEVEL_EXPERIENCED);
	json_t *pl = json_object_get(json_object_get(d, "players"), "Ann");

	ck_assert_int_gt(get(d, "Ann", "swaps"), 16);
	ck_assert_double_eq_tol(json_real_value(json_object_get(pl,
	    "shortest_change_beats")), 1.5, 1e-9);
	ck_assert_int_eq(get(d, "Ann", "level"), 4);
	ck_assert_str_eq(json_string_value(json_object_get(d, "hardest")),
	    "Ann");
	json_decref(d);
	score_free(s);
}
END_TEST

static Suite *
difficulty_suite(void)
{
	Suite *s = suite_create("difficulty");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, no_accidentals_no_swaps_is_the_lowest);
	tcase_add_test(tc, swaps_and_quick_changes_raise_the_level);
	suite_add_tcase(s, tc);
	return s;
}

VB_TEST_MAIN(difficulty_suite)
