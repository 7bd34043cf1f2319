/*
 * positions.c - the "positions" strategy: bells handed out as a handbell
 * director sets a choir up, not as a puzzle.  Each ringer holds a
 * position of adjacent naturals with their accidentals, from the
 * standard tables for two, three and five octaves; fewer ringers combine
 * positions, more ringers split the busiest; the levels decide who
 * stands where.  Sources: handbells.com "Setting ringers up for
 * success" and "No ringer left behind", S. Gingrich's 2006 Harrisburg
 * AGO handout, D. York's five-octave guide (Handbell Musicians of
 * Canada).  PROTOCOL.md ("positions") says what the result reports.
 *
 * A bell's spelling decides its position: D#6 is written on D6 and goes
 * with C6-D6, Eb6 is written on E6 and goes with E6-F6.  One bell can
 * be written both ways in a piece; the engine gives each bell to one
 * ringer, so such a bell is held by the position whose spelling rings it
 * more often (the lower on a tie) and reported in shared_bells with the
 * other position, whose ringer needs it passed over or a duplicate.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bell_tables.h"
#include "engine_internal.h"

/* The tables, as natural pitch ranges (lowest, highest natural). */
struct table_pos {
	uint8_t lo, hi;
};

static const struct table_pos table_two[] = {
	{ 67, 69 }, { 71, 72 }, { 74, 76 }, { 77, 79 }, { 81, 83 },
	{ 84, 86 }, { 88, 89 }, { 91, 91 },
};
static const struct table_pos table_three[] = {
	{ 60, 62 }, { 64, 65 }, { 67, 69 }, { 71, 72 }, { 74, 76 },
	{ 77, 79 }, { 81, 83 }, { 84, 86 }, { 88, 89 }, { 91, 93 },
	{ 95, 96 },
};
/* York: two bass ringers (C3-B3), seven battery, four treble ringers
 * four-in-hand. */
static const struct table_pos table_five[] = {
	{ 48, 53 }, { 55, 59 },
	{ 60, 62 }, { 64, 65 }, { 67, 69 }, { 71, 72 }, { 74, 76 },
	{ 77, 79 }, { 81, 83 },
	{ 84, 89 }, { 91, 96 }, { 98, 103 }, { 105, 108 },
};

static const struct {
	const char *name;
	const struct table_pos *pos;
	int n;
	int lo, hi;                 /* the set's range, pitches */
} tables[] = {
	{ "two_octaves", table_two, 8, 67, 91 },
	{ "three_octaves", table_three, 11, 60, 96 },
	{ "five_octaves", table_five, 13, 48, 108 },
};
#define N_TABLES 3

static const unsigned char black_key[12] = {
	0, 1, 0, 1, 0, 0, 1, 0, 1, 0, 1, 0,
};
static const signed char step_of_pc[12] = {
	0, -1, 1, -1, 2, 3, -1, 4, -1, 5, -1, 6,
};
static const uint8_t pc_of_step[7] = { 0, 2, 4, 5, 7, 9, 11 };

/* Naturals are numbered 0.. from C-1; only white-key pitches have one. */
static int
natural_index(int pitch)
{
	return pitch / 12 * 7 + step_of_pc[pitch % 12];
}

static int
natural_pitch(int nat)
{
	return nat / 7 * 12 + pc_of_step[nat % 7];
}

/* The natural a note is written on: its spelling, or for a black key
 * written as if natural (a loader that could not say) the sharp's. */
int
written_natural(const struct note *n)
{
	int w = n->pitch - n->alter;

	if (w < 0 || w > 127 || black_key[w % 12])
		w = black_key[n->pitch % 12] ? n->pitch - 1 : n->pitch;
	return natural_index(w);
}

/* One working position: a run of naturals and the bells it holds. */
struct wpos {
	int nlo, nhi;               /* natural indices, inclusive */
	int table_idx;              /* first table position it came from */
	int n_from;                 /* table positions combined into it */
	long rings;
	int n_bells;
	uint8_t bells[NPITCH];
	int owner;                  /* roster index, -1 */
};

struct bell_home {
	int nat;                    /* the natural it goes with */
	long rings_home, rings_other;
	int other_nat;              /* another spelling's natural, -1 */
};

void
position_label(int nlo, int nhi, char *buf, size_t len)
{
	char a[16], b[16];

	pitch_name(natural_pitch(nlo), a, sizeof a);
	if (nlo == nhi) {
		snprintf(buf, len, "%s", a);
		return;
	}
	pitch_name(natural_pitch(nhi), b, sizeof b);
	snprintf(buf, len, "%s-%s", a, b);
}

/* The written name of a bell: its pitch spelled on natural nat. */
static void
spelled_name(int pitch, int nat, char *buf, size_t len)
{
	static const char letters[] = "CDEFGAB";
	int np = natural_pitch(nat), d = pitch - np;

	snprintf(buf, len, "%c%s%d", letters[nat % 7],
	    d == 1 ? "#" : d == 2 ? "##" : d == -1 ? "b" : d == -2 ? "bb" : "",
	    np / 12 - 1);
}

