/*
 * arrange_params.c - checks the `arrange` params and turns them into an
 * engine request: players (upstream's checks and codes, plus unique
 * names), strategies, config overrides, include_simulation.
 */
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include "arrange_params.h"
#include "params.h"
#include "../core/words.h"

/* players[i].techniques: a list of technique names (issue 20). */
static int
parse_techniques(json_t *p, size_t i, unsigned *out, struct vb_error *err)
{
	static const struct { const char *name; unsigned bit; } names[] = {
		{ "four_in_hand", TECH_FOUR_IN_HAND }, { "shelley", TECH_SHELLEY },
	};
	json_t *v = json_object_get(p, "techniques"), *x;
	char field[80];
	size_t j;

	*out = 0;
	if (v == NULL || json_is_null(v))
		return 0;
	snprintf(field, sizeof field, "players[%zu].techniques", i);
	if (!json_is_array(v))
		return vb_error_param(err, "ERR_INVALID_PLAYER_FORMAT", field,
		    "techniques must be an array of \"four_in_hand\", "
		    "\"shelley\"");
	json_array_foreach(v, j, x) {
		unsigned bit = 0;

		for (size_t k = 0; k < sizeof names / sizeof names[0]; k++)
			if (json_is_string(x) && strcmp(json_string_value(x),
			    names[k].name) == 0)
				bit = names[k].bit;
		snprintf(field, sizeof field, "players[%zu].techniques[%zu]",
		    i, j);
		if (bit == 0)
			return vb_error_param(err, "ERR_INVALID_PLAYER_FORMAT",
			    field, "unknown technique (expected "
			    "\"four_in_hand\" or \"shelley\")");
		*out |= bit;
	}
	return 0;
}

/* "players[i]" and a member, for an error's field: made only when a
 * check fails (a snprintf per check was a tenth of the params' cost). */
static const char *
player_field(char *buf, size_t n, size_t i, const char *member)
{
	snprintf(buf, n, "players[%zu]%s", i, member);
	return buf;
}

static int
parse_players(const struct daemon *d, json_t *params,
    struct arrange_player *out, size_t *n_out, struct vb_error *err)
{
	json_t *players = json_object_get(params, "players");
	size_t n, i;
	json_t *p;

	if (players == NULL)
		return vb_error_param(err, "ERR_NO_PLAYERS", "players",
		    "No player configuration provided");
	if (!json_is_array(players))
		return vb_error_param(err, "ERR_INVALID_PLAYERS", "players",
		    "Players must be an array");
	n = json_array_size(players);
	if (n < 1)
		return vb_error_param(err, "ERR_TOO_FEW_PLAYERS", "players",
		    "Minimum 1 player(s) required");
	if (n > d->limits.max_players || n > ARRANGE_MAX_PLAYERS)
		return vb_error_set(err, RPC_LIMIT_EXCEEDED,
		    "ERR_TOO_MANY_PLAYERS", "players",
		    "Maximum %zu players allowed", d->limits.max_players <
		    ARRANGE_MAX_PLAYERS ? d->limits.max_players :
		    (size_t)ARRANGE_MAX_PLAYERS);
	json_array_foreach(players, i, p) {
		char field[64];
		json_t *name, *exp;

		/* Every field the engine reads starts at zero (techniques:
		 * none declared), whatever the caller's array held. */
		memset(&out[i], 0, sizeof out[i]);
		if (!json_is_object(p))
			return vb_error_param(err, "ERR_INVALID_PLAYER_FORMAT",
			    player_field(field, sizeof field, i, ""),
			    "Each player must be an object");
		name = json_object_get(p, "name");
		if (name == NULL || !json_is_string(name) ||
		    json_string_length(name) == 0)
			return vb_error_param(err, "ERR_PLAYER_NO_NAME",
			    player_field(field, sizeof field, i, ".name"),
			    "Each player must have a name");
		if (strlen(json_string_value(name)) !=
		    json_string_length(name))
			return vb_error_param(err, "ERR_PLAYER_NO_NAME",
			    player_field(field, sizeof field, i, ".name"),
			    "A player name must not contain NUL");
		for (size_t k = 0; k < i; k++)
			if (strcmp(out[k].name, json_string_value(name)) == 0)
				return vb_error_param(err,
				    "ERR_DUPLICATE_PLAYER",
				    player_field(field, sizeof field, i,
				    ".name"), "Player names must be unique: "
				    "'%s' is given twice",
				    json_string_value(name));
		out[i].name = json_string_value(name);
		if (parse_techniques(p, i, &out[i].techniques, err) != 0)
			return -1;
		exp = json_object_get(p, "experience");
		if (exp == NULL) {
			out[i].level = LEVEL_MISSING;
			continue;
		}
		if (!json_is_string(exp))
			return vb_error_param(err, "ERR_INVALID_PLAYER_FORMAT",
			    player_field(field, sizeof field, i, ".experience"),
			    "experience must be a string");
		out[i].level = level_from_name(json_string_value(exp));
	}
	*n_out = n;
	return 0;
}

