/*
 * json_out.c - the fast JSON text writer (see json_out.h).
 *
 * Speed matters because an arrange result with its simulation runs to
 * megabytes: strings are copied in runs between the bytes that need
 * escaping, integers are formatted by hand, and only reals go through
 * snprintf.
 */
#include <float.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "grow.h"
#include "json_out.h"

void
json_out_init(struct json_out *o)
{
	memset(o, 0, sizeof *o);
}

void
json_out_free(struct json_out *o)
{
	json_out_sink_fn sink = o->sink;
	void *ctx = o->sink_ctx;

	free(o->buf);
	free(o->capture);
	json_out_init(o);
	o->sink = sink;
	o->sink_ctx = ctx;
}

char *
json_out_steal(struct json_out *o, size_t *len_out)
{
	char *text;

	if (o->failed || o->buf == NULL) {
		int failed = o->failed;

		json_out_free(o);
		if (failed)
			return NULL;
		text = calloc(1, 1);
		if (len_out != NULL)
			*len_out = 0;
		return text;
	}
	text = o->buf;
	if (len_out != NULL)
		*len_out = o->len;
	free(o->capture);
	json_out_init(o);
	return text;
}

/* Appends buf[from, to) to the capture; 0, or -1 (o failed). */
static int
capture_take(struct json_out *o, size_t to)
{
	size_t n = to - o->capture_from;

	if (grow_array((void **)&o->capture, &o->capture_cap,
	    o->capture_len + n + 1, 1) < 0) {
		o->failed = 1;
		return -1;
	}
	memcpy(o->capture + o->capture_len, o->buf + o->capture_from, n);
	o->capture_len += n;
	o->capture[o->capture_len] = '\0';
	o->capture_from = o->capture_to = to;
	return 0;
}

/* Sends the text held so far to the sink; 0, or -1 (o failed). */
static int
flush(struct json_out *o)
{
	/* What is captured leaves buf: keep it aside. */
	if (o->capturing && capture_take(o, o->len) < 0)
		return -1;
	if (o->capture_held && capture_take(o, o->capture_to) < 0)
		return -1;
	if (o->sink(o->sink_ctx, o->buf, o->len) < 0) {
		o->failed = 1;
		return -1;
	}
	o->sent += o->len;
	o->len = 0;
	o->capture_from = o->capture_to = 0;
	return 0;
}

static int reserve_slow(struct json_out *o, size_t n);

/* Makes room for n more bytes plus a NUL; 0, or -1 (sticky) on failure.
 * The common case, room already there, is a compare in the caller. */
static inline int
reserve(struct json_out *o, size_t n)
{
	if (!o->failed && n < o->cap - o->len)
		return 0;
	return reserve_slow(o, n);
}

static int
reserve_slow(struct json_out *o, size_t n)
{
	size_t need, cap;
	char *nb;

	if (o->failed)
		return -1;
	if (n < o->cap - o->len)
		return 0;
	if (o->streaming && o->len > 0 && o->len + n + 1 > JSON_OUT_CHUNK) {
		if (flush(o) < 0)
			return -1;
		if (n < o->cap - o->len)
			return 0;
	}
	need = o->len + n + 1;
	if (need < o->len) {
		o->failed = 1;
		return -1;
	}
	cap = o->cap ? o->cap : 256;
	while (cap < need) {
		if (cap > SIZE_MAX / 2) {
			cap = need;
			break;
		}
		cap *= 2;
	}
	nb = realloc(o->buf, cap);
	if (nb == NULL) {
		o->failed = 1;
		return -1;
	}
	o->buf = nb;
	o->cap = cap;
	return 0;
}

static void
put(struct json_out *o, const char *s, size_t n)
{
	if (reserve(o, n) < 0)
		return;
	memcpy(o->buf + o->len, s, n);
	o->len += n;
	o->buf[o->len] = '\0';
}

static void
putc_(struct json_out *o, char c)
{
	if (reserve(o, 1) < 0)
		return;
	o->buf[o->len++] = c;
	o->buf[o->len] = '\0';
}

