/*
 * test_choir.c - choir mode (music/choir.c, engine/verdict.c, the arrange
 * params of methods/choir_params.c) through the arrange method as a
 * request runs it, on the corpus: every bell inside the set and no note
 * lost silently, explicit sets (missing, duplicates), out_of_range
 * "error", octave detection on written/sounding twins, tracks, measures
 * and beats, and the verdict's cases.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "testlib.h"
#include "core/daemon.h"
#include "core/json_out.h"
#include "methods/daemon_state.h"
#include "engine/engine_internal.h"
#include "music/choir.h"
#include "music/loaders.h"
#include "transport/dispatch.h"

static struct daemon d;

static void
setup(void)
{
	struct vb_limits limits;

	daemon_limits_default(&limits);
	ck_assert_int_eq(daemon_init(&d, &limits), 0);
}

static void
teardown(void)
{
	daemon_fini(&d);
}

static const char *const corpus[] = {
	"abc-boys.mid", "abc-candlemas-eve-hymn.mid",
	"abc-candlemas-eve-hymn.musicxml", "abc-daramud.mid",
	"blupi-music004.mid", "musescore-fugue-1.mid",
	"musescore-fugue-1.musicxml", "musescore-reunion.mid",
	"musescore-reunion.musicxml", "musescore-reunion.mxl",
	"musescore-unclaimed-gift.mid", "musescore-unclaimed-gift.musicxml",
	"pianomidi-fur-elise.mid", "upstream-o-for-a-thousand-tongues.mid",
	"upstream-test-song.mid",
};
#define N_CORPUS (sizeof corpus / sizeof corpus[0])

#define PLAYERS "[{\"name\":\"Ann\",\"experience\":\"experienced\"}," \
	"{\"name\":\"Ben\",\"experience\":\"experienced\"}," \
	"{\"name\":\"Cy\",\"experience\":\"intermediate\"}," \
	"{\"name\":\"Di\",\"experience\":\"intermediate\"}," \
	"{\"name\":\"Ed\",\"experience\":\"beginner\"}," \
	"{\"name\":\"Flo\",\"experience\":\"beginner\"}]"

/* The whole response line of one request (new string, free()). */
static char *
response_text(const char *method, const char *params)
{
	struct json_out o;
	size_t n = strlen(params) + 128, len;
	char *line = malloc(n), *text;

	snprintf(line, n, "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"%s\","
	    "\"params\":%s}", method, params);
	json_out_init(&o);
	ck_assert(dispatch_line(&d, line, strlen(line), &o));
	text = json_out_steal(&o, &len);
	ck_assert_ptr_nonnull(text);
	free(line);
	return text;
}

/* The result (or error) object of a request, parsed (new reference). */
static json_t *
request(const char *method, const char *fmt, ...)
{
	char params[8192];
	va_list ap;
	char *text;
	json_t *resp, *r;

	va_start(ap, fmt);
	vsnprintf(params, sizeof params, fmt, ap);
	va_end(ap);
	text = response_text(method, params);
	resp = json_loads(text, 0, NULL);
	ck_assert_ptr_nonnull(resp);
	free(text);
	r = json_object_get(resp, "result");
	if (r == NULL)
		r = json_object_get(resp, "error");
	json_incref(r);
	json_decref(resp);
	return r;
}

static const char *
error_code(json_t *e)
{
	return json_string_value(json_object_get(json_object_get(e, "data"),
	    "code"));
}

static long long
geti(json_t *o, const char *key)
{
	json_t *v = json_object_get(o, key);

	ck_assert_msg(json_is_integer(v), "no integer %s", key);
	return json_integer_value(v);
}

/* Every bell held in every arrangement of r, checked with ok(). */
static void
each_bell(json_t *r, void (*ok)(const char *bell, void *arg), void *arg)
{
	json_t *arrs = json_object_get(r, "arrangements"), *a;
	size_t i;

	ck_assert(json_array_size(arrs) > 0);
	json_array_foreach(arrs, i, a) {
		json_t *as = json_object_get(a, "assignments"), *p, *b;
		const char *name;
		size_t k;

		json_object_foreach(as, name, p)
			json_array_foreach(json_object_get(p, "bells"), k, b)
				ok(json_string_value(b), arg);
	}
}

struct range { int lo, hi; const char *file; };

static void
bell_in_range(const char *bell, void *arg)
{
	const struct range *rg = arg;
	int p = bell_from_name(bell);

	ck_assert_msg(p >= rg->lo && p <= rg->hi, "%s: bell %s outside the "
	    "set", rg->file, bell);
}

/*
 * Every corpus file, 3 and 5 octaves: every bell lies in the set, the
 * notes add up (rung + moved + chimed + omitted = the file's notes, as
 * the upload counts them), and the same request gives the same bytes.
 */
START_TEST(corpus_in_the_set)
{
	static const struct { const char *name; int lo, hi; } sets[] = {
		{ "3-octave", 60, 96 }, { "5-octave", 48, 108 },
	};
	char params[4096];

	for (size_t f = 0; f < N_CORPUS; f++) {
		json_t *up = request("upload", "{\"path\":\"%s/corpus/%s\"}",
		    test_dir(), corpus[f]);
		long long events = geti(up, "total_note_events");

		for (size_t k = 0; k < 2; k++) {
			struct range rg = { sets[k].lo, sets[k].hi, corpus[f] };
			char *t1, *t2;
			json_t *resp, *r, *notes;

			snprintf(params, sizeof params, "{\"path\":\"%s/corpus/"
			    "%s\",\"players\":%s,\"bell_set\":\"%s\","
			    "\"include_simulation\":false,\"config\":"
			    /* The search bound by its moves, never by the
			     * clock (valgrind runs it 50 times slower). */
			    "{\"search_iterations\":3000,\"search_ms\":60000}}",
			    test_dir(),
			    corpus[f], PLAYERS, sets[k].name);
			t1 = response_text("arrange", params);
			t2 = response_text("arrange", params);
			ck_assert_msg(strcmp(t1, t2) == 0, "%s %s: two answers",
			    corpus[f], sets[k].name);
			free(t2);
			resp = json_loads(t1, 0, NULL);
			r = json_object_get(resp, "result");
			ck_assert_msg(r != NULL, "%s: %s", corpus[f], t1);
			free(t1);
			each_bell(r, bell_in_range, &rg);
			notes = json_object_get(json_object_get(r, "choir"),
			    "notes");
			ck_assert_int_eq(geti(notes, "in_file"), events);
			ck_assert_int_eq(geti(notes, "rung") +
			    geti(notes, "moved") + geti(notes, "chimed") +
			    geti(notes, "omitted"), events);
			/* What the engine got: all but the merged rings. */
			ck_assert_int_eq(geti(notes, "sent_to_engine"),
			    events - geti(notes, "omitted") -
			    geti(notes, "merged"));
			json_decref(resp);
		}
		json_decref(up);
	}
}
END_TEST

