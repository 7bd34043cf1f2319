/*
 * platform_win32.c - the Windows side of platform.h (mingw-w64).
 *
 * What differs from POSIX, and why:
 * - stdin and stdout are switched to binary mode: the C runtime would
 *   otherwise turn our LF into CRLF and eat CRs the client sends (a CR
 *   before LF is accepted by the line reader either way).
 * - There are no signals: Ctrl+C, Ctrl+Break, closing the console and
 *   shutdown arrive as console control events on another thread; the
 *   handler only sets the stop flag, which the serve loop reads between
 *   requests, as SIGTERM does on POSIX.  A broken pipe is an error return
 *   (EPIPE), never a signal.
 * - Waiting for input is the blocking read itself (anonymous pipes cannot
 *   be waited on); a stop event cancels that read (CancelSynchronousIo),
 *   so it takes effect at once when idle, as on POSIX.  A stdin that
 *   cannot be peeked for a cancel (a console; a pipe under Wine) is
 *   relayed through a pipe that can (start_stdin_relay).
 * - Paths in the protocol are UTF-8; every file call converts them to
 *   UTF-16 and uses the wide API, so non-ASCII names work.
 * - An atomic write is a temporary file in the target's folder, written
 *   and flushed, then moved over the target with MoveFileExW (with
 *   MOVEFILE_REPLACE_EXISTING to overwrite, without it the move fails if
 *   the target exists: no window between check and create either way).
 */
/* rand_s, the CRT's interface to the system's random source (before any
 * header that may pull in stdlib.h). */
#define _CRT_RAND_S
#ifndef WIN32_LEAN_AND_MEAN
#define WIN32_LEAN_AND_MEAN
#endif
#include <windows.h>

#include <errno.h>
#include <fcntl.h>
#include <io.h>
#include <malloc.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "platform.h"

static volatile LONG stop_requested;
static volatile LONG parent_gone;
static HANDLE main_thread;      /* the serve loop's, to cancel its read */
static HANDLE parent_process;   /* --parent-pid */

static BOOL WINAPI
on_console_event(DWORD type)
{
	(void)type;
	/* The second stop does not wait for anything. */
	if (InterlockedExchange(&stop_requested, 1) != 0)
		ExitProcess(130);
	/* The serve loop may be blocked reading stdin: end that read, so a
	 * stop while idle takes effect at once (as pselect does on POSIX). */
	if (main_thread != NULL)
		CancelSynchronousIo(main_thread);
	/* TRUE: handled, the process is not ended at once; the serve loop
	 * finishes the request in hand.  (For close and shutdown events
	 * Windows ends the process when the handler returns anyway.) */
	return TRUE;
}

/*
 * The stdin relay.  The serve loop looks for a $/cancelRequest while it
 * works by peeking at stdin (platform_poll_readable).  A console cannot
 * be peeked (a read there waits for the user's next line, mid-arrange),
 * nor can every pipe: under Wine a pipe from the host fails
 * PeekNamedPipe with ERROR_NOT_SUPPORTED.  For those, a thread copies
 * stdin into a pipe of our own, which can be peeked, and fd 0 becomes its
 * read end: the serve loop reads the same bytes, and its blocking read
 * is still one a stop cancels.  A full pipe holds the thread back, so
 * memory stays bounded; at EOF or an error the thread closes its end and
 * the serve loop sees EOF.
 */
static DWORD WINAPI
relay_stdin(LPVOID arg)
{
	HANDLE *ends = arg, in = ends[0], out = ends[1];
	static char buf[1 << 16];
	DWORD got, put;

	while (ReadFile(in, buf, sizeof buf, &got, NULL) && got > 0)
		for (DWORD off = 0; off < got; off += put)
			if (!WriteFile(out, buf + off, got - off, &put, NULL))
				goto out;
out:
	CloseHandle(out);
	return 0;
}