/* Called before every value and key: the comma between items. */
static void
separate(struct json_out *o)
{
	uint64_t bit;

	if (o->after_key) {
		o->after_key = 0;
		return;
	}
	if (o->depth == 0)
		return;
	bit = (uint64_t)1 << ((o->depth - 1) % JSON_OUT_MAX_DEPTH);
	if (o->has_items & bit)
		putc_(o, ',');
	o->has_items |= bit;
}

static void
begin(struct json_out *o, char c)
{
	separate(o);
	putc_(o, c);
	if (o->depth >= JSON_OUT_MAX_DEPTH) {
		/* Callers never nest this deep; treat it as a failure rather
		 * than emit misplaced commas. */
		o->failed = 1;
		return;
	}
	o->depth++;
	o->has_items &= ~((uint64_t)1 << (o->depth - 1));
}

static void
end(struct json_out *o, char c)
{
	if (o->depth > 0)
		o->depth--;
	putc_(o, c);
}

void json_out_begin_object(struct json_out *o) { begin(o, '{'); }
void json_out_end_object(struct json_out *o) { end(o, '}'); }
void json_out_begin_array(struct json_out *o) { begin(o, '['); }
void json_out_end_array(struct json_out *o) { end(o, ']'); }

/* The bytes a JSON string cannot hold as they are. */
static inline int
needs_escape(unsigned char c)
{
	return c < 0x20 || c == '"' || c == '\\';
}

/* '"', the n bytes of s (none needing an escape), '"', and a colon if
 * asked: the usual string and the usual key, in one reservation. */
static void
put_quoted(struct json_out *o, const char *s, size_t n, int colon)
{
	char *w;

	if (reserve(o, n + 3) < 0)
		return;
	w = o->buf + o->len;
	w[0] = '"';
	memcpy(w + 1, s, n);
	w[n + 1] = '"';
	w[n + 2] = ':';
	o->len += n + (colon ? 3 : 2);
	o->buf[o->len] = '\0';
}

static void
put_escaped(struct json_out *o, const char *s, size_t n)
{
	static const char hex[] = "0123456789abcdef";
	const unsigned char *u = (const unsigned char *)s;
	size_t run = 0, i = 0;

	/* Fast path: most strings (names, keys, bells) need no escape, so
	 * find out first and copy them in one go with both quotes. */
	while (i < n && !needs_escape(u[i]))
		i++;
	if (i == n) {
		put_quoted(o, s, n, 0);
		return;
	}
	putc_(o, '"');
	for (; i < n; i++) {
		unsigned char c = u[i];
		char esc[6];
		size_t elen = 2;

		if (!needs_escape(c))
			continue;
		put(o, s + run, i - run);
		run = i + 1;
		esc[0] = '\\';
		switch (c) {
		case '"': esc[1] = '"'; break;
		case '\\': esc[1] = '\\'; break;
		case '\n': esc[1] = 'n'; break;
		case '\r': esc[1] = 'r'; break;
		case '\t': esc[1] = 't'; break;
		case '\b': esc[1] = 'b'; break;
		case '\f': esc[1] = 'f'; break;
		default:
			memcpy(esc, "\\u00", 4);
			esc[4] = hex[c >> 4];
			esc[5] = hex[c & 15];
			elen = 6;
		}
		put(o, esc, elen);
	}
	put(o, s + run, n - run);
	putc_(o, '"');
}

void
json_out_key_plain(struct json_out *o, const char *key, size_t n)
{
	separate(o);
	put_quoted(o, key, n, 1);
	o->after_key = 1;
}

void
(json_out_key)(struct json_out *o, const char *key)
{
	size_t i = 0;

	/* Keys are mostly short plain ASCII (a response has thousands of
	 * them): one scan, then one copy with quotes and colon. */
	while (key[i] != '\0' && !needs_escape((unsigned char)key[i]))
		i++;
	if (key[i] == '\0') {
		json_out_key_plain(o, key, i);
		return;
	}
	separate(o);
	put_escaped(o, key, strlen(key));
	putc_(o, ':');
	o->after_key = 1;
}

void
json_out_stringn(struct json_out *o, const char *s, size_t n)
{
	separate(o);
	put_escaped(o, s, n);
}

void
json_out_string(struct json_out *o, const char *s)
{
	json_out_stringn(o, s, strlen(s));
}

