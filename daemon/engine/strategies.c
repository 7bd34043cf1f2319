/*
 * strategies.c - upstream's bell_assignment.py: the five strategies, the
 * swap-gap feasibility check per hand, the virtual-player fallback and
 * the final hand assignment.  Orders and tie-breaks are upstream's: the
 * players sorted (stably) by experience, notes in ascending pitch,
 * melody first where upstream puts it, stable sorts by frequency.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../core/words.h"
#include "engine_internal.h"

struct assign_ctx;
static void assign_experienced_first(struct assign_ctx *a);
static void assign_balanced(struct assign_ctx *a);
static void assign_min_transitions(struct assign_ctx *a);
static void assign_fatigue_snake(struct assign_ctx *a);
static void assign_activity_snake(struct assign_ctx *a);

/*
 * The strategies, one row each in enum strategy's order (the order they
 * run and are listed in): protocol name, upstream's description
 * (arrangement_generator.py), and the assignment.  Adding a strategy is
 * an enum value, its function and a row; the params check, its message
 * and the ready line read this table.
 */
static const struct {
	const char *name;
	const char *description;
	void (*assign)(struct assign_ctx *a);  /* NULL: pipeline.c runs it */
} strategy_table[STRATEGY_COUNT] = {
	{ "experienced_first", "Prioritize melody for experienced players",
	  assign_experienced_first },
	{ "balanced", "Evenly distribute melody notes", assign_balanced },
	{ "min_transitions", "Minimize player transitions (pair-first)",
	  assign_min_transitions },
	{ "fatigue_snake", "Balance weighted fatigue with snake distribution",
	  assign_fatigue_snake },
	{ "activity_snake", "Balance active play time with snake distribution",
	  assign_activity_snake },
	/* Ours: a search from the best of the five (optimize.c). */
	{ "optimized", "Search for the highest-scoring arrangement", NULL },
	/* Ours: the director's standard positions (positions.c). */
	{ "positions",
	  "Standard ringing positions: adjacent naturals with their accidentals",
	  NULL },
};

const char *
strategy_name(enum strategy s)
{
	return strategy_table[s].name;
}

const char *
strategy_name_at(size_t i)
{
	return i < STRATEGY_COUNT ? strategy_table[i].name : NULL;
}

const char *
strategy_description(enum strategy s)
{
	return strategy_table[s].description;
}

int
strategy_from_name(const char *name)
{
	return words_index(strategy_table, STRATEGY_COUNT,
	    sizeof strategy_table[0], name);
}

/*
 * _check_swap_gap_for_hand.  Upstream gathers the events of the hand's
 * pitches (a set of ints: ascending here, docs/PORTING.md section 2) and of the new
 * pitch, stably sorts them by start and refuses when two consecutive
 * events of different pitches are closer than min_gap.  Each pitch's list
 * is already sorted by (start, note order), so a merge that prefers the
 * earlier list on ties gives the same sequence without sorting.
 */
int
swap_gap_ok(const struct timing *t, const uint8_t *hand, int n_hand,
    int newp, int min_gap)
{
	int lists[NPITCH + 1], k = 0;
	uint32_t pos[NPITCH + 1], end[NPITCH + 1];
	unsigned char on_hand[NPITCH] = {0};
	int prev_pitch = -1;
	double prev_end = 0;

	if (n_hand == 0 || min_gap <= 0 || !name_parses(newp))
		return 1;
	for (int i = 0; i < n_hand; i++)
		if (name_parses(hand[i]))
			on_hand[hand[i]] = 1;
	for (int p = 0; p < NPITCH; p++)
		if (on_hand[p])
			lists[k++] = p;
	if (t->off[newp] == t->off[newp + 1])
		return 1;               /* never rung: safe */
	lists[k++] = newp;
	for (int i = 0; i < k; i++) {
		pos[i] = t->off[lists[i]];
		end[i] = t->off[lists[i] + 1];
	}
	for (;;) {
		int best = -1;
		double best_start = 0;
		uint32_t idx;

		for (int i = 0; i < k; i++) {
			if (pos[i] == end[i])
				continue;
			double s = t->start_ms[t->pitch_ms[pos[i]]];
			if (best < 0 || s < best_start) {
				best = i;
				best_start = s;
			}
		}
		if (best < 0)
			break;
		idx = t->pitch_ms[pos[best]++];
		if (prev_pitch >= 0 && prev_pitch != lists[best] &&
		    best_start - prev_end < min_gap)
			return 0;
		prev_pitch = lists[best];
		prev_end = t->start_ms[idx] + t->dur_ms[idx];
	}
	return 1;
}