int
positions_table_for(const struct timing *t, const struct bell_set *set)
{
	int lo = 127, hi = 0;

	/* The choir's own bell set, when it says which; else the smallest
	 * standard set holding the piece. */
	if (set != NULL) {
		lo = set->lowest;
		hi = set->highest;
	}
	for (int k = 0; k < t->n_unique && set == NULL; k++) {
		if (t->unique[k] < lo)
			lo = t->unique[k];
		if (t->unique[k] > hi)
			hi = t->unique[k];
	}
	for (int i = 0; i < N_TABLES; i++)
		if (lo >= tables[i].lo && hi <= tables[i].hi)
			return i;
	return N_TABLES - 1;        /* beyond five octaves: the ends stretch */
}

const char *
positions_table_name(int table)
{
	return tables[table].name;
}

/* The working position holding natural nat: inside a range, else the
 * nearest end. */
static int
pos_of_natural(const struct wpos *w, int n, int nat)
{
	for (int i = 0; i < n; i++)
		if (nat >= w[i].nlo && nat <= w[i].nhi)
			return i;
	for (int i = 0; i + 1 < n; i++)
		if (nat > w[i].nhi && nat < w[i + 1].nlo)
			return nat - w[i].nhi <= w[i + 1].nlo - nat ? i : i + 1;
	return nat < w[0].nlo ? 0 : n - 1;
}

static void
sort_bells(uint8_t *v, int n)
{
	for (int i = 1; i < n; i++)
		for (int j = i; j > 0 && v[j - 1] > v[j]; j--) {
			uint8_t x = v[j];
			v[j] = v[j - 1];
			v[j - 1] = x;
		}
}

/* Bells of w[b] appended to w[a] (a < b adjacent), w[b] removed. */
static void
combine(struct wpos *w, int *n, int a)
{
	struct wpos *x = &w[a], *y = &w[a + 1];

	memcpy(x->bells + x->n_bells, y->bells, (size_t)y->n_bells);
	x->n_bells += y->n_bells;
	x->nhi = y->nhi;
	x->rings += y->rings;
	x->n_from += y->n_from;
	memmove(y, y + 1, (size_t)(*n - a - 2) * sizeof *w);
	(*n)--;
}

/* The naturals of a position that have a bell, ascending. */
static int
used_naturals(const struct wpos *p, const struct bell_home *home, int *out)
{
	int n = 0;

	for (int nat = p->nlo; nat <= p->nhi; nat++)
		for (int j = 0; j < p->n_bells; j++)
			if (home[p->bells[j]].nat == nat) {
				out[n++] = nat;
				break;
			}
	return n;
}

/* Splits w[a] between its used naturals' halves; 0 if it cannot. */
static int
split(struct wpos *w, int *n, int a, const struct bell_home *home,
    const struct timing *t)
{
	int used[NPITCH], k = used_naturals(&w[a], home, used), cut;
	struct wpos lo, hi;

	if (k < 2)
		return 0;
	cut = used[k / 2];
	lo = w[a];
	hi = w[a];
	lo.nhi = cut - 1;
	hi.nlo = cut;
	lo.n_bells = hi.n_bells = 0;
	lo.rings = hi.rings = 0;
	lo.n_from = hi.n_from = 1;
	for (int j = 0; j < w[a].n_bells; j++) {
		int b = w[a].bells[j];
		struct wpos *d = home[b].nat < cut ? &lo : &hi;

		d->bells[d->n_bells++] = (uint8_t)b;
		d->rings += (long)(t->off[b + 1] - t->off[b]);
	}
	memmove(&w[a + 2], &w[a + 1], (size_t)(*n - a - 1) * sizeof *w);
	w[a] = lo;
	w[a + 1] = hi;
	(*n)++;
	return 1;
}

/* Combined positions, four-in-hand trebles and heavy bass bells are for
 * experienced ringers. */
static int
is_demanding(const struct wpos *p)
{
	return p->nhi - p->nlo + 1 > 2 || (p->n_bells > 0 && p->bells[0] < 60);
}

/*
 * Where a beginner belongs: D5-E5 first, then F5-G5, then the busiest.
 * Ranks and keys are int64_t: they pass 2^31, and a long is 32 bits on
 * Windows (where the overflow had given other positions than Linux).
 */
static int64_t
beginner_rank(const struct wpos *p)
{
	if (natural_pitch(p->nlo) == 74)
		return -2;
	if (natural_pitch(p->nlo) == 77)
		return -1;
	return 1000000000L - p->rings;
}

enum taker { TAKE_TREBLE, TAKE_DEMANDING, TAKE_MIDDLE, TAKE_ANY_EXP,
	TAKE_ANY_INT, TAKE_ANY_BEG };

/* The free position a ringer of this kind takes, or -1; from is the
 * four-in-hand threshold (TAKE_TREBLE: a demanding position all at or
 * above it, for a ringer with a technique). */
static int
choose(const struct wpos *w, int n, enum taker k, int from)
{
	int best = -1;
	int64_t best_key = 0;

	for (int i = 0; i < n; i++) {
		const struct wpos *p = &w[i];
		int end = i == 0 || i == n - 1, dem = is_demanding(p);
		int64_t key;

		if (p->owner >= 0)
			continue;
		switch (k) {
		case TAKE_TREBLE:
		case TAKE_DEMANDING:
			if (!dem || (k == TAKE_TREBLE &&
			    (p->n_bells == 0 || p->bells[0] < from)))
				continue;
			key = -(int64_t)(p->nhi - p->nlo) * 1000000000 - p->rings;
			break;
		case TAKE_MIDDLE:
			if (dem || end)
				continue;
			key = beginner_rank(p);
			break;
		case TAKE_ANY_EXP:      /* ends, then the quietest */
			key = (end ? 0 : 2000000000L) + p->rings;
			break;
		case TAKE_ANY_INT:      /* demanding, ends, then the busiest */
			key = (dem ? 0 : end ? 1000000000L : 2000000000L) - p->rings;
			break;
		default:                /* middles first, demanding last */
			key = (dem ? 2000000000L : end ? 1000000000L : 0) +
			    beginner_rank(p) / 2;
			break;
		}
		if (best < 0 || key < best_key) {
			best = i;
			best_key = key;
		}
	}
	return best;
}

