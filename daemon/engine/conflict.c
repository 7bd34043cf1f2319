/*
 * conflict.c - upstream's conflict_resolver.py (duplicate resolution,
 * balancing, the experience pass) and arrangement_generator.py's
 * _trim_players.  Bells move with upstream's list operations: pop() from
 * the end, remove() of the first occurrence from a hand, a moved bell's
 * hand by the parity of its new position.
 */
#include <stdlib.h>
#include <string.h>

#include "bell_tables.h"
#include "engine_internal.h"

static void
list_remove(uint8_t *v, int *n, int pitch)
{
	for (int i = 0; i < *n; i++) {
		if (v[i] == pitch) {
			memmove(v + i, v + i + 1, (size_t)(*n - i - 1));
			(*n)--;
			return;
		}
	}
}

/* Appends a bell and files it on the hand its index parity says. */
static void
append_by_parity(struct eplayer *pl, int pitch)
{
	int idx = pl->n_bells;

	pl->bells[pl->n_bells++] = (uint8_t)pitch;
	if (idx % 2 == 0)
		pl->left[pl->n_left++] = (uint8_t)pitch;
	else
		pl->right[pl->n_right++] = (uint8_t)pitch;
}

static void
drop_from_hands(struct eplayer *pl, int pitch)
{
	list_remove(pl->left, &pl->n_left, pitch);
	list_remove(pl->right, &pl->n_right, pitch);
}

/* Upstream's pop(): the last bell of pl, out of its hands; the last
 * that is not locked, when bells are locked.  -1 when all are. */
static int
take_last_unlocked(const struct roster *r, struct eplayer *pl)
{
	for (int j = pl->n_bells - 1; j >= 0; j--) {
		int b = pl->bells[j];

		if (bell_locked(r, b))
			continue;
		memmove(pl->bells + j, pl->bells + j + 1,
		    (size_t)(pl->n_bells - j - 1));
		pl->n_bells--;
		drop_from_hands(pl, b);
		return b;
	}
	return -1;
}

/* Does pl hold a locked bell? */
static int
holds_lock(const struct roster *r, const struct eplayer *pl)
{
	for (int j = 0; j < pl->n_bells; j++)
		if (bell_locked(r, pl->bells[j]))
			return 1;
	return 0;
}

/*
 * resolve_duplicates: a bell held by several players stays with the
 * first and goes, for each other holder, to the first player with fewer
 * than 8 bells.  The strategies never produce duplicates; this is kept
 * so the pipeline is upstream's whole.
 */
void
conflict_resolve_duplicates(struct roster *r)
{
	int holders[NPITCH];
	int first_seen[NPITCH], n_seen = 0;
	uint8_t unassigned[NPITCH * 4];
	int n_un = 0;

	memset(holders, 0, sizeof holders);
	for (size_t i = 0; i < r->n; i++) {
		for (int j = 0; j < r->p[i].n_bells; j++) {
			int b = r->p[i].bells[j];

			if (holders[b]++ == 0)
				first_seen[n_seen++] = b;
		}
	}
	for (int k = 0; k < n_seen; k++) {
		int b = first_seen[k], seen = 0;

		if (holders[b] < 2)
			continue;
		/* The holders in dict order, one entry per occurrence. */
		for (size_t i = 0; i < r->n; i++) {
			struct eplayer *pl = &r->p[i];
			int occ = 0;

			for (int j = 0; j < pl->n_bells; j++)
				occ += pl->bells[j] == b;
			for (; occ > 0; occ--) {
				if (seen++ == 0)
					continue;
				list_remove(pl->bells, &pl->n_bells, b);
				drop_from_hands(pl, b);
				if (n_un < (int)sizeof unassigned)
					unassigned[n_un++] = (uint8_t)b;
			}
		}
	}
	for (int k = 0; k < n_un; k++) {
		for (size_t i = 0; i < r->n; i++) {
			if (r->p[i].n_bells < RESOLVER_MAX_BELLS) {
				append_by_parity(&r->p[i], unassigned[k]);
				break;
			}
		}
	}
}

/*
 * balance_assignments: up to 2n times, move the last bell of the most
 * loaded player (first of equals) to the least loaded (last of equals),
 * only while the latter holds fewer than 2.
 */
