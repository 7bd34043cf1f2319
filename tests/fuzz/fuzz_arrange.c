/*
 * fuzz_arrange.c - the arrangement pipeline on random scores and player
 * lists: arrange_case.h builds a request from the bytes (a score a loader
 * could have produced, 1..64 players of every level including unknown
 * and missing, a config within the params' bounds), runs the engine and
 * checks its invariants: every distinct pitch held by exactly one player,
 * hands partitioning each player's bells, bell limits per level, swap
 * counts equal to the simulation's pick-ups, quality scores in 0..100,
 * the result valid JSON without duplicate keys, and the same bytes twice;
 * every note rung once, by one ringer.  With flag bit 6, choir mode as
 * the arrange method runs it (bell sets: presets and objects with
 * missing, extra, duplicates and chimes; octave_shift, out_of_range,
 * tracks, include_musical_time, config.max_bell_weight_oz), checking
 * the verdict, the bells against the set and duplicate_bells.
 * A broken invariant aborts (a finding); its input belongs in
 * tests/fuzz/regress/arrange/, which the unit tests replay.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include "arrange_case.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct arrange_case c;

	if (arrange_case_build(&c, data, size) != 0)
		abort();
	if (arrange_case_check(&c) != 0) {
		fprintf(stderr, "arrange invariant: %s\n", c.why);
		abort();
	}
	arrange_case_free(&c);
	return 0;
}