struct forbidden { const int *p; int n; };

static void
bell_not_missing(const char *bell, void *arg)
{
	const struct forbidden *f = arg;
	int p = bell_from_name(bell);

	for (int i = 0; i < f->n; i++)
		ck_assert_msg(p != f->p[i], "missing bell %s assigned", bell);
	ck_assert(p >= 60 && p <= 96);
}

/* An explicit set: missing bells are never assigned (their notes move),
 * the duplicate is counted twice. */
START_TEST(explicit_set_missing_and_duplicates)
{
	static const int missing[] = { 64, 67 };   /* E4 G4 */
	struct forbidden f = { missing, 2 };
	json_t *r = request("arrange", "{\"path\":\"%s/corpus/upstream-o-for"
	    "-a-thousand-tongues.mid\",\"players\":%s,\"octave_shift\":0,"
	    "\"bell_set\":{\"lowest\":\"C4\",\"highest\":\"C7\",\"missing\":"
	    "[\"E4\",\"G4\"],\"duplicates\":[\"D5\"],\"extra\":[\"G3\"]},"
	    "\"include_simulation\":false}", test_dir(), PLAYERS);
	json_t *set = json_object_get(json_object_get(r, "choir"), "bell_set");
	json_t *moved = json_object_get(json_object_get(r, "choir"), "moved");
	int saw_e4 = 0;
	size_t i;
	json_t *m;

	ck_assert_int_eq(geti(set, "bells"), 37 - 2 + 1 + 1);
	ck_assert_str_eq(json_string_value(json_array_get(json_object_get(set,
	    "duplicates"), 0)), "D5");
	/* G3 is an extra bell: the hymn's G3 notes are rung, not moved. */
	json_array_foreach(moved, i, m) {
		ck_assert_str_ne(json_string_value(json_object_get(m, "from")),
		    "G3");
		if (strcmp(json_string_value(json_object_get(m, "from")),
		    "E4") == 0) {
			saw_e4 = 1;
			ck_assert_str_eq(json_string_value(json_object_get(m,
			    "to")), "E5");
		}
	}
	ck_assert(saw_e4);
	/* Not bell_not_missing's range check: G3 is owned here. */
	{
		json_t *arrs = json_object_get(r, "arrangements"), *a;
		size_t k;

		json_array_foreach(arrs, k, a) {
			json_t *as = json_object_get(a, "assignments"), *p, *b;
			const char *name;
			size_t j;

			json_object_foreach(as, name, p)
				json_array_foreach(json_object_get(p, "bells"),
				    j, b) {
					int q = bell_from_name(
					    json_string_value(b));

					if (q != 55)
						bell_not_missing(
						    json_string_value(b), &f);
				}
		}
	}
	json_decref(r);
}
END_TEST

/*
 * Handchimes: notes below the bells ring on chimes at their own pitch
 * (not moved, not outside the set); "omit" leaves them out instead, and
 * the counts still add up.
 */
START_TEST(chimes_and_omit)
{
	const char *set = "{\"lowest\":\"C5\",\"highest\":\"C7\","
	    "\"chimes\":{\"lowest\":\"C4\",\"highest\":\"B4\","
	    "\"missing\":[\"C#4\"]}}";
	json_t *r = request("arrange", "{\"path\":\"%s/corpus/upstream-o-for"
	    "-a-thousand-tongues.mid\",\"players\":%s,\"octave_shift\":12,"
	    "\"bell_set\":%s,\"out_of_range\":\"chime\","
	    "\"include_simulation\":false}", test_dir(), PLAYERS, set);
	json_t *c = json_object_get(r, "choir"), *notes, *ch, *a;
	size_t i;
	long long chimed = 0;

	ck_assert_ptr_nonnull(c);
	notes = json_object_get(c, "notes");
	json_array_foreach(json_object_get(c, "chimed"), i, ch) {
		int p = bell_from_name(json_string_value(json_object_get(ch,
		    "from")));

		ck_assert(p >= 60 && p <= 71);
		ck_assert_str_eq(json_string_value(json_object_get(ch, "to")),
		    json_string_value(json_object_get(ch, "from")));
		chimed += geti(ch, "notes");
	}
	ck_assert(chimed > 0);
	ck_assert_int_eq(geti(notes, "chimed"), chimed);
	ck_assert_int_eq(geti(notes, "rung") + geti(notes, "moved") +
	    geti(notes, "chimed") + geti(notes, "omitted"),
	    geti(notes, "in_file"));
	json_array_foreach(json_object_get(r, "arrangements"), i, a) {
		json_t *v = json_object_get(a, "verdict");

		ck_assert_uint_eq(json_array_size(json_object_get(v,
		    "outside_bell_set")), 0);
	}
	json_decref(r);

	r = request("arrange", "{\"path\":\"%s/corpus/upstream-o-for-a-"
	    "thousand-tongues.mid\",\"players\":%s,\"octave_shift\":12,"
	    "\"bell_set\":%s,\"out_of_range\":\"omit\","
	    "\"include_simulation\":false}", test_dir(), PLAYERS, set);
	notes = json_object_get(json_object_get(r, "choir"), "notes");
	ck_assert_int_eq(geti(notes, "omitted"), chimed);
	ck_assert_int_eq(geti(notes, "chimed"), 0);
	ck_assert_int_eq(geti(notes, "sent_to_engine"),
	    geti(notes, "in_file") - chimed);
	json_decref(r);
}
END_TEST

/* The verdict lets a duplicated bell go to two ringers, not a single
 * one: a roster made by hand, both holding the bell under one key (the
 * verdict counts ringers per bell, whatever the keys). */