void
conflict_balance(struct roster *r)
{
	size_t iterations = r->n * 2;

	if (r->n == 0)
		return;
	for (size_t it = 0; it < iterations; it++) {
		size_t most = 0, least = 0;
		struct eplayer *src, *dst;

		for (size_t i = 1; i < r->n; i++) {
			if (r->p[i].n_bells > r->p[most].n_bells)
				most = i;
			if (r->p[i].n_bells <= r->p[least].n_bells)
				least = i;
		}
		src = &r->p[most];
		dst = &r->p[least];
		if (src->n_bells - dst->n_bells <= 1)
			break;
		if (src->n_bells == 0 || dst->n_bells >= BALANCE_TARGET_BELLS)
			break;          /* nothing changes in later rounds */
		{
			int b = take_last_unlocked(r, src);

			if (b < 0)
				break;  /* all locked: the same next round */
			append_by_parity(dst, b);
		}
	}
}

/*
 * optimize_for_experience: each beginner (as given: exactly "beginner")
 * holding more than 2 bells gives its last bell to the first experienced
 * player holding fewer than 8.  Only the expanded request players take
 * part, not fallback virtual players.
 */
void
conflict_experience_pass(struct roster *r, size_t n_expanded)
{
	int any_exp = 0;

	for (size_t i = 0; i < n_expanded; i++)
		any_exp |= r->p[i].level == LEVEL_EXPERIENCED;
	if (!any_exp)
		return;
	for (size_t i = 0; i < n_expanded; i++) {
		struct eplayer *beg = &r->p[i];

		if (beg->level != LEVEL_BEGINNER || beg->n_bells <= 2)
			continue;
		for (size_t k = 0; k < n_expanded; k++) {
			struct eplayer *ex = &r->p[k];

			if (ex->level != LEVEL_EXPERIENCED ||
			    ex->n_bells >= RESOLVER_MAX_BELLS)
				continue;
			int b = take_last_unlocked(r, beg);

			if (b >= 0)
				append_by_parity(ex, b);
			break;
		}
	}
}

/*
 * _trim_players: players with 0 bells go; players with 1 bell are
 * paired, originals first (as recipients), virtual ones last (as donors):
 * the front one takes the back one's bell.  Upstream rebuilds the dict:
 * players with 2+ bells in order, then the recipients, then an odd
 * middle one - that is the new order.
 */
int
trim_players(struct roster *r)
{
	struct eplayer *p = r->p;
	size_t n = r->n, keep = 0, n_sparse = 0;
	int sparse[n + 1], removed_original = 0;
	unsigned char kept[n + 1];
	struct eplayer *out;
	size_t left, right;

	memset(kept, 0, n + 1);
	/* A player holding a locked bell is neither paired nor removed. */
	for (int pass = 0; pass < 2; pass++)
		for (size_t i = 0; i < n; i++)
			if (p[i].n_bells == 1 && p[i].is_original == !pass &&
			    !holds_lock(r, &p[i]))
				sparse[n_sparse++] = (int)i;
	/* Compact in place: a scratch copy of the order is small enough
	 * to build at the roster's end (cap >= n + unique). */
	out = malloc((n ? n : 1) * sizeof *out);   /* [0, keep) written */
	if (out == NULL)
		return -1;
	for (size_t i = 0; i < n; i++) {
		if (p[i].n_bells >= 2 || (p[i].n_bells == 1 &&
		    holds_lock(r, &p[i]))) {
			out[keep++] = p[i];
			kept[i] = 1;
		}
	}
	left = 0;
	right = n_sparse ? n_sparse - 1 : 0;
	while (n_sparse && left < right) {
		struct eplayer *dst = &out[keep++];
		const struct eplayer *donor = &p[sparse[right]];

		*dst = p[sparse[left]];
		kept[sparse[left]] = 1;
		dst->bells[dst->n_bells++] = donor->bells[0];
		dst->n_left = dst->n_right = 0;
		for (int j = 0; j < dst->n_bells; j++) {
			if (j % 2 == 0)
				dst->left[dst->n_left++] = dst->bells[j];
			else
				dst->right[dst->n_right++] = dst->bells[j];
		}
		left++;
		right--;
	}
	if (n_sparse && left == right) {
		out[keep++] = p[sparse[left]];
		kept[sparse[left]] = 1;
	}
	for (size_t i = 0; i < n; i++)
		if (!kept[i] && p[i].is_original)
			removed_original++;
	memcpy(p, out, keep * sizeof *out);
	r->n = keep;
	free(out);
	return removed_original;
}
