/*
 * words.h - a vocabulary's names joined for a person: "a, b or c",
 * "\"csv\", \"json\" or \"midi\"", "midi|musicxml|mxl".  Every "expected
 * one of" message and help line is made from its table with this, so a
 * new row shows up in them without another edit.
 */
#ifndef VB_WORDS_H
#define VB_WORDS_H

#include <stddef.h>

/* The i-th word of a vocabulary, or NULL past its end. */
typedef const char *(*word_at_fn)(size_t i);

/*
 * Writes the words into buf (always NUL-terminated, cut to size), each
 * inside quote ("" for none), separated by sep, the last two by last.
 * Returns buf.
 */
const char *words_join(char *buf, size_t size, word_at_fn at,
    const char *sep, const char *last, const char *quote);

/*
 * The index of the row named name in a table of n rows of stride bytes
 * each, whose first member is the row's name (a const char *), or -1.
 * The one lookup by name every vocabulary table uses.
 */
int words_index(const void *rows, size_t n, size_t stride, const char *name);

#endif
