/*
 * main.c - vibebellsd's entry point: command-line options, then the
 * JSON-RPC loop on stdin/stdout.
 */
#include <errno.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/daemon.h"
#include "methods/daemon_state.h"
#include "core/log.h"
#include "core/platform.h"
#include "core/version.h"
#include "cli/cli.h"
#include "transport/serve.h"

#define EXIT_USAGE 2

static void
usage(FILE *f)
{
	fprintf(f,
	    "usage: vibebellsd [options]\n"
	    "\n"
	    "Arranges songs for handbell choirs.  Speaks newline-delimited\n"
	    "JSON-RPC 2.0 on stdin/stdout (see PROTOCOL.md); logs on stderr.\n"
	    "\n"
	    "options:\n"
	    "  --log-level LEVEL          quiet, error, warn, info (default), debug\n");
	for (size_t i = 0; i < vb_limit_count; i++) {
		char opt[64];

		if (vb_limit_table[i].option == NULL)
			continue;
		snprintf(opt, sizeof opt, "%s N", vb_limit_table[i].option);
		fprintf(f, "  %-27s%s\n", opt, vb_limit_table[i].help);
	}
	fprintf(f,
	    "  --parent-pid PID           exit when process PID is gone (the app)\n"
	    "  --help                     this text\n"
	    "  --version                  the version\n"
	    "\n"
	    "commands (for people and scripts; same engine as the protocol):\n");
	cli_usage(f);
}

/* Parses a positive size with an optional K/M/G suffix (powers of 1024). */
static int
parse_size(const char *s, size_t *out)
{
	char *end;
	unsigned long long v;

	if (*s < '0' || *s > '9')
		return -1;
	errno = 0;
	v = strtoull(s, &end, 10);
	if (errno != 0 || v == 0)
		return -1;
	switch (*end) {
	case 'K': case 'k': v <<= 10; end++; break;
	case 'M': case 'm': v <<= 20; end++; break;
	case 'G': case 'g': v <<= 30; end++; break;
	}
	if (*end != '\0' || v > (1ull << 40))
		return -1;
	*out = (size_t)v;
	return 0;
}

/* The limit whose option is name, or NULL. */
static const struct vb_limit *
limit_option(const char *name)
{
	for (size_t i = 0; i < vb_limit_count; i++)
		if (vb_limit_table[i].option != NULL &&
		    strcmp(vb_limit_table[i].option, name) == 0)
			return &vb_limit_table[i];
	return NULL;
}

/* Returns 0, or EXIT_USAGE after printing what is wrong; -1 for an
 * orderly early exit (--help, --version). */
static int
parse_args(int argc, char **argv, struct vb_limits *limits, long *parent_pid)
{
	for (int i = 1; i < argc; i++) {
		const char *arg = argv[i];
		const char *val = NULL;
		char name[64];
		const char *eq = strchr(arg, '=');

		if (strcmp(arg, "--help") == 0 || strcmp(arg, "-h") == 0) {
			usage(stdout);
			return -1;
		}
		if (strcmp(arg, "--version") == 0) {
			printf("vibebellsd %s (protocol %s)\n", VB_VERSION_STRING,
			    VB_PROTOCOL_VERSION);
			return -1;
		}
		if (strncmp(arg, "--", 2) != 0 ||
		    (eq ? (size_t)(eq - arg) : strlen(arg)) >= sizeof name) {
			fprintf(stderr, "vibebellsd: unexpected argument '%s'\n", arg);
			goto bad;
		}
		snprintf(name, sizeof name, "%.*s",
		    (int)(eq ? (size_t)(eq - arg) : strlen(arg)), arg);
		const struct vb_limit *limit = limit_option(name);
		int is_log = strcmp(name, "--log-level") == 0;
		int is_parent = strcmp(name, "--parent-pid") == 0;
		if (!is_log && !is_parent && limit == NULL) {
			fprintf(stderr, "vibebellsd: unknown option '%s'\n", name);
			goto bad;
		}
		if (eq != NULL)
			val = eq + 1;
		else if (i + 1 < argc)
			val = argv[++i];
		else {
			fprintf(stderr, "vibebellsd: %s needs a value\n", name);
			goto bad;
		}

		if (is_parent) {
			char *end;

			errno = 0;
			*parent_pid = strtol(val, &end, 10);
			if (*val < '0' || *val > '9' || *end != '\0' ||
			    errno != 0 || *parent_pid <= 0) {
				fprintf(stderr, "vibebellsd: --parent-pid: '%s' is "
				    "not a process id\n", val);
				goto bad;
			}
			continue;
		}
		if (is_log) {
			int level = log_level_parse(val);
			if (level < 0) {
				fprintf(stderr, "vibebellsd: --log-level: unknown level '%s'\n", val);
				goto bad;
			}
			log_set_level((enum log_level)level);
			continue;
		}
		if (parse_size(val, vb_limit_field(limits, limit)) < 0) {
			fprintf(stderr, "vibebellsd: %s: '%s' is not a positive size\n",
			    name, val);
			goto bad;
		}
	}
	return 0;
bad:
	fprintf(stderr, "Try 'vibebellsd --help'.\n");
	return EXIT_USAGE;
}

int
main(int argc, char **argv)
{
	struct vb_limits limits;
	struct daemon d;
	long parent_pid = 0;
	int rc;

	daemon_limits_default(&limits);
	/* A first argument that is not an option names a subcommand. */
	if (argc > 1 && argv[1][0] != '-') {
		log_set_level(LOG_WARN);
		if (daemon_init(&d, &limits) < 0)
			return 1;
		rc = cli_main(&d, argc - 1, argv + 1);
		daemon_fini(&d);
		fflush(stdout);
		return rc;
	}
	rc = parse_args(argc, argv, &limits, &parent_pid);
	if (rc != 0)
		return rc < 0 ? 0 : rc;

	platform_init_signals();
	/* LSP's processId: never outlive the app, even when a grandchild
	 * holds our stdin open. */
	if (parent_pid != 0 && platform_watch_parent(parent_pid) < 0) {
		log_info("parent process %ld is not running, exiting",
		    parent_pid);
		return 0;
	}
	if (daemon_init(&d, &limits) < 0) {
		log_error("cannot start: out of memory");
		return 1;
	}
	log_debug("vibebellsd %s starting, pid %ld", VB_VERSION_STRING,
	    platform_pid());
	rc = serve(&d, STDIN_FILENO, STDOUT_FILENO);
	daemon_fini(&d);
	return rc;
}
