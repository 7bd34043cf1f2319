/*
 * timing.c - the facts the engine reads about a score, computed once per
 * request: note times in ms as upstream converts them, per-pitch event
 * lists in the orders upstream's stable sorts give, per-pitch sums.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "engine_internal.h"

/*
 * Upstream converts ticks with its one tempo: t / tpb * (60000.0 / bpm),
 * bpm = int(60e6 / us).  When the score has one tempo whose bpm is an
 * integer that is the tempo map's value too; computing it with upstream's
 * operations keeps every last bit (gaps compared with < 500, sums rounded
 * to 2 places).  Otherwise the tempo map's ms are used (docs/PORTING.md section 3).
 */
static int
upstream_tempo_applies(const struct score *s)
{
	if (s->format != SCORE_FORMAT_MIDI || s->tempo_bpm < 1)
		return 0;
	for (size_t i = 0; i < s->n_tempo; i++)
		if (fabs(s->tempo[i].us_per_beat * s->tempo_bpm - 60e6) > 1e-3)
			return 0;
	return 1;
}

/*
 * Stable ascending sorts of (key, note index) pairs, the comparison
 * inline: qsort's callback was most of a small piece's timing tables.
 * The pairs start in index order, so stability breaks ties by index as
 * upstream's sorted() does.  A run already in order (notes mostly come
 * so) costs one compare per element and pass.
 */
#define DEFINE_KEY_SORT(name, pair, type)                                  \
	struct pair { type key; uint32_t idx; };                           \
	static void                                                        \
	name(struct pair *v, struct pair *tmp, size_t n)                   \
	{                                                                  \
		for (size_t w = 1; w < n; w *= 2) {                        \
			for (size_t lo = 0; lo + w < n; lo += 2 * w) {     \
				size_t mid = lo + w, i = lo, j = mid, k = lo;\
				size_t hi = lo + 2 * w < n ? lo + 2 * w : n;\
				if (!(v[mid].key < v[mid - 1].key))        \
					continue;  /* already in order */  \
				while (i < mid && j < hi)                  \
					tmp[k++] = v[j].key < v[i].key ?   \
					    v[j++] : v[i++];               \
				while (i < mid)                            \
					tmp[k++] = v[i++];                 \
				memcpy(v + lo, tmp + lo,                   \
				    (j - lo) * sizeof *v);                 \
			}                                                  \
		}                                                          \
	}
DEFINE_KEY_SORT(sort_by_ms, key_ms, double)
DEFINE_KEY_SORT(sort_by_tick, key_tick, int64_t)

/* order_ms by (start_ms, index) and order_tick by (tick, index). */
static int
sort_orders(struct timing *t)
{
	size_t n = t->n;
	struct key_ms *ms = malloc((2 * n + 1) * sizeof *ms);
	struct key_tick *tk = malloc((2 * n + 1) * sizeof *tk);

	if (ms == NULL || tk == NULL) {
		free(ms);
		free(tk);
		return -1;
	}
	for (size_t i = 0; i < n; i++) {
		ms[i].key = t->start_ms[i];
		ms[i].idx = (uint32_t)i;
		tk[i].key = t->score->notes[i].tick;
		tk[i].idx = (uint32_t)i;
	}
	sort_by_ms(ms, ms + n, n);
	sort_by_tick(tk, tk + n, n);
	for (size_t i = 0; i < n; i++) {
		t->order_ms[i] = ms[i].idx;
		t->order_tick[i] = tk[i].idx;
	}
	free(ms);
	free(tk);
	return 0;
}

/* Buckets an order by pitch: each pitch's slice keeps the order; at[]
 * gets each note's place in the order. */
static void
bucket(const struct timing *t, const uint32_t *order, uint32_t *dst,
    uint32_t *at)
{
	uint32_t fill[NPITCH];

	memcpy(fill, t->off, sizeof fill);
	for (size_t i = 0; i < t->n; i++) {
		uint32_t f = fill[t->score->notes[order[i]].pitch]++;

		dst[f] = order[i];
		at[f] = (uint32_t)i;
	}
}