/* The hand a bell at position idx is on: its recorded hand, or parity. */
static int
hand_of(const struct eplayer *pl, int idx)
{
	int h = pl->hand_map[pl->bells[idx]];

	return h != HAND_NONE ? h : (idx % 2 == 0 ? HAND_LEFT : HAND_RIGHT);
}

static void
split_hands(const struct eplayer *pl, uint8_t *l, int *nl, uint8_t *r,
    int *nr)
{
	*nl = *nr = 0;
	for (int i = 0; i < pl->n_bells; i++) {
		if (hand_of(pl, i) == HAND_LEFT)
			l[(*nl)++] = pl->bells[i];
		else
			r[(*nr)++] = pl->bells[i];
	}
}

static void
add_bell(struct eplayer *pl, int pitch, int hand)
{
	pl->bells[pl->n_bells++] = (uint8_t)pitch;
	if (hand != HAND_NONE)
		pl->hand_map[pitch] = (int8_t)hand;
}

/* _try_extra_bell: the less-loaded hand first (left on a tie). */
static int
try_extra_bell(const struct timing *t, const struct arrange_config *c,
    struct eplayer *pl, int pitch)
{
	uint8_t l[NPITCH], r[NPITCH];
	int nl, nr, gap = level_swap_gap(c, pl->level);

	split_hands(pl, l, &nl, r, &nr);
	if (nl <= nr) {
		if (swap_gap_ok(t, l, nl, pitch, gap))
			return add_bell(pl, pitch, HAND_LEFT), 1;
		if (swap_gap_ok(t, r, nr, pitch, gap))
			return add_bell(pl, pitch, HAND_RIGHT), 1;
	} else {
		if (swap_gap_ok(t, r, nr, pitch, gap))
			return add_bell(pl, pitch, HAND_RIGHT), 1;
		if (swap_gap_ok(t, l, nl, pitch, gap))
			return add_bell(pl, pitch, HAND_LEFT), 1;
	}
	return 0;
}

/* _try_assign_pair_same_hand: left first unless right holds fewer. */
static int
try_pair_same_hand(const struct timing *t, const struct arrange_config *c,
    struct eplayer *pl, int a, int b)
{
	uint8_t hands[2][NPITCH + 1];
	int n[2], order[2] = { HAND_LEFT, HAND_RIGHT };
	int gap = level_swap_gap(c, pl->level);

	split_hands(pl, hands[0], &n[0], hands[1], &n[1]);
	if (n[1] < n[0]) {
		order[0] = HAND_RIGHT;
		order[1] = HAND_LEFT;
	}
	for (int i = 0; i < 2; i++) {
		uint8_t *h = hands[order[i]];
		int nh = n[order[i]];

		if (!swap_gap_ok(t, h, nh, a, gap))
			continue;
		h[nh] = (uint8_t)a;
		if (!swap_gap_ok(t, h, nh + 1, b, gap))
			continue;
		add_bell(pl, a, order[i]);
		add_bell(pl, b, order[i]);
		return 1;
	}
	return 0;
}

/* Stable sort of pitches by a descending key (Python sort(reverse=True)
 * keeps ties in order). */
static void
sort_desc_stable(int *v, int n, const double *key)
{
	for (int i = 1; i < n; i++) {
		int x = v[i], j = i;

		while (j > 0 && key[v[j - 1]] < key[x]) {
			v[j] = v[j - 1];
			j--;
		}
		v[j] = x;
	}
}

struct assign_ctx {
	const struct timing *t;
	const struct arrange_config *c;
	struct roster *r;
	int *sorted;                /* roster indices, sorted_players */
	int n_sorted;
	unsigned char assigned[NPITCH];
	double freq[NPITCH];
	int oom;                    /* a step ran out of memory */
};

static int
can_take(struct assign_ctx *a, int pi)
{
	struct eplayer *pl = &a->r->p[pi];

	return pl->n_bells < level_max_bells(a->c, pl->level);
}

