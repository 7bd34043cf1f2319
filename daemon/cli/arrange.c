/*
 * arrange.c - `vibebellsd arrange SONG --player NAME:LEVEL ...`: upload,
 * arrange and (with --csv, --pdf, --svg, --png) export through the
 * protocol's own handlers, then a report for people, or the arrange
 * result as JSON.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "choir_report.h"
#include "cli.h"
#include "director_options.h"
#include "song_options.h"
#include "text_table.h"
#include "../methods/vocabulary.h"

struct arrange_args {
	const char *song;
	const char *csv_path;
	const char *sheet_path[3];  /* --pdf, --svg, --png */
	const char *page;           /* --page letter|a4 */
	const char *document;       /* --document sheets|chart|bells_used */
	long dpi;                   /* --dpi, 0: the daemon's default */
	int overwrite;
	int as_json;
	json_t *players;     /* owned */
	json_t *strategies;  /* owned, NULL = all */
	json_t *upload;      /* owned: upload params */
	struct director_args director;
	json_t *choir;       /* owned: choir-mode arrange params */
};

static int
parse_player(const char *arg, json_t *players)
{
	const char *colon = strrchr(arg, ':');
	word_at_fn levels = vocabulary_words(VOCAB_LEVELS);
	char names[128];
	size_t k = 0;

	if (colon == NULL || colon == arg || colon[1] == '\0')
		return cli_usage_error("arrange",
		    "--player '%s': expected NAME:LEVEL (LEVEL %s)", arg,
		    words_join(names, sizeof names, levels, ", ", " or ", ""));
	const char *level = colon + 1;
	while (levels(k) != NULL && strcmp(levels(k), level) != 0)
		k++;
	if (levels(k) == NULL)
		return cli_usage_error("arrange",
		    "--player '%s': unknown level '%s' (%s)", arg, level,
		    words_join(names, sizeof names, levels, ", ", ", ", ""));
	json_array_append_new(players, json_pack("{s:s%, s:s}",
	    "name", arg, (size_t)(colon - arg), "experience", level));
	return 0;
}

static int
load_players_file(const char *path, json_t *players)
{
	json_error_t jerr;
	json_t *doc = json_load_file(path, 0, &jerr), *list;
	size_t i;
	json_t *p;

	if (doc == NULL)
		return cli_usage_error("arrange", "--players '%s': %s (line %d)",
		    path, jerr.text, jerr.line);
	list = json_is_object(doc) ? json_object_get(doc, "players") : doc;
	if (!json_is_array(list)) {
		json_decref(doc);
		return cli_usage_error("arrange",
		    "--players '%s': expected a JSON array of {\"name\",\"experience\"}", path);
	}
	json_array_foreach(list, i, p)
		json_array_append(players, p);
	json_decref(doc);
	return 0;
}

