/*
 * json_out.h - a fast JSON text writer.  Every response the daemon sends
 * is written through it: small results by serialising a jansson tree
 * (json_out_value), large ones (arrange with its simulation) directly
 * from the engine's structs, which is several times faster than building
 * a tree and dumping it.
 *
 * Commas are the writer's business: inside an array every value is
 * separated, inside an object json_out_key() separates and the value that
 * follows does not.  Memory failure is sticky: once an append fails,
 * later calls do nothing and json_out_steal() returns NULL.
 *
 * Numbers: integers as such; reals as Python's repr() writes them
 * (shortest text that reads back to the same double, "1.0" for integral
 * values, exponent form below 1e-4 and from 1e16), NaN and infinities as
 * null (Python would write NaN, which is not JSON).
 */
#ifndef VB_JSON_OUT_H
#define VB_JSON_OUT_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <jansson.h>

#define JSON_OUT_MAX_DEPTH 64

/* While streaming, text is sent in pieces of about this size. */
#define JSON_OUT_CHUNK (64 * 1024)

/* Sends n bytes somewhere for good; 0, or -1 if they could not be. */
typedef int (*json_out_sink_fn)(void *ctx, const char *text, size_t n);

struct json_out {
	char *buf;            /* owned; while streaming, the unsent rest */
	size_t len, cap;
	int failed;
	int depth;
	int after_key;        /* the next value follows a key: no comma */
	uint64_t has_items;   /* bit d: container at depth d has an item */

	json_out_sink_fn sink;
	void *sink_ctx;
	int stream_allowed;   /* the text in buf is one whole response */
	int streaming;        /* json_out_stream() was called */
	size_t sent;          /* bytes of this text the sink already has */

	char *capture;        /* json_out_capture_begin(): text since then
	                         that left buf (streamed) */
	size_t capture_len, capture_cap, capture_from;
	size_t capture_to;    /* held: the rest is buf[capture_from, to) */
	int capturing;
	int capture_held;     /* ended, not yet put */
};

void json_out_init(struct json_out *o);
void json_out_free(struct json_out *o);

/* Returns the text (new, NUL-terminated, free()) and resets o; NULL if an
 * append failed (o is freed).  len_out may be NULL. */
char *json_out_steal(struct json_out *o, size_t *len_out);

void json_out_begin_object(struct json_out *o);
void json_out_end_object(struct json_out *o);
void json_out_begin_array(struct json_out *o);
void json_out_end_array(struct json_out *o);

/* An object key (escaped as a string); the next call writes its value. */
void json_out_key(struct json_out *o, const char *key);

/* A key of n bytes that needs no escape (no control character, quote or
 * backslash), copied as it is. */
void json_out_key_plain(struct json_out *o, const char *key, size_t n);

#if defined(__GNUC__)
/*
 * A string literal key (nearly every key: a small arrange writes about
 * 800) is copied by its length known at compile time, without the
 * byte-by-byte escape scan, which cost a sixth of a small arrange's
 * instructions.  Both tests fold at compile time for a literal; one
 * that needs an escape, or a key in a variable (a player's name), takes
 * the general way.
 */
#define JSON_OUT_ESCAPED "\"\\\x01\x02\x03\x04\x05\x06\x07\x08\x09\x0a" \
	"\x0b\x0c\x0d\x0e\x0f\x10\x11\x12\x13\x14\x15\x16\x17\x18\x19\x1a\x1b" \
	"\x1c\x1d\x1e\x1f"
#define json_out_key(o, key) (__builtin_constant_p(key) && \
	__builtin_strcspn((key), JSON_OUT_ESCAPED) == __builtin_strlen(key) ? \
	json_out_key_inline((o), (key), __builtin_strlen(key)) : \
	(json_out_key)((o), (key)))

/* The usual case of a plain key written in place (a key after another
 * member, room in the buffer), so that the copy of a length known at
 * compile time is a few moves; anything else is json_out_key_plain. */
