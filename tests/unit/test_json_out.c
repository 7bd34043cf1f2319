/* test_json_out.c - the JSON writer: structure, escapes, Python reals. */
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "testlib.h"
#include "core/json_out.h"

static const char *
real(double v)
{
	static char buf[40];

	json_format_real(v, buf, sizeof buf);
	return buf;
}

START_TEST(reals_as_python_repr)
{
	/* Expected strings are what CPython 3.11 prints for repr(v). */
	ck_assert_str_eq(real(1.0), "1.0");
	ck_assert_str_eq(real(0.1), "0.1");
	ck_assert_str_eq(real(-2.5), "-2.5");
	ck_assert_str_eq(real(100.0), "100.0");
	ck_assert_str_eq(real(66.67), "66.67");
	ck_assert_str_eq(real(1.0 / 3), "0.3333333333333333");
	ck_assert_str_eq(real(0.0001), "0.0001");
	ck_assert_str_eq(real(0.00001), "1e-05");
	ck_assert_str_eq(real(1.5e-7), "1.5e-07");
	ck_assert_str_eq(real(1e15), "1000000000000000.0");
	ck_assert_str_eq(real(1e16), "1e+16");
	ck_assert_str_eq(real(1.25e22), "1.25e+22");
	ck_assert_str_eq(real(123456.789), "123456.789");
	ck_assert_str_eq(real(0.0), "0.0");
	ck_assert_str_eq(real(-0.0), "-0.0");
	ck_assert_str_eq(real(0.05), "0.05");
	ck_assert_str_eq(real(5e-324), "5e-324");
	ck_assert_str_eq(real(1.7976931348623157e308),
	    "1.7976931348623157e+308");
	ck_assert_str_eq(real(NAN), "null");
	ck_assert_str_eq(real(INFINITY), "null");
}
END_TEST

/* Thousands of values (times, rounded scores, random doubles over many
 * magnitudes) against what CPython printed for them: the short path for
 * values with few decimals and the general one must both be repr(). */
START_TEST(reals_match_cpython_table)
{
	char path[512], hex[64], want[64], line[160];
	FILE *f;
	int n = 0;

	snprintf(path, sizeof path, "%s/data/reals/repr.txt", test_dir());
	f = fopen(path, "r");
	ck_assert_ptr_nonnull(f);
	while (fgets(line, sizeof line, f) != NULL) {
		if (line[0] == '#')
			continue;
		ck_assert_int_eq(sscanf(line, "%63s %63s", hex, want), 2);
		ck_assert_msg(strcmp(real(strtod(hex, NULL)), want) == 0,
		    "%s: got %s, CPython %s", hex, real(strtod(hex, NULL)),
		    want);
		n++;
	}
	fclose(f);
	ck_assert_int_gt(n, 4000);
}
END_TEST

START_TEST(structure_and_commas)
{
	struct json_out o;
	char *text;

	json_out_init(&o);
	json_out_begin_object(&o);
	json_out_key(&o, "a");
	json_out_begin_array(&o);
	json_out_int(&o, 1);
	json_out_int(&o, -42);
	json_out_begin_object(&o);
	json_out_end_object(&o);
	json_out_begin_array(&o);
	json_out_end_array(&o);
	json_out_null(&o);
	json_out_end_array(&o);
	json_out_key(&o, "b");
	json_out_bool(&o, 0);
	json_out_key(&o, "c\n");
	json_out_string(&o, "q\"\\\x01\xe2\x99\xaf");
	json_out_end_object(&o);
	text = json_out_steal(&o, NULL);
	ck_assert_str_eq(text,
	    "{\"a\":[1,-42,{},[],null],\"b\":false,"
	    "\"c\\n\":\"q\\\"\\\\\\u0001\xe2\x99\xaf\"}");
	free(text);
}
END_TEST

START_TEST(jansson_values_round_trip)
{
	const char *in = "{\"z\":1,\"a\":[true,\"x\",2.5,{\"k\":null}],"
	    "\"m\":-9223372036854775807}";
	json_t *v = json_loads(in, 0, NULL), *back;
	struct json_out o;
	char *text;

	json_out_init(&o);
	json_out_value(&o, v);
	text = json_out_steal(&o, NULL);
	/* Insertion order is kept, so the text is the input itself. */
	ck_assert_str_eq(text, in);
	back = json_loads(text, 0, NULL);
	ck_assert(json_equal(v, back));
	json_decref(back);
	json_decref(v);
	free(text);
}
END_TEST

START_TEST(rewind_discards)
{
	struct json_out o;
	struct json_out_mark m;
	char *text;

	json_out_init(&o);
	json_out_begin_array(&o);
	json_out_int(&o, 1);
	m = json_out_mark(&o);
	json_out_begin_object(&o);
	json_out_key(&o, "half");
	json_out_rewind(&o, m);
	json_out_int(&o, 2);
	json_out_end_array(&o);
	text = json_out_steal(&o, NULL);
	ck_assert_str_eq(text, "[1,2]");
	free(text);
}
END_TEST

