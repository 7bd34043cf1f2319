/*
 * test_load_musicxml.c - the MusicXML and .mxl loader on small documents
 * written in the tests (every rule and refusal), and the corpus: each
 * file loads with the README's facts, and MusicXML/MIDI twins agree.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <zip.h>

#include "testlib.h"
#include "core/daemon.h"
#include "music/loaders.h"
#include "export/export.h"
#include "methods/export_params.h"

static struct vb_limits limits;
static struct vb_error err;

static void
setup(void)
{
	daemon_limits_default(&limits);
}

/* A one-part score around the given measure contents. */
static struct score *
load_measures(const char *attrs, const char *body)
{
	char doc[8192];
	struct load_options opt = { &limits, 0 };

	snprintf(doc, sizeof doc,
	    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
	    "<!DOCTYPE score-partwise PUBLIC \"-//Recordare//DTD MusicXML 3.1 "
	    "Partwise//EN\" \"http://www.musicxml.org/dtds/partwise.dtd\">\n"
	    "<score-partwise version=\"3.1\"><part-list><score-part id=\"P1\">"
	    "<part-name>Bells</part-name></score-part></part-list>"
	    "<part id=\"P1\"><measure number=\"1\"><attributes>%s</attributes>"
	    "%s</measure></part></score-partwise>", attrs, body);
	vb_error_clear(&err);
	return score_load_musicxml((const unsigned char *)doc, strlen(doc),
	    &opt, &err);
}

#define NOTE(step, oct, dur) "<note><pitch><step>" step "</step><octave>" \
	#oct "</octave></pitch><duration>" #dur "</duration></note>"

START_TEST(notes_rests_chords)
{
	struct score *s = load_measures("<divisions>2</divisions>",
	    NOTE("C", 4, 2)
	    "<note><chord/><pitch><step>E</step><octave>4</octave></pitch>"
	    "<duration>2</duration></note>"
	    "<note><rest/><duration>1</duration></note>"
	    NOTE("G", 4, 1)
	    "<note><unpitched><display-step>C</display-step>"
	    "<display-octave>5</display-octave></unpitched>"
	    "<duration>2</duration></note>"
	    NOTE("A", 4, 2));

	ck_assert_msg(s != NULL, "%s", err.message);
	ck_assert_uint_eq(s->n_notes, 4);
	ck_assert_int_eq(s->ticks_per_beat, 2);
	ck_assert_int_eq(s->notes[0].pitch, 60);
	ck_assert_int_eq(s->notes[1].pitch, 64);
	ck_assert_int_eq(s->notes[1].tick, 0);          /* chord: same onset */
	ck_assert_int_eq(s->notes[2].tick, 3);          /* after the rest */
	ck_assert_int_eq(s->notes[3].tick, 6);          /* unpitched advanced */
	ck_assert_double_eq_tol(s->notes[3].start_ms, 1500, 1e-9);
	ck_assert_str_eq(s->tracks[0].name, "Bells");
	ck_assert_int_eq(s->tempo_bpm, 120);
	score_free(s);
}
END_TEST

START_TEST(backup_forward_and_voices)
{
	struct score *s = load_measures("<divisions>1</divisions>",
	    NOTE("C", 5, 4)
	    "<backup><duration>4</duration></backup>"
	    NOTE("C", 3, 2)
	    "<forward><duration>1</duration></forward>"
	    NOTE("D", 3, 1)
	    "<backup><duration>99</duration></backup>"   /* before the start */
	    NOTE("G", 2, 1));

	ck_assert_msg(s != NULL, "%s", err.message);
	ck_assert_uint_eq(s->n_notes, 4);
	ck_assert_int_eq(s->notes[1].tick, 0);
	ck_assert_int_eq(s->notes[2].tick, 3);
	ck_assert_int_eq(s->notes[3].tick, 0);          /* held at the start */
	ck_assert_uint_eq(s->n_melody, 2);  /* C5 over C3 and G2; D3 alone */
	score_free(s);
}
END_TEST

