/*
 * test_write_file.c - export_write_file: creates, replaces only with
 * overwrite, refuses directories, missing parents, devices and fifos and
 * unwritable folders with their codes, and leaves no temporary file behind
 * after any of them (including a write that fails half-way).
 */
#include <dirent.h>
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>

#include "testlib.h"
#include "export/export.h"

static char dir[256];

static void
setup(void)
{
	snprintf(dir, sizeof dir, "/tmp/vb-atomic-XXXXXX");
	ck_assert_ptr_nonnull(mkdtemp(dir));
}

static void
teardown(void)
{
	char cmd[300];

	chmod(dir, 0755);
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
	ck_assert_int_eq(system(cmd), 0);
}

static void
path_in(char *buf, size_t len, const char *name)
{
	snprintf(buf, len, "%s/%s", dir, name);
}

static void
write_text(const char *path, const char *text)
{
	FILE *f = fopen(path, "w");

	ck_assert_ptr_nonnull(f);
	fputs(text, f);
	ck_assert_int_eq(fclose(f), 0);
}

static void
assert_content(const char *path, const char *want)
{
	char buf[256] = "";
	FILE *f = fopen(path, "r");

	ck_assert_ptr_nonnull(f);
	size_t n = fread(buf, 1, sizeof buf - 1, f);
	buf[n] = '\0';
	fclose(f);
	ck_assert_str_eq(buf, want);
}

/* The folder holds exactly `want` entries and no temporary file. */
static void
assert_clean(const char *d, int want)
{
	DIR *dp = opendir(d);
	struct dirent *e;
	int n = 0;

	ck_assert_ptr_nonnull(dp);
	while ((e = readdir(dp)) != NULL) {
		if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
			continue;
		ck_assert_msg(strstr(e->d_name, ".vbtmp-") == NULL,
		    "temporary file left: %s", e->d_name);
		n++;
	}
	closedir(dp);
	ck_assert_int_eq(n, want);
}

static void
expect_error(const char *path, int overwrite, const char *code)
{
	struct vb_error err = { 0 };

	ck_assert_int_eq(export_write_file(path, "new", 3, overwrite, NULL,
	    &err), -1);
	ck_assert_msg(strcmp(err.code, code) == 0, "%s: got %s (%s), want %s",
	    path, err.code, err.message, code);
	ck_assert_str_eq(err.field, "path");
}

START_TEST(creates_file)
{
	char path[300], *abs = NULL;
	struct vb_error err = { 0 };
	struct stat st;
	mode_t old = umask(022);

	path_in(path, sizeof path, "out.csv");
	ck_assert_int_eq(export_write_file(path, "a,b\r\n", 5, 0, &abs, &err),
	    0);
	umask(old);
	assert_content(path, "a,b\r\n");
	ck_assert_int_eq(stat(path, &st), 0);
	ck_assert_int_eq(st.st_mode & 0777, 0644);
	ck_assert_ptr_nonnull(abs);
	ck_assert_int_eq(abs[0], '/');
	ck_assert_ptr_nonnull(strstr(abs, "/out.csv"));
	free(abs);
	assert_clean(dir, 1);
}
END_TEST

START_TEST(existing_untouched_without_overwrite)
{
	char path[300];

	path_in(path, sizeof path, "out.csv");
	write_text(path, "old");
	expect_error(path, 0, "ERR_FILE_EXISTS");
	assert_content(path, "old");
	assert_clean(dir, 1);
}
END_TEST

START_TEST(overwrite_replaces)
{
	char path[300];
	struct vb_error err = { 0 };

	path_in(path, sizeof path, "out.csv");
	write_text(path, "old content, longer than the new");
	ck_assert_int_eq(export_write_file(path, "new", 3, 1, NULL, &err), 0);
	assert_content(path, "new");
	assert_clean(dir, 1);
}
END_TEST

START_TEST(empty_content)
{
	char path[300];
	struct vb_error err = { 0 };

	path_in(path, sizeof path, "empty");
	ck_assert_int_eq(export_write_file(path, "", 0, 0, NULL, &err), 0);
	assert_content(path, "");
}
END_TEST

