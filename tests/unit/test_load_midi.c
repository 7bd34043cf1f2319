/*
 * test_load_midi.c - the MIDI loader on small files built byte by byte in
 * the tests (every rule and every refusal), and on the bundled corpus.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "testlib.h"
#include "core/daemon.h"
#include "music/loaders.h"

/* A growing byte buffer for building files. */
struct bytes {
	unsigned char d[8192];
	size_t n;
};

static void
put(struct bytes *b, const void *p, size_t n)
{
	ck_assert_uint_le(b->n + n, sizeof b->d);
	memcpy(b->d + b->n, p, n);
	b->n += n;
}

static void
put_be(struct bytes *b, unsigned long v, int width)
{
	for (int i = width - 1; i >= 0; i--) {
		unsigned char c = (unsigned char)(v >> (8 * i));
		put(b, &c, 1);
	}
}

static void
put_vlq(struct bytes *b, unsigned long v)
{
	unsigned char tmp[5];
	int n = 0;

	tmp[n++] = v & 0x7f;
	while ((v >>= 7) != 0)
		tmp[n++] = 0x80 | (v & 0x7f);
	while (n > 0)
		put(b, &tmp[--n], 1);
}

/* An event: delta, then raw bytes. */
static void
ev(struct bytes *t, unsigned long delta, int n, ...)
{
	va_list ap;

	put_vlq(t, delta);
	va_start(ap, n);
	for (int i = 0; i < n; i++) {
		unsigned char c = (unsigned char)va_arg(ap, int);
		put(t, &c, 1);
	}
	va_end(ap);
}

static void
header(struct bytes *f, int format, int ntracks, int division)
{
	put(f, "MThd", 4);
	put_be(f, 6, 4);
	put_be(f, (unsigned)format, 2);
	put_be(f, (unsigned)ntracks, 2);
	put_be(f, (unsigned)division, 2);
}

static void
track(struct bytes *f, const struct bytes *t, int end_of_track)
{
	put(f, "MTrk", 4);
	put_be(f, t->n + (end_of_track ? 4 : 0), 4);
	put(f, t->d, t->n);
	if (end_of_track)
		put(f, "\x00\xff\x2f\x00", 4);
}

static struct vb_limits limits;
static struct vb_error err;

static struct score *
load(const struct bytes *f, int percussion)
{
	struct load_options opt = { &limits, percussion };

	vb_error_clear(&err);
	return score_load_midi(f->d, f->n, &opt, &err);
}

static void
setup(void)
{
	daemon_limits_default(&limits);
}

START_TEST(format0_notes_and_times)
{
	struct bytes f = {0}, t = {0};
	struct score *s;

	header(&f, 0, 1, 480);
	ev(&t, 0, 6, 0xff, 0x51, 0x03, 0x07, 0xa1, 0x20);   /* 500000 us */
	ev(&t, 0, 5, 0xff, 0x03, 0x02, 'P', 'f');          /* track name */
	ev(&t, 0, 3, 0x90, 60, 100);
	ev(&t, 0, 2, 64, 90);                /* running status: note-on E4 */
	ev(&t, 480, 3, 0x80, 60, 0);
	ev(&t, 0, 3, 0x90, 64, 0);           /* velocity 0 = note-off */
	track(&f, &t, 1);
	s = load(&f, 0);
	ck_assert_ptr_nonnull(s);
	ck_assert_uint_eq(s->n_notes, 2);
	/* Upstream order: appended at note-off. */
	ck_assert_int_eq(s->notes[0].pitch, 60);
	ck_assert_int_eq(s->notes[1].pitch, 64);
	ck_assert_int_eq(s->notes[1].velocity, 90);
	ck_assert_int_eq(s->notes[0].dur_ticks, 480);
	ck_assert_double_eq_tol(s->notes[0].dur_ms, 500, 1e-9);
	ck_assert_int_eq(s->ticks_per_beat, 480);
	ck_assert_int_eq(s->tempo_bpm, 120);
	ck_assert_str_eq(s->tracks[0].name, "Pf");
	ck_assert_uint_eq(s->tracks[0].note_count, 2);
	ck_assert_uint_eq(s->n_melody, 1);    /* E4 over C4 */
	ck_assert_int_eq(s->melody_pitches[0], 64);
	score_free(s);
}
END_TEST

