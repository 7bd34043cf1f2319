/*
 * director_options.c - `arrange`'s options for the director's
 * arrangement (issue 20): --locks FILE, --previous FILE (an arrangement
 * JSON, or a CSV sheet exported earlier), --technique NAME:TECHNIQUE,
 * --difficulty; and the report's positions and difficulty sections.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "director_options.h"
#include "text_table.h"

static json_t *
load_json(const char *opt, const char *path)
{
	json_error_t jerr;
	json_t *doc = json_load_file(path, 0, &jerr);

	if (doc == NULL)
		cli_usage_error("arrange", "%s '%s': %s (line %d)", opt, path,
		    jerr.text, jerr.line);
	return doc;
}

/* One CSV row's cells (Python's csv excel dialect, as export writes):
 * quoted cells with doubled quotes; the leading ' export puts before a
 * cell a spreadsheet would run as a formula is taken off again. */
static int
csv_cells(const char *line, char cells[][512], int max)
{
	int n = 0;
	const char *p = line;

	while (n < max) {
		size_t k = 0;
		char *c = cells[n];

		if (*p == '"') {
			p++;
			while (*p != '\0') {
				if (*p == '"' && p[1] == '"') {
					p += 2;
					if (k < 511)
						c[k++] = '"';
				} else if (*p == '"') {
					p++;
					break;
				} else if (k < 511) {
					c[k++] = *p++;
				} else {
					p++;
				}
			}
		}
		while (*p != '\0' && *p != ',' && *p != '\r' && *p != '\n') {
			if (k < 511)
				c[k++] = *p;
			p++;
		}
		c[k] = '\0';
		if (c[0] == '\'' && strchr("=+-@\t\r", c[1]) != NULL && c[1])
			memmove(c, c + 1, k);
		n++;
		if (*p != ',')
			break;
		p++;
	}
	return n;
}

static json_t *
bell_list(const char *cell)
{
	json_t *list = json_array();
	char buf[512], *save = NULL, *tok;

	snprintf(buf, sizeof buf, "%s", cell);
	for (tok = strtok_r(buf, " ", &save); tok != NULL;
	    tok = strtok_r(NULL, " ", &save))
		json_array_append_new(list, json_string(tok));
	return list;
}

/* The Players section of an exported CSV sheet as assignments. */
static json_t *
load_previous_csv(const char *path)
{
	FILE *f = fopen(path, "r");
	char line[4096], cells[5][512];
	json_t *as;
	int in_players = 0;

	if (f == NULL) {
		cli_usage_error("arrange", "--previous '%s': cannot be read",
		    path);
		return NULL;
	}
	as = json_object();
	while (fgets(line, sizeof line, f) != NULL) {
		int n = csv_cells(line, cells, 5);

		if (!in_players) {
			in_players = n == 5 && strcmp(cells[0], "Player") == 0 &&
			    strcmp(cells[2], "Left Hand") == 0;
			continue;
		}
		if (n < 4 || cells[0][0] == '\0')
			break;
		json_t *left = bell_list(cells[2]), *right = bell_list(cells[3]);
		json_t *bells = json_copy(left);

		json_array_extend(bells, right);
		json_object_set_new(as, cells[0], json_pack("{s:o, s:o, s:o}",
		    "bells", bells, "left_hand", left, "right_hand", right));
	}
	fclose(f);
	if (!in_players) {
		json_decref(as);
		cli_usage_error("arrange", "--previous '%s': no Players section "
		    "(a CSV sheet from export, or an arrangement JSON)", path);
		return NULL;
	}
	return as;
}

/* An arrangement JSON: an arrange result (its best arrangement), an
 * export JSON document (its arrangement), an arrangement or its
 * assignments. */
static json_t *
load_previous(const char *path)
{
	size_t n = strlen(path);
	json_t *doc, *v;

	if (n > 4 && strcmp(path + n - 4, ".csv") == 0)
		return load_previous_csv(path);
	if ((doc = load_json("--previous", path)) == NULL)
		return NULL;
	v = json_object_get(doc, "best_arrangement");
	if (v == NULL)
		v = json_object_get(doc, "arrangement");
	if (v == NULL)
		v = doc;
	json_incref(v);
	json_decref(doc);
	return v;
}

