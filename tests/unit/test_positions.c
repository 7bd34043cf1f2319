/*
 * test_positions.c - the "positions" strategy (issue 20): the standard
 * tables for two and three octaves, spelling (MusicXML step+alter, MIDI
 * key signatures), combining for fewer ringers, splitting for more, and
 * where beginners and experienced ringers stand.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "testlib.h"
#include "core/daemon.h"
#include "engine/engine_internal.h"
#include "music/loaders.h"
#include "score_rows.h"

static const int naturals_pc[7] = { 0, 2, 4, 5, 7, 9, 11 };

/* Appends every natural from lo to hi, each rung weight(pitch) times
 * (at most 16), a half beat long, two beats apart (never an impossible
 * swap), in ascending runs.  Returns the new row count. */
static size_t
naturals_rows(int (*rows)[4], size_t n, long *tick, int lo, int hi,
    int (*weight)(int))
{
	for (int round = 0; round < 16; round++)
		for (int p = lo; p <= hi; p++) {
			int natural = 0;

			for (int k = 0; k < 7; k++)
				natural |= p % 12 == naturals_pc[k];
			if (!natural || round >= weight(p))
				continue;
			rows[n][0] = p;
			rows[n][1] = (int)*tick;
			rows[n][2] = 240;
			rows[n][3] = 0;
			n++;
			*tick += 960;
		}
	return n;
}

static struct score *
naturals_piece(int lo, int hi, int (*weight)(int))
{
	int (*rows)[4] = calloc(4096, sizeof *rows);
	long tick = 0;
	size_t n = naturals_rows(rows, 0, &tick, lo, hi, weight);
	struct score *s = score_from_rows((const int (*)[4])rows, n);

	free(rows);
	return s;
}

static int
weight_even(int p)
{
	(void)p;
	return 2;
}

static int
weight_six(int p)
{
	(void)p;
	return 6;
}

/* The ends quiet, the middle busy. */
static int
weight_busy_middle(int p)
{
	return p < 66 || p > 90 ? 1 : 8;
}

static json_t *
arrange(const struct score *s, const struct arrange_player *p, size_t n)
{
	struct arrange_request req;
	json_t *v, *a;

	memset(&req, 0, sizeof req);
	req.score = s;
	req.players = p;
	req.n_players = n;
	req.strategies = 1u << STRATEGY_POSITIONS;
	req.include_simulation = 1;
	arrange_config_default(&req.config);
	v = arrange_result(&req);
	a = json_incref(json_array_get(json_object_get(v, "arrangements"), 0));
	json_decref(v);
	ck_assert_ptr_nonnull(a);
	return a;
}

static size_t
ringers(struct arrange_player *p, char (*names)[16], size_t n,
    const enum player_level *levels, size_t n_levels)
{
	for (size_t i = 0; i < n; i++) {
		snprintf(names[i], sizeof names[i], "R%02d", (int)(i + 1) % 100);
		p[i].name = names[i];
		p[i].level = levels[i % n_levels];
		p[i].techniques = 0;
	}
	return n;
}

static const char *
position_of(json_t *a, const char *name)
{
	return json_string_value(json_object_get(json_object_get(
	    json_object_get(a, "assignments"), name), "position"));
}

/* The bells of the ringer standing at position label, joined. */
static const char *
bells_at(json_t *a, const char *label, char *buf, size_t len)
{
	const char *name;
	json_t *v;

	buf[0] = '\0';
	json_object_foreach(json_object_get(a, "assignments"), name, v) {
		size_t i;
		json_t *b;

		if (strcmp(json_string_value(json_object_get(v, "position")),
		    label) != 0)
			continue;
		json_array_foreach(json_object_get(v, "bells"), i, b) {
			size_t off = strlen(buf);

			snprintf(buf + off, len - off, "%s%s", off ? " " : "",
			    json_string_value(b));
		}
		return buf;
	}
	return NULL;
}

static const char *const three_octaves[] = {
	"C4-D4", "E4-F4", "G4-A4", "B4-C5", "D5-E5", "F5-G5", "A5-B5",
	"C6-D6", "E6-F6", "G6-A6", "B6-C7",
};

/* Issue 20: eleven ringers, every natural C4..C7: exactly the table,
 * each ringer the two naturals of the position, low in the left hand. */