START_TEST(fifo_matching_and_open_notes)
{
	struct bytes f = {0}, t = {0};
	struct score *s;

	header(&f, 1, 1, 96);
	ev(&t, 0, 3, 0x90, 60, 80);    /* C4 #1 at 0 */
	ev(&t, 48, 3, 0x90, 60, 81);   /* C4 #2 at 48, #1 still sounding */
	ev(&t, 48, 3, 0x80, 60, 0);    /* ends #1 (first in) at 96 */
	ev(&t, 48, 3, 0x80, 60, 0);    /* ends #2 at 144 */
	ev(&t, 0, 3, 0x90, 62, 70);    /* D4 never ends */
	ev(&t, 0, 3, 0x90, 59, 70);    /* B3 never ends */
	ev(&t, 10, 3, 0x80, 61, 0);    /* an off without an on: ignored */
	track(&f, &t, 1);
	s = load(&f, 0);
	ck_assert_ptr_nonnull(s);
	ck_assert_uint_eq(s->n_notes, 4);
	ck_assert_int_eq(s->notes[0].tick, 0);
	ck_assert_int_eq(s->notes[0].dur_ticks, 96);
	ck_assert_int_eq(s->notes[0].velocity, 80);
	ck_assert_int_eq(s->notes[1].tick, 48);
	ck_assert_int_eq(s->notes[1].dur_ticks, 96);
	/* Open notes last, in the order they started, 1 tick long. */
	ck_assert_int_eq(s->notes[2].pitch, 62);
	ck_assert_int_eq(s->notes[3].pitch, 59);
	ck_assert_int_eq(s->notes[3].dur_ticks, 1);
	score_free(s);
}
END_TEST

START_TEST(zero_length_note_lasts_one_tick)
{
	struct bytes f = {0}, t = {0};
	struct score *s;

	header(&f, 0, 1, 480);
	ev(&t, 0, 3, 0x90, 60, 80);
	ev(&t, 0, 3, 0x80, 60, 0);
	track(&f, &t, 1);
	s = load(&f, 0);
	ck_assert_int_eq(s->notes[0].dur_ticks, 1);
	score_free(s);
}
END_TEST

START_TEST(tempo_map_across_tracks)
{
	struct bytes f = {0}, t0 = {0}, t1 = {0};
	struct score *s;

	header(&f, 1, 2, 480);
	ev(&t0, 0, 6, 0xff, 0x51, 0x03, 0x07, 0xa1, 0x20);     /* 120 bpm */
	ev(&t0, 960, 6, 0xff, 0x51, 0x03, 0x0f, 0x42, 0x40);   /* 60 bpm */
	track(&f, &t0, 1);
	ev(&t1, 1440, 3, 0x90, 67, 64);   /* beat 3, in the 60 bpm part */
	ev(&t1, 480, 3, 0x80, 67, 0);
	track(&f, &t1, 1);
	s = load(&f, 0);
	ck_assert_ptr_nonnull(s);
	ck_assert_uint_eq(s->n_tempo, 2);
	ck_assert_double_eq_tol(s->notes[0].start_ms, 1000 + 1000, 1e-9);
	ck_assert_double_eq_tol(s->notes[0].dur_ms, 1000, 1e-9);
	ck_assert_double_eq_tol(s->duration_ms, 3000, 1e-9);
	/* Upstream's figure: the last set-tempo read. */
	ck_assert_int_eq(s->tempo_bpm, 60);
	ck_assert_uint_eq(s->tracks[0].note_count, 0);
	ck_assert_uint_eq(s->tracks[1].note_count, 1);
	score_free(s);
}
END_TEST

START_TEST(percussion_only_when_asked)
{
	struct bytes f = {0}, t = {0};
	struct score *s;

	header(&f, 0, 1, 480);
	ev(&t, 0, 3, 0x99, 36, 100);   /* channel 10 kick */
	ev(&t, 0, 3, 0x90, 72, 100);
	ev(&t, 240, 3, 0x89, 36, 0);
	ev(&t, 0, 3, 0x80, 72, 0);
	track(&f, &t, 1);
	s = load(&f, 0);
	ck_assert_uint_eq(s->n_notes, 1);
	ck_assert_int_eq(s->notes[0].pitch, 72);
	score_free(s);
	s = load(&f, 1);
	ck_assert_uint_eq(s->n_notes, 2);
	ck_assert_int_eq(s->notes[0].channel, 9);
	score_free(s);
}
END_TEST

