/*
 * test_json_fast.c - json_fast_parse against jansson, input for input.
 *
 * The property the dispatcher relies on: whenever the fast parser gives
 * a value, json_loadb with the dispatcher's flags gives the same value
 * (json_equal) with the same key order (the same json_dumps text), and
 * whenever jansson fails, the fast parser declines.  The inputs: every
 * request line of the protocol transcripts and transport seeds, their
 * truncations and one-byte changes, numbers at the edges, and random
 * values from a fixed seed.  The typical requests must take the fast
 * path, so that a parser which always declines fails too.  On the same
 * inputs, json_value_cost against the byte-a-step count it replaced.
 */
#include <stdio.h>
#include <string.h>

#include <jansson.h>

#include "testlib.h"
#include "core/json_fast.h"
#include "core/utf8.h"

#define FLAGS (JSON_REJECT_DUPLICATES | JSON_DECODE_ANY | JSON_ALLOW_NUL)
#define DEPTH 64

struct tally {
	long cases, fast, jansson_ok, skipped;
};

static struct tally tally;

/* json_depth of dispatch.c: a scalar 0, a container 1 + its deepest. */
static size_t
depth_of(const json_t *v)
{
	size_t max = 0, i, d;
	const char *key;
	json_t *child;

	if (json_is_object(v)) {
		json_object_foreach((json_t *)v, key, child)
			if ((d = depth_of(child)) > max)
				max = d;
	} else if (json_is_array(v)) {
		json_array_foreach(v, i, child)
			if ((d = depth_of(child)) > max)
				max = d;
	} else {
		return 0;
	}
	return max + 1;
}

/* json_value_cost as it was written first, a byte a step. */
static size_t
cost_by_bytes(const char *line, size_t len, size_t max)
{
	size_t cost = 1;
	int in_string = 0;

	for (size_t i = 0; i < len && cost <= max; i++) {
		char c = line[i];

		if (in_string) {
			if (c == '\\')
				i++;
			else if (c == '"')
				in_string = 0;
			continue;
		}
		if (c == '"') {
			in_string = 1;
			cost += 1;
		} else if (c == ',') {
			cost += 1;
		} else if (c == '{') {
			cost += 4;
		}
	}
	return cost;
}

static void
fail_case(const char *why, const char *text, size_t len)
{
	ck_abort_msg("%s on %zu bytes: %.*s", why, len,
	    (int)(len < 300 ? len : 300), text);
}

/* One input, as the dispatcher sees it: lines that are not UTF-8 never
 * reach the parsers.  Returns 1 when the fast parser took it.  No Check
 * assert on the way: each marks a point through a pipe, too slow for
 * hundreds of thousands of cases. */
static int
differ(const char *text, size_t len)
{
	json_error_t jerr;
	json_t *fast, *slow;
	char *a, *b;
	int took;

	for (size_t max = 3; max < 40; max += 36)
		if (json_value_cost(text, len, max) !=
		    cost_by_bytes(text, len, max))
			fail_case("cost differs", text, len);
	if (json_value_cost(text, len, (size_t)-1) !=
	    cost_by_bytes(text, len, (size_t)-1))
		fail_case("cost differs", text, len);
	if (utf8_invalid_offset(text, len) != len) {
		tally.skipped++;
		return 0;
	}
	tally.cases++;
	fast = json_fast_parse(text, len, DEPTH);
	slow = json_loadb(text, len, FLAGS, &jerr);
	tally.jansson_ok += slow != NULL;
	took = fast != NULL;
	if (fast != NULL) {
		tally.fast++;
		if (slow == NULL)
			fail_case("fast parser took what jansson refuses",
			    text, len);
		if (!json_equal(fast, slow))
			fail_case("values differ", text, len);
		a = json_dumps(fast, JSON_ENCODE_ANY);
		b = json_dumps(slow, JSON_ENCODE_ANY);
		if (a == NULL || b == NULL || strcmp(a, b) != 0)
			fail_case("key order or text differs", text, len);
		if (depth_of(fast) > DEPTH)
			fail_case("deeper than the limit", text, len);
		free(a);
		free(b);
	}
	json_decref(fast);
	json_decref(slow);
	return took;
}

static int
differ_str(const char *text)
{
	return differ(text, strlen(text));
}

/* ---- a fixed-seed generator ------------------------------------- */

static unsigned long long rng_state;

static unsigned
rng(unsigned n)
{
	rng_state ^= rng_state << 13;
	rng_state ^= rng_state >> 7;
	rng_state ^= rng_state << 17;
	return (unsigned)(rng_state % n);
}