/* Offers a note to players in turn as an extra bell; 1 if one took it. */
static int
offer_extra(struct assign_ctx *a, int note, const int *players, int n)
{
	for (int i = 0; i < n; i++) {
		if (!can_take(a, players[i]))
			continue;
		if (try_extra_bell(a->t, a->c, &a->r->p[players[i]], note)) {
			a->assigned[note] = 1;
			return 1;
		}
	}
	return 0;
}

static int
capable_players(struct assign_ctx *a, int *out)
{
	int n = 0;

	for (int i = 0; i < a->n_sorted; i++)
		if (level_capable(a->r->p[a->sorted[i]].level))
			out[n++] = a->sorted[i];
	return n;
}

/* Leaves out of v the bells already placed (locks); returns the count.
 * Without locks nothing is placed before a strategy: v is as it was. */
static int
drop_assigned(const struct assign_ctx *a, int *v, int n)
{
	int k = 0;

	for (int i = 0; i < n; i++)
		if (!a->assigned[v[i]])
			v[k++] = v[i];
	return k;
}

static void
split_priority(struct assign_ctx *a, int *prio, int *np, int *rest, int *nr)
{
	const struct timing *t = a->t;

	*np = *nr = 0;
	for (int i = 0; i < t->n_melody; i++)
		prio[(*np)++] = t->melody[i];
	for (int i = 0; i < t->n_unique; i++)
		if (!t->is_melody[t->unique[i]])
			rest[(*nr)++] = t->unique[i];
}

static void
assign_experienced_first(struct assign_ctx *a)
{
	int prio[NPITCH], rest[NPITCH], np, nr, cap[a->n_sorted + 1], nc;

	split_priority(a, prio, &np, rest, &nr);
	sort_desc_stable(rest, nr, a->freq);
	/* Phase 1: two rounds, every player up to 2 bells, melody first. */
	for (int round = 0; round < 2; round++) {
		for (int i = 0; i < a->n_sorted; i++) {
			struct eplayer *pl = &a->r->p[a->sorted[i]];
			int note = -1;

			if (pl->n_bells >= 2)
				continue;
			for (int j = 0; j < np && note < 0; j++)
				if (!a->assigned[prio[j]])
					note = prio[j];
			for (int j = 0; j < nr && note < 0; j++)
				if (!a->assigned[rest[j]])
					note = rest[j];
			if (note >= 0) {
				add_bell(pl, note, HAND_NONE);
				a->assigned[note] = 1;
			}
		}
	}
	/* Phase 2: remaining melody to anyone with room; phase 3: the rest
	 * to experienced and intermediate players only. */
	for (int j = 0; j < np; j++)
		if (!a->assigned[prio[j]])
			offer_extra(a, prio[j], a->sorted, a->n_sorted);
	nc = capable_players(a, cap);
	for (int j = 0; j < nr; j++)
		if (!a->assigned[rest[j]])
			offer_extra(a, rest[j], cap, nc);
}

static void
assign_balanced(struct assign_ctx *a)
{
	int all[NPITCH], np, nr, n, idx = 0, cap[a->n_sorted + 1], nc;

	/* all = melody then the others, then all sorted by frequency. */
	split_priority(a, all, &np, all + a->t->n_melody, &nr);
	n = drop_assigned(a, all, np + nr);
	sort_desc_stable(all, n, a->freq);
	for (int round = 0; round < 2; round++) {
		for (int i = 0; i < a->n_sorted; i++) {
			struct eplayer *pl = &a->r->p[a->sorted[i]];

			if (pl->n_bells < 2 && idx < n)
				add_bell(pl, all[idx++], HAND_NONE);
		}
	}
	nc = capable_players(a, cap);
	if (nc == 0)
		return;
	/* Round-robin among capable players, resuming after the taker. */
	for (int start = 0; idx < n; idx++) {
		for (int i = 0; i < nc; i++) {
			int pi = cap[(start + i) % nc];

			if (!can_take(a, pi))
				continue;
			if (try_extra_bell(a->t, a->c, &a->r->p[pi], all[idx])) {
				start = (start + i + 1) % nc;
				break;
			}
		}
	}
}

/*
 * Greedy disjoint pairs of all[0..n), cheapest first, at most need of
 * them, into pa/pb; returns how many, or -1 when out of memory.
 * Upstream's second pass over the same list can add nothing the first
 * did not.
 */
