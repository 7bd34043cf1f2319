/*
 * score.c - the score model: allocation, the tempo map, pitch names and
 * the melody/harmony analysis every later step reads.
 */
#include <math.h>
#include <stdlib.h>
#include <stdio.h>
#include <string.h>

#include "../core/compare.h"
#include "score.h"

static const char *const pitch_class_names[12] = {
	"C", "C#", "D", "D#", "E", "F", "F#", "G", "G#", "A", "A#", "B",
};

struct score *
score_new(void)
{
	struct score *s = calloc(1, sizeof *s);

	if (s == NULL)
		return NULL;
	s->format = SCORE_FORMAT_MIDI;
	s->tempo_bpm = 120;
	return s;
}

void
score_free(struct score *s)
{
	if (s == NULL)
		return;
	for (size_t i = 0; i < s->n_tracks; i++)
		free(s->tracks[i].name);
	free(s->tracks);
	free(s->tempo);
	free(s->time_sigs);
	free(s->measures);
	free(s->keys);
	free(s->notes);
	free(s->filename);
	free(s);
}

/*
 * Groups by onset tick.  Notes are in upstream order, not sorted by time,
 * so walk a copy of (tick, pitch) sorted by tick.  Within a group only the
 * highest pitch matters, so the order inside a group does not.
 */
struct onset {
	int64_t tick;
	int pitch;
};

static int
compare_onsets(const void *a, const void *b)
{
	const struct onset *x = a, *y = b;

	return VB_CMP_BY(x, y, tick, pitch);
}

void
score_analyse(struct score *s)
{
	unsigned char unique[128] = {0}, melody[128] = {0}, harmony[128] = {0};
	struct onset *on;
	size_t n = 0;

	memset(s->note_frequency, 0, sizeof s->note_frequency);
	on = s->n_notes ? malloc(s->n_notes * sizeof *on) : NULL;
	for (size_t i = 0; i < s->n_notes; i++) {
		int p = s->notes[i].pitch;

		if (p < 0 || p > 127)
			continue;
		unique[p] = 1;
		s->note_frequency[p]++;
		if (on != NULL)
			on[n++] = (struct onset){ s->notes[i].tick, p };
	}
	if (on != NULL) {
		qsort(on, n, sizeof *on, compare_onsets);
		/* Sorted by (tick, pitch): a group's last entry is its top. */
		for (size_t i = 0; i < n; i++) {
			if (i + 1 == n || on[i + 1].tick != on[i].tick)
				melody[on[i].pitch] = 1;
			else
				harmony[on[i].pitch] = 1;
		}
		free(on);
	}

	s->n_unique = s->n_melody = s->n_harmony = 0;
	for (int p = 0; p < 128; p++) {
		if (unique[p])
			s->unique_pitches[s->n_unique++] = p;
		if (melody[p])
			s->melody_pitches[s->n_melody++] = p;
		if (harmony[p])
			s->harmony_pitches[s->n_harmony++] = p;
	}
}

const char *
pitch_name(int pitch, char *buf, size_t len)
{
	/* Python's // and % floor, so pitch -1 is "B-2"; keep that. */
	int pc = ((pitch % 12) + 12) % 12;
	int octave = (pitch - pc) / 12 - 1;
	const char *name = pitch_class_names[pc];
	size_t i = 0;

	/* Written by hand for MIDI's range: the simulation names every
	 * event's bell, and snprintf was a quarter of arrange's time. */
	if (octave < -1 || octave > 9 || len < 5) {
		snprintf(buf, len, "%s%d", name, octave);
		return buf;
	}
	while (*name)
		buf[i++] = *name++;
	if (octave < 0)
		buf[i++] = '-';
	buf[i++] = (char)('0' + (octave < 0 ? -octave : octave));
	buf[i] = '\0';
	return buf;
}

int
pitch_from_name(const char *name)
{
	/*
	 * Upstream's rule, quirks kept (protocol/PROTOCOL.md): the octave is
	 * the last character only; every 'b' becomes '#' and then, if there
	 * was a 'b', the result is lowered one semitone - so "Db4" is D (62),
	 * not C#.  Names of pitches 0..11 ("C-1") do not parse.
	 */
	char part[8];
	size_t n = strlen(name), plen;
	int octave, pc = -1, flat;

	if (n < 2 || n - 1 >= sizeof part)
		return -1;
	if (name[n - 1] < '0' || name[n - 1] > '9')
		return -1;
	octave = name[n - 1] - '0';
	plen = n - 1;
	memcpy(part, name, plen);
	part[plen] = '\0';
	flat = strchr(part, 'b') != NULL;
	for (size_t i = 0; i < plen; i++)
		if (part[i] == 'b')
			part[i] = '#';
	for (int i = 0; i < 12; i++)
		if (strcmp(part, pitch_class_names[i]) == 0)
			pc = i;
	if (pc < 0)
		return -1;
	if (flat && --pc < 0) {
		pc += 12;
		octave--;
	}
	return (octave + 1) * 12 + pc;
}