START_TEST(duplicate_held_by_two_ringers)
{
	struct score *s = score_new();
	struct choir_request cr;
	struct choir_report rep;
	struct arrange_choir ac;
	struct arrange_player pl[2] = { { "Ann", LEVEL_EXPERIENCED, 0 },
		{ "Ben", LEVEL_EXPERIENCED, 0 } };
	struct arrange_request req;
	struct timing t;
	struct roster ro;
	struct quality q;
	struct json_out o;
	char *text;
	size_t len;

	s->ticks_per_beat = 480;
	s->n_notes = 1;
	s->notes = calloc(1, sizeof *s->notes);
	s->notes[0] = (struct note){ .pitch = 74, .velocity = 64,
		.dur_ticks = 480 };
	score_note_times(s);
	score_analyse(s);
	memset(&cr, 0, sizeof cr);
	memset(&rep, 0, sizeof rep);
	bell_set_range(&cr.set, "custom", 60, 96);
	cr.set_given = 1;
	ac = (struct arrange_choir){ &cr, &rep, s, 0 };
	memset(&req, 0, sizeof req);
	req.score = s;
	req.choir = &ac;
	req.players = pl;
	req.n_players = 2;
	arrange_config_default(&req.config);
	ck_assert_int_eq(timing_init_table(&t, s, 1), 0);
	ck_assert_int_eq(roster_init(&ro, 4), 0);
	ro.n = 2;
	memset(ro.p, 0, 2 * sizeof *ro.p);  /* roster_init does not */
	for (int i = 0; i < 2; i++) {
		ro.p[i].name = pl[i].name;
		ro.p[i].level = pl[i].level;
		ro.p[i].is_original = 1;
		ro.p[i].bells[0] = 74;     /* D5, both of them */
		ro.p[i].n_bells = 1;
	}
	memset(&q, 0, sizeof q);
	for (int copies = 1; copies <= 2; copies++) {
		json_t *root, *v;

		cr.set.copies[74] = (unsigned char)copies;
		json_out_init(&o);
		json_out_begin_object(&o);
		verdict_write(&req, &t, &ro, &q, &o);
		json_out_end_object(&o);
		text = json_out_steal(&o, &len);
		root = json_loads(text, 0, NULL);
		v = json_object_get(root, "verdict");
		ck_assert_int_eq(json_is_true(json_object_get(v, "ringable")),
		    copies == 2);
		ck_assert_int_eq(json_array_size(json_object_get(v, "reasons")),
		    copies == 2 ? 0 : 1);
		if (copies == 1)
			ck_assert_ptr_nonnull(strstr(json_string_value(
			    json_array_get(json_object_get(v, "reasons"), 0)),
			    "D5 is held by 2 ringers but your set has 1"));
		json_decref(root);
		free(text);
	}
	roster_fini(&ro);
	timing_fini(&t);
	score_free(s);
}
END_TEST

/* A one-part MusicXML piece in one measure: its head (divisions, tempo
 * in bpm) into xml; returns the length.  xml_end closes it and writes it
 * to path (mkstemp's template). */
static size_t
xml_begin(char *xml, size_t len, int divisions, int bpm)
{
	return (size_t)snprintf(xml, len, "<?xml version=\"1.0\"?>"
	    "<score-partwise><part-list><score-part id=\"P1\"><part-name>"
	    "Bells</part-name></score-part></part-list><part id=\"P1\">"
	    "<measure number=\"1\"><attributes><divisions>%d</divisions>"
	    "</attributes><direction><sound tempo=\"%d\"/></direction>",
	    divisions, bpm);
}

static void
xml_end(char *xml, size_t len, size_t at, char *path)
{
	int fd;

	at += (size_t)snprintf(xml + at, len - at,
	    "</measure></part></score-partwise>");
	ck_assert(at < len);
	fd = mkstemp(path);
	ck_assert(fd >= 0);
	ck_assert(write(fd, xml, at) == (ssize_t)at);
	close(fd);
}

/*
 * A piece two ringers (four hands) cannot ring with one D5: three
 * passages, eighth notes with eighth rests (250 ms to change bells,
 * under the 500 ms a swap needs), make every pair of C5 D5 E5 F5 G5 a
 * clash - five bells that would need five hands.  With two D5s the
 * passages' D5s can be rung from two hands.  Written as MusicXML text
 * into path (mkstemp's template).
 */
static void
write_clash_piece(char *path)
{
	static const char *const passages[] = {
		"DCEFDECF", "DCEGDECG", "FGFG", "DCEFDECF", "DCEGDECG",
	};
	char xml[16384];
	size_t at = xml_begin(xml, sizeof xml, 2, 120);

	for (size_t k = 0; k < sizeof passages / sizeof passages[0]; k++) {
		for (const char *c = passages[k]; *c != '\0'; c++)
			at += (size_t)snprintf(xml + at, sizeof xml - at,
			    "<note><pitch><step>%c</step><octave>5</octave>"
			    "</pitch><duration>1</duration></note><note><rest/>"
			    "<duration>1</duration></note>", *c);
		at += (size_t)snprintf(xml + at, sizeof xml - at, "<note><rest/>"
		    "<duration>8</duration></note>");
	}
	xml_end(xml, sizeof xml, at, path);
}

/* Who holds bell in arrangement a (their names, up to 4), how many. */
static int
holders(json_t *a, const char *bell, const char **who)
{
	json_t *p, *b;
	const char *name;
	int n = 0;
	size_t k;

	json_object_foreach(json_object_get(a, "assignments"), name, p)
		json_array_foreach(json_object_get(p, "bells"), k, b)
			if (strcmp(json_string_value(b), bell) == 0 && n < 4)
				who[n++] = name;
	return n;
}

/* Ring events of bell in a's simulation, per copy (1, 2), and all. */
static void
count_rings(json_t *a, const char *bell, int *copy1, int *copy2, int *all)
{
	json_t *pl, *ev;
	size_t i, k;

	*copy1 = *copy2 = *all = 0;
	json_array_foreach(json_object_get(json_object_get(a, "simulation"),
	    "players"), i, pl)
		json_array_foreach(json_object_get(pl, "events"), k, ev) {
			json_t *c = json_object_get(ev, "copy");

			if (strcmp(json_string_value(json_object_get(ev, "type")),
			    "ring") != 0)
				continue;
			(*all)++;
			if (strcmp(json_string_value(json_object_get(ev,
			    "bell_name")), bell) != 0)
				continue;
			if (c != NULL && json_integer_value(c) == 2)
				(*copy2)++;
			else
				(*copy1)++;
		}
}

/*
 * The test: an explicit set with a duplicate, the duplicate held
 * by two ringers.  optimized and positions each give the second D5 to
 * the other ringer and ring the piece; every ring is one ringer's (the
 * rings add up to the piece's notes, no D5 twice); duplicate_bells says
 * who holds which copy; the verdict is ringable.  Without the duplicate
 * D5 has one holder and the piece is not ringable.
 */
