/* test_score.c - the score model: names, tempo map, melody/harmony. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "testlib.h"
#include "music/score.h"

static struct score *
make_score(const int (*spec)[3], size_t n)
{
	/* spec rows: pitch, tick, dur_ticks */
	struct score *s = score_new();

	ck_assert_ptr_nonnull(s);
	s->ticks_per_beat = 480;
	s->notes = calloc(n, sizeof *s->notes);
	s->n_notes = n;
	for (size_t i = 0; i < n; i++) {
		s->notes[i].pitch = spec[i][0];
		s->notes[i].tick = spec[i][1];
		s->notes[i].dur_ticks = spec[i][2];
	}
	return s;
}

START_TEST(names_round_trip)
{
	char buf[8];

	ck_assert_str_eq(pitch_name(60, buf, sizeof buf), "C4");
	ck_assert_str_eq(pitch_name(61, buf, sizeof buf), "C#4");
	ck_assert_str_eq(pitch_name(21, buf, sizeof buf), "A0");
	ck_assert_str_eq(pitch_name(0, buf, sizeof buf), "C-1");
	ck_assert_str_eq(pitch_name(127, buf, sizeof buf), "G9");
	for (int p = 12; p < 120; p++)
		ck_assert_int_eq(pitch_from_name(pitch_name(p, buf, sizeof buf)),
		    p);
	/* The hand-written fast path agrees with printf on and past its
	 * edges (Python floor division below zero). */
	for (int p = -30; p < 160; p++) {
		static const char *const pc_names[12] = { "C", "C#", "D",
		    "D#", "E", "F", "F#", "G", "G#", "A", "A#", "B" };
		int pc = ((p % 12) + 12) % 12;
		char want[16];

		snprintf(want, sizeof want, "%s%d", pc_names[pc],
		    (p - pc) / 12 - 1);
		ck_assert_str_eq(pitch_name(p, buf, sizeof buf), want);
	}
}
END_TEST

START_TEST(names_keep_upstream_quirks)
{
	ck_assert_int_eq(pitch_from_name("Db4"), 62);  /* upstream: D, not C# */
	ck_assert_int_eq(pitch_from_name("Cb4"), 60);  /* "C#" lowered: C4 */
	ck_assert_int_eq(pitch_from_name("C-1"), -1);  /* 0..11 unparseable */
	ck_assert_int_eq(pitch_from_name("H4"), -1);
	ck_assert_int_eq(pitch_from_name("C"), -1);
	ck_assert_int_eq(pitch_from_name(""), -1);
	ck_assert_int_eq(pitch_from_name("C#x"), -1);
}
END_TEST

START_TEST(melody_is_top_of_each_onset)
{
	static const int spec[][3] = {
		{ 60, 0, 480 }, { 64, 0, 480 }, { 67, 0, 480 },
		{ 62, 480, 480 },
		{ 67, 960, 480 }, { 67, 960, 480 }, { 55, 960, 480 },
	};
	struct score *s = make_score(spec, 7);

	score_analyse(s);
	ck_assert_uint_eq(s->n_unique, 5);
	ck_assert_int_eq(s->unique_pitches[0], 55);
	ck_assert_int_eq(s->unique_pitches[4], 67);
	ck_assert_uint_eq(s->n_melody, 2);
	ck_assert_int_eq(s->melody_pitches[0], 62);
	ck_assert_int_eq(s->melody_pitches[1], 67);
	/* The doubled 67 at tick 960 is harmony too, as upstream. */
	ck_assert_uint_eq(s->n_harmony, 4);
	ck_assert_int_eq(s->harmony_pitches[0], 55);
	ck_assert_int_eq(s->harmony_pitches[3], 67);
	ck_assert_uint_eq(s->note_frequency[67], 3);
	score_free(s);
}
END_TEST

START_TEST(tempo_map_times)
{
	static const int spec[][3] = {
		{ 60, 0, 480 }, { 62, 960, 960 }, { 64, 1920, 480 },
	};
	struct score *s = make_score(spec, 3);

	/* 120 bpm, then 60 bpm from beat 2 (tick 960). */
	s->tempo = calloc(2, sizeof *s->tempo);
	s->n_tempo = 2;
	s->tempo[0] = (struct tempo_change){ 0, 500000, 0 };
	s->tempo[1] = (struct tempo_change){ 960, 1000000, 0 };
	score_note_times(s);
	ck_assert_double_eq_tol(s->tempo[1].ms, 1000, 1e-9);
	ck_assert_double_eq_tol(s->notes[0].dur_ms, 500, 1e-9);
	ck_assert_double_eq_tol(s->notes[1].start_ms, 1000, 1e-9);
	ck_assert_double_eq_tol(s->notes[1].dur_ms, 2000, 1e-9);
	ck_assert_double_eq_tol(s->notes[2].start_ms, 3000, 1e-9);
	ck_assert_double_eq_tol(s->duration_ms, 4000, 1e-9);
	ck_assert_double_eq_tol(score_tick_to_ms(s, 480), 250 * 2, 1e-9);
	score_free(s);
}
END_TEST

START_TEST(no_tempo_is_120_bpm)
{
	static const int spec[][3] = { { 60, 480, 240 } };
	struct score *s = make_score(spec, 1);

	score_note_times(s);
	ck_assert_double_eq_tol(s->notes[0].start_ms, 500, 1e-9);
	ck_assert_double_eq_tol(s->notes[0].dur_ms, 250, 1e-9);
	score_free(s);
}
END_TEST

static Suite *
score_suite(void)
{
	Suite *su = suite_create("score");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, names_round_trip);
	tcase_add_test(tc, names_keep_upstream_quirks);
	tcase_add_test(tc, melody_is_top_of_each_onset);
	tcase_add_test(tc, tempo_map_times);
	tcase_add_test(tc, no_tempo_is_120_bpm);
	suite_add_tcase(su, tc);
	return su;
}

VB_TEST_MAIN(score_suite)