struct text {
	char buf[1 << 16];
	size_t len;
};

static void
put(struct text *t, const char *s)
{
	size_t n = strlen(s);

	if (t->len + n < sizeof t->buf)
		memcpy(t->buf + t->len, s, n), t->len += n;
}

static void
put_byte(struct text *t, char c)
{
	if (t->len + 1 < sizeof t->buf)
		t->buf[t->len++] = c;
}

static const char *const spaces[] = {
	"", "", "", " ", "\t", "\n", "\r\n", "  ", "\f", "\v",
};

static const char *const numbers[] = {
	"0", "-0", "1", "-1", "7", "42", "-0.0", "0.5", "1.0", "1e5", "1E+2",
	"1e-2", "2.5E-3", "123456789012345678", "-123456789012345678",
	"999999999999999999", "1234567890123456789",
	"9223372036854775807", "9223372036854775808",
	"-9223372036854775808", "-9223372036854775809",
	"99999999999999999999999", "1e308", "1.7976931348623157e308",
	"1.7976931348623159e308", "1e309", "-1e309", "1e-400", "4.9e-324",
	"2.2250738585072014e-308", "2.2250738585072011e-308", "0.1",
	"3.141592653589793238462643383279", "00", "01", "-01", "-", "1.",
	".5", "1e", "1e+", "+1", "0x10", "1.5e3.2", "--1", "1ee2", "0e0",
	"-0e-0", "123.456e78",
	"1.00000000000000000000000000000000000000000000000000000000000001",
	"100000000000000000000000000000000000000000000000000000000000000000",
};

static const char *const pieces[] = {
	"a", "b", "Z", "7", " ", "\xc3\xa9", "\xe2\x99\xaf", "\xf0\x9f\x94\x94",
	"\\\"", "\\\\", "\\/", "\\b", "\\f", "\\n", "\\r", "\\t",
	"\\u00e9", "\\u0000", "\\ud83d\\udd14", "\\ud83d", "\\x", "\\",
	"\x01", "\t", "\x7f", "C:\\\\Users\\\\x", "\"",
};

static const char *const keys[] = {
	"id", "method", "params", "a", "b", "", "players", "name",
	"a\\\\b", "\\u0061", "x\\ny",
};

static void
gen_string(struct text *t, int rare)
{
	int n = (int)rng(14);

	put_byte(t, '"');
	while (n-- > 0) {
		/* Most pieces are plain; the last ones (errors, \u) rare. */
		unsigned k = rng(rare ? 27 : 16);
		put(t, pieces[k]);
	}
	put_byte(t, '"');
}

static void gen_value(struct text *t, int depth);

static void
gen_container(struct text *t, int depth, int object)
{
	int n = (int)rng(6);

	put_byte(t, object ? '{' : '[');
	put(t, spaces[rng(8)]);
	for (int i = 0; i < n; i++) {
		if (i > 0)
			put(t, rng(40) ? "," : ",,");
		put(t, spaces[rng(8)]);
		if (object) {
			if (rng(3) == 0)
				gen_string(t, rng(10) == 0);
			else
				put(t, "\""), put(t, keys[rng(rng(8) ? 8 : 11)]),
				    put(t, "\"");
			put(t, spaces[rng(8)]);
			put(t, rng(60) ? ":" : "");
			put(t, spaces[rng(8)]);
		}
		gen_value(t, depth + 1);
		put(t, spaces[rng(rng(30) ? 8 : 10)]);
	}
	put_byte(t, rng(80) ? (object ? '}' : ']') : (object ? ']' : '}'));
}

static void
gen_value(struct text *t, int depth)
{
	static const char *const words[] = {
		"true", "false", "null", "tru", "nul", "True", "falsey",
	};
	unsigned k = depth > 6 ? 3 + rng(7) : rng(10);

	if (k <= 1)
		gen_container(t, depth, 1);
	else if (k == 2)
		gen_container(t, depth, 0);
	else if (k <= 5)
		gen_string(t, rng(8) == 0);
	else if (k <= 7)
		put(t, numbers[rng(rng(3) ? 17 : sizeof numbers /
		    sizeof numbers[0])]);
	else
		put(t, words[rng(rng(10) ? 3 : 7)]);
}

/* ---- the request lines of the transcripts and seeds ----------------- */

struct lines {
	char **text;
	size_t *len;
	size_t n, cap;
};

static struct lines corpus;