/* Whether stdin is a console or a pipe PeekNamedPipe refuses. */
static int
stdin_needs_relay(HANDLE in)
{
	DWORD type = GetFileType(in), avail;

	if (type == FILE_TYPE_CHAR)
		return 1;
	return type == FILE_TYPE_PIPE &&
	    !PeekNamedPipe(in, NULL, 0, NULL, &avail, NULL) &&
	    GetLastError() != ERROR_BROKEN_PIPE;
}

static void
start_stdin_relay(void)
{
	static HANDLE ends[2];
	HANDLE in = GetStdHandle(STD_INPUT_HANDLE), rd, t;
	int fd;

	if (in == INVALID_HANDLE_VALUE || in == NULL || !stdin_needs_relay(in))
		return;
	/* The thread reads a handle of its own: _dup2 below closes fd 0's. */
	if (!DuplicateHandle(GetCurrentProcess(), in, GetCurrentProcess(),
	    &ends[0], 0, FALSE, DUPLICATE_SAME_ACCESS))
		return;         /* keep stdin as it is: cancel waits */
	if (!CreatePipe(&rd, &ends[1], NULL, 1 << 16)) {
		CloseHandle(ends[0]);
		return;
	}
	fd = _open_osfhandle((intptr_t)rd, _O_RDONLY | _O_BINARY);
	if (fd < 0 || (t = CreateThread(NULL, 0, relay_stdin, ends, 0,
	    NULL)) == NULL) {
		if (fd >= 0)
			_close(fd);
		else
			CloseHandle(rd);
		CloseHandle(ends[1]);
		CloseHandle(ends[0]);
		return;
	}
	CloseHandle(t);
	_dup2(fd, 0);
	_close(fd);
	SetStdHandle(STD_INPUT_HANDLE, (HANDLE)_get_osfhandle(0));
}

void
platform_init_signals(void)
{
	_setmode(0, _O_BINARY);
	_setmode(1, _O_BINARY);
	start_stdin_relay();
	DuplicateHandle(GetCurrentProcess(), GetCurrentThread(),
	    GetCurrentProcess(), &main_thread, 0, FALSE,
	    DUPLICATE_SAME_ACCESS);
	SetConsoleCtrlHandler(on_console_event, TRUE);
}

void
platform_tune_output(int fd)
{
	(void)fd;
}

int
platform_stop_requested(void)
{
	return InterlockedCompareExchange(&stop_requested, 0, 0) != 0;
}

void
platform_allow_stop(int allow)
{
	(void)allow;    /* the console handler runs on its own thread */
}

int
platform_wait_readable(int fd, int timeout_ms)
{
	/* The blocking read is the wait (see the top); the parent watcher
	 * cancels it as a stop event does. */
	(void)fd;
	(void)timeout_ms;
	return platform_stop_requested() ? 0 : 1;
}

int
platform_poll_readable(int fd)
{
	HANDLE h = (HANDLE)_get_osfhandle(fd);
	DWORD avail = 0;

	if (h == INVALID_HANDLE_VALUE)
		return -1;
	if (GetFileType(h) != FILE_TYPE_PIPE)
		return 1;   /* a file: reads do not block */
	if (!PeekNamedPipe(h, NULL, 0, NULL, &avail, NULL))
		return GetLastError() == ERROR_BROKEN_PIPE ? 1 : -1;
	return avail > 0 ? 1 : 0;
}

static DWORD WINAPI
watch_parent(LPVOID arg)
{
	(void)arg;
	WaitForSingleObject(parent_process, INFINITE);
	InterlockedExchange(&parent_gone, 1);
	if (main_thread != NULL)
		CancelSynchronousIo(main_thread);
	return 0;
}

int
platform_watch_parent(long pid)
{
	DWORD code;
	HANDLE t;

	parent_process = OpenProcess(SYNCHRONIZE | PROCESS_QUERY_LIMITED_INFORMATION,
	    FALSE, (DWORD)pid);
	if (parent_process == NULL)
		return -1;
	if (GetExitCodeProcess(parent_process, &code) && code != STILL_ACTIVE) {
		CloseHandle(parent_process);
		parent_process = NULL;
		return -1;
	}
	t = CreateThread(NULL, 0, watch_parent, NULL, 0, NULL);
	if (t == NULL)
		return -1;
	CloseHandle(t);
	return 0;
}