static int
parse_args(int argc, char **argv, struct arrange_args *a)
{
	for (int i = 1; i < argc; i++) {
		const char *arg = argv[i];
		int r = song_option("arrange", argc, argv, &i, a->upload);
		if (r == 0)
			r = choir_option("arrange", argc, argv, &i, a->choir);
		if (r < 0)
			return CLI_USAGE;
		if (r > 0)
			continue;
		if ((r = director_option(argc, argv, &i, &a->director)) < 0)
			return CLI_USAGE;
		if (r > 0)
			continue;
		int takes_value = strcmp(arg, "--player") == 0 ||
		    strcmp(arg, "--players") == 0 || strcmp(arg, "--strategy") == 0 ||
		    strcmp(arg, "--csv") == 0 || strcmp(arg, "--pdf") == 0 ||
		    strcmp(arg, "--svg") == 0 || strcmp(arg, "--png") == 0 ||
		    strcmp(arg, "--page") == 0 || strcmp(arg, "--document") == 0 ||
		    strcmp(arg, "--dpi") == 0;
		if (takes_value && i + 1 >= argc)
			return cli_usage_error("arrange", "%s needs a value", arg);
		if (strcmp(arg, "--player") == 0) {
			if (parse_player(argv[++i], a->players) != 0)
				return CLI_USAGE;
		} else if (strcmp(arg, "--players") == 0) {
			if (load_players_file(argv[++i], a->players) != 0)
				return CLI_USAGE;
		} else if (strcmp(arg, "--strategy") == 0) {
			if (a->strategies == NULL)
				a->strategies = json_array();
			json_array_append_new(a->strategies, json_string(argv[++i]));
		} else if (strcmp(arg, "--csv") == 0) {
			a->csv_path = argv[++i];
		} else if (strcmp(arg, "--pdf") == 0) {
			a->sheet_path[0] = argv[++i];
		} else if (strcmp(arg, "--svg") == 0) {
			a->sheet_path[1] = argv[++i];
		} else if (strcmp(arg, "--png") == 0) {
			a->sheet_path[2] = argv[++i];
		} else if (strcmp(arg, "--page") == 0) {
			a->page = argv[++i];
		} else if (strcmp(arg, "--document") == 0) {
			a->document = argv[++i];
		} else if (strcmp(arg, "--dpi") == 0) {
			char *end;
			a->dpi = strtol(argv[++i], &end, 10);
			if (*end != '\0' || a->dpi <= 0)
				return cli_usage_error("arrange",
				    "--dpi '%s': expected a whole number", argv[i]);
		} else if (strcmp(arg, "--overwrite") == 0) {
			a->overwrite = 1;
		} else if (strcmp(arg, "--json") == 0) {
			a->as_json = 1;
		} else if (arg[0] == '-' && arg[1] != '\0') {
			return cli_usage_error("arrange", "unknown option '%s'", arg);
		} else if (a->song == NULL) {
			a->song = arg;
		} else {
			return cli_usage_error("arrange", "unexpected argument '%s'", arg);
		}
	}
	if (a->song == NULL)
		return cli_usage_error("arrange", "missing SONG");
	if (json_array_size(a->players) == 0)
		return cli_usage_error("arrange",
		    "no players: give --player NAME:LEVEL (repeat it) or --players FILE.json");
	return 0;
}

static const char *
player_level(const json_t *players, const char *name)
{
	size_t i;
	json_t *p;

	json_array_foreach(players, i, p)
		if (strcmp(json_string_value(json_object_get(p, "name")), name) == 0) {
			const char *lvl = json_string_value(json_object_get(p, "experience"));
			return lvl ? lvl : "beginner";
		}
	return "virtual";
}

static void
join_names(const json_t *list, char *buf, size_t len)
{
	size_t i, off = 0;
	json_t *n;

	buf[0] = '\0';
	json_array_foreach(list, i, n) {
		int w = snprintf(buf + off, len - off, "%s%s", i ? " " : "",
		    json_string_value(n) ? json_string_value(n) : "?");
		if (w < 0 || (size_t)w >= len - off)
			break;
		off += (size_t)w;
	}
}

static double
fatigue_of(const json_t *arr, const char *name)
{
	json_t *sim_players = json_object_get(json_object_get(arr, "simulation"), "players");
	size_t i;
	json_t *p;

	json_array_foreach(sim_players, i, p)
		if (strcmp(json_string_value(json_object_get(p, "name")), name) == 0)
			return json_number_value(json_object_get(p, "fatigue_score"));
	return -1;
}

static void
print_strategies(const json_t *arrangements)
{
	struct table t;
	size_t i;
	json_t *a;
	static const char *const head[] = {
		"Strategy", "Score", "Playability", "Bell fairness", "Fatigue", "Notes"
	};

	table_init(&t, 6);
	t.right[1] = t.right[2] = t.right[3] = t.right[4] = 1;
	table_add(&t, head);
	json_array_foreach(arrangements, i, a) {
		json_t *qb = json_object_get(a, "quality_breakdown");
		json_t *comp = json_object_get(qb, "components");
		char score[32], pl[32], bf[32], ff[32], notes[512] = "";
		snprintf(score, sizeof score, "%.2f", json_number_value(json_object_get(a, "quality_score")));
		snprintf(pl, sizeof pl, "%.2f", json_number_value(json_object_get(json_object_get(comp, "playability"), "earned")));
		snprintf(bf, sizeof bf, "%.2f", json_number_value(json_object_get(json_object_get(comp, "bell_fairness"), "earned")));
		snprintf(ff, sizeof ff, "%.2f", json_number_value(json_object_get(json_object_get(comp, "fatigue_fairness"), "earned")));
		if (json_is_true(json_object_get(qb, "hard_fail"))) {
			char reasons[400];
			join_names(json_object_get(qb, "hard_fail_reasons"), reasons, sizeof reasons);
			snprintf(notes, sizeof notes, "hard fail: %s", reasons);
		} else if (i == 0) {
			snprintf(notes, sizeof notes, "best");
		}
		if (choir_verdict_note(a) != NULL)
			snprintf(notes + strlen(notes), sizeof notes -
			    strlen(notes), "%s%s", notes[0] ? ", " : "",
			    choir_verdict_note(a));
		const char *row[] = {
			json_string_value(json_object_get(a, "strategy")), score, pl, bf, ff, notes
		};
		table_add(&t, row);
	}
	table_print(&t, stdout, "  ");
	table_fini(&t);
}