int
director_option(int argc, char **argv, int *i, struct director_args *d)
{
	const char *arg = argv[*i];
	int takes = strcmp(arg, "--locks") == 0 ||
	    strcmp(arg, "--previous") == 0 || strcmp(arg, "--technique") == 0;

	if (strcmp(arg, "--difficulty") == 0) {
		d->difficulty = 1;
		return 1;
	}
	if (!takes)
		return 0;
	if (*i + 1 >= argc)
		return cli_usage_error("arrange", "%s needs a value", arg), -1;
	const char *val = argv[++*i];
	if (strcmp(arg, "--locks") == 0) {
		json_decref(d->locks);
		if ((d->locks = load_json("--locks", val)) == NULL)
			return -1;
	} else if (strcmp(arg, "--previous") == 0) {
		json_decref(d->previous);
		if ((d->previous = load_previous(val)) == NULL)
			return -1;
	} else {
		const char *colon = strrchr(val, ':');
		json_t *list;
		char name[256];

		if (colon == NULL || colon == val || colon[1] == '\0')
			return cli_usage_error("arrange", "--technique '%s': "
			    "expected NAME:TECHNIQUE (four_in_hand, shelley)",
			    val), -1;
		snprintf(name, sizeof name, "%.*s", (int)(colon - val), val);
		if (d->techniques == NULL)
			d->techniques = json_object();
		list = json_object_get(d->techniques, name);
		if (list == NULL) {
			list = json_array();
			json_object_set_new(d->techniques, name, list);
		}
		json_array_append_new(list, json_string(colon + 1));
	}
	return 1;
}

int
director_apply(const struct director_args *d, json_t *players, json_t *params,
    int report)
{
	const char *name;
	json_t *list;

	json_object_foreach(d->techniques, name, list) {
		size_t i;
		json_t *p, *found = NULL;

		json_array_foreach(players, i, p)
			if (json_is_string(json_object_get(p, "name")) &&
			    strcmp(json_string_value(json_object_get(p, "name")),
			    name) == 0)
				found = p;
		if (found == NULL)
			return cli_usage_error("arrange", "--technique: no player "
			    "named '%s'", name), -1;
		json_object_set(found, "techniques", list);
	}
	if (d->locks != NULL)
		json_object_set(params, "locks", d->locks);
	if (d->previous != NULL)
		json_object_set(params, "previous", d->previous);
	if (report || d->difficulty)
		json_object_set_new(params, "include_difficulty", json_true());
	return 0;
}

void
director_args_free(struct director_args *d)
{
	json_decref(d->locks);
	json_decref(d->previous);
	json_decref(d->techniques);
	memset(d, 0, sizeof *d);
}

static json_t *
find_strategy(const json_t *result, const char *strategy)
{
	size_t i;
	json_t *a;

	json_array_foreach(json_object_get(result, "arrangements"), i, a)
		if (strcmp(json_string_value(json_object_get(a, "strategy")),
		    strategy) == 0)
			return a;
	return NULL;
}

static void
print_list_line(const char *label, const json_t *list)
{
	size_t i;
	json_t *v;

	if (json_array_size(list) == 0)
		return;
	printf("  %s:", label);
	json_array_foreach(list, i, v)
		printf("%s %s", i ? "," : "", json_string_value(v));
	putchar('\n');
}

/* A bell name's MIDI number for ordering ("C#4" 61); 128 if none. */
static int
bell_number(const char *name)
{
	static const int pc[7] = { 9, 11, 0, 2, 4, 5, 7 };   /* A..G */
	int p, octave;

	if (name == NULL || name[0] < 'A' || name[0] > 'G')
		return 128;
	p = pc[name[0] - 'A'];
	name++;
	if (*name == '#' || *name == 'b')
		p += *name++ == '#' ? 1 : -1;
	if (sscanf(name, "%d", &octave) != 1)
		return 128;
	return (octave + 1) * 12 + p;
}

/* The lowest bell a ringer holds (the table is read low to high). */
static int
lowest_bell(const json_t *as)
{
	size_t i;
	json_t *b;
	int lo = 128;

	json_array_foreach(json_object_get(as, "bells"), i, b) {
		int p = bell_number(json_string_value(b));

		if (p < lo)
			lo = p;
	}
	return lo;
}

/* A player's experience in the request ("virtual" when not in it). */
static const char *
experience_of(const json_t *players, const char *name)
{
	size_t i;
	json_t *p;

	json_array_foreach(players, i, p)
		if (json_is_string(json_object_get(p, "name")) &&
		    strcmp(json_string_value(json_object_get(p, "name")), name) == 0)
			return json_is_string(json_object_get(p, "experience")) ?
			    json_string_value(json_object_get(p, "experience")) :
			    "beginner";
	return "virtual";
}

