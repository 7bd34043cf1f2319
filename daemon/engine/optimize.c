/*
 * optimize.c - the sixth strategy, "optimized": a search that starts from
 * the best of upstream's five arrangements and improves it.
 *
 * It decides what the pipeline decides - which player holds which bell,
 * in which hand - and is judged by the pipeline's own quality breakdown
 * (validate.c), so its score compares with the five.  The roster stays
 * the start's: the same players, virtual ones only where the start had
 * them, and a player never takes a bell past their level's count (one
 * already past it, where upstream's post-passes allowed that, can only
 * lose bells).  Every bell stays with exactly one player; no player is
 * left with none.
 *
 * The search is simulated annealing over four moves: give a bell to
 * another player, trade two bells between players, move a bell to the
 * other hand, trade a whole hand between two players.  A move touches at
 * most two players, whose stats alone are recomputed (player_stats
 * below); the breakdown is then rebuilt from all players' stats, which is
 * cheap.  The walk is guided by the score less a little for every swap
 * and every pressured swap (the score alone is flat wherever its
 * penalties are capped), and, while any swap is impossible, by the count
 * of impossible swaps.  The best arrangement seen - highest score, then
 * fewest swaps - is the result; it is the start when nothing beats it.
 *
 * Deterministic: a fixed seed, and an iteration budget as the limit that
 * binds; the time budget is a guard for slow machines (the result says
 * which one stopped the search).
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "bell_tables.h"
#include "engine_internal.h"
#include "../core/platform.h"

/*
 * A hand's swaps depend only on which bells it holds, and the walk comes
 * back to the same hands again and again, so they are remembered: a
 * direct-mapped table keyed by the hand's pitch set.  Deterministic (the
 * same walk fills it the same way); it only saves time.
 */
#define MEMO_SIZE 16384

struct memo_entry {
	uint64_t set[2];              /* pitch bit set; both zero: empty */
	unsigned held;                /* the player's techniques and
	                                 threshold: a hand's stats depend
	                                 on them too */
	struct hand_stats hs;
};

struct search {
	const struct timing *t;
	const struct arrange_config *c;
	struct roster *r;             /* the arrangement being changed */
	struct player_stats *ps;      /* per player of r */
	int *limit;                   /* most bells each player may hold */
	int owner[NPITCH];            /* player holding a pitch, or -1 */
	int8_t hand[NPITCH];
	int pitches[NPITCH], n_pitches;
	unsigned char fixed[NPITCH];  /* locked, or kept from previous:
	                                 never moved */
	struct quality q;
	uint64_t rng;
	long long work;
	struct memo_entry *memo;
};

/* xorshift64*: small, fast, and the same everywhere. */
static uint64_t
next_random(struct search *s)
{
	s->rng ^= s->rng >> 12;
	s->rng ^= s->rng << 25;
	s->rng ^= s->rng >> 27;
	return s->rng * 0x2545f4914f6cdd1dULL;
}

static int
random_below(struct search *s, int n)
{
	return (int)((next_random(s) >> 33) % (uint64_t)n);
}

static double
random_unit(struct search *s)
{
	return (double)(next_random(s) >> 11) / 9007199254740992.0;
}

/* Rebuilds player i's lists from owner/hand: bells ascending, each hand
 * ascending (the order the breakdown then reads them in). */
static void
rebuild_player(struct search *s, int i)
{
	struct eplayer *pl = &s->r->p[i];

	pl->n_bells = pl->n_left = pl->n_right = 0;
	for (int k = 0; k < s->n_pitches; k++) {
		int p = s->pitches[k];

		if (s->owner[p] != i)
			continue;
		pl->bells[pl->n_bells++] = (uint8_t)p;
		if (s->hand[p] == HAND_LEFT)
			pl->left[pl->n_left++] = (uint8_t)p;
		else
			pl->right[pl->n_right++] = (uint8_t)p;
	}
}