static int
level_group(enum player_level l)
{
	return l == LEVEL_EXPERIENCED ? 0 : l == LEVEL_INTERMEDIATE ? 1 : 2;
}

/* Gives positions to the ringers: experienced ringers with a technique
 * to the combined treble, experienced to the demanding ones, beginners to
 * the busy middle, intermediates then the rest. */
static void
place_ringers(struct wpos *w, int n, const struct roster *r,
    const unsigned char *ringer, int from)
{
	static const struct { int group; enum taker k; } rounds[] = {
		{ 0, TAKE_TREBLE }, { 0, TAKE_DEMANDING }, { 2, TAKE_MIDDLE },
		{ 1, TAKE_ANY_INT }, { 0, TAKE_ANY_EXP }, { 2, TAKE_ANY_BEG },
	};
	unsigned char placed[r->n + 1];

	memset(placed, 0, r->n + 1);
	for (size_t k = 0; k < sizeof rounds / sizeof rounds[0]; k++) {
		for (size_t i = 0; i < r->n; i++) {
			int c;

			if (!ringer[i] || placed[i] ||
			    level_group(r->p[i].level) != rounds[k].group ||
			    (rounds[k].k == TAKE_TREBLE && !r->p[i].techniques))
				continue;
			if ((c = choose(w, n, rounds[k].k, from)) < 0)
				break;
			w[c].owner = (int)i;
			placed[i] = 1;
		}
	}
}

/*
 * How a position's bells go into the hands: lower bells left, upper
 * right (the table is laid out low to the ringer's left), so only where
 * the cut falls is chosen.  The standard cut - the lower half of the
 * naturals with their accidentals left, a single natural left and its
 * accidentals right - unless another rings with fewer impossible swaps
 * (the fewest swaps among those): a bass ringer with three bells puts
 * the quick pair in two hands.  bells ascending; returns the cut, with its counts.
 */
struct cut {
	int at, impossible, swaps;
};

static struct cut
best_cut(const struct timing *t, const struct arrange_config *c,
    const struct eplayer *pl, const struct wpos *p,
    const struct bell_home *home, const uint8_t *bells)
{
	int used[NPITCH], k = used_naturals(p, home, used), nb = p->n_bells;
	int std_cut = 0;
	struct cut best = { -1, 0, 0 };

	for (int j = 0; j < nb; j++) {
		int b = bells[j], left;

		if (k >= 2)
			left = home[b].nat < used[(k + 1) / 2];
		else
			left = natural_pitch(home[b].nat) == b || j == 0;
		if (left)
			std_cut = j + 1;
	}
	for (int i = 0; i <= nb; i++) {
		struct hand_stats l, r;
		int at = i == 0 ? std_cut : i, imp, sw;

		if (i > 0 && i == std_cut)
			continue;
		hand_stats_compute_held(t, pl, bells, at, c->impossible_gap_ms,
		    &l);
		hand_stats_compute_held(t, pl, bells + at, nb - at,
		    c->impossible_gap_ms, &r);
		imp = l.impossible + r.impossible;
		sw = l.swaps + r.swaps;
		/* The standard cut (tried first) gives way only to fewer
		 * impossible swaps. */
		if (best.at < 0 || imp < best.impossible ||
		    (imp == best.impossible && best.at != std_cut &&
		    sw < best.swaps))
			best = (struct cut){ at, imp, sw };
	}
	return best;
}

static void
sorted_bells(const struct wpos *p, uint8_t *out)
{
	memcpy(out, p->bells, (size_t)p->n_bells);
	sort_bells(out, p->n_bells);
}

static void
give_position(const struct timing *t, const struct arrange_config *c,
    struct eplayer *pl, const struct wpos *p, const struct bell_home *home)
{
	uint8_t bells[NPITCH];
	struct cut cut;

	sorted_bells(p, bells);
	cut = best_cut(t, c, pl, p, home, bells);
	for (int j = 0; j < p->n_bells; j++) {
		pl->bells[pl->n_bells++] = bells[j];
		if (j < cut.at)
			pl->left[pl->n_left++] = bells[j];
		else
			pl->right[pl->n_right++] = bells[j];
	}
	if (pl->position[0] == '\0') {
		position_label(p->nlo, p->nhi, pl->position,
		    sizeof pl->position);
	} else {
		/* A position kept from before (previous) and one more. */
		size_t n = strlen(pl->position);

		if (n + 2 < sizeof pl->position) {
			pl->position[n] = '+';
			position_label(p->nlo, p->nhi, pl->position + n + 1,
			    sizeof pl->position - n - 1);
		}
	}
}

/* The impossible swaps of w[a] and w[a + 1] held by one ringer (with
 * the techniques someone in the choir has: the one it will go to). */
