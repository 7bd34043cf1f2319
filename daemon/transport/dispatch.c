/*
 * dispatch.c - JSON-RPC 2.0 request handling.
 *
 * Rules (protocol/PROTOCOL.md, "Transport"): a request has "jsonrpc":"2.0",
 * a string "method", optional object "params", and an "id" that is a
 * string, an integer or null; without "id" it is a notification and gets
 * no response.  A batch is a non-empty array of requests.  Every error
 * carries data.code (an ERR_* string) so that clients can switch on it.
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "dispatch.h"
#include "../core/json_fast.h"
#include "../core/utf8.h"
#include "../core/log.h"
#include "../core/work.h"
#include "../methods/method.h"

/* Depth of nested arrays/objects in v (a scalar is 0). */
static size_t
json_depth(const json_t *v)
{
	size_t max = 0;

	if (json_is_object(v)) {
		const char *key;
		json_t *child;
		json_object_foreach((json_t *)v, key, child) {
			size_t d = json_depth(child);
			if (d > max)
				max = d;
		}
		return max + 1;
	}
	if (json_is_array(v)) {
		size_t i;
		json_t *child;
		json_array_foreach(v, i, child) {
			size_t d = json_depth(child);
			if (d > max)
				max = d;
		}
		return max + 1;
	}
	return 0;
}

/* A response's start, up to the key of its result or error: jsonrpc and
 * id first, so that a reader of a large response knows early which call
 * it answers.  id NULL: null. */
static void
write_head(struct json_out *o, const json_t *id, const char *what)
{
	json_out_begin_object(o);
	json_out_key_string(o, "jsonrpc", "2.0");
	json_out_key(o, "id");
	json_out_value(o, id != NULL ? id : json_null());
	json_out_key(o, what);
}

void
dispatch_write_error(struct json_out *o, const json_t *id,
    const struct vb_error *err)
{
	write_head(o, id, "error");
	json_out_begin_object(o);
	json_out_key_int(o, "code", err->rpc_code);
	json_out_key_string(o, "message", err->message);
	json_out_key_object(o, "data");
	json_out_key_string(o, "code", err->code);
	if (err->field[0] != '\0')
		json_out_key_string(o, "field", err->field);
	json_out_end_object(o);
	json_out_end_object(o);
	json_out_end_object(o);
}

void
dispatch_too_large(const struct daemon *d, struct json_out *o)
{
	struct vb_error err;

	vb_error_set(&err, RPC_INVALID_REQUEST, "ERR_MESSAGE_TOO_LARGE", NULL,
	    "Message longer than %zu bytes was skipped",
	    d->limits.max_message_bytes);
	dispatch_write_error(o, NULL, &err);
}

/*
 * Writes into field the path of the first string (value, or key) in v
 * that holds a NUL (\u0000), and returns 1; 0 if there is none.  The
 * line is parsed with NULs allowed so that such a request is answered
 * under its own id; no parameter accepts one (C strings end there).
 */
static int
has_nul(const json_t *v)
{
	const char *key;
	json_t *child;
	size_t i;

	if (json_is_string(v))
		return strlen(json_string_value(v)) != json_string_length(v);
	if (json_is_object(v)) {
		json_object_foreach((json_t *)v, key, child)
			if (has_nul(child))
				return 1;
	} else if (json_is_array(v)) {
		json_array_foreach(v, i, child)
			if (has_nul(child))
				return 1;
	}
	return 0;
}

/* The path to the first string holding a NUL, into field.  Only walked
 * when has_nul() found one: building the path costs a snprintf a key,
 * a fifth of a small request's whole cost when done for every request. */
static int
find_nul(const json_t *v, char *field, size_t len)
{
	size_t used = strlen(field), i;
	const char *key;
	json_t *child;

	if (used == 0 && !has_nul(v))
		return 0;
	if (json_is_string(v))
		return strlen(json_string_value(v)) != json_string_length(v);
	if (json_is_object(v)) {
		json_object_foreach((json_t *)v, key, child) {
			snprintf(field + used, len - used, "%s%s",
			    used ? "." : "", key);
			if (find_nul(child, field, len))
				return 1;
		}
	} else if (json_is_array(v)) {
		json_array_foreach(v, i, child) {
			snprintf(field + used, len - used, "[%zu]", i);
			if (find_nul(child, field, len))
				return 1;
		}
	}
	field[used] = '\0';
	return 0;
}

