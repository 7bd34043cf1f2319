/*
 * validate.c - upstream's arrangement_validator.py: validation, and the
 * quality breakdown (playability 50 with the impossible-swap hard fail,
 * bell fairness 30, fatigue fairness 20).  Python's number types are
 * tracked (struct pynum) because they show in the JSON: 50 and 50.0.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bell_tables.h"
#include "engine_internal.h"

void
validate_arrangement(const struct roster *r, struct validation *v)
{
	unsigned char seen[NPITCH] = {0}, dup[NPITCH] = {0};

	memset(v, 0, sizeof *v);
	for (size_t i = 0; i < r->n; i++) {
		const struct eplayer *pl = &r->p[i];

		if (pl->n_bells > v->max_seen)
			v->max_seen = pl->n_bells;
		if (pl->n_bells > RESOLVER_MAX_BELLS)
			v->n_over++;
		for (int j = 0; j < pl->n_bells; j++) {
			int b = pl->bells[j];

			if (!seen[b])
				v->unique_bells++;
			else if (!dup[b]) {
				dup[b] = 1;
				v->dups[v->n_dups++] = (uint8_t)b;
			}
			seen[b] = 1;
		}
		v->total_bells += pl->n_bells;
	}
	v->has_duplicates = v->n_dups > 0;
	v->n_issues = v->n_over + v->has_duplicates + (r->n == 0);
	v->utilization = v->total_bells > 0 ?
	    pyfloat((double)v->unique_bells / v->total_bells) : pyint(0);
}

/* The bells of a player without repeats, first occurrence first: the
 * order docs/PORTING.md section 2 fixes where upstream iterates set(bells). */
static int
distinct_bells(const struct eplayer *pl, uint8_t *out)
{
	unsigned char seen[NPITCH] = {0};
	int n = 0;

	for (int j = 0; j < pl->n_bells; j++) {
		if (!seen[pl->bells[j]])
			out[n++] = pl->bells[j];
		seen[pl->bells[j]] = 1;
	}
	return n;
}

/*
 * One hand's swaps.  Upstream walks all of a player's ring events - each
 * bell's notes in note order, concatenated bell by bell, stably sorted by
 * start - keeping per hand the bell last rung and when it stopped.  A
 * hand's part of that walk is its own bells' events in the same order:
 * a merge of their per-pitch lists (sorted by start, then note order)
 * that prefers the earlier bell on ties.  So each hand is walked alone.
 */
void
hand_stats_compute(const struct timing *t, const uint8_t *bells, int nb,
    int impossible_gap_ms, struct hand_stats *hs)
{
	struct hand_walk w;
	int last_pitch = -1, k;
	double last_end = 0, start, end;

	memset(hs, 0, sizeof *hs);
	if (nb < 2)
		return;             /* one bell is never swapped */
	hand_walk_init(&w, t, bells, nb);
	while ((k = hand_walk_next(&w, t, &start, &end)) >= 0) {
		if (last_pitch >= 0 && last_pitch != bells[k])
			hand_stats_swap(hs, start - last_end, impossible_gap_ms);
		last_pitch = bells[k];
		last_end = end;
	}
}

void
hand_stats_swap(struct hand_stats *hs, double gap, int impossible_gap_ms)
{
	hs->swaps++;
	if (gap < PRESSURE_GAP_MS)
		hs->pressure++;
	if (gap < impossible_gap_ms)
		hs->impossible++;
}

void
player_stats_add_hand(struct player_stats *ps, const struct hand_stats *hs)
{
	ps->swaps += hs->swaps;
	ps->pressure += hs->pressure;
	ps->impossible += hs->impossible;
}

