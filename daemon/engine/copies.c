/*
 * copies.c - a set's duplicated bells rung by two ringers.  The engine
 * keys a bell by its pitch, so a bell held by two ringers would ring
 * every note twice.  Here the second copy of a duplicated bell gets a key
 * of its own - a pitch the piece never rings, which the timing maps back
 * to the bell (timing.real) - and the notes it rings are re-keyed in a
 * copy of the score: each ring then belongs to exactly one ringer, and
 * the breakdown, the simulation and the verdict count it once, for the
 * ringer who rings it.
 *
 * Only choir mode's own strategies use it ("optimized" and "positions"),
 * and only where the breakdown says it helps: a ringer's swaps to or from
 * the bell faster than the gaps allow are rung by another ringer on the
 * second copy, and a bell two positions write two ways ("positions"'
 * shared_bells) is rung from both.  A bell the set owns once never gets
 * a second key, so it still never goes to two ringers.
 *
 * Ownership: a copy_split owns its score's notes and its timing; the
 * rest of the score (tempo map, meter, tracks) is borrowed from the base
 * timing's score, which outlives it.
 */
#include <stdlib.h>
#include <string.h>

#include "bell_tables.h"
#include "engine_internal.h"

/* Work one arrangement may spend looking for a relief: each split built
 * (a timing) and each trial judged (a breakdown) counts one, so a set
 * with many duplicates on a long piece stays cheap. */
#define RELIEF_TRIALS_MAX 256

void
copies_plan(const struct timing *t, const struct bell_set *set,
    struct copy_plan *plan)
{
	unsigned char used[NPITCH] = {0};
	int next = 12;              /* keys below 12 have no parsable name */

	memset(plan, 0, sizeof *plan);
	if (set == NULL)
		return;
	for (size_t i = 0; i < t->n; i++)
		used[t->score->notes[i].pitch] = 1;
	for (int k = 0; k < t->n_unique; k++) {
		int p = t->unique[k];

		if (set->copies[p] < 2)
			continue;
		while (next < NPITCH && used[next])
			next++;
		if (next == NPITCH)
			return;             /* no free key: rung once */
		used[next] = 1;
		plan->key[p] = (uint8_t)next;
		plan->n++;
	}
}

void
copies_split_free(struct copy_split *s)
{
	/* copies_split_build allocates score first: without it nothing is
	 * held.  Nearly every arrangement has no split, and zeroing its
	 * 12 KB was a tenth of a small piece's arrange. */
	if (s->score == NULL)
		return;
	timing_fini(&s->t);
	if (s->score != NULL)
		free(s->score->notes);
	free(s->score);
	free(s->on_copy);
	memset(s, 0, sizeof *s);
}

/* Inserts key into an ascending pitch list of *n entries. */
static void
list_insert(int *list, size_t *n, int key)
{
	size_t i = *n;

	while (i > 0 && list[i - 1] > key) {
		list[i] = list[i - 1];
		i--;
	}
	list[i] = key;
	(*n)++;
}

/* The score's pitch lists with each used second copy's key, after its
 * bell's place in the melody. */
static void
split_lists(const struct score *base, const struct copy_plan *plan,
    const size_t *rung, struct score *s)
{
	int melody[NPITCH] = {0};

	for (size_t i = 0; i < base->n_melody; i++)
		melody[base->melody_pitches[i]] = 1;
	for (int p = 0; p < NPITCH; p++) {
		int k = plan->key[p];

		if (k == 0 || rung[k] == 0)
			continue;
		list_insert(s->unique_pitches, &s->n_unique, k);
		if (melody[p])
			list_insert(s->melody_pitches, &s->n_melody, k);
		s->note_frequency[k] = rung[k];
		s->note_frequency[p] -= rung[k];
	}
}

/*
 * out: base's score with the notes on_copy marks (per note, base's
 * order) rung on their bell's second copy.  base is the request's own
 * timing (keys are pitches).  Returns 0 or -1 (out of memory).
 */