START_TEST(ties_grace_transpose_alter)
{
	struct score *s = load_measures(
	    "<divisions>4</divisions><transpose><diatonic>-1</diatonic>"
	    "<chromatic>-2</chromatic></transpose>",
	    "<note><pitch><step>D</step><octave>4</octave></pitch>"
	    "<duration>4</duration><tie type=\"start\"/></note>"
	    "<note><pitch><step>D</step><octave>4</octave></pitch>"
	    "<duration>2</duration><tie type=\"stop\"/></note>"
	    "<note><grace/><pitch><step>F</step><alter>1</alter>"
	    "<octave>4</octave></pitch></note>"
	    "<note><pitch><step>B</step><alter>-1</alter><octave>4</octave>"
	    "</pitch><duration>2</duration></note>"
	    "<note><pitch><step>E</step><alter>0.5</alter><octave>4</octave>"
	    "</pitch><duration>4</duration></note>");

	ck_assert_msg(s != NULL, "%s", err.message);
	ck_assert_uint_eq(s->n_notes, 4);
	/* D4 written sounds C4 (a B-flat instrument); the tie is one ring. */
	ck_assert_int_eq(s->notes[0].pitch, 60);
	ck_assert_int_eq(s->notes[0].dur_ticks, 6);
	ck_assert_int_eq(s->notes[1].pitch, 64);        /* F#4 - 2 */
	ck_assert_int_eq(s->notes[1].dur_ticks, 0);     /* grace: rung, 0 */
	ck_assert_int_eq(s->notes[1].tick, 6);
	ck_assert_int_eq(s->notes[2].pitch, 68);        /* Bb4 - 2 */
	ck_assert_int_eq(s->notes[2].tick, 6);
	ck_assert_int_eq(s->notes[3].pitch, 63);        /* E4 + 1/2 rounds up */
	score_free(s);
}
END_TEST

START_TEST(divisions_change_and_tempo_map)
{
	struct score *s = load_measures("<divisions>1</divisions>",
	    "<direction><direction-type><metronome><beat-unit>half</beat-unit>"
	    "<per-minute>30</per-minute></metronome></direction-type>"
	    "</direction>"
	    NOTE("C", 4, 1)
	    "<attributes><divisions>3</divisions></attributes>"
	    "<sound tempo=\"120\"/>"
	    NOTE("D", 4, 3)
	    NOTE("E", 4, 1));

	ck_assert_msg(s != NULL, "%s", err.message);
	ck_assert_int_eq(s->ticks_per_beat, 3);         /* lcm(1, 3) */
	ck_assert_int_eq(s->tempo_bpm, 60);             /* the first mark */
	ck_assert_uint_eq(s->n_tempo, 2);
	ck_assert_int_eq(s->notes[1].tick, 3);
	ck_assert_int_eq(s->notes[2].tick, 6);
	/* A quarter lasts 1 s at half = 30, then 0.5 s at 120. */
	ck_assert_double_eq_tol(s->notes[1].start_ms, 1000, 1e-9);
	ck_assert_double_eq_tol(s->notes[2].start_ms, 1500, 1e-9);
	ck_assert_double_eq_tol(s->notes[2].dur_ms, 500.0 / 3, 1e-9);
	score_free(s);
}
END_TEST

static struct score *
load_text(const char *doc)
{
	struct load_options opt = { &limits, 0 };

	vb_error_clear(&err);
	return score_load_musicxml((const unsigned char *)doc, strlen(doc),
	    &opt, &err);
}

