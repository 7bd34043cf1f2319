/*
 * json_fast.c - the usual request line read at a few instructions a
 * byte, into the tree jansson's json_loadb would build (json_fast.h).
 *
 * jansson reads a character a call through a stream and copies every
 * token into a buffer; on a small arrange that was a sixth of the whole
 * request.  This parser builds the same tree with jansson's own
 * constructors, in the order jansson calls them (so the objects keep
 * the same key order), for the inputs it is sure of.  Every other input
 * is declined with NULL and the caller asks jansson: no error is ever
 * this file's, so the error texts stay jansson's.  What it declines: any
 * syntax error, a \u escape, a raw control character in a string, a
 * duplicate key, a number it cannot convert exactly as jansson does
 * (jansson: strtoll, ERANGE an error; strtod, overflow an error), and
 * nesting deeper than FAST_MAX_DEPTH or the caller's limit.
 *
 * Also here: json_value_cost, what a line would cost to parse, which the
 * dispatcher checks before either parser builds anything.
 */
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "json_fast.h"

/* The recursion's bound whatever the limit: deeper goes to jansson. */
#define FAST_MAX_DEPTH 64
/* Escaped keys and strings up to these lengths are decoded on the
 * stack; longer ones in a buffer of their own. */
#define KEY_STACK 64
#define STRING_STACK 256
/* A number's text longer than this goes to jansson (no request has one). */
#define NUMBER_MAX 63

struct fast {
	const char *p, *end;
	size_t depth, max_depth;
};

/* A string read: s[0..n), in the line itself, in the caller's buffer or
 * in heap (free()d by the caller; NULL when not used). */
struct fast_string {
	const char *s;
	size_t n;
	char *heap;
};

static json_t *read_value(struct fast *f);

/* JSON's whitespace, as jansson's lexer skips it. */
static void
skip_space(struct fast *f)
{
	while (f->p < f->end && (*f->p == ' ' || *f->p == '\n' ||
	    *f->p == '\r' || *f->p == '\t'))
		f->p++;
}

static int
at(const struct fast *f, char c)
{
	return f->p < f->end && *f->p == c;
}

static int
is_digit(const char *p, const char *end)
{
	return p < end && *p >= '0' && *p <= '9';
}

/* The byte an escape's letter stands for; 0 for \u (declined) and for
 * a letter that is no escape (jansson's error). */
static char
unescape(char c)
{
	switch (c) {
	case '"': case '\\': case '/': return c;
	case 'b': return '\b';
	case 'f': return '\f';
	case 'n': return '\n';
	case 'r': return '\r';
	case 't': return '\t';
	default: return 0;
	}
}

/* A string with escapes, from the first backslash at p: finds its end,
 * then decodes it whole into buf (cap bytes) or a heap buffer.  The
 * decoded text is never longer than its source. */
static int
read_escaped(struct fast *f, const char *start, const char *p, char *buf,
    size_t cap, struct fast_string *out)
{
	const char *q = p;
	char *w;

	while (q < f->end && *q != '"') {
		if ((unsigned char)*q < 0x20)
			return -1;
		q += *q == '\\' ? 2 : 1;
	}
	if (q >= f->end)
		return -1;
	if ((size_t)(q - start) > cap) {
		out->heap = malloc((size_t)(q - start));
		if (out->heap == NULL)
			return -1;
		buf = out->heap;
	}
	memcpy(buf, start, (size_t)(p - start));
	w = buf + (p - start);
	while (p < q) {
		if (*p != '\\') {
			*w++ = *p++;
		} else if ((*w++ = unescape(p[1])) != 0) {
			p += 2;
		} else {
			free(out->heap);
			out->heap = NULL;
			return -1;
		}
	}
	out->s = buf;
	out->n = (size_t)(w - buf);
	f->p = q + 1;
	return 0;
}

/* The string whose opening quote is at f->p.  Returns 0 with *out
 * filled, -1 to decline. */
static int
read_string(struct fast *f, char *buf, size_t cap, struct fast_string *out)
{
	const char *start = f->p + 1, *p = start;

	out->heap = NULL;
	for (; p < f->end; p++) {
		unsigned char c = (unsigned char)*p;

		/* Everything above the backslash is a plain byte (UTF-8
		 * was checked before the parse). */
		if (c > '\\')
			continue;
		if (c == '"') {
			out->s = start;
			out->n = (size_t)(p - start);
			f->p = p + 1;
			return 0;
		}
		if (c == '\\')
			return read_escaped(f, start, p, buf, cap, out);
		if (c < 0x20)
			return -1;
	}
	return -1;
}

static json_t *
read_string_value(struct fast *f)
{
	char buf[STRING_STACK];
	struct fast_string str;
	json_t *v;

	if (read_string(f, buf, sizeof buf, &str) < 0)
		return NULL;
	v = json_stringn_nocheck(str.s, str.n);
	free(str.heap);
	return v;
}

/* An integer of up to 18 digits is summed exactly; a longer one goes
 * through strtoll as jansson's does, and out of range is declined. */
static json_t *
make_integer(const char *s, size_t n, int neg)
{
	const char *digits = s + neg;
	size_t nd = n - (size_t)neg;
	char text[NUMBER_MAX + 1];
	char *end;
	long long v = 0;

	if (nd <= 18) {
		for (size_t i = 0; i < nd; i++)
			v = v * 10 + (digits[i] - '0');
		return json_integer(neg ? -v : v);
	}
	memcpy(text, s, n);
	text[n] = '\0';
	errno = 0;
	v = strtoll(text, &end, 10);
	if (errno == ERANGE || end != text + n)
		return NULL;
	return json_integer(v);
}

