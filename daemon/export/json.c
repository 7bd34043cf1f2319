/*
 * json.c - the `json` export: one document a tool can read without
 * knowing the protocol:
 *
 *   {"format":"vibebells-arrangement","format_version":1,
 *    "metadata":{"generator":"vibebellsd","version":"0.1.0",
 *      "generated":"2026-11-24 10:15:00","filename":"hymn.mid",
 *      "strategy":"balanced"},
 *    "players":[{"name":"Alice","experience":"experienced"}],
 *    "arrangement":{"assignments":{...},"swaps":{...}, ...}}
 *
 * `arrangement` is the arrangement as given (a full one from `arrange`
 * keeps all its keys; bare assignments are wrapped), with the `swaps`
 * param put in, so that the document fed back to `export` gives the same
 * sheet.  Numbers are written as the protocol writes them.
 */
#include <stdlib.h>
#include <string.h>

#include "export.h"
#include "../core/json_out.h"
#include "../core/version.h"

#define EXPORT_JSON_FORMAT "vibebells-arrangement"
#define EXPORT_JSON_VERSION 1

static void
write_arrangement(struct json_out *o, const struct export_input *in)
{
	const char *key;
	json_t *v;
	int swaps_done = 0;

	json_out_begin_object(o);
	if (in->assignments == in->arrangement) {
		json_out_key(o, "assignments");
		json_out_value(o, in->assignments);
	} else {
		json_object_foreach((json_t *)in->arrangement, key, v) {
			json_out_key(o, key);
			if (strcmp(key, "swaps") == 0 && in->swaps != NULL) {
				json_out_value(o, in->swaps);
				swaps_done = 1;
			} else {
				json_out_value(o, v);
			}
		}
	}
	if (in->swaps != NULL && !swaps_done) {
		json_out_key(o, "swaps");
		json_out_value(o, in->swaps);
	}
	json_out_end_object(o);
}

char *
export_json(const struct export_input *in, size_t *len_out)
{
	struct json_out o;
	char *text;
	size_t len;

	json_out_init(&o);
	json_out_begin_object(&o);
	json_out_key(&o, "format");
	json_out_string(&o, EXPORT_JSON_FORMAT);
	json_out_key(&o, "format_version");
	json_out_int(&o, EXPORT_JSON_VERSION);
	json_out_key(&o, "metadata");
	json_out_begin_object(&o);
	json_out_key(&o, "generator");
	json_out_string(&o, "vibebellsd");
	json_out_key(&o, "version");
	json_out_string(&o, VB_VERSION_STRING);
	json_out_key(&o, "generated");
	json_out_string(&o, in->generated);
	json_out_key(&o, "filename");
	json_out_string(&o, in->filename);
	json_out_key(&o, "strategy");
	if (in->strategy != NULL)
		json_out_string(&o, in->strategy);
	else
		json_out_null(&o);
	json_out_end_object(&o);
	json_out_key(&o, "players");
	if (in->players != NULL)
		json_out_value(&o, in->players);
	else {
		json_out_begin_array(&o);
		json_out_end_array(&o);
	}
	json_out_key(&o, "arrangement");
	write_arrangement(&o, in);
	json_out_end_object(&o);
	text = json_out_steal(&o, &len);
	if (text == NULL)
		return NULL;
	/* A file ends with a newline; the text is still one JSON value. */
	char *t = realloc(text, len + 2);
	if (t == NULL) {
		free(text);
		return NULL;
	}
	t[len++] = '\n';
	t[len] = '\0';
	*len_out = len;
	return t;
}