/* Each damaged file: refused with the code, never a crash. */
static void
expect_refused(const struct bytes *f, const char *code)
{
	struct score *s = load(f, 0);

	ck_assert_ptr_null(s);
	ck_assert_str_eq(err.code, code);
	ck_assert(err.message[0] != '\0');
}

static void
simple_file(struct bytes *f)
{
	struct bytes t = {0};

	memset(f, 0, sizeof *f);
	header(f, 1, 1, 480);
	ev(&t, 0, 3, 0x90, 60, 80);
	ev(&t, 480, 3, 0x80, 60, 0);
	track(f, &t, 1);
}

START_TEST(truncated_at_every_byte)
{
	struct bytes f;

	simple_file(&f);
	for (size_t cut = 0; cut < f.n; cut++) {
		struct bytes g = f;
		struct score *s;

		g.n = cut;
		s = load(&g, 0);
		/* A cut inside the last track's events can still leave a
		 * well-formed prefix only if lengths agree: they never do. */
		ck_assert_msg(s == NULL, "cut at %zu was accepted", cut);
		ck_assert_str_eq(err.code, "ERR_MUSIC_PARSE");
	}
}
END_TEST

START_TEST(structural_refusals)
{
	struct bytes f, t;

	simple_file(&f);
	f.d[21] = 0xff;                         /* MTrk length beyond file */
	expect_refused(&f, "ERR_MUSIC_PARSE");

	memset(&f, 0, sizeof f);
	header(&f, 1, 0, 480);                  /* zero tracks */
	expect_refused(&f, "ERR_MUSIC_PARSE");

	memset(&f, 0, sizeof f);
	header(&f, 2, 1, 480);                  /* format 2 */
	expect_refused(&f, "ERR_MUSIC_PARSE");
	ck_assert_ptr_nonnull(strstr(err.message, "format 2"));

	simple_file(&f);
	f.d[12] = 0xe7;                         /* SMPTE division */
	expect_refused(&f, "ERR_MUSIC_PARSE");
	ck_assert_ptr_nonnull(strstr(err.message, "SMPTE"));

	memset(&f, 0, sizeof f);
	header(&f, 1, 5000, 480);               /* thousands of tracks */
	expect_refused(&f, "ERR_TOO_MANY_TRACKS");
	ck_assert_int_eq(err.rpc_code, RPC_LIMIT_EXCEEDED);

	memset(&f, 0, sizeof f);
	memset(&t, 0, sizeof t);
	header(&f, 0, 1, 480);
	put(&t, "\x81\x81\x81\x81\x81", 5);     /* VLQ that never ends */
	track(&f, &t, 0);
	expect_refused(&f, "ERR_MUSIC_PARSE");

	memset(&f, 0, sizeof f);
	memset(&t, 0, sizeof t);
	header(&f, 0, 1, 480);
	ev(&t, 0, 2, 60, 100);                  /* running status at start */
	track(&f, &t, 1);
	expect_refused(&f, "ERR_MUSIC_PARSE");

	memset(&f, 0, sizeof f);
	memset(&t, 0, sizeof t);
	header(&f, 0, 1, 480);
	put(&t, "\x00\xff\x01\x8f\xff\xff\x7f", 7);  /* meta of 256 MB */
	track(&f, &t, 0);
	expect_refused(&f, "ERR_MUSIC_PARSE");

	memset(&f, 0, sizeof f);
	memset(&t, 0, sizeof t);
	header(&f, 0, 1, 480);
	ev(&t, 0, 3, 0x90, 0xc8, 100);          /* note 200 */
	track(&f, &t, 1);
	expect_refused(&f, "ERR_MUSIC_PARSE");

	memset(&f, 0, sizeof f);
	put(&f, "RIFF\0\0\0\0", 8);
	expect_refused(&f, "ERR_MUSIC_PARSE");
}
END_TEST

