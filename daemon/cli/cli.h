/*
 * cli.h - the command line: subcommands for people and scripts, each in
 * cli/<name>.c exporting one entry, run through the same method handlers
 * as the protocol (transport/dispatch.h's dispatch_call).
 */
#ifndef VB_CLI_H
#define VB_CLI_H

#include "../core/attrs.h"

#include <jansson.h>
#include <stdio.h>

#include "../core/daemon.h"
#include "../core/error.h"

/* Exit statuses of every subcommand. */
#define CLI_OK       0
#define CLI_REFUSED  1  /* the song or request was refused */
#define CLI_USAGE    2

struct cli_command {
	const char *name;
	const char *synopsis;  /* the usage line after "vibebellsd ";
	                          "{formats}" lists the input formats */
	int (*run)(struct daemon *d, int argc, char **argv);
};

/* Runs argv[0] as a subcommand; returns the exit status. */
int cli_main(struct daemon *d, int argc, char **argv);
void cli_usage(FILE *f);

/* Prints a usage error naming the argument; returns CLI_USAGE. */
int cli_usage_error(const char *cmd, const char *fmt, ...)
    VB_PRINTF(2, 3);

/* Calls method with params (stolen); on failure reports the error and
 * returns NULL.  Result is a new reference. */
json_t *cli_call(struct daemon *d, const char *method, json_t *params);

/* Prints v as indented JSON on stdout with a final newline. */
void cli_print_json(const json_t *v);

/*
 * Prints "Label      text" with text wrapped at spaces to 78 columns,
 * each further line indented under the text (label padded to 11).
 */
void cli_print_wrapped(const char *label, const char *text);

/* Terminal styling: only when stdout is a terminal and NO_COLOR is unset. */
const char *cli_style(const char *sgr);  /* e.g. "1" bold, "31" red */
const char *cli_unstyle(void);

#endif