static inline void
json_out_key_inline(struct json_out *o, const char *key, size_t n)
{
	char *w;

	if (o->after_key || o->depth <= 0 || o->failed ||
	    !(o->has_items >> ((o->depth - 1) % JSON_OUT_MAX_DEPTH) & 1) ||
	    n + 4 >= o->cap - o->len) {
		json_out_key_plain(o, key, n);
		return;
	}
	w = o->buf + o->len;
	w[0] = ',';
	w[1] = '"';
	memcpy(w + 2, key, n);
	w[n + 2] = '"';
	w[n + 3] = ':';
	o->len += n + 4;
	w[n + 4] = '\0';
	o->after_key = 1;
}
#endif

void json_out_string(struct json_out *o, const char *s);
void json_out_stringn(struct json_out *o, const char *s, size_t n);
void json_out_int(struct json_out *o, long long v);
void json_out_real(struct json_out *o, double v);
void json_out_bool(struct json_out *o, int v);
void json_out_null(struct json_out *o);

/* Keyed values: an object's key and its value in one call. */
static inline void
json_out_key_string(struct json_out *o, const char *key, const char *s)
{
	json_out_key(o, key);
	json_out_string(o, s);
}

static inline void
json_out_key_int(struct json_out *o, const char *key, long long v)
{
	json_out_key(o, key);
	json_out_int(o, v);
}

static inline void
json_out_key_real(struct json_out *o, const char *key, double v)
{
	json_out_key(o, key);
	json_out_real(o, v);
}

static inline void
json_out_key_bool(struct json_out *o, const char *key, int v)
{
	json_out_key(o, key);
	json_out_bool(o, v);
}

/* The key, then an object or array the caller fills and ends. */
static inline void
json_out_key_object(struct json_out *o, const char *key)
{
	json_out_key(o, key);
	json_out_begin_object(o);
}

static inline void
json_out_key_array(struct json_out *o, const char *key)
{
	json_out_key(o, key);
	json_out_begin_array(o);
}

#if defined(__GNUC__)
/* The same as macros, so that a literal key reaches json_out_key as a
 * literal (through an inline function GCC no longer sees it as one). */
#define json_out_key_string(o, key, s) \
	(json_out_key((o), (key)), json_out_string((o), (s)))
#define json_out_key_int(o, key, v) \
	(json_out_key((o), (key)), json_out_int((o), (v)))
#define json_out_key_real(o, key, v) \
	(json_out_key((o), (key)), json_out_real((o), (v)))
#define json_out_key_bool(o, key, v) \
	(json_out_key((o), (key)), json_out_bool((o), (v)))
#define json_out_key_object(o, key) \
	(json_out_key((o), (key)), json_out_begin_object(o))
#define json_out_key_array(o, key) \
	(json_out_key((o), (key)), json_out_begin_array(o))
#endif

/* A jansson value, serialised (object keys in insertion order). */
void json_out_value(struct json_out *o, const json_t *v);

/* Pre-formed JSON text of one value, inserted as a value. */
void json_out_raw_value(struct json_out *o, const char *text, size_t n);

/*
 * The same, formatted in place: json_out_raw_begin() returns room for at
 * most max bytes of one value (NULL once o has failed), the caller writes
 * its text there and json_out_raw_end() says how much it wrote.
 */
char *json_out_raw_begin(struct json_out *o, size_t max);
void json_out_raw_end(struct json_out *o, size_t n);

/*
 * A position to come back to: a handler that fails after writing part of
 * its result is rewound to where its result began.  Rewinding also clears
 * a memory failure met after the mark (the text before it is intact).
 */
struct json_out_mark {
	size_t len;
	int depth, after_key;
	uint64_t has_items;
};
struct json_out_mark json_out_mark(const struct json_out *o);
void json_out_rewind(struct json_out *o, struct json_out_mark m);

