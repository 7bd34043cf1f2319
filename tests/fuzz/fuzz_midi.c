/*
 * fuzz_midi.c - arbitrary bytes through the MIDI loader (its checking
 * walk, then its building walk).  Invariants on every accepted file: each note has
 * a pitch 0..127, a duration of at least one tick, times that are finite
 * and not negative, and the analysis lists only pitches that occur.
 */
#include <stdint.h>
#include <stdlib.h>

#include "core/daemon.h"
#include "music/loaders.h"
#include "score_invariants.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct vb_limits limits;
	static int initialised;
	struct load_options opt;
	struct vb_error err;
	struct score *s;

	if (!initialised) {
		daemon_limits_default(&limits);
		limits.max_notes = 20000;   /* keep each run quick */
		initialised = 1;
	}
	for (int perc = 0; perc < 2; perc++) {
		opt = (struct load_options){ &limits, perc };
		vb_error_clear(&err);
		s = score_load_midi(data, size, &opt, &err);
		if (s == NULL) {
			if (err.code[0] == '\0')
				abort();    /* refused without saying why */
			continue;
		}
		check_score_invariants(s, 1);
		score_free(s);
	}
	return 0;
}