static int
combined_impossible(const struct timing *t, const struct arrange_config *c,
    const struct eplayer *any, const struct wpos *w, int a,
    const struct bell_home *home)
{
	struct wpos m = w[a];
	uint8_t bells[NPITCH];

	memcpy(m.bells + m.n_bells, w[a + 1].bells, (size_t)w[a + 1].n_bells);
	m.n_bells += w[a + 1].n_bells;
	m.nhi = w[a + 1].nhi;
	sorted_bells(&m, bells);
	return best_cut(t, c, any, &m, home, bells).impossible;
}

void
positions_report_free(struct positions_report *rep)
{
	if (rep == NULL)
		return;
	free(rep->entries);
	free(rep);
}

/* The name of the ringer holding bell p ("" when none). */
static const char *
holder_of(const struct roster *r, int p)
{
	for (size_t i = 0; i < r->n; i++)
		for (int j = 0; j < r->p[i].n_bells; j++)
			if (r->p[i].bells[j] == p)
				return r->p[i].name;
	return "";
}

static int
report_add(struct positions_report *rep, enum pos_event kind,
    const char *a, const char *b, const char *c, long n)
{
	struct pos_entry *e;

	if (rep->n == rep->cap) {
		size_t cap = rep->cap ? rep->cap * 2 : 16;
		struct pos_entry *v = realloc(rep->entries, cap * sizeof *v);

		if (v == NULL)
			return -1;
		rep->entries = v;
		rep->cap = cap;
	}
	e = &rep->entries[rep->n++];
	memset(e, 0, sizeof *e);
	e->kind = kind;
	snprintf(e->a, sizeof e->a, "%s", a ? a : "");
	snprintf(e->b, sizeof e->b, "%s", b ? b : "");
	snprintf(e->c, sizeof e->c, "%s", c ? c : "");
	e->n = n;
	return 0;
}

int
positions_report_move(struct positions_report *rep, const char *bell,
    const char *from, const char *from_pos, const char *to,
    const char *to_pos, int hand, enum move_reason why)
{
	struct pos_entry *e;

	if (report_add(rep, POS_MOVED, bell, from_pos, to, 0) != 0)
		return -1;
	e = &rep->entries[rep->n - 1];
	snprintf(e->holder, sizeof e->holder, "%s", from);
	snprintf(e->d, sizeof e->d, "%s", to_pos);
	e->hand = hand;
	e->reason = why;
	return 0;
}

/* One run of the strategy: what every step reads and changes. */
struct layout {
	const struct timing *t;
	const struct arrange_config *c;
	const struct bell_set *set;
	struct roster *r;
	struct positions_report *rep;
	struct bell_home home[NPITCH];
	struct wpos *w;             /* the working positions, n of them */
	int n;
	unsigned char *ringer;      /* per player: gets a position */
	int n_ringers, n_kept;
	struct eplayer any;         /* the choir's techniques, for combining */
};

/* Each bell's natural: the spelling rung most (lower on a tie), and the
 * other spelling rung most, if any. */
static void
find_homes(const struct timing *t, struct bell_home *home)
{
	memset(home, 0, NPITCH * sizeof *home);
	for (int k = 0; k < t->n_unique; k++) {
		int p = t->unique[k], best = -1, second = -1;
		long cnt[4] = { 0, 0, 0, 0 };
		int nats[4], nn = 0;

		for (uint32_t i = t->off[p]; i < t->off[p + 1]; i++) {
			int nat = written_natural(&t->score->notes[t->pitch_ms[i]]);
			int j;

			for (j = 0; j < nn && nats[j] != nat; j++)
				;
			if (j == nn && nn < 4)
				nats[nn++] = nat;
			if (j < 4)
				cnt[j]++;
		}
		for (int j = 0; j < nn; j++)
			if (best < 0 || cnt[j] > cnt[best] ||
			    (cnt[j] == cnt[best] && nats[j] < nats[best]))
				best = j;
		for (int j = 0; j < nn; j++)
			if (j != best && (second < 0 || cnt[j] > cnt[second]))
				second = j;
		home[p].nat = best >= 0 ? nats[best] : natural_index(
		    black_key[p % 12] ? p - 1 : p);
		home[p].rings_home = best >= 0 ? cnt[best] : 0;
		home[p].other_nat = second >= 0 ? nats[second] : -1;
		home[p].rings_other = second >= 0 ? cnt[second] : 0;
	}
}

/* The table's positions, each with the piece's bells written on its
 * naturals (locked bells are their ringers' already: not handed out). */
static void
lay_table(struct layout *L, int table)
{
	const struct timing *t = L->t;
	unsigned char taken[NPITCH] = {0};

	for (int i = 0; i < tables[table].n; i++) {
		L->w[i].nlo = natural_index(tables[table].pos[i].lo);
		L->w[i].nhi = natural_index(tables[table].pos[i].hi);
		L->w[i].table_idx = i;
		L->w[i].n_from = 1;
		L->w[i].owner = -1;
	}
	L->n = tables[table].n;
	for (size_t i = 0; i < L->r->n; i++)
		for (int j = 0; j < L->r->p[i].n_bells; j++)
			taken[L->r->p[i].bells[j]] = 1;
	for (int k = 0; k < t->n_unique; k++) {
		int p = t->unique[k], nat = L->home[p].nat;
		struct wpos *at = &L->w[pos_of_natural(L->w, L->n, nat)];

		if (taken[p])
			continue;
		at->bells[at->n_bells++] = (uint8_t)p;
		at->rings += (long)(t->off[p + 1] - t->off[p]);
		if (nat < at->nlo)
			at->nlo = nat;
		if (nat > at->nhi)
			at->nhi = nat;
	}
}

