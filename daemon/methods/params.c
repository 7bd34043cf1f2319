/* params.c - reading and checking method parameters (params.h). */
#include <string.h>

#include "params.h"
#include "../music/score_store.h"

/* The value of key, or NULL when it counts as absent; -1 when absent or
 * null is not allowed (err filled with the type's wording). */
static int
lookup(const json_t *params, const char *key, unsigned flags,
    const char *wording, json_t **v, struct vb_error *err)
{
	*v = json_object_get(params, key);
	if (*v == NULL && (flags & PARAM_OPTIONAL))
		return 0;
	if (*v != NULL && json_is_null(*v) && (flags & PARAM_NULL_OK)) {
		*v = NULL;
		return 1;
	}
	if (*v == NULL)
		return vb_error_param(err, "ERR_INVALID_PARAMS", key, "%s must %s",
		    key, wording);
	return 0;
}

int
param_bytes(const json_t *params, const char *key, unsigned flags,
    const char **out, size_t *len, struct vb_error *err)
{
	const char *wording = (flags & PARAM_NON_EMPTY) ?
	    "be a non-empty string" : "be a string";
	json_t *v;
	int r = lookup(params, key, flags, wording, &v, err);

	if (r < 0)
		return -1;
	if (r > 0) {
		*out = NULL;
		*len = 0;
	}
	if (v == NULL)
		return 0;
	if (!json_is_string(v) || ((flags & PARAM_NON_EMPTY) &&
	    json_string_length(v) == 0))
		return vb_error_param(err, "ERR_INVALID_PARAMS", key, "%s must %s",
		    key, wording);
	*out = json_string_value(v);
	*len = json_string_length(v);
	return 0;
}

int
param_string(const json_t *params, const char *key, unsigned flags,
    const char **out, struct vb_error *err)
{
	const json_t *v = json_object_get(params, key);
	size_t len;

	if (param_bytes(params, key, flags, out, &len, err) < 0)
		return -1;
	/* A NUL inside would silently cut the name or path at it. */
	if (json_is_string(v) && (flags & PARAM_NON_EMPTY) &&
	    strlen(*out) != len)
		return vb_error_param(err, "ERR_INVALID_PARAMS", key,
		    "%s must be a non-empty string", key);
	return 0;
}

int
param_bool(const json_t *params, const char *key, unsigned flags, int *out,
    struct vb_error *err)
{
	json_t *v;

	if (lookup(params, key, flags, "be true or false", &v, err) < 0)
		return -1;
	if (v == NULL)
		return 0;
	if (!json_is_boolean(v))
		return vb_error_param(err, "ERR_INVALID_PARAMS", key,
		    "%s must be true or false", key);
	*out = json_is_true(v);
	return 0;
}

int
param_int_value(const json_t *v, const char *field, const char *code,
    long lo, long hi, long *out, struct vb_error *err)
{
	if (!json_is_integer(v) || json_integer_value(v) < lo ||
	    json_integer_value(v) > hi)
		return vb_error_param(err, code, field,
		    "%s must be an integer from %ld to %ld", field, lo, hi);
	*out = (long)json_integer_value(v);
	return 0;
}

int
param_int_range(const json_t *params, const char *key, unsigned flags,
    long lo, long hi, long *out, struct vb_error *err)
{
	json_t *v;

	if (lookup(params, key, flags, "be an integer", &v, err) < 0)
		return -1;
	if (v == NULL)
		return 0;
	return param_int_value(v, key, "ERR_INVALID_PARAMS", lo, hi, out, err);
}

int
param_score(struct daemon *d, const json_t *params, unsigned flags,
    struct score **out, struct vb_error *err)
{
	const char *id = NULL;

	*out = NULL;
	if (param_string(params, "score_id", flags, &id, err) < 0)
		return -1;
	if (id == NULL)
		return 0;
	*out = score_store_get(d->store, id);
	if (*out == NULL)
		return vb_error_set(err, RPC_NOT_FOUND, "ERR_UNKNOWN_SCORE",
		    "score_id", "No score '%.64s' (unknown, closed or evicted)",
		    id);
	return 0;
}
