/*
 * vbbench.c - measures the daemon through its protocol, as a client does.
 *
 *   vbbench ready BIN RUNS
 *       spawn-to-ready-line time over RUNS spawns: median and p90, ms.
 *   vbbench call BIN RUNS REQUEST [SETUP...]
 *       one daemon; SETUP lines are sent first (a "score_id" in a setup
 *       response replaces $SCORE in later lines); then REQUEST RUNS times,
 *       each waiting for its response: median and p90 latency, ms.
 * Both end with the daemon's peak RSS (KiB), from wait4 after shutdown.
 * Output: one line "median_ms p90_ms max_rss_kib".
 *   vbbench cpu BIN RUNS REQUEST [SETUP...]
 *       as call, and a fourth figure: the daemon's CPU time (user and
 *       system, from wait4) divided by RUNS, ms.  Steadier than wall
 *       time on an idle machine, where waking a CPU swings every round
 *       trip; with many RUNS its start and setup are a rounding error.
 */
#define _GNU_SOURCE
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

struct child {
	pid_t pid;
	int in, out;
	FILE *rd;
};

static double
now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

static void
spawn(const char *bin, struct child *c)
{
	int to[2], from[2];

	if (pipe(to) < 0 || pipe(from) < 0)
		exit(1);
	c->pid = fork();
	if (c->pid == 0) {
		dup2(to[0], 0);
		dup2(from[1], 1);
		close(to[1]);
		close(from[0]);
		execl(bin, bin, "--log-level", "quiet", (char *)NULL);
		_exit(127);
	}
	close(to[0]);
	close(from[1]);
	c->in = to[1];
	c->out = from[0];
	c->rd = fdopen(c->out, "r");
	/* Read as a real client does (Node reads 64 KiB at a time), not in
	 * stdio's 4 KiB pieces: the bench measures the daemon.  The buffer
	 * must be given: glibc ignores the size when it is NULL. */
	static char rdbuf[64 * 1024];
	setvbuf(c->rd, rdbuf, _IOFBF, sizeof rdbuf);
}

static char *
read_line(struct child *c)
{
	static char *line;
	static size_t cap;

	if (getline(&line, &cap, c->rd) < 0) {
		fprintf(stderr, "vbbench: daemon closed stdout\n");
		exit(1);
	}
	return line;
}

/* The daemon's CPU time when it ended, ms. */
static double cpu_ms;

static long
finish(struct child *c)
{
	struct rusage ru;
	int status;

	close(c->in);
	fclose(c->rd);
	wait4(c->pid, &status, 0, &ru);
	cpu_ms = (ru.ru_utime.tv_sec + ru.ru_stime.tv_sec) * 1e3 +
	    (ru.ru_utime.tv_usec + ru.ru_stime.tv_usec) / 1e3;
	return ru.ru_maxrss;
}

static int
cmp(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return (x > y) - (x < y);
}

static void
send_line(struct child *c, const char *s)
{
	size_t n = strlen(s);
	if (write(c->in, s, n) != (ssize_t)n || write(c->in, "\n", 1) != 1)
		exit(1);
}

/* Replaces $SCORE with id (caller frees). */
static char *
substitute(const char *s, const char *id)
{
	const char *p = strstr(s, "$SCORE");
	char *out;

	if (p == NULL || id[0] == '\0')
		return strdup(s);
	if (asprintf(&out, "%.*s%s%s", (int)(p - s), s, id, p + 6) < 0)
		exit(1);
	return out;
}

int
main(int argc, char **argv)
{
	struct child c;
	double *t;
	long rss = 0;
	int runs;

	signal(SIGPIPE, SIG_IGN);
	if (argc < 4)
		goto usage;
	runs = atoi(argv[3]);
	if (runs <= 0)
		goto usage;
	t = calloc((size_t)runs, sizeof *t);
	if (strcmp(argv[1], "ready") == 0) {
		for (int i = 0; i < runs; i++) {
			double t0 = now_ms();
			spawn(argv[2], &c);
			read_line(&c);
			t[i] = now_ms() - t0;
			long r = finish(&c);
			if (r > rss)
				rss = r;
		}
	} else if ((strcmp(argv[1], "call") == 0 ||
	    strcmp(argv[1], "cpu") == 0) && argc >= 5) {
		char id[64] = "";
		spawn(argv[2], &c);
		read_line(&c);
		for (int k = 5; k < argc; k++) {
			char *l = substitute(argv[k], id);
			send_line(&c, l);
			free(l);
			char *resp = read_line(&c);
			if (strstr(resp, "\"error\"")) {
				fprintf(stderr, "vbbench: setup failed: %s", resp);
				return 1;
			}
			char *p = strstr(resp, "\"score_id\":\"");
			if (p)
				sscanf(p + 12, "%63[^\"]", id);
		}
		char *req = substitute(argv[4], id);
		for (int i = 0; i < runs; i++) {
			double t0 = now_ms();
			send_line(&c, req);
			/* Notifications before the response ($/progress,
			 * $/simulation frames) are part of its time. */
			char *resp;
			do
				resp = read_line(&c);
			while (strncmp(resp, "{\"jsonrpc\":\"2.0\",\"method\":",
			    26) == 0);
			t[i] = now_ms() - t0;
			if (strstr(resp, "\"error\"")) {
				fprintf(stderr, "vbbench: request failed: %.300s\n", resp);
				return 1;
			}
		}
		free(req);
		rss = finish(&c);
	} else {
		goto usage;
	}
	qsort(t, (size_t)runs, sizeof *t, cmp);
	printf("%.3f %.3f %ld", t[runs / 2], t[(runs * 9) / 10], rss);
	if (strcmp(argv[1], "cpu") == 0)
		printf(" %.4f", cpu_ms / runs);
	printf("\n");
	free(t);
	return 0;
usage:
	fprintf(stderr, "usage: vbbench ready BIN RUNS | call|cpu BIN RUNS REQUEST [SETUP...]\n");
	return 2;
}