/* Notes of the pitches marked in in[] by a walk of the order: for a
 * player of many bells, where the merge would cost more. */
static size_t
walk_order(const struct timing *t, int tick_order, const unsigned char *in,
    uint32_t *out)
{
	size_t n = 0;

	for (size_t i = 0; i < t->n; i++) {
		uint32_t idx = tick_order ? t->order_tick[i] : t->order_ms[i];
		int p = tick_order ? t->score->notes[idx].pitch :
		    t->pitch_by_ms[i];

		if (in[p])
			out[n++] = idx;
	}
	return n;
}

size_t
timing_merge(const struct timing *t, int tick_order, const int *pitch,
    int k, uint32_t *out)
{
	const uint32_t *order = tick_order ? t->order_tick : t->order_ms;
	const uint32_t *at0 = tick_order ? t->pitch_tick_at : t->pitch_ms_at;
	const uint32_t *at[TIMING_MERGE_MAX], *end[TIMING_MERGE_MAX];
	size_t n = 0;
	int m = 0;

	if (k > TIMING_MERGE_MAX) {
		unsigned char in[NPITCH] = { 0 };

		for (int j = 0; j < k; j++)
			in[pitch[j]] = 1;
		return walk_order(t, tick_order, in, out);
	}
	for (int j = 0; j < k; j++)
		if (t->off[pitch[j]] < t->off[pitch[j] + 1]) {
			at[m] = at0 + t->off[pitch[j]];
			end[m++] = at0 + t->off[pitch[j] + 1];
		}
	/* The least place next, each time: the order itself. */
	while (m > 0) {
		int b = 0;

		for (int j = 1; j < m; j++)
			if (*at[j] < *at[b])
				b = j;
		out[n++] = order[*at[b]++];
		if (at[b] == end[b]) {
			m--;
			at[b] = at[m];
			end[b] = end[m];
		}
	}
	return n;
}

int
timing_init(struct timing *t, const struct score *s)
{
	return timing_init_table(t, s, 0);
}

/*
 * The per-note arrays, n + 1 each (never a zero-size malloc), in one
 * block that start_ms owns: the doubles first, then the uint32_t, then
 * the bytes, so each is aligned.  n is at most max_notes, far from
 * overflowing.
 */
static int
timing_alloc(struct timing *t)
{
	size_t m = t->n + 1;
	unsigned char *at = malloc(m * (4 * sizeof(double) +
	    6 * sizeof(uint32_t) + 1));

	if (at == NULL)
		return -1;
	t->start_ms = (double *)at;
	t->dur_ms = t->start_ms + m;
	t->pitch_start = t->dur_ms + m;
	t->pitch_end = t->pitch_start + m;
	t->order_ms = (uint32_t *)(t->pitch_end + m);
	t->order_tick = t->order_ms + m;
	t->pitch_ms = t->order_tick + m;
	t->pitch_tick = t->pitch_ms + m;
	t->pitch_ms_at = t->pitch_tick + m;
	t->pitch_tick_at = t->pitch_ms_at + m;
	t->pitch_by_ms = (uint8_t *)(t->pitch_tick_at + m);
	return 0;
}

/* Each note's start and duration in ms, the piece's length, the
 * per-pitch counts and sums (each in note order, the order upstream adds
 * in). */