int
platform_watching_parent(void)
{
	return parent_process != NULL;
}

int
platform_parent_gone(void)
{
	return InterlockedCompareExchange(&parent_gone, 0, 0) != 0;
}

void
platform_random_bytes(void *buf, size_t n)
{
	unsigned char *p = buf;

	for (size_t i = 0; i < n; i++) {
		unsigned int r = 0;

		if (rand_s(&r) != 0)
			r = (unsigned int)(GetTickCount() ^ (GetCurrentProcessId() << 8) ^ (i * 2654435761u));
		p[i] = (unsigned char)r;
	}
}

ssize_t
platform_read(int fd, void *buf, size_t len)
{
	HANDLE h = (HANDLE)_get_osfhandle(fd);
	DWORD n = 0;

	if (len > 1u << 30)
		len = 1u << 30;
	if (h == INVALID_HANDLE_VALUE) {
		errno = EBADF;
		return -1;
	}
	if (!ReadFile(h, buf, (DWORD)len, &n, NULL)) {
		DWORD e = GetLastError();

		/* The writer closed its end: that is EOF for a pipe. */
		if (e == ERROR_BROKEN_PIPE || e == ERROR_HANDLE_EOF)
			return 0;
		/* Cancelled by a stop event (or the parent watcher): the
		 * caller sees EINTR and the stop flag. */
		errno = e == ERROR_OPERATION_ABORTED ? EINTR : EIO;
		return -1;
	}
	return (ssize_t)n;
}

int
platform_write_all(int fd, const void *buf, size_t len)
{
	HANDLE h = (HANDLE)_get_osfhandle(fd);
	const char *p = buf;

	if (h == INVALID_HANDLE_VALUE) {
		errno = EBADF;
		return -1;
	}
	while (len > 0) {
		DWORD chunk = len > 1u << 30 ? 1u << 30 : (DWORD)len, n = 0;

		if (!WriteFile(h, p, chunk, &n, NULL)) {
			DWORD e = GetLastError();

			/* Each says the reader is gone (Wine gives the
			 * last for a closed pipe of the host's). */
			errno = e == ERROR_BROKEN_PIPE || e == ERROR_NO_DATA ||
			    e == ERROR_PIPE_NOT_CONNECTED ? EPIPE : EIO;
			return -1;
		}
		p += n;
		len -= n;
	}
	return 0;
}

void
platform_release_memory(void)
{
	(void)_heapmin();
}

void
platform_keep_freed_memory(void)
{
	/* The Windows heap keeps freed blocks by itself. */
}

double
platform_monotonic_ms(void)
{
	static LARGE_INTEGER freq;
	LARGE_INTEGER now;

	if (freq.QuadPart == 0)
		QueryPerformanceFrequency(&freq);
	QueryPerformanceCounter(&now);
	return (double)now.QuadPart * 1000.0 / (double)freq.QuadPart;
}

long
platform_pid(void)
{
	return (long)GetCurrentProcessId();
}

void
platform_local_time(struct tm *out)
{
	time_t now = time(NULL);

	localtime_s(out, &now);
}

int
platform_unicode_isalnum(unsigned long cp)
{
	WORD type = 0;
	WCHAR w;

	/* GetStringTypeW answers for UTF-16 units: the Basic Multilingual
	 * Plane.  Beyond it (rare letters, historic scripts) we answer no
	 * where Linux may say yes: a name keeps fewer such characters. */
	if (cp > 0xffff || (cp >= 0xd800 && cp <= 0xdfff))
		return 0;
	w = (WCHAR)cp;
	if (!GetStringTypeW(CT_CTYPE1, &w, 1, &type))
		return 0;
	return (type & (C1_ALPHA | C1_DIGIT)) != 0;
}

