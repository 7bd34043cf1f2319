/*
 * positions_hands.c - the "positions" strategy's last step: a layout a
 * director can hand out has no impossible swap.  The standard layout
 * (positions.c) can have one where a position's bells alternate faster
 * than a hand can put one down and pick another up (a busy bass, a
 * combined position).  Directors mend that at the table: the ringer
 * holds the bell in the other hand, passes it to a neighbour with a free
 * hand, or rings it four-in-hand when they have the technique.  This file does the same, one bell at a time,
 * judged by the breakdown's own hand walk (hand_stats_compute_held, with
 * each ringer's techniques), so a layout it calls free of impossible
 * swaps scores without the hard fail.
 *
 * Each step moves the bell (to another hand of any ringer) whose move
 * leaves the fewest impossible swaps; on a tie the one that moves
 * the bell least far (the same ringer's other hand, then the next
 * position, ...), then the one with the smaller playability penalty.
 * Locked bells, the bells and hands of ringers who kept their positions
 * (previous) and a ringer's last bell never move, and no bell goes to a
 * ringer it is too heavy for (choir mode's weight limits; and a bass
 * bell, below C4, to no beginner, as the table has it).  When the
 * moves cannot remove every impossible swap the standard layout is kept
 * as it was and the result says how many are left: bells scattered over
 * the table in a layout that still cannot be rung help nobody.
 */
#include <stdlib.h>
#include <string.h>

#include "engine_internal.h"

/* At most this many moves per distinct bell of the piece, and this much
 * work in all (notes walked times the bells of their hand, counted only
 * where a hand's stats are computed, not taken from the memo: the
 * playable layouts of the corpus take at most 0.7 million, the hopeless
 * ones stop at it, a few ms): a dense piece for a few ringers has no
 * playable layout, and the search must not look for one for long.  It
 * also stops when even HOPE_FACTOR times the pace of its last move
 * would not get there, and is not tried at all with more than
 * REPAIR_HOPE impossible swaps a ringer (the corpus's playable ones
 * start at 17 or fewer). */
#define MOVES_PER_BELL 2
#define WORK_NOTES 8000000L
#define HOPE_FACTOR 4
#define REPAIR_HOPE 20
/* An idle accidental goes at most this many positions along the table. */
#define FREE_HAND_REACH 2

/* What a layout costs: impossible swaps, then the breakdown's
 * playability penalties (doubled: 8 a swap over five for a ringer, 3 a
 * pressured change), then swaps. */
struct cost {
	int imp, penalty, swaps;
};

struct move {
	int bell, from, from_hand, to, to_hand;
	int tier;                   /* how far the bell goes */
	struct cost k;              /* the layout's after the move */
};

struct fixer {
	const struct timing *t;
	const struct arrange_config *c;
	struct roster *r;
	const int *pos;             /* position index per player, -1 */
	struct hand_stats (*hs)[2]; /* each player's hands now */
	long work;                  /* see WORK_NOTES */
	long limit;                 /* of work */
	/* Each hand's stats without or with one bell more, as the moves
	 * are judged: a move changes two hands, the rest stay valid. */
	struct hand_stats *memo;
	unsigned char *memo_ok;
};

static size_t
memo_at(int i, int h, int add, int b)
{
	return (((size_t)i * 2 + (size_t)h) * 2 + (size_t)add) * NPITCH +
	    (size_t)b;
}

static uint8_t *
hand_bells(struct eplayer *pl, int h, int **n)
{
	*n = h == 0 ? &pl->n_left : &pl->n_right;
	return h == 0 ? pl->left : pl->right;
}

/* The hand of pl holding bell b (0 left, 1 right). */
static int
hand_of(const struct eplayer *pl, int b)
{
	for (int j = 0; j < pl->n_left; j++)
		if (pl->left[j] == b)
			return 0;
	return 1;
}

static int
black_key_pitch(int p)
{
	static const unsigned char black[12] = {
		0, 1, 0, 1, 0, 0, 1, 0, 1, 0, 1, 0,
	};

	return black[p % 12];
}

