/*
 * ready.c - the first line the daemon writes: who it is, what it serves
 * and its limits.  Replaces the HTTP port and health polling.  Every list
 * comes from its table (methods, vocabularies, limits).
 */
#include <jansson.h>

#include "serve.h"
#include "../core/platform.h"
#include "../core/version.h"
#include "../methods/method.h"
#include "../methods/vocabulary.h"

json_t *
ready_notification(const struct daemon *d)
{
	json_t *methods = json_array(), *limits = json_object();

	for (size_t i = 0; method_table[i] != NULL; i++)
		json_array_append_new(methods, json_string(method_table[i]->name));
	for (size_t i = 0; i < vb_limit_count; i++)
		json_object_set_new(limits, vb_limit_table[i].name,
		    json_integer((json_int_t)vb_limit_value(&d->limits,
		    &vb_limit_table[i])));

	return json_pack("{s:s, s:s, s:{s:s, s:s, s:s, s:I, s:o,"
	    " s:[s], s:o, s:o, s:o, s:o}}",
	    "jsonrpc", "2.0", "method", "ready", "params",
	    "name", "vibebellsd",
	    "version", VB_VERSION_STRING,
	    "protocol_version", VB_PROTOCOL_VERSION,
	    "pid", (json_int_t)platform_pid(),
	    "methods", methods,
	    /* Notifications it takes (besides requests to methods). */
	    "notifications", "$/cancelRequest",
	    "input_formats", vocabulary_json(VOCAB_INPUT_FORMATS),
	    "export_formats", vocabulary_json(VOCAB_EXPORT_FORMATS),
	    "strategies", vocabulary_json(VOCAB_STRATEGIES),
	    "limits", limits);
}