/* A hand's stats, remembered or computed (counting the work). */
static void
hand_lookup(struct search *s, const struct eplayer *pl, const uint8_t *bells,
    int nb, struct hand_stats *hs)
{
	uint64_t set[2] = { 0, 0 }, h;
	struct memo_entry *e;
	unsigned held = hand_uses_technique(pl, bells, nb) ?
	    pl->techniques | (unsigned)pl->hold_from << 8 : 0;

	if (nb < 2) {
		memset(hs, 0, sizeof *hs);
		return;
	}
	for (int j = 0; j < nb; j++)
		set[bells[j] >> 6] |= 1ULL << (bells[j] & 63);
	h = set[0] * 0x9e3779b97f4a7c15ULL ^ set[1] * 0xc2b2ae3d27d4eb4fULL ^
	    held;
	e = &s->memo[(h ^ h >> 31) % MEMO_SIZE];
	if (e->set[0] == set[0] && e->set[1] == set[1] && e->held == held) {
		*hs = e->hs;
		return;
	}
	/* The work a merge costs: the notes it walks.  It bounds the search
	 * alike on every machine. */
	s->work += SEARCH_MOVE_WORK;
	for (int j = 0; j < nb; j++)
		s->work += s->t->off[bells[j] + 1] - s->t->off[bells[j]];
	hand_stats_compute_held(s->t, pl, bells, nb, s->c->impossible_gap_ms,
	    hs);
	e->set[0] = set[0];
	e->set[1] = set[1];
	e->held = held;
	e->hs = *hs;
}

/* Player i's stats after a change: their lists are ascending, so each
 * hand's bells are in the player's bell order, as the breakdown reads
 * them (player_stats_compute gives the same). */
static void
restat(struct search *s, int i)
{
	const struct eplayer *pl = &s->r->p[i];
	struct player_stats *ps = &s->ps[i];
	struct hand_stats hs;

	rebuild_player(s, i);
	memset(ps, 0, sizeof *ps);
	ps->n_bells = pl->n_bells;
	for (int j = 0; j < pl->n_bells; j++)
		ps->fatigue += s->t->fatigue[pl->bells[j]];
	if (pl->n_bells < 2 || s->t->n == 0)
		return;
	hand_lookup(s, pl, pl->left, pl->n_left, &hs);
	player_stats_add_hand(ps, &hs);
	hand_lookup(s, pl, pl->right, pl->n_right, &hs);
	player_stats_add_hand(ps, &hs);
}

/* What the walk climbs: the score, or the way out of a hard fail. */
struct value {
	double score;                 /* final score; below 0 in a hard fail */
	int swaps, pressure;
	int heavy;                    /* bells over a weight limit (choir
	                                 mode; 0 without limits) */
};

/* Would player i hold bell p over its weight limit (choir mode)? */
static int
heavy_for(const struct search *s, int i, int p)
{
	return bell_too_heavy(s->t, s->c, s->r->p[i].level, p);
}

static int
evaluate(struct search *s, struct value *v)
{
	int dropped = 0;

	for (int k = 0; k < s->n_pitches; k++)
		dropped += s->owner[s->pitches[k]] < 0;
	if (quality_from_stats(s->t, s->ps, s->r->n, dropped, 0, &s->q) != 0)
		return -1;
	v->swaps = v->pressure = 0;
	for (size_t i = 0; i < s->r->n; i++) {
		v->swaps += s->ps[i].swaps;
		v->pressure += s->ps[i].pressure;
	}
	v->score = s->q.hard_fail ?
	    -(double)s->q.impossible - 100.0 * dropped : s->q.final_score.v;
	v->heavy = 0;
	for (int k = 0; k < s->n_pitches; k++) {
		int p = s->pitches[k];

		if (s->owner[p] >= 0)
			v->heavy += heavy_for(s, s->owner[p], p);
	}
	return 0;
}

static double
guide(const struct value *v)
{
	/* A bell over a ringer's limit costs more than any score gain. */
	return v->score - 0.002 * (v->swaps + v->pressure) - 200.0 * v->heavy;
}

/* Highest score, then fewest swaps. */
static int
better(const struct value *a, const struct value *b)
{
	return rank_better(a->heavy, a->score, a->swaps, b->heavy, b->score,
	    b->swaps);
}

static int
count_of(const struct search *s, int i)
{
	return s->r->p[i].n_bells;
}

/*
 * One random move, applied.  Fills the players it touched (at most two)
 * and what is needed to undo it; returns how many players, 0 when the
 * move drawn was not possible.
 */
struct undo {
	int n_pitches;
	int pitch[2 * NPITCH];
	int owner[2 * NPITCH];
	int8_t hand[2 * NPITCH];
};

static void
save(struct undo *u, const struct search *s, int p)
{
	u->pitch[u->n_pitches] = p;
	u->owner[u->n_pitches] = s->owner[p];
	u->hand[u->n_pitches] = s->hand[p];
	u->n_pitches++;
}