START_TEST(eleven_ringers_three_octaves_is_the_table)
{
	static const enum player_level mix[] = { LEVEL_EXPERIENCED,
	    LEVEL_INTERMEDIATE, LEVEL_BEGINNER };
	struct score *s = naturals_piece(60, 96, weight_even);
	struct arrange_player p[11];
	char names[11][16], buf[128], a1[8], a2[8];
	json_t *a = arrange(s, p, ringers(p, names, 11, mix, 3));
	json_t *pos = json_object_get(a, "positions");

	ck_assert_str_eq(json_string_value(json_object_get(pos, "table")),
	    "three_octaves");
	ck_assert_uint_eq(json_object_size(json_object_get(a, "assignments")),
	    11);
	for (int k = 0; k < 11; k++) {
		const char *got = bells_at(a, three_octaves[k], buf, sizeof buf);
		char want[16];

		ck_assert_msg(got != NULL, "no ringer at %s", three_octaves[k]);
		sscanf(three_octaves[k], "%2s-%2s", a1, a2);
		snprintf(want, sizeof want, "%s %s", a1, a2);
		ck_assert_str_eq(got, want);
	}
	for (int i = 0; i < 11; i++) {
		json_t *as = json_object_get(json_object_get(a, "assignments"),
		    names[i]);

		ck_assert_uint_eq(json_array_size(json_object_get(as,
		    "left_hand")), 1);
		ck_assert_uint_eq(json_array_size(json_object_get(as,
		    "right_hand")), 1);
		/* Beginners in the middle, never at the ends. */
		if (p[i].level == LEVEL_BEGINNER) {
			ck_assert_str_ne(position_of(a, names[i]), "C4-D4");
			ck_assert_str_ne(position_of(a, names[i]), "B6-C7");
		}
	}
	ck_assert_uint_eq(json_array_size(json_object_get(pos, "combined")), 0);
	ck_assert_uint_eq(json_array_size(json_object_get(pos, "split")), 0);
	ck_assert_uint_eq(json_array_size(json_object_get(pos, "unused")), 0);
	json_decref(a);
	score_free(s);
}
END_TEST

/* Eight ringers on two octaves (G4..G6): the eight positions. */
START_TEST(eight_ringers_two_octaves)
{
	static const char *const two[] = { "G4-A4", "B4-C5", "D5-E5",
	    "F5-G5", "A5-B5", "C6-D6", "E6-F6", "G6" };
	static const enum player_level mix[] = { LEVEL_INTERMEDIATE,
	    LEVEL_BEGINNER };
	struct score *s = naturals_piece(67, 91, weight_even);
	struct arrange_player p[8];
	char names[8][16], buf[128];
	json_t *a = arrange(s, p, ringers(p, names, 8, mix, 2));

	ck_assert_str_eq(json_string_value(json_object_get(json_object_get(a,
	    "positions"), "table")), "two_octaves");
	for (int k = 0; k < 8; k++)
		ck_assert_msg(bells_at(a, two[k], buf, sizeof buf) != NULL,
		    "no ringer at %s", two[k]);
	ck_assert_str_eq(bells_at(a, "G6", buf, sizeof buf), "G6");
	json_decref(a);
	score_free(s);
}
END_TEST

/* Nine ringers on a three-octave piece with quiet ends: the ends are
 * combined (C4-F4, G6-C7) for experienced ringers; no beginner at an
 * end. */
START_TEST(fewer_ringers_combine_the_ends)
{
	static const enum player_level mix[] = { LEVEL_BEGINNER,
	    LEVEL_BEGINNER, LEVEL_INTERMEDIATE, LEVEL_EXPERIENCED };
	struct score *s = naturals_piece(60, 96, weight_busy_middle);
	struct arrange_player p[9];
	char names[9][16], buf[128];
	json_t *a = arrange(s, p, ringers(p, names, 9, mix, 4));
	json_t *comb = json_object_get(json_object_get(a, "positions"),
	    "combined");

	ck_assert_uint_eq(json_array_size(comb), 2);
	ck_assert_str_eq(bells_at(a, "C4-F4", buf, sizeof buf),
	    "C4 D4 E4 F4");
	ck_assert_str_eq(bells_at(a, "G6-C7", buf, sizeof buf),
	    "G6 A6 B6 C7");
	for (int i = 0; i < 9; i++) {
		const char *pos = position_of(a, names[i]);

		if (p[i].level == LEVEL_BEGINNER) {
			ck_assert_str_ne(pos, "C4-F4");
			ck_assert_str_ne(pos, "G6-C7");
		}
		if (strcmp(pos, "C4-F4") == 0 || strcmp(pos, "G6-C7") == 0)
			ck_assert_int_eq(p[i].level, LEVEL_EXPERIENCED);
	}
	/* The four beginners take D5-E5 and F5-G5 first. */
	{
		int d5 = 0, f5 = 0;

		for (int i = 0; i < 9; i++) {
			if (p[i].level != LEVEL_BEGINNER)
				continue;
			d5 += strcmp(position_of(a, names[i]), "D5-E5") == 0;
			f5 += strcmp(position_of(a, names[i]), "F5-G5") == 0;
		}
		ck_assert_int_eq(d5, 1);
		ck_assert_int_eq(f5, 1);
	}
	json_decref(a);
	score_free(s);
}
END_TEST