START_TEST(unsafe_and_broken_documents)
{
	char deep[20000];
	size_t n = 0;

	ck_assert_ptr_null(load_text(
	    "<?xml version=\"1.0\"?><!DOCTYPE score-partwise ["
	    "<!ENTITY xxe SYSTEM \"file:///etc/passwd\">]>"
	    "<score-partwise><part id=\"P1\"><measure><note><pitch><step>C"
	    "</step><octave>4</octave></pitch><duration>1</duration>"
	    "</note><!-- &xxe; --></measure></part></score-partwise>"));
	ck_assert_str_eq(err.code, "ERR_XML_UNSAFE");
	ck_assert_ptr_null(load_text(
	    "<?xml version=\"1.0\"?><!DOCTYPE lolz [<!ENTITY lol \"lol\">"
	    "<!ENTITY lol2 \"&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;\">"
	    "<!ENTITY lol3 \"&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;\">]>"
	    "<score-partwise>&lol3;</score-partwise>"));
	ck_assert_str_eq(err.code, "ERR_XML_UNSAFE");
	ck_assert_ptr_null(load_text(
	    "<?xml version=\"1.0\"?><!DOCTYPE s SYSTEM \"http://x/y.dtd\" "
	    "[<!ENTITY % p SYSTEM \"http://x/p\"> %p;]><score-partwise/>"));
	ck_assert(strcmp(err.code, "ERR_XML_UNSAFE") == 0 ||
	    strcmp(err.code, "ERR_MUSIC_PARSE") == 0);

	n += (size_t)sprintf(deep, "<score-partwise>");
	for (int i = 0; i < 1500; i++)
		n += (size_t)sprintf(deep + n, "<a>");
	ck_assert_ptr_null(load_text(deep));            /* too deep, unclosed */
	ck_assert_str_eq(err.code, "ERR_MUSIC_PARSE");

	ck_assert_ptr_null(load_text("<score-timewise/>"));
	ck_assert_str_eq(err.code, "ERR_MUSIC_PARSE");
	ck_assert_ptr_nonnull(strstr(err.message, "timewise"));
	ck_assert_ptr_null(load_text("<html/>"));
	ck_assert_str_eq(err.code, "ERR_MUSIC_PARSE");
	ck_assert_ptr_null(load_text(""));
	ck_assert_str_eq(err.code, "ERR_MUSIC_PARSE");

	ck_assert_ptr_null(load_measures("<divisions>4294967296</divisions>",
	    NOTE("C", 4, 1)));
	ck_assert_str_eq(err.code, "ERR_MUSIC_PARSE");
	ck_assert_ptr_null(load_measures("<divisions>1</divisions>",
	    NOTE("C", 4, -3)));
	ck_assert_str_eq(err.code, "ERR_MUSIC_PARSE");
}
END_TEST

START_TEST(note_limit)
{
	limits.max_notes = 2;
	ck_assert_ptr_null(load_measures("<divisions>1</divisions>",
	    NOTE("C", 4, 1) NOTE("D", 4, 1) NOTE("E", 4, 1)));
	ck_assert_str_eq(err.code, "ERR_TOO_MANY_NOTES");
}
END_TEST

/* Writes a zip holding the given members into a new buffer. */
static unsigned char *
make_zip(const char *const *names, const char *const *texts, int n,
    size_t *len)
{
	char path[] = "/tmp/vbmxl-XXXXXX";
	int fd = mkstemp(path);
	zip_t *z;
	unsigned char *buf;

	ck_assert_int_ge(fd, 0);
	close(fd);
	z = zip_open(path, ZIP_TRUNCATE, NULL);
	ck_assert_ptr_nonnull(z);
	for (int i = 0; i < n; i++) {
		zip_source_t *src = zip_source_buffer(z, texts[i],
		    strlen(texts[i]), 0);
		ck_assert_int_ge(zip_file_add(z, names[i], src, 0), 0);
	}
	ck_assert_int_eq(zip_close(z), 0);
	buf = test_read_file(path, len);
	ck_assert_ptr_nonnull(buf);
	unlink(path);
	return buf;
}

