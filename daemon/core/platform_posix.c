/* platform_posix.c - the POSIX side of platform.h. */
/* F_SETPIPE_SZ is Linux's: platform_tune_output uses it where present. */
#ifdef __linux__
#define _GNU_SOURCE
#endif
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <locale.h>
#ifdef __GLIBC__
#include <malloc.h>
#endif
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <poll.h>
#include <sys/select.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#include <wchar.h>
#include <wctype.h>

#include "platform.h"

static volatile sig_atomic_t stop_requested;
/* The signal mask to use while waiting: the normal one, with SIGTERM and
 * SIGINT let through.  Outside the wait (and platform_allow_stop) they
 * stay blocked. */
static sigset_t wait_mask, stop_set;
/* Stop signals are let through (platform_allow_stop): one that comes is
 * handled at once, so stop_requested alone tells. */
static int stop_allowed;
static pid_t parent_pid;        /* --parent-pid, 0 if none */

static void
on_stop_signal(int sig)
{
	/* The second stop does not wait for anything. */
	if (stop_requested)
		_exit(128 + sig);
	stop_requested = 1;
}

void
platform_init_signals(void)
{
	struct sigaction sa;

	memset(&sa, 0, sizeof sa);
	sa.sa_handler = SIG_IGN;
	sigaction(SIGPIPE, &sa, NULL);

	/* SA_RESTART: a signal taken while a request runs must not fail
	 * the file calls it is making. */
	sa.sa_handler = on_stop_signal;
	sa.sa_flags = SA_RESTART;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGINT, &sa, NULL);

	sigemptyset(&stop_set);
	sigaddset(&stop_set, SIGTERM);
	sigaddset(&stop_set, SIGINT);
	sigprocmask(SIG_BLOCK, &stop_set, &wait_mask);
	sigdelset(&wait_mask, SIGTERM);
	sigdelset(&wait_mask, SIGINT);
}

void
platform_allow_stop(int allow)
{
	/* Unblocking delivers a pending one before sigprocmask returns. */
	sigprocmask(allow ? SIG_UNBLOCK : SIG_BLOCK, &stop_set, NULL);
	stop_allowed = allow;
}

void
platform_tune_output(int fd)
{
	struct stat sb;

	if (fstat(fd, &sb) != 0)
		return;
#ifdef F_SETPIPE_SZ
	/* 1 MiB is Linux's default ceiling for unprivileged processes
	 * (/proc/sys/fs/pipe-max-size); a refusal leaves the default. */
	if (S_ISFIFO(sb.st_mode))
		(void)fcntl(fd, F_SETPIPE_SZ, 1 << 20);
#endif
	/* A socket (Node's stdio): capped by net.core.wmem_max. */
	if (S_ISSOCK(sb.st_mode)) {
		int sz = 1 << 20;

		(void)setsockopt(fd, SOL_SOCKET, SO_SNDBUF, &sz, sizeof sz);
	}
}

int
platform_stop_requested(void)
{
	sigset_t pending;

	if (stop_requested)
		return 1;
	/* While they are let through, no syscall: long work asks this
	 * every few hundred microseconds (40 sigpending calls were a tenth
	 * of a small arrange). */
	if (stop_allowed)
		return 0;
	/* One that arrived while blocked counts as well. */
	if (sigpending(&pending) == 0 && (sigismember(&pending, SIGTERM) == 1 ||
	    sigismember(&pending, SIGINT) == 1))
		return 1;
	return 0;
}

int
platform_wait_readable(int fd, int timeout_ms)
{
	for (;;) {
		struct timespec ts, *tsp = NULL;
		fd_set rd;

		if (stop_requested)
			return 0;
		FD_ZERO(&rd);
		FD_SET(fd, &rd);
		if (timeout_ms >= 0) {
			ts.tv_sec = timeout_ms / 1000;
			ts.tv_nsec = (long)(timeout_ms % 1000) * 1000000L;
			tsp = &ts;
		}
		/* pselect swaps in wait_mask atomically: a signal that arrived
		 * while we were serving is pending and interrupts it at once. */
		int n = pselect(fd + 1, &rd, NULL, NULL, tsp, &wait_mask);
		if (n > 0)
			return 1;
		if (n == 0)
			return 2;
		if (errno != EINTR)
			return -1;
	}
}