/* Thirteen ringers, eleven positions: the two busiest are split into
 * their naturals; every ringer has a position. */
START_TEST(more_ringers_split_the_busiest)
{
	static const enum player_level mix[] = { LEVEL_INTERMEDIATE };
	struct score *s = naturals_piece(60, 96, weight_busy_middle);
	struct arrange_player p[13];
	char names[13][16];
	json_t *a = arrange(s, p, ringers(p, names, 13, mix, 1)), *sp, *e;
	size_t i;

	sp = json_object_get(json_object_get(a, "positions"), "split");
	ck_assert_uint_eq(json_array_size(sp), 2);
	ck_assert_uint_eq(json_object_size(json_object_get(a, "assignments")),
	    13);
	json_array_foreach(sp, i, e) {
		const char *from = json_string_value(json_object_get(e,
		    "position"));

		/* A busy middle position, not an end. */
		ck_assert_str_ne(from, "C4-D4");
		ck_assert_str_ne(from, "B6-C7");
		ck_assert_uint_eq(json_array_size(json_object_get(e, "into")),
		    2);
	}
	json_decref(a);
	score_free(s);
}
END_TEST

/* A position the piece leaves silent is said, not given to a ringer. */
/* Four pitches in turn, rounds times, each dur long, step apart. */
static size_t
add_runs(int (*rows)[4], size_t n, long *tick, const int *pitches,
    int rounds, int dur, int step)
{
	for (int round = 0; round < rounds; round++)
		for (int k = 0; k < 4; k++) {
			rows[n][0] = pitches[k];
			rows[n][1] = (int)*tick;
			rows[n][2] = dur;
			rows[n][3] = 0;
			n++;
			*tick += step;
		}
	return n;
}

/*
 * Issue 20: "B6-C7 with G6-A6 four-in-hand".  Ten ringers on a piece
 * whose quietest neighbours are the treble G6-A6 and B6-C7, rung in quick
 * alternation (a combined treble in two hands would swap impossibly
 * fast), the bass C4-D4 and E4-F4 a little busier but slow.  Without a
 * technique the bass is combined; with an experienced four-in-hand
 * ringer the treble is, and that ringer holds it with no swap.
 */
START_TEST(four_in_hand_combines_the_treble)
{
	int rows[200][4];
	size_t n;
	long tick = 0;

	/* The middle: every natural G4..F6, busy and slow. */
	n = naturals_rows(rows, 0, &tick, 67, 89, weight_six);
	/* The bass, slow: each of C4 D4 E4 F4 three times; the treble,
	 * quick: G6 B6 A6 C7 an eighth apart, twice. */
	n = add_runs(rows, n, &tick, (const int[4]){ 60, 62, 64, 65 }, 3, 240,
	    960);
	n = add_runs(rows, n, &tick, (const int[4]){ 91, 95, 93, 96 }, 2, 120,
	    240);
	struct score *s = score_from_rows((const int (*)[4])rows, n);
	static const enum player_level mix[] = { LEVEL_EXPERIENCED,
	    LEVEL_INTERMEDIATE, LEVEL_BEGINNER };
	struct arrange_player p[10];
	char names[10][16], buf[128];
	json_t *a;

	ringers(p, names, 10, mix, 3);
	a = arrange(s, p, 10);
	ck_assert_ptr_nonnull(bells_at(a, "C4-F4", buf, sizeof buf));
	ck_assert_ptr_null(bells_at(a, "G6-C7", buf, sizeof buf));
	json_decref(a);

	/* The fourth ringer (the second experienced one) declares it: the
	 * treble is theirs, not the first experienced ringer's. */
	p[3].techniques = TECH_FOUR_IN_HAND;
	a = arrange(s, p, 10);
	ck_assert_str_eq(bells_at(a, "G6-C7", buf, sizeof buf), "G6 A6 B6 C7");
	ck_assert_str_eq(position_of(a, names[3]), "G6-C7");
	ck_assert_int_eq(json_integer_value(json_object_get(json_object_get(a,
	    "swaps"), names[3])), 0);
	ck_assert_ptr_null(bells_at(a, "C4-F4", buf, sizeof buf));
	json_decref(a);
	score_free(s);
}
END_TEST