START_TEST(large_output)
{
	struct json_out o;
	size_t len;
	char *text;
	json_t *v;

	json_out_init(&o);
	json_out_begin_array(&o);
	for (int i = 0; i < 100000; i++)
		json_out_real(&o, i / 8.0);
	json_out_end_array(&o);
	text = json_out_steal(&o, &len);
	ck_assert_uint_eq(strlen(text), len);
	v = json_loadb(text, len, 0, NULL);
	ck_assert_uint_eq(json_array_size(v), 100000);
	ck_assert(json_real_value(json_array_get(v, 99999)) == 99999 / 8.0);
	json_decref(v);
	free(text);
}
END_TEST

/* A sink that keeps what it is sent, or refuses after a budget. */
struct collect {
	char *text;
	size_t len, calls, refuse_after;
};

static int
collect(void *ctx, const char *text, size_t n)
{
	struct collect *c = ctx;

	if (c->refuse_after != 0 && c->calls >= c->refuse_after)
		return -1;
	c->text = realloc(c->text, c->len + n + 1);
	ck_assert_ptr_nonnull(c->text);
	memcpy(c->text + c->len, text, n);
	c->len += n;
	c->text[c->len] = '\0';
	c->calls++;
	return 0;
}

/*
 * Writes [[0, 1, ... n-1], C]: C is what was written from element first
 * to element last, put again by json_out_capture_put (the text as
 * written: ",10,11" when first is 10).  first < 0: no capture.
 */
static void
write_counted(struct json_out *o, int n, int first, int last)
{
	json_out_begin_array(o);
	json_out_begin_array(o);
	for (int i = 0; i < n; i++) {
		if (i == first)
			json_out_capture_begin(o);
		json_out_int(o, i);
		if (i == last)
			ck_assert_int_eq(json_out_capture_end(o), 0);
	}
	json_out_end_array(o);
	if (first >= 0)
		json_out_capture_put(o);
	json_out_end_array(o);
}

/* What write_counted should write, by printf. */
static char *
counted_text(int n, int first, int last)
{
	size_t cap = (size_t)n * 12 + 16, len = 0;
	char *t = malloc(cap);

	ck_assert_ptr_nonnull(t);
	len += (size_t)snprintf(t + len, cap - len, "[[");
	for (int i = 0; i < n; i++)
		len += (size_t)snprintf(t + len, cap - len, "%s%d",
		    i ? "," : "", i);
	len += (size_t)snprintf(t + len, cap - len, "]");
	if (first >= 0) {
		len += (size_t)snprintf(t + len, cap - len, ",");
		for (int i = first; i <= last; i++)
			len += (size_t)snprintf(t + len, cap - len, "%s%d",
			    i ? "," : "", i);
	}
	snprintf(t + len, cap - len, "]");
	return t;
}

/* Streamed through a collecting sink: the whole text as the sink got it
 * (new), the writer's buffer never over two pieces. */
static char *
streamed_counted(int n, int first, int last, size_t *calls)
{
	struct collect c = { 0 };
	struct json_out o;

	json_out_init(&o);
	json_out_set_sink(&o, collect, &c);
	json_out_allow_stream(&o, 1);
	json_out_stream(&o);
	write_counted(&o, n, first, last);
	ck_assert_int_eq(o.failed, 0);
	ck_assert_uint_le(o.cap, 2 * JSON_OUT_CHUNK);
	collect(&c, o.buf, o.len);      /* the rest, as serve sends it */
	json_out_free(&o);
	*calls = c.calls;
	return c.text;
}

START_TEST(streams_only_when_allowed)
{
	struct collect c = { 0 };
	struct json_out o;

	json_out_init(&o);
	json_out_set_sink(&o, collect, &c);
	json_out_stream(&o);            /* not allowed: nothing happens */
	json_out_int(&o, 7);
	ck_assert_uint_eq(c.calls, 0);
	json_out_free(&o);
}
END_TEST

/* The capture put again, streamed or not, wherever the stream's pieces
 * fall: still in the buffer, partly or wholly sent, short or long. */
START_TEST(capture_put_streamed_or_not)
{
	static const int cases[][3] = {
		{ 100, 10, 50 }, { 100, 0, 99 }, { 20000, 0, 0 },
		{ 20000, 1, 2 }, { 20000, 5000, 8000 }, { 20000, 9000, 19999 },
		{ 20000, 19000, 19999 }, { 20000, 0, 19999 },
		{ 100000, 10, 50000 }, { 100000, -1, -1 },
	};

	for (size_t k = 0; k < sizeof cases / sizeof cases[0]; k++) {
		int n = cases[k][0], first = cases[k][1], last = cases[k][2];
		char *want = counted_text(n, first, last), *whole, *streamed;
		struct json_out o;
		size_t len, calls;

		json_out_init(&o);
		write_counted(&o, n, first, last);
		whole = json_out_steal(&o, &len);
		ck_assert_str_eq(whole, want);
		ck_assert_uint_eq(len, strlen(want));
		streamed = streamed_counted(n, first, last, &calls);
		ck_assert_str_eq(streamed, want);
		if (n >= 20000)
			ck_assert_uint_gt(calls, 1);  /* it went out in pieces */
		free(want);
		free(whole);
		free(streamed);
	}
}
END_TEST

