/*
 * score_invariants.h - what every score a loader accepts must satisfy;
 * the loader fuzzers abort (a finding) when one does not.  min_dur is the
 * shortest legal note: 1 tick for MIDI (upstream), 0 for MusicXML grace
 * notes.
 */
#ifndef VB_SCORE_INVARIANTS_H
#define VB_SCORE_INVARIANTS_H

#include <math.h>
#include <stdlib.h>

#include "music/score.h"

static inline void
check_score_invariants(const struct score *s, int64_t min_dur)
{
	for (size_t i = 0; i < s->n_notes; i++) {
		const struct note *n = &s->notes[i];

		if (n->pitch < 0 || n->pitch > 127 || n->dur_ticks < min_dur ||
		    !isfinite(n->start_ms) || n->start_ms < 0 ||
		    !isfinite(n->dur_ms) || n->dur_ms < 0)
			abort();
		if (s->note_frequency[n->pitch] == 0)
			abort();
	}
	if (s->n_unique > 128 || s->n_melody > s->n_unique)
		abort();
}

#endif
