/*
 * engine_smf.c - a test-only Standard MIDI File reader that fills a
 * struct score the way upstream's midi_parser.py reads a file (notes
 * matched per (track, pitch), appended at their note-off, open notes
 * last, the last set-tempo for the whole piece), so engine tests can run
 * on corpus files before and independently of the real loader.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "engine_smf.h"
#include "testlib.h"

static uint32_t
be(const unsigned char *p, int n)
{
	uint32_t v = 0;

	while (n-- > 0)
		v = v << 8 | *p++;
	return v;
}

static int
varlen(const unsigned char *p, size_t end, size_t *pos, uint32_t *out)
{
	uint32_t v = 0;

	for (int i = 0; i < 4 && *pos < end; i++) {
		unsigned char c = p[(*pos)++];

		v = v << 7 | (c & 0x7f);
		if (!(c & 0x80)) {
			*out = v;
			return 0;
		}
	}
	return -1;
}

struct open_note {
	int track, pitch, velocity;
	int64_t tick;
	long seq;
	int used;
};

static void
push_note(struct score *s, size_t *cap, int pitch, int vel, int64_t tick,
    int64_t dur, int track)
{
	if (s->n_notes == *cap) {
		*cap = *cap ? *cap * 2 : 256;
		s->notes = realloc(s->notes, *cap * sizeof *s->notes);
	}
	memset(&s->notes[s->n_notes], 0, sizeof s->notes[0]);
	s->notes[s->n_notes].pitch = pitch;
	s->notes[s->n_notes].velocity = vel;
	s->notes[s->n_notes].tick = tick;
	s->notes[s->n_notes].dur_ticks = dur < 1 ? 1 : dur;
	s->notes[s->n_notes].track = track;
	s->n_notes++;
}

static int
cmp_seq(const void *a, const void *b)
{
	const struct open_note *x = a, *y = b;

	return (x->seq > y->seq) - (x->seq < y->seq);
}

struct score *
engine_smf_load(const char *path)
{
	size_t got = 0;
	unsigned char *b = test_read_file(path, &got);
	long len = b != NULL ? (long)got : -1;
	struct score *s = NULL;
	struct open_note *open = NULL;
	size_t n_open = 0, cap_open = 0, cap = 0;
	long seq = 0;
	double us = 500000;
	size_t pos;
	int ntrk;

	if (len < 14 || memcmp(b, "MThd", 4) != 0)
		goto fail;
	s = score_new();
	ntrk = (int)be(b + 10, 2);
	s->ticks_per_beat = (int)be(b + 12, 2);
	pos = 8 + be(b + 4, 4);
	for (int trk = 0; trk < ntrk && pos + 8 <= (size_t)len; trk++) {
		size_t end = pos + 8 + be(b + pos + 4, 4), p = pos + 8;
		int64_t tick = 0;
		int status = 0;

		if (end > (size_t)len)
			end = (size_t)len;
		while (p < end) {
			uint32_t dt, l = 0;
			int st;

			if (varlen(b, end, &p, &dt) != 0)
				break;
			tick += dt;
			st = b[p] & 0x80 ? b[p++] : status;
			if (st == 0xff) {
				int type = b[p++];

				varlen(b, end, &p, &l);
				if (type == 0x51 && l == 3)
					us = be(b + p, 3);
				p += l;
				continue;
			}
			if (st == 0xf0 || st == 0xf7) {
				varlen(b, end, &p, &l);
				p += l;
				continue;
			}
			status = st;
			{
				int hi = st & 0xf0, d1 = b[p], d2 = 0;

				if (hi == 0xc0 || hi == 0xd0) {
					p += 1;
					continue;
				}
				d2 = b[p + 1];
				p += 2;
				if (hi == 0x90 && d2 > 0) {
					size_t k;

					for (k = 0; k < n_open; k++)
						if (open[k].used &&
						    open[k].track == trk &&
						    open[k].pitch == d1)
							break;
					if (k == n_open) {
						if (n_open == cap_open) {
							cap_open = cap_open ?
							    2 * cap_open : 64;
							open = realloc(open,
							    cap_open * sizeof *open);
						}
						open[n_open++] = (struct open_note){
						    trk, d1, d2, tick, seq++, 1 };
					} else {
						open[k].velocity = d2;
						open[k].tick = tick;
					}
				} else if (hi == 0x80 || hi == 0x90) {
					for (size_t k = 0; k < n_open; k++) {
						if (open[k].used &&
						    open[k].track == trk &&
						    open[k].pitch == d1) {
							push_note(s, &cap, d1,
							    open[k].velocity,
							    open[k].tick,
							    tick - open[k].tick,
							    trk);
							open[k].used = 0;
							break;
						}
					}
				}
			}
		}
		pos = end;
	}
	qsort(open, n_open, sizeof *open, cmp_seq);
	for (size_t k = 0; k < n_open; k++)
		if (open[k].used)
			push_note(s, &cap, open[k].pitch, open[k].velocity,
			    open[k].tick, 1, open[k].track);
	free(open);
	free(b);
	/*
	 * Upstream times every note with int(60e6 / us) bpm, the last
	 * tempo truncated to an integer.  The real loader keeps the exact
	 * tempo map (a deliberate improvement); this reader applies
	 * upstream's integer tempo, so engine results compare with
	 * upstream's own output bit for bit on any file.
	 */
	s->tempo = calloc(1, sizeof *s->tempo);
	s->tempo_bpm = (int)(60000000.0 / us);
	s->tempo[0].us_per_beat = 60000000.0 / s->tempo_bpm;
	s->n_tempo = 1;
	score_note_times(s);
	score_analyse(s);
	return s;
fail:
	free(b);
	score_free(s);
	return NULL;
}