/* A position the piece does not use is no ringer's job: reported and
 * dropped. */
static int
drop_unused(struct layout *L)
{
	char la[24];

	for (int i = 0; i < L->n;) {
		if (L->w[i].n_bells > 0) {
			i++;
			continue;
		}
		position_label(L->w[i].nlo, L->w[i].nhi, la, sizeof la);
		if (report_add(L->rep, POS_UNUSED, la, NULL, NULL, 0) != 0)
			return -1;
		memmove(&L->w[i], &L->w[i + 1],
		    (size_t)(L->n - i - 1) * sizeof *L->w);
		L->n--;
	}
	return 0;
}

/* Who gets a position: ringers who kept their bells from before
 * (previous) stand where they stood, the rest of the piece is for the
 * others. */
static void
count_ringers(struct layout *L)
{
	memset(&L->any, 0, sizeof L->any);
	L->any.hold_from = (uint8_t)L->c->four_in_hand_from;
	for (size_t i = 0; i < L->r->n; i++) {
		const struct eplayer *pl = &L->r->p[i];

		L->ringer[i] = pl->is_original && !pl->kept;
		L->n_ringers += L->ringer[i];
		L->n_kept += pl->kept;
		L->any.techniques |= pl->techniques;
	}
}

/* The pair to combine: fewest impossible swaps for one ringer, then
 * fewest rings together, then the outer pair (directors combine the
 * ends). */
static int
pair_to_combine(const struct wpos *w, int n, const int *pair_imp)
{
	int best = 0, best_imp = 0;
	long best_cost = 0;

	for (int i = 0; i + 1 < n; i++) {
		long cost = w[i].rings + w[i + 1].rings;
		int imp = pair_imp[i];
		int outer = i < n - 2 - i ? i : n - 2 - i;
		int bouter = best < n - 2 - best ? best : n - 2 - best;

		if (i == 0 || imp < best_imp || (imp == best_imp &&
		    (cost < best_cost ||
		    (cost == best_cost && outer < bouter)))) {
			best = i;
			best_cost = cost;
			best_imp = imp;
		}
	}
	return best;
}

/* Fewer ringers than positions: neighbours combined until they match.
 * pair_imp[i] is the pair (i, i + 1) combined; a combination changes
 * only the pairs next to it, so the others are kept. */
static int
combine_for_fewer(struct layout *L)
{
	int pair_imp[NPITCH + 16];
	char la[24], lb[24], lc[24];

	for (int i = 0; i + 1 < L->n && L->n > L->n_ringers; i++)
		pair_imp[i] = combined_impossible(L->t, L->c, &L->any, L->w, i,
		    L->home);
	while (L->n > 1 && L->n > L->n_ringers &&
	    (L->n_ringers > 0 || L->n_kept == 0)) {
		int best = pair_to_combine(L->w, L->n, pair_imp);

		position_label(L->w[best].nlo, L->w[best].nhi, la, sizeof la);
		position_label(L->w[best + 1].nlo, L->w[best + 1].nhi, lb,
		    sizeof lb);
		combine(L->w, &L->n, best);
		memmove(&pair_imp[best + 1], &pair_imp[best + 2],
		    (size_t)(L->n > best + 2 ? L->n - best - 2 : 0) *
		    sizeof *pair_imp);
		if (best > 0)
			pair_imp[best - 1] = combined_impossible(L->t, L->c,
			    &L->any, L->w, best - 1, L->home);
		if (best + 1 < L->n)
			pair_imp[best] = combined_impossible(L->t, L->c,
			    &L->any, L->w, best, L->home);
		position_label(L->w[best].nlo, L->w[best].nhi, lc, sizeof lc);
		if (report_add(L->rep, POS_COMBINED, lc, la, lb, 0) != 0)
			return -1;
	}
	return 0;
}

/* More ringers than positions: the busiest position that can be split
 * is, until they match or none can be. */
static int
split_for_more(struct layout *L)
{
	char la[24], lb[24], lc[24];

	while (L->n > 0 && L->n < L->n_ringers) {
		int best = -1, used[NPITCH];

		for (int i = 0; i < L->n; i++)
			if (used_naturals(&L->w[i], L->home, used) >= 2 &&
			    (best < 0 || L->w[i].rings > L->w[best].rings))
				best = i;
		if (best < 0)
			break;
		position_label(L->w[best].nlo, L->w[best].nhi, la, sizeof la);
		split(L->w, &L->n, best, L->home, L->t);
		position_label(L->w[best].nlo, L->w[best].nhi, lb, sizeof lb);
		position_label(L->w[best + 1].nlo, L->w[best + 1].nhi, lc,
		    sizeof lc);
		if (report_add(L->rep, POS_SPLIT, la, lb, lc, 0) != 0)
			return -1;
	}
	return 0;
}

/* A position left over (an absent ringer's, when everyone else kept
 * theirs) goes whole to the ringer holding the nearest bell: a
 * neighbour combines. */