START_TEST(duplicate_rung_by_two_ringers)
{
	static const char *const strategies[] = { "optimized", "positions" };
	char path[] = "/tmp/vb-clash-XXXXXX";
	const int d5_notes = 8, notes = 36;

	write_clash_piece(path);
	for (int dup = 0; dup <= 1; dup++)
		for (int k = 0; k < 2; k++) {
			json_t *r = request("arrange", "{\"path\":\"%s\","
			    "\"format\":\"musicxml\",\"players\":[{\"name\":"
			    "\"Ann\",\"experience\":\"experienced\"},{\"name\":"
			    "\"Ben\",\"experience\":\"experienced\"}],"
			    "\"octave_shift\":0,\"bell_set\":{\"lowest\":\"C4\","
			    "\"highest\":\"C7\",\"duplicates\":[%s]},\"config\":"
			    "{\"swap_gap_ms\":{\"experienced\":100}},"
			    "\"strategies\":[\"%s\"]}", path,
			    dup ? "\"D5\"" : "", strategies[k]);
			json_t *a = json_array_get(json_object_get(r,
			    "arrangements"), 0);
			json_t *db = json_object_get(a, "duplicate_bells");
			json_t *v = json_object_get(a, "verdict");
			const char *who[4];
			int c1, c2, all, n = holders(a, "D5", who);

			count_rings(a, "D5", &c1, &c2, &all);
			ck_assert_int_eq(all, notes);
			ck_assert_int_eq(c1 + c2, d5_notes);
			/* No other bell has two holders. */
			ck_assert_int_eq(holders(a, "C5", who + 2), 1);
			ck_assert_int_eq(holders(a, "G5", who + 2), 1);
			if (!dup) {
				ck_assert_msg(n == 1, "%s: D5 held %d times",
				    strategies[k], n);
				ck_assert_ptr_null(db);
				ck_assert(json_is_false(json_object_get(v,
				    "ringable")));
				json_decref(r);
				continue;
			}
			ck_assert_msg(n == 2 && strcmp(who[0], who[1]) != 0,
			    "%s: D5 held by %d ringers", strategies[k], n);
			ck_assert(c1 > 0 && c2 > 0);
			ck_assert(json_is_true(json_object_get(v, "ringable")));
			ck_assert_int_eq(json_array_size(db), 1);
			{
				json_t *e = json_array_get(db, 0);
				json_t *cs = json_object_get(e, "copies");
				json_t *x = json_array_get(cs, 0);
				json_t *y = json_array_get(cs, 1);

				ck_assert_str_eq(json_string_value(
				    json_object_get(e, "bell")), "D5");
				ck_assert_int_eq(geti(x, "copy"), 1);
				ck_assert_int_eq(geti(y, "copy"), 2);
				ck_assert_int_eq(geti(x, "rings"), c1);
				ck_assert_int_eq(geti(y, "rings"), c2);
				ck_assert_str_ne(json_string_value(
				    json_object_get(x, "player")),
				    json_string_value(json_object_get(y,
				    "player")));
			}
			json_decref(r);
		}
	unlink(path);
}
END_TEST

/*
 * positions: G#5 written both G#5 (position F5-G5) and Ab5 (A5-B5) is a
 * shared bell.  With one G#5 it is "shared" (passed); with two it rings
 * from both copies, and shared_bells says "duplicate" exactly then.
 */
START_TEST(positions_shared_bell_duplicate)
{
	static const char *const steps = "FGGABAGFGAABGFAB";
	static const int alters[] = { 0, 0, 1, 0, 0, -1, 0, 0, 1, 0, -1, 0,
		1, 0, -1, 0 };
	char xml[8192], path[] = "/tmp/vb-spell-XXXXXX";
	size_t at = xml_begin(xml, sizeof xml, 1, 60);

	for (int i = 0; steps[i] != '\0'; i++)
		at += (size_t)snprintf(xml + at, sizeof xml - at, "<note><pitch>"
		    "<step>%c</step><alter>%d</alter><octave>5</octave></pitch>"
		    "<duration>1</duration></note>", steps[i], alters[i]);
	xml_end(xml, sizeof xml, at, path);
	for (int dup = 0; dup <= 1; dup++) {
		json_t *r = request("arrange", "{\"path\":\"%s\",\"format\":"
		    "\"musicxml\",\"players\":[{\"name\":\"Ann\",\"experience\":"
		    "\"experienced\"},{\"name\":\"Ben\",\"experience\":"
		    "\"experienced\"}],\"octave_shift\":0,\"bell_set\":{"
		    "\"lowest\":\"C4\",\"highest\":\"C7\",\"duplicates\":[%s]},"
		    "\"strategies\":[\"positions\"],\"include_simulation\":"
		    "false}", path, dup ? "\"G#5\"" : "");
		json_t *a = json_array_get(json_object_get(r, "arrangements"), 0);
		json_t *sh = json_array_get(json_object_get(json_object_get(a,
		    "positions"), "shared_bells"), 0);
		json_t *db = json_object_get(a, "duplicate_bells");
		const char *who[4];

		ck_assert_ptr_nonnull(sh);
		ck_assert_str_eq(json_string_value(json_object_get(sh, "bell")),
		    "G#5");
		ck_assert_str_eq(json_string_value(json_object_get(sh,
		    "also_written")), "Ab5");
		ck_assert_str_eq(json_string_value(json_object_get(sh,
		    "resolved")), db != NULL ? "duplicate" : "shared");
		ck_assert_int_eq(holders(a, "G#5", who), db != NULL ? 2 : 1);
		if (!dup)
			ck_assert_ptr_null(db);
		else
			ck_assert_msg(db != NULL, "two G#5s: rung from both");
		json_decref(r);
	}
	unlink(path);
}
END_TEST

/* Below the set with out_of_range "error": refused, naming the first
 * pitch the set lacks and where it first sounds. */
START_TEST(out_of_range_error)
{
	json_t *up = request("upload", "{\"path\":\"%s/corpus/blupi-music004"
	    ".mid\"}", test_dir());
	const char *low = json_string_value(json_array_get(
	    json_object_get(up, "unique_notes"), 0));
	int want = bell_from_name(low) + 12;     /* the suggested shift */
	char name[16], needle[64];
	json_t *e = request("arrange", "{\"path\":\"%s/corpus/blupi-music004"
	    ".mid\",\"players\":%s,\"bell_set\":\"5-octave\",\"out_of_range\":"
	    "\"error\"}", test_dir(), PLAYERS);
	const char *msg = json_string_value(json_object_get(e, "message"));

	ck_assert_str_eq(error_code(e), "ERR_OUT_OF_RANGE");
	snprintf(needle, sizeof needle, "%s (first in measure ",
	    pitch_name(want, name, sizeof name));
	ck_assert_msg(strstr(msg, needle) == msg + (strchr(msg, ':') - msg) +
	    2, "%s: not first in %s", needle, msg);
	ck_assert_ptr_nonnull(strstr(msg, "octave shift +12"));
	json_decref(e);
	json_decref(up);
}
END_TEST