static void
hand_compute(struct fixer *f, const struct eplayer *pl,
    const uint8_t *bells, int nb, struct hand_stats *hs)
{
	/* The walk looks at every bell of the hand for each note. */
	for (int k = 0; k < nb; k++)
		f->work += (long)(f->t->off[bells[k] + 1] -
		    f->t->off[bells[k]]) * nb;
	hand_stats_compute_held(f->t, pl, bells, nb, f->c->impossible_gap_ms,
	    hs);
}

/* The hand's bells without bell b, in order, with bell add (-1: none)
 * put in ascending place. */
static int
rehand(const uint8_t *bells, int nb, int b, int add, uint8_t *out)
{
	int n = 0;

	for (int j = 0; j < nb; j++) {
		if (add >= 0 && bells[j] > add) {
			out[n++] = (uint8_t)add;
			add = -1;
		}
		if (bells[j] != b)
			out[n++] = bells[j];
	}
	if (add >= 0)
		out[n++] = (uint8_t)add;
	return n;
}

static int
gives_bell(const struct fixer *f, int i, int b)
{
	const struct eplayer *pl = &f->r->p[i];

	return f->pos[i] >= 0 && !pl->kept && pl->n_bells > 1 &&
	    !bell_locked(f->r, b);
}

static int
takes_bell(const struct fixer *f, int i, int b)
{
	const struct eplayer *pl = &f->r->p[i];

	/* No bass bell (below C4) for a beginner, as in the table. */
	if (b < 60 && pl->level != LEVEL_EXPERIENCED &&
	    pl->level != LEVEL_INTERMEDIATE)
		return 0;
	return pl->is_original && !pl->kept && f->pos[i] >= 0 &&
	    !bell_too_heavy(f->t, f->c, pl->level, b);
}

static void
player_cost(const struct hand_stats *hs, struct cost *k, int sign)
{
	int sw = hs[0].swaps + hs[1].swaps;

	k->imp += sign * (hs[0].impossible + hs[1].impossible);
	k->penalty += sign * ((sw > 5 ? (sw - 5) * 8 : 0) +
	    (hs[0].pressure + hs[1].pressure) * 3);
	k->swaps += sign * sw;
}

static struct cost
layout_cost(const struct fixer *f)
{
	struct cost k = { 0, 0, 0 };

	for (size_t i = 0; i < f->r->n; i++)
		player_cost(f->hs[i], &k, 1);
	return k;
}

static int
better(const struct move *a, const struct move *b)
{
	if (a->k.imp != b->k.imp)
		return a->k.imp < b->k.imp;
	if (a->tier != b->tier)
		return a->tier < b->tier;
	if (a->k.penalty != b->k.penalty)
		return a->k.penalty < b->k.penalty;
	return a->k.swaps < b->k.swaps;
}

/* The layout's cost after m: before, with the one or two players m
 * changes redone (their changed hands' stats in s_after and d_after). */
static struct cost
cost_after(const struct fixer *f, struct cost before, const struct move *m,
    const struct hand_stats *s_after, const struct hand_stats *d_after)
{
	struct hand_stats src[2], dst[2];

	memcpy(src, f->hs[m->from], sizeof src);
	memcpy(dst, f->hs[m->to], sizeof dst);
	player_cost(src, &before, -1);
	src[m->from_hand] = *s_after;
	if (m->to == m->from) {
		src[m->to_hand] = *d_after;
	} else {
		player_cost(dst, &before, -1);
		dst[m->to_hand] = *d_after;
		player_cost(dst, &before, 1);
	}
	player_cost(src, &before, 1);
	return before;
}

/* The stats of hand h of ringer i without bell b (add 0) or with it
 * (add 1), from the memo when the hand has not changed since. */