static void
leftovers_to_nearest(struct layout *L)
{
	for (int i = 0; i < L->n && L->n_kept > 0; i++) {
		const struct wpos *w = &L->w[i];
		int best = -1, best_d = 0;

		if (w->owner >= 0)
			continue;
		for (size_t k = 0; k < L->r->n; k++) {
			const struct eplayer *pl = &L->r->p[k];

			if (!pl->is_original || !pl->kept)
				continue;
			for (int j = 0; j < pl->n_bells; j++)
				for (int q = 0; q < w->n_bells; q++) {
					int d = abs(pl->bells[j] - w->bells[q]);

					if (best < 0 || d < best_d) {
						best = (int)k;
						best_d = d;
					}
				}
		}
		L->w[i].owner = best;
	}
}

/* Each position's bells into its owner's hands; then a combined
 * position's idle treble accidentals to free hands, and bells moved
 * where a ringer would have an impossible swap (positions_hands.c). */
static int
hand_out(struct layout *L)
{
	int *pos_of = malloc((L->r->n + 1) * sizeof *pos_of), rc;
	int *combined = calloc(L->r->n + 1, sizeof *combined);

	if (pos_of == NULL || combined == NULL) {
		free(pos_of);
		free(combined);
		return -1;
	}
	for (int i = 0; i < L->n; i++)
		if (L->w[i].owner >= 0)
			give_position(L->t, L->c, &L->r->p[L->w[i].owner],
			    &L->w[i], L->home);
	for (size_t i = 0; i < L->r->n; i++)
		pos_of[i] = -1;
	for (int i = L->n - 1; i >= 0; i--)
		if (L->w[i].owner >= 0) {
			pos_of[L->w[i].owner] = i;
			combined[L->w[i].owner] = L->w[i].n_from > 1;
		}
	rc = positions_free_accidentals(L->t, L->c, L->r, pos_of, combined,
	    L->rep);
	if (rc == 0)
		rc = positions_avoid_impossible(L->t, L->c, L->r, pos_of,
		    L->rep);
	free(pos_of);
	free(combined);
	return rc;
}

/* Bells written two ways whose spellings went to two ringers. */
static int
report_shared(struct layout *L)
{
	const struct bell_home *home = L->home;
	char la[24], lb[24];

	for (int k = 0; k < L->t->n_unique; k++) {
		int p = L->t->unique[k], a, b;
		struct pos_entry *e;

		if (home[p].other_nat < 0)
			continue;
		a = pos_of_natural(L->w, L->n, home[p].nat);
		b = pos_of_natural(L->w, L->n, home[p].other_nat);
		if (a == b || L->w[a].owner < 0 || L->w[b].owner < 0)
			continue;
		spelled_name(p, home[p].nat, la, sizeof la);
		spelled_name(p, home[p].other_nat, lb, sizeof lb);
		if (report_add(L->rep, POS_SHARED, la, lb,
		    L->r->p[L->w[b].owner].name, home[p].rings_other) != 0)
			return -1;
		e = &L->rep->entries[L->rep->n - 1];
		snprintf(e->holder, sizeof e->holder, "%s", holder_of(L->r, p));
		e->n_home = home[p].rings_home;
		/* A choir owning two of the bell rings it from both. */
		e->duplicate = L->set != NULL && L->set->copies[p] >= 2;
		e->pitch = p;
		e->other_nat = home[p].other_nat;
	}
	return 0;
}

/* Ringers left without a position (every one split to a natural) are
 * reported and leave the roster. */
static int
trim_idle(struct layout *L, int *trimmed)
{
	struct roster *r = L->r;
	size_t keep = 0;

	for (size_t i = 0; i < r->n; i++) {
		struct eplayer *pl = &r->p[i];

		if (!pl->is_original)
			continue;
		if (pl->n_bells == 0) {
			if (report_add(L->rep, POS_IDLE, pl->name, NULL, NULL,
			    0) != 0)
				return -1;
			(*trimmed)++;
			continue;
		}
		r->p[keep++] = *pl;
	}
	r->n = keep;
	return 0;
}

/*
 * Other ways to combine.  The greedy pairing above can leave a layout
 * that no move of bells frees of impossible swaps while another
 * combination of neighbours would be playable (a busy bass combined
 * where two quiet battery positions could be).  Then the strategy tries
 * the others directors use - neighbours combined, no group more than
 * its share of the table larger than the rest - quietest first, at most
 * MAX_PLANS of them with a smaller search each, and keeps the first
 * with no impossible swap; with none, the greedy layout stays.  Only
 * without previous (whose ringers stand where they stood), and only
 * where the greedy layout is not hopeless (at most PLAN_HOPE impossible
 * swaps a ringer).
 */
#define MAX_PLANS 24
#define PLAN_HOPE 10

/* A layout's state to come back to: positions, roster and report. */
struct snapshot {
	struct wpos *w;
	int n;
	struct eplayer *p;
	size_t r_n;
	struct pos_entry *entries;
	size_t rep_n;
	int impossible;
};

static void
snap_free(struct snapshot *S)
{
	free(S->w);
	free(S->p);
	free(S->entries);
	memset(S, 0, sizeof *S);
}

