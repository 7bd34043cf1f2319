/*
 * testlib.h - what every Check test binary shares.  A test file defines
 * its suite and ends with VB_TEST_MAIN(suite_fn).  tests/run-all.sh reads
 * Check's "Checks: N, Failures: F, Errors: E" line from each binary.
 */
#ifndef VB_TESTLIB_H
#define VB_TESTLIB_H

#include <check.h>
#include <stdlib.h>

#include "core/daemon.h"

/* Absolute path of the repo's tests/ folder (set by run-all.sh), so
 * tests can find tests/data and the bundled corpus. */
static inline const char *
test_dir(void)
{
	const char *d = getenv("VB_TEST_DIR");
	return d ? d : "tests";
}

/* A whole file in a new buffer (NUL-terminated, free()); NULL if it
 * cannot be read.  test_read_corpus fails the test instead. */
unsigned char *test_read_file(const char *path, size_t *len);
unsigned char *test_read_corpus(const char *name, size_t *len);
/* Calls fn(name, contents, len, arg) for each file of tests/<sub> (the
 * contents are freed after); returns how many. */
int test_each_file(const char *sub, void (*fn)(const char *, unsigned char *,
    size_t, void *), void *arg);

/*
 * The names (without suffix) of the files of tests/<sub> ending in
 * suffix, sorted, for tests as data: one Check loop test a file, so that
 * one failing case hides no other.  Returns how many (at most max); the
 * list is freed at exit.
 */
int test_list_cases(const char *sub, const char *suffix, const char ***names);

/*
 * The daemon of tests that call methods: default limits, an empty store.
 * test_daemon_setup/teardown are a Check fixture
 * (tcase_add_checked_fixture), or called by a test's own fixture.
 */
extern struct daemon test_daemon;
void test_daemon_setup(void);
void test_daemon_teardown(void);

#define VB_TEST_MAIN(suite_fn)                                         \
	int main(void)                                                 \
	{                                                              \
		SRunner *sr = srunner_create(suite_fn());              \
		srunner_run_all(sr, CK_NORMAL);                        \
		int failed = srunner_ntests_failed(sr);                \
		srunner_free(sr);                                      \
		return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;      \
	}

#endif