/* Give p from a to b. */
static int
move_give(struct search *s, int p, int a, int b, struct undo *u)
{
	if (count_of(s, a) < 2 || count_of(s, b) >= s->limit[b] ||
	    heavy_for(s, b, p))
		return 0;
	save(u, s, p);
	s->owner[p] = b;
	s->hand[p] = (int8_t)random_below(s, 2);
	return 1;
}

/* Trade p (a's) for one of b's bells, hands kept in place. */
static int
move_trade(struct search *s, int p, int a, int b, struct undo *u)
{
	const struct eplayer *pb = &s->r->p[b];
	int q;

	if (pb->n_bells == 0)
		return 0;
	q = pb->bells[random_below(s, pb->n_bells)];
	if (s->fixed[q] || heavy_for(s, b, p) || heavy_for(s, a, q))
		return 0;
	save(u, s, p);
	save(u, s, q);
	int8_t hp = s->hand[p];
	s->owner[p] = b;
	s->hand[p] = s->hand[q];
	s->owner[q] = a;
	s->hand[q] = hp;
	return 1;
}

/* Whether bell x is in hand h of player a. */
static int
in_hand(const struct search *s, int x, int a, int h)
{
	return s->owner[x] == a && s->hand[x] == h;
}

/*
 * Trade a's hand ha for b's hand hb, whole.  Refused when it would move
 * a locked bell, hand somebody a bell over their weight limit, or leave
 * either player over their limit or with nothing.
 */
static int
move_trade_hands(struct search *s, int a, int ha, int b, struct undo *u)
{
	int hb = random_below(s, 2), na = 0, nb = 0;

	for (int k = 0; k < s->n_pitches; k++) {
		int x = s->pitches[k];
		int xa = in_hand(s, x, a, ha), xb = in_hand(s, x, b, hb);

		if ((xa || xb) && s->fixed[x])
			return 0;
		if ((xa && heavy_for(s, b, x)) || (xb && heavy_for(s, a, x)))
			return 0;
		na += xa;
		nb += xb;
	}
	if (count_of(s, a) - na + nb > s->limit[a] ||
	    count_of(s, b) - nb + na > s->limit[b] ||
	    count_of(s, a) - na + nb < 1 || count_of(s, b) - nb + na < 1)
		return 0;
	for (int k = 0; k < s->n_pitches; k++) {
		int x = s->pitches[k];

		if (in_hand(s, x, a, ha)) {
			save(u, s, x);
			s->owner[x] = b;
			s->hand[x] = (int8_t)hb;
		} else if (in_hand(s, x, b, hb)) {
			save(u, s, x);
			s->owner[x] = a;
			s->hand[x] = (int8_t)ha;
		}
	}
	return 1;
}

static int
random_move(struct search *s, int touched[2], struct undo *u)
{
	int n = (int)s->r->n, kind = random_below(s, 10);
	int p = s->pitches[random_below(s, s->n_pitches)], a = s->owner[p];
	int ok;

	u->n_pitches = 0;
	if (a < 0 || s->fixed[p])
		return 0;               /* a locked bell never moves */
	if (kind < 2 || n < 2) {
		/* The other hand. */
		save(u, s, p);
		s->hand[p] = (int8_t)!s->hand[p];
		touched[0] = a;
		return 1;
	}
	int b = random_below(s, n - 1);

	if (b >= a)
		b++;
	if (kind < 6)
		ok = move_give(s, p, a, b, u);
	else if (kind < 9)
		ok = move_trade(s, p, a, b, u);
	else
		ok = move_trade_hands(s, a, s->hand[p], b, u);
	if (!ok)
		return 0;
	touched[0] = a;
	touched[1] = b;
	return 2;
}

static void
undo_move(struct search *s, const struct undo *u)
{
	for (int k = u->n_pitches - 1; k >= 0; k--) {
		s->owner[u->pitch[k]] = u->owner[k];
		s->hand[u->pitch[k]] = u->hand[k];
	}
}

/* Loads r into the search state; pitches no one holds go to the first
 * player with room (a start that dropped bells scores 0 anyway). */
