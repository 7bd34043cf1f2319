/*
 * swap_cost.c - upstream's swap_cost_calculator.py as min_transitions
 * uses it: for a pair of bells on one hand, how often the timeline
 * alternates between them and the mean gap of those alternations.  In
 * score ticks, as upstream (PROTOCOL.md section 7).
 */
#include <math.h>
#include <stdlib.h>

#include "engine_internal.h"

/* calculate_pair_swap_cost_indexed: merge the two pitches' events
 * sorted by start tick, a first on ties. */
void
pair_cost_compute(const struct timing *t, int a, int b, struct pair_cost *out)
{
	const struct note *notes = t->score->notes;
	uint32_t i = t->off[a], ie = t->off[a + 1];
	uint32_t j = t->off[b], je = t->off[b + 1];
	int prev_pitch = -1, transitions = 0;
	int64_t prev_end = 0, gap_sum = 0;

	out->a = (uint8_t)a;
	out->b = (uint8_t)b;
	while (i < ie || j < je) {
		const struct note *cur;
		int pitch;

		if (i < ie && (j >= je || notes[t->pitch_tick[i]].tick <=
		    notes[t->pitch_tick[j]].tick)) {
			cur = &notes[t->pitch_tick[i++]];
			pitch = a;
		} else {
			cur = &notes[t->pitch_tick[j++]];
			pitch = b;
		}
		if (prev_pitch >= 0 && prev_pitch != pitch) {
			transitions++;
			gap_sum += cur->tick - prev_end;
		}
		prev_pitch = pitch;
		prev_end = cur->tick + cur->dur_ticks;
	}
	out->transitions = transitions;
	/* Python divides the exact integer sum: one correctly rounded
	 * division, as here. */
	out->avg_gap = transitions ? (double)gap_sum / transitions : INFINITY;
}

static int
pair_before(const struct pair_cost *x, const struct pair_cost *y)
{
	if (x->transitions != y->transitions)
		return x->transitions < y->transitions;
	return x->avg_gap > y->avg_gap;
}

/* Stable bottom-up merge sort. */
static void
sort_pairs(struct pair_cost *v, struct pair_cost *tmp, size_t n)
{
	for (size_t w = 1; w < n; w *= 2) {
		for (size_t lo = 0; lo < n; lo += 2 * w) {
			size_t mid = lo + w < n ? lo + w : n;
			size_t hi = lo + 2 * w < n ? lo + 2 * w : n;
			size_t i = lo, j = mid, k = lo;

			while (i < mid && j < hi)
				tmp[k++] = pair_before(&v[j], &v[i]) ? v[j++] :
				    v[i++];
			while (i < mid)
				tmp[k++] = v[i++];
			while (j < hi)
				tmp[k++] = v[j++];
		}
		for (size_t k = 0; k < n; k++)
			v[k] = tmp[k];
	}
}

struct pair_cost *
pair_costs_build(const struct timing *t, const int *notes, int n_notes,
    size_t *n, int *oom)
{
	size_t cap = (size_t)n_notes * (n_notes > 0 ? n_notes - 1 : 0) / 2;
	struct pair_cost *v, *tmp;

	*n = 0;
	*oom = 0;
	if (cap == 0)
		return NULL;
	v = malloc(cap * sizeof *v);
	tmp = malloc(cap * sizeof *tmp);
	if (v == NULL || tmp == NULL) {
		free(v);
		free(tmp);
		*oom = 1;
		return NULL;
	}
	for (int i = 0; i < n_notes; i++) {
		if (!name_parses(notes[i]))
			continue;
		for (int j = i + 1; j < n_notes; j++)
			if (name_parses(notes[j]))
				pair_cost_compute(t, notes[i], notes[j],
				    &v[(*n)++]);
	}
	sort_pairs(v, tmp, *n);
	free(tmp);
	return v;
}
