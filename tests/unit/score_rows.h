/*
 * score_rows.h - scores for engine tests: made from rows, or a corpus
 * song; and the engine's result as JSON.
 */
#ifndef VB_TEST_SCORE_ROWS_H
#define VB_TEST_SCORE_ROWS_H

#include <stddef.h>

#include "music/score.h"

/* A new score (score_free) from rows {pitch, tick, dur_ticks, alter}:
 * 120 bpm, 480 ticks per beat, velocity 80, times and analysis done. */
struct score *score_from_rows(const int (*rows)[4], size_t n);

/* A corpus song (.mid, .musicxml, .mxl) read by the daemon's loaders;
 * fails the test when it cannot be. */
struct score *score_from_corpus(const char *name);

/* The engine's result for req, parsed (json_decref); fails the test
 * when the engine refuses. */
struct arrange_request;
struct json_t;
struct json_t *arrange_result(const struct arrange_request *req);

#endif
