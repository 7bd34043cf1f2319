/*
 * json_fast.h - a quick parse of the usual request line, in front of
 * jansson's json_loadb, which reads a character a call; and the count of
 * what a line would cost to parse.
 */
#ifndef VB_JSON_FAST_H
#define VB_JSON_FAST_H

#include <stddef.h>

#include <jansson.h>

/*
 * The value of text[0..len) (valid UTF-8, as utf8_invalid_offset checks)
 * as json_loadb(text, len, JSON_REJECT_DUPLICATES | JSON_DECODE_ANY |
 * JSON_ALLOW_NUL) builds it, with the same key order (new reference); or
 * NULL, "not mine", for anything this parser is not certain to read as
 * jansson does: every error, a \u escape, a duplicate key, a number it
 * cannot convert as jansson does, nesting deeper than max_depth (a
 * scalar is 0, as json_depth counts).  The caller then asks jansson, so
 * every error and every unusual input is still jansson's.
 */
json_t *json_fast_parse(const char *text, size_t len, size_t max_depth);

/*
 * What parsing text will cost, counted in linear time before anything is
 * built: every value 1 (one per comma, plus the first), a string 1 more,
 * an object 4 more (jansson spends about 48 bytes on a number, 90 on a
 * string, 230 on an object; a line of 32 MiB of "{}," would take
 * 2.5 GB).  Stops counting once over max.
 */
size_t json_value_cost(const char *text, size_t len, size_t max);

#endif
