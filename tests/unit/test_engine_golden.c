/*
 * test_engine_golden.c - the whole pipeline against upstream's own output:
 * every case of tests/golden-oracle/cases.txt (a corpus MIDI file and a
 * player list) must give exactly the JSON upstream's code gave
 * (tests/data/golden/<case>.json.gz, made by make-goldens.sh; see
 * tests/data/golden/README.md).  Numbers compare with their type: 50 is
 * not 50.0.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "testlib.h"
#include "engine/engine.h"
#include "engine_smf.h"

static json_t *
load_gz(const char *path)
{
	char cmd[1200];
	FILE *p;
	json_t *v;
	json_error_t je;

	snprintf(cmd, sizeof cmd, "gzip -dc '%s'", path);
	p = popen(cmd, "r");
	ck_assert_ptr_nonnull(p);
	v = json_loadf(p, 0, &je);
	pclose(p);
	return v;
}

static enum player_level
level_of(json_t *pl)
{
	json_t *e = json_object_get(pl, "experience");
	const char *s;

	if (e == NULL)
		return LEVEL_MISSING;
	s = json_string_value(e);
	if (strcmp(s, "experienced") == 0)
		return LEVEL_EXPERIENCED;
	if (strcmp(s, "intermediate") == 0)
		return LEVEL_INTERMEDIATE;
	if (strcmp(s, "beginner") == 0)
		return LEVEL_BEGINNER;
	return LEVEL_UNKNOWN;
}

static char *
trim(char *s)
{
	char *e;

	while (*s == ' ')
		s++;
	e = s + strlen(s);
	while (e > s && (e[-1] == ' ' || e[-1] == '\n'))
		*--e = '\0';
	return s;
}

static int
run_case(const char *name, const char *file, const char *players_json)
{
	char path[1024];
	struct score *s;
	json_t *players, *expected, *got, *pl;
	struct arrange_player p[64] = { 0 };
	struct arrange_request req;
	struct json_out o;
	struct vb_error err;
	json_error_t je;
	size_t i, len;
	char *text;
	int equal;

	snprintf(path, sizeof path, "%s/corpus/%s", test_dir(), file);
	s = engine_smf_load(path);
	ck_assert_msg(s != NULL, "cannot read %s", path);
	players = json_loads(players_json, 0, &je);
	ck_assert_ptr_nonnull(players);
	json_array_foreach(players, i, pl) {
		p[i].name = json_string_value(json_object_get(pl, "name"));
		p[i].level = level_of(pl);
	}
	memset(&req, 0, sizeof req);
	req.score = s;
	req.players = p;
	req.n_players = json_array_size(players);
	req.strategies = STRATEGY_UPSTREAM;  /* the goldens are upstream's output */
	req.include_simulation = 1;
	arrange_config_default(&req.config);
	json_out_init(&o);
	ck_assert_int_eq(arrange_write(&req, &o, &err), 0);
	text = json_out_steal(&o, &len);
	got = json_loadb(text, len, 0, &je);
	ck_assert_msg(got != NULL, "%s: our output is not JSON: %s", name,
	    je.text);
	snprintf(path, sizeof path, "%s/data/golden/%s.json.gz", test_dir(),
	    name);
	expected = load_gz(path);
	ck_assert_msg(expected != NULL, "cannot read %s", path);
	equal = json_equal(expected, got);
	json_decref(expected);
	json_decref(got);
	json_decref(players);
	free(text);
	score_free(s);
	return equal;
}

/* Tests as data: each line of tests/golden-oracle/cases.txt is one test
 * (its golden is tests/data/golden/<name>.json.gz), so one case that
 * differs hides no other. */
struct golden_case {
	char name[64], file[256], players[4096];
};
static struct golden_case cases[64];
static int n_cases;

static void
read_cases(void)
{
	char path[1024], line[4400];
	FILE *f;

	snprintf(path, sizeof path, "%s/golden-oracle/cases.txt", test_dir());
	f = fopen(path, "r");
	if (f == NULL)
		return;     /* cases_are_there fails */
	while (fgets(line, sizeof line, f) != NULL && n_cases < 64) {
		char *a, *b, *c;

		if (line[0] == '#' || line[0] == '\n')
			continue;
		a = strtok(line, "|");
		b = strtok(NULL, "|");
		c = strtok(NULL, "\n");
		if (!(a && b && c))
			continue;   /* cases_are_there counts the lines */
		snprintf(cases[n_cases].name, sizeof cases[0].name, "%s", trim(a));
		snprintf(cases[n_cases].file, sizeof cases[0].file, "%s", trim(b));
		snprintf(cases[n_cases].players, sizeof cases[0].players, "%s",
		    trim(c));
		n_cases++;
	}
	fclose(f);
}

/* Every case line was read (none malformed, the file there). */
START_TEST(cases_are_there)
{
	char path[1024], line[4400];
	FILE *f;
	int lines = 0;

	snprintf(path, sizeof path, "%s/golden-oracle/cases.txt", test_dir());
	f = fopen(path, "r");
	ck_assert_msg(f != NULL, "cannot read %s", path);
	while (fgets(line, sizeof line, f) != NULL)
		lines += line[0] != '#' && line[0] != '\n';
	fclose(f);
	ck_assert_int_eq(n_cases, lines);
	ck_assert_int_ge(n_cases, 10);
}
END_TEST

START_TEST(golden_case_matches_upstream)
{
	const struct golden_case *c = &cases[_i];

	ck_assert_msg(run_case(c->name, c->file, c->players),
	    "golden case %s differs from upstream", c->name);
}
END_TEST

static Suite *
golden_suite(void)
{
	Suite *s = suite_create("engine_golden");
	TCase *tc = tcase_create("golden");

	read_cases();
	tcase_set_timeout(tc, 120);
	tcase_add_test(tc, cases_are_there);
	tcase_add_loop_test(tc, golden_case_matches_upstream, 0, n_cases);
	suite_add_tcase(s, tc);
	return s;
}

VB_TEST_MAIN(golden_suite)
