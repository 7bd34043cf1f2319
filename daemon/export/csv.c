/*
 * csv.c - upstream's CSV sheet (export_formatter.py), byte for byte
 * except the Generated timestamp the caller passes in:
 *
 *   Metadata / Uploaded File / Strategy / Generated, a blank row,
 *   Players: one row per assigned player sorted by name (experience from
 *   the players list or "unknown"; each hand's bells sorted and joined by
 *   spaces; swaps from `swaps` or upstream's estimate), a blank row,
 *   All Bells (sorted by pitch): the distinct bells, upstream's sort key.
 *
 * Cells are written as Python's csv module writes them (excel dialect,
 * QUOTE_MINIMAL, CRLF).  One deliberate change: a cell a spreadsheet would
 * run as a formula gets a leading single quote (OWASP "CSV injection").
 */
#include <limits.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "export.h"
#include "../core/compare.h"
#include "../core/grow.h"
#include "../core/utf8.h"
#include "../core/json_out.h"


/*
 * One cell.  Python quotes a field holding the delimiter, the quote
 * character or a line-terminator character (\r, \n), doubling quotes.
 */
static void
csv_cell(struct grow_buf *b, const char *s, size_t n, int first)
{
	int quote = 0;

	if (!first)
		grow_buf_add(b, ",", 1);
	for (size_t i = 0; i < n; i++)
		if (s[i] == ',' || s[i] == '"' || s[i] == '\r' || s[i] == '\n')
			quote = 1;
	if (quote)
		grow_buf_add(b, "\"", 1);
	/* Formula neutralisation comes before quoting: the quote is part of
	 * the cell's text, so "=1,2" becomes "'=1,2" in quotes. */
	if (n > 0 && s[0] != '\0' && strchr("=+-@\t\r", s[0]) != NULL)
		grow_buf_add(b, "'", 1);
	for (size_t i = 0, from = 0; i <= n; i++) {
		if (i == n || s[i] == '"') {
			grow_buf_add(b, s + from, i - from);
			if (i < n)
				grow_buf_add(b, "\"\"", 2);
			from = i + 1;
		}
	}
	if (quote)
		grow_buf_add(b, "\"", 1);
}

static void
csv_end_row(struct grow_buf *b)
{
	grow_buf_add(b, "\r\n", 2);
}

/*
 * A row of one cell.  Python writes a record that would be empty (one
 * empty field) as "" so that it is not mistaken for a blank row.
 */
static void
csv_row1(struct grow_buf *b, const char *s)
{
	if (*s == '\0')
		grow_buf_add(b, "\"\"", 2);
	else
		csv_cell(b, s, strlen(s), 1);
	csv_end_row(b);
}

static void
csv_row2(struct grow_buf *b, const char *a, const char *c)
{
	csv_cell(b, a, strlen(a), 1);
	csv_cell(b, c, strlen(c), 0);
	csv_end_row(b);
}

/*
 * Python's str() of a scalar JSON value as the csv module writes it:
 * None is an empty cell, booleans True/False, reals as repr().  Returns
 * the text: v's own string, or buf.
 */
static const char *
py_str(const json_t *v, char *buf, size_t len)
{
	switch (json_typeof(v)) {
	case JSON_STRING:
		return json_string_value(v);
	case JSON_INTEGER:
		snprintf(buf, len, "%lld", (long long)json_integer_value(v));
		return buf;
	case JSON_REAL:
		json_format_real(json_real_value(v), buf, len);
		return buf;
	case JSON_TRUE:
		return "True";
	case JSON_FALSE:
		return "False";
	default:
		return "";
	}
}