/* A score read from the corpus (new, score_free). */
static struct score *
load(const char *name, const char *insert_after, const char *insert)
{
	struct load_options opt;
	struct vb_limits lim;
	struct vb_error err;
	size_t len;
	unsigned char *buf = test_read_corpus(name, &len);
	struct score *s;

	daemon_limits_default(&lim);
	opt.limits = &lim;
	opt.include_percussion = 0;
	if (insert != NULL) {
		char *at = strstr((char *)buf, insert_after);
		size_t off, ilen = strlen(insert);

		ck_assert_ptr_nonnull(at);
		off = (size_t)(at - (char *)buf) + strlen(insert_after);
		buf = realloc(buf, len + ilen + 1);
		memmove(buf + off + ilen, buf + off, len - off + 1);
		memcpy(buf + off, insert, ilen);
		len += ilen;
	}
	s = strstr(name, ".mid") ? score_load_midi(buf, len, &opt, &err) :
	    score_load_musicxml(buf, len, &opt, &err);
	ck_assert_msg(s != NULL, "%s: %s", name, err.message);
	free(buf);
	return s;
}

/*
 * The same piece at written pitch (the corpus file) and at sounding pitch
 * (its twin an octave up; and a MusicXML part carrying <transpose>) names
 * the same bells once each suggestion is applied, and says what decided.
 */
START_TEST(octave_detection_pairs)
{
	static const char *const written[] = {
		"abc-boys.mid",         /* a tune, median D5 */
		"abc-candlemas-eve-hymn.mid", "abc-daramud.mid",
		"musescore-fugue-1.mid", "musescore-unclaimed-gift.mid",
		"upstream-o-for-a-thousand-tongues.mid",
		"abc-candlemas-eve-hymn.musicxml",
		"musescore-fugue-1.musicxml",
		"musescore-unclaimed-gift.musicxml",
	};

	for (size_t f = 0; f < sizeof written / sizeof written[0]; f++) {
		struct score *w = load(written[f], NULL, NULL), *up;
		struct octave_suggestion sw, su;
		struct note *n = malloc(w->n_notes * sizeof *n);

		memcpy(n, w->notes, w->n_notes * sizeof *n);
		for (size_t i = 0; i < w->n_notes; i++)
			n[i].pitch += 12;
		up = score_with_notes(w, n, w->n_notes);
		/* A file at sounding pitch is a bell part's export (MuseScore
		 * 4's Hand Bells), not a piano's: named so. */
		for (size_t t = 0; t < up->n_tracks; t++) {
			free(up->tracks[t].name);
			up->tracks[t].name = strdup("Handbells");
			up->tracks[t].program = 0;
		}
		choir_suggest_octave(w, NULL, &sw);
		choir_suggest_octave(up, NULL, &su);
		ck_assert_msg(sw.shift == 12 && su.shift == 0, "%s: %d / %d "
		    "(%s / %s)", written[f], sw.shift, su.shift, sw.reason,
		    su.reason);
		ck_assert_str_eq(sw.convention, "written");
		ck_assert_str_eq(su.convention, "sounding");
		ck_assert(strcmp(sw.signal, "range") == 0 ||
		    strcmp(sw.signal, "instrument") == 0);
		ck_assert(strcmp(su.signal, "range") == 0 ||
		    strcmp(su.signal, "instrument") == 0);
		ck_assert(sw.guessed && su.guessed);
		/* A single line (the abc tunes, the gift's melody) is judged
		 * by where it fits the bells' treble, and says so. */
		if (strstr(written[f], "abc-boys") != NULL ||
		    strstr(written[f], "daramud") != NULL) {
			ck_assert_ptr_nonnull(strstr(sw.reason,
			    "single melodic line"));
			ck_assert_ptr_nonnull(strstr(su.reason,
			    "single melodic line"));
		}
		if (strstr(written[f], "hymn") != NULL)
			ck_assert_ptr_null(strstr(sw.reason, "single"));
		for (size_t i = 0; i < w->n_notes; i++)
			ck_assert_int_eq(w->notes[i].pitch + sw.shift,
			    up->notes[i].pitch + su.shift);
		free(n);
		score_free(up);
		score_free(w);
	}
	/* A part that says it sounds an octave above its notes. */
	{
		struct score *w = load("musescore-unclaimed-gift.musicxml",
		    NULL, NULL);
		struct score *t = load("musescore-unclaimed-gift.musicxml",
		    "<attributes>", "<transpose><diatonic>0</diatonic>"
		    "<chromatic>0</chromatic><octave-change>1</octave-change>"
		    "</transpose>");
		struct octave_suggestion sw, st;

		choir_suggest_octave(w, NULL, &sw);
		choir_suggest_octave(t, NULL, &st);
		ck_assert_int_eq(st.shift, 0);
		ck_assert_str_eq(st.signal, "transpose");
		ck_assert(!st.guessed);
		ck_assert_ptr_nonnull(strstr(st.reason, "<transpose>"));
		ck_assert_uint_eq(w->n_notes, t->n_notes);
		for (size_t i = 0; i < w->n_notes; i++)
			ck_assert_int_eq(w->notes[i].pitch + sw.shift,
			    t->notes[i].pitch + st.shift);
		score_free(t);
		score_free(w);
	}
}
END_TEST

