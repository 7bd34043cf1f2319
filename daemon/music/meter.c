/*
 * meter.c - measures and beats: where a tick or a time in ms falls in the
 * music, as a director counts it ("measure 12, beat 3").
 *
 * A MusicXML file numbers its own measures (pickups included), so those
 * numbers are kept and a tick is looked up among the measures' starts.  A
 * MIDI file has only time signatures (meta event 0x58): its measures are
 * counted from 1 at tick 0, a new time signature starting a new measure
 * (one that comes mid-measure closes the measure it interrupts, as
 * sequencers write them).  No time signature at all means 4/4.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "../core/compare.h"
#include "score.h"

static int
compare_sigs(const void *a, const void *b)
{
	const struct time_sig *x = a, *y = b;

	/* Same tick: reading order, kept in measure until numbered. */
	return VB_CMP_BY(x, y, tick, measure);
}

static int
sig_ok(int beats, int beat_type)
{
	return beats >= 1 && beats <= 64 && beat_type >= 1 &&
	    beat_type <= 64 && (beat_type & (beat_type - 1)) == 0;
}

/* Ticks in one beat and one measure of a signature (>= 1). */
static double
beat_ticks(const struct score *s, int beat_type)
{
	double tpb = s->ticks_per_beat > 0 ? s->ticks_per_beat : 480;

	return tpb * 4.0 / beat_type;
}

static int64_t
measure_ticks(const struct score *s, int beats, int beat_type)
{
	int64_t t = (int64_t)llround(beat_ticks(s, beat_type) * beats);

	return t > 0 ? t : 1;
}

int
score_set_meter(struct score *s, struct time_sig *ev, size_t n)
{
	size_t m = 0;

	free(s->time_sigs);
	s->time_sigs = NULL;
	s->n_time_sigs = 0;
	for (size_t i = 0; i < n; i++)
		ev[i].measure = (int)i;
	if (n > 1)
		qsort(ev, n, sizeof *ev, compare_sigs);
	for (size_t i = 0; i < n; i++) {
		if (!sig_ok(ev[i].beats, ev[i].beat_type))
			continue;
		if (m > 0 && ev[m - 1].tick == ev[i].tick)
			m--;   /* the last one read at a tick wins */
		ev[m++] = ev[i];
	}
	/* Number the measure each starts: from the file's measures where it
	 * has them, else counted. */
	for (size_t i = 0; i < m; i++) {
		if (s->n_measures > 0) {
			struct musical_time mt;

			score_musical_time(s, ev[i].tick, &mt);
			ev[i].measure = mt.measure;
			continue;
		}
		if (i == 0) {
			/* Before a first signature later than 0: 4/4. */
			int64_t len = measure_ticks(s, 4, 4);

			ev[i].measure = 1 + (int)((ev[i].tick + len - 1) / len);
		} else {
			int64_t len = measure_ticks(s, ev[i - 1].beats,
			    ev[i - 1].beat_type);
			int64_t span = ev[i].tick - ev[i - 1].tick;
			int64_t bars = (span + len - 1) / len;

			ev[i].measure = ev[i - 1].measure +
			    (int)(bars < 1000000000 ? bars : 1000000000);
		}
	}
	if (m == 0) {
		free(ev);
		ev = NULL;
	}
	s->time_sigs = ev;
	s->n_time_sigs = m;
	return 0;
}

/* Index of the last entry whose tick is <= tick, -1 if none.  The
 * entries are struct time_sig or struct measure_start (stride bytes). */
static long
last_at_or_before(const void *base, size_t n, size_t stride, int64_t tick)
{
	long found = -1;

	for (size_t lo = 0, hi = n; lo < hi;) {
		size_t mid = lo + (hi - lo) / 2;
		int64_t t = *(const int64_t *)((const char *)base + mid * stride);

		if (t <= tick) {
			found = (long)mid;
			lo = mid + 1;
		} else {
			hi = mid;
		}
	}
	return found;
}