START_TEST(directory_refused)
{
	char path[300];

	path_in(path, sizeof path, "sub");
	ck_assert_int_eq(mkdir(path, 0755), 0);
	expect_error(path, 0, "ERR_PATH_IS_DIRECTORY");
	expect_error(path, 1, "ERR_PATH_IS_DIRECTORY");
	expect_error(dir, 1, "ERR_PATH_IS_DIRECTORY");
	path_in(path, sizeof path, "sub/");
	expect_error(path, 1, "ERR_PATH_IS_DIRECTORY");
	path_in(path, sizeof path, "sub/..");
	expect_error(path, 1, "ERR_PATH_IS_DIRECTORY");
	assert_clean(dir, 1);
}
END_TEST

START_TEST(missing_parent_refused)
{
	char path[300];

	path_in(path, sizeof path, "nope/out.csv");
	expect_error(path, 0, "ERR_NO_PARENT_DIRECTORY");
	path_in(path, sizeof path, "file");
	write_text(path, "x");
	path_in(path, sizeof path, "file/out.csv");  /* parent is a file */
	expect_error(path, 1, "ERR_NO_PARENT_DIRECTORY");
	assert_clean(dir, 1);
}
END_TEST

START_TEST(special_files_refused)
{
	char path[300];

	path_in(path, sizeof path, "fifo");
	ck_assert_int_eq(mkfifo(path, 0644), 0);
	expect_error(path, 1, "ERR_NOT_REGULAR_FILE");
	expect_error("/dev/null", 1, "ERR_NOT_REGULAR_FILE");
	assert_clean(dir, 1);
}
END_TEST

START_TEST(read_only_folder_refused)
{
	char path[300];

	if (geteuid() == 0) {
		/* root writes through mode bits; sysfs refuses new files to
		 * everyone. */
		expect_error("/sys/vb-export-test.csv", 0, "ERR_PERMISSION_DENIED");
		return;
	}
	ck_assert_int_eq(chmod(dir, 0555), 0);
	path_in(path, sizeof path, "out.csv");
	expect_error(path, 0, "ERR_PERMISSION_DENIED");
	chmod(dir, 0755);
	assert_clean(dir, 0);
}
END_TEST

START_TEST(failed_write_leaves_nothing)
{
	char path[300], big[8192];
	struct vb_error err = { 0 };
	struct rlimit old, small;
	void (*old_handler)(int) = signal(SIGXFSZ, SIG_IGN);

	/* A file size limit makes write() fail half-way (EFBIG), as a full
	 * disk would. */
	memset(big, 'x', sizeof big);
	ck_assert_int_eq(getrlimit(RLIMIT_FSIZE, &old), 0);
	small = old;
	small.rlim_cur = 1000;
	ck_assert_int_eq(setrlimit(RLIMIT_FSIZE, &small), 0);
	path_in(path, sizeof path, "out.csv");
	write_text(path, "old");
	int r = export_write_file(path, big, sizeof big, 1, NULL, &err);
	setrlimit(RLIMIT_FSIZE, &old);
	signal(SIGXFSZ, old_handler);
	ck_assert_int_eq(r, -1);
	ck_assert_str_eq(err.code, "ERR_IO");
	ck_assert_int_eq(err.rpc_code, RPC_IO_ERROR);
	assert_content(path, "old");
	assert_clean(dir, 1);
}
END_TEST

static Suite *
write_file_suite(void)
{
	Suite *s = suite_create("write_file");
	TCase *tc = tcase_create("core");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, creates_file);
	tcase_add_test(tc, existing_untouched_without_overwrite);
	tcase_add_test(tc, overwrite_replaces);
	tcase_add_test(tc, empty_content);
	tcase_add_test(tc, directory_refused);
	tcase_add_test(tc, missing_parent_refused);
	tcase_add_test(tc, special_files_refused);
	tcase_add_test(tc, read_only_folder_refused);
	tcase_add_test(tc, failed_write_leaves_nothing);
	suite_add_tcase(s, tc);
	return s;
}

VB_TEST_MAIN(write_file_suite)
