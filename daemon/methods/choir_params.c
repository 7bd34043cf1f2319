/*
 * choir_params.c - checks the choir params of `arrange` and turns them
 * into a choir request (music/choir.h).  Any of them puts the request in
 * choir mode; without them the request is upstream's, untouched.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "choir_params.h"
#include "../engine/bell_tables.h"

/* More entries than any score has tracks (max_tracks is 256 by
 * default) is a mistake, not a choice. */
#define CHOIR_MAX_TRACKS_PARAM 1024

static int
bad_set(struct vb_error *err, const char *field, const char *what)
{
	return vb_error_param(err, "ERR_INVALID_BELL_SET", field, "%s", what);
}

/* A bell name at field, one that exists (G1..C9). */
static int
set_bell(json_t *v, const char *field, int *out, struct vb_error *err)
{
	char msg[160];
	int p = json_is_string(v) ? bell_from_name(json_string_value(v)) : -1;

	if (p < 0) {
		snprintf(msg, sizeof msg, "%s must be a bell name such as "
		    "\"C4\", \"F#5\" or \"Bb3\"", field);
		return bad_set(err, field, msg);
	}
	if (p < BELL_LOWEST_PITCH || p > BELL_HIGHEST_PITCH) {
		snprintf(msg, sizeof msg, "%s: %s is no handbell (bells are "
		    "made from G1 to C9)", field, json_string_value(v));
		return bad_set(err, field, msg);
	}
	*out = p;
	return 0;
}

/* A list of bell names at key of obj into list (each once). */
static int
set_list(json_t *obj, const char *key, const char *prefix, int *list, int *n,
    struct vb_error *err)
{
	json_t *a = json_object_get(obj, key), *v;
	char field[64];
	size_t i;

	*n = 0;
	if (a == NULL || json_is_null(a))
		return 0;
	snprintf(field, sizeof field, "%s.%s", prefix, key);
	if (!json_is_array(a) || json_array_size(a) > 128)
		return bad_set(err, field, "must be an array of bell names");
	json_array_foreach(a, i, v) {
		int p, seen = 0;

		snprintf(field, sizeof field, "%s.%s[%zu]", prefix, key, i);
		if (set_bell(v, field, &p, err) != 0)
			return -1;
		for (int k = 0; k < *n; k++)
			seen |= list[k] == p;
		if (!seen)
			list[(*n)++] = p;
	}
	return 0;
}

static int
set_range(json_t *obj, const char *prefix, int *lo, int *hi, int required,
    struct vb_error *err)
{
	json_t *l = json_object_get(obj, "lowest");
	json_t *h = json_object_get(obj, "highest");
	char field[64];

	if (l == NULL && h == NULL && !required)
		return 0;
	snprintf(field, sizeof field, "%s.lowest", prefix);
	if (set_bell(l, field, lo, err) != 0)
		return -1;
	snprintf(field, sizeof field, "%s.highest", prefix);
	if (set_bell(h, field, hi, err) != 0)
		return -1;
	if (*lo > *hi)
		return bad_set(err, prefix, "lowest must not be above highest");
	return 0;
}

static int
only_keys(json_t *obj, const char *prefix, const char *const *keys,
    struct vb_error *err)
{
	const char *k;
	json_t *v;
	char msg[160];

	json_object_foreach(obj, k, v) {
		int ok = 0;

		for (const char *const *p = keys; *p != NULL; p++)
			ok |= strcmp(k, *p) == 0;
		if (!ok) {
			snprintf(msg, sizeof msg, "unknown key '%.40s' in %s",
			    k, prefix);
			return bad_set(err, prefix, msg);
		}
	}
	return 0;
}

static int
parse_chimes(json_t *c, struct bell_set *b, struct vb_error *err)
{
	static const char *const keys[] = {
		"lowest", "highest", "missing", NULL,
	};

	if (c == NULL || json_is_null(c))
		return 0;
	if (!json_is_object(c))
		return bad_set(err, "bell_set.chimes", "chimes must be an "
		    "object {lowest, highest, missing}");
	if (only_keys(c, "bell_set.chimes", keys, err) != 0 ||
	    set_range(c, "bell_set.chimes", &b->chime_lowest,
	    &b->chime_highest, 1, err) != 0 ||
	    set_list(c, "missing", "bell_set.chimes", b->chime_missing,
	    &b->n_chime_missing, err) != 0)
		return -1;
	b->has_chimes = 1;
	for (int p = b->chime_lowest; p <= b->chime_highest; p++)
		b->chime[p] = 1;
	for (int i = 0; i < b->n_chime_missing; i++)
		b->chime[b->chime_missing[i]] = 0;
	return 0;
}

