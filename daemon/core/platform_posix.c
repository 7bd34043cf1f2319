/* platform_posix.c - the POSIX side of platform.h. */
#include <errno.h>
#include <sys/select.h>
#include <signal.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "platform.h"

static volatile sig_atomic_t stop_requested;
/* The signal mask to use while waiting: the normal one, with SIGTERM and
 * SIGINT let through.  Outside the wait they stay blocked. */
static sigset_t wait_mask;

static void
on_stop_signal(int sig)
{
	(void)sig;
	stop_requested = 1;
}

void
platform_init_signals(void)
{
	struct sigaction sa;
	sigset_t block;

	memset(&sa, 0, sizeof sa);
	sa.sa_handler = SIG_IGN;
	sigaction(SIGPIPE, &sa, NULL);

	sa.sa_handler = on_stop_signal;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGINT, &sa, NULL);

	sigemptyset(&block);
	sigaddset(&block, SIGTERM);
	sigaddset(&block, SIGINT);
	sigprocmask(SIG_BLOCK, &block, &wait_mask);
	sigdelset(&wait_mask, SIGTERM);
	sigdelset(&wait_mask, SIGINT);
}

int
platform_stop_requested(void)
{
	return stop_requested != 0;
}

int
platform_wait_readable(int fd)
{
	for (;;) {
		fd_set rd;

		if (stop_requested)
			return 0;
		FD_ZERO(&rd);
		FD_SET(fd, &rd);
		/* pselect swaps in wait_mask atomically: a signal that arrived
		 * while we were serving is pending and interrupts it at once. */
		int n = pselect(fd + 1, &rd, NULL, NULL, NULL, &wait_mask);
		if (n > 0)
			return 1;
		if (n < 0 && errno != EINTR)
			return -1;
	}
}

ssize_t
platform_read(int fd, void *buf, size_t len)
{
	ssize_t n;

	do
		n = read(fd, buf, len);
	while (n < 0 && errno == EINTR);
	return n;
}

int
platform_write_all(int fd, const void *buf, size_t len)
{
	const char *p = buf;

	while (len > 0) {
		ssize_t n = write(fd, p, len);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		p += n;
		len -= (size_t)n;
	}
	return 0;
}

double
platform_monotonic_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1000.0 + (double)ts.tv_nsec / 1e6;
}

long
platform_pid(void)
{
	return (long)getpid();
}