int
platform_poll_readable(int fd)
{
	struct pollfd p = { .fd = fd, .events = POLLIN };
	int n;

	do
		n = poll(&p, 1, 0);
	while (n < 0 && errno == EINTR);
	if (n < 0)
		return -1;
	return n > 0 ? 1 : 0;
}

static pid_t parent_was_ppid;    /* the watched pid is our own parent */

/* Does pid run?  kill(pid, 0) says whether it exists; a process that
 * died but was not yet reaped by its parent (a zombie) still does, so on
 * Linux its state is read too. */
static int
pid_alive(pid_t pid)
{
	if (kill(pid, 0) < 0 && errno != EPERM)
		return 0;
#ifdef __linux__
	char path[64], buf[256];
	int fd;
	ssize_t n;

	snprintf(path, sizeof path, "/proc/%ld/stat", (long)pid);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd >= 0) {
		n = read(fd, buf, sizeof buf - 1);
		close(fd);
		if (n > 0) {
			buf[n] = '\0';
			char *paren = strrchr(buf, ')');
			if (paren != NULL && paren[1] == ' ' &&
			    (paren[2] == 'Z' || paren[2] == 'X'))
				return 0;
		}
	}
#endif
	return 1;
}

int
platform_watch_parent(long pid)
{
	if (pid <= 0 || !pid_alive((pid_t)pid))
		return -1;
	parent_pid = (pid_t)pid;
	/* When it is our parent, its death shows at once as a new parent
	 * (init or a subreaper), reaped or not. */
	parent_was_ppid = getppid() == parent_pid ? parent_pid : 0;
	return 0;
}

int
platform_watching_parent(void)
{
	return parent_pid != 0;
}

int
platform_parent_gone(void)
{
	if (parent_pid == 0)
		return 0;
	if (parent_was_ppid != 0 && getppid() != parent_was_ppid)
		return 1;
	return !pid_alive(parent_pid);
}

