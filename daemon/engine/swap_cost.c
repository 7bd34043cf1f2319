/*
 * swap_cost.c - upstream's swap_cost_calculator.py as min_transitions
 * uses it: for a pair of bells on one hand, how often the timeline
 * alternates between them and the mean gap of those alternations.  In
 * score ticks, as upstream (PROTOCOL.md section 7).
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

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

/*
 * Every pair's transitions and gap sum in one walk over the notes,
 * instead of one merge per pair (P - 1 walks of every note: with 44
 * pitches that was a ninth of a long piece's arrange).  The walk takes
 * the notes by tick, on a tie the pitch listed first (what each pair's
 * merge does) and then by index.  Between two notes of pitch p, the
 * pitches rung since p's last note are exactly those whose pair with p
 * alternates now: a list of pitches by their last note, newest first,
 * gives them as its head, up to p.  rank[p] is p's place in the list of
 * notes (-1: not paired); trans and gap are n x n, by rank.
 */
static int
pair_walk(const struct timing *t, const int *rank, int n, int *trans,
    int64_t *gap)
{
	const struct note *notes = t->score->notes;
	uint32_t *seq = malloc((t->n + 1) * sizeof *seq);
	int recent[NPITCH], n_recent = 0;
	int64_t last_end[NPITCH];
	size_t m = 0;

	if (seq == NULL)
		return -1;
	for (size_t i = 0; i < t->n; i++) {
		uint32_t idx = t->order_tick[i];
		size_t k = m;

		if (rank[notes[idx].pitch] < 0)
			continue;
		/* Among notes of one tick, by rank (stable: index order). */
		while (k > 0 && notes[seq[k - 1]].tick == notes[idx].tick &&
		    rank[notes[seq[k - 1]].pitch] > rank[notes[idx].pitch]) {
			seq[k] = seq[k - 1];
			k--;
		}
		seq[k] = idx;
		m++;
	}
	for (size_t i = 0; i < m; i++) {
		const struct note *cur = &notes[seq[i]];
		int p = cur->pitch, rp = rank[p], k = 0;

		for (; k < n_recent && recent[k] != p; k++) {
			int q = recent[k], rq = rank[q];
			int lo = rp < rq ? rp : rq, hi = rp < rq ? rq : rp;

			trans[lo * n + hi]++;
			gap[lo * n + hi] += cur->tick - last_end[q];
		}
		if (k == n_recent)
			n_recent++;
		memmove(recent + 1, recent, (size_t)k * sizeof *recent);
		recent[0] = p;
		last_end[p] = cur->tick + cur->dur_ticks;
	}
	free(seq);
	return 0;
}

struct pair_cost *
pair_costs_build(const struct timing *t, const int *notes, int n_notes,
    size_t *n, int *oom)
{
	size_t cap = (size_t)n_notes * (n_notes > 0 ? n_notes - 1 : 0) / 2;
	struct pair_cost *v, *tmp;
	int rank[NPITCH], *trans;
	int64_t *gap;

	*n = 0;
	*oom = 0;
	if (cap == 0)
		return NULL;
	for (int p = 0; p < NPITCH; p++)
		rank[p] = -1;
	for (int i = 0; i < n_notes; i++)
		if (name_parses(notes[i]))
			rank[notes[i]] = i;
	v = malloc(cap * sizeof *v);
	tmp = malloc(cap * sizeof *tmp);
	trans = calloc((size_t)n_notes * n_notes, sizeof *trans);
	gap = calloc((size_t)n_notes * n_notes, sizeof *gap);
	if (v == NULL || tmp == NULL || trans == NULL || gap == NULL ||
	    pair_walk(t, rank, n_notes, trans, gap) != 0) {
		free(v);
		v = NULL;
		*oom = 1;
		goto out;
	}
	for (int i = 0; i < n_notes; i++) {
		if (rank[notes[i]] != i)
			continue;
		for (int j = i + 1; j < n_notes; j++) {
			struct pair_cost *c;
			int k = i * n_notes + j;

			if (rank[notes[j]] != j)
				continue;
			c = &v[(*n)++];
			c->a = (uint8_t)notes[i];
			c->b = (uint8_t)notes[j];
			c->transitions = trans[k];
			/* As pair_cost_compute: one division of the sum. */
			c->avg_gap = trans[k] ? (double)gap[k] / trans[k] :
			    INFINITY;
		}
	}
	sort_pairs(v, tmp, *n);
out:
	free(tmp);
	free(trans);
	free(gap);
	return v;
}