START_TEST(unused_positions_are_reported)
{
	static const int rows[][4] = {
		{ 60, 0, 240, 0 }, { 62, 480, 240, 0 }, { 74, 960, 240, 0 },
		{ 76, 1440, 240, 0 }, { 96, 1920, 240, 0 },
	};
	static const enum player_level mix[] = { LEVEL_INTERMEDIATE };
	struct score *s = score_from_rows(rows, 5);
	struct arrange_player p[3];
	char names[3][16];
	json_t *a = arrange(s, p, ringers(p, names, 3, mix, 1));
	json_t *unused = json_object_get(json_object_get(a, "positions"),
	    "unused");

	ck_assert_uint_eq(json_array_size(unused), 8);
	ck_assert_str_eq(json_string_value(json_array_get(unused, 0)),
	    "E4-F4");
	json_decref(a);
	score_free(s);
}
END_TEST

/*
 * Spelling: D#6 is written on D6 (the C6-D6 ringer's), Eb6 on E6 (the
 * E6-F6 ringer's).  A MusicXML piece writes the bell both ways; the
 * bell is held by the C6-D6 ringer (D#6 rings more) and reported shared
 * with the E6-F6 ringer.
 */
static const char spelled_xml[] =
    "<?xml version=\"1.0\"?><score-partwise version=\"3.1\">"
    "<part-list><score-part id=\"P1\"><part-name>Bells</part-name>"
    "</score-part></part-list><part id=\"P1\"><measure number=\"1\">"
    "<attributes><divisions>1</divisions></attributes>"
#define NOTE(step, alter, oct) "<note><pitch><step>" step "</step>" alter \
    "<octave>" oct "</octave></pitch><duration>1</duration></note>"
    NOTE("C", "", "6") NOTE("D", "<alter>1</alter>", "6")
    NOTE("D", "", "6") NOTE("D", "<alter>1</alter>", "6")
    NOTE("E", "", "6") NOTE("E", "<alter>-1</alter>", "6")
    NOTE("F", "", "6") NOTE("D", "<alter>1</alter>", "6")
    NOTE("G", "", "6") NOTE("A", "", "6")
    "</measure></part></score-partwise>";

START_TEST(musicxml_spelling_decides_the_owner)
{
	struct vb_limits limits;
	struct load_options opt = { &limits, 0 };
	struct vb_error err;
	struct score *s;
	struct arrange_player p[3];
	char names[3][16];
	static const enum player_level mix[] = { LEVEL_EXPERIENCED };
	json_t *a, *shared, *sh;

	daemon_limits_default(&limits);
	s = score_load_musicxml((const unsigned char *)spelled_xml,
	    sizeof spelled_xml - 1, &opt, &err);
	ck_assert_ptr_nonnull(s);
	ck_assert_int_eq(s->notes[1].alter, 1);
	ck_assert_int_eq(s->notes[5].alter, -1);
	ck_assert_int_eq(s->notes[5].pitch, s->notes[1].pitch);
	a = arrange(s, p, ringers(p, names, 3, mix, 1));
	{
		char buf[64];

		ck_assert_str_eq(bells_at(a, "C6-D6", buf, sizeof buf),
		    "C6 D6 D#6");
		ck_assert_str_eq(bells_at(a, "E6-F6", buf, sizeof buf),
		    "E6 F6");
	}
	shared = json_object_get(json_object_get(a, "positions"),
	    "shared_bells");
	ck_assert_uint_eq(json_array_size(shared), 1);
	sh = json_array_get(shared, 0);
	ck_assert_str_eq(json_string_value(json_object_get(sh, "bell")), "D#6");
	ck_assert_str_eq(json_string_value(json_object_get(sh,
	    "also_written")), "Eb6");
	ck_assert_int_eq(json_integer_value(json_object_get(sh, "rings")), 3);
	ck_assert_int_eq(json_integer_value(json_object_get(sh, "rings_also")),
	    1);
	ck_assert_str_eq(position_of(a, json_string_value(json_object_get(sh,
	    "held_by"))), "C6-D6");
	ck_assert_str_eq(position_of(a, json_string_value(json_object_get(sh,
	    "for"))), "E6-F6");
	json_decref(a);
	score_free(s);
}
END_TEST

/* MIDI: a flat key signature spells the black keys flat, so Eb6 goes
 * with E6-F6; the same notes without one go with C6-D6 as D#6. */