int
copies_split_build(const struct timing *base, const struct copy_plan *plan,
    const unsigned char *on_copy, struct copy_split *out)
{
	const struct score *bs = base->score;
	uint8_t real[NPITCH];
	size_t rung[NPITCH] = {0};

	memset(out, 0, sizeof *out);
	if ((out->score = malloc(sizeof *out->score)) == NULL)
		return -1;
	*out->score = *bs;
	out->score->notes = malloc((bs->n_notes + 1) * sizeof *bs->notes);
	out->on_copy = malloc(bs->n_notes + 1);
	if (out->score->notes == NULL || out->on_copy == NULL)
		goto fail;
	memcpy(out->on_copy, on_copy, bs->n_notes);
	for (int k = 0; k < NPITCH; k++)
		real[k] = (uint8_t)k;
	for (size_t i = 0; i < bs->n_notes; i++) {
		struct note n = bs->notes[i];

		if (on_copy[i] && plan->key[n.pitch] != 0) {
			real[plan->key[n.pitch]] = (uint8_t)n.pitch;
			n.pitch = plan->key[n.pitch];
			rung[n.pitch]++;
		}
		out->score->notes[i] = n;
	}
	split_lists(bs, plan, rung, out->score);
	if (timing_init_keys(&out->t, out->score, base->bell, real) != 0)
		goto fail;
	out->t.musical_time = base->musical_time;
	out->active = 1;
	return 0;
fail:
	copies_split_free(out);
	return -1;
}

/* ---- Where a second copy helps ---- */

/* What an arrangement is judged by (pipeline.c's order): bells over a
 * weight limit, the score, then swaps. */
struct judged {
	int heavy;
	double score;
	long swaps;
};

static int
judge(const struct timing *t, const struct arrange_config *c,
    const struct roster *r, struct judged *j)
{
	struct quality q;
	int *swaps = calloc(r->n + 1, sizeof *swaps);
	uint32_t *scratch = malloc((t->n + 1) * sizeof *scratch);
	int rc = -1;

	memset(&q, 0, sizeof q);
	q.over_five = calloc(r->n + 1, 1);
	if (swaps == NULL || scratch == NULL || q.over_five == NULL ||
	    quality_breakdown(t, r, c->impossible_gap_ms, &q) != 0)
		goto out;
	swap_counts(t, r, swaps, scratch);
	j->heavy = over_weight_count(t, c, r);
	j->score = q.final_score.v;
	j->swaps = 0;
	for (size_t i = 0; i < r->n; i++)
		j->swaps += swaps[i];
	rc = 0;
out:
	free(q.over_five);
	free(swaps);
	free(scratch);
	return rc;
}

/* The player holding key k, or -1. */
static int
holder_of(const struct roster *r, int k)
{
	for (size_t i = 0; i < r->n; i++)
		for (int j = 0; j < r->p[i].n_bells; j++)
			if (r->p[i].bells[j] == k)
				return (int)i;
	return -1;
}

/*
 * The notes of bell p that pl's hand swaps to or from with less than
 * limit ms to spare, marked in mark[] (per note).  Returns how many.
 */
static size_t
tight_notes(const struct timing *t, const struct eplayer *pl, int p,
    double limit, unsigned char *mark)
{
	int8_t hand[NPITCH];
	uint8_t bells[NPITCH];
	int nb = 0, k, last = -1;
	uint32_t last_note = 0;
	double last_end = 0, start, end;
	struct hand_walk w;
	size_t n = 0;

	player_hand_map(pl, 1, hand);
	for (int j = 0; j < pl->n_bells; j++)
		if (hand[pl->bells[j]] == hand[p])
			bells[nb++] = pl->bells[j];
	hand_walk_init(&w, t, bells, nb);
	while ((k = hand_walk_next(&w, t, &start, &end)) >= 0) {
		uint32_t note = t->pitch_ms[w.pos[k] - 1];

		if (last >= 0 && last != bells[k] && start - last_end < limit) {
			if (bells[k] == p && !mark[note])
				n += mark[note] = 1;
			if (last == p && !mark[last_note])
				n += mark[last_note] = 1;
		}
		last = bells[k];
		last_note = note;
		last_end = end;
	}
	return n;
}

/* A ringer who may take the second copy of p. */
static int
may_take(const struct timing *t, const struct arrange_config *c,
    const struct eplayer *pl, int p)
{
	return !pl->is_virtual && pl->techniques == 0 &&
	    pl->n_bells < level_max_bells(c, pl->level) &&
	    pl->n_bells < NPITCH - 1 && !bell_too_heavy(t, c, pl->level, p);
}

static void
give_key(struct eplayer *pl, int key, int h)
{
	pl->bells[pl->n_bells++] = (uint8_t)key;
	if (h == HAND_LEFT)
		pl->left[pl->n_left++] = (uint8_t)key;
	else
		pl->right[pl->n_right++] = (uint8_t)key;
	pl->hand_map[key] = (int8_t)h;
}