static int
parse_bell_set(json_t *v, struct bell_set *b, struct vb_error *err)
{
	static const char *const keys[] = {
		"preset", "lowest", "highest", "missing", "extra",
		"duplicates", "chimes", NULL,
	};
	json_t *preset;
	char msg[200];
	int lo = 0, hi = 0;

	if (json_is_string(v)) {
		if (bell_set_preset(json_string_value(v), b) == 0)
			return 0;
		snprintf(msg, sizeof msg, "Unknown bell set (the presets are "
		    "%s; or give {\"lowest\", \"highest\"})",
		    bell_set_preset_names());
		return bad_set(err, "bell_set", msg);
	}
	if (!json_is_object(v))
		return bad_set(err, "bell_set", "bell_set must be a preset name "
		    "or an object {lowest, highest, missing, extra, "
		    "duplicates, chimes}");
	if (only_keys(v, "bell_set", keys, err) != 0)
		return -1;
	preset = json_object_get(v, "preset");
	if (preset != NULL) {
		if (!json_is_string(preset) ||
		    bell_set_preset(json_string_value(preset), b) != 0) {
			snprintf(msg, sizeof msg, "bell_set.preset must be one "
			    "of %s", bell_set_preset_names());
			return bad_set(err, "bell_set.preset", msg);
		}
		lo = b->lowest;
		hi = b->highest;
	}
	if (set_range(v, "bell_set", &lo, &hi, preset == NULL, err) != 0)
		return -1;
	bell_set_range(b, preset != NULL ? json_string_value(preset) :
	    "custom", lo, hi);
	if (json_object_get(v, "lowest") != NULL && preset != NULL)
		snprintf(b->name, sizeof b->name, "custom");
	if (set_list(v, "missing", "bell_set", b->missing, &b->n_missing,
	    err) != 0 ||
	    set_list(v, "extra", "bell_set", b->extra, &b->n_extra, err) != 0 ||
	    set_list(v, "duplicates", "bell_set", b->duplicates,
	    &b->n_duplicates, err) != 0)
		return -1;
	for (int i = 0; i < b->n_missing; i++)
		b->copies[b->missing[i]] = 0;
	for (int i = 0; i < b->n_extra; i++)
		b->copies[b->extra[i]] = 1;
	for (int i = 0; i < b->n_duplicates; i++) {
		int p = b->duplicates[i];

		if (b->copies[p] == 0) {
			char name[16];

			snprintf(msg, sizeof msg, "bell_set.duplicates: %s is a "
			    "duplicate of a bell the set does not have",
			    pitch_name(p, name, sizeof name));
			return bad_set(err, "bell_set.duplicates", msg);
		}
		b->copies[p] = 2;
	}
	if (b->n_missing > 0 || b->n_extra > 0 || b->n_duplicates > 0)
		snprintf(b->name, sizeof b->name, "custom");
	return parse_chimes(json_object_get(v, "chimes"), b, err);
}

int
choir_params_parse(json_t *params, struct choir_params *cp,
    struct vb_error *err)
{
	json_t *set = json_object_get(params, "bell_set");
	json_t *shift = json_object_get(params, "octave_shift");
	json_t *oor = json_object_get(params, "out_of_range");
	json_t *tracks = json_object_get(params, "tracks");
	json_t *mt = json_object_get(params, "include_musical_time");
	json_t *cfg = json_object_get(params, "config");
	json_t *w = json_is_object(cfg) ?
	    json_object_get(cfg, "max_bell_weight_oz") : NULL;