void
platform_random_bytes(void *buf, size_t n)
{
	unsigned char *p = buf;
	size_t got = 0;
	int fd = open("/dev/urandom", O_RDONLY | O_CLOEXEC);

	if (fd >= 0) {
		while (got < n) {
			ssize_t r = read(fd, p + got, n - got);
			if (r <= 0) {
				if (r < 0 && errno == EINTR)
					continue;
				break;
			}
			got += (size_t)r;
		}
		close(fd);
	}
	if (got < n) {
		struct timespec ts;
		unsigned long long x;

		clock_gettime(CLOCK_REALTIME, &ts);
		x = (unsigned long long)ts.tv_nsec ^
		    ((unsigned long long)ts.tv_sec << 20) ^
		    ((unsigned long long)getpid() << 40);
		for (; got < n; got++) {
			x ^= x << 13;
			x ^= x >> 7;
			x ^= x << 17;
			p[got] = (unsigned char)x;
		}
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

void
platform_release_memory(void)
{
#ifdef __GLIBC__
	(void)malloc_trim(0);
#endif
}

void
platform_keep_freed_memory(void)
{
#ifdef __GLIBC__
	/* Fixed values also end glibc's sliding mmap threshold. */
	(void)mallopt(M_MMAP_THRESHOLD, 8 << 20);
	(void)mallopt(M_TRIM_THRESHOLD, 512 << 20);
#endif
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

void
platform_local_time(struct tm *out)
{
	time_t now = time(NULL);

	if (localtime_r(&now, out) == NULL)
		memset(out, 0, sizeof *out);
}

int
platform_unicode_isalnum(unsigned long cp)
{
	/* The process locale stays "C" (number formatting depends on it);
	 * a private C.UTF-8 locale object answers for Unicode. */
	static locale_t utf8;
	static int tried;

	if (!tried) {
		tried = 1;
		utf8 = newlocale(LC_CTYPE_MASK, "C.UTF-8", (locale_t)0);
	}
	if (utf8 == (locale_t)0 || cp > 0x10ffff)
		return 0;
	return iswalnum_l((wint_t)cp, utf8) != 0;
}

int
platform_char_width(unsigned long cp)
{
	return wcwidth((wchar_t)cp);
}

static enum platform_write_status
write_status(int e)
{
	if (e == EACCES || e == EPERM || e == EROFS)
		return PLATFORM_WRITE_DENIED;
	return PLATFORM_WRITE_IO;
}

/* What is at base in dfd: OK when absent, else why it is refused. */
static enum platform_write_status
target_status(int dfd, const char *base, int overwrite, int *sys_errno)
{
	struct stat st;

	if (fstatat(dfd, base, &st, 0) < 0) {
		if (errno == ENOENT)
			return PLATFORM_WRITE_OK;
		*sys_errno = errno;
		return write_status(errno);
	}
	if (S_ISDIR(st.st_mode))
		return PLATFORM_WRITE_IS_DIRECTORY;
	if (!S_ISREG(st.st_mode))
		return PLATFORM_WRITE_NOT_REGULAR;
	return overwrite ? PLATFORM_WRITE_OK : PLATFORM_WRITE_EXISTS;
}

/* Creates the temporary file next to the target; returns its fd or -1. */
static int
create_temp(int dfd, const char *base, char *tmp, size_t len)
{
	static unsigned counter;

	for (int tries = 0; tries < 100; tries++) {
		snprintf(tmp, len, ".%.200s.vbtmp-%ld-%u", base, (long)getpid(),
		    counter++);
		int fd = openat(dfd, tmp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC,
		    0644);
		if (fd >= 0 || errno != EEXIST)
			return fd;
	}
	errno = EIO;  /* not the target's EEXIST */
	return -1;
}

/* Puts the complete temporary file at base; returns 0 or -1 (errno). */
static int
publish(int dfd, const char *tmp, const char *base, int overwrite)
{
	if (overwrite)
		return renameat(dfd, tmp, dfd, base);
	if (linkat(dfd, tmp, dfd, base, 0) == 0)
		return 0;
	/* File systems without hard links (FAT, some network mounts): fall
	 * back to check-then-rename, which has a small race window. */
	if (errno != EPERM && errno != ENOTSUP && errno != EOPNOTSUPP &&
	    errno != ENOSYS && errno != EMLINK)
		return -1;
	struct stat st;
	if (fstatat(dfd, base, &st, AT_SYMLINK_NOFOLLOW) == 0) {
		errno = EEXIST;
		return -1;
	}
	return renameat(dfd, tmp, dfd, base);
}

enum platform_write_status
platform_write_file_atomic(const char *path, const void *buf, size_t len,
    int overwrite, int *sys_errno)
{
	enum platform_write_status st = PLATFORM_WRITE_IO;
	const char *slash = strrchr(path, '/'), *base;
	char dir[PATH_MAX], tmp[NAME_MAX + 1];
	int dfd = -1, fd = -1, have_tmp = 0;

	*sys_errno = 0;
	base = slash ? slash + 1 : path;
	if (*base == '\0' || strcmp(base, ".") == 0 || strcmp(base, "..") == 0)
		return PLATFORM_WRITE_IS_DIRECTORY;
	if (slash == NULL)
		snprintf(dir, sizeof dir, ".");
	else if ((size_t)(slash - path) >= sizeof dir) {
		*sys_errno = ENAMETOOLONG;
		return PLATFORM_WRITE_IO;
	} else
		snprintf(dir, sizeof dir, "%.*s", slash == path ? 1 :
		    (int)(slash - path), path);

	dfd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (dfd < 0) {
		*sys_errno = errno;
		if (errno == ENOENT || errno == ENOTDIR)
			return PLATFORM_WRITE_NO_PARENT;
		return write_status(errno);
	}
	/* Refuse early with a clear reason; publish() re-checks atomically. */
	st = target_status(dfd, base, overwrite, sys_errno);
	if (st != PLATFORM_WRITE_OK)
		goto out;

	st = PLATFORM_WRITE_IO;
	fd = create_temp(dfd, base, tmp, sizeof tmp);
	if (fd < 0)
		goto fail;
	have_tmp = 1;
	if (platform_write_all(fd, buf, len) < 0 || fsync(fd) < 0)
		goto fail;
	int r = close(fd);
	fd = -1;
	if (r < 0 || publish(dfd, tmp, base, overwrite) < 0)
		goto fail;
	if (!overwrite)
		unlinkat(dfd, tmp, 0);
	have_tmp = 0;
	/* The rename is durable once the directory is on disk; some file
	 * systems cannot fsync a directory (EINVAL): nothing more to do. */
	if (fsync(dfd) < 0 && errno != EINVAL && errno != EROFS)
		goto fail;
	st = PLATFORM_WRITE_OK;
	goto out;
fail:
	*sys_errno = errno;
	if (errno == EEXIST)
		st = PLATFORM_WRITE_EXISTS;
	else if (errno == EISDIR)
		st = PLATFORM_WRITE_IS_DIRECTORY;
	else
		st = write_status(errno);
out:
	if (fd >= 0)
		close(fd);
	if (have_tmp)
		unlinkat(dfd, tmp, 0);
	if (dfd >= 0)
		close(dfd);
	return st;
}

char *
platform_absolute_path(const char *path)
{
	return realpath(path, NULL);
}

int
platform_temp_file(char *buf, size_t len)
{
	const char *dir = getenv("TMPDIR");
	int fd;

	if (dir == NULL || *dir == '\0')
		dir = "/tmp";
	if ((size_t)snprintf(buf, len, "%s/vibebellsd-XXXXXX", dir) >= len) {
		errno = ENAMETOOLONG;
		return -1;
	}
	fd = mkstemp(buf);
	if (fd < 0)
		return -1;
	close(fd);
	return 0;
}

/* platform_read_fn over a file descriptor; EINTR is retried. */
static int
read_fd(void *h, unsigned char *buf, size_t want, size_t *got,
    int *sys_errno)
{
	ssize_t n;

	while ((n = read(*(int *)h, buf, want)) < 0 && errno == EINTR)
		continue;
	if (n < 0) {
		*sys_errno = errno;
		return -1;
	}
	*got = (size_t)n;
	return 0;
}

enum platform_read_status
platform_read_file(const char *path, size_t max, unsigned char **out,
    size_t *out_len, int *sys_errno)
{
	enum platform_read_status st;
	struct stat sb;
	int fd;

	*sys_errno = 0;
	/* O_NONBLOCK: opening a fifo must not wait for a writer. */
	fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC | O_NOCTTY);
	if (fd < 0) {
		*sys_errno = errno;
		if (errno == ENOENT || errno == ENOTDIR)
			return PLATFORM_READ_NOT_FOUND;
		if (errno == EACCES || errno == EPERM)
			return PLATFORM_READ_DENIED;
		return PLATFORM_READ_IO;
	}
	if (fstat(fd, &sb) < 0) {
		*sys_errno = errno;
		st = PLATFORM_READ_IO;
	} else if (!S_ISREG(sb.st_mode))
		st = PLATFORM_READ_NOT_REGULAR;
	else
		st = platform_read_sized(read_fd, &fd,
		    (unsigned long long)sb.st_size, max, out, out_len,
		    sys_errno);
	close(fd);
	return st;
}