static int
snap_take(const struct layout *L, struct snapshot *S)
{
	S->w = malloc(((size_t)L->n + 1) * sizeof *S->w);
	S->p = malloc((L->r->n + 1) * sizeof *S->p);
	S->entries = malloc((L->rep->n + 1) * sizeof *S->entries);
	if (S->w == NULL || S->p == NULL || S->entries == NULL) {
		snap_free(S);
		return -1;
	}
	memcpy(S->w, L->w, (size_t)L->n * sizeof *S->w);
	S->n = L->n;
	memcpy(S->p, L->r->p, L->r->n * sizeof *S->p);
	S->r_n = L->r->n;
	if (L->rep->n > 0)          /* entries is NULL before the first */
		memcpy(S->entries, L->rep->entries,
		    L->rep->n * sizeof *S->entries);
	S->rep_n = L->rep->n;
	S->impossible = L->rep->impossible;
	return 0;
}

/* Back to S: its positions, roster and report entries (the report's
 * capacity only grows, so they fit). */
static void
snap_restore(struct layout *L, const struct snapshot *S)
{
	memcpy(L->w, S->w, (size_t)S->n * sizeof *L->w);
	L->n = S->n;
	memcpy(L->r->p, S->p, S->r_n * sizeof *S->p);
	L->r->n = S->r_n;
	if (S->rep_n > 0 && S->rep_n <= L->rep->cap)
		memcpy(L->rep->entries, S->entries,
		    S->rep_n * sizeof *S->entries);
	if (S->rep_n <= L->rep->cap)
		L->rep->n = S->rep_n;
	L->rep->impossible = S->impossible;
}

/* Positions to ringers to hands: what follows the combining. */
static int
lay_out(struct layout *L)
{
	place_ringers(L->w, L->n, L->r, L->ringer, L->c->four_in_hand_from);
	leftovers_to_nearest(L);
	return hand_out(L);
}

/* The neighbours of each set bit of mask (bit g: w[g] with w[g + 1])
 * combined, the highest first so the lower indices hold. */
static int
apply_plan(struct layout *L, unsigned mask)
{
	char la[24], lb[24], lc[24];

	for (int g = L->n - 2; g >= 0; g--) {
		if (!(mask >> g & 1))
			continue;
		position_label(L->w[g].nlo, L->w[g].nhi, la, sizeof la);
		position_label(L->w[g + 1].nlo, L->w[g + 1].nhi, lb, sizeof lb);
		combine(L->w, &L->n, g);
		position_label(L->w[g].nlo, L->w[g].nhi, lc, sizeof lc);
		if (report_add(L->rep, POS_COMBINED, lc, la, lb, 0) != 0)
			return -1;
	}
	return 0;
}

/* Is mask a plan: n - k gaps combined, no group over max positions?
 * Its cost (the rings combined) in *cost. */
static int
plan_cost(const struct wpos *w, int n, int k, int max, unsigned mask,
    long *cost)
{
	int run = 0, bits = 0;

	*cost = 0;
	for (int g = 0; g + 1 < n; g++) {
		if (!(mask >> g & 1)) {
			run = 0;
			continue;
		}
		bits++;
		if (++run + 1 > max)
			return 0;
		*cost += w[g].rings + (run == 1 ? w[g + 1].rings : 0);
		if (run > 1)
			*cost += w[g + 1].rings;
	}
	return bits == n - k;
}

/* The plans for L's positions (as they are before combining), cheapest
 * first, at most MAX_PLANS; returns how many. */
static int
list_plans(const struct layout *L, unsigned *plans)
{
	int n = L->n, k = L->n_ringers, max = (n + k - 1) / k, m = 0;
	long costs[MAX_PLANS + 1], cost;

	if (n - 1 > 20)
		return 0;
	for (unsigned mask = 0; mask < 1u << (n - 1); mask++) {
		int at;

		if (!plan_cost(L->w, n, k, max, mask, &cost))
			continue;
		for (at = m; at > 0 && costs[at - 1] > cost; at--) {
			costs[at] = costs[at - 1];
			plans[at] = plans[at - 1];
		}
		if (at >= MAX_PLANS)
			continue;
		costs[at] = cost;
		plans[at] = mask;
		if (m < MAX_PLANS)
			m++;
	}
	return m;
}

/* The greedy layout in L has impossible swaps: the other plans from
 * before (the state before combining), the first playable one kept. */
static int
try_plans(struct layout *L, const struct snapshot *before)
{
	struct snapshot greedy = { 0 };
	unsigned plans[MAX_PLANS + 1];
	int n_plans, rc = -1;

	if (snap_take(L, &greedy) != 0)
		return -1;
	snap_restore(L, before);
	n_plans = list_plans(L, plans);
	L->rep->work_limit = 1;     /* a smaller search each */
	for (int i = 0; i < n_plans; i++) {
		snap_restore(L, before);
		if (apply_plan(L, plans[i]) != 0 || lay_out(L) != 0)
			goto out;
		if (L->rep->impossible == 0) {
			rc = 0;
			goto out;
		}
	}
	snap_restore(L, &greedy);
	rc = 0;
out:
	L->rep->work_limit = 0;
	snap_free(&greedy);
	return rc;
}

/* Combining, then the layout; other plans when that has impossible
 * swaps. */