/* tracks: only the chosen track is rung; the melody is its own. */
START_TEST(tracks_ring_only_those)
{
	struct score *s = load("abc-candlemas-eve-hymn.mid", NULL, NULL);
	unsigned char pitches[128] = { 0 };
	size_t in_track = 0, distinct = 0;
	int track = -1;
	json_t *r, *a, *notes;
	size_t i;

	for (size_t t = 0; t < s->n_tracks && track < 0; t++)
		if (s->tracks[t].note_count > 0)
			track = (int)t + 1;     /* the second voice */
	for (i = 0; i < s->n_notes; i++)
		if (s->notes[i].track == track) {
			in_track++;
			if (!pitches[s->notes[i].pitch]++)
				distinct++;
		}
	ck_assert(in_track > 0 && in_track < s->n_notes);
	r = request("arrange", "{\"path\":\"%s/corpus/abc-candlemas-eve-hymn"
	    ".mid\",\"players\":%s,\"tracks\":[%d],\"octave_shift\":0,"
	    "\"include_simulation\":false}", test_dir(), PLAYERS, track);
	notes = json_object_get(json_object_get(r, "choir"), "notes");
	ck_assert_int_eq(geti(notes, "rung"), (long long)in_track);
	ck_assert_int_eq(geti(notes, "left_out"),
	    (long long)(s->n_notes - in_track));
	ck_assert_int_eq(geti(r, "note_count"), (long long)distinct);
	json_array_foreach(json_object_get(r, "arrangements"), i, a) {
		json_t *as = json_object_get(a, "assignments"), *p, *b;
		const char *name;
		size_t k;

		json_object_foreach(as, name, p)
			json_array_foreach(json_object_get(p, "bells"), k, b)
				ck_assert(pitches[bell_from_name(
				    json_string_value(b))]);
	}
	json_decref(r);
	/* By name too, and an unknown one refused. */
	r = request("arrange", "{\"path\":\"%s/corpus/abc-candlemas-eve-hymn"
	    ".mid\",\"players\":%s,\"tracks\":[\"no such track\"]}",
	    test_dir(), PLAYERS);
	ck_assert_str_eq(error_code(r), "ERR_INVALID_TRACK");
	json_decref(r);
	score_free(s);
}
END_TEST

/* A pickup, 4/4, then 3/4 and 6/8: each note's measure is the number its
 * <measure> carries, its beat counted in the signature's unit. */
static const char meter_xml[] =
    "<?xml version=\"1.0\"?><score-partwise><part-list><score-part "
    "id=\"P1\"><part-name>Bells</part-name></score-part></part-list>"
    "<part id=\"P1\">"
    "<measure number=\"0\" implicit=\"yes\"><attributes><divisions>2"
    "</divisions><time><beats>4</beats><beat-type>4</beat-type></time>"
    "</attributes>"
    "<note><pitch><step>G</step><octave>4</octave></pitch><duration>2"
    "</duration></note></measure>"
    "<measure number=\"1\">"
    "<note><pitch><step>C</step><octave>5</octave></pitch><duration>4"
    "</duration></note>"
    "<note><pitch><step>D</step><octave>5</octave></pitch><duration>3"
    "</duration></note>"
    "<note><pitch><step>E</step><octave>5</octave></pitch><duration>1"
    "</duration></note></measure>"
    "<measure number=\"2\"><attributes><time><beats>3</beats><beat-type>"
    "4</beat-type></time></attributes>"
    "<note><rest/><duration>2</duration></note>"
    "<note><pitch><step>F</step><octave>5</octave></pitch><duration>4"
    "</duration></note></measure>"
    "<measure number=\"3\"><attributes><time><beats>6</beats><beat-type>"
    "8</beat-type></time></attributes>"
    "<note><pitch><step>G</step><octave>5</octave></pitch><duration>3"
    "</duration></note>"
    "<note><pitch><step>A</step><octave>5</octave></pitch><duration>3"
    "</duration></note></measure>"
    "</part></score-partwise>";

START_TEST(measures_and_beats)
{
	static const struct { int pitch, measure; double beat; } want[] = {
		{ 67, 0, 4 }, { 72, 1, 1 }, { 74, 1, 3 }, { 76, 1, 4.5 },
		{ 77, 2, 2 }, { 79, 3, 1 }, { 81, 3, 4 },
	};
	struct load_options opt;
	struct vb_limits lim;
	struct vb_error err;
	struct score *s;
	int first;

	daemon_limits_default(&lim);
	opt.limits = &lim;
	opt.include_percussion = 0;
	s = score_load_musicxml((const unsigned char *)meter_xml,
	    sizeof meter_xml - 1, &opt, &err);
	ck_assert_ptr_nonnull(s);
	ck_assert_uint_eq(s->n_notes, 7);
	for (size_t i = 0; i < 7; i++) {
		struct musical_time mt, ms;

		ck_assert_int_eq(s->notes[i].pitch, want[i].pitch);
		score_musical_time(s, s->notes[i].tick, &mt);
		ck_assert_msg(mt.measure == want[i].measure &&
		    mt.beat > want[i].beat - 1e-9 &&
		    mt.beat < want[i].beat + 1e-9, "note %zu: measure %d beat "
		    "%g", i, mt.measure, mt.beat);
		/* The same from the note's time in ms. */
		score_musical_time_ms(s, s->notes[i].start_ms, &ms);
		ck_assert_int_eq(ms.measure, mt.measure);
		ck_assert(ms.beat > mt.beat - 1e-6 && ms.beat < mt.beat + 1e-6);
	}
	ck_assert_uint_eq(s->n_time_sigs, 3);
	ck_assert_int_eq(s->time_sigs[1].measure, 2);
	ck_assert_int_eq(s->time_sigs[2].beat_type, 8);
	ck_assert_int_eq(score_measure_count(s, &first), 4);
	ck_assert_int_eq(first, 0);
	score_free(s);
}
END_TEST

/* include_musical_time: each simulation event says its measure and beat,
 * the ones the measures above give its note. */