/*
 * Streaming, so that a response of megabytes (arrange's simulation) is
 * never held whole.  The serve loop gives the writer a sink; dispatch
 * allows streaming for a response that is a line of its own (not in a
 * batch, not a notification); a handler calls json_out_stream() once it
 * can no longer fail for any reason but memory or a broken sink, after
 * which the text goes to the sink in JSON_OUT_CHUNK pieces as written.
 * Without a sink or permission json_out_stream() does nothing: callers
 * need not care which.
 *
 * Text already sent cannot be taken back: a rewind across it ends the
 * broken line with a LF (a reader sees one unparsable line) and empties
 * the writer, so that an error response can follow on a line of its own.
 */
void json_out_set_sink(struct json_out *o, json_out_sink_fn sink, void *ctx);
void json_out_allow_stream(struct json_out *o, int allow);
void json_out_stream(struct json_out *o);
/* Whether o's text is a response on a line of its own with a sink and
 * none of it sent yet: a message sent apart now lands before it, not
 * inside it (nor inside a batch's line). */
int json_out_may_stream(const struct json_out *o);

/*
 * Sends the text held so far to the sink when it is a chunk or more,
 * without streaming what follows: between the members of a batch, whose
 * own results must stay rewindable.  Nothing happens without a sink or
 * once part of the text is streamed.
 */
void json_out_flush_whole(struct json_out *o);
/* The text was sent whole: empty o for the next one, keeping its buffer
 * (up to a modest size) and its sink. */
void json_out_clear(struct json_out *o);

/*
 * What is written between begin and end, streamed or not, written again
 * as a value by put (the best arrangement is sent twice).  It is the text
 * as written, so it starts with a comma if the first value after begin
 * needed one.  Text still in the buffer stays there until put copies it
 * within the buffer; text that went to the sink is kept aside, and put
 * sends a long one to the sink straight.  end returns 0, or -1 with o
 * failed; put writes nothing unless end succeeded, and drops the text.
 */
void json_out_capture_begin(struct json_out *o);
int json_out_capture_end(struct json_out *o);
void json_out_capture_put(struct json_out *o);

/* Writes the shortest repr of v into buf (>= 32 bytes); returns length. */
size_t json_format_real(double v, char *buf, size_t len);

/* nearbyint(x) for 0 <= x < 2^52 without a call: adding and taking away
 * 2^52 rounds to an integer, to even as nearbyint does in the default
 * rounding mode (json_format_real's short form). */
static inline double
json_round_small(double x)
{
	return x + 0x1p52 - 0x1p52;
}

/* "00" to "99": two decimal digits a step (json_format_int). */
extern const char json_digit_pairs[200];

/* The digits of u at p, which has room for them; returns the end.
 * 32 bits: a times' size, cheaper to divide than 64. */
static inline char *
json_format_u32(char *p, uint32_t u)
{
	static const uint32_t pow10[10] = { 1, 10, 100, 1000, 10000,
	    100000, 1000000, 10000000, 100000000, 1000000000 };
	/* log10 from the bit length (1233 / 4096 ~ log10 2), then one
	 * compare: the count of digits. */
	int t = (32 - __builtin_clz(u | 1)) * 1233 >> 12;
	int n = t + 1 - ((u | 1) < pow10[t]);
	char *q;

	q = p + n;
	while (u >= 100) {
		uint32_t d = u % 100 * 2;

		u /= 100;
		*--q = json_digit_pairs[d + 1];
		*--q = json_digit_pairs[d];
	}
	if (u >= 10) {
		*--q = json_digit_pairs[u * 2 + 1];
		*--q = json_digit_pairs[u * 2];
	} else
		*--q = (char)('0' + u);
	return p + n;
}

/* The digits of u over 32 bits (json_format_int's rare case). */
char *json_format_u64(char *p, unsigned long long u);

/*
 * Writes v in decimal at p (room for 20 bytes) and returns the end.  A
 * response is mostly integers (the simulation's times): the digits are
 * counted by compares and written two a step.
 */
static inline char *
json_format_int(char *p, long long v)
{
	unsigned long long u = v < 0 ? 0ULL - (unsigned long long)v :
	    (unsigned long long)v;

	if (v < 0)
		*p++ = '-';
	if (u <= UINT32_MAX)
		return json_format_u32(p, (uint32_t)u);
	return json_format_u64(p, u);
}

#endif