static void
load(struct search *s)
{
	const struct roster *r = s->r;

	memset(s->owner, -1, sizeof s->owner);
	memset(s->hand, HAND_LEFT, sizeof s->hand);
	s->n_pitches = 0;
	for (int k = 0; k < s->t->n_unique; k++)
		s->pitches[s->n_pitches++] = s->t->unique[k];
	/* Ascending, so that rebuilt lists come out sorted. */
	for (int i = 1; i < s->n_pitches; i++)
		for (int j = i; j > 0 && s->pitches[j - 1] > s->pitches[j]; j--) {
			int x = s->pitches[j];
			s->pitches[j] = s->pitches[j - 1];
			s->pitches[j - 1] = x;
		}
	for (size_t i = 0; i < r->n; i++) {
		const struct eplayer *pl = &r->p[i];

		for (int j = 0; j < pl->n_bells; j++)
			if (s->owner[pl->bells[j]] < 0)
				s->owner[pl->bells[j]] = (int)i;
		for (int j = 0; j < pl->n_right; j++)
			if (s->owner[pl->right[j]] == (int)i)
				s->hand[pl->right[j]] = HAND_RIGHT;
		s->limit[i] = level_max_bells(s->c, pl->level);
		if (pl->n_bells > s->limit[i])
			s->limit[i] = pl->n_bells;
	}
	for (int k = 0; k < s->n_pitches; k++) {
		int p = s->pitches[k];

		for (size_t i = 0; i < r->n && s->owner[p] < 0; i++) {
			int held = 0;

			for (int q = 0; q < NPITCH; q++)
				held += s->owner[q] == (int)i;
			if (held < s->limit[i])
				s->owner[p] = (int)i;
		}
	}
}

static int
bells_of(const struct search *s, int i)
{
	int held = 0;

	for (int k = 0; k < s->n_pitches; k++)
		held += s->owner[s->pitches[k]] == i;
	return held;
}

static int
fixed_of(const struct search *s, int i)
{
	int held = 0;

	for (int k = 0; k < s->n_pitches; k++)
		held += s->owner[s->pitches[k]] == i && s->fixed[s->pitches[k]];
	return held;
}

/*
 * Locked bells stay where they are.  A bell of the previous arrangement
 * goes back to its ringer (in their hand) when that ringer is here and
 * their level holds one more fixed bell, and stays there (previous.c says
 * why); a ringer then over their level's count gives bells that are not
 * fixed to the first ringers with room.
 */
static void
fix_bells(struct search *s, const struct bell_previous *pv)
{
	for (int k = 0; k < s->n_pitches; k++)
		s->fixed[s->pitches[k]] = (unsigned char)bell_locked(s->r,
		    s->pitches[k]);
	for (int k = 0; k < s->n_pitches; k++) {
		int p = s->pitches[k], to;

		if (s->fixed[p])
			continue;
		if (pv == NULL || !pv->given || pv->holder[p] == NULL ||
		    (to = roster_find(s->r, pv->holder[p])) < 0 ||
		    fixed_of(s, to) >= s->limit[to])
			continue;       /* not here, or their level holds no more */
		s->owner[p] = to;
		if (pv->hand[p] != 0)
			s->hand[p] = (int8_t)(pv->hand[p] - 1);
		s->fixed[p] = 1;
	}
	for (size_t i = 0; i < s->r->n; i++) {
		for (int k = s->n_pitches - 1; k >= 0 &&
		    bells_of(s, (int)i) > s->limit[i]; k--) {
			int p = s->pitches[k];

			if (s->owner[p] != (int)i || s->fixed[p])
				continue;
			for (size_t j = 0; j < s->r->n; j++)
				if (j != i && bells_of(s, (int)j) < s->limit[j]) {
					s->owner[p] = (int)j;
					break;
				}
		}
	}
}

/* The best layout seen so far, and its value. */
struct best {
	struct value v;
	int owner[NPITCH];
	int8_t hand[NPITCH];
};

static void
keep_best(struct best *b, const struct search *s, const struct value *v)
{
	b->v = *v;
	memcpy(b->owner, s->owner, sizeof b->owner);
	memcpy(b->hand, s->hand, sizeof b->hand);
}

/*
 * Why the search stops before iteration it, or NULL to go on.  The clock,
 * a cancel and the progress report are looked at every 256 iterations; a
 * cancel or a stop ends the search and the caller fails the request.
 */