START_TEST(note_limit)
{
	struct bytes f = {0}, t = {0};

	header(&f, 0, 1, 480);
	for (int i = 0; i < 20; i++) {
		ev(&t, 0, 3, 0x90, 60 + i, 80);
		ev(&t, 10, 3, 0x80, 60 + i, 0);
	}
	track(&f, &t, 1);
	limits.max_notes = 19;
	expect_refused(&f, "ERR_TOO_MANY_NOTES");
	limits.max_notes = 20;
	score_free(load(&f, 0));
	ck_assert_int_eq(err.rpc_code, 0);
}
END_TEST

/*
 * The corpus: every MIDI file loads; its distinct non-percussion pitches,
 * rung notes and length agree with tests/corpus/README.md (an independent
 * reading with mido).  Length: the README's is mido's, which runs to the
 * last event; ours ends with the last note, so it may be shorter by the
 * tail after it, never longer.
 */
static const struct {
	const char *file;
	size_t pitches, notes;
	int lo, hi;
	double length_s;
} corpus[] = {
	{ "abc-boys.mid", 12, 326 - 160, 62, 81, 48.0 },
	{ "abc-candlemas-eve-hymn.mid", 15, 237, 50, 76, 19.5 },
	{ "abc-daramud.mid", 11, 51, 62, 79, 12.9 },
	{ "blupi-music004.mid", 44, 12295 - 5196, 28, 76, 600.0 },
	{ "musescore-fugue-1.mid", 39, 912, 40, 82, 82.9 },
	{ "musescore-reunion.mid", 54, 339, 38, 105, 45.0 },
	{ "musescore-unclaimed-gift.mid", 15, 122, 60, 76, 87.6 },
	{ "pianomidi-fur-elise.mid", 56, 1041, 33, 100, 165.6 },
	{ "upstream-o-for-a-thousand-tongues.mid", 18, 402, 48, 79, 51.8 },
};

START_TEST(corpus_files_agree_with_readme)
{
	size_t len;
	unsigned char *buf = test_read_corpus(corpus[_i].file, &len);
	struct load_options opt = { &limits, 0 };
	struct score *s = score_load_midi(buf, len, &opt, &err);

	ck_assert_msg(s != NULL, "%s: %s", corpus[_i].file, err.message);
	ck_assert_uint_eq(s->n_unique, corpus[_i].pitches);
	ck_assert_uint_eq(s->n_notes, corpus[_i].notes);
	ck_assert_int_eq(s->unique_pitches[0], corpus[_i].lo);
	ck_assert_int_eq(s->unique_pitches[s->n_unique - 1], corpus[_i].hi);
	ck_assert_double_le(s->duration_ms / 1000, corpus[_i].length_s + 0.05);
	ck_assert_double_ge(s->duration_ms / 1000, corpus[_i].length_s - 1.0);
	score_free(s);
	free(buf);
}
END_TEST

START_TEST(detection)
{
	enum score_format fmt;
	const unsigned char mthd[] = "MThd\0\0\0\6", pk[] = "PK\3\4....";
	const char *xml = "<?xml version=\"1.0\"?>\n<!DOCTYPE score-partwise>"
	    "<score-partwise version=\"3.1\">";

	ck_assert_int_eq(score_detect_format("a.mid", mthd, 8, &fmt), 0);
	ck_assert_int_eq(fmt, SCORE_FORMAT_MIDI);
	/* The content wins over a lying extension. */
	ck_assert_int_eq(score_detect_format("a.xml", mthd, 8, &fmt), 0);
	ck_assert_int_eq(fmt, SCORE_FORMAT_MIDI);
	ck_assert_int_eq(score_detect_format("noext", pk, 8, &fmt), 0);
	ck_assert_int_eq(fmt, SCORE_FORMAT_MXL);
	ck_assert_int_eq(score_detect_format(NULL,
	    (const unsigned char *)xml, strlen(xml), &fmt), 0);
	ck_assert_int_eq(fmt, SCORE_FORMAT_MUSICXML);
	/* Unknown content: the extension decides. */
	ck_assert_int_eq(score_detect_format("x.MusicXML",
	    (const unsigned char *)"junk", 4, &fmt), 0);
	ck_assert_int_eq(fmt, SCORE_FORMAT_MUSICXML);
	ck_assert_int_eq(score_detect_format("x.txt",
	    (const unsigned char *)"junk", 4, &fmt), -1);
}
END_TEST