/* The ringers of a, lowest bell first (the table read low to high);
 * returns how many names order holds. */
static size_t
ringers_low_to_high(const json_t *a, const char **order, size_t max)
{
	const json_t *as = json_object_get(a, "assignments");
	const char *name;
	json_t *v;
	size_t n = 0;

	json_object_foreach((json_t *)as, name, v) {
		size_t k = n;

		if (n == max)
			break;
		while (k > 0 && lowest_bell(json_object_get(as,
		    order[k - 1])) > lowest_bell(v)) {
			order[k] = order[k - 1];
			k--;
		}
		order[k] = name;
		n++;
	}
	return n;
}

/* A hand's bells joined by spaces. */
static void
join_bells(const json_t *hand, char *buf, size_t len)
{
	size_t k;
	json_t *b;

	buf[0] = '\0';
	json_array_foreach(hand, k, b)
		snprintf(buf + strlen(buf), len - strlen(buf), "%s%s",
		    k ? " " : "", json_string_value(b));
}

/* One row of the positions table: the ringer's position, hands, swaps
 * and difficulty level. */
static void
position_row(struct table *t, const json_t *a, const json_t *players,
    const char *name)
{
	json_t *v = json_object_get(json_object_get(a, "assignments"), name);
	json_t *d = json_object_get(json_object_get(json_object_get(a,
	    "difficulty"), "players"), name);
	char left[256], right[256], swaps[16], level[16] = "-";

	join_bells(json_object_get(v, "left_hand"), left, sizeof left);
	join_bells(json_object_get(v, "right_hand"), right, sizeof right);
	snprintf(swaps, sizeof swaps, "%lld", (long long)json_integer_value(
	    json_object_get(json_object_get(a, "swaps"), name)));
	if (d != NULL)
		snprintf(level, sizeof level, "%lld", (long long)
		    json_integer_value(json_object_get(d, "level")));
	const char *row[] = {
		json_string_value(json_object_get(v, "position")), name,
		experience_of(players, name), left, right, swaps, level
	};
	table_add(t, row);
}

static const char *
pos_str(const json_t *e, const char *key)
{
	return json_string_value(json_object_get(e, key));
}

static const char *
pos_pair(const json_t *e, const char *key, size_t i)
{
	return json_string_value(json_array_get(json_object_get(e, key), i));
}

/* What the strategy did beyond the table: combined, split, shared and
 * moved bells, unused positions, idle ringers, impossible swaps left. */
static void
print_position_events(const json_t *pos)
{
	size_t i;
	json_t *e;

	json_array_foreach(json_object_get(pos, "combined"), i, e)
		printf("  combined: %s = %s + %s\n", pos_str(e, "position"),
		    pos_pair(e, "from", 0), pos_pair(e, "from", 1));
	json_array_foreach(json_object_get(pos, "split"), i, e)
		printf("  split: %s into %s and %s\n", pos_str(e, "position"),
		    pos_pair(e, "into", 0), pos_pair(e, "into", 1));
	json_array_foreach(json_object_get(pos, "shared_bells"), i, e)
		printf("  shared bell: %s (held by %s) is also written %s for %s "
		    "(%s)\n", pos_str(e, "bell"), pos_str(e, "held_by"),
		    pos_str(e, "also_written"), pos_str(e, "for"),
		    pos_str(e, "resolved"));
	json_array_foreach(json_object_get(pos, "moved_bells"), i, e)
		printf("  moved: %s from %s (%s) to %s (%s), %s, %s\n",
		    pos_str(e, "bell"), pos_str(e, "from"),
		    pos_str(e, "from_position"), pos_str(e, "to"),
		    pos_str(e, "to_position"),
		    strcmp(pos_str(e, "hand"), "left_hand") == 0 ?
		    "left hand" : "right hand",
		    strcmp(pos_str(e, "reason"), "idle_accidental") == 0 ?
		    "an idle accidental to a free hand" :
		    "to avoid an impossible swap");
	print_list_line("not used in this piece", json_object_get(pos, "unused"));
	print_list_line("no position left for", json_object_get(pos,
	    "idle_ringers"));
	if (json_integer_value(json_object_get(pos, "impossible_swaps")) > 0)
		printf("  impossible swaps left: %lld (no layout of these "
		    "positions found without one: more ringers needed)\n",
		    (long long)json_integer_value(json_object_get(pos,
		    "impossible_swaps")));
}

