/*
 * test_error_codes.c - the one list of data.code values (core/error.c)
 * against what PROTOCOL.md documents and what the sources send: a code
 * added in one place and not the others fails here.
 */
#include <ctype.h>
#include <dirent.h>
#include <stdio.h>
#include <string.h>

#include "testlib.h"
#include "core/error.h"

/* Calls fn for every ERR_[A-Z0-9_]+ word of text (quoted only, if asked). */
static void
each_code(const char *text, int quoted, void (*fn)(const char *, void *),
    void *arg)
{
	for (const char *p = text; (p = strstr(p, "ERR_")) != NULL; ) {
		char code[64];
		size_t n = 0;

		while (n + 1 < sizeof code && (isupper((unsigned char)p[n]) ||
		    isdigit((unsigned char)p[n]) || p[n] == '_'))
			code[n] = p[n], n++;
		code[n] = '\0';
		/* "ERR_*" in prose names them all, not a code. */
		if (n > 4 && (!quoted || (p > text && p[-1] == '"' && p[n] == '"')))
			fn(code, arg);
		p += n;
	}
}

static void
must_be_listed(const char *code, void *where)
{
	ck_assert_msg(vb_error_code_find(code) != NULL,
	    "%s (in %s) is not in core/error.c's vb_error_codes", code,
	    (const char *)where);
}

static char *
protocol_md(void)
{
	char path[1024];
	size_t len;
	char *doc;

	snprintf(path, sizeof path, "%s/../protocol/PROTOCOL.md", test_dir());
	doc = (char *)test_read_file(path, &len);
	ck_assert_msg(doc != NULL, "cannot read %s", path);
	return doc;
}

START_TEST(every_listed_code_is_documented)
{
	char *doc = protocol_md();

	for (size_t i = 0; i < vb_error_code_count; i++) {
		char quoted[80];

		snprintf(quoted, sizeof quoted, "`%s`", vb_error_codes[i].code);
		ck_assert_msg(strstr(doc, quoted) != NULL,
		    "%s is not documented in protocol/PROTOCOL.md",
		    vb_error_codes[i].code);
		ck_assert_msg(vb_error_codes[i].meaning[0] != '\0' &&
		    vb_error_codes[i].rpc_code < 0, "%s: no meaning or code",
		    vb_error_codes[i].code);
	}
	free(doc);
}
END_TEST

START_TEST(every_documented_code_is_listed)
{
	char *doc = protocol_md();

	each_code(doc, 0, must_be_listed, "protocol/PROTOCOL.md");
	free(doc);
}
END_TEST

START_TEST(codes_are_listed_once)
{
	for (size_t i = 0; i < vb_error_code_count; i++)
		for (size_t j = i + 1; j < vb_error_code_count; j++)
			ck_assert_str_ne(vb_error_codes[i].code,
			    vb_error_codes[j].code);
}
END_TEST

/* Every "ERR_..." string literal under daemon/. */
static int
scan_dir(const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *de;
	int files = 0;

	ck_assert_msg(d != NULL, "cannot open %s", dir);
	while ((de = readdir(d)) != NULL) {
		char path[1400];
		size_t len, n = strlen(de->d_name);
		char *text;

		if (de->d_name[0] == '.')
			continue;
		snprintf(path, sizeof path, "%s/%s", dir, de->d_name);
		if (de->d_type == DT_DIR) {
			files += scan_dir(path);
			continue;
		}
		if (n < 2 || (strcmp(de->d_name + n - 2, ".c") != 0 &&
		    strcmp(de->d_name + n - 2, ".h") != 0))
			continue;
		text = (char *)test_read_file(path, &len);
		ck_assert_msg(text != NULL, "cannot read %s", path);
		each_code(text, 1, must_be_listed, path);
		free(text);
		files++;
	}
	closedir(d);
	return files;
}

START_TEST(every_code_the_sources_send_is_listed)
{
	char dir[1024];

	snprintf(dir, sizeof dir, "%s/../daemon", test_dir());
	ck_assert_int_gt(scan_dir(dir), 50);
}
END_TEST

/* The check itself must be able to fail. */
START_TEST(an_unlisted_code_is_found)
{
	ck_assert_ptr_null(vb_error_code_find("ERR_NOT_A_CODE"));
	ck_assert_ptr_nonnull(vb_error_code_find("ERR_NO_MEMORY"));
}
END_TEST

static Suite *
error_codes_suite(void)
{
	Suite *s = suite_create("error_codes");
	TCase *tc = tcase_create("list");

	tcase_add_test(tc, every_listed_code_is_documented);
	tcase_add_test(tc, every_documented_code_is_listed);
	tcase_add_test(tc, codes_are_listed_once);
	tcase_add_test(tc, every_code_the_sources_send_is_listed);
	tcase_add_test(tc, an_unlisted_code_is_found);
	suite_add_tcase(s, tc);
	return s;
}

VB_TEST_MAIN(error_codes_suite)