static int
valid_id(json_t *id)
{
	if (json_is_string(id) || json_is_integer(id) || json_is_null(id))
		return 1;
	/* JSON-RPC allows numbers; fractions are discouraged but legal. */
	return json_is_real(id) && isfinite(json_real_value(id));
}

static const struct method_entry *
method_lookup(const char *name, struct vb_error *err)
{
	const struct method_entry *entry = method_find(name);

	if (entry == NULL)
		vb_error_set(err, RPC_METHOD_NOT_FOUND, "ERR_METHOD_NOT_FOUND",
		    "method", "Unknown method \"%s\"", name);
	return entry;
}

static void
note_failure(const struct method_entry *entry, struct vb_error *err)
{
	/* A handler that fails without saying why is an internal error. */
	if (err->rpc_code == 0)
		vb_error_set(err, RPC_INTERNAL_ERROR, "ERR_INTERNAL", NULL,
		    "Internal error in %s", entry->name);
	log_debug("%s failed: %s (%s)", entry->name, err->message, err->code);
}

/*
 * Runs entry with params (borrowed, NULL = {}), writing its result as one
 * value into o.  Returns 0, or -1 with err filled and o as it was.
 */
static int
dispatch_run(struct daemon *d, const struct method_entry *entry,
    json_t *params, struct json_out *o, struct vb_error *err)
{
	struct json_out_mark mark = json_out_mark(o);
	int rc = 0;

	if (params == NULL)
		params = json_object();
	else
		json_incref(params);
	if (entry->run_text != NULL) {
		rc = entry->run_text(d, params, o, err);
		if (rc == 0 && o->failed) {
			vb_error_set(err, RPC_INTERNAL_ERROR, "ERR_NO_MEMORY",
			    NULL, "Out of memory writing the %s result",
			    entry->name);
			rc = -1;
		}
	} else {
		json_t *result = entry->run(d, params, err);

		if (result == NULL)
			rc = -1;
		else
			json_out_value(o, result);
		json_decref(result);
	}
	json_decref(params);
	if (rc < 0) {
		json_out_rewind(o, mark);
		note_failure(entry, err);
	}
	return rc;
}

json_t *
dispatch_call(struct daemon *d, const char *method, json_t *params,
    struct vb_error *err)
{
	const struct method_entry *entry;
	struct json_out o;
	json_error_t jerr;
	json_t *result;

	vb_error_clear(err);
	entry = method_lookup(method, err);
	if (entry == NULL)
		return NULL;
	if (params != NULL && !json_is_object(params)) {
		vb_error_param(err, "ERR_INVALID_PARAMS", "params",
		    "\"params\" must be an object (named parameters)");
		return NULL;
	}
	if (entry->run != NULL) {
		if (params == NULL)
			params = json_object();
		else
			json_incref(params);
		result = entry->run(d, params, err);
		json_decref(params);
		if (result == NULL)
			note_failure(entry, err);
		return result;
	}
	/* A text result is parsed back: the command line is not the hot
	 * path, and this keeps one writer per result. */
	json_out_init(&o);
	if (dispatch_run(d, entry, params, &o, err) < 0) {
		json_out_free(&o);
		return NULL;
	}
	result = json_loadb(o.buf, o.len, JSON_DECODE_ANY, &jerr);
	json_out_free(&o);
	if (result == NULL)
		vb_error_set(err, RPC_INTERNAL_ERROR, "ERR_INTERNAL", NULL,
		    "Internal error in %s: unreadable result", entry->name);
	return result;
}

/*
 * Checks a request's envelope (object, id, jsonrpc, method) and finds
 * its id (borrowed, NULL for a notification).  Returns 0 when it may be
 * dispatched; -1 with err filled when it is an invalid request, whose
 * error goes out with *id (NULL when the id itself is bad).
 */
