/*
 * test_techniques.c - four-in-hand and Shelley (issue 20): a hand that
 * holds two treble bells needs no put-down between them, in the swap
 * counter, the quality breakdown and the simulation alike; a player
 * without a technique is upstream's.
 */
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "testlib.h"
#include "core/json_out.h"
#include "engine/bell_tables.h"
#include "engine/engine_internal.h"
#include "score_rows.h"

/* C6 and E6 close together (a quarter at 120 bpm, 250 ms apart), G6
 * now and then: rows {pitch, tick, dur}. */
static struct score *
treble_passage(void)
{
	static const int seq[] = { 84, 88, 84, 88, 91, 84, 88, 84, 88, 91 };
	int rows[10][4];

	for (int i = 0; i < 10; i++) {
		rows[i][0] = seq[i];
		rows[i][1] = i * 480;
		rows[i][2] = 360;
		rows[i][3] = 0;
	}
	return score_from_rows((const int (*)[4])rows, 10);
}

/* One player: C6 and E6 in the left hand, G6 in the right. */
static void
treble_player(struct eplayer *pl, unsigned techniques, int from)
{
	memset(pl, 0, sizeof *pl);
	memset(pl->hand_map, HAND_NONE, sizeof pl->hand_map);
	pl->name = "Ann";
	pl->level = LEVEL_BEGINNER;
	pl->is_original = 1;
	pl->techniques = (uint8_t)techniques;
	pl->hold_from = (uint8_t)from;
	pl->bells[0] = pl->left[0] = 84;
	pl->bells[1] = pl->left[1] = 88;
	pl->bells[2] = pl->right[0] = 91;
	pl->n_bells = 3;
	pl->n_left = 2;
	pl->n_right = 1;
}

/* Swaps (counter), impossible swaps (breakdown), put-downs and pick-ups
 * (simulation) of the player. */
static void
measure(const struct timing *t, struct eplayer *pl, int *swaps,
    int *impossible, int *put_downs, int *pick_ups)
{
	struct roster r;
	struct player_stats ps;
	struct sim_scratch sim;
	struct json_out o;
	json_error_t je;
	uint32_t scratch[32];
	char *text;
	size_t len, i;
	json_t *v, *ev;

	ck_assert_int_eq(roster_init(&r, 2), 0);
	r.p[0] = *pl;
	r.n = 1;
	swap_counts(t, &r, swaps, scratch);
	player_stats_compute(t, pl, 500, &ps);
	*impossible = ps.impossible;
	ck_assert_int_eq(ps.swaps, *swaps);
	ck_assert_int_eq(sim_scratch_init(&sim, t->n), 0);
	json_out_init(&o);
	simulation_write(t, &r, 500, &sim, &o, NULL);
	text = json_out_steal(&o, &len);
	v = json_loadb(text, len, 0, &je);
	ck_assert_ptr_nonnull(v);
	*put_downs = *pick_ups = 0;
	json_array_foreach(json_object_get(json_array_get(json_object_get(v,
	    "players"), 0), "events"), i, ev) {
		const char *type = json_string_value(json_object_get(ev, "type"));

		*put_downs += strcmp(type, "put_down") == 0;
		*pick_ups += strcmp(type, "pick_up") == 0;
	}
	json_decref(v);
	free(text);
	sim_scratch_fini(&sim);
	roster_fini(&r);
}

/* Issue 20: a beginner with C6 and E6 in one hand swaps, and the
 * passage is too quick (impossible swaps); an experienced four-in-hand
 * ringer holds both: no swap, no put-down in the simulation. */
