/*
 * test_export_midi.c - the per-ringer MIDI export read back: a tempo
 * track with the original tempo map; one track per ringer, named after
 * them, holding exactly the notes of their bells (tick, duration,
 * channel, velocity); an "Unassigned" track for the rest; all together
 * the original notes.
 */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <smf.h>

#include "testlib.h"
#include "export/export.h"
#include "methods/export_params.h"
#include "music/score.h"
#include "music/loaders.h"
#include "core/daemon.h"

struct got_note {
	int pitch, channel, velocity;
	int64_t tick, dur;
};

struct got_track {
	char name[64];
	struct got_note notes[32];
	size_t n;
	int tempo_ticks[8];
	long tempo_us[8];
	size_t n_tempo;
};

/* pitch, tick, dur, channel, velocity */
static const int spec[][5] = {
	{ 60, 0, 480, 0, 100 },
	{ 64, 0, 480, 0, 90 },
	{ 67, 480, 480, 1, 80 },
	{ 60, 960, 240, 0, 70 },
	{ 60, 1200, 240, 0, 71 },   /* struck again as the last one ends */
	{ 62, 1440, 0, 1, 60 },     /* a grace note: zero length */
	{ 69, 1440, 480, 2, 50 },   /* in nobody's bells */
	{ 64, 1920, 960, 0, 40 },
};
#define N_SPEC (sizeof spec / sizeof spec[0])

static struct score *
make_score(void)
{
	struct score *s = score_new();

	s->ticks_per_beat = 480;
	s->n_notes = N_SPEC;
	s->notes = calloc(N_SPEC, sizeof *s->notes);
	for (size_t i = 0; i < N_SPEC; i++) {
		s->notes[i].pitch = spec[i][0];
		s->notes[i].tick = spec[i][1];
		s->notes[i].dur_ticks = spec[i][2];
		s->notes[i].channel = spec[i][3];
		s->notes[i].velocity = spec[i][4];
	}
	s->n_tempo = 2;
	s->tempo = calloc(2, sizeof *s->tempo);
	s->tempo[0].tick = 0;
	s->tempo[0].us_per_beat = 500000;
	s->tempo[1].tick = 960;
	s->tempo[1].us_per_beat = 400000;
	score_note_times(s);
	return s;
}

/* Reads one track: its name, tempo events, notes (FIFO per pitch). */
static void
read_track(smf_track_t *t, struct got_track *g)
{
	size_t open[128][8], n_open[128] = { 0 };

	memset(g, 0, sizeof *g);
	for (int i = 1; i <= t->number_of_events; i++) {
		smf_event_t *ev = smf_track_get_event_by_number(t, i);
		unsigned char *b = ev->midi_buffer;
		if (b[0] == 0xff && b[1] == 0x03) {
			char *text = smf_event_extract_text(ev);
			snprintf(g->name, sizeof g->name, "%s", text);
			free(text);
		} else if (b[0] == 0xff && b[1] == 0x51) {
			g->tempo_ticks[g->n_tempo] = ev->time_pulses;
			g->tempo_us[g->n_tempo++] = (b[3] << 16) | (b[4] << 8) | b[5];
		} else if ((b[0] & 0xf0) == 0x90 && b[2] > 0) {
			struct got_note *n = &g->notes[g->n];
			*n = (struct got_note){ b[1], b[0] & 0x0f, b[2],
			    ev->time_pulses, -1 };
			open[b[1]][n_open[b[1]]++] = g->n++;
		} else if ((b[0] & 0xf0) == 0x80 || (b[0] & 0xf0) == 0x90) {
			ck_assert_uint_gt(n_open[b[1]], 0);
			struct got_note *n = &g->notes[open[b[1]][0]];
			memmove(open[b[1]], open[b[1]] + 1,
			    --n_open[b[1]] * sizeof open[0][0]);
			n->dur = ev->time_pulses - n->tick;
		}
	}
	for (int p = 0; p < 128; p++)
		ck_assert_uint_eq(n_open[p], 0);
}

/* The track holds exactly the spec notes whose pitch is in pitches. */
static void
assert_notes(const struct got_track *g, const int *pitches, size_t np)
{
	size_t want = 0;

	for (size_t i = 0; i < N_SPEC; i++) {
		int mine = 0;
		for (size_t k = 0; k < np; k++)
			mine |= spec[i][0] == pitches[k];
		if (!mine)
			continue;
		want++;
		int found = 0;
		for (size_t j = 0; j < g->n; j++) {
			const struct got_note *n = &g->notes[j];
			if (n->pitch == spec[i][0] && n->tick == spec[i][1] &&
			    n->dur == spec[i][2] && n->channel == spec[i][3] &&
			    n->velocity == spec[i][4])
				found = 1;
		}
		ck_assert_msg(found, "%s: note %d at %d missing", g->name,
		    spec[i][0], spec[i][1]);
	}
	ck_assert_uint_eq(g->n, want);
}