/* The search's state: the best arrangement found so far. */
struct relief {
	const struct timing *base;
	const struct arrange_config *c;
	const struct copy_plan *plan;
	struct roster *r;           /* the arrangement, changed in place */
	struct copy_split *split;   /* and its split */
	struct judged best;
	struct copy_split found;    /* a better split found, not yet r's */
	struct eplayer *before;     /* r's players before this bell's trials */
	struct eplayer *moved;      /* before, with one bell moved */
	struct eplayer *trial;      /* r->n players each */
	int trials;
};

/*
 * One trial: the players of src with key given to player b's hand h,
 * judged on split s (its notes on key).  When it beats the best, kept in
 * rl->r, and s marked as the one found.  Returns 0, 1 (kept) or -1.
 */
static int
try_hand(struct relief *rl, const struct eplayer *src,
    const struct copy_split *s, int key, size_t b, int h, int accept_equal)
{
	struct roster tr = *rl->r;
	struct judged j;
	const struct judged *x, *y;

	rl->trials++;
	memcpy(rl->trial, src, rl->r->n * sizeof *rl->trial);
	tr.p = rl->trial;
	give_key(&tr.p[b], key, h);
	if (judge(&s->t, rl->c, &tr, &j) != 0)
		return -1;
	/* Kept when better than the best (accept_equal: when no worse). */
	x = accept_equal ? &rl->best : &j;
	y = accept_equal ? &j : &rl->best;
	if (rank_better(x->heavy, x->score, x->swaps, y->heavy, y->score,
	    y->swaps) == accept_equal)
		return 0;
	rl->best = j;
	memcpy(rl->r->p, rl->trial, rl->r->n * sizeof *rl->trial);
	return 1;
}

/* s, if a trial on it was kept, becomes the split found; else freed. */
static void
settle(struct relief *rl, struct copy_split *s, int kept)
{
	if (kept) {
		copies_split_free(&rl->found);
		rl->found = *s;
	} else
		copies_split_free(s);
}

/* The current split's marks, or none (n notes). */
static unsigned char *
marks_now(const struct relief *rl)
{
	size_t n = rl->base->n;
	unsigned char *m = calloc(n + 1, 1);

	if (m != NULL && rl->split->active)
		memcpy(m, rl->split->on_copy, n);
	return m;
}

/* Removes bell k from pl (it is there). */
static void
drop_bell(struct eplayer *pl, int k)
{
	int j = 0;

	for (int i = 0; i < pl->n_bells; i++)
		if (pl->bells[i] != k)
			pl->bells[j++] = pl->bells[i];
	pl->n_bells = j;
	j = 0;
	for (int i = 0; i < pl->n_left; i++)
		if (pl->left[i] != k)
			pl->left[j++] = pl->left[i];
	pl->n_left = j;
	j = 0;
	for (int i = 0; i < pl->n_right; i++)
		if (pl->right[i] != k)
			pl->right[j++] = pl->right[i];
	pl->n_right = j;
	pl->hand_map[k] = HAND_NONE;
}

/*
 * rl->moved: rl->before with bell x (-1: none) moved into the hand where
 * player a holds p - a bell that clashes elsewhere may sit with p when
 * p's notes near it go to a second copy.  0, or -1 when x cannot move.
 */
static int
move_bell(struct relief *rl, const struct timing *now, int a, int p, int x)
{
	int8_t hand[NPITCH];
	struct eplayer *pa;
	int from;

	memcpy(rl->moved, rl->before, rl->r->n * sizeof *rl->moved);
	if (x < 0)
		return 0;
	from = -1;
	for (size_t i = 0; i < rl->r->n && from < 0; i++)
		for (int j = 0; j < rl->before[i].n_bells; j++)
			if (rl->before[i].bells[j] == x)
				from = (int)i;
	pa = &rl->moved[a];
	if (from < 0 || bell_locked(rl->r, x) || bell_is_copy(now, x) ||
	    rl->moved[from].techniques != 0 || pa->techniques != 0 ||
	    (from != a && (pa->n_bells >= level_max_bells(rl->c, pa->level) ||
	    bell_too_heavy(now, rl->c, pa->level, x))))
		return -1;
	player_hand_map(pa, 1, hand);
	drop_bell(&rl->moved[from], x);
	give_key(pa, x, hand[p]);
	return 0;
}