static const char *
search_stop(const struct search *s, long it, double t0,
    const struct work_step *step)
{
	const struct arrange_config *c = s->c;

	if (s->work > SEARCH_WORK)
		return "work";
	if ((it & 255) != 0 || it == 0)
		return NULL;
	double ms = platform_monotonic_ms() - t0;

	if (ms > c->search_ms)
		return "time";
	if (work_check(step->work) != WORK_GO)
		return "cancelled";
	double f = (double)it / c->search_iterations;
	if (ms / c->search_ms > f)
		f = ms / c->search_ms;
	if ((double)s->work / SEARCH_WORK > f)
		f = (double)s->work / SEARCH_WORK;
	work_step_progress(step, "optimized: searching", f);
	return NULL;
}

/*
 * One move of the annealing at iteration it: drawn, valued, then kept
 * (Metropolis, geometric cooling from 2 points to 0.01 over the budget)
 * or undone.  Returns -1 when valuing fails.
 */
static int
search_step(struct search *s, long it, struct value *cur, struct best *best,
    struct search_report *rep)
{
	double temp = 2.0 * pow(0.005, (double)it / s->c->search_iterations);
	struct undo u;
	struct value v;
	int touched[2], nt;
	struct player_stats saved[2];

	nt = random_move(s, touched, &u);
	if (nt == 0)
		return 0;
	rep->tried++;
	for (int k = 0; k < nt; k++) {
		saved[k] = s->ps[touched[k]];
		restat(s, touched[k]);
	}
	if (evaluate(s, &v) != 0)
		return -1;
	double delta = guide(&v) - guide(cur);
	if (delta >= 0 || random_unit(s) < exp(delta / temp)) {
		rep->accepted++;
		*cur = v;
		if (better(cur, &best->v))
			keep_best(best, s, cur);
		return 0;
	}
	undo_move(s, &u);
	for (int k = 0; k < nt; k++) {
		s->ps[touched[k]] = saved[k];
		rebuild_player(s, touched[k]);
	}
	return 0;
}

/* The search state over a copy of start in out; -1 when out of memory. */
static int
search_init(struct search *s, const struct timing *t,
    const struct arrange_config *c, const struct roster *start,
    const struct bell_previous *pv, struct roster *out)
{
	memset(s, 0, sizeof *s);
	s->t = t;
	s->c = c;
	s->r = out;
	s->rng = 0x9e3779b97f4a7c15ULL;
	if (roster_init(out, start->n + 1) != 0)
		return -1;
	memcpy(out->p, start->p, start->n * sizeof *out->p);
	out->n = start->n;
	out->locks = start->locks;
	s->ps = calloc(out->n + 1, sizeof *s->ps);
	s->limit = calloc(out->n + 1, sizeof *s->limit);
	s->q.over_five = calloc(out->n + 1, 1);
	s->memo = calloc(MEMO_SIZE, sizeof *s->memo);
	if (s->ps == NULL || s->limit == NULL || s->q.over_five == NULL ||
	    s->memo == NULL)
		return -1;
	load(s);
	fix_bells(s, pv);
	for (size_t i = 0; i < out->n; i++)
		restat(s, (int)i);
	return 0;
}

int
optimize_search(const struct timing *t, const struct arrange_config *c,
    const struct roster *start, const struct bell_previous *pv,
    struct roster *out, struct search_report *rep,
    const struct work_step *step)
{
	struct search s;
	struct value cur;
	struct best best;
	double t0 = platform_monotonic_ms();
	const char *stop;
	int rc = -1;

	memset(rep, 0, sizeof *rep);
	rep->stopped_by = "iterations";
	if (search_init(&s, t, c, start, pv, out) != 0 ||
	    evaluate(&s, &cur) != 0)
		goto out;
	keep_best(&best, &s, &cur);
	rep->start_score = cur.score > 0 ? cur.score : 0;

	for (long it = 0; it < c->search_iterations && s.n_pitches > 0; it++) {
		if ((stop = search_stop(&s, it, t0, step)) != NULL) {
			rep->stopped_by = stop;
			break;
		}
		if (search_step(&s, it, &cur, &best, rep) != 0)
			goto out;
	}
	memcpy(s.owner, best.owner, sizeof best.owner);
	memcpy(s.hand, best.hand, sizeof best.hand);
	for (size_t i = 0; i < out->n; i++)
		rebuild_player(&s, (int)i);
	rep->elapsed_ms = platform_monotonic_ms() - t0;
	rep->work = s.work;
	rc = 0;
out:
	free(s.ps);
	free(s.limit);
	free(s.q.over_five);
	free(s.memo);
	if (rc != 0)
		roster_fini(out);
	return rc;
}