static int
compare_strings(const void *a, const void *b)
{
	/* strcmp compares as unsigned char: UTF-8 byte order is code-point
	 * order, which is how Python sorts str. */
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* A hand's bells sorted, joined by spaces, as one cell. */
static void
hand_cell(struct grow_buf *b, const json_t *hand)
{
	size_t n = json_array_size(hand), total = 0;
	const char **names;

	if (n == 0) {
		csv_cell(b, "", 0, 0);
		return;
	}
	names = calloc(n, sizeof *names);
	if (names == NULL) {
		b->failed = 1;
		return;
	}
	for (size_t i = 0; i < n; i++) {
		names[i] = json_string_value(json_array_get(hand, i));
		total += strlen(names[i]) + 1;
	}
	qsort(names, n, sizeof *names, compare_strings);
	char *joined = malloc(total);
	if (joined == NULL) {
		b->failed = 1;
		free(names);
		return;
	}
	size_t off = 0;
	for (size_t i = 0; i < n; i++) {
		size_t l = strlen(names[i]);
		if (i > 0)
			joined[off++] = ' ';
		memcpy(joined + off, names[i], l);
		off += l;
	}
	csv_cell(b, joined, off, 0);
	free(joined);
	free(names);
}

/* Upstream's estimate when no swap count was given for a player. */
static long long
estimate_swaps(const json_t *left, const json_t *right)
{
	size_t nl = json_array_size(left), nr = json_array_size(right);

	if (nl + nr <= 2 || nl == 0 || nr == 0)
		return 0;
	return (long long)(nl + nr - 2);
}

/*
 * Upstream's {name: experience} dict (a later duplicate name wins; a name
 * that is not a string never matches).  Returns a new object, or NULL.
 */
static json_t *
experience_map(const json_t *players)
{
	json_t *map = json_object(), *p;
	size_t i;

	if (map == NULL)
		return NULL;
	json_array_foreach(players, i, p) {
		const char *n = json_string_value(json_object_get(p, "name"));
		if (n != NULL && json_object_set(map, n,
		    json_object_get(p, "experience")) < 0) {
			json_decref(map);
			return NULL;
		}
	}
	return map;
}

static void
player_rows(struct grow_buf *b, const struct export_input *in)
{
	size_t n = json_object_size(in->assignments), i = 0;
	const char **names = calloc(n ? n : 1, sizeof *names);
	json_t *exps = experience_map(in->players), *as;
	const char *name;

	if (names == NULL || exps == NULL) {
		b->failed = 1;
		free(names);
		json_decref(exps);
		return;
	}
	json_object_foreach((json_t *)in->assignments, name, as)
		names[i++] = name;
	qsort(names, n, sizeof *names, compare_strings);
	for (i = 0; i < n; i++) {
		const json_t *a = json_object_get(in->assignments, names[i]);
		const json_t *left = json_object_get(a, "left_hand");
		const json_t *right = json_object_get(a, "right_hand");
		const json_t *exp = json_object_get(exps, names[i]);
		const json_t *sw = json_object_get(in->swaps, names[i]);
		char num[64], swaps[64];
		const char *e = exp ? py_str(exp, num, sizeof num) : "unknown";

		csv_cell(b, names[i], strlen(names[i]), 1);
		csv_cell(b, e, strlen(e), 0);
		hand_cell(b, left);
		hand_cell(b, right);
		if (sw != NULL) {
			const char *s = py_str(sw, swaps, sizeof swaps);
			csv_cell(b, s, strlen(s), 0);
		} else {
			snprintf(swaps, sizeof swaps, "%lld",
			    estimate_swaps(left, right));
			csv_cell(b, swaps, strlen(swaps), 0);
		}
		csv_end_row(b);
	}
	free(names);
	json_decref(exps);
}

/* ---- All Bells: upstream's parse_pitch sort key ---- */

struct bell_sort {
	const char *name;
	long long octave;  /* first key; 999 for an invalid name */
	double note;       /* second key: C=0 .. B=6, 7 unknown, +-0.5 */
	size_t order;      /* first-insertion order, for a stable sort */
};

/* The code point at s (NUL-terminated); sets *len. */
static uint32_t
utf8_next(const unsigned char *s, size_t *len)
{
	return utf8_decode((const char *)s, strnlen((const char *)s, 4), len);
}

static size_t
utf8_count(const char *s)
{
	size_t n = 0, l;

	for (const unsigned char *p = (const unsigned char *)s; *p; p += l, n++)
		utf8_next(p, &l);
	return n;
}

/* Python's str.isspace() (Py_UNICODE_ISSPACE), as int() strips. */
static int
py_isspace(uint32_t c)
{
	return (c >= 0x09 && c <= 0x0d) || (c >= 0x1c && c <= 0x20) ||
	    c == 0x85 || c == 0xa0 || c == 0x1680 ||
	    (c >= 0x2000 && c <= 0x200a) || c == 0x2028 || c == 0x2029 ||
	    c == 0x202f || c == 0x205f || c == 0x3000;
}

static const unsigned char *
skip_space(const unsigned char *p)
{
	size_t l;

	while (*p && py_isspace(utf8_next(p, &l)))
		p += l;
	return p;
}

/*
 * Python's int(s) for base 10: surrounding whitespace, a sign, digits
 * with single underscores between them.  Saturates far beyond any octave.
 * Returns 0 and the value, or -1 where Python raises ValueError.  Digits
 * of other scripts (int('٤')) are not read: see PROTOCOL.md.
 */
static int
py_int(const char *s, long long *out)
{
	const unsigned char *p = skip_space((const unsigned char *)s);
	long long v = 0;
	int neg = 0, digits = 0;

	if (*p == '+' || *p == '-')
		neg = *p++ == '-';
	for (;; p++) {
		if (*p >= '0' && *p <= '9') {
			if (v < LLONG_MAX / 10 - 10)
				v = v * 10 + (*p - '0');
			digits++;
		} else if (*p == '_' && digits > 0 && p[1] >= '0' &&
		    p[1] <= '9') {
			continue;
		} else {
			break;
		}
	}
	if (digits == 0 || *skip_space(p) != '\0')
		return -1;
	*out = neg ? -v : v;
	return 0;
}

static void
bell_key(struct bell_sort *b)
{
	static const char order[] = "CDEFGAB";
	const unsigned char *s = (const unsigned char *)b->name;
	const char *rest;
	size_t l;
	double mod = 0;

	b->octave = 999;
	b->note = 999;
	if (utf8_count(b->name) < 2)
		return;
	uint32_t c = utf8_next(s, &l);
	/* Only ASCII letters upper-case into one of "CDEFGAB". */
	if (c >= 'a' && c <= 'z')
		c -= 'a' - 'A';
	const char *at = c < 0x80 && c != 0 ? strchr(order, (int)c) : NULL;
	double note = at ? (double)(at - order) : 7;
	rest = b->name + l;
	if (utf8_count(rest) > 1) {
		if (rest[0] == '#' || strncmp(rest, "\xe2\x99\xaf", 3) == 0) {
			mod = 0.5;  /* '#' or U+266F MUSIC SHARP SIGN */
			rest += rest[0] == '#' ? 1 : 3;
		} else if (rest[0] == 'b' || strncmp(rest, "\xe2\x99\xad", 3) == 0) {
			mod = -0.5;  /* 'b' or U+266D MUSIC FLAT SIGN */
			rest += rest[0] == 'b' ? 1 : 3;
		}
	}
	long long octave;
	if (py_int(rest, &octave) < 0)
		return;
	b->octave = octave;
	b->note = note + mod;
}

static int
compare_bells(const void *pa, const void *pb)
{
	const struct bell_sort *a = pa, *b = pb;
	int c = VB_CMP_BY(a, b, octave, note);

	/* Upstream's key ties (C#4 and Db4, unreadable names) keep the
	 * order the bells first appear in: upstream's order was random. */
	return c != 0 ? c : VB_CMP(a->order, b->order);
}

static size_t
collect_hand(const json_t *hand, struct bell_sort *bells, size_t n)
{
	size_t i;
	json_t *b;

	json_array_foreach(hand, i, b) {
		bells[n].name = json_string_value(b);
		bells[n].order = n;
		n++;
	}
	return n;
}

static int
compare_names(const void *pa, const void *pb)
{
	const struct bell_sort *a = pa, *b = pb;
	int c = strcmp(a->name, b->name);

	if (c != 0)
		return c;
	return a->order < b->order ? -1 : a->order > b->order;
}

static void
bell_rows(struct grow_buf *b, const struct export_input *in)
{
	size_t max = 0, n = 0, u = 0;
	const char *name;
	json_t *as;

	json_object_foreach((json_t *)in->assignments, name, as)
		max += json_array_size(json_object_get(as, "left_hand")) +
		    json_array_size(json_object_get(as, "right_hand"));
	struct bell_sort *bells = calloc(max ? max : 1, sizeof *bells);
	if (bells == NULL) {
		b->failed = 1;
		return;
	}
	/*
	 * Upstream puts the bells in a Python set (iteration order random
	 * per process) and sorts with a key that ties "C#4" with "Db4" and
	 * every invalid name with the others.  We keep the first-insertion
	 * order for ties, so the sheet is the same every time: dedupe by
	 * name keeping the first occurrence, then a stable key sort.
	 */
	json_object_foreach((json_t *)in->assignments, name, as) {
		n = collect_hand(json_object_get(as, "left_hand"), bells, n);
		n = collect_hand(json_object_get(as, "right_hand"), bells, n);
	}
	qsort(bells, n, sizeof *bells, compare_names);
	for (size_t i = 0; i < n; i++)
		if (u == 0 || strcmp(bells[u - 1].name, bells[i].name) != 0)
			bells[u++] = bells[i];
	for (size_t i = 0; i < u; i++)
		bell_key(&bells[i]);
	qsort(bells, u, sizeof *bells, compare_bells);
	for (size_t i = 0; i < u; i++)
		csv_row1(b, bells[i].name);
	free(bells);
}

char *
export_csv(const struct export_input *in, size_t *len_out)
{
	struct grow_buf b = { 0 };
	static const char *const head[] = {
		"Player", "Experience", "Left Hand", "Right Hand", "Bell Swaps"
	};

	csv_row1(&b, "Metadata");
	csv_row2(&b, "Uploaded File", in->filename);
	csv_row2(&b, "Strategy", in->strategy ? in->strategy : "");
	csv_row2(&b, "Generated", in->generated);
	csv_end_row(&b);
	csv_row1(&b, "Players");
	for (size_t i = 0; i < 5; i++)
		csv_cell(&b, head[i], strlen(head[i]), i == 0);
	csv_end_row(&b);
	player_rows(&b, in);
	csv_end_row(&b);
	csv_row1(&b, "All Bells (sorted by pitch)");
	bell_rows(&b, in);
	if (b.failed) {
		free(b.p);
		return NULL;
	}
	*len_out = b.len;
	return b.p;
}