int
platform_char_width(unsigned long cp)
{
	/* Wide: the East Asian Wide and Fullwidth blocks (Unicode's EAW
	 * table, by block rather than by code point). */
	static const unsigned long wide[][2] = {
		{ 0x1100, 0x115f }, { 0x2e80, 0x303e }, { 0x3041, 0x33ff },
		{ 0x3400, 0x4dbf }, { 0x4e00, 0x9fff }, { 0xa000, 0xa4cf },
		{ 0xac00, 0xd7a3 }, { 0xf900, 0xfaff }, { 0xfe30, 0xfe4f },
		{ 0xff00, 0xff60 }, { 0xffe0, 0xffe6 }, { 0x1f300, 0x1f64f },
		{ 0x1f900, 0x1f9ff }, { 0x20000, 0x3fffd },
	};
	WORD type = 0;
	WCHAR w;

	if (cp < 0x20 || (cp >= 0x7f && cp < 0xa0))
		return -1;
	for (size_t i = 0; i < sizeof wide / sizeof wide[0]; i++)
		if (cp >= wide[i][0] && cp <= wide[i][1])
			return 2;
	if (cp <= 0xffff && !(cp >= 0xd800 && cp <= 0xdfff)) {
		w = (WCHAR)cp;
		if (GetStringTypeW(CT_CTYPE3, &w, 1, &type) &&
		    (type & C3_NONSPACING))
			return 0;
	}
	return 1;
}

/* UTF-8 to a new UTF-16 string (free()), or NULL (errno set). */
static WCHAR *
widen(const char *s)
{
	int n = MultiByteToWideChar(CP_UTF8, MB_ERR_INVALID_CHARS, s, -1,
	    NULL, 0);
	WCHAR *w;

	if (n <= 0) {
		errno = EINVAL;
		return NULL;
	}
	w = malloc((size_t)n * sizeof *w);
	if (w == NULL) {
		errno = ENOMEM;
		return NULL;
	}
	MultiByteToWideChar(CP_UTF8, MB_ERR_INVALID_CHARS, s, -1, w, n);
	return w;
}

/* UTF-16 to a new UTF-8 string (free()), or NULL. */
static char *
narrow(const WCHAR *w)
{
	int n = WideCharToMultiByte(CP_UTF8, 0, w, -1, NULL, 0, NULL, NULL);
	char *s;

	if (n <= 0 || (s = malloc((size_t)n)) == NULL)
		return NULL;
	WideCharToMultiByte(CP_UTF8, 0, w, -1, s, n, NULL, NULL);
	return s;
}

static int
errno_of(DWORD e)
{
	switch (e) {
	case ERROR_FILE_NOT_FOUND:
	case ERROR_PATH_NOT_FOUND:
	case ERROR_INVALID_NAME:
	case ERROR_BAD_NETPATH:
		return ENOENT;
	case ERROR_ACCESS_DENIED:
	case ERROR_SHARING_VIOLATION:
	case ERROR_LOCK_VIOLATION:
	case ERROR_WRITE_PROTECT:
		return EACCES;
	case ERROR_FILE_EXISTS:
	case ERROR_ALREADY_EXISTS:
		return EEXIST;
	case ERROR_DISK_FULL:
	case ERROR_HANDLE_DISK_FULL:
		return ENOSPC;
	case ERROR_FILENAME_EXCED_RANGE:
		return ENAMETOOLONG;
	case ERROR_NOT_ENOUGH_MEMORY:
	case ERROR_OUTOFMEMORY:
		return ENOMEM;
	default:
		return EIO;
	}
}

static int
is_sep(WCHAR c)
{
	return c == L'/' || c == L'\\';
}

/* Opens path for the checks below without following it into a device:
 * a name like NUL or COM1 opens a character device, which we refuse. */
static int
is_regular_handle(HANDLE h)
{
	return GetFileType(h) == FILE_TYPE_DISK;
}