START_TEST(four_in_hand_holds_both)
{
	struct score *s = treble_passage();
	struct timing t;
	struct eplayer pl;
	int sw, imp, pd, pu;

	ck_assert_int_eq(timing_init(&t, s), 0);
	treble_player(&pl, 0, FOUR_IN_HAND_FROM);
	measure(&t, &pl, &sw, &imp, &pd, &pu);
	ck_assert_int_eq(sw, 7);        /* C6 E6 C6 E6 . C6 E6 C6 E6 */
	ck_assert_int_gt(imp, 0);
	ck_assert_int_eq(pd, sw);
	ck_assert_int_eq(pu, sw);

	treble_player(&pl, TECH_FOUR_IN_HAND, FOUR_IN_HAND_FROM);
	pl.level = LEVEL_EXPERIENCED;
	measure(&t, &pl, &sw, &imp, &pd, &pu);
	ck_assert_int_eq(sw, 0);
	ck_assert_int_eq(imp, 0);
	ck_assert_int_eq(pd, 0);
	ck_assert_int_eq(pu, 0);

	/* Shelley alone is no help here: C6 and E6 are never struck
	 * together (a Shelley grip strikes both), so each change is a swap
	 * as for the beginner; with four-in-hand too, none.  The threshold
	 * above the bells turns the technique off: upstream's counts. */
	treble_player(&pl, TECH_SHELLEY, FOUR_IN_HAND_FROM);
	measure(&t, &pl, &sw, &imp, &pd, &pu);
	ck_assert_int_eq(sw, 7);
	ck_assert_int_gt(imp, 0);
	treble_player(&pl, TECH_SHELLEY | TECH_FOUR_IN_HAND, FOUR_IN_HAND_FROM);
	measure(&t, &pl, &sw, &imp, &pd, &pu);
	ck_assert_int_eq(sw, 0);
	treble_player(&pl, TECH_FOUR_IN_HAND, 89);
	measure(&t, &pl, &sw, &imp, &pd, &pu);
	ck_assert_int_eq(sw, 7);
	timing_fini(&t);
	score_free(s);
}
END_TEST

/* Rows for the chord passage: C6+E6 struck together (a third), G6 in
 * between; with lone set, one C6 alone in the middle (rows {pitch, tick,
 * dur}); returns the count. */
static size_t
chord_rows(int (*rows)[4], int lone)
{
	size_t n = 0;

	for (int i = 0; i < 8; i++) {
		long tick = i * 480L;
		int solo = lone && i == 4;

		rows[n][0] = 84;
		rows[n][1] = (int)tick;
		rows[n][2] = 360;
		rows[n][3] = 0;
		n++;
		if (!solo) {
			rows[n][0] = 88;
			rows[n][1] = (int)tick;
			rows[n][2] = 360;
			rows[n][3] = 0;
			n++;
		}
		if (i % 2) {
			rows[n][0] = 91;
			rows[n][1] = (int)tick + 240;
			rows[n][2] = 120;
			rows[n][3] = 0;
			n++;
		}
	}
	return n;
}

/*
 * Issue 20: Shelley is a grip for two bells struck together.  C6 and E6
 * always struck together (a third, a quarter apart): a Shelley ringer
 * holds both, no swap and no put-down anywhere (counter, breakdown,
 * simulation agree), where a ringer without a technique swaps quickly
 * enough to be impossible.  One C6 struck alone in the middle: the grip
 * is opened (E6 put down) and E6 picked up again for the next chord, one
 * swap, and an impossible one (an eighth later).  A player without a technique counts as upstream does.
 */
START_TEST(shelley_only_when_struck_together)
{
	int rows[32][4];
	struct eplayer pl;
	int sw, imp, pd, pu;

	for (int lone = 0; lone < 2; lone++) {
		struct score *s = score_from_rows((const int (*)[4])rows,
		    chord_rows(rows, lone));
		struct timing t;

		ck_assert_int_eq(timing_init(&t, s), 0);
		treble_player(&pl, TECH_SHELLEY, FOUR_IN_HAND_FROM);
		measure(&t, &pl, &sw, &imp, &pd, &pu);
		ck_assert_int_eq(sw, lone);
		ck_assert_int_eq(imp, lone);    /* E6 back in an eighth */
		ck_assert_int_eq(pu, lone);
		ck_assert_int_eq(pd, lone);
		treble_player(&pl, 0, FOUR_IN_HAND_FROM);
		measure(&t, &pl, &sw, &imp, &pd, &pu);
		ck_assert_int_eq(sw, lone ? 13 : 15);
		ck_assert_int_gt(imp, 0);
		timing_fini(&t);
		score_free(s);
	}
}
END_TEST