START_TEST(simulation_musical_time)
{
	static const struct { const char *bell; int measure; double beat; }
	    want[] = {
		{ "G4", 0, 4 }, { "C5", 1, 1 }, { "D5", 1, 3 }, { "E5", 1, 4.5 },
		{ "F5", 2, 2 }, { "G5", 3, 1 }, { "A5", 3, 4 },
	};
	char path[] = "/tmp/vb-meter-XXXXXX";
	int fd = mkstemp(path), rings = 0;
	json_t *r, *pl, *ev;
	size_t i, k;

	ck_assert(fd >= 0);
	ck_assert(write(fd, meter_xml, sizeof meter_xml - 1) ==
	    (ssize_t)(sizeof meter_xml - 1));
	close(fd);
	r = request("arrange", "{\"path\":\"%s\",\"format\":\"musicxml\","
	    "\"players\":[{\"name\":\"Al\",\"experience\":\"experienced\"},"
	    "{\"name\":\"Bo\",\"experience\":\"experienced\"}],"
	    "\"octave_shift\":0,\"include_musical_time\":true,"
	    "\"strategies\":[\"balanced\"]}", path);
	unlink(path);
	json_array_foreach(json_object_get(json_object_get(json_array_get(
	    json_object_get(r, "arrangements"), 0), "simulation"), "players"),
	    i, pl) {
		json_array_foreach(json_object_get(pl, "events"), k, ev) {
			const char *bell = json_string_value(json_object_get(ev,
			    "bell_name"));
			double beat = json_number_value(json_object_get(ev,
			    "beat"));

			ck_assert(json_is_integer(json_object_get(ev,
			    "measure")));
			if (strcmp(json_string_value(json_object_get(ev,
			    "type")), "put_down") == 0)
				continue;
			for (size_t w = 0; w < 7; w++)
				if (strcmp(bell, want[w].bell) == 0) {
					ck_assert_int_eq(geti(ev, "measure"),
					    want[w].measure);
					ck_assert(beat > want[w].beat - 1e-3 &&
					    beat < want[w].beat + 1e-3);
					rings += strcmp(json_string_value(
					    json_object_get(ev, "type")),
					    "ring") == 0;
				}
		}
	}
	ck_assert_int_eq(rings, 7);
	json_decref(r);
	/* Without it (choir mode or not), events are upstream's. */
	r = request("arrange", "{\"path\":\"%s/corpus/abc-daramud.mid\","
	    "\"players\":[{\"name\":\"Al\"}],\"octave_shift\":0,"
	    "\"strategies\":[\"balanced\"]}", test_dir());
	ev = json_array_get(json_object_get(json_array_get(json_object_get(
	    json_object_get(json_array_get(json_object_get(r, "arrangements"),
	    0), "simulation"), "players"), 0), "events"), 0);
	ck_assert_ptr_nonnull(ev);
	ck_assert_ptr_null(json_object_get(ev, "measure"));
	json_decref(r);
}
END_TEST

/* A MIDI file's measures come from its time signatures: the hymn's MIDI
 * and MuseScore's MusicXML import of it put every note in the same
 * measure (the import numbers them itself). */
START_TEST(midi_measures_match_musicxml)
{
	struct score *m = load("abc-candlemas-eve-hymn.mid", NULL, NULL);
	struct score *x = load("abc-candlemas-eve-hymn.musicxml", NULL, NULL);
	size_t checked = 0;

	ck_assert(m->n_time_sigs > 0);
	ck_assert(x->n_measures > 0);
	for (size_t i = 0, j = 0; i < m->n_notes && j < x->n_notes; i++) {
		struct musical_time a, b;

		/* abc2midi plays each note one tick late (the import snaps
		 * it back): a tick past a measure's start is still in it. */
		score_musical_time(m, m->notes[i].tick, &a);
		for (j = 0; j < x->n_notes; j++) {
			double dt = x->notes[j].start_ms - m->notes[i].start_ms;

			if (x->notes[j].pitch == m->notes[i].pitch &&
			    dt > -5 && dt < 5)
				break;
		}
		if (j == x->n_notes)
			continue;
		score_musical_time(x, x->notes[j].tick, &b);
		ck_assert_msg(a.measure == b.measure, "note %zu: MIDI measure "
		    "%d, MusicXML %d", i, a.measure, b.measure);
		checked++;
		j = 0;
	}
	ck_assert_uint_ge(checked, m->n_notes * 9 / 10);
	score_free(x);
	score_free(m);
}
END_TEST

static json_t *
first_verdict(json_t *r)
{
	return json_object_get(json_array_get(json_object_get(r,
	    "arrangements"), 0), "verdict");
}

/* The verdict: virtual players, unused ringers, an over-weight beginner,
 * a C-1 bell nobody makes. */
START_TEST(verdict_cases)
{
	char players[4096];
	size_t at;
	json_t *r, *v;

	/* One ringer for the hymn's 18 bells: virtual players. */
	r = request("arrange", "{\"path\":\"%s/corpus/upstream-o-for-a-"
	    "thousand-tongues.mid\",\"players\":[{\"name\":\"Ann\","
	    "\"experience\":\"experienced\"}],\"bell_set\":\"5-octave\"}",
	    test_dir());
	v = first_verdict(r);
	ck_assert(json_is_false(json_object_get(v, "ringable")));
	ck_assert(json_array_size(json_object_get(v, "virtual_players")) > 0);
	ck_assert_ptr_nonnull(strstr(json_string_value(json_array_get(
	    json_object_get(v, "reasons"), 0)), "virtual player"));
	json_decref(r);

	/* Thirty ringers on an 11-bell tune: most have no bells. */
	at = (size_t)snprintf(players, sizeof players, "[");
	for (int i = 0; i < 30; i++)
		at += (size_t)snprintf(players + at, sizeof players - at,
		    "%s{\"name\":\"R%02d\",\"experience\":\"experienced\"}",
		    i ? "," : "", i);
	snprintf(players + at, sizeof players - at, "]");
	r = request("arrange", "{\"path\":\"%s/corpus/abc-daramud.mid\","
	    "\"players\":%s,\"bell_set\":\"5-octave\",\"strategies\":"
	    "[\"balanced\"]}", test_dir(), players);
	v = first_verdict(r);
	ck_assert_uint_eq(json_array_size(json_object_get(v,
	    "unused_ringers")) + json_integer_value(json_object_get(
	    json_array_get(json_object_get(r, "arrangements"), 0),
	    "players")), 30);
	ck_assert(json_array_size(json_object_get(v, "unused_ringers")) >= 15);
	{
		json_t *reasons = json_object_get(v, "reasons");
		const char *last = json_string_value(json_array_get(reasons,
		    json_array_size(reasons) - 1));

		ck_assert_ptr_nonnull(strstr(last, "other ringers have no "
		    "bells"));
	}
	json_decref(r);

	/* A beginner limited to 20 oz holding mid-range bells. */
	r = request("arrange", "{\"path\":\"%s/corpus/abc-daramud.mid\","
	    "\"players\":[{\"name\":\"Ed\",\"experience\":\"beginner\"},"
	    "{\"name\":\"Al\",\"experience\":\"experienced\"},{\"name\":"
	    "\"Bo\",\"experience\":\"experienced\"},{\"name\":\"Cy\","
	    "\"experience\":\"experienced\"}],\"octave_shift\":0,\"config\":"
	    "{\"max_bell_weight_oz\":{\"beginner\":20}},\"strategies\":"
	    "[\"experienced_first\",\"balanced\"]}", test_dir());
	{
		size_t i;
		json_t *a;
		int flagged = 0;

		json_array_foreach(json_object_get(r, "arrangements"), i, a) {
			json_t *ow = json_object_get(json_object_get(a,
			    "verdict"), "over_weight"), *x;
			size_t k;

			json_array_foreach(ow, k, x) {
				ck_assert_str_eq(json_string_value(
				    json_object_get(x, "player")), "Ed");
				ck_assert(json_number_value(json_object_get(x,
				    "weight_oz")) > 20);
				ck_assert_int_eq(geti(x, "limit_oz"), 20);
				flagged++;
			}
			if (json_array_size(ow) > 0)
				ck_assert(json_is_false(json_object_get(
				    json_object_get(a, "verdict"),
				    "ringable")));
		}
		ck_assert(flagged > 0);
	}
	json_decref(r);

	/* C-1 (MIDI pitch 0): no handbell, reported without any bell_set. */
	r = request("arrange", "{\"content\":\"TVRoZAAAAAYAAQABAeBNVHJrAAAAF"
	    "gCQAFCDYIAAAACQPFCDYIA8AAD/LwA=\",\"filename\":\"low.mid\","
	    "\"players\":[{\"name\":\"Ben\",\"experience\":\"beginner\"}],"
	    "\"octave_shift\":0}");
	v = first_verdict(r);
	ck_assert(json_is_false(json_object_get(v, "ringable")));
	ck_assert_str_eq(json_string_value(json_array_get(json_object_get(v,
	    "impossible_bells"), 0)), "C-1");
	ck_assert_str_eq(json_string_value(json_array_get(json_object_get(
	    json_object_get(r, "choir"), "impossible_bells"), 0)), "C-1");
	json_decref(r);
}
END_TEST