START_TEST(rewind_after_streaming_ends_the_line)
{
	struct collect c = { 0 };
	struct json_out o;
	struct json_out_mark m;

	json_out_init(&o);
	json_out_set_sink(&o, collect, &c);
	json_out_allow_stream(&o, 1);
	m = json_out_mark(&o);
	json_out_stream(&o);
	write_counted(&o, 100000, -1, -1);
	ck_assert_uint_gt(c.len, 0);
	json_out_rewind(&o, m);
	/* What went out is ended by a LF; the writer starts afresh. */
	ck_assert_int_eq(c.text[c.len - 1], '\n');
	ck_assert_uint_eq(o.len, 0);
	ck_assert_int_eq(o.streaming, 0);
	json_out_int(&o, 1);
	ck_assert_str_eq(o.buf, "1");
	json_out_free(&o);
	free(c.text);
}
END_TEST

START_TEST(broken_sink_fails)
{
	struct collect c = { .refuse_after = 2 };
	struct json_out o;

	json_out_init(&o);
	json_out_set_sink(&o, collect, &c);
	json_out_allow_stream(&o, 1);
	json_out_stream(&o);
	write_counted(&o, 100000, -1, -1);
	ck_assert_int_eq(o.failed, 1);
	ck_assert_uint_eq(c.calls, 2);
	json_out_free(&o);
	free(c.text);
}
END_TEST

/* json_format_int against printf: every digit count, both signs, the
 * ends of long long, and a walk of pseudo-random values. */
static void
int_as_printf(long long v)
{
	char want[32], got[32], *end;

	snprintf(want, sizeof want, "%lld", v);
	end = json_format_int(got, v);
	*end = '\0';
	ck_assert_str_eq(got, want);
}

START_TEST(ints_as_printf)
{
	unsigned long long x = 88172645463325252ULL;
	long long p = 1;

	int_as_printf(0);
	int_as_printf(LLONG_MAX);
	int_as_printf(LLONG_MIN);
	/* p = 10^d; not multiplied past 10^18 (signed overflow). */
	for (int d = 0; d < 19; d++, p = d < 19 ? p * 10 : p)
		for (long long k = -1; k <= 1; k++) {
			int_as_printf(p + k);
			int_as_printf(-(p + k));
		}
	for (int i = 0; i < 200000; i++) {
		x ^= x << 13;
		x ^= x >> 7;
		x ^= x << 17;
		int_as_printf((long long)(x >> (i % 64)));
		int_as_printf(-(long long)(x >> (i % 63 + 1)));
	}
}
END_TEST

/* json_round_small is nearbyint below 2^52: halves, their neighbours,
 * the scaled values the short form rounds, and random ones. */
START_TEST(round_small_is_nearbyint)
{
	static const double pow10[] = { 1, 10, 100, 1e3, 1e4, 1e5, 1e6 };
	unsigned long long x = 0x9E3779B97F4A7C15ULL;

	for (double h = 0.5; h < 0x1p52; h = h * 2 + 0.5) {
		double v[] = { h, nextafter(h, 0), nextafter(h, 1e300) };

		for (int j = 0; j < 3; j++)
			ck_assert(json_round_small(v[j]) == nearbyint(v[j]));
	}
	for (int i = 0; i < 1000000; i++) {
		double v;

		x ^= x << 13;
		x ^= x >> 7;
		x ^= x << 17;
		v = (double)(x % 1000000000000ULL) / 1e6 * pow10[i % 7];
		if (i % 4 == 0)
			v = (double)(x >> 12) / 2.0;        /* halves */
		if (v >= 0x1p52)
			continue;
		ck_assert_msg(json_round_small(v) == nearbyint(v), "%a", v);
	}
}
END_TEST

static Suite *
json_out_suite(void)
{
	Suite *su = suite_create("json_out");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, reals_as_python_repr);
	tcase_add_test(tc, ints_as_printf);
	tcase_add_test(tc, round_small_is_nearbyint);
	tcase_add_test(tc, reals_match_cpython_table);
	tcase_add_test(tc, structure_and_commas);
	tcase_add_test(tc, jansson_values_round_trip);
	tcase_add_test(tc, rewind_discards);
	tcase_add_test(tc, large_output);
	tcase_add_test(tc, streams_only_when_allowed);
	tcase_add_test(tc, capture_put_streamed_or_not);
	tcase_add_test(tc, rewind_after_streaming_ends_the_line);
	tcase_add_test(tc, broken_sink_fails);
	suite_add_tcase(su, tc);
	return su;
}

VB_TEST_MAIN(json_out_suite)
