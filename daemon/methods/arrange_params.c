/*
 * arrange_params.c - checks the `arrange` params and turns them into an
 * engine request: players (upstream's checks and codes, plus unique
 * names), strategies, config overrides, include_simulation.
 */
#include <stdio.h>
#include <string.h>

#include "arrange_params.h"
#include "../engine/bell_tables.h"

static const char *const level_keys[3] = {
	"experienced", "intermediate", "beginner",
};

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
		const char *e;

		snprintf(field, sizeof field, "players[%zu]", i);
		if (!json_is_object(p))
			return vb_error_param(err, "ERR_INVALID_PLAYER_FORMAT",
			    field, "Each player must be an object");
		name = json_object_get(p, "name");
		snprintf(field, sizeof field, "players[%zu].name", i);
		if (name == NULL || !json_is_string(name) ||
		    json_string_length(name) == 0)
			return vb_error_param(err, "ERR_PLAYER_NO_NAME", field,
			    "Each player must have a name");
		if (strlen(json_string_value(name)) !=
		    json_string_length(name))
			return vb_error_param(err, "ERR_PLAYER_NO_NAME", field,
			    "A player name must not contain NUL");
		for (size_t k = 0; k < i; k++)
			if (strcmp(out[k].name, json_string_value(name)) == 0)
				return vb_error_param(err,
				    "ERR_DUPLICATE_PLAYER", field,
				    "Player names must be unique: '%s' is "
				    "given twice", json_string_value(name));
		out[i].name = json_string_value(name);
		exp = json_object_get(p, "experience");
		snprintf(field, sizeof field, "players[%zu].experience", i);
		if (exp == NULL) {
			out[i].level = LEVEL_MISSING;
			continue;
		}
		if (!json_is_string(exp))
			return vb_error_param(err, "ERR_INVALID_PLAYER_FORMAT",
			    field, "experience must be a string");
		e = json_string_value(exp);
		out[i].level = LEVEL_UNKNOWN;
		for (int l = 0; l < 3; l++)
			if (strcmp(e, level_keys[l]) == 0)
				out[i].level = (enum player_level)l;
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
		char field[48];
		int k = json_is_string(s) ?
		    strategy_from_name(json_string_value(s)) : -1;

		snprintf(field, sizeof field, "strategies[%zu]", i);
		if (k < 0)
			return vb_error_param(err, "ERR_INVALID_STRATEGY", field,
			    "Unknown strategy (expected experienced_first, "
			    "balanced, min_transitions, fatigue_snake, "
			    "activity_snake or optimized)");
		*mask |= 1u << k;
	}
	return 0;
}

/* An integer in lo..hi at config.<key>[.<level>]. */
static int
config_int(json_t *v, const char *field, int lo, int hi, int *out,
    struct vb_error *err)
{
	if (!json_is_integer(v) || json_integer_value(v) < lo ||
	    json_integer_value(v) > hi)
		return vb_error_param(err, "ERR_INVALID_CONFIG", field,
		    "%s must be an integer from %d to %d", field, lo, hi);
	*out = (int)json_integer_value(v);
	return 0;
}

static int
config_levels(json_t *cfg, const char *key, int lo, int hi, int *out,
    struct vb_error *err)
{
	json_t *v = json_object_get(cfg, key), *x;
	const char *k;
	char field[80];

	if (v == NULL)
		return 0;
	snprintf(field, sizeof field, "config.%s", key);
	if (!json_is_object(v))
		return vb_error_param(err, "ERR_INVALID_CONFIG", field,
		    "%s must be an object {experienced, intermediate, "
		    "beginner}", field);
	json_object_foreach(v, k, x) {
		int l = -1;

		for (int i = 0; i < 3; i++)
			if (strcmp(k, level_keys[i]) == 0)
				l = i;
		snprintf(field, sizeof field, "config.%s.%.40s", key, k);
		if (l < 0)
			return vb_error_param(err, "ERR_INVALID_CONFIG", field,
			    "unknown experience level in %s", field);
		if (config_int(x, field, lo, hi, &out[l], err) != 0)
			return -1;
	}
	return 0;
}

static int
parse_config(json_t *params, struct arrange_config *c, struct vb_error *err)
{
	json_t *cfg = json_object_get(params, "config"), *x;
	const char *k;

	arrange_config_default(c);
	if (cfg == NULL || json_is_null(cfg))
		return 0;
	if (!json_is_object(cfg))
		return vb_error_param(err, "ERR_INVALID_CONFIG", "config",
		    "config must be an object");
	json_object_foreach(cfg, k, x) {
		if (strcmp(k, "bells_per_level") != 0 &&
		    strcmp(k, "swap_gap_ms") != 0 &&
		    strcmp(k, "impossible_gap_ms") != 0 &&
		    strcmp(k, "search_iterations") != 0 &&
		    strcmp(k, "search_ms") != 0)
			return vb_error_param(err, "ERR_INVALID_CONFIG", "config",
			    "unknown config key '%.60s'", k);
	}
	if (config_levels(cfg, "bells_per_level", 1, BELLS_PER_LEVEL_MAX,
	    c->bells_per_level, err) != 0 ||
	    config_levels(cfg, "swap_gap_ms", 0, SWAP_GAP_MAX_MS,
	    c->swap_gap_ms, err) != 0)
		return -1;
	x = json_object_get(cfg, "impossible_gap_ms");
	if (x != NULL && config_int(x, "config.impossible_gap_ms", 0,
	    SWAP_GAP_MAX_MS, &c->impossible_gap_ms, err) != 0)
		return -1;
	x = json_object_get(cfg, "search_iterations");
	if (x != NULL) {
		int n;

		if (config_int(x, "config.search_iterations", 0,
		    SEARCH_ITERATIONS_MAX, &n, err) != 0)
			return -1;
		c->search_iterations = n;
	}
	x = json_object_get(cfg, "search_ms");
	if (x != NULL && config_int(x, "config.search_ms", 1, SEARCH_MS_MAX,
	    &c->search_ms, err) != 0)
		return -1;
	return 0;
}

/*
 * include_simulation (true, false or "best") and simulation_for (one
 * returned strategy's name): which arrangements carry their timeline.
 * An app showing one tab at a time asks for that tab's alone.
 */
static int
parse_simulation(json_t *params, struct arrange_request *req,
    struct vb_error *err)
{
	json_t *sim = json_object_get(params, "include_simulation");
	json_t *sfor = json_object_get(params, "simulation_for");
	int k;

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

int
arrange_params_parse(const struct daemon *d, json_t *params,
    struct arrange_request *req, struct arrange_player *players,
    struct vb_error *err)
{
	memset(req, 0, sizeof *req);
	if (parse_players(d, params, players, &req->n_players, err) != 0 ||
	    parse_strategies(params, &req->strategies, err) != 0 ||
	    parse_config(params, &req->config, err) != 0)
		return -1;
	req->players = players;
	return parse_simulation(params, req, err);
}