/* A real through strtod, as jansson's; ERANGE (overflow, which jansson
 * refuses, or underflow) is declined, and so is a text strtod reads
 * otherwise (a locale whose decimal point is not '.'). */
static json_t *
make_real(const char *s, size_t n)
{
	char text[NUMBER_MAX + 1];
	char *end;
	double v;

	memcpy(text, s, n);
	text[n] = '\0';
	errno = 0;
	v = strtod(text, &end);
	if (errno == ERANGE || end != text + n)
		return NULL;
	return json_real(v);
}

/* JSON's number grammar, which is jansson's: no leading zero, no lone
 * '-', digits after '.' and after the exponent's sign. */
static json_t *
read_number(struct fast *f)
{
	const char *start = f->p, *p = f->p, *end = f->end;
	int neg = *p == '-', real = 0;

	p += neg;
	if (!is_digit(p, end))
		return NULL;
	if (*p == '0') {
		if (is_digit(++p, end))
			return NULL;
	} else {
		while (is_digit(p, end))
			p++;
	}
	if (p < end && *p == '.') {
		real = 1;
		if (!is_digit(++p, end))
			return NULL;
		while (is_digit(p, end))
			p++;
	}
	if (p < end && (*p == 'e' || *p == 'E')) {
		real = 1;
		p++;
		if (p < end && (*p == '+' || *p == '-'))
			p++;
		if (!is_digit(p, end))
			return NULL;
		while (is_digit(p, end))
			p++;
	}
	if (p - start > NUMBER_MAX)
		return NULL;
	f->p = p;
	return real ? make_real(start, (size_t)(p - start)) :
	    make_integer(start, (size_t)(p - start), neg);
}

/* true, false or null: word and its value. */
static json_t *
read_word(struct fast *f, const char *word, size_t n, json_t *v)
{
	if ((size_t)(f->end - f->p) < n || memcmp(f->p, word, n) != 0)
		return NULL;
	f->p += n;
	return v;
}

/* One member "key": value into obj.  Returns 0, or -1 to decline (a
 * duplicate key too: jansson names it). */
static int
read_member(struct fast *f, json_t *obj)
{
	char buf[KEY_STACK];
	struct fast_string key;
	json_t *v;
	int rc = -1;

	if (!at(f, '"') || read_string(f, buf, sizeof buf, &key) < 0)
		return -1;
	if (json_object_getn(obj, key.s, key.n) != NULL)
		goto out;
	skip_space(f);
	if (!at(f, ':'))
		goto out;
	f->p++;
	skip_space(f);
	v = read_value(f);
	/* setn_new steals v, even when it fails. */
	if (v != NULL && json_object_setn_new_nocheck(obj, key.s, key.n,
	    v) == 0)
		rc = 0;
out:
	free(key.heap);
	return rc;
}

/* The object or array whose bracket is at f->p: its members (read_member)
 * or elements, comma-separated, up to the closing bracket. */
static json_t *
read_container(struct fast *f, int object)
{
	char close = object ? '}' : ']';
	json_t *c, *v;

	if (++f->depth > f->max_depth)
		return NULL;
	c = object ? json_object() : json_array();
	if (c == NULL)
		return NULL;
	f->p++;
	skip_space(f);
	if (at(f, close))
		goto done;
	for (;;) {
		if (object) {
			if (read_member(f, c) < 0)
				goto fail;
		} else {
			v = read_value(f);
			if (v == NULL || json_array_append_new(c, v) < 0)
				goto fail;
		}
		skip_space(f);
		if (!at(f, ','))
			break;
		f->p++;
		skip_space(f);
	}
	if (!at(f, close))
		goto fail;
done:
	f->p++;
	f->depth--;
	return c;
fail:
	json_decref(c);
	return NULL;
}

static json_t *
read_value(struct fast *f)
{
	if (f->p >= f->end)
		return NULL;
	switch (*f->p) {
	case '{': return read_container(f, 1);
	case '[': return read_container(f, 0);
	case '"': return read_string_value(f);
	case 't': return read_word(f, "true", 4, json_true());
	case 'f': return read_word(f, "false", 5, json_false());
	case 'n': return read_word(f, "null", 4, json_null());
	default: return read_number(f);
	}
}

json_t *
json_fast_parse(const char *text, size_t len, size_t max_depth)
{
	struct fast f = { text, text + len, 0, max_depth };
	json_t *v;

	if (f.max_depth > FAST_MAX_DEPTH)
		f.max_depth = FAST_MAX_DEPTH;
	skip_space(&f);
	v = read_value(&f);
	skip_space(&f);
	if (v != NULL && f.p != f.end) {
		json_decref(v);
		v = NULL;
	}
	return v;
}

/* The bytes json_value_cost acts on; it skips the others a byte an
 * instruction or two (a branch on each kind cost 13 a byte). */
static const unsigned char cost_marks[256] = {
	['"'] = 1, ['\\'] = 1, [','] = 1, ['{'] = 1,
};

size_t
json_value_cost(const char *text, size_t len, size_t max)
{
	const unsigned char *p = (const unsigned char *)text;
	const unsigned char *end = p + len;
	size_t cost = 1;
	int in_string = 0;

	while (cost <= max) {
		while (p < end && !cost_marks[*p])
			p++;
		if (p == end)
			break;
		if (*p == '"') {
			in_string = !in_string;
			cost += (size_t)in_string;
		} else if (in_string) {
			/* A backslash escapes the next byte; ',' and '{' in
			 * a string are text. */
			if (*p == '\\' && p + 1 < end)
				p++;
		} else {
			cost += *p == '{' ? 4 : *p == ',' ? 1 : 0;
		}
		p++;
	}
	return cost;
}
