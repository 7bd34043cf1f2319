/*
 * call.c - `vibebellsd call METHOD [PARAMS_JSON]`: one raw JSON-RPC call,
 * its result on stdout, for scripts that do not want to manage a pipe.
 */
#include <stdlib.h>
#include <string.h>

#include "cli.h"

static int
call_run(struct daemon *d, int argc, char **argv)
{
	json_t *params = NULL, *result;
	json_error_t jerr;

	if (argc < 2)
		return cli_usage_error("call", "missing METHOD");
	if (argc > 3)
		return cli_usage_error("call", "unexpected argument '%s'", argv[3]);
	if (argc == 3) {
		params = json_loads(argv[2], 0, &jerr);
		if (params == NULL)
			return cli_usage_error("call",
			    "PARAMS_JSON is not JSON: %s", jerr.text);
		if (!json_is_object(params)) {
			json_decref(params);
			return cli_usage_error("call",
			    "PARAMS_JSON must be an object");
		}
	}
	result = cli_call(d, argv[1], params);
	if (result == NULL)
		return CLI_REFUSED;
	char *text = json_dumps(result, JSON_COMPACT | JSON_ENCODE_ANY);
	if (text != NULL)
		puts(text);
	free(text);
	json_decref(result);
	return CLI_OK;
}

const struct cli_command cli_call_command = {
	"call", "call METHOD [PARAMS_JSON]", call_run,
};