const char json_digit_pairs[200] =
    "00010203040506070809101112131415161718192021222324"
    "25262728293031323334353637383940414243444546474849"
    "50515253545556575859606162636465666768697071727374"
    "75767778798081828384858687888990919293949596979899";

char *
json_format_u64(char *p, unsigned long long u)
{
	char low[10];

	if (u <= UINT32_MAX)
		return json_format_u32(p, (uint32_t)u);
	/* The high part (itself over 32 bits past 4.29e18), then the low
	 * nine digits with their zeros. */
	p = json_format_u64(p, u / 1000000000);
	json_format_u32(low, (uint32_t)(u % 1000000000 + 1000000000));
	memcpy(p, low + 1, 9);
	return p + 9;
}

void
json_out_int(struct json_out *o, long long v)
{
	char buf[24];

	separate(o);
	put(o, buf, (size_t)(json_format_int(buf, v) - buf));
}

/*
 * The common case, first: a value with at most six decimals below 1e9
 * (times in ms / 1000, scores to two places).  If k / 10^d is v, the
 * decimal k e-d reads back as v (IEEE division and strtod both round
 * correctly), and the least such d gives the fewest digits: any shorter
 * decimal would be another k' / 10^d' < d, already tried.  Below 10^15
 * no two decimals of that many digits share a double, so it is the one
 * repr() prints.  Returns the length, or 0 when v is not such a value.
 */
static size_t
format_real_short(double v, char *buf, size_t len)
{
	static const double pow10[] = { 1, 10, 100, 1e3, 1e4, 1e5, 1e6 };
	double a = fabs(v);
	char tmp[32], *p = tmp + sizeof tmp;
	unsigned long long k = 0;
	int d;

	if (!(a >= 1e-4 && a < 1e9))
		return 0;
	for (d = 0; d < 7; d++) {
		double m = json_round_small(a * pow10[d]);

		if (m / pow10[d] == a) {
			k = (unsigned long long)m;
			break;
		}
	}
	if (d == 7)
		return 0;
	if (d == 0) {                       /* integral: "12.0", as repr */
		*--p = '0';
		*--p = '.';
	}
	/* Digits from the last; the point after d of them; a leading zero
	 * for 0.xxx (at least d + 1 digits). */
	for (int i = 0; k != 0 || i <= d; i++) {
		if (i == d && d > 0)
			*--p = '.';
		*--p = (char)('0' + k % 10);
		k /= 10;
	}
	if (v < 0)
		*--p = '-';
	if ((size_t)(tmp + sizeof tmp - p) >= len)
		return 0;
	memcpy(buf, p, (size_t)(tmp + sizeof tmp - p));
	buf[tmp + sizeof tmp - p] = '\0';
	return (size_t)(tmp + sizeof tmp - p);
}

