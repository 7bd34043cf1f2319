/*
 * test_export_csv.c - the CSV sheet against hand-written golden files
 * (tests/data/export/<case>.csv, from <case>.params.json with the
 * Generated time fixed), the param checks with upstream's error codes, and
 * the suggested download name.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "testlib.h"
#include "export/export.h"
#include "methods/export_params.h"

#define GENERATED "2000-01-02 03:04:05"

/* Reads a whole file; returns a new buffer (free()) or NULL. */
static char *
read_all(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	char *buf = NULL;
	long n;

	if (f == NULL)
		return NULL;
	if (fseek(f, 0, SEEK_END) == 0 && (n = ftell(f)) >= 0 &&
	    fseek(f, 0, SEEK_SET) == 0 && (buf = malloc((size_t)n + 1)) != NULL) {
		*len = fread(buf, 1, (size_t)n, f);
		buf[*len] = '\0';
	}
	fclose(f);
	return buf;
}

static json_t *
load_params(const char *name)
{
	char path[512];
	json_error_t jerr;
	json_t *p;

	snprintf(path, sizeof path, "%s/data/export/%s.params.json", test_dir(),
	    name);
	p = json_load_file(path, JSON_REJECT_DUPLICATES, &jerr);
	ck_assert_msg(p != NULL, "%s: %s", path, jerr.text);
	return p;
}

static void
check_golden(const char *name)
{
	char path[512];
	struct export_input in;
	struct vb_error err = { 0 };
	json_t *params = load_params(name);
	size_t len = 0, glen = 0;

	ck_assert_int_eq(export_input_parse(params, &in, &err), 0);
	in.generated = GENERATED;
	char *csv = export_csv(&in, &len);
	ck_assert_ptr_nonnull(csv);
	snprintf(path, sizeof path, "%s/data/export/%s.csv", test_dir(), name);
	char *golden = read_all(path, &glen);
	ck_assert_msg(golden != NULL, "cannot read %s", path);
	if (len != glen || memcmp(csv, golden, len) != 0) {
		size_t i = 0;
		while (i < len && i < glen && csv[i] == golden[i])
			i++;
		ck_abort_msg("%s: differs at byte %zu:\n got: %.60s\nwant: %.60s",
		    name, i, csv + i, golden + i);
	}
	free(golden);
	free(csv);
	json_decref(params);
}

/* Tests as data: each tests/data/export/<case>.params.json is one test
 * (a new case is two files, no code). */
static const char **golden_cases;
static int n_golden_cases;

START_TEST(golden_cases_are_there)
{
	/* The five cases of the first cut at least. */
	ck_assert_int_ge(n_golden_cases, 5);
}
END_TEST

START_TEST(golden)
{
	check_golden(golden_cases[_i]);
}
END_TEST

/* One params text, the code and field export_input_parse must give. */
struct bad_case {
	const char *params;
	const char *code;
	const char *field;
};

static const struct bad_case bad_cases[] = {
	{ "{}", "ERR_NO_DATA", "arrangement" },
	{ "{\"arrangement\":{}}", "ERR_NO_DATA", "arrangement" },
	{ "{\"arrangement\":null}", "ERR_NO_DATA", "arrangement" },
	{ "{\"arrangement\":0}", "ERR_NO_DATA", "arrangement" },
	{ "{\"arrangement\":\"\"}", "ERR_NO_DATA", "arrangement" },
	{ "{\"arrangement\":{\"A\":{}},\"players\":{}}",
	    "ERR_INVALID_PLAYERS", "players" },
	{ "{\"arrangement\":{\"A\":{}},\"players\":null}",
	    "ERR_INVALID_PLAYERS", "players" },
	{ "{\"arrangement\":{\"A\":{}},\"players\":[{\"name\":\"a\",\"experience\":\"x\"},3]}",
	    "ERR_INVALID_PLAYER_FORMAT", "players[1]" },
	{ "{\"arrangement\":{\"A\":{}},\"players\":[{\"experience\":\"x\"}]}",
	    "ERR_PLAYER_NO_NAME", "players[0].name" },
	{ "{\"arrangement\":{\"A\":{}},\"players\":[{\"name\":\"a\"}]}",
	    "ERR_PLAYER_NO_EXPERIENCE", "players[0].experience" },
	/* upstream's codes come before ours, whatever the player order */
	{ "{\"arrangement\":{\"A\":{}},\"players\":[{\"name\":\"a\",\"experience\":[]},{\"name\":\"b\"}]}",
	    "ERR_PLAYER_NO_EXPERIENCE", "players[1].experience" },
	{ "{\"arrangement\":{\"A\":{}},\"players\":[{\"name\":\"a\",\"experience\":{}}]}",
	    "ERR_INVALID_PLAYER_FORMAT", "players[0].experience" },
	/* players are checked before the arrangement's shape (upstream) */
	{ "{\"arrangement\":[1],\"players\":[{}]}",
	    "ERR_PLAYER_NO_NAME", "players[0].name" },
	{ "{\"arrangement\":[1]}", "ERR_INVALID_ARRANGEMENT", "arrangement" },
	{ "{\"arrangement\":true}", "ERR_INVALID_ARRANGEMENT", "arrangement" },
	{ "{\"arrangement\":{\"assignments\":[1]}}",
	    "ERR_INVALID_ARRANGEMENT", "arrangement.assignments" },
	{ "{\"arrangement\":{\"A\":5}}",
	    "ERR_INVALID_ARRANGEMENT", "arrangement.assignments.A" },
	{ "{\"arrangement\":{\"A\":{\"left_hand\":null}}}",
	    "ERR_INVALID_ARRANGEMENT", "arrangement.assignments.A.left_hand" },
	{ "{\"arrangement\":{\"A\":{\"right_hand\":[\"C4\",4]}}}",
	    "ERR_INVALID_ARRANGEMENT", "arrangement.assignments.A.right_hand" },
	{ "{\"arrangement\":{\"A\":{\"bells\":\"C4\"}}}",
	    "ERR_INVALID_ARRANGEMENT", "arrangement.assignments.A.bells" },
	{ "{\"arrangement\":{\"A\":{}},\"filename\":null}",
	    "ERR_INVALID_PARAMS", "filename" },
	{ "{\"arrangement\":{\"A\":{}},\"strategy\":5}",
	    "ERR_INVALID_PARAMS", "strategy" },
	{ "{\"arrangement\":{\"A\":{}},\"swaps\":[1]}",
	    "ERR_INVALID_SWAPS", "swaps" },
	{ "{\"arrangement\":{\"A\":{}},\"swaps\":{\"A\":{\"total\":1}}}",
	    "ERR_INVALID_SWAPS", "swaps.A" },
};

