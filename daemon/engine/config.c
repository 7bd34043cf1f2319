/*
 * config.c - the `arrange` config keys: one row each (key, per level or
 * one value, range, default, where it goes).  The defaults, the params
 * check and its messages read this table; adding a key is a field of
 * struct arrange_config and a row.
 */
#include <stddef.h>
#include <string.h>

#include "bell_tables.h"
#include "engine_internal.h"

/* Where a row's value goes: an int (per level: an int[3]) or a long. */
#define AT(field) offsetof(struct arrange_config, field), 0
#define AT_LONG(field) offsetof(struct arrange_config, field), 1

/* In the order the params check reads them (which error wins). */
static const struct arrange_config_key config_keys[] = {
	{ "bells_per_level", 1, 1, BELLS_PER_LEVEL_MAX,
	  { BELLS_EXPERIENCED, BELLS_INTERMEDIATE, BELLS_BEGINNER },
	  AT(bells_per_level), 0 },
	{ "swap_gap_ms", 1, 0, SWAP_GAP_MAX_MS,
	  { SWAP_GAP_EXPERIENCED_MS, SWAP_GAP_INTERMEDIATE_MS,
	    SWAP_GAP_BEGINNER_MS }, AT(swap_gap_ms), 0 },
	{ "impossible_gap_ms", 0, 0, SWAP_GAP_MAX_MS,
	  { IMPOSSIBLE_SWAP_GAP_MS }, AT(impossible_gap_ms), 0 },
	{ "search_iterations", 0, 0, SEARCH_ITERATIONS_MAX,
	  { SEARCH_ITERATIONS }, AT_LONG(search_iterations), 0 },
	{ "search_ms", 0, 1, SEARCH_MS_MAX, { SEARCH_MS }, AT(search_ms), 0 },
	/* Ours (issue 20): a bell name ("C6") or a MIDI number. */
	{ "four_in_hand_from", 0, 12, 127, { FOUR_IN_HAND_FROM },
	  AT(four_in_hand_from), 1 },
	/* Ours (issue 19, choir mode): ounces, 0 = no limit; choir mode
	 * gives beginners CHOIR_BEGINNER_MAX_WEIGHT_OZ unless asked. */
	{ "max_bell_weight_oz", 1, 0, MAX_BELL_WEIGHT_OZ_MAX, { 0, 0, 0 },
	  AT(max_bell_weight_oz), 0 },
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
arrange_config_set(struct arrange_config *c,
    const struct arrange_config_key *row, int level, long v)
{
	char *at = (char *)c + row->offset;

	if (row->is_long)
		memcpy(at, &v, sizeof v);
	else {
		int i = (int)v;

		memcpy(at + (row->per_level ? level : 0) * sizeof i, &i,
		    sizeof i);
	}
}

void
arrange_config_default(struct arrange_config *c)
{
	for (size_t i = 0; i < N_KEYS; i++)
		for (int l = 0; l < (config_keys[i].per_level ? LEVEL_NAMED : 1);
		    l++)
			arrange_config_set(c, &config_keys[i], l,
			    config_keys[i].dflt[l]);
}