static void
add_line(const char *s, size_t n)
{
	if (corpus.n == corpus.cap) {
		corpus.cap = corpus.cap ? 2 * corpus.cap : 256;
		corpus.text = realloc(corpus.text, corpus.cap * sizeof *corpus.text);
		corpus.len = realloc(corpus.len, corpus.cap * sizeof *corpus.len);
		ck_assert(corpus.text != NULL && corpus.len != NULL);
	}
	corpus.text[corpus.n] = malloc(n + 1);
	ck_assert(corpus.text[corpus.n] != NULL);
	memcpy(corpus.text[corpus.n], s, n);
	corpus.text[corpus.n][n] = '\0';
	corpus.len[corpus.n++] = n;
}

/* Each line of a file; with prefix, only those lines, without it. */
static void
add_lines(const unsigned char *buf, size_t len, const char *prefix)
{
	size_t plen = prefix ? strlen(prefix) : 0;
	const char *s = (const char *)buf, *end = s + len;

	while (s < end) {
		const char *nl = memchr(s, '\n', (size_t)(end - s));
		size_t n = nl ? (size_t)(nl - s) : (size_t)(end - s);

		if (n >= plen && memcmp(s, prefix ? prefix : "", plen) == 0)
			add_line(s + plen, n - plen);
		s += n + 1;
	}
}

static void
add_transcript(const char *name, unsigned char *buf, size_t len, void *arg)
{
	(void)arg;
	if (strstr(name, ".transcript") != NULL)
		add_lines(buf, len, "> ");
}

static void
add_seed(const char *name, unsigned char *buf, size_t len, void *arg)
{
	(void)name;
	(void)arg;
	add_lines(buf, len, NULL);
}

static void
load_corpus(void)
{
	test_each_file("../protocol/examples", add_transcript, NULL);
	test_each_file("fuzz/seeds/transport", add_seed, NULL);
	ck_assert_uint_gt(corpus.n, 250);
}

static void
free_corpus(void)
{
	for (size_t i = 0; i < corpus.n; i++)
		free(corpus.text[i]);
	free(corpus.text);
	free(corpus.len);
	memset(&corpus, 0, sizeof corpus);
}

/* Under valgrind every case costs fifty times as much: a sample. */
static size_t
stride(void)
{
	const char *vg = getenv("VB_VALGRIND");

	return vg != NULL && strcmp(vg, "1") == 0 ? 29 : 1;
}

/* ---- the tests ------------------------------------------------------- */

/* The requests a client sends every time take the fast path. */
START_TEST(typical_requests_take_the_fast_path)
{
	static const char *const lines[] = {
		"{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\"}",
		"{\"jsonrpc\": \"2.0\", \"id\": \"a-7\", \"method\": \"upload\", "
		    "\"params\": {\"path\": \"C:\\\\Users\\\\ringer\\\\hymn.mid\"}}",
		"{\"jsonrpc\":\"2.0\",\"id\":3,\"method\":\"arrange\",\"params\":"
		    "{\"score_id\":\"s1\",\"players\":[{\"name\":\"R1\","
		    "\"experience\":\"experienced\"},{\"name\":\"R2\","
		    "\"experience\":\"beginner\"}],\"strategies\":"
		    "[\"balanced\",\"min_transitions\"],\"config\":"
		    "{\"max_bells\":3,\"weight\":0.25},\"include_simulation\":"
		    "false,\"previous\":null}}\r",
		"[{\"jsonrpc\":\"2.0\",\"method\":\"ping\"},{\"jsonrpc\":\"2.0\","
		    "\"id\":-4,\"method\":\"ping\",\"params\":{\"x\":[1e3,-0.5,"
		    "\"tab\\there\",\"q\\\"\\/\"]}}]",
	};
	size_t taken = 0;

	for (size_t i = 0; i < sizeof lines / sizeof lines[0]; i++)
		if (!differ_str(lines[i]))
			ck_abort_msg("declined: %s", lines[i]);
	load_corpus();
	/* Nearly every request line of the transcripts too: those that
	 * are declined are errors, \u escapes and duplicates. */
	for (size_t i = 0; i < corpus.n; i++)
		taken += differ(corpus.text[i], corpus.len[i]);
	ck_assert_msg(taken * 10 >= corpus.n * 9, "%zu of %zu taken", taken,
	    corpus.n);
	free_corpus();
}
END_TEST