void
player_hand_map(const struct eplayer *pl, int parity, int8_t *hand)
{
	memset(hand, HAND_NONE, NPITCH);
	for (int j = 0; j < pl->n_left; j++)
		hand[pl->left[j]] = HAND_LEFT;
	for (int j = 0; j < pl->n_right; j++)
		hand[pl->right[j]] = HAND_RIGHT;
	for (int j = 0; j < pl->n_bells; j++)
		if (hand[pl->bells[j]] == HAND_NONE)
			hand[pl->bells[j]] = parity && j % 2 ? HAND_RIGHT :
			    HAND_LEFT;
}

/*
 * One player's stats.  Bells in neither hand list take the parity rule;
 * each hand's bells in the player's distinct-bell order.  Fatigue: the sum
 * over the distinct bells, in that order (float sums depend on it).
 */
void
player_stats_compute(const struct timing *t, const struct eplayer *pl,
    int impossible_gap_ms, struct player_stats *ps)
{
	uint8_t bells[NPITCH], in_hand[2][NPITCH];
	int8_t hand[NPITCH];
	int nb, n_in[2] = { 0, 0 };
	struct hand_stats hs;

	memset(ps, 0, sizeof *ps);
	ps->n_bells = pl->n_bells;
	nb = distinct_bells(pl, bells);
	for (int k = 0; k < nb; k++)
		ps->fatigue += t->fatigue[bells[k]];
	if (pl->n_bells < 2 || t->n == 0)
		return;
	player_hand_map(pl, 1, hand);
	for (int k = 0; k < nb; k++) {
		int h = hand[bells[k]];

		in_hand[h][n_in[h]++] = bells[k];
	}
	for (int h = 0; h < 2; h++) {
		hand_stats_compute_held(t, pl, in_hand[h], n_in[h],
		    impossible_gap_ms, &hs);
		player_stats_add_hand(ps, &hs);
	}
}

/* Playability from the players' swaps. */
static void
playability(const struct player_stats *ps, size_t n, struct quality *q)
{
	int over_sum = 0;

	for (size_t i = 0; i < n; i++) {
		q->pressure += ps[i].pressure;
		q->impossible += ps[i].impossible;
		if (ps[i].swaps > 5) {
			q->over_five[i] = 1;
			over_sum += (ps[i].swaps - 5) * 4;
		}
	}
	if (q->impossible > 0) {
		q->playability = pyint(0);
		q->over_swap_penalty = 0;
		q->hand_pressure_penalty = pyint(0);
		return;
	}
	q->over_swap_penalty = over_sum < 24 ? over_sum : 24;
	/* min(20, n * 1.5): the float, or the int 20 when it reaches 20. */
	if (q->pressure * 1.5 < 20)
		q->hand_pressure_penalty = pyfloat(q->pressure * 1.5);
	else
		q->hand_pressure_penalty = pyint(20);
	q->playability.v = 50 - q->over_swap_penalty - q->hand_pressure_penalty.v;
	q->playability.is_int = q->hand_pressure_penalty.is_int;
}

static void
bell_fairness(const struct player_stats *ps, size_t n, struct quality *q)
{
	int lo = 0, hi = 0;

	for (size_t i = 0; i < n; i++) {
		int c = ps[i].n_bells;

		if (c < 2)
			q->below_two++;
		if (i == 0 || c < lo)
			lo = c;
		if (i == 0 || c > hi)
			hi = c;
	}
	q->spread = hi - lo;
	q->penalty_a = q->below_two * 8 < 20 ? q->below_two * 8 : 20;
	q->penalty_b = q->spread <= 1 ? 0 :
	    ((q->spread - 1) * 6 < 18 ? (q->spread - 1) * 6 : 18);
	q->bell_fairness = pyint(30 - q->penalty_a - q->penalty_b > 0 ?
	    30 - q->penalty_a - q->penalty_b : 0);
}

/*
 * statistics.pstdev: the exact variance of the floats, correctly
 * rounded square root.  Double-double arithmetic (about 106 bits, error-
 * free sums and products of doubles) with the mean taken first makes
 * the error far below half an ulp of the double result.  It replaced
 * software quad precision (113 bits), which cost three times as much,
 * about a twentieth of a small arrange; test_engine compares the two on
 * 200,000 sets of values, and 2,000,000 more were compared when it was
 * written: not one result differed.
 */
