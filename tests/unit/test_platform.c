/* test_platform.c - platform_tune_output: the buffers of stdout. */
#define _GNU_SOURCE
#include <fcntl.h>
#include <stdio.h>
#include <sys/socket.h>
#include <unistd.h>

#include "testlib.h"
#include "core/platform.h"

/* A /proc/sys value, or -1 where there is none. */
static long
sysctl_value(const char *path)
{
	FILE *f = fopen(path, "r");
	long v = -1;

	if (f != NULL) {
		if (fscanf(f, "%ld", &v) != 1)
			v = -1;
		fclose(f);
	}
	return v;
}

static int
send_buffer(int fd)
{
	int v = 0;
	socklen_t n = sizeof v;

	ck_assert_int_eq(getsockopt(fd, SOL_SOCKET, SO_SNDBUF, &v, &n), 0);
	return v;
}

/* Node gives a child's stdio as a socket pair: its send buffer grows to
 * 1 MiB (Linux reports twice what was set), as far as wmem_max allows. */
START_TEST(socket_send_buffer_grows)
{
	long max = sysctl_value("/proc/sys/net/core/wmem_max");
	int sv[2], before;

	ck_assert_int_eq(socketpair(AF_UNIX, SOCK_STREAM, 0, sv), 0);
	before = send_buffer(sv[0]);
	platform_tune_output(sv[0]);
	if (max >= 1 << 20)
		ck_assert_int_ge(send_buffer(sv[0]), 1 << 20);
	else
		ck_assert_int_ge(send_buffer(sv[0]), before);
	close(sv[0]);
	close(sv[1]);
}
END_TEST

/* A pipe's buffer grows to 1 MiB where pipe-max-size allows it. */
START_TEST(pipe_buffer_grows)
{
#ifdef F_GETPIPE_SZ
	long max = sysctl_value("/proc/sys/fs/pipe-max-size");
	int p[2];

	ck_assert_int_eq(pipe(p), 0);
	platform_tune_output(p[1]);
	if (max >= 1 << 20)
		ck_assert_int_eq(fcntl(p[1], F_GETPIPE_SZ), 1 << 20);
	close(p[0]);
	close(p[1]);
#endif
}
END_TEST

/* A file, or a closed descriptor: nothing happens, nothing fails. */
START_TEST(other_outputs_left_alone)
{
	FILE *f = tmpfile();

	ck_assert_ptr_nonnull(f);
	platform_tune_output(fileno(f));
	ck_assert_int_eq(fputs("x", f) >= 0, 1);
	fclose(f);
	platform_tune_output(-1);
}
END_TEST

static Suite *
platform_suite(void)
{
	Suite *su = suite_create("platform");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, socket_send_buffer_grows);
	tcase_add_test(tc, pipe_buffer_grows);
	tcase_add_test(tc, other_outputs_left_alone);
	suite_add_tcase(su, tc);
	return su;
}

VB_TEST_MAIN(platform_suite)
