/* engine_smf.h - test-only MIDI reader (engine_smf.c). */
#ifndef VB_ENGINE_SMF_H
#define VB_ENGINE_SMF_H

#include "music/score.h"

/* Returns a new, analysed score read as upstream reads MIDI, or NULL. */
struct score *engine_smf_load(const char *path);

#endif