struct dd {
	double hi, lo;   /* the value is hi + lo, |lo| <= ulp(hi) / 2 */
};

static inline struct dd
two_sum(double a, double b)
{
	double s = a + b, bb = s - a;

	return (struct dd){ s, (a - (s - bb)) + (b - bb) };
}

static inline struct dd
quick_two_sum(double a, double b)   /* |a| >= |b| */
{
	double s = a + b;

	return (struct dd){ s, b - (s - a) };
}

/* a * b exactly, by Dekker's split (no FMA needed, the same result on
 * every machine). */
static inline struct dd
two_prod(double a, double b)
{
	double p = a * b, t, ah, al, bh, bl;

	t = 134217729.0 * a;    /* 2^27 + 1 */
	ah = t - (t - a);
	al = a - ah;
	t = 134217729.0 * b;
	bh = t - (t - b);
	bl = b - bh;
	return (struct dd){ p, ((ah * bh - p) + ah * bl + al * bh) + al * bl };
}

static inline struct dd
dd_add(struct dd a, struct dd b)
{
	struct dd s = two_sum(a.hi, b.hi), t = two_sum(a.lo, b.lo);

	s.lo += t.hi;
	s = quick_two_sum(s.hi, s.lo);
	s.lo += t.lo;
	return quick_two_sum(s.hi, s.lo);
}

static inline struct dd
dd_neg(struct dd a)
{
	return (struct dd){ -a.hi, -a.lo };
}

static inline struct dd
dd_mul(struct dd a, struct dd b)
{
	struct dd p = two_prod(a.hi, b.hi);

	p.lo += a.hi * b.lo + a.lo * b.hi;
	return quick_two_sum(p.hi, p.lo);
}

/* a / d: a first quotient, then the remainder's quotient, twice. */
static inline struct dd
dd_div(struct dd a, double d)
{
	double q1 = a.hi / d;
	struct dd p = two_prod(q1, d), r = two_sum(a.hi, -p.hi), q;

	r.lo += a.lo - p.lo;
	q = quick_two_sum(q1, (r.hi + r.lo) / d);
	r = dd_add(a, dd_neg(dd_mul(q, (struct dd){ d, 0 })));
	return dd_add(q, (struct dd){ r.hi / d, 0 });
}

double
quality_pstdev(const double *x, size_t n)
{
	struct dd sum = { 0, 0 }, mean, ss = { 0, 0 }, var, r;

	for (size_t i = 0; i < n; i++)
		sum = dd_add(sum, (struct dd){ x[i], 0 });
	mean = dd_div(sum, (double)n);
	for (size_t i = 0; i < n; i++) {
		struct dd d = dd_add((struct dd){ x[i], 0 }, dd_neg(mean));

		ss = dd_add(ss, dd_mul(d, d));
	}
	var = dd_div(ss, (double)n);
	if (var.hi <= 0)
		return 0.0;
	/* Newton from the double root: two steps reach double-double. */
	r = (struct dd){ sqrt(var.hi), 0 };
	for (int k = 0; k < 2; k++)
		r = dd_add(r, dd_div(dd_add(var, dd_neg(dd_mul(r, r))),
		    2 * r.hi));
	return r.hi + r.lo;
}

/* The population variance of x[0..n) into out, summed in type T. */
#define POP_VARIANCE(T, x, n, out) do {					\
	T sum_ = 0, mean_, ss_ = 0;					\
									\
	for (size_t i_ = 0; i_ < (n); i_++)				\
		sum_ += (x)[i_];					\
	mean_ = sum_ / (n);						\
	for (size_t i_ = 0; i_ < (n); i_++)				\
		ss_ += ((x)[i_] - mean_) * ((x)[i_] - mean_);		\
	(out) = ss_ / (n);						\
} while (0)