static int
parse_strategies(json_t *params, unsigned *mask, struct vb_error *err)
{
	json_t *v = json_object_get(params, "strategies"), *s;
	size_t i;

	*mask = STRATEGY_ALL;
	if (v == NULL || json_is_null(v))
		return 0;
	if (!json_is_array(v) || json_array_size(v) == 0)
		return vb_error_param(err, "ERR_INVALID_STRATEGY", "strategies",
		    "strategies must be a non-empty array of strategy names");
	*mask = 0;
	json_array_foreach(v, i, s) {
		char field[48], names[256];
		int k = json_is_string(s) ?
		    strategy_from_name(json_string_value(s)) : -1;

		if (k < 0) {
			snprintf(field, sizeof field, "strategies[%zu]", i);
			return vb_error_param(err, "ERR_INVALID_STRATEGY", field,
			    "Unknown strategy (expected %s)",
			    words_join(names, sizeof names, strategy_name_at,
			    ", ", " or ", ""));
		}
		*mask |= 1u << k;
	}
	return 0;
}

/* config.<key>: one value, or an object of values per named level. */
static int
config_key(json_t *cfg, const struct arrange_config_key *row,
    struct arrange_config *c, struct vb_error *err)
{
	json_t *v = json_object_get(cfg, row->key), *x;
	const char *k;
	char field[80], levels[80];
	long n;

	if (v == NULL)
		return 0;
	snprintf(field, sizeof field, "config.%s", row->key);
	if (row->pitch && json_is_string(v)) {
		n = pitch_from_name(json_string_value(v));
		if (n < row->lo || n > row->hi)
			return vb_error_param(err, "ERR_INVALID_CONFIG", field,
			    "%s must be a bell name from C0 to G9 or its MIDI "
			    "number", field);
		arrange_config_set(c, row, 0, n);
		return 0;
	}
	if (!row->per_level) {
		if (param_int_value(v, field, "ERR_INVALID_CONFIG", row->lo,
		    row->hi, &n, err) != 0)
			return -1;
		arrange_config_set(c, row, 0, n);
		return 0;
	}
	if (!json_is_object(v))
		return vb_error_param(err, "ERR_INVALID_CONFIG", field,
		    "%s must be an object {%s}", field, words_join(levels,
		    sizeof levels, level_name_at, ", ", ", ", ""));
	json_object_foreach(v, k, x) {
		enum player_level l = level_from_name(k);

		snprintf(field, sizeof field, "config.%s.%.40s", row->key, k);
		if (l == LEVEL_UNKNOWN)
			return vb_error_param(err, "ERR_INVALID_CONFIG", field,
			    "unknown experience level in %s", field);
		if (param_int_value(x, field, "ERR_INVALID_CONFIG", row->lo,
		    row->hi, &n, err) != 0)
			return -1;
		arrange_config_set(c, row, (int)l, n);
	}
	return 0;
}