	memset(cp, 0, sizeof *cp);
	cp->active = set != NULL || shift != NULL || oor != NULL ||
	    tracks != NULL || mt != NULL || w != NULL;
	/* No bell_set: every bell that exists, each note kept as it is. */
	bell_set_range(&cp->req.set, "every bell made", BELL_LOWEST_PITCH,
	    BELL_HIGHEST_PITCH);
	cp->req.oor = OOR_KEEP;
	if (set != NULL) {
		if (parse_bell_set(set, &cp->req.set, err) != 0)
			return -1;
		cp->req.set_given = 1;
		cp->req.oor = OOR_OCTAVE;
	}
	if (shift != NULL) {
		long long v = json_is_integer(shift) ?
		    json_integer_value(shift) : 1;

		if (v != -24 && v != -12 && v != 0 && v != 12 && v != 24)
			return vb_error_param(err, "ERR_INVALID_OCTAVE_SHIFT",
			    "octave_shift", "octave_shift must be -24, -12, "
			    "0, 12 or 24 (semitones from the file's pitches to "
			    "the bells' names)");
		cp->req.shift = (int)v;
		cp->req.shift_given = 1;
	}
	if (oor != NULL) {
		int k = json_is_string(oor) ?
		    out_of_range_from_name(json_string_value(oor)) : -1;

		if (k < 0)
			return vb_error_param(err, "ERR_INVALID_OUT_OF_RANGE",
			    "out_of_range", "out_of_range must be \"octave\", "
			    "\"chime\", \"omit\", \"error\" or \"keep\"");
		cp->req.oor = (enum out_of_range)k;
	}
	if (tracks != NULL) {
		json_t *t;
		size_t i;

		/* Bounded: each entry is looked up among the score's
		 * tracks, and a huge list would be a long walk for nothing. */
		if (!json_is_array(tracks) || json_array_size(tracks) == 0 ||
		    json_array_size(tracks) > CHOIR_MAX_TRACKS_PARAM)
			return vb_error_param(err, "ERR_INVALID_TRACK", "tracks",
			    "tracks must be an array of 1 to %d track indices "
			    "or names", CHOIR_MAX_TRACKS_PARAM);
		json_array_foreach(tracks, i, t) {
			char field[32];

			snprintf(field, sizeof field, "tracks[%zu]", i);
			if (!json_is_string(t) && !(json_is_integer(t) &&
			    json_integer_value(t) >= 0))
				return vb_error_param(err, "ERR_INVALID_TRACK",
				    field, "a track is its index in the "
				    "upload's tracks (from 0) or its name");
		}
		cp->tracks = tracks;
	}
	if (mt != NULL) {
		if (!json_is_boolean(mt))
			return vb_error_param(err, "ERR_INVALID_PARAMS",
			    "include_musical_time",
			    "include_musical_time must be a boolean");
		cp->include_musical_time = json_is_true(mt);
	}
	cp->beginner_weight_given = json_is_object(w) &&
	    json_object_get(w, "beginner") != NULL;
	return 0;
}

int
choir_params_resolve(struct choir_params *cp, const struct score *s,
    struct arrange_config *config, struct vb_error *err)
{
	json_t *t;
	size_t i;

	if (!cp->beginner_weight_given)
		config->max_bell_weight_oz[LEVEL_BEGINNER] =
		    CHOIR_BEGINNER_MAX_WEIGHT_OZ;
	if (cp->tracks == NULL)
		return 0;
	cp->rung = calloc(s->n_tracks + 1, 1);
	if (cp->rung == NULL)
		return vb_error_set(err, RPC_INTERNAL_ERROR, "ERR_INTERNAL",
		    NULL, "out of memory");
	json_array_foreach(cp->tracks, i, t) {
		char field[32];
		int found = 0;

		snprintf(field, sizeof field, "tracks[%zu]", i);
		if (json_is_integer(t)) {
			json_int_t k = json_integer_value(t);

			if ((size_t)k >= s->n_tracks)
				return vb_error_param(err, "ERR_INVALID_TRACK",
				    field, "No track %lld: the score has %zu "
				    "(numbered from 0)", (long long)k,
				    s->n_tracks);
			cp->rung[k] = 1;
			continue;
		}
		for (size_t k = 0; k < s->n_tracks; k++)
			if (s->tracks[k].name != NULL && strcmp(s->tracks[k].name,
			    json_string_value(t)) == 0) {
				cp->rung[k] = 1;
				found = 1;
			}
		if (!found)
			return vb_error_param(err, "ERR_INVALID_TRACK", field,
			    "No track named '%.60s'", json_string_value(t));
	}
	cp->req.rung = cp->rung;
	return 0;
}

void
choir_params_fini(struct choir_params *cp)
{
	free(cp->rung);
	cp->rung = NULL;
}
