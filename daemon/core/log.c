/* log.c - leveled logging to stderr. */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "log.h"

static enum log_level current_level = LOG_INFO;
static const char *const level_names[] = {
	"quiet", "error", "warn", "info", "debug"
};

void
log_set_level(enum log_level level)
{
	current_level = level;
}

int
log_level_parse(const char *name)
{
	for (size_t i = 0; i < sizeof level_names / sizeof level_names[0]; i++)
		if (strcmp(name, level_names[i]) == 0)
			return (int)i;
	return -1;
}

void
vb_log(enum log_level level, const char *fmt, ...)
{
	va_list ap;

	if (level == LOG_QUIET || level > current_level)
		return;
	fprintf(stderr, "vibebellsd: %s: ", level_names[level]);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}
