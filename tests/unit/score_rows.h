/*
 * score_rows.h - a score made from rows, for engine tests.
 */
#ifndef VB_TEST_SCORE_ROWS_H
#define VB_TEST_SCORE_ROWS_H

#include <stddef.h>

#include "music/score.h"

/* A new score (score_free) from rows {pitch, tick, dur_ticks, alter}:
 * 120 bpm, 480 ticks per beat, velocity 80, times and analysis done. */
struct score *score_from_rows(const int (*rows)[4], size_t n);

#endif