static int
combine_and_lay_out(struct layout *L)
{
	struct snapshot before = { 0 };
	int plans = L->n > L->n_ringers && L->n_ringers > 0 &&
	    L->n_kept == 0, rc = -1;

	if (plans && snap_take(L, &before) != 0)
		return -1;
	if (combine_for_fewer(L) != 0 || split_for_more(L) != 0 ||
	    lay_out(L) != 0)
		goto out;
	rc = 0;
	if (plans && L->rep->impossible > 0 &&
	    L->rep->impossible <= PLAN_HOPE * L->n_ringers)
		rc = try_plans(L, &before);
out:
	snap_free(&before);
	return rc;
}

/*
 * The strategy.  r holds the pipeline's players (request players first,
 * then any expansion ones, which positions does not use: a director
 * combines positions rather than invent ringers); locked bells, if any,
 * are already in place.  On return r holds the ringers with a position,
 * in request order; rep says what happened.  Returns 0, or -1 when out
 * of memory.
 */
int
positions_assign(const struct timing *t, const struct arrange_config *c,
    const struct bell_set *set, struct roster *r,
    struct positions_report *rep, int *trimmed)
{
	struct layout *L = calloc(1, sizeof *L);
	int table = positions_table_for(t, set), rc = -1;

	*trimmed = 0;
	rep->table = table;
	if (L == NULL)
		return -1;
	L->t = t;
	L->c = c;
	L->set = set;
	L->r = r;
	L->rep = rep;
	L->w = calloc((size_t)tables[table].n + NPITCH, sizeof *L->w);
	L->ringer = calloc(r->n + 1, 1);
	if (L->w == NULL || L->ringer == NULL)
		goto out;
	find_homes(t, L->home);
	lay_table(L, table);
	if (drop_unused(L) != 0)
		goto out;
	count_ringers(L);
	if (combine_and_lay_out(L) != 0 || report_shared(L) != 0 ||
	    trim_idle(L, trimmed) != 0)
		goto out;
	rc = 0;
out:
	free(L->w);
	free(L->ringer);
	free(L);
	return rc;
}

/* The keys of a shared or moved bell's object, each naming the field of
 * struct pos_entry it writes. */
enum entry_field { F_A, F_B, F_C, F_D, F_HOLDER, F_N, F_N_HOME,
	F_RESOLVED, F_HAND, F_REASON };
struct entry_key {
	const char *key;
	enum entry_field f;
};

static const struct entry_key shared_keys[] = {
	{ "bell", F_A }, { "held_by", F_HOLDER }, { "rings", F_N_HOME },
	{ "also_written", F_B }, { "for", F_C }, { "rings_also", F_N },
	{ "resolved", F_RESOLVED }, { NULL, F_A },
};
static const struct entry_key moved_keys[] = {
	{ "bell", F_A }, { "from", F_HOLDER }, { "from_position", F_B },
	{ "to", F_C }, { "to_position", F_D }, { "hand", F_HAND },
	{ "reason", F_REASON }, { NULL, F_A },
};

static void
entry_field_write(const struct pos_entry *e, const struct entry_key *k,
    struct json_out *o)
{
	const char *str[] = { e->a, e->b, e->c, e->d, e->holder };

	json_out_key(o, k->key);
	if (k->f <= F_HOLDER)
		json_out_string(o, str[k->f]);
	else if (k->f == F_N || k->f == F_N_HOME)
		json_out_int(o, k->f == F_N ? e->n : e->n_home);
	else if (k->f == F_RESOLVED)
		json_out_string(o, e->duplicate ? "duplicate" : "shared");
	else if (k->f == F_HAND)
		json_out_string(o, e->hand ? "right_hand" : "left_hand");
	else
		json_out_string(o, e->reason == MOVE_IDLE_ACCIDENTAL ?
		    "idle_accidental" : "impossible_swap");
}

/* One entry of the report, as its list in "positions" has it. */
static void
entry_write(const struct pos_entry *e, struct json_out *o)
{
	const struct entry_key *keys = e->kind == POS_SHARED ? shared_keys :
	    moved_keys;

	if (e->kind == POS_UNUSED || e->kind == POS_IDLE) {
		json_out_string(o, e->a);
		return;
	}
	json_out_begin_object(o);
	if (e->kind == POS_COMBINED || e->kind == POS_SPLIT) {
		json_out_key_string(o, "position", e->a);
		json_out_key_array(o, e->kind == POS_COMBINED ? "from" : "into");
		json_out_string(o, e->b);
		json_out_string(o, e->c);
		json_out_end_array(o);
	} else {
		for (; keys->key != NULL; keys++)
			entry_field_write(e, keys, o);
	}
	json_out_end_object(o);
}

void
positions_report_write(const struct positions_report *rep,
    const struct timing *t, struct json_out *o)
{
	static const char *const keys[] = {
		"unused", "combined", "split", "shared_bells", "idle_ringers",
		"moved_bells",
	};
	int midi_keys = t->score->format == SCORE_FORMAT_MIDI;

	json_out_key_object(o, "positions");
	json_out_key_string(o, "table", positions_table_name(rep->table));
	json_out_key_string(o, "spelling", !midi_keys ? "written" :
	    t->score->n_keys ? "key_signature" : "sharps");
	for (int k = POS_UNUSED; k <= POS_MOVED; k++) {
		json_out_key_array(o, keys[k]);
		for (size_t i = 0; i < rep->n; i++)
			if ((int)rep->entries[i].kind == k)
				entry_write(&rep->entries[i], o);
		json_out_end_array(o);
	}
	json_out_key_int(o, "impossible_swaps", rep->impossible);
	json_out_end_object(o);
}