/* The positions arrangement: who stands where, low to high, and what
 * happened. */
static void
print_positions(const json_t *a, const json_t *players)
{
	static const char *const head[] = {
		"Position", "Ringer", "Experience", "Left hand", "Right hand",
		"Swaps", "Difficulty"
	};
	const json_t *pos = json_object_get(a, "positions");
	const char *order[128];
	size_t n_order = ringers_low_to_high(a, order, 128);
	struct table t;

	printf("\n%sPositions%s (%s, spelling: %s; score %.2f)\n",
	    cli_style("1"), cli_unstyle(), pos_str(pos, "table"),
	    pos_str(pos, "spelling"),
	    json_number_value(json_object_get(a, "quality_score")));
	table_init(&t, 7);
	t.right[5] = t.right[6] = 1;
	table_add(&t, head);
	for (size_t o = 0; o < n_order; o++)
		position_row(&t, a, players, order[o]);
	table_print(&t, stdout, "  ");
	table_fini(&t);
	print_position_events(pos);
}

/* The best arrangement's difficulty, per ringer. */
static void
print_difficulty(const json_t *best)
{
	const json_t *d = json_object_get(best, "difficulty");
	const char *name;
	json_t *v;
	struct table t;
	static const char *const head[] = {
		"Ringer", "Level", "Changes", "Swaps", "Accidentals",
		"Shortest (beats)", "Staves"
	};

	if (d == NULL)
		return;
	printf("\n%sDifficulty%s (%s): level %lld, hardest %s\n",
	    cli_style("1"), cli_unstyle(),
	    json_string_value(json_object_get(best, "strategy")),
	    (long long)json_integer_value(json_object_get(d, "level")),
	    json_is_string(json_object_get(d, "hardest")) ?
	    json_string_value(json_object_get(d, "hardest")) : "-");
	table_init(&t, 7);
	for (int k = 1; k < 6; k++)
		t.right[k] = 1;
	table_add(&t, head);
	json_object_foreach(json_object_get(d, "players"), name, v) {
		char lv[16], ch[16], sw[16], ac[16], sh[24] = "-";
		json_t *s = json_object_get(v, "shortest_change_beats");

		snprintf(lv, sizeof lv, "%lld", (long long)json_integer_value(
		    json_object_get(v, "level")));
		snprintf(ch, sizeof ch, "%lld", (long long)json_integer_value(
		    json_object_get(v, "changes")));
		snprintf(sw, sizeof sw, "%lld", (long long)json_integer_value(
		    json_object_get(v, "swaps")));
		snprintf(ac, sizeof ac, "%lld", (long long)json_integer_value(
		    json_object_get(v, "accidentals")));
		if (json_is_number(s))
			snprintf(sh, sizeof sh, "%.2f", json_number_value(s));
		const char *row[] = {
			name, lv, ch, sw, ac, sh,
			json_is_true(json_object_get(v, "both_staves")) ? "both" :
			    "one"
		};
		table_add(&t, row);
	}
	table_print(&t, stdout, "  ");
	table_fini(&t);
	printf("  rule: %s\n", json_string_value(json_object_get(d, "rule")));
}

static void
print_changes(const json_t *best)
{
	const json_t *ch = json_object_get(best, "changes_from_previous");
	size_t i;
	json_t *c;

	if (ch == NULL)
		return;
	printf("\n%sChanges from the previous arrangement%s (%s): %zu bell%s "
	    "moved\n", cli_style("1"), cli_unstyle(),
	    json_string_value(json_object_get(best, "strategy")),
	    json_array_size(ch), json_array_size(ch) == 1 ? "" : "s");
	json_array_foreach(ch, i, c)
		printf("  %s: %s -> %s\n",
		    json_string_value(json_object_get(c, "bell")),
		    json_string_value(json_object_get(c, "from")),
		    json_is_string(json_object_get(c, "to")) ?
		    json_string_value(json_object_get(c, "to")) : "nobody");
}

void
director_report(const json_t *result, const json_t *players)
{
	const json_t *best = json_object_get(result, "best_arrangement");
	const json_t *pos = find_strategy(result, "positions");

	if (json_is_object(best)) {
		print_difficulty(best);
		print_changes(best);
	}
	if (pos != NULL) {
		print_positions(pos, players);
		if (!json_equal(json_object_get(pos, "strategy"),
		    json_object_get(best, "strategy")))
			print_changes(pos);
	}
}