static size_t
midi_with_key(unsigned char *buf, int with_key)
{
	static const unsigned char head[] = {
		'M', 'T', 'h', 'd', 0, 0, 0, 6, 0, 0, 0, 1, 0x01, 0xe0,
		'M', 'T', 'r', 'k', 0, 0, 0, 0,
	};
	static const unsigned char key[] = { 0, 0xff, 0x59, 2, 0xfd, 0 };
	static const int pitches[] = { 84, 86, 87, 88, 89, 87 };
	size_t n = sizeof head, start;

	memcpy(buf, head, n);
	start = n;
	if (with_key) {
		memcpy(buf + n, key, sizeof key);
		n += sizeof key;
	}
	/* A beat long, a beat apart: no change is impossible, so the
	 * layout is the table's. */
	for (int k = 0; k < 6; k++) {
		unsigned char ev[] = { 0x83, 0x60, 0x90,
		    (unsigned char)pitches[k], 80, 0x83, 0x60, 0x80,
		    (unsigned char)pitches[k], 0 };

		memcpy(buf + n, ev, sizeof ev);
		n += sizeof ev;
	}
	buf[n++] = 0;
	buf[n++] = 0xff;
	buf[n++] = 0x2f;
	buf[n++] = 0;
	buf[start - 4] = (unsigned char)((n - start) >> 24);
	buf[start - 3] = (unsigned char)((n - start) >> 16);
	buf[start - 2] = (unsigned char)((n - start) >> 8);
	buf[start - 1] = (unsigned char)(n - start);
	return n;
}

START_TEST(midi_key_signature_spells_flats)
{
	struct vb_limits limits;
	struct load_options opt = { &limits, 0 };
	struct vb_error err;
	unsigned char buf[256];
	struct arrange_player p[2];
	char names[2][16], bells[64];
	static const enum player_level mix[] = { LEVEL_EXPERIENCED };

	daemon_limits_default(&limits);
	for (int with_key = 0; with_key < 2; with_key++) {
		size_t len = midi_with_key(buf, with_key);
		struct score *s = score_load_midi(buf, len, &opt, &err);
		json_t *a;

		ck_assert_msg(s != NULL, "%s", err.message);
		ck_assert_uint_eq(s->n_keys, (size_t)with_key);
		a = arrange(s, p, ringers(p, names, 2, mix, 1));
		ck_assert_str_eq(json_string_value(json_object_get(
		    json_object_get(a, "positions"), "spelling")),
		    with_key ? "key_signature" : "sharps");
		ck_assert_str_eq(bells_at(a, "E6-F6", bells, sizeof bells),
		    with_key ? "D#6 E6 F6" : "E6 F6");
		json_decref(a);
		score_free(s);
	}
}
END_TEST

/* On every corpus file and a few choir sizes: every bell held exactly
 * once, every ringer a position, hands partition the bells. */
START_TEST(corpus_positions_hold_every_bell)
{
	static const char *const files[] = {
		"abc-boys.mid", "abc-candlemas-eve-hymn.mid", "abc-daramud.mid",
		"blupi-music004.mid", "musescore-fugue-1.mid",
		"pianomidi-fur-elise.mid",
		"upstream-o-for-a-thousand-tongues.mid",
		"abc-candlemas-eve-hymn.musicxml",
		"musescore-unclaimed-gift.musicxml",
	};
	static const enum player_level mix[] = { LEVEL_EXPERIENCED,
	    LEVEL_INTERMEDIATE, LEVEL_BEGINNER };
	for (size_t f = 0; f < sizeof files / sizeof files[0]; f++) {
		struct score *s = score_from_corpus(files[f]);

		for (size_t n = 1; n <= 16; n += 5) {
			struct arrange_player p[16];
			char names[16][16];
			json_t *a = arrange(s, p, ringers(p, names, n, mix, 3));
			int owner[128] = {0};
			const char *name;
			json_t *v, *b;
			size_t i;

			json_object_foreach(json_object_get(a, "assignments"),
			    name, v) {
				ck_assert(strlen(position_of(a, name)) > 0);
				json_array_foreach(json_object_get(v, "bells"),
				    i, b)
					owner[pitch_from_name(json_string_value(b))]++;
				ck_assert_uint_eq(json_array_size(json_object_get(
				    v, "left_hand")) + json_array_size(
				    json_object_get(v, "right_hand")),
				    json_array_size(json_object_get(v, "bells")));
			}
			for (int q = 0; q < 128; q++)
				ck_assert_int_eq(owner[q],
				    s->note_frequency[q] > 0);
			ck_assert_int_eq(json_object_size(json_object_get(a,
			    "assignments")) + json_array_size(json_object_get(
			    json_object_get(a, "positions"), "idle_ringers")),
			    (int)n);
			json_decref(a);
		}
		score_free(s);
	}
}
END_TEST