/*
 * Without a choir parameter the bells are named as the file writes them
 * (upstream's answer); when the song reads as written pitch, say so, or
 * a director hands out every bell an octave low.
 */
static void
naming_note(const json_t *summary, const json_t *result)
{
	json_t *oct = json_object_get(summary, "octave");
	long long shift = json_integer_value(json_object_get(oct, "shift"));

	if (json_object_get(result, "choir") != NULL || shift == 0)
		return;
	printf("Names      the bells below are named as the file writes "
	    "them, %s\n           %s how they sound: give "
	    "--octave-shift %lld or --bell-set\n           to name them as "
	    "the bells on your table\n",
	    shift == 12 || shift == -12 ? "an octave" : "two octaves",
	    shift > 0 ? "below" : "above", shift);
}

/* The highest fatigue score of the arrangement's ringers, or 0. */
static double
fatigue_most(const json_t *arr)
{
	json_t *sim_players = json_object_get(json_object_get(arr, "simulation"), "players");
	double most = 0;
	size_t i;
	json_t *p;

	json_array_foreach(sim_players, i, p) {
		double f = json_number_value(json_object_get(p, "fatigue_score"));
		if (f > most)
			most = f;
	}
	return most;
}

/*
 * The best arrangement, a ringer a row.  Fatigue is upstream's score
 * (held time by bell weight, a number with no unit a director knows), so
 * it is shown against the most tired ringer's: 100% is the one who works
 * hardest, 50% half as hard.
 */
static void
print_best(const json_t *best, const json_t *players)
{
	struct table t;
	const char *name;
	json_t *as;
	double most = fatigue_most(best);
	static const char *const head[] = {
		"Ringer", "Level", "Left hand", "Right hand", "Swaps", "Load"
	};

	table_init(&t, 6);
	t.right[4] = t.right[5] = 1;
	table_add(&t, head);
	json_object_foreach(json_object_get(best, "assignments"), name, as) {
		char left[256], right[256], swaps[32], fatigue[32] = "-";
		join_names(json_object_get(as, "left_hand"), left, sizeof left);
		join_names(json_object_get(as, "right_hand"), right, sizeof right);
		json_t *sw = json_object_get(json_object_get(best, "swaps"), name);
		snprintf(swaps, sizeof swaps, "%lld", (long long)json_integer_value(sw));
		double f = fatigue_of(best, name);
		if (f >= 0 && most > 0)
			snprintf(fatigue, sizeof fatigue, "%.0f%%", 100 * f / most);
		const char *row[] = {
			name, player_level(players, name), left, right, swaps, fatigue
		};
		table_add(&t, row);
	}
	table_print(&t, stdout, "  ");
	table_fini(&t);
	if (most > 0)
		printf("  Load: how long each ringer rings, weighted by bell "
		    "weight,\n  against the busiest ringer (100%%)\n");
}

/* The export params for the best arrangement in format; a new object. */
static json_t *
export_params(const struct arrange_args *a, const json_t *summary,
    const json_t *best, const char *format)
{
	/* score_id: the sheets count measures and beats in the song. */
	return json_pack("{s:O, s:O, s:O, s:O, s:O, s:s, s:b, s:O}",
	    "arrangement", best,
	    "players", a->players,
	    "filename", json_object_get(summary, "filename"),
	    "strategy", json_object_get(best, "strategy"),
	    "swaps", json_object_get(best, "swaps"),
	    "format", format,
	    "overwrite", a->overwrite,
	    "score_id", json_object_get(summary, "score_id"));
}