/* One stroke of a hold: the bell, the bell struck with it (-1), and
 * what hold_ring must say: a swap, how many bells it put down (the first
 * of them, -1: any) and how many the hand holds after. */
struct stroke {
	int bell, with, swap, n_put, put0, held;
};

static void
strokes(unsigned techniques, const struct stroke *st, size_t n)
{
	struct eplayer pl;
	struct hand_hold h = { 0, 0, { -1, -1 } };
	int put[2], n_put;

	treble_player(&pl, techniques, FOUR_IN_HAND_FROM);
	for (size_t i = 0; i < n; i++) {
		ck_assert_int_eq(hold_ring(&h, &pl, st[i].bell, st[i].with, put,
		    &n_put), st[i].swap);
		ck_assert_int_eq(n_put, st[i].n_put);
		if (st[i].put0 >= 0)
			ck_assert_int_eq(put[0], st[i].put0);
		ck_assert_int_eq(h.n, st[i].held);
	}
}

/* A Shelley pair struck together, then one alone, at the hold itself:
 * the lone stroke puts the other bell down (no swap), ringing that one
 * again picks it up (a swap); two bells not struck together are no
 * pair: a swap. */
START_TEST(shelley_lone_stroke_puts_the_other_down)
{
	static const struct stroke pair[] = {
		{ 84, 88, 0, 0, -1, 1 }, { 88, 84, 0, 0, -1, 2 },
		{ 84, -1, 0, 1, 88, 1 }, { 88, 84, 1, 0, -1, 2 },
	};
	static const struct stroke apart[] = {
		{ 84, -1, 0, 0, -1, 1 }, { 88, -1, 1, 1, 84, 1 },
	};

	strokes(TECH_SHELLEY, pair, sizeof pair / sizeof pair[0]);
	strokes(TECH_SHELLEY, apart, sizeof apart / sizeof apart[0]);
}
END_TEST

/* Shelley is for a third or an octave: C6 with F6 (a fourth) is not
 * held together. */
START_TEST(shelley_only_thirds_and_octaves)
{
	struct eplayer pl;

	treble_player(&pl, TECH_SHELLEY, FOUR_IN_HAND_FROM);
	ck_assert(hold_pairable(&pl, 84, 88));
	ck_assert(hold_pairable(&pl, 84, 87));
	ck_assert(hold_pairable(&pl, 84, 96));
	ck_assert(!hold_pairable(&pl, 84, 89));
	ck_assert(!hold_pairable(&pl, 83, 86));  /* below C6 */
	pl.techniques = TECH_FOUR_IN_HAND;
	ck_assert(hold_pairable(&pl, 84, 89));
	ck_assert(!hold_pairable(&pl, 84, 84));
}
END_TEST

/* Three treble bells in one four-in-hand hand: at most two are held; a
 * third is a swap that puts down the one not rung last.  C6, E6 (from
 * the start), C6, G6 (puts E6 down), C6, C4 (a low bell: both down),
 * C6, E6 (a pick-up). */
START_TEST(two_bells_at_most)
{
	static const struct stroke st[] = {
		{ 84, -1, 0, 0, -1, 1 }, { 88, -1, 0, 0, -1, 2 },
		{ 84, -1, 0, 0, -1, 2 }, { 91, -1, 1, 1, 88, 2 },
		{ 84, -1, 0, 0, -1, 2 }, { 60, -1, 1, 2, -1, 1 },
		{ 84, -1, 1, 1, 60, 1 }, { 88, -1, 1, 0, -1, 2 },
	};

	strokes(TECH_FOUR_IN_HAND, st, sizeof st / sizeof st[0]);
}
END_TEST

static Suite *
techniques_suite(void)
{
	Suite *s = suite_create("techniques");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, four_in_hand_holds_both);
	tcase_add_test(tc, shelley_only_thirds_and_octaves);
	tcase_add_test(tc, two_bells_at_most);
	tcase_add_test(tc, shelley_only_when_struck_together);
	tcase_add_test(tc, shelley_lone_stroke_puts_the_other_down);
	suite_add_tcase(s, tc);
	return s;
}

VB_TEST_MAIN(techniques_suite)