static json_int_t
breakdown_impossible(json_t *a)
{
	return json_integer_value(json_object_get(json_object_get(
	    json_object_get(a, "quality_breakdown"), "penalties"),
	    "impossible_swaps"));
}

/* The ringer holding bell name in a, or NULL. */
static const char *
holder(json_t *a, const char *bell)
{
	const char *name;
	json_t *v, *b;
	size_t i;

	json_object_foreach(json_object_get(a, "assignments"), name, v)
		json_array_foreach(json_object_get(v, "bells"), i, b)
			if (strcmp(json_string_value(b), bell) == 0)
				return name;
	return NULL;
}

static const char *
str_of(json_t *o, const char *key)
{
	return json_string_value(json_object_get(o, key));
}

/* A moved_bells entry: this bell, from this position, for this reason. */
static void
assert_moved(json_t *m, const char *bell, const char *from_position,
    const char *reason)
{
	ck_assert_str_eq(str_of(m, "bell"), bell);
	ck_assert_str_eq(str_of(m, "from_position"), from_position);
	ck_assert_str_eq(str_of(m, "reason"), reason);
}

/* The demo's choir (make demo): two experienced, four intermediate, two
 * beginners; then one more of each of the last two. */
static const enum player_level demo_mix[] = {
	LEVEL_EXPERIENCED, LEVEL_EXPERIENCED, LEVEL_INTERMEDIATE,
	LEVEL_INTERMEDIATE, LEVEL_INTERMEDIATE, LEVEL_INTERMEDIATE,
	LEVEL_BEGINNER, LEVEL_BEGINNER, LEVEL_INTERMEDIATE, LEVEL_BEGINNER,
};

/*
 * Issue 20: a director cannot hand out a layout with an impossible swap.
 * The bundled hymn for the demo's eight ringers: the standard layout
 * gives the G3-B3 ringer A3 and B3 in one hand, changed faster than
 * impossible_gap_ms (four impossible swaps, a hard fail); positions now
 * moves B3 to a neighbour and says so.  A few other corpus pieces and
 * choir sizes whose standard layout has impossible swaps too: none left.
 */
START_TEST(positions_leave_no_impossible_swap)
{
	static const struct { const char *file; size_t n; } cases[] = {
		{ "upstream-o-for-a-thousand-tongues.mid", 8 },
		{ "upstream-o-for-a-thousand-tongues.mid", 10 },
		{ "abc-boys.mid", 6 },
		{ "abc-candlemas-eve-hymn.mid", 8 },
		{ "abc-daramud.mid", 6 },
		{ "musescore-unclaimed-gift.musicxml", 6 },
		{ "musescore-reunion.mid", 12 },
		/* The greedy pairing leaves impossible swaps here (it
		 * combines G6-C7 with D7-C8); another plan has none. */
		{ "musescore-reunion.musicxml", 10 },
	};

	for (size_t k = 0; k < sizeof cases / sizeof cases[0]; k++) {
		struct score *s = score_from_corpus(cases[k].file);
		struct arrange_player p[16];
		char names[16][16];
		json_t *a = arrange(s, p, ringers(p, names, cases[k].n,
		    demo_mix, 10));
		json_t *pos = json_object_get(a, "positions");
		json_t *moved = json_object_get(pos, "moved_bells"), *m;
		size_t i;

		ck_assert_msg(breakdown_impossible(a) == 0, "%s, %zu ringers: "
		    "%lld impossible swaps", cases[k].file, cases[k].n,
		    (long long)breakdown_impossible(a));
		ck_assert_int_eq(json_integer_value(json_object_get(pos,
		    "impossible_swaps")), 0);
		ck_assert(json_is_false(json_object_get(json_object_get(a,
		    "quality_breakdown"), "hard_fail")));
		ck_assert_uint_gt(json_array_size(moved), 0);
		/* Each moved bell is where the report says, and was not. */
		json_array_foreach(moved, i, m) {
			const char *bell = json_string_value(json_object_get(m,
			    "bell"));
			const char *to = json_string_value(json_object_get(m,
			    "to"));
			json_t *hand = json_object_get(json_object_get(
			    json_object_get(a, "assignments"), to),
			    json_string_value(json_object_get(m, "hand")));
			json_t *b;
			size_t j;
			int in_hand = 0;

			ck_assert_str_eq(holder(a, bell), to);
			ck_assert_str_ne(json_string_value(json_object_get(m,
			    "from")), to);
			json_array_foreach(hand, j, b)
				in_hand |= strcmp(json_string_value(b), bell) == 0;
			ck_assert(in_hand);
		}
		if (k == 0) {
			/* The demo: B3 leaves the G3-B3 ringer. */
			ck_assert_uint_eq(json_array_size(moved), 1);
			m = json_array_get(moved, 0);
			assert_moved(m, "B3", "G3-B3", "impossible_swap");
			ck_assert_str_eq(position_of(a, names[1]), "G3-B3");
		}
		json_decref(a);
		score_free(s);
	}
}
END_TEST