size_t
json_format_real(double v, char *buf, size_t len)
{
	char digits[40], *e, mant[24];
	int prec, exp, n, nd = 0;
	size_t short_len;

	if ((short_len = format_real_short(v, buf, len)) != 0)
		return short_len;
	if (!isfinite(v))
		return (size_t)snprintf(buf, len, "null");
	if (v == 0) {                       /* scores' zeros, often */
		const char *z = signbit(v) ? "-0.0" : "0.0";
		size_t n = strlen(z);

		if (n < len) {
			memcpy(buf, z, n + 1);
			return n;
		}
		return (size_t)snprintf(buf, len, "%s", z);
	}
	/*
	 * The shortest digits that read back exactly, as repr() finds them.
	 * Up to 15 significant digits at most one decimal of that length lies
	 * within half an ulp, so the correctly rounded 15-digit form with its
	 * trailing zeros dropped is the shortest when it reads back; past
	 * that, 16 digits (the nearest, as repr picks), else 17 always do.
	 */
	/* Subnormals carry fewer bits, so shorter forms can read back and
	 * the argument above fails: search them from one digit up. */
	for (prec = fabs(v) < DBL_MIN ? 0 : 14; prec < 16; prec++) {
		snprintf(digits, sizeof digits, "%.*e", prec, v);
		if (strtod(digits, NULL) == v)
			break;
	}
	if (prec == 16)
		snprintf(digits, sizeof digits, "%.16e", v);
	e = strchr(digits, 'e');
	exp = atoi(e + 1);
	/* Mantissa digits without sign and point. */
	for (const char *p = digits; p < e; p++)
		if (*p >= '0' && *p <= '9')
			mant[nd++] = *p;
	while (nd > 1 && mant[nd - 1] == '0')
		nd--;
	mant[nd] = '\0';
	if (exp < -4 || exp >= 16) {
		/* d.ddde+XX, exponent at least two digits, as Python. */
		if (nd == 1)
			n = snprintf(buf, len, "%s%ce%c%02d", v < 0 ? "-" : "",
			    mant[0], exp < 0 ? '-' : '+', abs(exp));
		else
			n = snprintf(buf, len, "%s%c.%se%c%02d",
			    v < 0 ? "-" : "", mant[0], mant + 1,
			    exp < 0 ? '-' : '+', abs(exp));
		return (size_t)n;
	}
	if (exp < 0) {
		/* 0.000ddd */
		n = snprintf(buf, len, "%s0.%0*d%s", v < 0 ? "-" : "",
		    -exp - 1, 0, mant);
		if (-exp - 1 == 0)  /* %0*d with width 0 still prints "0" */
			n = snprintf(buf, len, "%s0.%s", v < 0 ? "-" : "",
			    mant);
		return (size_t)n;
	}
	if (nd <= exp + 1) {
		/* Integral: digits, zeros, ".0". */
		n = snprintf(buf, len, "%s%s%0*d.0", v < 0 ? "-" : "", mant,
		    exp + 1 - nd, 0);
		if (exp + 1 - nd == 0)
			n = snprintf(buf, len, "%s%s.0", v < 0 ? "-" : "",
			    mant);
		return (size_t)n;
	}
	n = snprintf(buf, len, "%s%.*s.%s", v < 0 ? "-" : "", exp + 1, mant,
	    mant + exp + 1);
	return (size_t)n;
}

void
json_out_real(struct json_out *o, double v)
{
	char buf[40];
	size_t n;

	separate(o);
	n = json_format_real(v, buf, sizeof buf);
	put(o, buf, n < sizeof buf ? n : sizeof buf - 1);
}

void
json_out_bool(struct json_out *o, int v)
{
	separate(o);
	if (v)
		put(o, "true", 4);
	else
		put(o, "false", 5);
}

void
json_out_null(struct json_out *o)
{
	separate(o);
	put(o, "null", 4);
}

void
json_out_raw_value(struct json_out *o, const char *text, size_t n)
{
	separate(o);
	put(o, text, n);
}

char *
json_out_raw_begin(struct json_out *o, size_t max)
{
	separate(o);
	if (reserve(o, max) < 0)
		return NULL;
	return o->buf + o->len;
}

void
json_out_raw_end(struct json_out *o, size_t n)
{
	if (o->failed)
		return;
	o->len += n;
	o->buf[o->len] = '\0';
}

void
json_out_value(struct json_out *o, const json_t *v)
{
	const char *key;
	json_t *child;
	size_t i;

	switch (json_typeof(v)) {
	case JSON_OBJECT:
		json_out_begin_object(o);
		json_object_foreach((json_t *)v, key, child) {
			json_out_key(o, key);
			json_out_value(o, child);
		}
		json_out_end_object(o);
		break;
	case JSON_ARRAY:
		json_out_begin_array(o);
		json_array_foreach(v, i, child)
			json_out_value(o, child);
		json_out_end_array(o);
		break;
	case JSON_STRING:
		json_out_stringn(o, json_string_value(v), json_string_length(v));
		break;
	case JSON_INTEGER:
		json_out_int(o, (long long)json_integer_value(v));
		break;
	case JSON_REAL:
		json_out_real(o, json_real_value(v));
		break;
	case JSON_TRUE:
		json_out_bool(o, 1);
		break;
	case JSON_FALSE:
		json_out_bool(o, 0);
		break;
	default:
		json_out_null(o);
		break;
	}
}

struct json_out_mark
json_out_mark(const struct json_out *o)
{
	return (struct json_out_mark){ o->len, o->depth, o->after_key,
		o->has_items };
}

