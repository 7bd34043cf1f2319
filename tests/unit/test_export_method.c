/*
 * test_export_method.c - the `export` method through dispatch_call, as a
 * request runs it: result shapes per format, the midi format with a
 * held score (base64 content that decodes to the same file the path
 * variant writes), and the score_id errors.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <smf.h>

#include "testlib.h"
#include "core/daemon.h"
#include "music/score_store.h"
#include "transport/dispatch.h"

#define d test_daemon    /* the shared fixture (testlib.h) */
static char score_id[32];
static char dir[256];

static void
setup(void)
{
	struct score *s = score_new();

	test_daemon_setup();
	s->filename = strdup("hymn.mid");
	s->ticks_per_beat = 96;
	s->n_notes = 3;
	s->notes = calloc(3, sizeof *s->notes);
	for (int i = 0; i < 3; i++) {
		s->notes[i].pitch = 60 + 2 * i;  /* C4 D4 E4 */
		s->notes[i].tick = 96 * i;
		s->notes[i].dur_ticks = 96;
		s->notes[i].velocity = 64;
	}
	score_note_times(s);
	ck_assert_int_eq(score_store_put(d.store, s, score_id,
	    sizeof score_id), 0);
	snprintf(dir, sizeof dir, "/tmp/vb-export-XXXXXX");
	ck_assert_ptr_nonnull(mkdtemp(dir));
}

static void
teardown(void)
{
	char cmd[300];

	test_daemon_teardown();
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
	ck_assert_int_eq(system(cmd), 0);
}

static json_t *
call(const char *fmt, const char *path, struct vb_error *err)
{
	json_t *params = json_pack("{s:{s:{s:[s,s]}, s:{s:[s]}}, s:s, s:s}",
	    "arrangement",
	    "Alice", "left_hand", "C4", "D4",
	    "Bob", "right_hand", "E4",
	    "format", fmt, "score_id", score_id);
	if (path != NULL)
		json_object_set_new(params, "path", json_string(path));
	json_t *r = dispatch_call(&d, "export", params, err);
	json_decref(params);
	return r;
}

static int
b64_value(int c)
{
	const char *abc =
	    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
	const char *p = strchr(abc, c);
	return c != '\0' && p != NULL ? (int)(p - abc) : -1;
}

/* Decodes padded base64; returns a new buffer. */
static unsigned char *
b64_decode(const char *s, size_t *len)
{
	size_t n = strlen(s);
	unsigned char *out = malloc(n / 4 * 3 + 1);

	ck_assert_uint_eq(n % 4, 0);
	*len = 0;
	for (size_t i = 0; i < n; i += 4) {
		int v[4];
		for (int k = 0; k < 4; k++)
			v[k] = s[i + k] == '=' ? 0 : b64_value(s[i + k]);
		for (int k = 0; k < 4; k++)
			ck_assert_int_ge(v[k], 0);
		unsigned w = (unsigned)(v[0] << 18 | v[1] << 12 | v[2] << 6 | v[3]);
		out[(*len)++] = (unsigned char)(w >> 16);
		if (s[i + 2] != '=')
			out[(*len)++] = (unsigned char)(w >> 8);
		if (s[i + 3] != '=')
			out[(*len)++] = (unsigned char)w;
	}
	return out;
}

START_TEST(midi_inline_and_to_path)
{
	struct vb_error err = { 0 };
	json_t *r = call("midi", NULL, &err);
	size_t len;
	char path[300];

	ck_assert_msg(r != NULL, "%s", err.message);
	ck_assert_str_eq(json_string_value(json_object_get(r, "mime_type")),
	    "audio/midi");
	const char *name = json_string_value(json_object_get(r,
	    "suggested_filename"));
	ck_assert_int_eq(strncmp(name, "arrangement_arrangement_", 24), 0);
	ck_assert_str_eq(name + strlen(name) - 4, ".mid");
	unsigned char *midi = b64_decode(json_string_value(json_object_get(r,
	    "content")), &len);
	ck_assert_int_eq(json_integer_value(json_object_get(r, "bytes")),
	    (json_int_t)len);
	smf_t *smf = smf_load_from_memory(midi, (int)len);
	ck_assert_ptr_nonnull(smf);
	ck_assert_int_eq(smf->number_of_tracks, 3);  /* tempo, Alice, Bob */
	ck_assert_int_eq(smf->ppqn, 96);
	smf_delete(smf);
	json_decref(r);

	snprintf(path, sizeof path, "%s/parts.mid", dir);
	r = call("midi", path, &err);
	ck_assert_msg(r != NULL, "%s", err.message);
	ck_assert_str_eq(json_string_value(json_object_get(r, "path")), path);
	ck_assert_int_eq(json_integer_value(json_object_get(r, "bytes")),
	    (json_int_t)len);
	FILE *f = fopen(path, "rb");
	unsigned char *disk = malloc(len + 1);
	ck_assert_ptr_nonnull(f);
	ck_assert_uint_eq(fread(disk, 1, len + 1, f), len);
	fclose(f);
	ck_assert_int_eq(memcmp(disk, midi, len), 0);
	free(disk);
	free(midi);
	json_decref(r);
}
END_TEST

START_TEST(csv_and_json_results)
{
	struct vb_error err = { 0 };
	json_t *r = call("csv", NULL, &err);

	ck_assert_msg(r != NULL, "%s", err.message);
	ck_assert_int_eq(json_object_size(r), 5);
	ck_assert_str_eq(json_string_value(json_object_get(r, "format")), "csv");
	ck_assert_str_eq(json_string_value(json_object_get(r, "mime_type")),
	    "text/csv");
	ck_assert_int_eq(json_integer_value(json_object_get(r, "bytes")),
	    (json_int_t)json_string_length(json_object_get(r, "content")));
	ck_assert_int_eq(strncmp(json_string_value(json_object_get(r, "content")),
	    "Metadata\r\n", 10), 0);
	json_decref(r);
	r = call("json", NULL, &err);
	ck_assert_msg(r != NULL, "%s", err.message);
	ck_assert_str_eq(json_string_value(json_object_get(r, "mime_type")),
	    "application/json");
	json_t *doc = json_loads(json_string_value(json_object_get(r,
	    "content")), 0, NULL);
	ck_assert_ptr_nonnull(doc);
	ck_assert_ptr_nonnull(json_object_get(json_object_get(doc,
	    "arrangement"), "assignments"));
	json_decref(doc);
	json_decref(r);
}
END_TEST

START_TEST(midi_score_errors)
{
	struct vb_error err = { 0 };

	score_store_close(d.store, score_id);
	ck_assert_ptr_null(call("midi", NULL, &err));
	ck_assert_str_eq(err.code, "ERR_UNKNOWN_SCORE");
	ck_assert_int_eq(err.rpc_code, RPC_NOT_FOUND);
	/* a failed export writes nothing */
	char path[300];
	snprintf(path, sizeof path, "%s/x.mid", dir);
	ck_assert_ptr_null(call("midi", path, &err));
	ck_assert_int_ne(access(path, F_OK), 0);
}
END_TEST

static Suite *
export_method_suite(void)
{
	Suite *s = suite_create("export_method");
	TCase *tc = tcase_create("core");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, midi_inline_and_to_path);
	tcase_add_test(tc, csv_and_json_results);
	tcase_add_test(tc, midi_score_errors);
	suite_add_tcase(s, tc);
	return s;
}

VB_TEST_MAIN(export_method_suite)