/* Is there a ringer but a who may take p's second copy? */
static int
anyone_takes(const struct relief *rl, const struct timing *now, int a,
    int p)
{
	for (size_t b = 0; b < rl->r->n; b++)
		if ((int)b != a && may_take(now, rl->c, &rl->moved[b], p))
			return 1;
	return 0;
}

/*
 * With bell x moved in (or none), the notes of p that the hand holding
 * it swaps to or from faster than limit, each ringer's each hand trying
 * them on p's second copy.  Returns 0 or -1.
 */
static int
relieve_with(struct relief *rl, const struct timing *now, int a, int p,
    int x, double limit)
{
	int key = rl->plan->key[p], kept = 0, rc;
	unsigned char *m;
	struct copy_split s;
	size_t n;

	if (move_bell(rl, now, a, p, x) != 0 || !anyone_takes(rl, now, a, p))
		return 0;
	if ((m = marks_now(rl)) == NULL)
		return -1;
	n = tight_notes(now, &rl->moved[a], p, limit, m);
	/* None tight, or all: that is moving the bell (the search's work),
	 * not sharing it. */
	if (n == 0 || n == now->off[p + 1] - now->off[p]) {
		free(m);
		return 0;
	}
	rl->trials++;               /* a split costs as much as a trial */
	rc = copies_split_build(rl->base, rl->plan, m, &s);
	free(m);
	if (rc != 0)
		return -1;
	for (size_t b = 0; b < rl->r->n && rl->trials < RELIEF_TRIALS_MAX;
	    b++) {
		if ((int)b == a || !may_take(now, rl->c, &rl->moved[b], p))
			continue;
		for (int h = 0; h < 2; h++) {
			if ((rc = try_hand(rl, rl->moved, &s, key, b, h, 0)) < 0) {
				copies_split_free(&s);
				return -1;
			}
			kept |= rc;
		}
	}
	settle(rl, &s, kept);
	return 0;
}

/* Bell p's second copy, if some ringer's hand rings p's tight notes
 * better: tried for the impossible gap's limit, then pressure's, with
 * no bell moved and with each other bell moved in beside p. */
static int
relieve_bell(struct relief *rl, int p)
{
	const struct timing *now = rl->split->active ? &rl->split->t : rl->base;
	int a = holder_of(rl->r, p), key = rl->plan->key[p];
	double limits[2] = { rl->c->impossible_gap_ms, PRESSURE_GAP_MS };

	if (a < 0 || holder_of(rl->r, key) >= 0)
		return 0;
	memcpy(rl->before, rl->r->p, rl->r->n * sizeof *rl->before);
	for (int l = 0; l < 2 && !rl->found.active; l++)
		for (int k = -1; k < now->n_unique; k++) {
			int x = k < 0 ? -1 : now->unique[k];

			if (x == p || rl->trials >= RELIEF_TRIALS_MAX)
				continue;
			if (relieve_with(rl, now, a, p, x, limits[l]) != 0)
				return -1;
		}
	if (rl->found.active) {     /* one second copy per bell */
		copies_split_free(rl->split);
		*rl->split = rl->found;
		memset(&rl->found, 0, sizeof rl->found);
	}
	return 0;
}

/* The relief's state for r and split, its best their judgement. */
static int
relief_begin(struct relief *rl, const struct timing *base,
    const struct arrange_config *c, const struct copy_plan *plan,
    struct roster *r, struct copy_split *split)
{
	*rl = (struct relief){ .base = base, .c = c, .plan = plan, .r = r,
	    .split = split };
	rl->trial = malloc((r->n + 1) * sizeof *rl->trial);
	rl->before = malloc((r->n + 1) * sizeof *rl->before);
	rl->moved = malloc((r->n + 1) * sizeof *rl->moved);
	if (rl->trial == NULL || rl->before == NULL || rl->moved == NULL)
		return -1;
	return judge(split->active ? &split->t : base, c, r, &rl->best);
}

static void
relief_end(struct relief *rl)
{
	copies_split_free(&rl->found);
	free(rl->trial);
	free(rl->before);
	free(rl->moved);
}

int
copies_relieve(const struct timing *base, const struct arrange_config *c,
    const struct copy_plan *plan, const struct bell_locks *locks,
    struct roster *r, struct copy_split *split)
{
	struct relief rl;
	int rc = -1;