enum platform_write_status
platform_write_file_atomic(const char *path, const void *buf, size_t len,
    int overwrite, int *sys_errno)
{
	enum platform_write_status st = PLATFORM_WRITE_IO;
	static unsigned counter;
	WCHAR *wpath = NULL, *wtmp = NULL, *base;
	HANDLE h = INVALID_HANDLE_VALUE;
	DWORD attr;
	size_t n, dirlen;
	int have_tmp = 0;

	*sys_errno = 0;
	if ((wpath = widen(path)) == NULL) {
		*sys_errno = errno;
		return PLATFORM_WRITE_IO;
	}
	n = wcslen(wpath);
	base = wpath + n;
	while (base > wpath && !is_sep(base[-1]) && base[-1] != L':')
		base--;
	if (*base == 0 || wcscmp(base, L".") == 0 || wcscmp(base, L"..") == 0) {
		st = PLATFORM_WRITE_IS_DIRECTORY;
		goto out;
	}
	dirlen = (size_t)(base - wpath);

	/* The parent: it must exist and be a folder. */
	if (dirlen > 0) {
		WCHAR save = *base;

		*base = 0;
		attr = GetFileAttributesW(wpath);
		*base = save;
		if (attr == INVALID_FILE_ATTRIBUTES ||
		    !(attr & FILE_ATTRIBUTE_DIRECTORY)) {
			st = PLATFORM_WRITE_NO_PARENT;
			goto out;
		}
	}
	/* The target: refuse early with a clear reason; the move re-checks. */
	attr = GetFileAttributesW(wpath);
	if (attr != INVALID_FILE_ATTRIBUTES) {
		if (attr & FILE_ATTRIBUTE_DIRECTORY) {
			st = PLATFORM_WRITE_IS_DIRECTORY;
			goto out;
		}
		h = CreateFileW(wpath, 0, FILE_SHARE_READ | FILE_SHARE_WRITE |
		    FILE_SHARE_DELETE, NULL, OPEN_EXISTING, 0, NULL);
		if (h != INVALID_HANDLE_VALUE) {
			int regular = is_regular_handle(h);

			CloseHandle(h);
			h = INVALID_HANDLE_VALUE;
			if (!regular) {
				st = PLATFORM_WRITE_NOT_REGULAR;
				goto out;
			}
		}
		if (!overwrite) {
			st = PLATFORM_WRITE_EXISTS;
			goto out;
		}
	}

	wtmp = malloc((dirlen + wcslen(base) + 64) * sizeof *wtmp);
	if (wtmp == NULL) {
		*sys_errno = ENOMEM;
		goto out;
	}
	for (int tries = 0; tries < 100 && h == INVALID_HANDLE_VALUE; tries++) {
		memcpy(wtmp, wpath, dirlen * sizeof *wtmp);
		swprintf(wtmp + dirlen, wcslen(base) + 48, L".%ls.vbtmp-%lu-%u",
		    base, (unsigned long)GetCurrentProcessId(), counter++);
		h = CreateFileW(wtmp, GENERIC_WRITE, 0, NULL, CREATE_NEW,
		    FILE_ATTRIBUTE_NORMAL, NULL);
		if (h == INVALID_HANDLE_VALUE &&
		    GetLastError() != ERROR_FILE_EXISTS) {
			*sys_errno = errno_of(GetLastError());
			st = *sys_errno == EACCES ? PLATFORM_WRITE_DENIED :
			    PLATFORM_WRITE_IO;
			goto out;
		}
	}
	if (h == INVALID_HANDLE_VALUE) {
		*sys_errno = EIO;
		goto out;
	}
	have_tmp = 1;
	for (const char *p = buf; len > 0;) {
		DWORD chunk = len > 1u << 30 ? 1u << 30 : (DWORD)len, wrote = 0;

		if (!WriteFile(h, p, chunk, &wrote, NULL))
			goto fail;
		p += wrote;
		len -= wrote;
	}
	if (!FlushFileBuffers(h))
		goto fail;
	CloseHandle(h);
	h = INVALID_HANDLE_VALUE;
	if (!MoveFileExW(wtmp, wpath, MOVEFILE_WRITE_THROUGH |
	    (overwrite ? MOVEFILE_REPLACE_EXISTING : 0)))
		goto fail;
	have_tmp = 0;
	st = PLATFORM_WRITE_OK;
	goto out;
fail:
	*sys_errno = errno_of(GetLastError());
	st = *sys_errno == EEXIST ? PLATFORM_WRITE_EXISTS :
	    *sys_errno == EACCES ? PLATFORM_WRITE_DENIED : PLATFORM_WRITE_IO;
out:
	if (h != INVALID_HANDLE_VALUE)
		CloseHandle(h);
	if (have_tmp)
		DeleteFileW(wtmp);
	free(wtmp);
	free(wpath);
	return st;
}

