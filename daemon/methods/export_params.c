/*
 * export_params.c - the export params, checked as upstream's
 * /api/export-csv route checks them (same order, same ERR_* codes), plus
 * the shapes upstream did not check and then crashed on with a 500
 * (ERR_EXPORT_FAILED): those are refused here with a code and a field
 * saying what is wrong.  Then our own params: format, path, overwrite,
 * score_id.  The formatters in export/ take what this has checked.
 */
#include <stdio.h>
#include <string.h>

#include "export_params.h"
#include "params.h"
#include "../core/words.h"

/* Python's truth value of a JSON value: `if not arrangement`. */
static int
json_truthy(const json_t *v)
{
	switch (json_typeof(v)) {
	case JSON_OBJECT:
		return json_object_size(v) != 0;
	case JSON_ARRAY:
		return json_array_size(v) != 0;
	case JSON_STRING:
		return json_string_length(v) != 0;
	case JSON_INTEGER:
		return json_integer_value(v) != 0;
	case JSON_REAL:
		return json_real_value(v) != 0.0;
	case JSON_TRUE:
		return 1;
	default:
		return 0;
	}
}

/* A value Python's str() turns into a plain cell (see csv.c). */
static int
is_scalar(const json_t *v)
{
	return !json_is_object(v) && !json_is_array(v);
}

static int
check_players(const json_t *players, struct vb_error *err)
{
	char field[64];
	size_t i;
	json_t *p;

	if (!json_is_array(players))
		return vb_error_param(err, "ERR_INVALID_PLAYERS", "players",
		    "Players must be an array");
	json_array_foreach(players, i, p) {
		if (!json_is_object(p)) {
			snprintf(field, sizeof field, "players[%zu]", i);
			return vb_error_param(err, "ERR_INVALID_PLAYER_FORMAT",
			    field, "Each player must be an object");
		}
		if (json_object_get(p, "name") == NULL) {
			snprintf(field, sizeof field, "players[%zu].name", i);
			return vb_error_param(err, "ERR_PLAYER_NO_NAME", field,
			    "Each player must have a name");
		}
		if (json_object_get(p, "experience") == NULL) {
			snprintf(field, sizeof field, "players[%zu].experience", i);
			return vb_error_param(err, "ERR_PLAYER_NO_EXPERIENCE",
			    field, "Each player must have an experience level");
		}
	}
	/* Second pass, so that upstream's codes win over ours whatever the
	 * order of the faults. */
	json_array_foreach(players, i, p) {
		if (!is_scalar(json_object_get(p, "experience"))) {
			snprintf(field, sizeof field, "players[%zu].experience", i);
			return vb_error_param(err, "ERR_INVALID_PLAYER_FORMAT",
			    field, "A player's experience must be a string");
		}
	}
	return 0;
}

static int
check_hand(const json_t *as, const char *player, const char *key,
    struct vb_error *err)
{
	const json_t *hand = json_object_get(as, key);
	size_t i;
	json_t *b;

	if (hand == NULL)
		return 0;
	json_array_foreach(hand, i, b)
		if (!json_is_string(b))
			break;
	if (json_is_array(hand) && i == json_array_size(hand))
		return 0;
	char field[128];
	snprintf(field, sizeof field, "arrangement.assignments.%s.%s", player,
	    key);
	return vb_error_param(err, "ERR_INVALID_ARRANGEMENT", field,
	    "Player '%s': %s must be an array of bell names", player, key);
}

static int
check_assignments(const json_t *assignments, struct vb_error *err)
{
	const char *name;
	json_t *as;

	if (!json_is_object(assignments))
		return vb_error_param(err, "ERR_INVALID_ARRANGEMENT",
		    "arrangement.assignments",
		    "The arrangement's assignments must be an object of players");
	json_object_foreach((json_t *)assignments, name, as) {
		if (!json_is_object(as)) {
			char field[128];
			snprintf(field, sizeof field, "arrangement.assignments.%s",
			    name);
			return vb_error_param(err, "ERR_INVALID_ARRANGEMENT", field,
			    "Player '%s': the assignment must be an object", name);
		}
		if (check_hand(as, name, "bells", err) < 0 ||
		    check_hand(as, name, "left_hand", err) < 0 ||
		    check_hand(as, name, "right_hand", err) < 0)
			return -1;
	}
	return 0;
}

static int
check_swaps(const json_t *swaps, struct vb_error *err)
{
	const char *name;
	json_t *v;

	if (!json_is_object(swaps))
		return vb_error_param(err, "ERR_INVALID_SWAPS", "swaps",
		    "swaps must be an object of swap counts per player");
	json_object_foreach((json_t *)swaps, name, v) {
		if (!is_scalar(v)) {
			char field[128];
			snprintf(field, sizeof field, "swaps.%s", name);
			return vb_error_param(err, "ERR_INVALID_SWAPS", field,
			    "Player '%s': the swap count must be a number", name);
		}
	}
	return 0;
}

int
export_input_parse(const json_t *params, struct export_input *in,
    struct vb_error *err)
{
	const json_t *arr = json_object_get(params, "arrangement");
	const json_t *players = json_object_get(params, "players");
	const json_t *swaps = json_object_get(params, "swaps");