static const struct hand_stats *
hand_variant(struct fixer *f, int i, int h, int b, int add)
{
	size_t at = memo_at(i, h, add, b);

	if (!f->memo_ok[at]) {
		struct eplayer *pl = &f->r->p[i];
		uint8_t v[NPITCH];
		int *n, nv;
		const uint8_t *bells = hand_bells(pl, h, &n);

		nv = add ? rehand(bells, *n, -1, b, v) :
		    rehand(bells, *n, b, -1, v);
		hand_compute(f, pl, v, nv, &f->memo[at]);
		f->memo_ok[at] = 1;
	}
	return &f->memo[at];
}

/* Hand h of ringer i changed: what the memo knew of it is gone. */
static void
memo_forget(struct fixer *f, int i, int h)
{
	memset(&f->memo_ok[memo_at(i, h, 0, 0)], 0, 2 * NPITCH);
}

/* m with its target hand set: its cost, kept in *best when better. */
static void
judge(struct fixer *f, struct move m, struct cost k, struct move *best)
{
	const struct hand_stats *s_after = hand_variant(f, m.from,
	    m.from_hand, m.bell, 0);
	const struct hand_stats *d_after = hand_variant(f, m.to, m.to_hand,
	    m.bell, 1);

	m.k = cost_after(f, k, &m, s_after, d_after);
	m.tier = abs(f->pos[m.to] - f->pos[m.from]) + (m.to != m.from);
	if (best->bell < 0 || better(&m, best))
		*best = m;
}

/* Bell m.bell to each hand that may take it. */
static void
try_targets(struct fixer *f, struct move m, struct cost k,
    struct move *best)
{
	for (size_t i = 0; i < f->r->n; i++) {
		if (!takes_bell(f, (int)i, m.bell))
			continue;
		for (int h = 0; h < 2; h++) {
			if (i == (size_t)m.from && h == m.from_hand)
				continue;
			m.to = (int)i;
			m.to_hand = h;
			judge(f, m, k, best);
		}
	}
}

/* The best single move of a bell out of a hand with an impossible
 * swap; best->bell is -1 when there is none. */
static void
best_move(struct fixer *f, struct move *best)
{
	struct cost k = layout_cost(f);

	best->bell = -1;
	for (size_t i = 0; i < f->r->n; i++)
		for (int h = 0; h < 2; h++) {
			int *nb;
			uint8_t *bells = hand_bells(&f->r->p[i], h, &nb);

			if (f->hs[i][h].impossible == 0 || f->work >= f->limit)
				continue;
			for (int j = 0; j < *nb; j++) {
				struct move m = { bells[j], (int)i, h, -1, -1,
				    0, { 0, 0, 0 } };

				if (gives_bell(f, (int)i, bells[j]))
					try_targets(f, m, k, best);
			}
		}
}

/* Bell b out of list v (n long), bell add (-1: none) into it. */
static void
list_rehand(uint8_t *v, int *n, int b, int add)
{
	uint8_t tmp[NPITCH];

	*n = rehand(v, *n, b, add, tmp);
	memcpy(v, tmp, (size_t)*n);
}

static void
apply_move(struct fixer *f, const struct move *m)
{
	struct eplayer *src = &f->r->p[m->from], *dst = &f->r->p[m->to];
	int *n;
	uint8_t *v;

	if (m->to != m->from) {
		list_rehand(src->bells, &src->n_bells, m->bell, -1);
		list_rehand(dst->bells, &dst->n_bells, -1, m->bell);
	}
	v = hand_bells(src, m->from_hand, &n);
	list_rehand(v, n, m->bell, -1);
	hand_compute(f, src, v, *n, &f->hs[m->from][m->from_hand]);
	v = hand_bells(dst, m->to_hand, &n);
	list_rehand(v, n, -1, m->bell);
	hand_compute(f, dst, v, *n, &f->hs[m->to][m->to_hand]);
	memo_forget(f, m->from, m->from_hand);
	memo_forget(f, m->to, m->to_hand);
}

/* Each bell that changed ringer, in the report (against the layout
 * before the moves). */
static int
report_moves(const struct roster *r, const struct eplayer *before,
    enum move_reason why, struct positions_report *rep)
{
	int was[NPITCH], now[NPITCH], hand[NPITCH];