/* Writes the best arrangement's sheet with export; returns 0 or -1. */
static int
write_csv(struct daemon *d, const struct arrange_args *a, const json_t *summary,
    const json_t *best)
{
	json_t *params = export_params(a, summary, best, "csv");

	json_object_set_new(params, "path", json_string(a->csv_path));
	json_t *r = cli_call(d, "export", params);

	if (r == NULL)
		return -1;
	fprintf(a->as_json ? stderr : stdout, "CSV written to %s (%lld bytes)\n",
	    json_string_value(json_object_get(r, "path")),
	    (long long)json_integer_value(json_object_get(r, "bytes")));
	json_decref(r);
	return 0;
}

/*
 * OUT for a one-page file; OUT with "-N" before its extension for page N
 * of several.  Returns a new string.
 */
static char *
page_path(const char *out, size_t n, size_t pages)
{
	const char *slash = strrchr(out, '/'), *dot = strrchr(out, '.');
	size_t stem, len = strlen(out) + 24;
	char *p = malloc(len);

	if (p == NULL)
		return NULL;
	if (pages <= 1) {
		snprintf(p, len, "%s", out);
		return p;
	}
	if (dot == NULL || (slash != NULL && dot < slash) || dot == out)
		dot = out + strlen(out);
	stem = (size_t)(dot - out);
	snprintf(p, len, "%.*s-%zu%s", (int)stem, out, n, dot);
	return p;
}

/*
 * Writes the best arrangement's sheets in one format with export.  PDF
 * is one file; SVG and PNG are a file per page (OUT-1.png, OUT-2.png,
 * ...; just OUT when there is one page).  choir (NULL outside choir
 * mode) is the result's choir block: the cover marks chimes, moved
 * notes and the set's duplicates from it.  Returns 0 or -1.
 */
static int
write_sheets(struct daemon *d, const struct arrange_args *a,
    const json_t *summary, const json_t *best, const json_t *choir, int fmt)
{
	static const char *const names[3] = { "pdf", "svg", "png" };
	const char *out = a->sheet_path[fmt];
	size_t pages = 1;

	for (size_t n = 1; n <= pages; n++) {
		json_t *params = export_params(a, summary, best, names[fmt]);
		if (a->page != NULL)
			json_object_set_new(params, "page", json_string(a->page));
		if (a->document != NULL)
			json_object_set_new(params, "document", json_string(a->document));
		if (a->dpi > 0 && fmt == 2)
			json_object_set_new(params, "dpi", json_integer(a->dpi));
		if (json_is_object(choir))
			json_object_set(params, "choir", (json_t *)choir);
		if (fmt != 0)
			json_object_set_new(params, "page_number",
			    json_integer((json_int_t)n));
		if (fmt != 0 && n == 1) {
			/* How many pages: ask once without writing anything. */
			json_t *probe = cli_call(d, "export", json_deep_copy(params));
			if (probe == NULL) {
				json_decref(params);
				return -1;
			}
			pages = (size_t)json_integer_value(json_object_get(probe, "pages"));
			json_decref(probe);
		}
		char *path = page_path(out, n, fmt == 0 ? 1 : pages);
		json_object_set_new(params, "path", json_string(path));
		free(path);
		json_t *r = cli_call(d, "export", params);
		if (r == NULL)
			return -1;
		fprintf(a->as_json ? stderr : stdout, "%s written to %s (%lld bytes%s)\n",
		    fmt == 0 ? "PDF" : fmt == 1 ? "SVG" : "PNG",
		    json_string_value(json_object_get(r, "path")),
		    (long long)json_integer_value(json_object_get(r, "bytes")),
		    fmt == 0 ? ", all pages" : "");
		json_decref(r);
	}
	return 0;
}

/* The files asked for (--csv, --pdf, --svg, --png), of the best
 * arrangement of result.  Returns 0 or -1. */