START_TEST(bad_params)
{
	const struct bad_case *c = &bad_cases[_i];
	struct export_input in;
	struct vb_error err = { 0 };
	json_t *params = json_loads(c->params, 0, NULL);

	ck_assert_ptr_nonnull(params);
	ck_assert_int_eq(export_input_parse(params, &in, &err), -1);
	ck_assert_msg(strcmp(err.code, c->code) == 0 &&
	    strcmp(err.field, c->field) == 0, "%s: got %s %s, want %s %s",
	    c->params, err.code, err.field, c->code, c->field);
	ck_assert_int_eq(err.rpc_code, RPC_INVALID_PARAMS);
	json_decref(params);
}
END_TEST

START_TEST(defaults)
{
	struct export_input in;
	struct vb_error err = { 0 };
	json_t *params = json_loads("{\"arrangement\":{\"A\":{}},"
	    "\"strategy\":null,\"swaps\":null}", 0, NULL);

	ck_assert_int_eq(export_input_parse(params, &in, &err), 0);
	ck_assert_str_eq(in.filename, "arrangement");
	ck_assert_ptr_null(in.strategy);   /* None: an empty cell */
	ck_assert_ptr_null(in.swaps);
	ck_assert_ptr_null(in.players);
	ck_assert_ptr_eq(in.assignments, in.arrangement);
	in.generated = GENERATED;
	size_t len;
	char *csv = export_csv(&in, &len);
	ck_assert_ptr_nonnull(strstr(csv, "\r\nStrategy,\r\n"));
	ck_assert_ptr_nonnull(strstr(csv, "\r\nA,unknown,,,0\r\n"));
	free(csv);
	json_decref(params);
}
END_TEST

START_TEST(suggested_names)
{
	static const char *const cases[][3] = {
		{ "hymn.mid", "csv", "arrangement_hymn_20001231_235959.csv" },
		{ "My Song (v2).final.mid", "csv",
		    "arrangement_My_Song__v2__20001231_235959.csv" },
		{ ".hidden.mid", "json", "arrangement__20001231_235959.json" },
		{ "noext", "mid", "arrangement_noext_20001231_235959.mid" },
		{ "../../etc/passwd", "csv", "arrangement__20001231_235959.csv" },
		{ "a/b\\c:d", "csv", "arrangement_a_b_c_d_20001231_235959.csv" },
		/* Unicode letters and digits stay, other symbols become '_' */
		{ "Zoë—李4.mid", "csv", "arrangement_Zoë_李4_20001231_235959.csv" },
		{ "", "csv", "arrangement__20001231_235959.csv" },
	};

	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		char *s = export_suggested_filename(cases[i][0], "20001231_235959",
		    cases[i][1]);
		ck_assert_ptr_nonnull(s);
		ck_assert_str_eq(s, cases[i][2]);
		free(s);
	}
}
END_TEST

static Suite *
export_csv_suite(void)
{
	Suite *s = suite_create("export_csv");
	TCase *tc = tcase_create("core");

	n_golden_cases = test_list_cases("data/export", ".params.json",
	    &golden_cases);
	tcase_add_test(tc, golden_cases_are_there);
	tcase_add_loop_test(tc, golden, 0, n_golden_cases);
	tcase_add_loop_test(tc, bad_params, 0,
	    (int)(sizeof bad_cases / sizeof bad_cases[0]));
	tcase_add_test(tc, defaults);
	tcase_add_test(tc, suggested_names);
	suite_add_tcase(s, tc);
	return s;
}

VB_TEST_MAIN(export_csv_suite)
