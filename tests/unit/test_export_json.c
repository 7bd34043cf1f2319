/*
 * test_export_json.c - the `json` export: a document that reads back with
 * the arrangement, players and metadata it was given, and that fed back
 * to export gives the same CSV sheet and the same document (round trip).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "testlib.h"
#include "export/export.h"
#include "methods/export_params.h"
#include "core/version.h"

#define GENERATED "2000-01-02 03:04:05"

static json_t *
load_case(const char *name)
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

/* Formats params as csv or json; returns a new buffer. */
static char *
format(const json_t *params, int as_json, size_t *len)
{
	struct export_input in;
	struct vb_error err = { 0 };
	char *out;

	ck_assert_msg(export_input_parse(params, &in, &err) == 0, "%s",
	    err.message);
	in.generated = GENERATED;
	out = as_json ? export_json(&in, len) : export_csv(&in, len);
	ck_assert_ptr_nonnull(out);
	return out;
}

/* The export params a tool would build from a json document. */
static json_t *
params_from_document(const json_t *doc)
{
	const json_t *meta = json_object_get(doc, "metadata");
	const json_t *arr = json_object_get(doc, "arrangement");
	json_t *p = json_pack("{s:O, s:O, s:O, s:O}",
	    "arrangement", arr,
	    "players", json_object_get(doc, "players"),
	    "filename", json_object_get(meta, "filename"),
	    "strategy", json_object_get(meta, "strategy"));

	if (json_object_get(arr, "swaps") != NULL)
		json_object_set(p, "swaps", json_object_get(arr, "swaps"));
	return p;
}

static void
round_trip(const char *name)
{
	json_t *params = load_case(name);
	size_t len1, len2, csv1_len, csv2_len;
	char *doc_text = format(params, 1, &len1);
	json_error_t jerr;

	ck_assert_int_eq(doc_text[len1 - 1], '\n');
	ck_assert_uint_eq(strlen(doc_text), len1);
	json_t *doc = json_loadb(doc_text, len1, JSON_REJECT_DUPLICATES, &jerr);
	ck_assert_msg(doc != NULL, "%s: %s", name, jerr.text);

	json_t *again = params_from_document(doc);
	char *doc2 = format(again, 1, &len2);
	ck_assert_uint_eq(len1, len2);
	ck_assert_str_eq(doc_text, doc2);
	char *csv1 = format(params, 0, &csv1_len);
	char *csv2 = format(again, 0, &csv2_len);
	ck_assert_uint_eq(csv1_len, csv2_len);
	ck_assert_int_eq(memcmp(csv1, csv2, csv1_len), 0);

	free(csv1);
	free(csv2);
	free(doc2);
	free(doc_text);
	json_decref(again);
	json_decref(doc);
	json_decref(params);
}

START_TEST(round_trips)
{
	static const char *const cases[] = {
		"basic", "quoting", "sharps_flats", "swap_fallback",
		"assignments_only",
	};

	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
		round_trip(cases[i]);
}
END_TEST

START_TEST(document_shape)
{
	json_t *params = load_case("basic");
	size_t len;
	char *text = format(params, 1, &len);
	json_t *doc = json_loads(text, 0, NULL);
	const json_t *meta = json_object_get(doc, "metadata");
	const json_t *arr = json_object_get(doc, "arrangement");

	ck_assert_ptr_nonnull(doc);
	ck_assert_str_eq(json_string_value(json_object_get(doc, "format")),
	    "vibebells-arrangement");
	ck_assert_int_eq(json_integer_value(json_object_get(doc,
	    "format_version")), 1);
	ck_assert_str_eq(json_string_value(json_object_get(meta, "generator")),
	    "vibebellsd");
	ck_assert_str_eq(json_string_value(json_object_get(meta, "version")),
	    VB_VERSION_STRING);
	ck_assert_str_eq(json_string_value(json_object_get(meta, "generated")),
	    GENERATED);
	ck_assert_str_eq(json_string_value(json_object_get(meta, "filename")),
	    "hymn.mid");
	ck_assert_str_eq(json_string_value(json_object_get(meta, "strategy")),
	    "balanced");
	ck_assert(json_equal(json_object_get(doc, "players"),
	    json_object_get(params, "players")));
	/* The full arrangement keeps its keys; the swaps param wins over
	 * the arrangement's own (it is what the sheet used). */
	const json_t *given = json_object_get(params, "arrangement");
	ck_assert_int_eq(json_object_size(arr), json_object_size(given));
	ck_assert(json_equal(json_object_get(arr, "assignments"),
	    json_object_get(given, "assignments")));
	ck_assert_str_eq(json_string_value(json_object_get(arr, "description")),
	    "Evenly distribute melody notes");
	ck_assert(json_equal(json_object_get(arr, "swaps"),
	    json_object_get(params, "swaps")));
	free(text);
	json_decref(doc);
	json_decref(params);
}
END_TEST

START_TEST(bare_assignments_wrapped)
{
	json_t *params = load_case("assignments_only");
	size_t len;
	char *text = format(params, 1, &len);
	json_t *doc = json_loads(text, 0, NULL);
	const json_t *arr = json_object_get(doc, "arrangement");

	ck_assert_int_eq(json_object_size(arr), 1);
	ck_assert(json_equal(json_object_get(arr, "assignments"),
	    json_object_get(params, "arrangement")));
	ck_assert_int_eq(json_array_size(json_object_get(doc, "players")), 0);
	ck_assert_str_eq(json_string_value(json_object_get(
	    json_object_get(doc, "metadata"), "strategy")), "unknown");
	free(text);
	json_decref(doc);
	json_decref(params);
}
END_TEST

static Suite *
export_json_suite(void)
{
	Suite *s = suite_create("export_json");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, round_trips);
	tcase_add_test(tc, document_shape);
	tcase_add_test(tc, bare_assignments_wrapped);
	suite_add_tcase(s, tc);
	return s;
}

VB_TEST_MAIN(export_json_suite)
