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

static const struct timing *sort_ctx;

static int
cmp_ms(const void *a, const void *b)
{
	uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
	double sx = sort_ctx->start_ms[x], sy = sort_ctx->start_ms[y];

	if (sx != sy)
		return sx < sy ? -1 : 1;
	return (x > y) - (x < y);
}

static int
cmp_tick(const void *a, const void *b)
{
	uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
	int64_t tx = sort_ctx->score->notes[x].tick;
	int64_t ty = sort_ctx->score->notes[y].tick;

	if (tx != ty)
		return tx < ty ? -1 : 1;
	return (x > y) - (x < y);
}

/* Buckets an order by pitch: each pitch's slice keeps the order. */
static void
bucket(const struct timing *t, const uint32_t *order, uint32_t *dst)
{
	uint32_t fill[NPITCH];

	memcpy(fill, t->off, sizeof fill);
	for (size_t i = 0; i < t->n; i++)
		dst[fill[t->score->notes[order[i]].pitch]++] = order[i];
}

int
timing_init(struct timing *t, const struct score *s)
{
	return timing_init_table(t, s, 0);
}

int
timing_init_table(struct timing *t, const struct score *s, int choir_table)
{
	int upstream = upstream_tempo_applies(s);
	double tpb = s->ticks_per_beat > 0 ? s->ticks_per_beat : 1;
	double beat_ms = 60000.0 / (s->tempo_bpm > 0 ? s->tempo_bpm : 1);

	memset(t, 0, sizeof *t);
	t->score = s;
	t->n = s->n_notes;
	t->start_ms = malloc((t->n + 1) * sizeof *t->start_ms);
	t->dur_ms = malloc((t->n + 1) * sizeof *t->dur_ms);
	t->order_ms = malloc((t->n + 1) * sizeof *t->order_ms);
	t->order_tick = malloc((t->n + 1) * sizeof *t->order_tick);
	t->pitch_ms = malloc((t->n + 1) * sizeof *t->pitch_ms);
	t->pitch_tick = malloc((t->n + 1) * sizeof *t->pitch_tick);
	t->pitch_by_ms = malloc(t->n + 1);
	t->pitch_start = malloc((t->n + 1) * sizeof *t->pitch_start);
	t->pitch_end = malloc((t->n + 1) * sizeof *t->pitch_end);
	if (t->pitch_by_ms == NULL || t->pitch_start == NULL ||
	    t->pitch_end == NULL ||
	    t->start_ms == NULL || t->dur_ms == NULL || t->order_ms == NULL ||
	    t->order_tick == NULL || t->pitch_ms == NULL ||
	    t->pitch_tick == NULL) {
		timing_fini(t);
		return -1;
	}
	t->bell = choir_table ? choir_bell_data_table() : bell_data_table();

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
		/* Each sum in note order, the order upstream adds in. */
		t->fatigue[nt->pitch] += dur * w;
		t->snake_fatigue[nt->pitch] += fmax(0.0, end - start) * w;
		t->snake_activity[nt->pitch] += fmax(0.0, end - start);
		if (nt->pitch != 0)
			t->freq[nt->pitch]++;
	}
	for (int p = 0; p < NPITCH; p++)
		t->off[p + 1] += t->off[p];
	sort_ctx = t;
	qsort(t->order_ms, t->n, sizeof *t->order_ms, cmp_ms);
	qsort(t->order_tick, t->n, sizeof *t->order_tick, cmp_tick);
	sort_ctx = NULL;
	bucket(t, t->order_ms, t->pitch_ms);
	for (size_t k = 0; k < t->n; k++) {
		uint32_t idx = t->pitch_ms[k];

		t->pitch_start[k] = t->start_ms[idx];
		t->pitch_end[k] = t->start_ms[idx] + t->dur_ms[idx];
	}
	for (size_t i = 0; i < t->n; i++)
		t->pitch_by_ms[i] = (uint8_t)s->notes[t->order_ms[i]].pitch;
	bucket(t, t->order_tick, t->pitch_tick);

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
	return 0;
}

void
timing_fini(struct timing *t)
{
	free(t->start_ms);
	free(t->dur_ms);
	free(t->order_ms);
	free(t->order_tick);
	free(t->pitch_ms);
	free(t->pitch_tick);
	free(t->pitch_by_ms);
	free(t->pitch_start);
	free(t->pitch_end);
	memset(t, 0, sizeof *t);
}
