/* testfiles.c - reading test inputs (linked into every unit test). */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "testlib.h"
#include "methods/daemon_state.h"

struct daemon test_daemon;

void
test_daemon_setup(void)
{
	struct vb_limits limits;

	daemon_limits_default(&limits);
	ck_assert_int_eq(daemon_init(&test_daemon, &limits), 0);
}

void
test_daemon_teardown(void)
{
	daemon_fini(&test_daemon);
}

static int
cmp_names(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

int
test_list_cases(const char *sub, const char *suffix, const char ***names)
{
	static char *list[256];
	static int n = -1;
	char path[1024];
	struct dirent *de;
	size_t ls = strlen(suffix);
	DIR *dir;

	/* One list a binary: Check forks each test, so build it before. */
	if (n >= 0) {
		*names = (const char **)list;
		return n;
	}
	n = 0;
	snprintf(path, sizeof path, "%s/%s", test_dir(), sub);
	dir = opendir(path);
	if (dir == NULL) {
		*names = (const char **)list;
		return 0;
	}
	while ((de = readdir(dir)) != NULL && n < 256) {
		size_t l = strlen(de->d_name);

		if (de->d_name[0] != '.' && l > ls &&
		    strcmp(de->d_name + l - ls, suffix) == 0)
			list[n++] = strndup(de->d_name, l - ls);
	}
	closedir(dir);
	qsort(list, (size_t)n, sizeof list[0], cmp_names);
	*names = (const char **)list;
	return n;
}

unsigned char *
test_read_file(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	unsigned char *buf = NULL;
	long n;

	if (f == NULL)
		return NULL;
	if (fseek(f, 0, SEEK_END) == 0 && (n = ftell(f)) >= 0 &&
	    fseek(f, 0, SEEK_SET) == 0 && (buf = malloc((size_t)n + 1)) != NULL &&
	    fread(buf, 1, (size_t)n, f) == (size_t)n) {
		buf[n] = '\0';
		*len = (size_t)n;
	} else {
		free(buf);
		buf = NULL;
	}
	fclose(f);
	return buf;
}

unsigned char *
test_read_corpus(const char *name, size_t *len)
{
	char path[1024];
	unsigned char *buf;

	snprintf(path, sizeof path, "%s/corpus/%s", test_dir(), name);
	buf = test_read_file(path, len);
	ck_assert_msg(buf != NULL, "cannot read %s", path);
	return buf;
}

int
test_each_file(const char *sub, void (*fn)(const char *, unsigned char *,
    size_t, void *), void *arg)
{
	char path[1024], file[1400];
	struct dirent *de;
	DIR *dir;
	int files = 0;

	snprintf(path, sizeof path, "%s/%s", test_dir(), sub);
	dir = opendir(path);
	ck_assert_msg(dir != NULL, "cannot open %s", path);
	while ((de = readdir(dir)) != NULL) {
		unsigned char *buf;
		size_t len;

		if (de->d_name[0] == '.')
			continue;
		snprintf(file, sizeof file, "%s/%s", path, de->d_name);
		buf = test_read_file(file, &len);
		ck_assert_msg(buf != NULL, "cannot read %s", file);
		fn(de->d_name, buf, len, arg);
		free(buf);
		files++;
	}
	closedir(dir);
	return files;
}