static unsigned char *
export_with(const char *arrangement, const struct score *s, size_t *len)
{
	json_t *params = json_pack("{s:o}", "arrangement",
	    json_loads(arrangement, 0, NULL));
	struct export_input in;
	struct vb_error err = { 0 };

	ck_assert_int_eq(export_input_parse(params, &in, &err), 0);
	in.generated = "2000-01-02 03:04:05";
	unsigned char *midi = export_midi(&in, s, len, &err);
	ck_assert_msg(midi != NULL, "%s", err.message);
	json_decref(params);
	return midi;
}

START_TEST(one_track_per_ringer)
{
	struct score *s = make_score();
	size_t len = 0;
	unsigned char *midi = export_with(
	    "{\"assignments\":{"
	    "\"Alice\":{\"bells\":[\"C4\",\"E4\"],\"left_hand\":[\"C4\"],\"right_hand\":[\"E4\"]},"
	    "\"Bob\":{\"bells\":[\"G4\",\"D4\"],\"left_hand\":[\"G4\"],\"right_hand\":[\"D4\"]},"
	    "\"Zoë, idle\":{\"bells\":[\"B7\"],\"left_hand\":[\"B7\"],\"right_hand\":[]}}}",
	    s, &len);
	struct got_track g;
	static const int alice[] = { 60, 64 }, bob[] = { 67, 62 }, rest[] = { 69 };

	ck_assert_int_eq(memcmp(midi, "MThd", 4), 0);
	smf_t *smf = smf_load_from_memory(midi, (int)len);
	ck_assert_ptr_nonnull(smf);
	ck_assert_int_eq(smf->format, 1);
	ck_assert_int_eq(smf->ppqn, 480);
	ck_assert_int_eq(smf->number_of_tracks, 5);

	read_track(smf_get_track_by_number(smf, 1), &g);
	ck_assert_uint_eq(g.n, 0);
	ck_assert_uint_eq(g.n_tempo, 2);
	ck_assert_int_eq(g.tempo_ticks[0], 0);
	ck_assert_int_eq(g.tempo_us[0], 500000);
	ck_assert_int_eq(g.tempo_ticks[1], 960);
	ck_assert_int_eq(g.tempo_us[1], 400000);

	read_track(smf_get_track_by_number(smf, 2), &g);
	ck_assert_str_eq(g.name, "Alice");
	assert_notes(&g, alice, 2);
	read_track(smf_get_track_by_number(smf, 3), &g);
	ck_assert_str_eq(g.name, "Bob");
	assert_notes(&g, bob, 2);
	read_track(smf_get_track_by_number(smf, 4), &g);
	ck_assert_str_eq(g.name, "Zoë, idle");
	ck_assert_uint_eq(g.n, 0);
	read_track(smf_get_track_by_number(smf, 5), &g);
	ck_assert_str_eq(g.name, "Unassigned");
	assert_notes(&g, rest, 1);

	smf_delete(smf);
	free(midi);
	score_free(s);
}
END_TEST

START_TEST(no_unassigned_track_when_all_rung)
{
	struct score *s = make_score();
	size_t len = 0;
	unsigned char *midi = export_with(
	    "{\"Solo\":{\"left_hand\":[\"C4\",\"D4\",\"E4\"],\"right_hand\":[\"G4\",\"A4\"]}}",
	    s, &len);
	struct got_track g;
	static const int all[] = { 60, 62, 64, 67, 69 };

	smf_t *smf = smf_load_from_memory(midi, (int)len);
	ck_assert_ptr_nonnull(smf);
	ck_assert_int_eq(smf->number_of_tracks, 2);
	read_track(smf_get_track_by_number(smf, 2), &g);
	ck_assert_str_eq(g.name, "Solo");
	assert_notes(&g, all, 5);
	smf_delete(smf);
	free(midi);
	score_free(s);
}
END_TEST

/*
 * Through the daemon's own loader: the hymn from the corpus, its pitches
 * dealt round-robin to three ringers, exported and re-loaded.  Each
 * ringer's track holds exactly the notes of their bells (pitch, tick,
 * length), and the tracks together give back every original note.
 */