/*
 * The last tempo change at or before a point of the piece: tick, or ms
 * when by_ms (tempo[].ms set).  Binary search; n_tempo > 0.
 */
static size_t
tempo_before(const struct score *s, int by_ms, int64_t tick, double ms)
{
	size_t i = 0;

	for (size_t lo = 0, hi = s->n_tempo; lo < hi;) {
		size_t mid = lo + (hi - lo) / 2;

		if (by_ms ? s->tempo[mid].ms <= ms : s->tempo[mid].tick <= tick) {
			i = mid;
			lo = mid + 1;
		} else {
			hi = mid;
		}
	}
	return i;
}

double
score_tick_to_ms(const struct score *s, int64_t tick)
{
	double tpb = s->ticks_per_beat > 0 ? s->ticks_per_beat : 480;
	size_t i;

	if (s->n_tempo == 0)
		return (double)tick * 500.0 / tpb;
	i = tempo_before(s, 0, tick, 0);
	return s->tempo[i].ms +
	    (double)(tick - s->tempo[i].tick) * s->tempo[i].us_per_beat /
	    (1000.0 * tpb);
}

int64_t
score_ms_to_tick(const struct score *s, double ms)
{
	double tpb = s->ticks_per_beat > 0 ? s->ticks_per_beat : 480;
	size_t i;

	if (!(ms > 0))
		return 0;
	if (s->n_tempo == 0)
		return (int64_t)llround(ms * tpb / 500.0);
	i = tempo_before(s, 1, 0, ms);
	return s->tempo[i].tick + (int64_t)llround((ms - s->tempo[i].ms) *
	    1000.0 * tpb / s->tempo[i].us_per_beat);
}

void
score_note_times(struct score *s)
{
	double tpb = s->ticks_per_beat > 0 ? s->ticks_per_beat : 480;
	double end = 0;

	for (size_t i = 0; i < s->n_tempo; i++) {
		if (i == 0)
			s->tempo[i].ms = (double)s->tempo[0].tick * 500.0 / tpb;
		else
			s->tempo[i].ms = s->tempo[i - 1].ms +
			    (double)(s->tempo[i].tick - s->tempo[i - 1].tick) *
			    s->tempo[i - 1].us_per_beat / (1000.0 * tpb);
	}
	for (size_t i = 0; i < s->n_notes; i++) {
		struct note *n = &s->notes[i];
		double start = score_tick_to_ms(s, n->tick);
		double stop = score_tick_to_ms(s, n->tick + n->dur_ticks);

		n->start_ms = start;
		n->dur_ms = stop - start;
		if (stop > end)
			end = stop;
	}
	s->duration_ms = end;
}

static int
compare_tempo_events(const void *a, const void *b)
{
	const struct tempo_change *x = a, *y = b;

	/* Same tick: reading order, kept in ms until times are set. */
	return VB_CMP_BY(x, y, tick, ms);
}

int
score_set_tempo_map(struct score *s, struct tempo_change *ev, size_t n)
{
	struct tempo_change *map = malloc((n + 1) * sizeof *map);
	size_t m = 0;

	if (map == NULL)
		return -1;
	for (size_t i = 0; i < n; i++)
		ev[i].ms = (double)i;
	if (n > 1)
		qsort(ev, n, sizeof *ev, compare_tempo_events);
	if (n == 0 || ev[0].tick > 0)
		map[m++] = (struct tempo_change){ 0, 500000, 0 };
	for (size_t i = 0; i < n; i++) {
		if (m > 0 && map[m - 1].tick == ev[i].tick)
			m--;   /* the last change read at a tick wins */
		map[m++] = ev[i];
	}
	free(s->tempo);
	s->tempo = map;
	s->n_tempo = m;
	return 0;
}

/* Black keys, by pitch class. */
static const unsigned char is_black_key[12] = {
	0, 1, 0, 1, 0, 0, 1, 0, 1, 0, 1, 0,
};

void
score_spell_from_keys(struct score *s)
{
	for (size_t i = 0; i < s->n_notes; i++) {
		struct note *n = &s->notes[i];
		int sf = 0;
		int64_t at = -1;

		/* The key in force: the latest at or before the note (a few
		 * key signatures at most: a scan is enough). */
		for (size_t k = 0; k < s->n_keys; k++)
			if (s->keys[k].tick <= n->tick && s->keys[k].tick >= at) {
				at = s->keys[k].tick;
				sf = s->keys[k].sf;
			}
		n->alter = is_black_key[((n->pitch % 12) + 12) % 12] ?
		    (sf < 0 ? -1 : 1) : 0;
	}
}
