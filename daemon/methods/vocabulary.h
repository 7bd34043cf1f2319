/*
 * vocabulary.h - the protocol's words, each read from its one table:
 * input formats (music/formats.c), export formats (export/formats.c),
 * strategies (engine/strategies.c), experience levels (engine/levels.c),
 * config keys (engine/config.c).  The transport's ready line and the CLI
 * read them here, so neither includes the layers that own them.
 */
#ifndef VB_VOCABULARY_H
#define VB_VOCABULARY_H

#include <jansson.h>

#include "../core/words.h"

enum vocabulary {
	VOCAB_INPUT_FORMATS,
	VOCAB_EXPORT_FORMATS,
	VOCAB_STRATEGIES,
	VOCAB_LEVELS,
	VOCAB_CONFIG_KEYS,
};

/* The vocabulary's i-th word, NULL past the end (for words_join). */
word_at_fn vocabulary_words(enum vocabulary v);
/* Its words as a new JSON array of strings. */
json_t *vocabulary_json(enum vocabulary v);

#endif