static int
cmp_note(const void *a, const void *b)
{
	const struct note *x = a, *y = b;

	if (x->tick != y->tick)
		return x->tick < y->tick ? -1 : 1;
	if (x->pitch != y->pitch)
		return x->pitch - y->pitch;
	return (x->dur_ticks > y->dur_ticks) - (x->dur_ticks < y->dur_ticks);
}

START_TEST(reloads_through_the_loader)
{
	static const char *const ringers[] = { "Ann", "Ben", "Cy" };
	struct vb_limits limits;
	struct load_options opt = { &limits, 0 };
	struct vb_error err = { 0 };
	char name[16];
	unsigned char *file, *midi;
	size_t flen, len = 0, total = 0;
	struct score *orig, *back;
	json_t *assign = json_object();
	int owner[128];

	daemon_limits_default(&limits);
	file = test_read_corpus("upstream-o-for-a-thousand-tongues.mid", &flen);
	orig = score_load_midi(file, flen, &opt, &err);
	ck_assert_msg(orig != NULL, "%s", err.message);
	for (size_t r = 0; r < 3; r++)
		json_object_set_new(assign, ringers[r], json_pack("{s:[], s:[], s:[]}",
		    "bells", "left_hand", "right_hand"));
	memset(owner, -1, sizeof owner);
	for (size_t i = 0; i < orig->n_unique; i++) {
		int p = orig->unique_pitches[i];
		json_t *pl = json_object_get(assign, ringers[i % 3]);

		owner[p] = (int)(i % 3);
		pitch_name(p, name, sizeof name);
		json_array_append_new(json_object_get(pl, "bells"), json_string(name));
		json_array_append_new(json_object_get(pl, i % 2 ? "left_hand" :
		    "right_hand"), json_string(name));
	}
	json_t *arr = json_pack("{s:o}", "assignments", assign);
	char *text = json_dumps(arr, 0);
	json_decref(arr);
	midi = export_with(text, orig, &len);
	free(text);

	back = score_load_midi(midi, len, &opt, &err);
	ck_assert_msg(back != NULL, "%s", err.message);
	ck_assert_uint_eq(back->n_notes, orig->n_notes);
	ck_assert_int_eq(back->ticks_per_beat, orig->ticks_per_beat);
	for (size_t r = 0; r < 3; r++) {
		/* Track 0 is the tempo track; ringers follow in order. */
		struct note *want = calloc(orig->n_notes, sizeof *want);
		struct note *got = calloc(back->n_notes, sizeof *got);
		size_t nw = 0, ng = 0;

		ck_assert_str_eq(back->tracks[r + 1].name, ringers[r]);
		for (size_t i = 0; i < orig->n_notes; i++)
			if (owner[orig->notes[i].pitch] == (int)r)
				want[nw++] = orig->notes[i];
		for (size_t i = 0; i < back->n_notes; i++)
			if (back->notes[i].track == (int)r + 1)
				got[ng++] = back->notes[i];
		ck_assert_uint_eq(ng, nw);
		qsort(want, nw, sizeof *want, cmp_note);
		qsort(got, ng, sizeof *got, cmp_note);
		for (size_t i = 0; i < nw; i++) {
			ck_assert_int_eq(got[i].pitch, want[i].pitch);
			ck_assert_int_eq(got[i].tick, want[i].tick);
			ck_assert_int_eq(got[i].dur_ticks, want[i].dur_ticks);
		}
		total += ng;
		free(want);
		free(got);
	}
	ck_assert_uint_eq(total, orig->n_notes);
	ck_assert_double_eq_tol(back->duration_ms, orig->duration_ms, 1e-6);
	score_free(back);
	score_free(orig);
	free(midi);
	free(file);
}
END_TEST

/*
 * Bounds that made libsmf abort the daemon (issue 17), each now a valid
 * file read back by libsmf and by our loader: two notes of one ringer
 * 0x1FFFFFE0 ticks apart (over one delta's 0x0FFFFFFF), a tempo change
 * past 2^31 ticks.
 */
