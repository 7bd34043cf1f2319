/*
 * fuzz_export_midi.c - the MIDI exporter on scores no loader would make:
 * the input's bytes are a score (ticks per quarter up to 2^31, notes at
 * ticks up to 2^53, durations, channels, a tempo map) and an arrangement
 * (up to 300 players, each holding a set of pitches).  Every export must
 * either be refused with a code or be a file that our loader reads back
 * with the same number of notes (each note once per player holding its
 * pitch, plus the Unassigned ones), a division under 32768 and as many
 * tracks as players + tempo (+ Unassigned).
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/daemon.h"
#include "export/export.h"
#include "methods/export_params.h"
#include "music/loaders.h"
#include "music/score.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

struct reader {
	const uint8_t *p, *end;
};

static uint64_t
take(struct reader *r, int bytes)
{
	uint64_t v = 0;

	for (int i = 0; i < bytes; i++)
		v = v << 8 | (r->p < r->end ? *r->p++ : 0);
	return v;
}

static struct score *
make_score(struct reader *r)
{
	struct score *s = score_new();
	size_t n = take(r, 1) * 4 + take(r, 1) % 4;
	int big = (int)take(r, 1);

	s->ticks_per_beat = (int)(take(r, 4) & 0x7fffffff);
	if (s->ticks_per_beat == 0)
		s->ticks_per_beat = 480;
	s->notes = calloc(n + 1, sizeof *s->notes);
	s->n_notes = n;
	for (size_t i = 0; i < n; i++) {
		struct note *nt = &s->notes[i];
		/* Mostly small steps; some far jumps (up to 2^36, and
		 * rarely 2^53: filling a gap that long costs the whole
		 * 64 MiB before the size bound refuses it). */
		int64_t step = (big & 1) && i % 64 == 1 ?
		    (int64_t)(take(r, 5) >> 4) :
		    (int64_t)take(r, 2);

		if ((big & 0x1c) == 0x1c)
			step <<= 17;

		nt->tick = (i > 0 ? s->notes[i - 1].tick : 0) + step;
		if (nt->tick > ((int64_t)1 << 53))
			nt->tick = (int64_t)1 << 53;
		nt->dur_ticks = (int64_t)take(r, (big & 2) ? 4 : 1);
		nt->pitch = (int)(take(r, 1) & 0x7f);
		nt->channel = (int)(take(r, 1) & 0x0f);
		nt->velocity = (int)(take(r, 1) & 0x7f);
	}
	s->n_tempo = 1 + take(r, 1) % 4;
	s->tempo = calloc(s->n_tempo, sizeof *s->tempo);
	for (size_t i = 0; i < s->n_tempo; i++) {
		s->tempo[i].tick = i == 0 ? 0 : s->tempo[i - 1].tick +
		    (int64_t)(take(r, 6) >> 10);
		s->tempo[i].us_per_beat = (double)take(r, 3) + 1;
	}
	score_note_times(s);
	return s;
}

static json_t *
make_arrangement(struct reader *r, unsigned char owners[128])
{
	json_t *as = json_object();
	size_t players = take(r, 1) + (take(r, 1) & 1 ? 44 : 0);
	char name[32], bell[8];

	memset(owners, 0, 128);
	for (size_t i = 0; i < players; i++) {
		json_t *hand = json_array();
		unsigned char seen[128] = { 0 };
		int bells = (int)(take(r, 1) % 6);

		for (int b = 0; b < bells; b++) {
			int p = (int)(take(r, 1) & 0x7f);
			json_array_append_new(hand, json_string(
			    pitch_name(p, bell, sizeof bell)));
			/* Names of pitches 0-11 do not read back (C-1). */
			if (!seen[p] && pitch_from_name(bell) == p) {
				seen[p] = 1;
				owners[p]++;
			}
		}
		snprintf(name, sizeof name, "p%zu", i);
		json_object_set_new(as, name, json_pack("{s:o}", "left_hand",
		    hand));
	}
	return json_pack("{s:o}", "arrangement", as);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct reader r = { data, data + size };
	unsigned char owners[128];
	struct vb_limits limits;
	struct export_input in;
	struct vb_error err = { 0 };
	struct score *s = make_score(&r), *back;
	json_t *params = make_arrangement(&r, owners);
	size_t len = 0, want = 0;
	unsigned char *midi;

	/* No players is upstream's ERR_NO_DATA: nothing to export. */
	if (export_input_parse(params, &in, &err) < 0)
		goto out;
	in.generated = "2000-01-01 00:00:00";
	midi = export_midi(&in, s, &len, &err);
	if (midi == NULL) {
		if (err.code[0] == '\0')
			abort();
		goto out;
	}
	daemon_limits_default(&limits);
	limits.max_notes = 1u << 30;
	limits.max_tracks = 70000;
	struct load_options opt = { &limits, 1 };
	back = score_load_midi(midi, len, &opt, &err);
	if (back == NULL || back->ticks_per_beat > 32767 ||
	    back->ticks_per_beat < 1)
		abort();
	for (size_t i = 0; i < s->n_notes; i++)
		want += owners[s->notes[i].pitch] ? owners[s->notes[i].pitch] : 1;
	if (back->n_notes != want)
		abort();
	score_free(back);
	free(midi);
out:
	json_decref(params);
	score_free(s);
	return 0;
}