static int
parse_config(json_t *params, struct arrange_config *c, struct vb_error *err)
{
	json_t *cfg = json_object_get(params, "config"), *x;
	const struct arrange_config_key *row;
	const char *k;

	arrange_config_default(c);
	if (cfg == NULL || json_is_null(cfg))
		return 0;
	if (!json_is_object(cfg))
		return vb_error_param(err, "ERR_INVALID_CONFIG", "config",
		    "config must be an object");
	json_object_foreach(cfg, k, x) {
		size_t i = 0;

		while ((row = arrange_config_key_at(i)) != NULL &&
		    strcmp(row->key, k) != 0)
			i++;
		if (row == NULL)
			return vb_error_param(err, "ERR_INVALID_CONFIG", "config",
			    "unknown config key '%.60s'", k);
	}
	for (size_t i = 0; (row = arrange_config_key_at(i)) != NULL; i++)
		if (config_key(cfg, row, c, err) != 0)
			return -1;
	return 0;
}

/*
 * include_simulation (true, false or "best") and simulation_for (one
 * returned strategy's name): which arrangements carry their timeline.
 * An app showing one tab at a time asks for that tab's alone.
 * simulation_frames: how they travel (apart, ahead of the response).
 */
static int
parse_simulation(json_t *params, struct arrange_request *req,
    struct vb_error *err)
{
	json_t *sim = json_object_get(params, "include_simulation");
	json_t *sfor = json_object_get(params, "simulation_for");
	int k;

	if (param_bool(params, "simulation_frames", PARAM_OPTIONAL |
	    PARAM_NULL_OK, &req->simulation_frames, err) != 0)
		return -1;
	req->include_simulation = SIMULATION_ALL;
	if (sim != NULL) {
		if (json_is_string(sim) &&
		    strcmp(json_string_value(sim), "best") == 0)
			req->include_simulation = SIMULATION_BEST;
		else if (json_is_boolean(sim))
			req->include_simulation = json_is_true(sim) ?
			    SIMULATION_ALL : SIMULATION_NONE;
		else
			return vb_error_param(err, "ERR_INVALID_PARAMS",
			    "include_simulation",
			    "include_simulation must be true, false or "
			    "\"best\"");
	}
	if (sfor == NULL || json_is_null(sfor))
		return 0;
	if (sim != NULL && !json_is_true(sim))
		return vb_error_param(err, "ERR_INVALID_PARAMS",
		    "simulation_for", "simulation_for names the one "
		    "arrangement with a simulation; it cannot be combined "
		    "with include_simulation false or \"best\"");
	k = json_is_string(sfor) ?
	    strategy_from_name(json_string_value(sfor)) : -1;
	if (k < 0 || !(req->strategies & (1u << k)))
		return vb_error_param(err, "ERR_INVALID_STRATEGY",
		    "simulation_for", "simulation_for must name one of the "
		    "strategies asked for");
	req->include_simulation = SIMULATION_FOR;
	req->simulation_for = (enum strategy)k;
	return 0;
}

/* The hand keys of locks and previous, in the order of their hand
 * numbers (0 either, 1 left, 2 right). */
static const char *const hand_keys[3] = { "bells", "left_hand",
    "right_hand" };

/* params[key] when given as an object (*out), NULL when absent or null;
 * -1 with err (code, msg) when it is something else. */
static int
optional_object(json_t *params, const char *key, const char *code,
    const char *msg, json_t **out, struct vb_error *err)
{
	json_t *v = json_object_get(params, key);

	*out = NULL;
	if (v == NULL || json_is_null(v))
		return 0;
	if (!json_is_object(v))
		return vb_error_param(err, code, key, "%s", msg);
	*out = v;
	return 0;
}

/* The index of the request's player called name, or -1. */
static int
player_index(const struct arrange_request *req, const char *name)
{
	for (size_t i = 0; i < req->n_players; i++)
		if (strcmp(req->players[i].name, name) == 0)
			return (int)i;
	return -1;
}