/* optimized respects the weight limits the five break. */
START_TEST(optimized_respects_weight)
{
	json_t *r = request("arrange", "{\"path\":\"%s/corpus/upstream-o-for-a-"
	    "thousand-tongues.mid\",\"players\":[{\"name\":\"Al\","
	    "\"experience\":\"experienced\"},{\"name\":\"Bo\",\"experience\":"
	    "\"experienced\"},{\"name\":\"Cy\",\"experience\":\"intermediate\"},"
	    "{\"name\":\"Di\",\"experience\":\"intermediate\"},{\"name\":\"Ed\","
	    "\"experience\":\"beginner\"},{\"name\":\"Flo\",\"experience\":"
	    "\"beginner\"},{\"name\":\"Gus\",\"experience\":\"beginner\"},"
	    "{\"name\":\"Hal\",\"experience\":\"beginner\"}],\"bell_set\":"
	    "\"5-octave\",\"octave_shift\":0,\"include_simulation\":false,"
	    "\"strategies\":[\"experienced_first\",\"balanced\",\"min_transitions\","
	    "\"fatigue_snake\",\"activity_snake\",\"optimized\"]}", test_dir());
	json_t *a;
	size_t i;
	int upstream_heavy = 0, seen = 0;

	json_array_foreach(json_object_get(r, "arrangements"), i, a) {
		size_t n = json_array_size(json_object_get(json_object_get(a,
		    "verdict"), "over_weight"));

		if (strcmp(json_string_value(json_object_get(a, "strategy")),
		    "optimized") == 0) {
			ck_assert_uint_eq(n, 0);
			seen = 1;
		} else {
			upstream_heavy += (int)n;
		}
	}
	ck_assert(seen);
	ck_assert_int_gt(upstream_heavy, 0);  /* else the test says nothing */
	json_decref(r);
}
END_TEST

/* Bad choir params are refused with their codes. */
START_TEST(bad_params)
{
	static const struct { const char *params, *code; } cases[] = {
		{ "\"bell_set\":\"4-octave\"", "ERR_INVALID_BELL_SET" },
		{ "\"bell_set\":{\"lowest\":\"C9\",\"highest\":\"C4\"}",
		    "ERR_INVALID_BELL_SET" },
		{ "\"bell_set\":{\"lowest\":\"C1\",\"highest\":\"C4\"}",
		    "ERR_INVALID_BELL_SET" },
		{ "\"bell_set\":{\"lowest\":\"C4\",\"highest\":\"C7\","
		    "\"duplicates\":[\"C8\"]}", "ERR_INVALID_BELL_SET" },
		{ "\"bell_set\":\"3-octave\",\"octave_shift\":7",
		    "ERR_INVALID_OCTAVE_SHIFT" },
		{ "\"out_of_range\":\"wrap\"", "ERR_INVALID_OUT_OF_RANGE" },
		{ "\"tracks\":[]", "ERR_INVALID_TRACK" },
		{ "\"tracks\":[99]", "ERR_INVALID_TRACK" },
		{ "\"include_musical_time\":1", "ERR_INVALID_PARAMS" },
		{ "\"config\":{\"max_bell_weight_oz\":{\"beginner\":-1}}",
		    "ERR_INVALID_CONFIG" },
	};

	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		json_t *e = request("arrange", "{\"path\":\"%s/corpus/abc-"
		    "daramud.mid\",\"players\":[{\"name\":\"A\"}],%s}",
		    test_dir(), cases[i].params);

		ck_assert_msg(error_code(e) != NULL &&
		    strcmp(error_code(e), cases[i].code) == 0, "%s: %s",
		    cases[i].params, error_code(e));
		json_decref(e);
	}
}
END_TEST

static Suite *
choir_suite(void)
{
	Suite *s = suite_create("choir");
	TCase *tc = tcase_create("choir");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_set_timeout(tc, 120);
	tcase_add_test(tc, corpus_in_the_set);
	tcase_add_test(tc, explicit_set_missing_and_duplicates);
	tcase_add_test(tc, duplicate_held_by_two_ringers);
	tcase_add_test(tc, duplicate_rung_by_two_ringers);
	tcase_add_test(tc, positions_shared_bell_duplicate);
	tcase_add_test(tc, chimes_and_omit);
	tcase_add_test(tc, out_of_range_error);
	tcase_add_test(tc, octave_detection_pairs);
	tcase_add_test(tc, tracks_ring_only_those);
	tcase_add_test(tc, measures_and_beats);
	tcase_add_test(tc, midi_measures_match_musicxml);
	tcase_add_test(tc, simulation_musical_time);
	tcase_add_test(tc, verdict_cases);
	tcase_add_test(tc, optimized_respects_weight);
	tcase_add_test(tc, bad_params);
	suite_add_tcase(s, tc);
	return s;
}

VB_TEST_MAIN(choir_suite)