static int
cheapest_pairs(const struct assign_ctx *a, const int *all, int n, int need,
    uint8_t *pa, uint8_t *pb)
{
	unsigned char used[NPITCH] = {0};
	struct pair_cost *costs;
	size_t n_costs;
	int oom = 0, n_pairs = 0;

	costs = pair_costs_build(a->t, all, n, &n_costs, &oom);
	if (oom)
		return -1;
	for (size_t i = 0; i < n_costs && n_pairs < need; i++) {
		if (used[costs[i].a] || used[costs[i].b])
			continue;
		pa[n_pairs] = costs[i].a;
		pb[n_pairs] = costs[i].b;
		n_pairs++;
		used[costs[i].a] = used[costs[i].b] = 1;
	}
	free(costs);
	return n_pairs;
}

/*
 * Fair pair distribution: fewest pairs first, then sorted order; a
 * player whose level allows more than 2 bells takes a pair that fits on
 * one hand.
 */
static void
hand_out_pairs(struct assign_ctx *a, uint8_t *pa, uint8_t *pb, int n_pairs)
{
	int pair_load[a->n_sorted + 1], ordered[a->n_sorted + 1];

	memset(pair_load, 0, sizeof pair_load);
	while (n_pairs > 0) {
		int progress = 0, no = 0;

		for (int load = 0; no < a->n_sorted; load++)
			for (int i = 0; i < a->n_sorted; i++)
				if (pair_load[i] == load)
					ordered[no++] = i;
		for (int k = 0; k < no; k++) {
			int si = ordered[k];
			struct eplayer *pl = &a->r->p[a->sorted[si]];
			int max = level_max_bells(a->c, pl->level);

			if (max <= 2 || pl->n_bells + 2 > max)
				continue;
			for (int j = 0; j < n_pairs; j++) {
				if (!try_pair_same_hand(a->t, a->c, pl, pa[j],
				    pb[j]))
					continue;
				a->assigned[pa[j]] = a->assigned[pb[j]] = 1;
				memmove(pa + j, pa + j + 1, n_pairs - j - 1);
				memmove(pb + j, pb + j + 1, n_pairs - j - 1);
				n_pairs--;
				pair_load[si]++;
				progress = 1;
				break;
			}
		}
		if (!progress)
			break;
	}
}

static void
assign_min_transitions(struct assign_ctx *a)
{
	int all[NPITCH], np, nr, n, need, n_pairs;
	uint8_t pa[NPITCH], pb[NPITCH];
	int remaining[NPITCH], n_rem = 0, head = 0;

	split_priority(a, all, &np, all + a->t->n_melody, &nr);
	sort_desc_stable(all + np, nr, a->freq);
	n = drop_assigned(a, all, np + nr);
	/* Upstream asks for one pair per extra bell (more than it needs). */
	need = n - 2 * a->n_sorted;
	if (need < 0)
		need = 0;
	if ((n_pairs = cheapest_pairs(a, all, n, need, pa, pb)) < 0) {
		a->oom = 1;
		return;
	}
	hand_out_pairs(a, pa, pb, n_pairs);

	/* The rest: melody first, then by frequency; up to 2 bells each,
	 * then extras to anyone with room. */
	for (int j = 0; j < n; j++)
		if (!a->assigned[all[j]])
			remaining[n_rem++] = all[j];
	for (int round = 0; round < 2; round++) {
		for (int i = 0; i < a->n_sorted; i++) {
			struct eplayer *pl = &a->r->p[a->sorted[i]];

			if (pl->n_bells >= 2 || head == n_rem)
				continue;
			a->assigned[remaining[head]] = 1;
			add_bell(pl, remaining[head++], HAND_NONE);
		}
	}
	for (int j = head; j < n_rem; j++)
		if (!a->assigned[remaining[j]])
			offer_extra(a, remaining[j], a->sorted, a->n_sorted);
}