/* Too few ringers for the piece: no move removes every impossible swap,
 * so the standard layout stays (nothing moved) and the result says how
 * many are left: the breakdown's count. */
START_TEST(positions_say_when_impossible_swaps_are_left)
{
	struct score *s = score_from_corpus("upstream-o-for-a-thousand-tongues.mid");
	struct arrange_player p[5];
	char names[5][16], buf[128];
	json_t *a = arrange(s, p, ringers(p, names, 5, demo_mix, 8));
	json_t *pos = json_object_get(a, "positions");

	ck_assert_int_gt(breakdown_impossible(a), 0);
	ck_assert_int_eq(json_integer_value(json_object_get(pos,
	    "impossible_swaps")), breakdown_impossible(a));
	ck_assert_uint_eq(json_array_size(json_object_get(pos, "moved_bells")),
	    0);
	ck_assert_str_eq(bells_at(a, "C3-B3", buf, sizeof buf),
	    "C3 E3 F3 G3 A3 B3");
	json_decref(a);
	score_free(s);
}
END_TEST

/* A locked bell never moves: B3 locked to the G3-B3 ringer stays there,
 * whatever that costs. */
START_TEST(positions_never_move_a_locked_bell)
{
	struct score *s = score_from_corpus("upstream-o-for-a-thousand-tongues.mid");
	struct arrange_player p[8];
	char names[8][16];
	struct arrange_request req;
	struct bell_locks locks;
	json_t *v, *a;

	ringers(p, names, 8, demo_mix, 8);
	memset(&req, 0, sizeof req);
	memset(&locks, 0, sizeof locks);
	locks.owner[pitch_from_name("B3")] = 2;     /* players[1], either hand */
	locks.n = 1;
	req.score = s;
	req.players = p;
	req.n_players = 8;
	req.strategies = 1u << STRATEGY_POSITIONS;
	req.locks = locks;
	arrange_config_default(&req.config);
	v = arrange_result(&req);
	a = json_array_get(json_object_get(v, "arrangements"), 0);
	ck_assert_str_eq(position_of(a, names[1]), "G3-B3");
	ck_assert_str_eq(holder(a, "B3"), names[1]);
	json_decref(v);
	score_free(s);
}
END_TEST

/*
 * Issue 20: "use four-in-hand for players who have that technique".  Two
 * ringers on C6 C#6 D6 E6 F6 in eighths, over and over: the C6-D6
 * ringer's three bells alternate too fast for any two in one hand, and
 * neither hand of the E6-F6 ringer can take one (it would come too soon
 * after E6 or F6): no layout without impossible swaps, so the standard
 * one stays.  When the E6-F6 ringer rings four-in-hand, one of those
 * bells joins E6 or F6 in a hand at no swap, and none is left.
 */
START_TEST(four_in_hand_takes_a_bell_that_cannot_be_swapped)
{
	static const enum player_level mix[] = { LEVEL_INTERMEDIATE };
	static const int run[] = { 84, 85, 86, 88, 89 };
	int rows[80][4];
	struct arrange_player p[2];
	char names[2][16];
	struct score *s;
	json_t *a, *pos, *m;

	for (int i = 0; i < 80; i++) {
		rows[i][0] = run[i % 5];
		rows[i][1] = i * 240;
		rows[i][2] = 120;
		rows[i][3] = 0;
	}
	s = score_from_rows((const int (*)[4])rows, 80);
	ringers(p, names, 2, mix, 1);
	a = arrange(s, p, 2);
	pos = json_object_get(a, "positions");
	ck_assert_str_eq(position_of(a, names[1]), "E6-F6");
	ck_assert_int_gt(json_integer_value(json_object_get(pos,
	    "impossible_swaps")), 0);
	ck_assert_uint_eq(json_array_size(json_object_get(pos, "moved_bells")),
	    0);
	json_decref(a);

	p[1].techniques = TECH_FOUR_IN_HAND;
	a = arrange(s, p, 2);
	pos = json_object_get(a, "positions");
	ck_assert_int_eq(breakdown_impossible(a), 0);
	ck_assert_uint_eq(json_array_size(json_object_get(pos, "moved_bells")),
	    1);
	m = json_array_get(json_object_get(pos, "moved_bells"), 0);
	ck_assert_str_eq(str_of(m, "to"), names[1]);
	ck_assert_str_eq(str_of(m, "reason"), "impossible_swap");
	ck_assert_int_eq(json_integer_value(json_object_get(json_object_get(a,
	    "swaps"), names[1])), 0);
	json_decref(a);
	score_free(s);
}
END_TEST

