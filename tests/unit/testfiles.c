/* testfiles.c - reading test inputs (linked into every unit test). */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>

#include "testlib.h"

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