/*
 * The same in hardware long double (64-bit mantissa): not proven
 * correctly rounded, so only for a search's guidance (its result is then
 * scored exactly); faster still.
 */
static double
pstdev_fast(const double *x, size_t n)
{
	long double ss;

	POP_VARIANCE(long double, x, n, ss);
	return ss <= 0 ? 0.0 : (double)sqrtl(ss);
}

/* Ascending; insertion sort (a few dozen players), no NaN here. */
static void
sort_doubles(double *v, size_t n)
{
	for (size_t i = 1; i < n; i++) {
		double x = v[i];
		size_t j = i;

		while (j > 0 && v[j - 1] > x) {
			v[j] = v[j - 1];
			j--;
		}
		v[j] = x;
	}
}

static int
fatigue_fairness(const struct timing *t, const struct player_stats *ps,
    size_t n, int exact, struct quality *q)
{
	double *v, *sorted, sum = 0, mean, maxv = 0, median, cv, score;
	struct pynum sc;

	q->cv = 0.0;
	q->max_ratio = 1.0;
	q->ratio_penalty = pyfloat(0.0);
	q->fatigue_fairness = pyint(20);
	if (t->n == 0 || n == 0)
		return 0;
	v = malloc(2 * n * sizeof *v);
	if (v == NULL)
		return -1;
	sorted = v + n;
	for (size_t i = 0; i < n; i++) {
		double f = ps[i].fatigue;

		v[i] = f;
		if (f > maxv)
			maxv = f;
		sum += f;
	}
	mean = sum / n;
	if (maxv == 0 || mean <= 0)
		goto out;
	cv = (exact ? quality_pstdev(v, n) : pstdev_fast(v, n)) / mean;
	q->cv = cv;
	/* 20 * max(0, 1 - min(cv, 1.0)): the int 0 once cv reaches 1. */
	sc = 1 - (cv <= 1.0 ? cv : 1.0) > 0 ?
	    pyfloat(20 * (1 - (cv <= 1.0 ? cv : 1.0))) : pyint(0);
	memcpy(sorted, v, n * sizeof *v);
	sort_doubles(sorted, n);
	median = n % 2 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
	if (median > 0) {
		q->max_ratio = maxv / median;
		if (q->max_ratio > 2.0) {
			double rp = (q->max_ratio - 2.0) * 4;

			q->ratio_penalty = rp < 8 ? pyfloat(rp) : pyint(8);
			sc.v -= q->ratio_penalty.v;
			sc.is_int = sc.is_int && q->ratio_penalty.is_int;
		}
	}
	/* max(0, min(20, score)): Python keeps the first of equals. */
	score = sc.v;
	if (!(score < 20))
		sc = pyint(20);
	if (!(sc.v > 0))
		sc = pyint(0);
	q->fatigue_fairness = sc;
out:
	free(v);
	return 0;
}

int
quality_from_stats(const struct timing *t, const struct player_stats *ps,
    size_t n, int dropped, int exact, struct quality *q)
{
	unsigned char *over_five = q->over_five;

	memset(q, 0, sizeof *q);
	q->over_five = over_five;
	memset(q->over_five, 0, n);
	q->dropped = dropped;
	if (t->n > 0)
		playability(ps, n, q);
	else
		q->playability = pyint(50);
	bell_fairness(ps, n, q);
	if (fatigue_fairness(t, ps, n, exact, q) != 0)
		return -1;
	q->hard_fail = q->dropped > 0 || q->impossible > 0;
	if (q->hard_fail) {
		q->final_score = pyint(0);
	} else {
		/* (playability + bell) + fatigue, left to right as Python. */
		double s = q->playability.v + q->bell_fairness.v;
		int is_int = q->playability.is_int;

		s += q->fatigue_fairness.v;
		is_int = is_int && q->fatigue_fairness.is_int;
		q->final_score.v = is_int ? s : py_round(s, 2);
		q->final_score.is_int = is_int;
		if (!(q->final_score.v > 0))
			q->final_score = pyint(0);
		else if (!(q->final_score.v < 100))
			q->final_score = pyint(100);
	}
	return 0;
}

