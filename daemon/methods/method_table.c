/*
 * method_table.c - every JSON-RPC method the daemon serves.  One row per
 * methods/<name>.c file.
 */
#include <string.h>

#include "method.h"

extern const struct method_entry method_arrange_entry;
extern const struct method_entry method_ping_entry;
extern const struct method_entry method_shutdown_entry;
extern const struct method_entry method_export_entry;
extern const struct method_entry method_score_close_entry;
extern const struct method_entry method_upload_entry;

const struct method_entry *const method_table[] = {
	&method_ping_entry,
	&method_shutdown_entry,
	&method_upload_entry,
	&method_score_close_entry,
	&method_arrange_entry,
	&method_export_entry,
	NULL,
};

const struct method_entry *
method_find(const char *name)
{
	for (size_t i = 0; method_table[i] != NULL; i++)
		if (strcmp(method_table[i]->name, name) == 0)
			return method_table[i];
	return NULL;
}