/* One list of locked bell names for player pi (hand 0 either, 1, 2). */
static int
lock_list(json_t *v, const char *at, int pi, int hand,
    struct bell_locks *lk, struct vb_error *err)
{
	json_t *b;
	size_t j;
	char field[96];

	if (!json_is_array(v))
		return vb_error_param(err, "ERR_INVALID_LOCKS", at,
		    "%s must be an array of bell names", at);
	json_array_foreach(v, j, b) {
		int p = json_is_string(b) ? pitch_from_name(json_string_value(b)) :
		    -1;

		snprintf(field, sizeof field, "%s[%zu]", at, j);
		if (p < 12 || p > 127)
			return vb_error_param(err, "ERR_INVALID_LOCKS", field,
			    "%s is not a bell name (C4, F#5)", field);
		if (lk->owner[p] != 0)
			return vb_error_param(err, "ERR_INVALID_LOCKS", field,
			    "%s: the bell is locked twice", field);
		lk->owner[p] = (uint8_t)(pi + 1);
		lk->hand[p] = (uint8_t)hand;
		snprintf(lk->field[p], sizeof lk->field[p], "%s", field);
		lk->n++;
	}
	return 0;
}

/* One ringer's locks: a list (either hand) or {bells, left_hand,
 * right_hand} of lists, at most as many bells as their level holds. */
static int
lock_ringer(const struct arrange_request *req, const char *name, json_t *x,
    struct bell_locks *lk, struct vb_error *err)
{
	char at[48];
	int pi = player_index(req, name), held = 0;

	snprintf(at, sizeof at, "locks.%.40s", name);
	if (pi < 0)
		return vb_error_param(err, "ERR_INVALID_LOCKS", at,
		    "locks name '%.40s', who is not one of the players", name);
	if (json_is_array(x)) {
		if (lock_list(x, at, pi, 0, lk, err) != 0)
			return -1;
	} else if (json_is_object(x)) {
		const char *k;
		json_t *y;

		json_object_foreach(x, k, y) {
			int h = -1;
			char hat[72];

			for (int i = 0; i < 3; i++)
				if (strcmp(k, hand_keys[i]) == 0)
					h = i;
			snprintf(hat, sizeof hat, "%s.%.20s", at, k);
			if (h < 0)
				return vb_error_param(err, "ERR_INVALID_LOCKS",
				    hat, "%s: expected bells, left_hand or "
				    "right_hand", hat);
			if (lock_list(y, hat, pi, h, lk, err) != 0)
				return -1;
		}
	} else {
		return vb_error_param(err, "ERR_INVALID_LOCKS", at,
		    "%s must be a list of bells or {left_hand, right_hand}",
		    at);
	}
	for (int p = 0; p < 128; p++)
		held += lk->owner[p] == pi + 1;
	if (held > level_max_bells(&req->config, req->players[pi].level))
		return vb_error_param(err, "ERR_INVALID_LOCKS", at,
		    "%.40s is locked %d bells, more than the %d a player of "
		    "that level holds", name, held,
		    level_max_bells(&req->config, req->players[pi].level));
	return 0;
}

/*
 * locks: {"Alice": ["C4", "D4"], "Bob": {"left_hand": ["G4"],
 * "right_hand": ["A4"], "bells": [...]}} - bells a ringer must hold.
 * The piece's own bells are checked by the engine (it has the score).
 */
static int
parse_locks(json_t *params, const struct arrange_request *req,
    struct bell_locks *lk, struct vb_error *err)
{
	json_t *v, *x;
	const char *name;

	/* Not the field texts: see request_clear. */
	memset(lk, 0, offsetof(struct bell_locks, field));
	if (optional_object(params, "locks", "ERR_INVALID_LOCKS",
	    "locks must be an object {player: [bells]}", &v, err) != 0)
		return -1;
	json_object_foreach(v, name, x)
		if (lock_ringer(req, name, x, lk, err) != 0)
			return -1;
	return 0;
}