static int
write_files(struct daemon *d, const struct arrange_args *a,
    const json_t *summary, const json_t *result)
{
	const json_t *best = json_object_get(result, "best_arrangement");

	if (a->csv_path != NULL) {
		if (!a->as_json)
			putchar('\n');
		if (write_csv(d, a, summary, best) < 0)
			return -1;
	}
	for (int f = 0; f < 3; f++)
		if (a->sheet_path[f] != NULL && write_sheets(d, a, summary, best,
		    json_object_get(result, "choir"), f) < 0)
			return -1;
	return 0;
}

/* The report for people: the song, the choir, every strategy, the best
 * arrangement, the director's tables and any note. */
static void
print_report(const json_t *summary, const json_t *result,
    const json_t *players)
{
	json_t *best = json_object_get(result, "best_arrangement");
	json_t *exp = json_object_get(result, "expansion_info");

	song_summary_print(summary);
	song_choir_print(summary);
	choir_report_print(result);
	naming_note(summary, result);
	printf("\n%sStrategies%s (quality 0-100: playability /50, "
	    "bell fairness /30,\n  fatigue fairness /20)\n",
	    cli_style("1"), cli_unstyle());
	print_strategies(json_object_get(result, "arrangements"));
	if (json_is_object(best)) {
		printf("\n%sBest arrangement: %s%s (%.2f)\n", cli_style("1"),
		    json_string_value(json_object_get(best, "strategy")),
		    cli_unstyle(),
		    json_number_value(json_object_get(best, "quality_score")));
		print_best(best, players);
	}
	director_report(result, players);
	if (json_is_object(exp))
		printf("\n%sNote:%s %s\n", cli_style("33"), cli_unstyle(),
		    json_string_value(json_object_get(exp, "message")));
}

static int
arrange_run(struct daemon *d, int argc, char **argv)
{
	struct arrange_args a = { 0 };
	json_t *summary = NULL, *result = NULL, *params;
	int status;

	a.players = json_array();
	a.upload = json_object();
	a.choir = json_object();
	status = parse_args(argc, argv, &a);
	if (status != 0)
		goto out;

	status = CLI_REFUSED;
	json_object_set_new(a.upload, "path", json_string(a.song));
	/* The report for people also says the range, meter and octave. */
	if (!a.as_json)
		json_object_set_new(a.upload, "include_choir", json_true());
	summary = cli_call(d, "upload", json_incref(a.upload));
	if (summary == NULL)
		goto out;
	params = json_pack("{s:O, s:O}", "score_id",
	    json_object_get(summary, "score_id"), "players", a.players);
	if (a.strategies != NULL)
		json_object_set(params, "strategies", a.strategies);
	json_object_update(params, a.choir);
	if (director_apply(&a.director, a.players, params, !a.as_json) != 0) {
		json_decref(params);
		status = CLI_USAGE;
		goto out;
	}
	result = cli_call(d, "arrange", params);
	if (result == NULL)
		goto out;

	json_t *best = json_object_get(result, "best_arrangement");
	if (a.as_json)
		cli_print_json(result);
	else
		print_report(summary, result, a.players);
	if (json_is_object(best) && write_files(d, &a, summary, result) < 0)
		goto out;
	status = CLI_OK;
out:
	json_decref(summary);
	json_decref(result);
	json_decref(a.players);
	json_decref(a.strategies);
	json_decref(a.upload);
	director_args_free(&a.director);
	json_decref(a.choir);
	return status;
}

const struct cli_command cli_arrange_command = {
	"arrange",
	"arrange SONG (--player NAME:LEVEL ... | --players FILE.json) [--strategy S ...]\n"
	"                   [--csv OUT.csv] [--pdf OUT.pdf] [--svg OUT.svg] [--png OUT.png]\n"
	"                   [--page letter|a4] [--document sheets|chart|bells_used] [--dpi N]\n"
	"                   [--locks FILE.json] [--previous FILE.json|FILE.csv]\n"
	"                   [--technique NAME:four_in_hand|shelley ...] [--difficulty]\n"
	"                   [--overwrite] [--json] [--format F] [--include-percussion]\n"
	"                   [--bell-set 3-octave|5-octave|7-octave|'{...}'|SET.json]\n"
	"                   [--octave-shift N] [--out-of-range octave|chime|omit|error|keep]\n"
	"                   [--track N|NAME ...]",
	arrange_run,
};