static void
assign_snake(struct assign_ctx *a, const double *score)
{
	int notes[NPITCH], n = a->t->n_unique, ns = 0, ptr = 0;
	int snake[2 * a->n_sorted + 1];

	memcpy(notes, a->t->unique, n * sizeof *notes);
	n = drop_assigned(a, notes, n);
	sort_desc_stable(notes, n, score);
	for (int i = 0; i < a->n_sorted; i++)
		snake[ns++] = i;
	for (int i = a->n_sorted - 2; i > 0; i--)
		snake[ns++] = i;
	for (int j = 0; j < n; j++) {
		unsigned char tried[a->n_sorted + 1];

		memset(tried, 0, sizeof tried);
		for (int k = 0; k < ns; k++) {
			int si = snake[(ptr + k) % ns];
			int pi = a->sorted[si];

			if (tried[si])
				continue;
			tried[si] = 1;
			if (!can_take(a, pi))
				continue;
			if (try_extra_bell(a->t, a->c, &a->r->p[pi], notes[j])) {
				/* Upstream moves the pointer one step, not
				 * past the taker. */
				ptr = (ptr + 1) % ns;
				break;
			}
		}
	}
}

/* A note no strategy could place gets a virtual player (up to 2 bells
 * each), reusing any virtual player, expansion ones included. */
static void
assign_fatigue_snake(struct assign_ctx *a)
{
	assign_snake(a, a->t->snake_fatigue);
}

static void
assign_activity_snake(struct assign_ctx *a)
{
	assign_snake(a, a->t->snake_activity);
}

static int
virtual_fallback(struct assign_ctx *a)
{
	struct roster *r = a->r;
	unsigned char held[NPITCH] = {0};
	int vp_idx = 1;

	roster_mark_held(r, held);
	for (int i = 0; i < a->n_sorted; i++)
		vp_idx += r->p[a->sorted[i]].is_virtual;
	for (int j = 0; j < a->t->n_unique; j++) {
		int note = a->t->unique[j], vp = -1;

		if (held[note])
			continue;
		for (int i = 0; i < a->n_sorted && vp < 0; i++) {
			struct eplayer *pl = &r->p[a->sorted[i]];

			if (pl->is_virtual && pl->n_bells < 2)
				vp = a->sorted[i];
		}
		if (vp < 0) {
			char *name;

			if (r->n == r->cap)
				return -1;
			name = r->names[r->n_names++];
			snprintf(name, sizeof r->names[0], "Virtual Player %d",
			    vp_idx);
			while (roster_find(r, name) >= 0)
				snprintf(name, sizeof r->names[0],
				    "Virtual Player %d", ++vp_idx);
			vp = (int)r->n++;
			memset(&r->p[vp], 0, sizeof r->p[vp]);
			memset(r->p[vp].hand_map, HAND_NONE,
			    sizeof r->p[vp].hand_map);
			r->p[vp].name = name;
			r->p[vp].level = LEVEL_INTERMEDIATE;
			r->p[vp].is_virtual = 1;
			a->sorted[a->n_sorted++] = vp;
		}
		add_bell(&r->p[vp], note, HAND_NONE);
	}
	return 0;
}

int
strategy_assign(enum strategy s, const struct timing *t,
    const struct arrange_config *c, struct roster *r)
{
	struct assign_ctx a;
	int rc = -1;

	memset(&a, 0, sizeof a);
	a.t = t;
	a.c = c;
	a.r = r;
	a.sorted = malloc(r->cap * sizeof *a.sorted);
	if (a.sorted == NULL)
		return -1;
	/* sorted(players, key=experience rank): stable. */
	for (int rank = 0; rank < 3; rank++)
		for (size_t i = 0; i < r->n; i++)
			if (level_rank(r->p[i].level) == rank)
				a.sorted[a.n_sorted++] = (int)i;
	for (int p = 0; p < NPITCH; p++)
		a.freq[p] = (double)t->freq[p];
	for (size_t i = 0; i < r->n; i++)
		memset(r->p[i].hand_map, HAND_NONE, sizeof r->p[i].hand_map);
	locks_place(r, 0, a.assigned);

	if (strategy_table[s].assign == NULL)
		goto out;
	strategy_table[s].assign(&a);
	if (a.oom || virtual_fallback(&a) != 0)
		goto out;
	/* _assign_hands: recorded hand, else the index parity rule. */
	for (size_t i = 0; i < r->n; i++) {
		struct eplayer *pl = &r->p[i];

		split_hands(pl, pl->left, &pl->n_left, pl->right, &pl->n_right);
	}
	rc = 0;
out:
	free(a.sorted);
	return rc;
}