/*
 * Inputs on which libsmf aborted the process (found by fuzzing, see
 * tests/fuzz/regress/midi/): a track without End of Track, a sysex
 * escape (F7), a meta event longer than 127 bytes.  Each now loads.
 */
START_TEST(libsmf_aborts_regressions)
{
	struct bytes f, t;
	struct score *s;
	char name[200];

	memset(&f, 0, sizeof f);
	memset(&t, 0, sizeof t);
	header(&f, 0, 1, 480);
	ev(&t, 0, 3, 0x90, 60, 80);
	ev(&t, 10, 3, 0x80, 60, 0);
	track(&f, &t, 0);                       /* no End of Track */
	s = load(&f, 0);
	ck_assert_msg(s != NULL, "%s", err.message);
	ck_assert_uint_eq(s->n_notes, 1);
	score_free(s);

	memset(&f, 0, sizeof f);
	memset(&t, 0, sizeof t);
	header(&f, 0, 1, 480);
	ev(&t, 0, 3, 0x90, 60, 80);
	ev(&t, 5, 4, 0xf7, 0x02, 0x7f, 0x7f);  /* sysex escape */
	ev(&t, 5, 2, 60, 0);                    /* running status after it */
	track(&f, &t, 1);
	s = load(&f, 0);
	ck_assert_msg(s != NULL, "%s", err.message);
	ck_assert_int_eq(s->notes[0].dur_ticks, 10);
	score_free(s);

	memset(&f, 0, sizeof f);
	memset(&t, 0, sizeof t);
	header(&f, 0, 1, 480);
	memset(name, 'n', sizeof name);
	put_vlq(&t, 0);
	put(&t, "\xff\x03", 2);
	put_vlq(&t, sizeof name);
	put(&t, name, sizeof name);
	ev(&t, 0, 3, 0x90, 60, 80);
	ev(&t, 10, 3, 0x80, 60, 0);
	track(&f, &t, 1);
	s = load(&f, 0);
	ck_assert_msg(s != NULL, "%s", err.message);
	ck_assert_uint_eq(strlen(s->tracks[0].name), 127);
	score_free(s);
}
END_TEST

static void
load_or_refuse(const char *name, unsigned char *buf, size_t len, void *arg)
{
	struct load_options opt = { &limits, 1 };
	struct score *s;

	(void)name;
	(void)arg;
	vb_error_clear(&err);
	s = score_load_midi(buf, len, &opt, &err);
	ck_assert(s != NULL || err.code[0] != '\0');
	score_free(s);
}

START_TEST(fuzz_regressions_load_or_refuse)
{
	ck_assert_int_gt(test_each_file("fuzz/regress/midi", load_or_refuse,
	    NULL), 0);
}
END_TEST

static Suite *
load_midi_suite(void)
{
	Suite *su = suite_create("load_midi");
	TCase *tc = tcase_create("core");

	tcase_add_checked_fixture(tc, setup, NULL);
	tcase_add_test(tc, format0_notes_and_times);
	tcase_add_test(tc, fifo_matching_and_open_notes);
	tcase_add_test(tc, zero_length_note_lasts_one_tick);
	tcase_add_test(tc, tempo_map_across_tracks);
	tcase_add_test(tc, percussion_only_when_asked);
	tcase_add_test(tc, truncated_at_every_byte);
	tcase_add_test(tc, structural_refusals);
	tcase_add_test(tc, note_limit);
	tcase_add_test(tc, libsmf_aborts_regressions);
	tcase_add_test(tc, fuzz_regressions_load_or_refuse);
	tcase_add_loop_test(tc, corpus_files_agree_with_readme, 0,
	    (int)(sizeof corpus / sizeof corpus[0]));
	tcase_add_test(tc, detection);
	suite_add_tcase(su, tc);
	return su;
}

VB_TEST_MAIN(load_midi_suite)
