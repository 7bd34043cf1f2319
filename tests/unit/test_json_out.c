/* test_json_out.c - the JSON writer: structure, escapes, Python reals. */
#include <math.h>
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

static Suite *
json_out_suite(void)
{
	Suite *su = suite_create("json_out");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, reals_as_python_repr);
	tcase_add_test(tc, structure_and_commas);
	tcase_add_test(tc, jansson_values_round_trip);
	tcase_add_test(tc, rewind_discards);
	tcase_add_test(tc, large_output);
	suite_add_tcase(su, tc);
	return su;
}

VB_TEST_MAIN(json_out_suite)