char *
platform_absolute_path(const char *path)
{
	WCHAR *w = widen(path), full[32768];
	char *out = NULL;
	DWORD n;

	if (w == NULL)
		return NULL;
	n = GetFullPathNameW(w, sizeof full / sizeof full[0], full, NULL);
	if (n > 0 && n < sizeof full / sizeof full[0] &&
	    GetFileAttributesW(full) != INVALID_FILE_ATTRIBUTES)
		out = narrow(full);
	free(w);
	return out;
}

int
platform_temp_file(char *buf, size_t len)
{
	WCHAR dir[MAX_PATH + 1], name[MAX_PATH + 1];
	char *s;

	/* GetTempFileNameW creates the file (empty, unique). */
	if (GetTempPathW(MAX_PATH + 1, dir) == 0 ||
	    GetTempFileNameW(dir, L"vbd", 0, name) == 0) {
		errno = errno_of(GetLastError());
		return -1;
	}
	s = narrow(name);
	if (s == NULL || strlen(s) >= len) {
		DeleteFileW(name);
		free(s);
		errno = ENAMETOOLONG;
		return -1;
	}
	memcpy(buf, s, strlen(s) + 1);
	free(s);
	return 0;
}

/* platform_read_fn over a HANDLE, at most 1 GiB a call (a DWORD). */
static int
read_handle(void *h, unsigned char *buf, size_t want, size_t *got,
    int *sys_errno)
{
	DWORD n = 0;

	if (want > 1u << 30)
		want = 1u << 30;
	if (!ReadFile(*(HANDLE *)h, buf, (DWORD)want, &n, NULL)) {
		*sys_errno = errno_of(GetLastError());
		return -1;
	}
	*got = n;
	return 0;
}

enum platform_read_status
platform_read_file(const char *path, size_t max, unsigned char **out,
    size_t *out_len, int *sys_errno)
{
	enum platform_read_status st;
	WCHAR *w;
	HANDLE h;
	DWORD attr;
	LARGE_INTEGER size;

	*sys_errno = 0;
	*out = NULL;
	*out_len = 0;
	if ((w = widen(path)) == NULL) {
		*sys_errno = errno;
		return PLATFORM_READ_NOT_FOUND;
	}
	attr = GetFileAttributesW(w);
	if (attr != INVALID_FILE_ATTRIBUTES &&
	    (attr & FILE_ATTRIBUTE_DIRECTORY)) {
		free(w);
		return PLATFORM_READ_NOT_REGULAR;
	}
	h = CreateFileW(w, GENERIC_READ, FILE_SHARE_READ | FILE_SHARE_WRITE |
	    FILE_SHARE_DELETE, NULL, OPEN_EXISTING, FILE_ATTRIBUTE_NORMAL, NULL);
	free(w);
	if (h == INVALID_HANDLE_VALUE) {
		*sys_errno = errno_of(GetLastError());
		if (*sys_errno == ENOENT)
			return PLATFORM_READ_NOT_FOUND;
		if (*sys_errno == EACCES)
			return PLATFORM_READ_DENIED;
		return PLATFORM_READ_IO;
	}
	if (!is_regular_handle(h))
		st = PLATFORM_READ_NOT_REGULAR;
	else if (!GetFileSizeEx(h, &size)) {
		*sys_errno = errno_of(GetLastError());
		st = PLATFORM_READ_IO;
	} else
		st = platform_read_sized(read_handle, &h,
		    (unsigned long long)size.QuadPart, max, out, out_len,
		    sys_errno);
	CloseHandle(h);
	return st;
}
