/*
 * test_previous.c - keeping last week's positions (issue 20): the same
 * piece arranged again with one ringer absent, the first arrangement as
 * `previous`: with positions and optimized every other ringer keeps at
 * least the bells they had, and changes_from_previous lists exactly the
 * bells that moved - the absent ringer's.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "testlib.h"
#include "core/daemon.h"
#include "engine/engine_internal.h"
#include "music/loaders.h"
#include "score_rows.h"

static const char *const files[] = {
	"abc-candlemas-eve-hymn.mid", "abc-daramud.mid", "blupi-music004.mid",
	"upstream-o-for-a-thousand-tongues.mid",
	"musescore-unclaimed-gift.musicxml",
};



/* The assignments as previous, the way the params check reads them. */
static void
as_previous(json_t *as, const struct arrange_player *p, size_t n,
    struct bell_previous *pv)
{
	static const char *const keys[3] = { "bells", "left_hand",
	    "right_hand" };
	const char *name;
	json_t *v;

	memset(pv, 0, sizeof *pv);
	pv->given = 1;
	json_object_foreach(as, name, v) {
		int pi = -1;

		for (size_t i = 0; i < n; i++)
			if (strcmp(p[i].name, name) == 0)
				pi = (int)i;
		if (pi >= 0 && json_is_string(json_object_get(v, "position")))
			pv->position[pi] = json_string_value(json_object_get(v,
			    "position"));
		for (int h = 0; h < 3; h++) {
			size_t j;
			json_t *b;

			json_array_foreach(json_object_get(v, keys[h]), j, b) {
				int q = pitch_from_name(json_string_value(b));

				pv->holder[q] = name;
				pv->owner[q] = (uint8_t)(pi + 1);
				if (h > 0)
					pv->hand[q] = (uint8_t)h;
			}
		}
	}
}

static json_t *
of_strategy(json_t *res, const char *strategy)
{
	size_t i;
	json_t *a;

	json_array_foreach(json_object_get(res, "arrangements"), i, a)
		if (strcmp(json_string_value(json_object_get(a, "strategy")),
		    strategy) == 0)
			return a;
	return NULL;
}

static const char *
holder_of(json_t *as, const char *bell)
{
	const char *name;
	json_t *v, *b;
	size_t i;

	json_object_foreach(as, name, v)
		json_array_foreach(json_object_get(v, "bells"), i, b)
			if (strcmp(json_string_value(b), bell) == 0)
				return name;
	return NULL;
}

START_TEST(one_ringer_absent_only_their_bells_move)
{
	static const char *const strategies[] = { "positions", "optimized" };
	static const enum player_level mix[] = { LEVEL_EXPERIENCED,
	    LEVEL_INTERMEDIATE, LEVEL_INTERMEDIATE, LEVEL_BEGINNER };
	struct score *s = score_from_corpus(files[_i]);
	struct arrange_player all[8] = { 0 }, seven[7] = { 0 };
	char names[8][16];

	for (int k = 0; k < 8; k++) {
		snprintf(names[k], sizeof names[k], "R%d", k);
		all[k].name = names[k];
		all[k].level = mix[k % 4];
	}
	for (int gone = 0; gone < 8; gone += 3) {
		for (int k = 0, j = 0; k < 8; k++)
			if (k != gone)
				seven[j++] = all[k];
		for (int si = 0; si < 2; si++) {
			struct arrange_request req;
			json_t *first, *second, *a0, *a1, *as0, *as1, *ch, *c;
			const char *name;
			json_t *v, *b;
			size_t i, j;
			int moved = 0;

			memset(&req, 0, sizeof req);
			req.score = s;
			req.players = all;
			req.n_players = 8;
			req.strategies = 1u << strategy_from_name(strategies[si]);
			req.include_simulation = SIMULATION_NONE;
			arrange_config_default(&req.config);
			req.config.search_iterations = 3000;
			first = arrange_result(&req);
			a0 = of_strategy(first, strategies[si]);
			as0 = json_object_get(a0, "assignments");

			req.players = seven;
			req.n_players = 7;
			as_previous(as0, seven, 7, &req.previous);
			second = arrange_result(&req);
			a1 = of_strategy(second, strategies[si]);
			as1 = json_object_get(a1, "assignments");
			ch = json_object_get(a1, "changes_from_previous");
			ck_assert_ptr_nonnull(ch);
			/* Everyone here keeps at least what they had. */
			json_object_foreach(as0, name, v) {
				if (strcmp(name, names[gone]) == 0)
					continue;
				json_array_foreach(json_object_get(v, "bells"), i,
				    b) {
					const char *now = holder_of(as1,
					    json_string_value(b));

					ck_assert_msg(now != NULL &&
					    strcmp(now, name) == 0,
					    "%s %s, %s absent: %s moved from %s "
					    "to %s", files[_i], strategies[si],
					    names[gone], json_string_value(b), name,
					    now ? now : "nobody");
				}
			}
			/* The changes are exactly the bells whose holder is
			 * not the one before: the absent ringer's. */
			json_object_foreach(as0, name, v)
				json_array_foreach(json_object_get(v, "bells"), i,
				    b) {
					const char *bell = json_string_value(b);
					int listed = 0;

					if (strcmp(holder_of(as1, bell), name) == 0)
						continue;
					moved++;
					ck_assert_str_eq(name, names[gone]);
					json_array_foreach(ch, j, c)
						listed += strcmp(json_string_value(
						    json_object_get(c, "bell")), bell)
						    == 0 && strcmp(json_string_value(
						    json_object_get(c, "from")), name)
						    == 0 && strcmp(json_string_value(
						    json_object_get(c, "to")),
						    holder_of(as1, bell)) == 0;
					ck_assert_int_eq(listed, 1);
				}
			ck_assert_int_eq((int)json_array_size(ch), moved);
			json_decref(first);
			json_decref(second);
		}
	}
	score_free(s);
}
END_TEST

static Suite *
previous_suite(void)
{
	Suite *s = suite_create("previous");
	TCase *tc = tcase_create("core");

	tcase_add_loop_test(tc, one_ringer_absent_only_their_bells_move, 0,
	    (int)(sizeof files / sizeof files[0]));
	tcase_set_timeout(tc, 120);
	suite_add_tcase(s, tc);
	return s;
}

VB_TEST_MAIN(previous_suite)