int
score_has_pickup(const struct score *s)
{
	const struct measure_start *m = s->measures;

	if (s->n_measures < 2)
		return 0;
	return s->measures[1].tick - m->tick > 0 &&
	    s->measures[1].tick - m->tick < measure_ticks(s, m->beats,
	    m->beat_type);
}

static void
numbered_time(const struct score *s, int64_t tick, struct musical_time *out)
{
	long k = last_at_or_before(s->measures, s->n_measures,
	    sizeof *s->measures, tick);
	const struct measure_start *m = &s->measures[k < 0 ? 0 : k];
	double bt = beat_ticks(s, m->beat_type), offset = 0;

	if (k < 0) {
		out->measure = m->number;
		out->beat = 1;
		return;
	}
	/* A short first measure is a pickup: its notes are the last beats
	 * of a full measure (a one-beat pickup in 4/4 is beat 4). */
	if (k == 0 && s->n_measures > 1) {
		int64_t len = s->measures[1].tick - m->tick;
		int64_t full = measure_ticks(s, m->beats, m->beat_type);

		if (len > 0 && len < full)
			offset = (double)(full - len) / bt;
	}
	out->measure = m->number;
	out->beat = 1 + offset + (double)(tick - m->tick) / bt;
}

void
score_musical_time(const struct score *s, int64_t tick,
    struct musical_time *out)
{
	const struct time_sig *sig;
	int64_t start, len, into;
	int beats = 4, beat_type = 4, first = 1;
	long k;

	if (tick < 0)
		tick = 0;
	if (s->n_measures > 0) {
		numbered_time(s, tick, out);
		return;
	}
	k = last_at_or_before(s->time_sigs, s->n_time_sigs,
	    sizeof *s->time_sigs, tick);
	start = 0;
	if (k >= 0) {
		sig = &s->time_sigs[k];
		start = sig->tick;
		beats = sig->beats;
		beat_type = sig->beat_type;
		first = sig->measure;
	}
	len = measure_ticks(s, beats, beat_type);
	into = tick - start;
	out->measure = first + (int)((into / len) < 1000000000 ? into / len :
	    1000000000);
	out->beat = 1 + (double)(into % len) / beat_ticks(s, beat_type);
}

void
score_musical_time_ms(const struct score *s, double ms,
    struct musical_time *out)
{
	score_musical_time(s, score_ms_to_tick(s, ms), out);
}

int
score_measure_count(const struct score *s, int *first)
{
	int64_t end = 0;
	struct musical_time a, b;

	for (size_t i = 0; i < s->n_notes; i++) {
		int64_t e = s->notes[i].tick + s->notes[i].dur_ticks;

		if (e > end)
			end = e;
	}
	score_musical_time(s, 0, &a);
	/* The measure of the last tick sounded, not the one a note's end
	 * touches. */
	score_musical_time(s, end > 0 ? end - 1 : 0, &b);
	if (s->n_measures > 0) {
		long k = last_at_or_before(s->measures, s->n_measures,
		    sizeof *s->measures, end > 0 ? end - 1 : 0);

		*first = s->measures[0].number;
		return (int)(k < 0 ? 1 : k + 1);
	}
	*first = a.measure;
	return b.measure - a.measure + 1;
}

static void
copy_list(void *dst, const void *src, size_t n, size_t size)
{
	if (n > 0)
		memcpy(dst, src, n * size);
}