START_TEST(mxl_container_and_bomb)
{
	const char *score = "<score-partwise><part id=\"P1\"><measure>"
	    "<attributes><divisions>1</divisions></attributes>"
	    NOTE("G", 4, 1) "</measure></part></score-partwise>";
	const char *container = "<?xml version=\"1.0\"?><container><rootfiles>"
	    "<rootfile full-path=\"music/song.xml\"/></rootfiles></container>";
	const char *names[] = { "META-INF/container.xml", "decoy.xml",
		"music/song.xml" };
	const char *texts[] = { container, "<score-partwise/>", score };
	struct load_options opt = { &limits, 0 };
	size_t len;
	unsigned char *zipped = make_zip(names, texts, 3, &len);
	struct score *s = score_load_mxl(zipped, len, &opt, &err);
	char *big;

	ck_assert_msg(s != NULL, "%s", err.message);
	ck_assert_int_eq(s->format, SCORE_FORMAT_MXL);
	ck_assert_uint_eq(s->n_notes, 1);
	ck_assert_int_eq(s->notes[0].pitch, 67);
	score_free(s);
	free(zipped);

	/* A member that unpacks past max_decoded_bytes (highly
	 * compressible, like a zip bomb) is refused. */
	big = malloc(200001);
	memset(big, ' ', 200000);
	big[200000] = '\0';
	memcpy(big, "<score-partwise>", 16);
	names[0] = "song.musicxml";
	texts[0] = big;
	zipped = make_zip(names, texts, 1, &len);
	ck_assert_uint_lt(len, 5000);
	limits.max_decoded_bytes = 100000;
	ck_assert_ptr_null(score_load_mxl(zipped, len, &opt, &err));
	ck_assert_str_eq(err.code, "ERR_DECODED_TOO_LARGE");
	free(zipped);
	free(big);

	ck_assert_ptr_null(score_load_mxl((const unsigned char *)"PK\3\4junk",
	    8, &opt, &err));
	ck_assert_str_eq(err.code, "ERR_MUSIC_PARSE");
}
END_TEST

/* Facts from tests/corpus/README.md: pitches and range are written
 * pitch; notes there count tied continuations, which are one ring here. */
static const struct {
	const char *file;
	size_t pitches, rings;
	int lo, hi;
} corpus[] = {
	{ "abc-candlemas-eve-hymn.musicxml", 15, 237, 50, 76 },
	{ "musescore-fugue-1.musicxml", 39, 913 - 1, 40, 82 },
	{ "musescore-reunion.musicxml", 54, 352 - 7, 38, 105 },
	{ "musescore-reunion.mxl", 54, 352 - 7, 38, 105 },
	{ "musescore-unclaimed-gift.musicxml", 15, 154 - 44, 60, 76 },
};

START_TEST(corpus_files_agree_with_readme)
{
	size_t len;
	unsigned char *buf = test_read_corpus(corpus[_i].file, &len);
	struct load_options opt = { &limits, 0 };
	struct score *s = strstr(corpus[_i].file, ".mxl") ?
	    score_load_mxl(buf, len, &opt, &err) :
	    score_load_musicxml(buf, len, &opt, &err);

	ck_assert_msg(s != NULL, "%s: %s", corpus[_i].file, err.message);
	ck_assert_uint_eq(s->n_unique, corpus[_i].pitches);
	ck_assert_uint_eq(s->n_notes, corpus[_i].rings);
	ck_assert_int_eq(s->unique_pitches[0], corpus[_i].lo);
	ck_assert_int_eq(s->unique_pitches[s->n_unique - 1], corpus[_i].hi);
	score_free(s);
	free(buf);
}
END_TEST

static struct score *
load_file(const char *name)
{
	size_t len;
	unsigned char *buf = test_read_corpus(name, &len);
	struct load_options opt = { &limits, 0 };
	enum score_format fmt;
	struct score *s;

	ck_assert_int_eq(score_detect_format(name, buf, len, &fmt), 0);
	s = fmt == SCORE_FORMAT_MIDI ? score_load_midi(buf, len, &opt, &err) :
	    fmt == SCORE_FORMAT_MXL ? score_load_mxl(buf, len, &opt, &err) :
	    score_load_musicxml(buf, len, &opt, &err);
	ck_assert_msg(s != NULL, "%s: %s", name, err.message);
	free(buf);
	return s;
}