	for (int p = 0; p < NPITCH; p++)
		was[p] = now[p] = -1;
	for (size_t i = 0; i < r->n; i++) {
		for (int j = 0; j < before[i].n_bells; j++)
			was[before[i].bells[j]] = (int)i;
		for (int j = 0; j < r->p[i].n_left; j++) {
			now[r->p[i].left[j]] = (int)i;
			hand[r->p[i].left[j]] = 0;
		}
		for (int j = 0; j < r->p[i].n_right; j++) {
			now[r->p[i].right[j]] = (int)i;
			hand[r->p[i].right[j]] = 1;
		}
	}
	for (int p = 0; p < NPITCH; p++) {
		char name[16];

		if (was[p] < 0 || now[p] < 0 || was[p] == now[p])
			continue;
		pitch_name(p, name, sizeof name);
		if (positions_report_move(rep, name, r->p[was[p]].name,
		    before[was[p]].position, r->p[now[p]].name,
		    before[now[p]].position, hand[p], why) != 0)
			return -1;
	}
	return 0;
}

static void
fixer_free(struct fixer *f)
{
	free(f->hs);
	free(f->memo);
	free(f->memo_ok);
}

/* f's cache of every hand's stats; 0, or -1 when out of memory. */
static int
fixer_init(struct fixer *f)
{
	size_t n_memo = memo_at((int)f->r->n, 0, 0, 0) + 1;

	f->hs = calloc(f->r->n + 1, sizeof *f->hs);
	f->memo = malloc(n_memo * sizeof *f->memo);
	f->memo_ok = calloc(n_memo, 1);
	if (f->hs == NULL || f->memo == NULL || f->memo_ok == NULL)
		return -1;
	for (size_t i = 0; i < f->r->n; i++)
		for (int h = 0; h < 2; h++) {
			int *nb;
			uint8_t *bells = hand_bells(&f->r->p[i], h, &nb);

			hand_compute(f, &f->r->p[i], bells, *nb, &f->hs[i][h]);
		}
	return 0;
}

int
positions_avoid_impossible(const struct timing *t,
    const struct arrange_config *c, struct roster *r, const int *pos,
    struct positions_report *rep)
{
	struct fixer f = { t, c, r, pos, NULL, 0, 0, NULL, NULL };
	struct eplayer *before = malloc((r->n + 1) * sizeof *before);
	int imp, budget = MOVES_PER_BELL * t->n_unique, rc = -1;
	int n_ringers = 0;
	long limit;
	struct move m;

	if (before == NULL || fixer_init(&f) != 0)
		goto out;
	memcpy(before, r->p, r->n * sizeof *before);
	imp = rep->impossible = layout_cost(&f).imp;
	for (size_t i = 0; i < r->n; i++)
		n_ringers += pos[i] >= 0;
	if (imp > REPAIR_HOPE * n_ringers)
		budget = 0;             /* hopeless: not tried */
	limit = f.limit = rep->work_limit ? WORK_NOTES / 4 : WORK_NOTES;
	while (imp > 0 && budget-- > 0 && f.work < limit) {
		long w0 = f.work;

		best_move(&f, &m);
		if (m.bell < 0 || m.k.imp >= imp)
			break;
		apply_move(&f, &m);
		/* Hopeless: at HOPE_FACTOR times the pace of this move, the
		 * work left would not remove the impossible swaps left. */
		if ((double)m.k.imp * (double)(f.work - w0) >
		    HOPE_FACTOR * (double)(imp - m.k.imp) * (double)(limit - f.work)) {
			imp = m.k.imp;
			break;
		}
		imp = m.k.imp;
	}
	rc = 0;
	if (imp > 0)                /* not playable either way */
		memcpy(r->p, before, r->n * sizeof *before);
	else
		rc = report_moves(r, before, MOVE_IMPOSSIBLE, rep);
	rep->impossible = imp > 0 ? rep->impossible : 0;
out:
	fixer_free(&f);
	free(before);
	return rc;
}