struct score *
score_with_notes(const struct score *src, const struct note *notes, size_t n)
{
	struct score *s = score_new();

	if (s == NULL)
		return NULL;
	*s = *src;
	s->filename = NULL;
	s->notes = NULL;
	s->tempo = NULL;
	s->tracks = NULL;
	s->time_sigs = NULL;
	s->measures = NULL;
	s->keys = NULL;
	s->n_notes = s->n_tempo = s->n_tracks = 0;
	s->n_time_sigs = s->n_measures = s->n_keys = 0;
	if ((src->filename != NULL &&
	    (s->filename = strdup(src->filename)) == NULL) ||
	    (s->notes = malloc((n + 1) * sizeof *notes)) == NULL ||
	    (s->tempo = malloc((src->n_tempo + 1) * sizeof *s->tempo)) == NULL ||
	    (s->tracks = calloc(src->n_tracks + 1, sizeof *s->tracks)) == NULL ||
	    (s->time_sigs = malloc((src->n_time_sigs + 1) *
	    sizeof *s->time_sigs)) == NULL ||
	    (s->measures = malloc((src->n_measures + 1) *
	    sizeof *s->measures)) == NULL ||
	    (s->keys = malloc((src->n_keys + 1) * sizeof *s->keys)) == NULL)
		goto fail;
	/* A list may be NULL when empty: memcpy must not see it. */
	copy_list(s->keys, src->keys, src->n_keys, sizeof *s->keys);
	s->n_keys = src->n_keys;
	copy_list(s->notes, notes, n, sizeof *notes);
	s->n_notes = n;
	copy_list(s->tempo, src->tempo, src->n_tempo, sizeof *s->tempo);
	s->n_tempo = src->n_tempo;
	copy_list(s->time_sigs, src->time_sigs, src->n_time_sigs,
	    sizeof *s->time_sigs);
	s->n_time_sigs = src->n_time_sigs;
	copy_list(s->measures, src->measures, src->n_measures,
	    sizeof *s->measures);
	s->n_measures = src->n_measures;
	for (size_t i = 0; i < src->n_tracks; i++) {
		s->tracks[i] = src->tracks[i];
		s->tracks[i].note_count = 0;
		s->tracks[i].name = strdup(src->tracks[i].name ?
		    src->tracks[i].name : "");
		s->n_tracks++;
		if (s->tracks[i].name == NULL)
			goto fail;
	}
	for (size_t i = 0; i < n; i++)
		if (notes[i].track >= 0 && (size_t)notes[i].track < s->n_tracks)
			s->tracks[notes[i].track].note_count++;
	score_note_times(s);
	score_analyse(s);
	return s;
fail:
	score_free(s);
	return NULL;
}

size_t
score_measure_starts(const struct score *s, int64_t end,
    struct measure_mark *out, size_t cap)
{
	size_t n = 0;

	/* A file that numbers its measures: its own starts. */
	if (s->n_measures > 0) {
		for (size_t i = 0; i < s->n_measures && n < cap; i++) {
			if (s->measures[i].tick >= end && i > 0)
				break;
			out[n].tick = s->measures[i].tick;
			out[n].number = s->measures[i].number;
			out[n].beats = s->measures[i].beats;
			out[n].beat_type = s->measures[i].beat_type;
			n++;
		}
		return n;
	}
	/* Else counted from the time signatures: 4/4 from measure 1 before
	 * the first (or without any), as score_musical_time counts. */
	size_t first = s->n_time_sigs > 0 && s->time_sigs[0].tick <= 0;
	for (size_t k = first ? 1 : 0; k <= s->n_time_sigs; k++) {
		const struct time_sig *sig = k > 0 ? &s->time_sigs[k - 1] : NULL;
		int beats = sig ? sig->beats : 4, beat_type = sig ? sig->beat_type : 4;
		int64_t from = sig ? sig->tick : 0;
		int64_t len = measure_ticks(s, beats, beat_type);
		int64_t until = k < s->n_time_sigs ? s->time_sigs[k].tick : end;
		int number = sig ? sig->measure : 1;

		for (int64_t t = from; (t < until || n == 0) && n < cap; t += len) {
			out[n].tick = t;
			out[n].number = number++;
			out[n].beats = beats;
			out[n].beat_type = beat_type;
			n++;
		}
	}
	return n;
}