/* How many of the score's distinct pitches no player holds. */
static int
dropped_bells(const struct timing *t, const struct roster *r)
{
	unsigned char seen[NPITCH] = {0};
	int dropped = 0;

	roster_mark_held(r, seen);
	for (int k = 0; k < t->n_unique; k++)
		dropped += !seen[t->unique[k]];
	return dropped;
}

int
quality_breakdown(const struct timing *t, const struct roster *r,
    int impossible_gap_ms, struct quality *q)
{
	struct player_stats *ps = malloc((r->n + 1) * sizeof *ps);
	int rc;

	if (ps == NULL)
		return -1;
	for (size_t i = 0; i < r->n; i++)
		player_stats_compute(t, &r->p[i], impossible_gap_ms, &ps[i]);
	rc = quality_from_stats(t, ps, r->n, dropped_bells(t, r), 1, q);
	free(ps);
	return rc;
}

/* A number with the type Python gave it. */
void
write_pynum(struct json_out *o, struct pynum v)
{
	if (v.is_int)
		json_out_int(o, (long long)v.v);
	else
		json_out_real(o, v.v);
}

/* Writes the string name + suffix (suffix formatted with n). */
static void
write_message(struct json_out *o, const char *name, const char *fmt, int n)
{
	char suffix[96];
	size_t ln = strlen(name), ls;
	char *s;

	snprintf(suffix, sizeof suffix, fmt, n);
	ls = strlen(suffix);
	s = malloc(ln + ls + 1);
	if (s == NULL) {
		json_out_string(o, "");
		return;
	}
	memcpy(s, name, ln);
	memcpy(s + ln, suffix, ls + 1);
	json_out_string(o, s);
	free(s);
}

/* The duplicates issue: upstream's ', '.join(set(duplicates)), in
 * first-insertion order. */
static void
write_duplicates(const struct validation *v, struct json_out *o)
{
	char s[32 + 8 * NPITCH], name[16];
	size_t len = (size_t)snprintf(s, sizeof s, "Duplicate bells assigned: ");

	for (int i = 0; i < v->n_dups; i++)
		len += (size_t)snprintf(s + len, sizeof s - len, "%s%s",
		    i == 0 ? "" : ", ", pitch_name(v->dups[i], name, sizeof name));
	json_out_string(o, s);
}

void
validation_write(const struct roster *r, const struct validation *v,
    struct json_out *o)
{
	json_out_begin_object(o);
	json_out_key_bool(o, "valid", v->n_issues == 0);
	json_out_key_array(o, "issues");
	if (r->n == 0)
		json_out_string(o, "Empty arrangement");
	for (size_t i = 0; i < r->n; i++)
		if (r->p[i].n_bells > RESOLVER_MAX_BELLS)
			write_message(o, r->p[i].name, " has %d bells (max: 8)",
			    r->p[i].n_bells);
	if (v->has_duplicates)
		write_duplicates(v, o);
	json_out_end_array(o);
	json_out_key_array(o, "warnings");
	for (size_t i = 0; i < r->n; i++) {
		const struct eplayer *pl = &r->p[i];

		if (pl->n_bells == 0)
			write_message(o, pl->name, " has no bells assigned", 0);
		if (pl->n_bells > 1 && pl->n_left == 0)
			write_message(o, pl->name, " has no bells in left hand", 0);
		if (pl->n_bells > 1 && pl->n_right == 0)
			write_message(o, pl->name, " has no bells in right hand", 0);
	}
	json_out_end_array(o);
	if (r->n == 0) {
		json_out_end_object(o);
		return;
	}
	json_out_key_array(o, "players_at_capacity");
	for (size_t i = 0; i < r->n; i++)
		if (r->p[i].n_bells == RESOLVER_MAX_BELLS)
			json_out_string(o, r->p[i].name);
	json_out_end_array(o);
	json_out_key_int(o, "total_bells_assigned", v->total_bells);
	json_out_key_int(o, "unique_bells", v->unique_bells);
	write_key_pynum(o, "utilization", v->utilization);
	json_out_key_int(o, "max_bells_per_player_reached", v->max_seen);
	json_out_end_object(o);
}