	if (plan->n == 0 || r->n < 2)
		return 0;
	if (relief_begin(&rl, base, c, plan, r, split) != 0)
		goto out;
	for (int p = 0; p < NPITCH; p++) {
		if (plan->key[p] == 0 || (locks != NULL && locks->owner[p]))
			continue;
		if (relieve_bell(&rl, p) != 0)
			goto out;
	}
	rc = 0;
out:
	relief_end(&rl);
	return rc;
}

/* One shared_bells entry rung from both positions: the notes written on
 * the other position's natural go to its ringer's second copy. */
static int
share_entry(struct relief *rl, struct pos_entry *e)
{
	const struct score *s = rl->base->score;
	int key = rl->plan->key[e->pitch], a, b, kept = 0, rc;
	struct copy_split cs;
	unsigned char *m;

	a = roster_find(rl->r, e->holder);
	b = roster_find(rl->r, e->c);
	if (a < 0 || b < 0 || a == b || holder_of(rl->r, key) >= 0 ||
	    rl->r->p[b].techniques != 0 || rl->r->p[b].n_bells >= NPITCH - 1 ||
	    bell_too_heavy(rl->base, rl->c, rl->r->p[b].level, e->pitch))
		return 0;
	if ((m = marks_now(rl)) == NULL)
		return -1;
	for (size_t i = 0; i < s->n_notes; i++)
		if (s->notes[i].pitch == e->pitch &&
		    written_natural(&s->notes[i]) == e->other_nat)
			m[i] = 1;
	rc = copies_split_build(rl->base, rl->plan, m, &cs);
	free(m);
	if (rc != 0)
		return -1;
	memcpy(rl->before, rl->r->p, rl->r->n * sizeof *rl->before);
	for (int h = 0; h < 2; h++) {
		if ((rc = try_hand(rl, rl->before, &cs, key, (size_t)b, h,
		    h == 0)) < 0) {
			copies_split_free(&cs);
			return -1;
		}
		kept |= rc;
	}
	if (kept) {
		copies_split_free(rl->split);
		*rl->split = cs;
	} else
		copies_split_free(&cs);
	return 0;
}

int
copies_for_positions(const struct timing *base,
    const struct arrange_config *c, const struct copy_plan *plan,
    const struct bell_locks *locks, struct positions_report *rep,
    struct roster *r, struct copy_split *split)
{
	struct relief rl;

	if (plan->n == 0 || rep == NULL)
		return 0;
	if (relief_begin(&rl, base, c, plan, r, split) != 0)
		goto out;
	for (size_t i = 0; i < rep->n; i++) {
		struct pos_entry *e = &rep->entries[i];

		if (e->kind == POS_SHARED && e->duplicate &&
		    plan->key[e->pitch] != 0 && share_entry(&rl, e) != 0)
			goto out;
	}
	relief_end(&rl);
	if (copies_relieve(base, c, plan, locks, r, split) != 0)
		return -1;
	/* What shared_bells says: rung from both copies, or passed. */
	for (size_t i = 0; i < rep->n; i++) {
		struct pos_entry *e = &rep->entries[i];

		if (e->kind == POS_SHARED)
			e->duplicate = plan->key[e->pitch] != 0 &&
			    holder_of(r, plan->key[e->pitch]) >= 0;
	}
	return 0;
out:
	relief_end(&rl);
	return -1;
}

/* ---- What the result says ---- */

static void
write_copy(const struct timing *t, const struct roster *r, int key,
    int copy, struct json_out *o)
{
	int i = holder_of(r, key);

	json_out_begin_object(o);
	json_out_key_int(o, "copy", copy);
	json_out_key(o, "player");
	if (i >= 0)
		json_out_string(o, r->p[i].name);
	else
		json_out_null(o);
	json_out_key_int(o, "rings", (long long)(t->off[key + 1] -
	    t->off[key]));
	json_out_end_object(o);
}

void
copies_write(const struct timing *t, const struct roster *r,
    struct json_out *o)
{
	char name[16];
	int any = 0;

	for (int k = 0; k < NPITCH; k++) {
		if (!bell_is_copy(t, k) || holder_of(r, k) < 0)
			continue;
		if (!any++) {
			json_out_key(o, "duplicate_bells");
			json_out_begin_array(o);
		}
		json_out_begin_object(o);
		json_out_key_string(o, "bell", bell_key_name(t, k, name,
		    sizeof name));
		json_out_key_array(o, "copies");
		write_copy(t, r, bell_pitch(t, k), 1, o);
		write_copy(t, r, k, 2, o);
		json_out_end_array(o);
		json_out_end_object(o);
	}
	if (any)
		json_out_end_array(o);
}