/*
 * previous: an earlier arrangement (its object, or just its
 * assignments): {name: {bells, left_hand, right_hand, position}}.  Bells
 * of another piece are fine (those this piece lacks are not used); a
 * ringer who is not here now is an absent one.
 */
static int
parse_previous(json_t *params, const struct arrange_request *req,
    struct bell_previous *pv, struct vb_error *err)
{
	json_t *v, *x;
	const char *name;

	memset(pv, 0, sizeof *pv);
	if (optional_object(params, "previous", "ERR_INVALID_PREVIOUS",
	    "previous must be an arrangement or its assignments", &v,
	    err) != 0)
		return -1;
	if (v == NULL)
		return 0;
	if (json_is_object(json_object_get(v, "assignments")))
		v = json_object_get(v, "assignments");
	pv->given = 1;
	json_object_foreach(v, name, x) {
		char at[64];
		int pi = player_index(req, name);
		json_t *pos;

		snprintf(at, sizeof at, "previous.%.40s", name);
		if (!json_is_object(x))
			return vb_error_param(err, "ERR_INVALID_PREVIOUS", at,
			    "%s must be {bells, left_hand, right_hand}", at);
		pos = json_object_get(x, "position");
		if (pi >= 0 && json_is_string(pos))
			pv->position[pi] = json_string_value(pos);
		for (int h = 0; h < 3; h++) {
			json_t *list = json_object_get(x, hand_keys[h]), *b;
			size_t j;

			if (list == NULL)
				continue;
			if (!json_is_array(list))
				return vb_error_param(err, "ERR_INVALID_PREVIOUS",
				    at, "%s.%s must be an array of bell names",
				    at, hand_keys[h]);
			json_array_foreach(list, j, b) {
				int p = json_is_string(b) ?
				    pitch_from_name(json_string_value(b)) : -1;
				char field[96];

				snprintf(field, sizeof field, "%s.%s[%zu]", at,
				    hand_keys[h], j);
				if (p < 12 || p > 127)
					return vb_error_param(err,
					    "ERR_INVALID_PREVIOUS", field,
					    "%s is not a bell name", field);
				if (pv->holder[p] != NULL &&
				    strcmp(pv->holder[p], name) != 0)
					return vb_error_param(err,
					    "ERR_INVALID_PREVIOUS", field,
					    "%s: the bell is held twice", field);
				pv->holder[p] = name;
				pv->owner[p] = (uint8_t)(pi + 1);
				if (h > 0)
					pv->hand[p] = (uint8_t)h;
			}
		}
	}
	return 0;
}

/*
 * Zeroes req but its locks' field texts (12 KB, written with each lock
 * and read only for a locked bell): zeroing them, twice, was a tenth of
 * a small piece's arrange.
 */
static void
request_clear(struct arrange_request *req)
{
	size_t field = offsetof(struct arrange_request, locks) +
	    offsetof(struct bell_locks, field);
	size_t after = offsetof(struct arrange_request, locks) +
	    sizeof req->locks;

	memset(req, 0, field);
	memset((char *)req + after, 0, sizeof *req - after);
}

int
arrange_params_parse(const struct daemon *d, json_t *params,
    struct arrange_request *req, struct arrange_player *players,
    struct vb_error *err)
{
	request_clear(req);
	if (parse_players(d, params, players, &req->n_players, err) != 0 ||
	    parse_strategies(params, &req->strategies, err) != 0 ||
	    parse_config(params, &req->config, err) != 0)
		return -1;
	req->players = players;
	if (parse_locks(params, req, &req->locks, err) != 0 ||
	    parse_previous(params, req, &req->previous, err) != 0 ||
	    param_bool(params, "include_difficulty", PARAM_OPTIONAL |
	    PARAM_NULL_OK, &req->include_difficulty, err) != 0)
		return -1;
	return parse_simulation(params, req, err);
}
