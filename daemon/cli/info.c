/* info.c - `vibebellsd info SONG`: the upload summary of a song. */
#include <string.h>

#include "choir_report.h"
#include "cli.h"
#include "song_options.h"

static int
info_run(struct daemon *d, int argc, char **argv)
{
	json_t *params = json_object();
	const char *song = NULL;
	int as_json = 0;

	for (int i = 1; i < argc; i++) {
		int r = song_option("info", argc, argv, &i, params);
		if (r < 0)
			goto usage;
		if (r > 0)
			continue;
		if (strcmp(argv[i], "--json") == 0)
			as_json = 1;
		else if (argv[i][0] == '-' && argv[i][1] != '\0') {
			cli_usage_error("info", "unknown option '%s'", argv[i]);
			goto usage;
		} else if (song == NULL)
			song = argv[i];
		else {
			cli_usage_error("info", "unexpected argument '%s'", argv[i]);
			goto usage;
		}
	}
	if (song == NULL) {
		cli_usage_error("info", "missing SONG");
		goto usage;
	}
	json_object_set_new(params, "path", json_string(song));
	/* For people: the range, meter and octave too (--json stays the
	 * upload's own answer). */
	if (!as_json)
		json_object_set_new(params, "include_choir", json_true());
	json_t *r = cli_call(d, "upload", params);
	if (r == NULL)
		return CLI_REFUSED;
	/* The score id means nothing outside this process. */
	json_object_del(r, "score_id");
	if (as_json)
		cli_print_json(r);
	else
	{
		song_summary_print(r);
		song_choir_print(r);
	}
	json_decref(r);
	return CLI_OK;
usage:
	json_decref(params);
	return CLI_USAGE;
}

const struct cli_command cli_info_command = {
	"info", "info SONG [--format {formats}] [--include-percussion] [--json]",
	info_run,
};
