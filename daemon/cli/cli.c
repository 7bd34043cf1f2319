/*
 * cli.c - subcommand dispatch and what the subcommands share: error
 * reporting, JSON printing, terminal styling.
 */
#include <locale.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "../core/utf8.h"
#include "../methods/vocabulary.h"
#include "../transport/dispatch.h"

extern const struct cli_command cli_info_command;
extern const struct cli_command cli_arrange_command;
extern const struct cli_command cli_call_command;

static const struct cli_command *const cli_table[] = {
	&cli_info_command,
	&cli_arrange_command,
	&cli_call_command,
	NULL,
};

static int styled = -1;

/* Whether to style, decided once.  Both functions ask: arguments of one
 * printf are evaluated in no set order, so cli_unstyle() may come first
 * (it did, and the first bold line never ended). */
static int
styling(void)
{
	if (styled < 0) {
		const char *nc = getenv("NO_COLOR");
		styled = isatty(STDOUT_FILENO) && (nc == NULL || nc[0] == '\0');
	}
	return styled;
}

const char *
cli_style(const char *sgr)
{
	/* A few buffers in turn, so that one printf may style twice. */
	static char buf[4][16];
	static int next;
	char *b = buf[next++ & 3];

	if (!styling())
		return "";
	snprintf(b, sizeof buf[0], "\033[%sm", sgr);
	return b;
}

const char *
cli_unstyle(void)
{
	return styling() ? "\033[0m" : "";
}

/* The subcommand named name, or NULL. */
static const struct cli_command *
cli_find(const char *name)
{
	for (size_t i = 0; cli_table[i] != NULL; i++)
		if (strcmp(cli_table[i]->name, name) == 0)
			return cli_table[i];
	return NULL;
}

/* Prints lead, then c's synopsis with "{formats}" made from the input
 * formats' table ("midi|musicxml|mxl"). */
static void
print_synopsis(FILE *f, const char *lead, const struct cli_command *c)
{
	const char *mark = strstr(c->synopsis, "{formats}");
	char names[128];

	if (mark == NULL) {
		fprintf(f, "%s%s\n", lead, c->synopsis);
		return;
	}
	words_join(names, sizeof names, vocabulary_words(VOCAB_INPUT_FORMATS),
	    "|", "|", "");
	fprintf(f, "%s%.*s%s%s\n", lead, (int)(mark - c->synopsis),
	    c->synopsis, names, mark + strlen("{formats}"));
}

void
cli_usage(FILE *f)
{
	fprintf(f, "usage: vibebellsd [options]          the JSON-RPC daemon on stdin/stdout\n");
	for (size_t i = 0; cli_table[i] != NULL; i++)
		print_synopsis(f, "       vibebellsd ", cli_table[i]);
}

/* Prints "vibebellsd: <message> (<ERR_CODE>)" on stderr; returns
 * CLI_REFUSED. */
static int
cli_report_error(const struct vb_error *err)
{
	fprintf(stderr, "vibebellsd: %s (%s", err->message, err->code);
	if (err->field[0] != '\0')
		fprintf(stderr, ", %s", err->field);
	fprintf(stderr, ")\n");
	return CLI_REFUSED;
}

int
cli_usage_error(const char *cmd, const char *fmt, ...)
{
	va_list ap;
	const struct cli_command *c = cli_find(cmd);

	fprintf(stderr, "vibebellsd %s: ", cmd);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	if (c != NULL)
		print_synopsis(stderr, "usage: vibebellsd ", c);
	return CLI_USAGE;
}

json_t *
cli_call(struct daemon *d, const char *method, json_t *params)
{
	struct vb_error err;
	json_t *result = dispatch_call(d, method, params, &err);

	json_decref(params);
	if (result == NULL)
		cli_report_error(&err);
	return result;
}

void
cli_print_json(const json_t *v)
{
	char *text = json_dumps(v, JSON_INDENT(2));

	if (text != NULL) {
		fputs(text, stdout);
		fputc('\n', stdout);
		free(text);
	}
}

int
cli_main(struct daemon *d, int argc, char **argv)
{
	const struct cli_command *c = cli_find(argv[0]);

	/* For wcwidth: measure names in terminal cells.  C.UTF-8 is
	 * always there on glibc; the user's locale may not be UTF-8. */
	if (setlocale(LC_CTYPE, "C.UTF-8") == NULL)
		setlocale(LC_CTYPE, "");
	if (c == NULL) {
		fprintf(stderr, "vibebellsd: unknown command '%s'\n", argv[0]);
		cli_usage(stderr);
		return CLI_USAGE;
	}
	for (int i = 1; i < argc; i++)
		if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0) {
			print_synopsis(stdout, "usage: vibebellsd ", c);
			return CLI_OK;
		}
	return c->run(d, argc, argv);
}

void
cli_print_wrapped(const char *label, const char *text)
{
	const size_t indent = 11, width = 78;
	size_t col = indent;

	printf("%-10s ", label);
	while (*text != '\0') {
		size_t word = strcspn(text, " ");
		/* Columns: characters (no wide ones in the report but in
		 * track names, and those seldom). */
		size_t w = utf8_char_count(text, word);

		/* A word that does not fit starts a line (unless it is the
		 * line's first: then it overflows rather than looping). */
		if (col > indent && col + 1 + w > width) {
			printf("\n%*s", (int)indent, "");
			col = indent;
		} else if (col > indent) {
			putchar(' ');
			col++;
		}
		fwrite(text, 1, word, stdout);
		col += w;
		text += word;
		text += strspn(text, " ");
	}
	putchar('\n');
}
