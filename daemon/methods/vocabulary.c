/* vocabulary.c - the protocol's words from the tables that own them. */
#include "vocabulary.h"
#include "../engine/engine.h"
#include "../export/export.h"
#include "../music/loaders.h"

word_at_fn
vocabulary_words(enum vocabulary v)
{
	switch (v) {
	case VOCAB_INPUT_FORMATS:
		return score_format_name;
	case VOCAB_EXPORT_FORMATS:
		return export_format_name;
	case VOCAB_STRATEGIES:
		return strategy_name_at;
	case VOCAB_LEVELS:
		return level_name_at;
	case VOCAB_CONFIG_KEYS:
		break;
	}
	return arrange_config_key_name;
}

json_t *
vocabulary_json(enum vocabulary v)
{
	word_at_fn at = vocabulary_words(v);
	json_t *a = json_array();
	const char *w;

	for (size_t i = 0; a != NULL && (w = at(i)) != NULL; i++)
		json_array_append_new(a, json_string(w));
	return a;
}