static int
check_envelope(json_t *req, json_t **id, struct vb_error *err)
{
	json_t *version, *method;

	*id = NULL;
	if (!json_is_object(req))
		return vb_error_set(err, RPC_INVALID_REQUEST,
		    "ERR_INVALID_REQUEST", NULL,
		    "A request must be a JSON object");
	*id = json_object_get(req, "id");
	if (*id != NULL && (!valid_id(*id) || (json_is_string(*id) &&
	    find_nul(*id, err->field, sizeof err->field)))) {
		*id = NULL;
		return vb_error_set(err, RPC_INVALID_REQUEST,
		    "ERR_INVALID_REQUEST", "id",
		    "\"id\" must be a string, a number or null");
	}
	version = json_object_get(req, "jsonrpc");
	if (!json_is_string(version) ||
	    strcmp(json_string_value(version), "2.0") != 0)
		return vb_error_set(err, RPC_INVALID_REQUEST,
		    "ERR_INVALID_REQUEST", "jsonrpc",
		    "\"jsonrpc\" must be the string \"2.0\"");
	method = json_object_get(req, "method");
	if (!json_is_string(method) ||
	    find_nul(method, err->field, sizeof err->field))
		return vb_error_set(err, RPC_INVALID_REQUEST,
		    "ERR_INVALID_REQUEST", "method",
		    "\"method\" must be a string");
	return 0;
}

/* The params (borrowed, NULL = none) if they are an object without a
 * NUL in any string; -1 with err.  nul_free: the parse already knows
 * that no string holds one. */
static int
check_params(json_t *req, json_t **params, int nul_free,
    struct vb_error *err)
{
	char nul_field[sizeof err->field] = "";

	*params = json_object_get(req, "params");
	if (*params != NULL && !json_is_object(*params))
		return vb_error_param(err, "ERR_INVALID_PARAMS", "params",
		    "\"params\" must be an object (named parameters)");
	if (*params != NULL && !nul_free &&
	    find_nul(*params, nul_field, sizeof nul_field))
		return vb_error_param(err, "ERR_INVALID_PARAMS", nul_field,
		    "A string holds \\u0000 (NUL), which no parameter accepts");
	return 0;
}

/*
 * Answers one request object into o; writes nothing for a notification.
 * nul_free: no string of the line holds a NUL (check_params).  Returns 1
 * if a response was written, 0 if not.
 */
static int
dispatch_request(struct daemon *d, json_t *req, int in_batch, int nul_free,
    struct json_out *o)
{
	struct vb_error err;
	json_t *id, *params, *method;
	const struct method_entry *entry;
	struct json_out_mark mark;
	int rc;

	vb_error_clear(&err);
	if (check_envelope(req, &id, &err) < 0) {
		dispatch_write_error(o, id, &err);
		return 1;
	}
	if (check_params(req, &params, nul_free, &err) < 0)
		goto fail;
	method = json_object_get(req, "method");
	/* $/cancelRequest did its work when the serve loop read it (it
	 * scans lines as they arrive); other "$/" notifications a client
	 * may send are ignored, as LSP asks. */
	if (strncmp(json_string_value(method), "$/", 2) == 0 && id == NULL)
		return 0;
	if (strcmp(json_string_value(method), "$/cancelRequest") == 0) {
		write_head(o, id, "result");
		json_out_null(o);
		json_out_end_object(o);
		return 1;
	}
	entry = method_lookup(json_string_value(method), &err);
	if (entry == NULL)
		goto fail;

	mark = json_out_mark(o);
	write_head(o, id, "result");
	/* A response on a line of its own may go out as it is written. */
	json_out_allow_stream(o, !in_batch && id != NULL);
	/* The serve loop learns which request runs (for cancels and
	 * progress); one cancelled while it waited is not run at all. */
	work_begin(d->work, entry->name, id, params);
	rc = work_stopped(d->work, &err);
	if (rc == 0)
		rc = dispatch_run(d, entry, params, o, &err);
	work_end(d->work);
	json_out_allow_stream(o, 0);
	if (rc < 0) {
		json_out_rewind(o, mark);
		goto fail;
	}
	json_out_end_object(o);
	if (id == NULL) {
		/* A notification: run for its effect, answer nothing. */
		json_out_rewind(o, mark);
		return 0;
	}
	return 1;

fail:
	if (id == NULL)
		return 0;
	dispatch_write_error(o, id, &err);
	return 1;
}

static int
dispatch_batch(struct daemon *d, json_t *batch, int nul_free,
    struct json_out *o)
{
	struct json_out_mark mark = json_out_mark(o);
	json_t *req;
	size_t i;
	int any = 0;

