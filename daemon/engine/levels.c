/*
 * levels.c - the experience levels: their protocol names (one row each,
 * enum player_level's order) and what each level allows, with upstream's
 * literal fallbacks for an unknown or missing experience (PROTOCOL.md
 * section 7).
 */
#include <string.h>

#include "bell_tables.h"
#include "engine_internal.h"

static const char *const level_names[LEVEL_NAMED] = {
	[LEVEL_EXPERIENCED] = "experienced",
	[LEVEL_INTERMEDIATE] = "intermediate",
	[LEVEL_BEGINNER] = "beginner",
};

const char *
level_name_at(size_t i)
{
	return i < LEVEL_NAMED ? level_names[i] : NULL;
}

enum player_level
level_from_name(const char *name)
{
	for (int l = 0; l < LEVEL_NAMED; l++)
		if (strcmp(name, level_names[l]) == 0)
			return (enum player_level)l;
	return LEVEL_UNKNOWN;
}

/* A per-level setting for l: upstream's literal for an unknown level,
 * the beginner's for a missing one. */
static int
per_level(const int *by_level, int unknown, enum player_level l)
{
	if (l == LEVEL_UNKNOWN)
		return unknown;
	return by_level[l == LEVEL_MISSING ? LEVEL_BEGINNER : l];
}

int
level_max_bells(const struct arrange_config *c, enum player_level l)
{
	return per_level(c->bells_per_level, UNKNOWN_LEVEL_BELLS, l);
}

int
level_swap_gap(const struct arrange_config *c, enum player_level l)
{
	return per_level(c->swap_gap_ms, UNKNOWN_LEVEL_GAP_MS, l);
}

int
level_rank(enum player_level l)
{
	return l == LEVEL_EXPERIENCED ? 0 : l == LEVEL_INTERMEDIATE ? 1 : 2;
}

int
level_capable(enum player_level l)
{
	return l == LEVEL_EXPERIENCED || l == LEVEL_INTERMEDIATE;
}
