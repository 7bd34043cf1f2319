/*
 * test_locks.c - locked bells (issue 20): random locks on corpus files
 * are honoured by every strategy, in the hand named; a lock on a bell
 * the piece lacks is refused by the engine.  (The other refusals are the
 * params check's: protocol/examples/arrange-locks.transcript.)
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
	"abc-boys.mid", "abc-candlemas-eve-hymn.mid", "abc-daramud.mid",
	"blupi-music004.mid", "musescore-fugue-1.mid", "musescore-reunion.mid",
	"pianomidi-fur-elise.mid", "upstream-o-for-a-thousand-tongues.mid",
	"abc-candlemas-eve-hymn.musicxml", "musescore-unclaimed-gift.musicxml",
};


static uint64_t rng = 0x2545f4914f6cdd1dULL;

static unsigned
random_below(unsigned n)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return (unsigned)(rng % n);
}

static json_t *
run(struct arrange_request *req, struct vb_error *err, int *rc)
{
	struct json_out o;
	json_error_t je;
	size_t len;
	char *text;
	json_t *v = NULL;

	json_out_init(&o);
	*rc = arrange_write(req, &o, err);
	text = json_out_steal(&o, &len);
	if (*rc == 0)
		v = json_loadb(text, len, 0, &je);
	free(text);
	return v;
}

static int
holds(json_t *list, const char *bell)
{
	size_t i;
	json_t *b;

	json_array_foreach(list, i, b)
		if (strcmp(json_string_value(b), bell) == 0)
			return 1;
	return 0;
}

/* Issue 20: random locks on corpus files, 100% honoured by every
 * strategy; every bell still held exactly once. */
START_TEST(random_locks_honoured_everywhere)
{
	struct score *s = score_from_corpus(files[_i]);
	static const enum player_level mix[] = { LEVEL_EXPERIENCED,
	    LEVEL_INTERMEDIATE, LEVEL_INTERMEDIATE, LEVEL_BEGINNER };
	char names[12][24];

	for (int round = 0; round < 6; round++) {
		struct arrange_request req;
		struct arrange_player p[12] = { 0 };
		struct vb_error err;
		size_t n = 3 + random_below(10), i;
		int held[12] = { 0 }, rc, n_checked = 0;
		json_t *res, *a;

		memset(&req, 0, sizeof req);
		for (size_t k = 0; k < n; k++) {
			snprintf(names[k], sizeof names[k], "R%zu", k);
			p[k].name = names[k];
			p[k].level = mix[k % 4];
		}
		req.score = s;
		req.players = p;
		req.n_players = n;
		req.strategies = STRATEGY_ALL;
		req.include_simulation = SIMULATION_NONE;
		arrange_config_default(&req.config);
		req.config.search_iterations = 2000;
		/* Up to a third of the bells locked, within capacity. */
		for (size_t k = 0; k < s->n_unique; k++) {
			int bell = s->unique_pitches[k];
			unsigned who = random_below((unsigned)n);

			if (bell < 12 || random_below(3) != 0 ||
			    held[who] >= level_max_bells(&req.config,
			    p[who].level))
				continue;
			held[who]++;
			req.locks.owner[bell] = (uint8_t)(who + 1);
			req.locks.hand[bell] = (uint8_t)random_below(3);
			req.locks.n++;
		}
		res = run(&req, &err, &rc);
		ck_assert_msg(rc == 0, "%s: %s", files[_i], err.message);
		json_array_foreach(json_object_get(res, "arrangements"), i, a) {
			json_t *as = json_object_get(a, "assignments");
			const char *strat = json_string_value(json_object_get(a,
			    "strategy"));
			int owners[128] = { 0 };
			const char *pn;
			json_t *v, *b;
			size_t j;

			json_object_foreach(as, pn, v)
				json_array_foreach(json_object_get(v, "bells"),
				    j, b)
					owners[pitch_from_name(json_string_value(b))]++;
			for (int q = 12; q < 128; q++) {
				char bell[8];
				json_t *mine;
				static const char *const hand_key[3] = { NULL,
				    "left_hand", "right_hand" };

				ck_assert_int_eq(owners[q],
				    s->note_frequency[q] > 0);
				if (req.locks.owner[q] == 0)
					continue;
				pitch_name(q, bell, sizeof bell);
				mine = json_object_get(as,
				    names[req.locks.owner[q] - 1]);
				ck_assert_msg(mine != NULL && holds(
				    json_object_get(mine, "bells"), bell),
				    "%s %s: %s not with %s", files[_i], strat,
				    bell, names[req.locks.owner[q] - 1]);
				if (req.locks.hand[q] != 0)
					ck_assert_msg(holds(json_object_get(mine,
					    hand_key[req.locks.hand[q]]), bell),
					    "%s %s: %s not in the %s",
					    files[_i], strat, bell,
					    hand_key[req.locks.hand[q]]);
				n_checked++;
			}
		}
		ck_assert_int_eq(n_checked, req.locks.n * STRATEGY_COUNT);
		json_decref(res);
	}
	score_free(s);
}
END_TEST

/* A lock on a bell the piece does not ring: ERR_INVALID_LOCKS, with the
 * param that asked for it. */
START_TEST(lock_on_a_bell_the_piece_lacks)
{
	struct score *s = score_from_corpus("abc-daramud.mid");
	struct arrange_request req;
	struct arrange_player p[1] = { { "Ann", LEVEL_EXPERIENCED, 0 } };
	struct vb_error err;
	int rc;

	memset(&req, 0, sizeof req);
	req.score = s;
	req.players = p;
	req.n_players = 1;
	req.strategies = STRATEGY_UPSTREAM;
	arrange_config_default(&req.config);
	req.locks.owner[108] = 1;       /* C8 */
	req.locks.n = 1;
	snprintf(req.locks.field[108], sizeof req.locks.field[108],
	    "locks.Ann[0]");
	ck_assert_ptr_null(run(&req, &err, &rc));
	ck_assert_int_eq(rc, -1);
	ck_assert_str_eq(err.code, "ERR_INVALID_LOCKS");
	ck_assert_str_eq(err.field, "locks.Ann[0]");
	score_free(s);
}
END_TEST

static Suite *
locks_suite(void)
{
	Suite *s = suite_create("locks");
	TCase *tc = tcase_create("core");

	tcase_add_loop_test(tc, random_locks_honoured_everywhere, 0,
	    (int)(sizeof files / sizeof files[0]));
	tcase_add_test(tc, lock_on_a_bell_the_piece_lacks);
	tcase_set_timeout(tc, 120);
	suite_add_tcase(s, tc);
	return s;
}

VB_TEST_MAIN(locks_suite)