	json_out_begin_array(o);
	json_array_foreach(batch, i, req) {
		any |= dispatch_request(d, req, 1, nul_free, o);
		/* shutdown ends the batch too: the members after it are not
		 * run, as lines after it are not read. */
		if (d->shutdown_requested)
			break;
		/* The responses so far go out: a batch of many large
		 * results is never held whole (only once one is written,
		 * so that a batch of notifications still sends nothing). */
		if (any)
			json_out_flush_whole(o);
	}
	json_out_end_array(o);
	if (!any)
		json_out_rewind(o, mark);
	return any;
}

/*
 * The message on line (new reference), or NULL with err filled: the
 * checks before the parse (UTF-8, the count of values), the parse, and
 * the depth.  *nul_free: 1 when no string can hold a NUL.
 */
static json_t *
parse_line(const struct daemon *d, const char *line, size_t len,
    int *nul_free, struct vb_error *err)
{
	json_error_t jerr;
	json_t *msg;
	size_t bad;

	bad = utf8_invalid_offset(line, len);
	if (bad != len) {
		vb_error_set(err, RPC_PARSE_ERROR, "ERR_PARSE", NULL,
		    "Invalid UTF-8 at byte %zu", bad);
		return NULL;
	}
	/* A byte counts 4 at the most, so a line shorter than a quarter
	 * of the limit cannot be over it: only longer ones are counted. */
	if (len >= d->limits.max_json_values / 4 &&
	    json_value_cost(line, len, d->limits.max_json_values) >
	    d->limits.max_json_values) {
		vb_error_set(err, RPC_INVALID_REQUEST, "ERR_TOO_MANY_VALUES",
		    NULL, "The message holds more than %zu values (a string "
		    "counts 2, an object 5)", d->limits.max_json_values);
		return NULL;
	}
	/* The usual request is read by json_fast_parse, no deeper than
	 * the limit; it declines whatever it is not sure to read as
	 * jansson does, so every error and every unusual input is
	 * jansson's.  Duplicate keys are refused: which one wins differs
	 * between JSON libraries, so a client's intent would be a guess.
	 * NULs are let through jansson and refused per request
	 * (find_nul); json_fast_parse declines \u escapes, so a line it
	 * reads holds none. */
	msg = json_fast_parse(line, len, d->limits.max_json_depth);
	*nul_free = msg != NULL;
	if (msg != NULL)
		return msg;
	msg = json_loadb(line, len, JSON_REJECT_DUPLICATES | JSON_DECODE_ANY |
	    JSON_ALLOW_NUL, &jerr);
	if (msg == NULL) {
		vb_error_set(err, RPC_PARSE_ERROR, "ERR_PARSE", NULL,
		    "Invalid JSON at column %d: %s", jerr.column, jerr.text);
		return NULL;
	}
	if (json_depth(msg) > d->limits.max_json_depth) {
		json_decref(msg);
		vb_error_set(err, RPC_INVALID_REQUEST, "ERR_TOO_DEEP", NULL,
		    "JSON nested deeper than %zu levels",
		    d->limits.max_json_depth);
		return NULL;
	}
	return msg;
}

int
dispatch_line(struct daemon *d, const char *line, size_t len,
    struct json_out *o)
{
	struct vb_error err;
	json_t *msg;
	int written, nul_free;

	msg = parse_line(d, line, len, &nul_free, &err);
	if (msg == NULL) {
		dispatch_write_error(o, NULL, &err);
		return 1;
	}
	if (json_is_array(msg) && json_array_size(msg) == 0) {
		vb_error_set(&err, RPC_INVALID_REQUEST, "ERR_INVALID_REQUEST",
		    NULL, "Empty batch");
		dispatch_write_error(o, NULL, &err);
		written = 1;
	} else if (json_is_array(msg) &&
	    json_array_size(msg) > d->limits.max_batch_size) {
		vb_error_set(&err, RPC_INVALID_REQUEST, "ERR_BATCH_TOO_LARGE",
		    NULL, "A batch of %zu requests; the limit is %zu",
		    json_array_size(msg), d->limits.max_batch_size);
		dispatch_write_error(o, NULL, &err);
		written = 1;
	} else if (json_is_array(msg)) {
		written = dispatch_batch(d, msg, nul_free, o);
	} else {
		written = dispatch_request(d, msg, 0, nul_free, o);
	}
	json_decref(msg);
	return written;
}