/* The ends quiet, the treble a little less, the middle busy; no F6. */
static int
weight_no_f6(int p)
{
	return p == 89 ? 0 : p < 66 ? 1 : p > 90 ? 2 : 8;
}

/*
 * Issue 20: "idle treble accidentals to whoever has a free hand".  Nine
 * ringers on a three-octave piece: the treble G6-A6 and B6-C7 are
 * combined (G6-C7), and its A#6 rings once.  The E6-F6 ringer holds
 * only E6 (the piece has no F6): a free hand next to the treble, so
 * A#6 goes there, and the report says why.  Without a free hand (F6
 * rung too) A#6 stays with G6-C7.
 */
START_TEST(idle_treble_accidental_to_a_free_hand)
{
	static const enum player_level mix[] = { LEVEL_BEGINNER,
	    LEVEL_BEGINNER, LEVEL_INTERMEDIATE, LEVEL_EXPERIENCED };
	for (int with_f6 = 0; with_f6 < 2; with_f6++) {
		int (*rows)[4] = calloc(4096, sizeof *rows);
		long tick = 0;
		size_t n = naturals_rows(rows, 0, &tick, 60, 96,
		    with_f6 ? weight_busy_middle : weight_no_f6);
		struct score *s;
		struct arrange_player p[9];
		char names[9][16], buf[128];
		json_t *a, *moved, *m;

		/* A#6, written on A6, once, long after the rest. */
		rows[n][0] = 94;
		rows[n][1] = (int)tick + 1920;
		rows[n][2] = 240;
		rows[n][3] = 1;
		s = score_from_rows((const int (*)[4])rows, n + 1);
		free(rows);
		a = arrange(s, p, ringers(p, names, 9, mix, 4));
		moved = json_object_get(json_object_get(a, "positions"),
		    "moved_bells");
		ck_assert_ptr_nonnull(bells_at(a, "G6-C7", buf, sizeof buf));
		if (with_f6) {
			ck_assert_uint_eq(json_array_size(moved), 0);
			ck_assert_str_eq(bells_at(a, "G6-C7", buf, sizeof buf),
			    "G6 A6 A#6 B6 C7");
		} else {
			ck_assert_uint_eq(json_array_size(moved), 1);
			m = json_array_get(moved, 0);
			assert_moved(m, "A#6", "G6-C7", "idle_accidental");
			ck_assert_str_eq(str_of(m, "to_position"), "E6-F6");
			ck_assert_str_eq(bells_at(a, "E6-F6", buf, sizeof buf),
			    "E6 A#6");
			ck_assert_str_eq(bells_at(a, "G6-C7", buf, sizeof buf),
			    "G6 A6 B6 C7");
			/* In the free hand: no swap for its new ringer. */
			ck_assert_int_eq(json_integer_value(json_object_get(
			    json_object_get(a, "swaps"), json_string_value(
			    json_object_get(m, "to")))), 0);
		}
		json_decref(a);
		score_free(s);
	}
}
END_TEST

static Suite *
positions_suite(void)
{
	Suite *s = suite_create("positions");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, eleven_ringers_three_octaves_is_the_table);
	tcase_add_test(tc, eight_ringers_two_octaves);
	tcase_add_test(tc, fewer_ringers_combine_the_ends);
	tcase_add_test(tc, more_ringers_split_the_busiest);
	tcase_add_test(tc, four_in_hand_combines_the_treble);
	tcase_add_test(tc, unused_positions_are_reported);
	tcase_add_test(tc, musicxml_spelling_decides_the_owner);
	tcase_add_test(tc, midi_key_signature_spells_flats);
	tcase_add_test(tc, corpus_positions_hold_every_bell);
	tcase_add_test(tc, positions_leave_no_impossible_swap);
	tcase_add_test(tc, positions_say_when_impossible_swaps_are_left);
	tcase_add_test(tc, positions_never_move_a_locked_bell);
	tcase_add_test(tc, idle_treble_accidental_to_a_free_hand);
	tcase_add_test(tc, four_in_hand_takes_a_bell_that_cannot_be_swapped);
	tcase_set_timeout(tc, 60);
	suite_add_tcase(s, tc);
	return s;
}

VB_TEST_MAIN(positions_suite)