/* A penalty or earned figure: round(x, 2) unless upstream's was an int. */
static struct pynum
rounded2(struct pynum v)
{
	return v.is_int ? v : pyfloat(py_round(v.v, 2));
}

static void
write_component(struct json_out *o, const char *key, struct pynum earned,
    int max)
{
	json_out_key_object(o, key);
	write_key_pynum(o, "earned", rounded2(earned));
	json_out_key_int(o, "max", max);
	json_out_end_object(o);
}

static void
write_penalties(const struct roster *r, const struct quality *q,
    struct json_out *o)
{
	json_out_key_object(o, "penalties");
	json_out_key_int(o, "dropped_notes", q->dropped);
	json_out_key_int(o, "impossible_swaps", q->impossible);
	json_out_key_array(o, "players_over_five_swaps");
	for (size_t i = 0; i < r->n; i++)
		if (q->over_five[i])
			json_out_string(o, r->p[i].name);
	json_out_end_array(o);
	json_out_key_int(o, "hand_load_pressure_events", q->pressure);
	json_out_key_int(o, "over_swap_penalty", q->over_swap_penalty);
	write_key_pynum(o, "hand_pressure_penalty",
	    rounded2(q->hand_pressure_penalty));
	json_out_key_int(o, "bell_fairness_below_two_players", q->below_two);
	json_out_key_int(o, "bell_fairness_spread", q->spread);
	json_out_key_int(o, "bell_fairness_penalty_a", q->penalty_a);
	json_out_key_int(o, "bell_fairness_penalty_b", q->penalty_b);
	json_out_key_real(o, "fatigue_cv", py_round(q->cv, 4));
	json_out_key_real(o, "fatigue_max_to_median_ratio",
	    py_round(q->max_ratio, 4));
	write_key_pynum(o, "fatigue_ratio_penalty", rounded2(q->ratio_penalty));
	json_out_end_object(o);
}

void
quality_write(const struct roster *r, const struct quality *q,
    struct json_out *o)
{
	char buf[64];

	json_out_begin_object(o);
	json_out_key_bool(o, "hard_fail", q->hard_fail);
	json_out_key_array(o, "hard_fail_reasons");
	if (q->dropped > 0) {
		snprintf(buf, sizeof buf, "Dropped notes: %d", q->dropped);
		json_out_string(o, buf);
	}
	if (q->impossible > 0) {
		snprintf(buf, sizeof buf, "Impossible swaps: %d", q->impossible);
		json_out_string(o, buf);
	}
	json_out_end_array(o);
	json_out_key_object(o, "weights");
	json_out_key_int(o, "playability", WEIGHT_PLAYABILITY);
	json_out_key_int(o, "bell_fairness", WEIGHT_BELL_FAIRNESS);
	json_out_key_int(o, "fatigue_fairness", WEIGHT_FATIGUE_FAIRNESS);
	json_out_end_object(o);
	json_out_key_object(o, "components");
	write_component(o, "playability", q->playability, WEIGHT_PLAYABILITY);
	write_component(o, "bell_fairness", q->bell_fairness,
	    WEIGHT_BELL_FAIRNESS);
	write_component(o, "fatigue_fairness", q->fatigue_fairness,
	    WEIGHT_FATIGUE_FAIRNESS);
	json_out_end_object(o);
	write_penalties(r, q, o);
	write_key_pynum(o, "final_score", q->final_score);
	json_out_end_object(o);
}