void
json_out_set_sink(struct json_out *o, json_out_sink_fn sink, void *ctx)
{
	o->sink = sink;
	o->sink_ctx = ctx;
}

void
json_out_allow_stream(struct json_out *o, int allow)
{
	o->stream_allowed = allow;
}

void
json_out_stream(struct json_out *o)
{
	if (o->sink == NULL || !o->stream_allowed || o->streaming)
		return;
	o->streaming = 1;
}

int
json_out_may_stream(const struct json_out *o)
{
	return o->sink != NULL && o->stream_allowed && o->sent == 0;
}

static void
drop_capture(struct json_out *o)
{
	o->capturing = o->capture_held = 0;
	free(o->capture);
	o->capture = NULL;
	o->capture_len = o->capture_cap = o->capture_from = 0;
	o->capture_to = 0;
}

/* Ends streaming and capturing; the text itself is the caller's. */
static void
stop_streaming(struct json_out *o)
{
	o->streaming = 0;
	o->sent = 0;
	drop_capture(o);
}

void
json_out_flush_whole(struct json_out *o)
{
	if (o->sink == NULL || o->failed || o->streaming || o->capturing ||
	    o->capture_held || o->len < JSON_OUT_CHUNK)
		return;
	if (o->sink(o->sink_ctx, o->buf, o->len) < 0) {
		o->failed = 1;
		return;
	}
	o->len = 0;
	o->buf[0] = '\0';
}

void
json_out_clear(struct json_out *o)
{
	stop_streaming(o);
	if (o->cap > 4 * JSON_OUT_CHUNK) {
		free(o->buf);
		o->buf = NULL;
		o->cap = 0;
	}
	json_out_rewind(o, (struct json_out_mark){ 0, 0, 0, 0 });
}

void
json_out_capture_begin(struct json_out *o)
{
	drop_capture(o);
	o->capture_from = o->capture_to = o->len;
	o->capturing = 1;
}

int
json_out_capture_end(struct json_out *o)
{
	int ok = o->capturing && !o->failed;

	o->capturing = 0;
	if (!ok) {
		drop_capture(o);
		o->failed = 1;
		return -1;
	}
	o->capture_to = o->len;
	o->capture_held = 1;
	/* Part of it already aside: the rest joins it. */
	if (o->capture != NULL && capture_take(o, o->len) < 0) {
		drop_capture(o);
		return -1;
	}
	return 0;
}

/* The captured text that left buf, to the sink straight when long and
 * streaming (a long piece's arrangement is megabytes), else copied. */
static void
put_aside(struct json_out *o)
{
	if (o->streaming && o->capture_len > JSON_OUT_CHUNK) {
		if (flush(o) < 0)
			return;
		if (o->sink(o->sink_ctx, o->capture, o->capture_len) < 0) {
			o->failed = 1;
			return;
		}
		o->sent += o->capture_len;
		return;
	}
	put(o, o->capture, o->capture_len);
}

void
json_out_capture_put(struct json_out *o)
{
	size_t n;

	if (!o->capture_held || o->failed) {
		drop_capture(o);
		return;
	}
	separate(o);
	if (o->capture == NULL) {
		/* Still in buf: make room (a flush on the way takes it
		 * aside), then copy it within buf. */
		n = o->capture_to - o->capture_from;
		if (reserve(o, n) < 0) {
			drop_capture(o);
			return;
		}
		if (o->capture == NULL) {
			memcpy(o->buf + o->len, o->buf + o->capture_from, n);
			o->len += n;
			o->buf[o->len] = '\0';
			drop_capture(o);
			return;
		}
	}
	put_aside(o);
	drop_capture(o);
}

void
json_out_rewind(struct json_out *o, struct json_out_mark m)
{
	if (o->sent > 0) {
		/* Part of this line is out: end it, start afresh. */
		(void)o->sink(o->sink_ctx, "\n", 1);
		stop_streaming(o);
		m = (struct json_out_mark){ 0, 0, 0, 0 };
	}
	drop_capture(o);
	o->len = m.len;
	o->depth = m.depth;
	o->after_key = m.after_key;
	o->has_items = m.has_items;
	o->failed = 0;
	if (o->buf != NULL)
		o->buf[o->len] = '\0';
}
