/*
 * ready.c - the first line the daemon writes: who it is, what it serves
 * and its limits.  Replaces the HTTP port and health polling.
 */
#include <jansson.h>

#include "serve.h"
#include "../core/platform.h"
#include "../core/version.h"
#include "../engine/engine.h"
#include "../methods/method.h"

json_t *
ready_notification(const struct daemon *d)
{
	const struct vb_limits *l = &d->limits;
	json_t *methods = json_array(), *strategies = json_array();

	for (size_t i = 0; method_table[i] != NULL; i++)
		json_array_append_new(methods, json_string(method_table[i]->name));
	for (int s = 0; s < STRATEGY_COUNT; s++)
		json_array_append_new(strategies,
		    json_string(strategy_name((enum strategy)s)));

	return json_pack("{s:s, s:s, s:{s:s, s:s, s:s, s:I, s:o,"
	    " s:[s], s:[sss], s:[sss], s:o, s:{s:I, s:I, s:I, s:I, s:I, s:I, s:I, s:I, s:I}}}",
	    "jsonrpc", "2.0", "method", "ready", "params",
	    "name", "vibebellsd",
	    "version", VB_VERSION_STRING,
	    "protocol_version", VB_PROTOCOL_VERSION,
	    "pid", (json_int_t)platform_pid(),
	    "methods", methods,
	    /* Notifications it takes (besides requests to methods). */
	    "notifications", "$/cancelRequest",
	    "input_formats", "midi", "musicxml", "mxl",
	    "export_formats", "csv", "json", "midi",
	    "strategies", strategies,
	    "limits",
	    "max_message_bytes", (json_int_t)l->max_message_bytes,
	    "max_file_bytes", (json_int_t)l->max_file_bytes,
	    "max_decoded_bytes", (json_int_t)l->max_decoded_bytes,
	    "max_notes", (json_int_t)l->max_notes,
	    "max_tracks", (json_int_t)l->max_tracks,
	    "max_scores", (json_int_t)l->max_scores,
	    "max_store_bytes", (json_int_t)l->max_store_bytes,
	    "max_players", (json_int_t)l->max_players,
	    "max_json_depth", (json_int_t)l->max_json_depth);
}
