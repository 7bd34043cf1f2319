/*
 * techniques.c - four-in-hand and Shelley: a hand that holds two bells
 * at once.  The swap counter (swaps.c), the quality breakdown's hand walk
 * (validate.c) and the simulation (simulation.c) all follow a hand
 * through the same struct hand_hold, so they agree on every pick-up.
 *
 * A player who declares a technique may hold two bells in one hand when
 * both are at or above config.four_in_hand_from (default C6: from the
 * sixth octave up bells weigh 13 oz or less, Malmark, and directors teach
 * four-in-hand on the treble): rung separately (four-in-hand) or together
 * (Shelley, for a third or an octave).  Moving between the two bells held
 * is no swap; a bell that is not held is picked up (one swap), after
 * putting down the bell not rung last when it pairs with the one rung
 * last, or everything held when it does not.  Shelley is a grip for
 * striking the two together: a player with Shelley and not four-in-hand
 * holds a pair only for a stroke of both at one onset (the walks pass
 * the bell struck with each note, hold_partner); a bell of a held pair
 * struck alone puts the other down, and picking it up again is a swap.
 * Players without a technique never reach this file: their hands are
 * upstream's.
 */
#include <string.h>

#include "bell_tables.h"
#include "engine_internal.h"

int
hold_pairable(const struct eplayer *pl, int a, int b)
{
	int d = a > b ? a - b : b - a;

	if (pl->techniques == 0 || a == b || a < pl->hold_from ||
	    b < pl->hold_from)
		return 0;
	if (pl->techniques & TECH_FOUR_IN_HAND)
		return 1;
	return d == 3 || d == 4 || d == 12;     /* Shelley */
}

int
hold_shelley_only(const struct eplayer *pl)
{
	return (pl->techniques & TECH_SHELLEY) &&
	    !(pl->techniques & TECH_FOUR_IN_HAND);
}

/* May bell p join bell a in the hand now?  Shelley alone holds two
 * bells only to strike them together: a must ring at p's onset. */
static int
joins(const struct eplayer *pl, int a, int p, int with)
{
	return hold_pairable(pl, a, p) && (!hold_shelley_only(pl) || with == a);
}

int
hold_ring(struct hand_hold *h, const struct eplayer *pl, int p, int with,
    int put[2], int *n_put)
{
	*n_put = 0;
	if (h->n == 2 && (h->b[0] == p || h->b[1] == p) &&
	    hold_shelley_only(pl) && with != h->b[h->b[0] == p]) {
		/* A Shelley pair, one bell struck alone: the other is put
		 * down (no pick-up, no swap; ringing it again will be). */
		put[(*n_put)++] = h->b[h->b[0] == p];
		h->b[0] = p;
		h->n = 1;
		h->moved = 1;
		return 0;
	}
	if (h->n > 0 && h->b[0] == p)
		return 0;
	if (h->n == 2 && h->b[1] == p) {
		h->b[1] = h->b[0];
		h->b[0] = p;
		return 0;
	}
	if (h->n == 0) {
		/* The first bell is in the hand from the start (upstream). */
		h->b[0] = p;
		h->n = 1;
		return 0;
	}
	if (h->n == 1 && joins(pl, h->b[0], p, with)) {
		h->b[1] = h->b[0];
		h->b[0] = p;
		h->n = 2;
		/* Before any change both are in the hand from the start. */
		return h->moved ? 1 : 0;
	}
	h->moved = 1;
	if (h->n == 2 && joins(pl, h->b[0], p, with)) {
		put[(*n_put)++] = h->b[1];
		h->b[1] = h->b[0];
		h->b[0] = p;
		return 1;
	}
	for (int i = 0; i < h->n; i++)
		put[(*n_put)++] = h->b[i];
	h->b[0] = p;
	h->n = 1;
	return 1;
}

int
hold_partner(const struct timing *t, const uint32_t *seq, size_t n,
    size_t i, const int8_t *hand)
{
	const struct note *notes = t->score->notes, *a = &notes[seq[i]];

	/* Notes at one onset are neighbours in any time order. */
	for (size_t j = i; j-- > 0 && notes[seq[j]].tick == a->tick;)
		if (notes[seq[j]].pitch != a->pitch &&
		    hand[notes[seq[j]].pitch] == hand[a->pitch] &&
		    name_parses(notes[seq[j]].pitch))
			return notes[seq[j]].pitch;
	for (size_t j = i + 1; j < n && notes[seq[j]].tick == a->tick; j++)
		if (notes[seq[j]].pitch != a->pitch &&
		    hand[notes[seq[j]].pitch] == hand[a->pitch] &&
		    name_parses(notes[seq[j]].pitch))
			return notes[seq[j]].pitch;
	return -1;
}

int
hand_uses_technique(const struct eplayer *pl, const uint8_t *bells, int nb)
{
	int high = 0;

	if (pl == NULL || pl->techniques == 0)
		return 0;
	for (int k = 0; k < nb; k++)
		high += bells[k] >= pl->hold_from;
	return high >= 2;
}

/*
 * hand_stats_compute for a hand that may hold two bells: the same walk
 * (the hand's events merged by start, the earlier bell on ties), a swap
 * being a pick-up of hold_ring; its gap from the end of the hand's last
 * note.  For a hand without a technique (or with fewer than two bells it
 * can pair) it is hand_stats_compute itself.
 */
void
hand_stats_compute_held(const struct timing *t, const struct eplayer *pl,
    const uint8_t *bells, int nb, int impossible_gap_ms,
    struct hand_stats *hs)
{
	struct hand_hold h = { 0, 0, { -1, -1 } };
	struct hand_walk w;
	double last_end = 0, start, end, next_start = 0, next_end = 0;
	double prev_start = -1;
	int put[2], n_put, k, next, prev = -1;
	int shelley = hold_shelley_only(pl);

	if (!hand_uses_technique(pl, bells, nb)) {
		hand_stats_compute(t, bells, nb, impossible_gap_ms, hs);
		return;
	}
	memset(hs, 0, sizeof *hs);
	hand_walk_init(&w, t, bells, nb);
	k = hand_walk_next(&w, t, &start, &end);
	while (k >= 0) {
		int with = -1;

		/* Shelley alone: the bell struck at this onset with it (the
		 * walk's neighbours), so the hold knows a pair rings together. */
		next = hand_walk_next(&w, t, &next_start, &next_end);
		if (shelley && prev >= 0 && prev_start == start && prev != k)
			with = bells[prev];
		else if (shelley && next >= 0 && next_start == start &&
		    next != k)
			with = bells[next];
		if (hold_ring(&h, pl, bells[k], with, put, &n_put))
			hand_stats_swap(hs, start - last_end, impossible_gap_ms);
		last_end = end;
		prev = k;
		prev_start = start;
		k = next;
		start = next_start;
		end = next_end;
	}
}
