/* test_dispatch.c - JSON-RPC validation and routing, without a process. */
#include <string.h>

#include "testlib.h"
#include "core/daemon.h"
#include "transport/dispatch.h"

#define d test_daemon    /* the shared fixture (testlib.h) */

/* The response parsed back (new reference), NULL when none was written. */
static json_t *
call(const char *line)
{
	struct json_out o;
	json_t *resp = NULL;

	json_out_init(&o);
	if (dispatch_line(&d, line, strlen(line), &o)) {
		resp = json_loadb(o.buf, o.len, 0, NULL);
		ck_assert_ptr_nonnull(resp);
	} else {
		ck_assert_uint_eq(o.len, 0);
	}
	json_out_free(&o);
	return resp;
}

static int
error_code(json_t *resp)
{
	return (int)json_integer_value(json_object_get(
	    json_object_get(resp, "error"), "code"));
}

static const char *
data_code(json_t *resp)
{
	return json_string_value(json_object_get(json_object_get(
	    json_object_get(resp, "error"), "data"), "code"));
}

START_TEST(ping_answers_with_same_id)
{
	json_t *r = call("{\"jsonrpc\":\"2.0\",\"id\":\"q\",\"method\":\"ping\"}");

	ck_assert_ptr_nonnull(r);
	ck_assert_str_eq(json_string_value(json_object_get(r, "id")), "q");
	ck_assert_str_eq(json_string_value(json_object_get(
	    json_object_get(r, "result"), "status")), "healthy");
	ck_assert_ptr_null(json_object_get(r, "error"));
	json_decref(r);
}
END_TEST

START_TEST(notification_gets_nothing)
{
	ck_assert_ptr_null(call("{\"jsonrpc\":\"2.0\",\"method\":\"ping\"}"));
	ck_assert_ptr_null(call("{\"jsonrpc\":\"2.0\",\"method\":\"nope\"}"));
	ck_assert_ptr_null(call("[{\"jsonrpc\":\"2.0\",\"method\":\"ping\"}]"));
}
END_TEST

START_TEST(error_classes)
{
	static const struct {
		const char *line;
		int code;
		const char *data;
	} cases[] = {
		{ "{", -32700, "ERR_PARSE" },
		{ "\"\xff\"", -32700, "ERR_PARSE" },
		{ "{\"a\":1,\"a\":2}", -32700, "ERR_PARSE" },
		{ "[]", -32600, "ERR_INVALID_REQUEST" },
		{ "3", -32600, "ERR_INVALID_REQUEST" },
		{ "{\"id\":1,\"method\":\"ping\"}", -32600, "ERR_INVALID_REQUEST" },
		{ "{\"jsonrpc\":\"2.0\",\"id\":1}", -32600, "ERR_INVALID_REQUEST" },
		{ "{\"jsonrpc\":\"2.0\",\"id\":[1],\"method\":\"ping\"}", -32600, "ERR_INVALID_REQUEST" },
		{ "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"x\"}", -32601, "ERR_METHOD_NOT_FOUND" },
		{ "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\",\"params\":[]}", -32602, "ERR_INVALID_PARAMS" },
	};

	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		json_t *r = call(cases[i].line);
		ck_assert_msg(r != NULL, "case %zu: no response", i);
		ck_assert_int_eq(error_code(r), cases[i].code);
		ck_assert_str_eq(data_code(r), cases[i].data);
		json_decref(r);
	}
}
END_TEST

START_TEST(batch_keeps_order_and_drops_notifications)
{
	json_t *r = call("[{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\"},"
	    "{\"jsonrpc\":\"2.0\",\"method\":\"ping\"},"
	    "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"x\"}]");

	ck_assert(json_is_array(r));
	ck_assert_uint_eq(json_array_size(r), 2);
	ck_assert_int_eq(json_integer_value(json_object_get(json_array_get(r, 0), "id")), 1);
	ck_assert_int_eq(error_code(json_array_get(r, 1)), -32601);
	json_decref(r);
}
END_TEST

START_TEST(shutdown_sets_flag)
{
	json_t *r = call("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"shutdown\"}");

	ck_assert_ptr_nonnull(json_object_get(r, "result"));
	ck_assert_int_eq(d.shutdown_requested, 1);
	json_decref(r);
}
END_TEST

START_TEST(depth_limit)
{
	char buf[300];

	memset(buf, '[', 100);
	memset(buf + 100, ']', 100);
	buf[200] = '\0';
	json_t *r = call(buf);
	ck_assert_str_eq(data_code(r), "ERR_TOO_DEEP");
	json_decref(r);
}
END_TEST

/* "[{},{},...]": k empty objects cost 5 k (json_value_cost). */
static json_t *
call_objects(int k)
{
	char buf[256] = "[";

	for (int i = 0; i < k; i++)
		strcat(buf, i ? ",{}" : "{}");
	strcat(buf, "]");
	return call(buf);
}

/* The limits at their edges: the count of values (short lines skip it
 * only where it cannot fail) and the depth (the fast parser's bound). */
START_TEST(limits_at_the_edge)
{
	json_t *r;

	d.limits.max_json_values = 41;
	r = call_objects(8);
	ck_assert(json_is_array(r));
	json_decref(r);
	r = call_objects(9);
	ck_assert_str_eq(data_code(r), "ERR_TOO_MANY_VALUES");
	json_decref(r);
	d.limits.max_json_values = 4000000;
	d.limits.max_json_depth = 3;
	r = call("[[[1]]]");
	ck_assert(json_is_array(r));
	json_decref(r);
	r = call("[[[[1]]]]");
	ck_assert_str_eq(data_code(r), "ERR_TOO_DEEP");
	json_decref(r);
}
END_TEST

/* A NUL comes only through jansson (\u0000), and is refused there. */
START_TEST(nul_in_params)
{
	json_t *r = call("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\","
	    "\"params\":{\"a\":[\"x\",\"y\\u0000\"]}}");

	ck_assert_str_eq(data_code(r), "ERR_INVALID_PARAMS");
	ck_assert_str_eq(json_string_value(json_object_get(json_object_get(
	    json_object_get(r, "error"), "data"), "field")), "a[1]");
	json_decref(r);
}
END_TEST

static Suite *
dispatch_suite(void)
{
	Suite *s = suite_create("dispatch");
	TCase *tc = tcase_create("core");

	tcase_add_checked_fixture(tc, test_daemon_setup, test_daemon_teardown);
	tcase_add_test(tc, ping_answers_with_same_id);
	tcase_add_test(tc, notification_gets_nothing);
	tcase_add_test(tc, error_classes);
	tcase_add_test(tc, batch_keeps_order_and_drops_notifications);
	tcase_add_test(tc, shutdown_sets_flag);
	tcase_add_test(tc, depth_limit);
	tcase_add_test(tc, limits_at_the_edge);
	tcase_add_test(tc, nul_in_params);
	suite_add_tcase(s, tc);
	return s;
}

VB_TEST_MAIN(dispatch_suite)