static void
note_times(struct timing *t, const struct score *s)
{
	int upstream = upstream_tempo_applies(s);
	double tpb = s->ticks_per_beat > 0 ? s->ticks_per_beat : 1;
	double beat_ms = 60000.0 / (s->tempo_bpm > 0 ? s->tempo_bpm : 1);

	for (size_t i = 0; i < t->n; i++) {
		const struct note *nt = &s->notes[i];
		double start, dur, end, w = t->bell[nt->pitch].weight_oz.v;

		if (upstream) {
			start = (double)nt->tick / tpb * beat_ms;
			dur = (double)nt->dur_ticks / tpb * beat_ms;
		} else {
			start = nt->start_ms;
			dur = nt->dur_ms;
		}
		t->start_ms[i] = start;
		t->dur_ms[i] = dur;
		end = start + dur;
		if (end > t->duration_ms)
			t->duration_ms = end;
		t->off[nt->pitch + 1]++;
		t->order_ms[i] = t->order_tick[i] = (uint32_t)i;
		t->fatigue[nt->pitch] += dur * w;
		t->snake_fatigue[nt->pitch] += fmax(0.0, end - start) * w;
		t->snake_activity[nt->pitch] += fmax(0.0, end - start);
		if (nt->pitch != 0)
			t->freq[nt->pitch]++;
	}
	for (int p = 0; p < NPITCH; p++)
		t->off[p + 1] += t->off[p];
}

/* The pitch lists and what the simulation reports of the score. */
static void
score_facts(struct timing *t, const struct score *s)
{
	for (size_t i = 0; i < s->n_unique; i++)
		t->unique[t->n_unique++] = s->unique_pitches[i];
	for (size_t i = 0; i < s->n_melody; i++) {
		t->melody[t->n_melody++] = s->melody_pitches[i];
		t->is_melody[s->melody_pitches[i]] = 1;
	}
	t->tempo_bpm = s->tempo_bpm;
	if (s->format == SCORE_FORMAT_MIDI) {
		t->format = "midi";
		t->ticks_per_beat = s->ticks_per_beat;
	} else {
		/* Upstream's MusicXML simulation reports quarter lengths. */
		t->format = "musicxml";
		t->ticks_per_beat = 1;
	}
}

const char *
bell_key_name(const struct timing *t, int key, char *buf, size_t len)
{
	return pitch_name(bell_pitch(t, key), buf, len);
}

static int timing_build(struct timing *t, const struct score *s);

int
timing_init_table(struct timing *t, const struct score *s, int choir_table)
{
	memset(t, 0, sizeof *t);
	t->bell = choir_table ? choir_bell_data_table() : bell_data_table();
	for (int k = 0; k < NPITCH; k++)
		t->real[k] = (uint8_t)k;
	return timing_build(t, s);
}

int
timing_init_keys(struct timing *t, const struct score *s,
    const struct bell_data *base, const uint8_t *real)
{
	memset(t, 0, sizeof *t);
	t->own_bell = malloc(NPITCH * sizeof *t->own_bell);
	if (t->own_bell == NULL)
		return -1;
	for (int k = 0; k < NPITCH; k++)
		t->own_bell[k] = base[real[k]];
	memcpy(t->real, real, sizeof t->real);
	t->bell = t->own_bell;
	return timing_build(t, s);
}

static int
timing_build(struct timing *t, const struct score *s)
{
	t->score = s;
	t->n = s->n_notes;
	if (timing_alloc(t) != 0)
		goto fail;
	note_times(t, s);
	if (sort_orders(t) != 0)
		goto fail;
	bucket(t, t->order_ms, t->pitch_ms, t->pitch_ms_at);
	for (size_t k = 0; k < t->n; k++) {
		uint32_t idx = t->pitch_ms[k];

		t->pitch_start[k] = t->start_ms[idx];
		t->pitch_end[k] = t->start_ms[idx] + t->dur_ms[idx];
	}
	for (size_t i = 0; i < t->n; i++)
		t->pitch_by_ms[i] = (uint8_t)s->notes[t->order_ms[i]].pitch;
	bucket(t, t->order_tick, t->pitch_tick, t->pitch_tick_at);
	score_facts(t, s);
	return 0;
fail:
	timing_fini(t);
	return -1;
}

void
timing_fini(struct timing *t)
{
	free(t->start_ms);          /* the block of every per-note array */
	free(t->own_bell);
	memset(t, 0, sizeof *t);
}
