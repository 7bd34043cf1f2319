/*
 * config.c - the `arrange` config keys: one row each (key, per level or
 * one value, range, default, where it goes).  The defaults, the params
 * check and its messages read this table; adding a key is a field of
 * struct arrange_config, a setter and a row.
 */
#include <stddef.h>

#include "bell_tables.h"
#include "engine_internal.h"

static void
set_bells(struct arrange_config *c, int level, long v)
{
	c->bells_per_level[level] = (int)v;
}

static void
set_swap_gap(struct arrange_config *c, int level, long v)
{
	c->swap_gap_ms[level] = (int)v;
}

static void
set_impossible_gap(struct arrange_config *c, int level, long v)
{
	(void)level;
	c->impossible_gap_ms = (int)v;
}

static void
set_search_iterations(struct arrange_config *c, int level, long v)
{
	(void)level;
	c->search_iterations = v;
}

static void
set_search_ms(struct arrange_config *c, int level, long v)
{
	(void)level;
	c->search_ms = (int)v;
}

static void
set_four_in_hand_from(struct arrange_config *c, int level, long v)
{
	(void)level;
	c->four_in_hand_from = (int)v;
}

static void
set_max_bell_weight(struct arrange_config *c, int level, long v)
{
	c->max_bell_weight_oz[level] = (int)v;
}

/* In the order the params check reads them (which error wins). */
static const struct arrange_config_key config_keys[] = {
	{ "bells_per_level", 1, 1, BELLS_PER_LEVEL_MAX,
	  { BELLS_EXPERIENCED, BELLS_INTERMEDIATE, BELLS_BEGINNER }, set_bells, 0 },
	{ "swap_gap_ms", 1, 0, SWAP_GAP_MAX_MS,
	  { SWAP_GAP_EXPERIENCED_MS, SWAP_GAP_INTERMEDIATE_MS,
	    SWAP_GAP_BEGINNER_MS }, set_swap_gap, 0 },
	{ "impossible_gap_ms", 0, 0, SWAP_GAP_MAX_MS,
	  { IMPOSSIBLE_SWAP_GAP_MS }, set_impossible_gap, 0 },
	{ "search_iterations", 0, 0, SEARCH_ITERATIONS_MAX,
	  { SEARCH_ITERATIONS }, set_search_iterations, 0 },
	{ "search_ms", 0, 1, SEARCH_MS_MAX, { SEARCH_MS }, set_search_ms, 0 },
	/* Ours (issue 20): a bell name ("C6") or a MIDI number. */
	{ "four_in_hand_from", 0, 12, 127, { FOUR_IN_HAND_FROM },
	  set_four_in_hand_from, 1 },
	/* Ours (issue 19, choir mode): ounces, 0 = no limit; choir mode
	 * gives beginners CHOIR_BEGINNER_MAX_WEIGHT_OZ unless asked. */
	{ "max_bell_weight_oz", 1, 0, MAX_BELL_WEIGHT_OZ_MAX, { 0, 0, 0 },
	  set_max_bell_weight, 0 },
};
#define N_KEYS (sizeof config_keys / sizeof config_keys[0])

const struct arrange_config_key *
arrange_config_key_at(size_t i)
{
	return i < N_KEYS ? &config_keys[i] : NULL;
}

const char *
arrange_config_key_name(size_t i)
{
	return i < N_KEYS ? config_keys[i].key : NULL;
}

void
arrange_config_default(struct arrange_config *c)
{
	for (size_t i = 0; i < N_KEYS; i++)
		for (int l = 0; l < (config_keys[i].per_level ? LEVEL_NAMED : 1);
		    l++)
			config_keys[i].set(c, l, config_keys[i].dflt[l]);
}