/* Every prefix and every one-byte change of the real request lines. */
START_TEST(truncations_and_mutations)
{
	static const char swaps[] = "\"\\{}[],:0-e.+ \t\n\r\x01u/aE9";
	size_t step = stride();

	load_corpus();
	rng_state = 0x9e3779b97f4a7c15ULL;
	for (size_t k = 0; k < corpus.n; k++) {
		char *s = corpus.text[k];
		size_t n = corpus.len[k];
		/* Every position of the usual lines; a sample of the long
		 * ones, and a few of the uploads of up to a megabyte. */
		size_t by = n > 3000 ? n / (step > 1 ? 1 : 8) :
		    n > 600 ? n / 300 * step : step;

		for (size_t i = 0; i < n; i += by) {
			char was = s[i];

			differ(s, i);
			s[i] = swaps[rng(sizeof swaps - 1)];
			differ(s, n);
			s[i] = (char)rng(256);
			differ(s, n);
			s[i] = was;
			/* The byte removed. */
			memmove(s + i, s + i + 1, n - i - 1);
			differ(s, n - 1);
			memmove(s + i + 1, s + i, n - i - 1);
			s[i] = was;
		}
	}
	free_corpus();
	ck_assert_uint_gt(tally.fast, tally.cases / 20);
}
END_TEST

/* Numbers at the edges of int64 and double, and the malformed ones,
 * alone, in an array and as a member. */
START_TEST(number_edges)
{
	char buf[256];

	for (size_t i = 0; i < sizeof numbers / sizeof numbers[0]; i++) {
		const char *n = numbers[i];

		differ_str(n);
		snprintf(buf, sizeof buf, "[%s]", n);
		differ_str(buf);
		snprintf(buf, sizeof buf, " {\"v\" : %s } ", n);
		differ_str(buf);
		snprintf(buf, sizeof buf, "[%s,%s]", n, n);
		differ_str(buf);
	}
	/* The edges must be taken where jansson takes them exactly. */
	ck_assert(differ_str("9223372036854775807"));
	ck_assert(differ_str("-9223372036854775808"));
	ck_assert(differ_str("1.7976931348623157e308"));
	ck_assert(!differ_str("9223372036854775808"));
	ck_assert(!differ_str("1e309"));
	ck_assert(!differ_str("01"));
}
END_TEST

/* Nesting around the limit, of arrays and of objects. */
START_TEST(deep_nesting)
{
	struct text *t = malloc(sizeof *t);

	ck_assert(t != NULL);
	for (int depth = 1; depth <= 70; depth++) {
		for (int object = 0; object < 2; object++) {
			t->len = 0;
			for (int i = 0; i < depth; i++)
				put(t, object ? "{\"k\":" : "[");
			put(t, "1");
			for (int i = 0; i < depth; i++)
				put(t, object ? "}" : "]");
			if (differ(t->buf, t->len) != (depth <= DEPTH))
				ck_abort_msg("depth %d taken wrongly", depth);
		}
	}
	/* A smaller limit is the fast parser's bound. */
	ck_assert_ptr_null(json_fast_parse("[[[1]]]", 7, 2));
	json_t *v = json_fast_parse("[[[1]]]", 7, 3);
	ck_assert_ptr_nonnull(v);
	json_decref(v);
	free(t);
}
END_TEST

/* Random values: nested, with escapes, edge numbers, duplicate keys,
 * odd whitespace and the odd syntax error. */
START_TEST(random_values)
{
	struct text *t = malloc(sizeof *t);
	long n = 400000 / (long)stride();

	ck_assert(t != NULL);
	rng_state = 0x2545f4914f6cdd1dULL;
	for (long i = 0; i < n; i++) {
		t->len = 0;
		put(t, spaces[rng(10)]);
		gen_value(t, rng(4) == 0 ? 0 : 1);
		put(t, spaces[rng(10)]);
		differ(t->buf, t->len);
	}
	free(t);
	/* Most are valid and taken; a fair share goes to jansson. */
	ck_assert_uint_gt(tally.fast, tally.cases / 4);
	ck_assert_uint_lt(tally.fast, tally.jansson_ok);
}
END_TEST

static Suite *
json_fast_suite(void)
{
	Suite *s = suite_create("json_fast");
	TCase *tc = tcase_create("against jansson");

	tcase_set_timeout(tc, 300);
	tcase_add_test(tc, typical_requests_take_the_fast_path);
	tcase_add_test(tc, truncations_and_mutations);
	tcase_add_test(tc, number_edges);
	tcase_add_test(tc, deep_nesting);
	tcase_add_test(tc, random_values);
	suite_add_tcase(s, tc);
	return s;
}

VB_TEST_MAIN(json_fast_suite)
