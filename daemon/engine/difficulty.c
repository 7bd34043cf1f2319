/*
 * difficulty.c - how hard an arrangement is, per ringer (the
 * `include_difficulty` param): bell changes (swaps, and accidentals,
 * which the Handbell Musicians of America level definitions count as
 * changes), the shortest time to change in beats, whether the ringer's
 * bells span both staves, an estimated level with the rule that gave it,
 * and the piece's level (the hardest ringer's).
 *
 * The levels are ours, after HMA's (Level 1: no bell changes, one staff;
 * each level up allows more changes, closer together):
 *   1  no change, one staff
 *   2  at most 4 changes, none closer than 2 beats
 *   3  at most 16 changes, none closer than 1 beat
 *   4  none closer than half a beat
 *   5  a change closer than half a beat, or an impossible swap
 * A ringer whose bells span both staves is at least level 2.
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "engine_internal.h"

/* Handbell music is written an octave below sounding, on a grand staff
 * split at middle C: written C4 is sounding C5. */
#define STAFF_SPLIT_SOUNDING 72

static const unsigned char black_key[12] = {
	0, 1, 0, 1, 0, 0, 1, 0, 1, 0, 1, 0,
};

struct ringer_difficulty {
	int swaps, accidentals, changes, impossible, both_staves, level;
	double shortest;            /* beats; < 0: no change */
	char rule[160];
};

/* Ticks in one beat of the time signature in force at tick. */
static double
beat_ticks_at(const struct score *s, int64_t tick)
{
	int beat_type = 4;
	double tpb = s->ticks_per_beat > 0 ? s->ticks_per_beat : 480;

	for (size_t i = 0; i < s->n_time_sigs; i++)
		if (s->time_sigs[i].tick <= tick)
			beat_type = s->time_sigs[i].beat_type;
	return tpb * 4.0 / (beat_type > 0 ? beat_type : 4);
}

/* The shortest gap before a pick-up, in beats, walking the player's
 * notes by time with the simulation's hands (and techniques). */
static void
walk(const struct timing *t, const struct eplayer *pl, int impossible_gap_ms,
    struct ringer_difficulty *d)
{
	const struct score *s = t->score;
	int8_t hand[NPITCH];
	struct hand_hold held[2] = { { 0, 0, { -1, -1 } },
	    { 0, 0, { -1, -1 } } };
	int64_t last_end_tick[2] = { 0, 0 };
	double last_end_ms[2] = { 0, 0 };
	int have_last[2] = { 0, 0 };

	/* Without a technique a hand holds one bell: hold_ring then is
	 * upstream's rule (a player with no technique pairs nothing). */
	player_hand_map(pl, 0, hand);
	d->shortest = -1;
	for (size_t i = 0; i < t->n; i++) {
		uint32_t idx = t->order_ms[i];
		const struct note *n = &s->notes[idx];
		int p = n->pitch, h = hand[p], put[2], n_put, with;

		if (h == HAND_NONE || !name_parses(p))
			continue;
		with = hold_shelley_only(pl) ? hold_partner(t, t->order_ms,
		    t->n, i, hand) : -1;
		if (hold_ring(&held[h], pl, p, with, put, &n_put) &&
		    have_last[h]) {
			double beats = (double)(n->tick - last_end_tick[h]) /
			    beat_ticks_at(s, n->tick);

			if (beats < 0)
				beats = 0;
			if (d->shortest < 0 || beats < d->shortest)
				d->shortest = beats;
			if (t->start_ms[idx] - last_end_ms[h] < impossible_gap_ms)
				d->impossible++;
		}
		have_last[h] = 1;
		last_end_tick[h] = n->tick + n->dur_ticks;
		last_end_ms[h] = t->start_ms[idx] + t->dur_ms[idx];
	}
}

static void
rate(const struct timing *t, const struct eplayer *pl, int swaps,
    int impossible_gap_ms, struct ringer_difficulty *d)
{
	int lo = 128, hi = -1;
	double g;
	char gap[48];

	memset(d, 0, sizeof *d);
	d->swaps = swaps;
	for (int j = 0; j < pl->n_bells; j++) {
		int p = pl->bells[j];

		if (black_key[p % 12])
			d->accidentals += (int)(t->off[p + 1] - t->off[p]);
		if (p < lo)
			lo = p;
		if (p > hi)
			hi = p;
	}
	d->changes = d->swaps + d->accidentals;
	d->both_staves = lo < STAFF_SPLIT_SOUNDING && hi >= STAFF_SPLIT_SOUNDING;
	walk(t, pl, impossible_gap_ms, d);
	g = d->shortest < 0 ? INFINITY : d->shortest;
	if (d->changes == 0)
		d->level = 1;
	else if (d->changes <= 4 && g >= 2)
		d->level = 2;
	else if (d->changes <= 16 && g >= 1)
		d->level = 3;
	else if (g >= 0.5 && d->impossible == 0)
		d->level = 4;
	else
		d->level = 5;
	if (d->both_staves && d->level < 2)
		d->level = 2;
	if (d->shortest < 0)
		snprintf(gap, sizeof gap, "no swap");
	else
		snprintf(gap, sizeof gap, "shortest change %g beats",
		    py_round(d->shortest, 2));
	snprintf(d->rule, sizeof d->rule, "level %d: %d changes (%d swaps, "
	    "%d accidentals), %s%s%s", d->level, d->changes, d->swaps,
	    d->accidentals, gap, d->impossible ? ", impossible swaps" : "",
	    d->both_staves ? ", both staves" : "");
}

/* One ringer's object in difficulty.players. */
static void
ringer_write(const struct ringer_difficulty *d, struct json_out *o)
{
	json_out_begin_object(o);
	json_out_key_int(o, "changes", d->changes);
	json_out_key_int(o, "swaps", d->swaps);
	json_out_key_int(o, "accidentals", d->accidentals);
	json_out_key(o, "shortest_change_beats");
	if (d->shortest < 0)
		json_out_null(o);
	else
		json_out_real(o, py_round(d->shortest, 2));
	json_out_key_bool(o, "both_staves", d->both_staves);
	json_out_key_int(o, "level", d->level);
	json_out_key_string(o, "rule", d->rule);
	json_out_end_object(o);
}

void
difficulty_write(const struct timing *t, const struct roster *r,
    const int *swaps, int impossible_gap_ms, struct json_out *o)
{
	struct ringer_difficulty d;
	int level = 0;
	const char *hardest = NULL;
	char rule[200] = "";

	json_out_key_object(o, "difficulty");
	json_out_key_object(o, "players");
	for (size_t i = 0; i < r->n; i++) {
		rate(t, &r->p[i], swaps[i], impossible_gap_ms, &d);
		if (d.level > level) {
			level = d.level;
			hardest = r->p[i].name;
			snprintf(rule, sizeof rule, "%s", d.rule);
		}
		json_out_key(o, r->p[i].name);
		ringer_write(&d, o);
	}
	json_out_end_object(o);
	json_out_key_int(o, "level", level);
	json_out_key(o, "hardest");
	if (hardest != NULL)
		json_out_string(o, hardest);
	else
		json_out_null(o);
	json_out_key_string(o, "rule", rule);
	json_out_end_object(o);
}