START_TEST(long_gaps_bridged)
{
	struct score *s = make_score();
	struct vb_limits limits;
	struct load_options opt = { &limits, 0 };
	struct vb_error err = { 0 };
	struct got_track g;
	size_t len = 0;
	unsigned char *midi;
	struct score *back;

	daemon_limits_default(&limits);
	s->notes[7].tick = 0x1FFFFFE0;           /* E4, far after the rest */
	score_note_times(s);
	midi = export_with("{\"A\":{\"left_hand\":[\"E4\"]}}", s, &len);
	smf_t *smf = smf_load_from_memory(midi, (int)len);
	ck_assert_ptr_nonnull(smf);
	read_track(smf_get_track_by_number(smf, 2), &g);
	ck_assert_uint_eq(g.n, 2);
	ck_assert_int_eq(g.notes[1].tick, 0x1FFFFFE0);
	ck_assert_int_eq(g.notes[1].dur, 960);
	smf_delete(smf);
	free(midi);
	/* libsmf counts ticks in an int: past 2^31 only our loader reads. */
	s->tempo[1].tick = (int64_t)3 << 30;
	score_note_times(s);
	midi = export_with("{\"A\":{\"left_hand\":[\"E4\"]}}", s, &len);
	back = score_load_midi(midi, len, &opt, &err);
	ck_assert_msg(back != NULL, "%s", err.message);
	ck_assert_uint_eq(back->n_notes, s->n_notes);
	ck_assert_int_eq(back->tempo[1].tick, (int64_t)3 << 30);
	int found = 0;
	for (size_t i = 0; i < back->n_notes; i++)
		found |= back->notes[i].tick == 0x1FFFFFE0 &&
		    back->notes[i].pitch == 64;
	ck_assert(found);
	score_free(back);
	free(midi);
	score_free(s);
}
END_TEST

/* MusicXML's LCM of divisions (1024 and 10080: 322,560) is over the
 * 32767 a file's division holds: the largest whole fraction that fits
 * (322560 / 10 = 32256), positions rounded to it. */
START_TEST(division_over_32767_rescaled)
{
	struct score *s = make_score();
	size_t len = 0;
	unsigned char *midi;

	s->ticks_per_beat = 322560;
	for (size_t i = 0; i < s->n_notes; i++) {
		s->notes[i].tick *= 672;           /* 480 -> 322560 per beat */
		s->notes[i].dur_ticks *= 672;
	}
	s->notes[0].dur_ticks = 3;             /* shorter than one file tick */
	midi = export_with("{\"A\":{\"left_hand\":[\"C4\",\"G4\"]}}", s, &len);
	smf_t *smf = smf_load_from_memory(midi, (int)len);
	struct got_track g;
	ck_assert_ptr_nonnull(smf);
	ck_assert_int_eq(smf->ppqn, 32256);
	read_track(smf_get_track_by_number(smf, 2), &g);
	ck_assert_uint_eq(g.n, 4);
	ck_assert_int_eq(g.notes[0].dur, 1);   /* kept a length */
	ck_assert_int_eq(g.notes[1].tick, 480 * 672 / 10);
	smf_delete(smf);
	free(midi);
	score_free(s);
}
END_TEST

/* 65,535 tracks or more (players + tempo + Unassigned) cannot be said in
 * a 16-bit count; the same bells listed for many players is bounded by
 * the file size. */
START_TEST(too_many_tracks_or_events_refused)
{
	struct score *s = make_score();
	json_t *as = json_object(), *params;
	struct export_input in;
	struct vb_error err = { 0 };
	char name[16];
	size_t len;

	for (int i = 0; i < 65534; i++) {
		snprintf(name, sizeof name, "p%d", i);
		json_object_set_new(as, name, json_pack("{s:[s]}", "left_hand",
		    "C4"));
	}
	params = json_pack("{s:o}", "arrangement", as);
	ck_assert_int_eq(export_input_parse(params, &in, &err), 0);
	ck_assert_ptr_null(export_midi(&in, s, &len, &err));
	ck_assert_str_eq(err.code, "ERR_EXPORT_FAILED");
	ck_assert_int_eq(err.rpc_code, RPC_APP_ERROR);
	ck_assert_ptr_nonnull(strstr(err.message, "65535 tracks"));
	json_decref(params);
	score_free(s);
}
END_TEST

static Suite *
export_midi_suite(void)
{
	Suite *s = suite_create("export_midi");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, one_track_per_ringer);
	tcase_add_test(tc, reloads_through_the_loader);
	tcase_add_test(tc, no_unassigned_track_when_all_rung);
	tcase_add_test(tc, long_gaps_bridged);
	tcase_add_test(tc, division_over_32767_rescaled);
	tcase_add_test(tc, too_many_tracks_or_events_refused);
	suite_add_tcase(s, tc);
	return s;
}

VB_TEST_MAIN(export_midi_suite)