static int
compare_doubles(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

/*
 * Twins exported from one score: the same set of pitches always; for the
 * scores without repeats, the same number of rings at the same onsets in
 * ms (abc2midi's MIDI starts each note one tick, ~1 ms, late).
 */
START_TEST(musicxml_and_midi_twins_agree)
{
	static const struct {
		const char *xml, *mid;
		int same_rings;
	} twins[] = {
		{ "abc-candlemas-eve-hymn.musicxml", "abc-candlemas-eve-hymn.mid", 1 },
		{ "musescore-fugue-1.musicxml", "musescore-fugue-1.mid", 1 },
		{ "musescore-reunion.mxl", "musescore-reunion.mid", 0 },
		{ "musescore-unclaimed-gift.musicxml", "musescore-unclaimed-gift.mid", 0 },
	};

	for (size_t t = 0; t < sizeof twins / sizeof twins[0]; t++) {
		struct score *x = load_file(twins[t].xml);
		struct score *m = load_file(twins[t].mid);

		ck_assert_uint_eq(x->n_unique, m->n_unique);
		ck_assert_mem_eq(x->unique_pitches, m->unique_pitches,
		    x->n_unique * sizeof x->unique_pitches[0]);
		if (twins[t].same_rings) {
			double *a = malloc(x->n_notes * sizeof *a);
			double *b = malloc(m->n_notes * sizeof *b);

			ck_assert_uint_eq(x->n_notes, m->n_notes);
			for (size_t i = 0; i < x->n_notes; i++) {
				a[i] = x->notes[i].start_ms;
				b[i] = m->notes[i].start_ms;
			}
			qsort(a, x->n_notes, sizeof *a, compare_doubles);
			qsort(b, m->n_notes, sizeof *b, compare_doubles);
			for (size_t i = 0; i < x->n_notes; i++)
				ck_assert_msg(fabs(a[i] - b[i]) < 5,
				    "%s: onset %zu: %f vs %f", twins[t].xml, i,
				    a[i], b[i]);
			free(a);
			free(b);
		}
		score_free(x);
		score_free(m);
	}
}
END_TEST

/*
 * The MusicXML cases of tests/fuzz/regress/musicxml/ (issue 17): each is
 * read with finite, non-negative times or refused with a code, and a
 * score read exports to MIDI or is refused with a code (the huge LCM
 * aborted in libsmf; 1e-300 bpm made every time infinite).
 */
static void
load_export_or_refuse(const char *name, unsigned char *buf, size_t len,
    void *arg)
{
	struct load_options opt = { &limits, 0 };
	json_t *params = json_pack("{s:{s:{s:[ss]}}}", "arrangement", "A",
	    "left_hand", "C4", "E4");
	struct export_input in;
	unsigned char *midi;
	struct score *s;
	size_t mlen;

	(void)arg;
	vb_error_clear(&err);
	s = score_load_musicxml(buf, len, &opt, &err);
	ck_assert_msg(s != NULL || err.code[0] != '\0', "%s", name);
	if (s != NULL) {
		ck_assert_msg(isfinite(s->duration_ms) && s->duration_ms >= 0,
		    "%s: duration %g", name, s->duration_ms);
		for (size_t i = 0; i < s->n_notes; i++)
			ck_assert(isfinite(s->notes[i].start_ms) &&
			    s->notes[i].start_ms >= 0 && s->notes[i].tick >= 0);
		ck_assert_int_eq(export_input_parse(params, &in, &err), 0);
		midi = export_midi(&in, s, &mlen, &err);
		ck_assert_msg(midi != NULL || err.code[0] != '\0', "%s", name);
		free(midi);
	}
	json_decref(params);
	score_free(s);
}

START_TEST(fuzz_regressions_load_or_refuse)
{
	ck_assert_int_gt(test_each_file("fuzz/regress/musicxml",
	    load_export_or_refuse, NULL), 0);
}
END_TEST

static Suite *
load_musicxml_suite(void)
{
	Suite *su = suite_create("load_musicxml");
	TCase *tc = tcase_create("core");

	tcase_add_checked_fixture(tc, setup, NULL);
	tcase_add_test(tc, notes_rests_chords);
	tcase_add_test(tc, backup_forward_and_voices);
	tcase_add_test(tc, ties_grace_transpose_alter);
	tcase_add_test(tc, divisions_change_and_tempo_map);
	tcase_add_test(tc, unsafe_and_broken_documents);
	tcase_add_test(tc, note_limit);
	tcase_add_test(tc, mxl_container_and_bomb);
	tcase_add_loop_test(tc, corpus_files_agree_with_readme, 0,
	    (int)(sizeof corpus / sizeof corpus[0]));
	tcase_add_test(tc, musicxml_and_midi_twins_agree);
	tcase_add_test(tc, fuzz_regressions_load_or_refuse);
	suite_add_tcase(su, tc);
	return su;
}

VB_TEST_MAIN(load_musicxml_suite)