	memset(in, 0, sizeof *in);
	if (arr == NULL || !json_truthy(arr))
		return vb_error_param(err, "ERR_NO_DATA", "arrangement",
		    "No arrangement data provided");
	/* Absent players are upstream's default []: nothing to check. */
	if (players != NULL && check_players(players, err) < 0)
		return -1;
	in->players = players;

	if (!json_is_object(arr))
		return vb_error_param(err, "ERR_INVALID_ARRANGEMENT",
		    "arrangement", "The arrangement must be an object");
	in->arrangement = arr;
	in->assignments = json_object_get(arr, "assignments");
	if (in->assignments == NULL)
		in->assignments = arr;
	if (check_assignments(in->assignments, err) < 0)
		return -1;

	in->filename = "arrangement";
	in->strategy = "unknown";
	if (param_string(params, "filename", PARAM_OPTIONAL, &in->filename,
	    err) < 0 ||
	    param_string(params, "strategy", PARAM_OPTIONAL | PARAM_NULL_OK,
	    &in->strategy, err) < 0)
		return -1;
	if (swaps != NULL && !json_is_null(swaps)) {
		if (check_swaps(swaps, err) < 0)
			return -1;
		in->swaps = swaps;
	}
	return 0;
}

int
export_options_parse(const json_t *params, struct export_options *opt,
    struct vb_error *err)
{
	const unsigned opt_flags = PARAM_OPTIONAL | PARAM_NULL_OK;
	const json_t *f = json_object_get(params, "format");
	char names[128];

	memset(opt, 0, sizeof *opt);
	opt->format = &export_formats[0];
	/* Any value but a format's name is ERR_INVALID_FORMAT (a number
	 * too), so this is the vocabulary's check, not param_string. */
	if (f != NULL && !json_is_null(f)) {
		opt->format = json_is_string(f) ?
		    export_format_find(json_string_value(f)) : NULL;
		if (opt->format == NULL)
			return vb_error_param(err, "ERR_INVALID_FORMAT", "format",
			    "format must be %s", words_join(names, sizeof names,
			    export_format_name, ", ", " or ", "\""));
	}
	if (param_string(params, "path", opt_flags | PARAM_NON_EMPTY,
	    &opt->path, err) < 0 ||
	    param_bool(params, "overwrite", opt_flags, &opt->overwrite,
	    err) < 0 ||
	    param_string(params, "score_id", opt_flags, &opt->score_id,
	    err) < 0 ||
	    param_bool(params, "bom", opt_flags, &opt->bom, err) < 0)
		return -1;
	/* Only a spreadsheet needs one (Excel reads a CSV without it in the
	 * legacy code page); JSON must not start with one. */
	if (opt->bom && strcmp(opt->format->name, "csv") != 0)
		return vb_error_param(err, "ERR_INVALID_PARAMS", "bom",
		    "bom is for the csv format only");
	return 0;
}

/* A string param that must be one of names[n]; its index in *out. */
static int
choice_param(const json_t *params, const char *key,
    const char *const *names, int n, int *out, struct vb_error *err)
{
	const char *v = NULL;
	char list[96];
	size_t o = 0;

	if (param_string(params, key, PARAM_OPTIONAL | PARAM_NULL_OK, &v,
	    err) < 0)
		return -1;
	if (v == NULL)
		return 0;
	for (int i = 0; i < n; i++) {
		if (strcmp(v, names[i]) == 0) {
			*out = i;
			return 0;
		}
		o += (size_t)snprintf(list + o, sizeof list - o, "%s\"%s\"",
		    i == 0 ? "" : i == n - 1 ? " or " : ", ", names[i]);
	}
	return vb_error_param(err, "ERR_INVALID_PARAMS", key, "%s must be %s",
	    key, list);
}

int
export_sheet_options_parse(const json_t *params,
    const struct export_format *format, struct sheet_options *o,
    struct vb_error *err)
{
	static const char *const documents[] = { "sheets", "chart", "bells_used" };
	static const char *const papers[] = { "letter", "a4" };
	const unsigned opt_flags = PARAM_OPTIONAL | PARAM_NULL_OK;
	int doc = SHEET_DOC_SHEETS;
	long dpi = 150, page = 1;

	memset(o, 0, sizeof *o);
	o->format = (enum sheet_format)(format->sheet - 1);
	if (choice_param(params, "document", documents, 3, &doc, err) < 0 ||
	    choice_param(params, "page", papers, 2, &o->a4, err) < 0 ||
	    param_int_range(params, "dpi", opt_flags, 36, 600, &dpi, err) < 0 ||
	    param_int_range(params, "page_number", opt_flags, 1, 100000, &page,
	    err) < 0 ||
	    param_string(params, "title", opt_flags | PARAM_NON_EMPTY, &o->title,
	    err) < 0)
		return -1;
	const json_t *choir = json_object_get(params, "choir");
	if (choir != NULL && !json_is_null(choir)) {
		if (export_choir_check(choir, err) < 0)
			return -1;
		o->choir = choir;
	}
	o->document = (enum sheet_document)doc;
	o->dpi = (int)dpi;
	o->page_number = (int)page;
	return 0;
}
