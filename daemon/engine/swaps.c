/*
 * swaps.c - upstream's swap_counter.py: how many times each player puts
 * a bell down to pick another up, walking their notes in tick order and
 * starting with the first bell of each hand in hand.
 */
#include <string.h>

#include "engine_internal.h"

/* A player who may hold two bells in a hand: pick-ups of hold_ring. */
static int
count_held(const struct eplayer *pl, const struct timing *t,
    const int8_t *hand, const uint32_t *seq, int n_seq)
{
	struct hand_hold h[2] = { { 0, 0, { -1, -1 } }, { 0, 0, { -1, -1 } } };
	int put[2], n_put, swaps = 0;

	for (int i = 0; i < n_seq; i++) {
		int p = t->score->notes[seq[i]].pitch;
		int with = hold_shelley_only(pl) ? hold_partner(t, seq,
		    (size_t)n_seq, (size_t)i, hand) : -1;

		swaps += hold_ring(&h[hand[p]], pl, p, with, put, &n_put);
	}
	return swaps;
}

static int
count_player(const struct timing *t, const struct eplayer *pl,
    uint32_t *seq)
{
	unsigned char mine[NPITCH] = {0}, seen[NPITCH] = {0};
	int8_t hand[NPITCH];
	int n_distinct = 0, n_seq = 0, n_unique = 0, swaps = 0;
	int hold[2] = { -1, -1 }, pitch[NPITCH], k = 0;

	memset(hand, HAND_NONE, sizeof hand);
	for (int j = 0; j < pl->n_left; j++) {
		n_distinct += !mine[pl->left[j]];
		mine[pl->left[j]] = 1;
		hand[pl->left[j]] = HAND_LEFT;
	}
	for (int j = 0; j < pl->n_right; j++) {
		n_distinct += !mine[pl->right[j]];
		mine[pl->right[j]] = 1;
		hand[pl->right[j]] = HAND_RIGHT;
	}
	if (n_distinct <= 2)
		return 0;
	for (int p = 12; p < NPITCH; p++)   /* 0..11: names that do not */
		if (mine[p])                /* parse back */
			pitch[k++] = p;
	n_seq = (int)timing_merge(t, 1, pitch, k, seq);   /* tick order */
	if (n_seq <= 1)
		return 0;
	for (int i = 0; i < n_seq; i++) {
		int p = t->score->notes[seq[i]].pitch;

		if (!seen[p]++)
			n_unique++;
	}
	if (n_unique <= 2)
		return 0;
	if (pl->techniques)
		return count_held(pl, t, hand, seq, n_seq);
	memset(seen, 0, sizeof seen);
	for (int i = 0; i < n_seq && (hold[0] < 0 || hold[1] < 0); i++) {
		int p = t->score->notes[seq[i]].pitch;

		if (hold[hand[p]] < 0)
			hold[hand[p]] = p;
	}
	for (int i = 0; i < n_seq; i++) {
		int p = t->score->notes[seq[i]].pitch;

		if (hold[hand[p]] != p) {
			hold[hand[p]] = p;
			swaps++;
		}
	}
	return swaps;
}

void
swap_counts(const struct timing *t, const struct roster *r, int *out,
    uint32_t *scratch)
{
	for (size_t i = 0; i < r->n; i++)
		out[i] = t->n ? count_player(t, &r->p[i], scratch) : 0;
}
