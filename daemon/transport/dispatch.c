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
#include <string.h>

#include "dispatch.h"
#include "utf8.h"
#include "../core/log.h"
#include "../methods/method.h"

size_t
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

json_t *
dispatch_error_response(json_t *id, const struct vb_error *err)
{
	json_t *data = json_pack("{s:s}", "code", err->code);

	if (err->field[0] != '\0')
		json_object_set_new(data, "field", json_string(err->field));
	return json_pack("{s:s, s:{s:i, s:s, s:o}, s:O}",
	    "jsonrpc", "2.0",
	    "error", "code", err->rpc_code, "message", err->message,
	    "data", data,
	    "id", id ? id : json_null());
}

json_t *
dispatch_too_large(const struct daemon *d)
{
	struct vb_error err;

	vb_error_set(&err, RPC_INVALID_REQUEST, "ERR_MESSAGE_TOO_LARGE", NULL,
	    "Message longer than %zu bytes was skipped",
	    d->limits.max_message_bytes);
	return dispatch_error_response(NULL, &err);
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

/* Runs entry with params (borrowed, NULL = {}); a handler that fails
 * without saying why is reported as an internal error. */
static json_t *
dispatch_run(struct daemon *d, const struct method_entry *entry,
    json_t *params, struct vb_error *err)
{
	json_t *result;

	if (params == NULL)
		params = json_object();
	else
		json_incref(params);
	result = entry->run(d, params, err);
	json_decref(params);
	if (result == NULL) {
		if (err->rpc_code == 0)
			vb_error_set(err, RPC_INTERNAL_ERROR, "ERR_INTERNAL",
			    NULL, "Internal error in %s", entry->name);
		log_debug("%s failed: %s (%s)", entry->name, err->message,
		    err->code);
	}
	return result;
}

json_t *
dispatch_call(struct daemon *d, const char *method, json_t *params,
    struct vb_error *err)
{
	const struct method_entry *entry;

	vb_error_clear(err);
	entry = method_lookup(method, err);
	if (entry == NULL)
		return NULL;
	if (params != NULL && !json_is_object(params)) {
		vb_error_param(err, "ERR_INVALID_PARAMS", "params",
		    "\"params\" must be an object (named parameters)");
		return NULL;
	}
	return dispatch_run(d, entry, params, err);
}

/*
 * Handles one request object.  Returns the response (new reference) or
 * NULL for a notification.
 */
static json_t *
dispatch_request(struct daemon *d, json_t *req)
{
	struct vb_error err;
	json_t *id, *method, *params, *result, *version;
	const struct method_entry *entry;
	int is_notification;

	vb_error_clear(&err);
	if (!json_is_object(req)) {
		vb_error_set(&err, RPC_INVALID_REQUEST, "ERR_INVALID_REQUEST",
		    NULL, "A request must be a JSON object");
		return dispatch_error_response(NULL, &err);
	}
	id = json_object_get(req, "id");
	is_notification = (id == NULL);
	if (id != NULL && !valid_id(id)) {
		vb_error_set(&err, RPC_INVALID_REQUEST, "ERR_INVALID_REQUEST",
		    "id", "\"id\" must be a string, a number or null");
		return dispatch_error_response(NULL, &err);
	}
	version = json_object_get(req, "jsonrpc");
	if (!json_is_string(version) ||
	    strcmp(json_string_value(version), "2.0") != 0) {
		vb_error_set(&err, RPC_INVALID_REQUEST, "ERR_INVALID_REQUEST",
		    "jsonrpc", "\"jsonrpc\" must be the string \"2.0\"");
		return dispatch_error_response(id, &err);
	}
	method = json_object_get(req, "method");
	if (!json_is_string(method)) {
		vb_error_set(&err, RPC_INVALID_REQUEST, "ERR_INVALID_REQUEST",
		    "method", "\"method\" must be a string");
		return dispatch_error_response(id, &err);
	}
	params = json_object_get(req, "params");
	if (params != NULL && !json_is_object(params)) {
		vb_error_param(&err, "ERR_INVALID_PARAMS", "params",
		    "\"params\" must be an object (named parameters)");
		goto fail;
	}
	entry = method_lookup(json_string_value(method), &err);
	if (entry == NULL)
		goto fail;

	result = dispatch_run(d, entry, params, &err);
	if (result == NULL)
		goto fail;
	if (is_notification) {
		json_decref(result);
		return NULL;
	}
	return json_pack("{s:s, s:o, s:O}", "jsonrpc", "2.0", "result", result,
	    "id", id);

fail:
	if (is_notification)
		return NULL;
	return dispatch_error_response(id, &err);
}

static json_t *
dispatch_batch(struct daemon *d, json_t *batch)
{
	json_t *responses = json_array();
	json_t *req;
	size_t i;

	json_array_foreach(batch, i, req) {
		json_t *resp = dispatch_request(d, req);
		if (resp != NULL)
			json_array_append_new(responses, resp);
	}
	if (json_array_size(responses) == 0) {
		json_decref(responses);
		return NULL;
	}
	return responses;
}

json_t *
dispatch_line(struct daemon *d, const char *line, size_t len)
{
	struct vb_error err;
	json_error_t jerr;
	json_t *msg, *resp;
	size_t bad;

	bad = utf8_invalid_offset(line, len);
	if (bad != len) {
		vb_error_set(&err, RPC_PARSE_ERROR, "ERR_PARSE", NULL,
		    "Invalid UTF-8 at byte %zu", bad);
		return dispatch_error_response(NULL, &err);
	}
	/* Duplicate keys are refused: which one wins differs between JSON
	 * libraries, so a client's intent would be a guess. */
	msg = json_loadb(line, len, JSON_REJECT_DUPLICATES | JSON_DECODE_ANY, &jerr);
	if (msg == NULL) {
		vb_error_set(&err, RPC_PARSE_ERROR, "ERR_PARSE", NULL,
		    "Invalid JSON at column %d: %s", jerr.column, jerr.text);
		return dispatch_error_response(NULL, &err);
	}
	if (json_depth(msg) > d->limits.max_json_depth) {
		json_decref(msg);
		vb_error_set(&err, RPC_INVALID_REQUEST, "ERR_TOO_DEEP", NULL,
		    "JSON nested deeper than %zu levels",
		    d->limits.max_json_depth);
		return dispatch_error_response(NULL, &err);
	}
	if (json_is_array(msg)) {
		if (json_array_size(msg) == 0) {
			vb_error_set(&err, RPC_INVALID_REQUEST,
			    "ERR_INVALID_REQUEST", NULL, "Empty batch");
			resp = dispatch_error_response(NULL, &err);
		} else {
			resp = dispatch_batch(d, msg);
		}
	} else {
		resp = dispatch_request(d, msg);
	}
	json_decref(msg);
	return resp;
}
