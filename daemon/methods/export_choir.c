/*
 * export_choir.c - the `choir` param of export (pdf, svg, png): the
 * arrange result's `choir` block, passed back as arrange wrote it, so
 * that the cover's bells-used chart can mark handchimes, moved notes,
 * the set's duplicates and the bells the set lacks.  Export does not
 * re-derive these from the score: arrange already decided them (with
 * its octave suggestion and its out_of_range rule), and a second
 * derivation could only disagree with the arrangement being drawn.
 *
 * Every key the sheets read is checked here for the shape arrange
 * writes (ERR_INVALID_PARAMS, data.field naming the value), so that a
 * typo is refused rather than drawn as "no chimes".  Keys the sheets do
 * not read (octave, tracks, notes, omitted, ...) are not checked: the
 * block may grow without breaking the sheets.
 */
#include <stdio.h>
#include <string.h>

#include "export_params.h"
#include "../music/choir.h"

/* One entry a pitch (MIDI's 128, and room for the shift's overhang):
 * more is not a block arrange wrote. */
#define CHOIR_MAX_ENTRIES 256

static int
bad(struct vb_error *err, const char *field, const char *what)
{
	return vb_error_param(err, "ERR_INVALID_PARAMS", field, "%s %s", field,
	    what);
}

/* A handbell's name, G1..C9, as arrange writes them. */
static int
check_bell_value(const json_t *v, const char *field, struct vb_error *err)
{
	int p = json_is_string(v) ? bell_from_name(json_string_value(v)) : -1;

	if (p < BELL_LOWEST_PITCH || p > BELL_HIGHEST_PITCH)
		return bad(err, field, "must be a handbell's name from G1 to C9 "
		    "(\"C4\", \"F#5\", \"Bb3\")");
	return 0;
}

static int
check_bell_key(const json_t *obj, const char *prefix, const char *key,
    struct vb_error *err)
{
	char field[96];

	snprintf(field, sizeof field, "%s.%s", prefix, key);
	return check_bell_value(json_object_get(obj, key), field, err);
}

typedef int (*item_check)(const json_t *v, const char *field,
    struct vb_error *err);

/* An array at key of obj (absent or null: none), each item checked by
 * check with its field "prefix.key[i]"; what names the items, for the
 * message. */
static int
check_list(const json_t *obj, const char *prefix, const char *key,
    item_check check, const char *what, struct vb_error *err)
{
	const json_t *a = json_object_get(obj, key);
	char field[96], msg[80];
	size_t i;
	json_t *v;

	if (a == NULL || json_is_null(a))
		return 0;
	snprintf(field, sizeof field, "%s.%s", prefix, key);
	if (!json_is_array(a) || json_array_size(a) > CHOIR_MAX_ENTRIES) {
		snprintf(msg, sizeof msg, "must be an array of %s", what);
		return bad(err, field, msg);
	}
	json_array_foreach(a, i, v) {
		snprintf(field, sizeof field, "%s.%s[%zu]", prefix, key, i);
		if (check(v, field, err) < 0)
			return -1;
	}
	return 0;
}

static int
check_bell_list(const json_t *obj, const char *prefix, const char *key,
    struct vb_error *err)
{
	return check_list(obj, prefix, key, check_bell_value, "bell names",
	    err);
}

/* bell_set: null (none given to arrange) or {lowest, highest, missing,
 * extra, duplicates, chimes: null or {lowest, highest, missing}}. */
static int
check_bell_set(const json_t *set, struct vb_error *err)
{
	const json_t *chimes = json_object_get(set, "chimes");

	if (set == NULL || json_is_null(set))
		return 0;
	if (!json_is_object(set))
		return bad(err, "choir.bell_set", "must be null or an object "
		    "(the bell_set of arrange's choir block)");
	if (check_bell_key(set, "choir.bell_set", "lowest", err) < 0 ||
	    check_bell_key(set, "choir.bell_set", "highest", err) < 0 ||
	    check_bell_list(set, "choir.bell_set", "missing", err) < 0 ||
	    check_bell_list(set, "choir.bell_set", "extra", err) < 0 ||
	    check_bell_list(set, "choir.bell_set", "duplicates", err) < 0)
		return -1;
	if (chimes == NULL || json_is_null(chimes))
		return 0;
	if (!json_is_object(chimes))
		return bad(err, "choir.bell_set.chimes", "must be null or an "
		    "object {lowest, highest, missing}");
	return check_bell_key(chimes, "choir.bell_set.chimes", "lowest",
	    err) < 0 || check_bell_key(chimes, "choir.bell_set.chimes",
	    "highest", err) < 0 || check_bell_list(chimes,
	    "choir.bell_set.chimes", "missing", err) < 0 ? -1 : 0;
}

/* One entry of moved or chimed: {from: a pitch's name, to: a handbell,
 * notes: how many}. */
static int
check_change(const json_t *c, const char *prefix, struct vb_error *err)
{
	const json_t *from = json_object_get(c, "from");
	const json_t *notes = json_object_get(c, "notes");
	char field[96];

	if (!json_is_object(c))
		return bad(err, prefix, "must be an object {from, to, notes}");
	/* from may be no handbell (a C1 moved up to C2): a name to show. */
	snprintf(field, sizeof field, "%s.from", prefix);
	if (!json_is_string(from) || json_string_length(from) == 0 ||
	    json_string_length(from) > 15)
		return bad(err, field, "must be a pitch's name (\"C3\")");
	if (check_bell_key(c, prefix, "to", err) < 0)
		return -1;
	snprintf(field, sizeof field, "%s.notes", prefix);
	if (!json_is_integer(notes) || json_integer_value(notes) < 0)
		return bad(err, field, "must be a whole number, 0 or more");
	return 0;
}

static int
check_sentence(const json_t *v, const char *field, struct vb_error *err)
{
	return json_is_string(v) ? 0 : bad(err, field, "must be a string");
}

int
export_choir_check(const json_t *choir, struct vb_error *err)
{
	if (!json_is_object(choir))
		return bad(err, "choir", "must be the choir object of arrange's "
		    "result (or null)");
	if (check_bell_set(json_object_get(choir, "bell_set"), err) < 0 ||
	    check_list(choir, "choir", "moved", check_change,
	    "{from, to, notes}", err) < 0 ||
	    check_list(choir, "choir", "chimed", check_change,
	    "{from, to, notes}", err) < 0 ||
	    check_list(choir, "choir", "report", check_sentence, "sentences",
	    err) < 0)
		return -1;
	return 0;
}