/*
 * Idle treble accidentals (issue 20: "idle treble accidentals to whoever
 * has a free hand").  A combined position's ringer holds many bells; an
 * accidental of it at or above four_in_hand_from (the treble) that rings
 * less than the ringer's bells do on average is better held by a ringer
 * with a free hand: one holding nothing, or one whose technique holds it
 * with that hand's bell at no extra swap.  Either way nobody gets a new
 * swap.  The nearest such ringer takes it, at most FREE_HAND_REACH
 * positions away (an empty hand before a held one on a tie).
 */
static long
rings_of(const struct timing *t, int p)
{
	return (long)(t->off[p + 1] - t->off[p]);
}

static int
idle_accidental(const struct fixer *f, int i, int b)
{
	const struct eplayer *pl = &f->r->p[i];
	long total = 0;

	if (!black_key_pitch(b) || b < f->c->four_in_hand_from ||
	    !gives_bell(f, i, b))
		return 0;
	for (int j = 0; j < pl->n_bells; j++)
		total += rings_of(f->t, pl->bells[j]);
	return rings_of(f->t, b) * pl->n_bells < total;
}

/* Is hand h of ringer i free for bell b: empty, or holding it at no
 * extra swap?  2 for an empty hand, 1 for a held one, 0 for neither. */
static int
free_hand(struct fixer *f, int i, int h, int b)
{
	struct eplayer *pl = &f->r->p[i];
	uint8_t more[NPITCH];
	struct hand_stats after;
	int *nb, nm;
	const uint8_t *bells = hand_bells(pl, h, &nb);

	if (*nb == 0)
		return 2;
	if (!pl->techniques)
		return 0;
	nm = rehand(bells, *nb, -1, b, more);
	hand_compute(f, pl, more, nm, &after);
	return after.swaps == f->hs[i][h].swaps &&
	    after.impossible == f->hs[i][h].impossible;
}

/* The free hand nearest ringer i's position for bell b (m->to < 0:
 * none). */
static void
nearest_free_hand(struct fixer *f, struct move *m)
{
	int best_free = 0;

	m->to = -1;
	for (size_t k = 0; k < f->r->n; k++) {
		if ((int)k == m->from || !takes_bell(f, (int)k, m->bell))
			continue;
		for (int h = 0; h < 2; h++) {
			int fr = free_hand(f, (int)k, h, m->bell);
			int tier = abs(f->pos[k] - f->pos[m->from]);

			if (fr == 0 || tier > FREE_HAND_REACH ||
			    (m->to >= 0 && (tier > m->tier ||
			    (tier == m->tier && fr <= best_free))))
				continue;
			m->to = (int)k;
			m->to_hand = h;
			m->tier = tier;
			best_free = fr;
		}
	}
}

int
positions_free_accidentals(const struct timing *t,
    const struct arrange_config *c, struct roster *r, const int *pos,
    const int *combined, struct positions_report *rep)
{
	struct fixer f = { t, c, r, pos, NULL, 0, WORK_NOTES, NULL, NULL };
	struct eplayer *before = malloc((r->n + 1) * sizeof *before);
	int rc = -1;

	if (before == NULL || fixer_init(&f) != 0)
		goto out;
	memcpy(before, r->p, r->n * sizeof *before);
	for (size_t i = 0; i < r->n; i++) {
		uint8_t held[NPITCH];
		int n_held = r->p[i].n_bells;

		if (!combined[i])
			continue;
		memcpy(held, r->p[i].bells, (size_t)n_held);
		for (int j = 0; j < n_held; j++) {
			struct move m = { held[j], (int)i, 0, -1, -1, 0,
			    { 0, 0, 0 } };

			if (!idle_accidental(&f, (int)i, m.bell))
				continue;
			m.from_hand = hand_of(&r->p[i], m.bell);
			nearest_free_hand(&f, &m);
			if (m.to >= 0)
				apply_move(&f, &m);
		}
	}
	rc = report_moves(r, before, MOVE_IDLE_ACCIDENTAL, rep);
out:
	fixer_free(&f);
	free(before);
	return rc;
}
