/*
 * choir_report.c - the command line's choir mode: the --bell-set,
 * --octave-shift, --out-of-range and --track options of `arrange`, and
 * the lines a director reads - the song's range, meter and octave (info,
 * arrange) and, above the strategies table, the choir block and the
 * verdict's reasons.  Everything printed comes from the method results:
 * the words are the daemon's own (choir.report, verdict.reasons).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "choir_report.h"

int
choir_option(const char *cmd, int argc, char **argv, int *i, json_t *params)
{
	const char *a = argv[*i];
	int is_set = strcmp(a, "--bell-set") == 0;
	int is_shift = strcmp(a, "--octave-shift") == 0;
	int is_oor = strcmp(a, "--out-of-range") == 0;
	int is_track = strcmp(a, "--track") == 0;
	const char *v;
	char *end;

	if (!is_set && !is_shift && !is_oor && !is_track)
		return 0;
	if (*i + 1 >= argc) {
		cli_usage_error(cmd, "%s needs a value", a);
		return -1;
	}
	v = argv[++*i];
	if (is_set) {
		json_error_t jerr;
		json_t *set;

		/* A preset name, an object's JSON text, or a .json file. */
		if (v[0] == '{')
			set = json_loads(v, 0, &jerr);
		else if (strlen(v) > 5 && strcmp(v + strlen(v) - 5, ".json") == 0)
			set = json_load_file(v, 0, &jerr);
		else
			set = json_string(v);
		if (set == NULL) {
			cli_usage_error(cmd, "--bell-set '%s': %s", v, jerr.text);
			return -1;
		}
		json_object_set_new(params, "bell_set", set);
	} else if (is_shift) {
		long n = strtol(v, &end, 10);

		if (*end != '\0' || end == v) {
			cli_usage_error(cmd, "--octave-shift '%s': expected -24, "
			    "-12, 0, 12 or 24", v);
			return -1;
		}
		json_object_set_new(params, "octave_shift", json_integer(n));
	} else if (is_oor) {
		json_object_set_new(params, "out_of_range", json_string(v));
	} else {
		json_t *tracks = json_object_get(params, "tracks");
		long n = strtol(v, &end, 10);

		if (tracks == NULL) {
			tracks = json_array();
			json_object_set_new(params, "tracks", tracks);
		}
		/* A number is the track as the song summary counts it (from
		 * 1: the protocol's index + 1), anything else its name. */
		json_array_append_new(tracks, *end == '\0' && end != v && n >= 1 ?
		    json_integer(n - 1) : json_string(v));
	}
	return 1;
}

/* The time signatures, the first six, wrapped. */
static void
meter_print(const json_t *sigs)
{
	char buf[512] = "";
	size_t i, off = 0;
	json_t *sig;

	json_array_foreach(sigs, i, sig) {
		int w;

		if (i == 6)
			w = snprintf(buf + off, sizeof buf - off,
			    ", ... (%zu changes)", json_array_size(sigs));
		else
			w = snprintf(buf + off, sizeof buf - off,
			    "%s%lld/%lld from measure %lld", i ? ", " : "",
			    (long long)json_integer_value(json_object_get(sig,
			    "beats")),
			    (long long)json_integer_value(json_object_get(sig,
			    "beat_type")),
			    (long long)json_integer_value(json_object_get(sig,
			    "measure")));
		if (w < 0 || (size_t)w >= sizeof buf - off || i == 6)
			break;
		off += (size_t)w;
	}
	if (json_array_size(sigs) == 0)
		snprintf(buf, sizeof buf, "4/4 (the file gives no time "
		    "signature)");
	cli_print_wrapped("Meter", buf);
}

void
song_choir_print(const json_t *s)
{
	json_t *range = json_object_get(s, "range");
	json_t *sigs = json_object_get(s, "time_signatures");
	json_t *m = json_object_get(s, "measures");
	json_t *oct = json_object_get(s, "octave");
	char buf[1024];

	if (!json_is_object(range))
		return;
	printf("Range      %s-%s as the file writes it\n",
	    json_string_value(json_object_get(range, "lowest")),
	    json_string_value(json_object_get(range, "highest")));
	meter_print(sigs);
	printf("Measures   %lld, numbered %s%s\n",
	    (long long)json_integer_value(json_object_get(m, "count")),
	    strcmp(json_string_value(json_object_get(m, "numbered_by")),
	    "file") == 0 ? "as the file numbers them" :
	    "from 1 (a MIDI file has no measure numbers)",
	    json_is_true(json_object_get(m, "pickup")) ?
	    "; starts with a pickup" : "");
	printf("Octave     %s pitch: bells %s\n",
	    json_string_value(json_object_get(oct, "convention")),
	    json_integer_value(json_object_get(oct, "shift")) == 12 ?
	    "sound an octave above the file's notes" :
	    "are named as the file's notes");
	snprintf(buf, sizeof buf, "(%s%s)",
	    json_is_true(json_object_get(oct, "guessed")) ? "a guess: " :
	    "the file says: ",
	    json_string_value(json_object_get(oct, "reason")));
	cli_print_wrapped("", buf);
}

/* Lines of strings under a label, the label once. */
static void
lines(const char *label, const json_t *list, const char *bullet)
{
	size_t i;
	json_t *s;

	json_array_foreach(list, i, s) {
		char buf[1024];

		snprintf(buf, sizeof buf, "%s%s", bullet, json_string_value(s));
		cli_print_wrapped(i == 0 ? label : "", buf);
	}
}

static void
track_list(char *buf, size_t len, const json_t *tracks)
{
	size_t i, off = 0;
	json_t *t;

	buf[0] = '\0';
	json_array_foreach(tracks, i, t) {
		const char *name = json_string_value(json_object_get(t, "name"));
		/* Counted from 1, as the song summary lists them. */
		int w = snprintf(buf + off, len - off, "%s%s (track %lld, %lld "
		    "notes)", i ? ", " : "", name && *name ? name : "unnamed",
		    (long long)json_integer_value(json_object_get(t, "index")) +
		    1,
		    (long long)json_integer_value(json_object_get(t,
		    "note_count")));

		if (w < 0 || (size_t)w >= len - off)
			break;
		off += (size_t)w;
	}
}

/* A duplicated bell rung from both copies: who rings which, how often. */
static void
copies_print(const json_t *dups)
{
	size_t i;
	json_t *d;

	json_array_foreach(dups, i, d) {
		json_t *cs = json_object_get(d, "copies");
		json_t *x = json_array_get(cs, 0), *y = json_array_get(cs, 1);
		char buf[400];

		long long rx = json_integer_value(json_object_get(x, "rings"));
		long long ry = json_integer_value(json_object_get(y, "rings"));

		snprintf(buf, sizeof buf, "%s: your two are rung by %.60s (copy "
		    "1, %lld ring%s) and %.60s (copy 2, %lld ring%s)",
		    json_string_value(json_object_get(d, "bell")),
		    json_string_value(json_object_get(x, "player")), rx,
		    rx == 1 ? "" : "s",
		    json_string_value(json_object_get(y, "player")), ry,
		    ry == 1 ? "" : "s");
		cli_print_wrapped(i == 0 ? "Copies" : "", buf);
	}
}

/* The set, and the octave when the request overrode the suggestion. */
static void
set_print(const json_t *c)
{
	const json_t *set = json_object_get(c, "bell_set");
	const json_t *oct = json_object_get(c, "octave");
	long long shift = json_integer_value(json_object_get(c,
	    "octave_shift"));
	long long sug = json_integer_value(json_object_get(oct, "shift"));

	printf("\n%sChoir%s", cli_style("1"), cli_unstyle());
	if (json_is_object(set))
		printf("      %s set, %s-%s (%lld bells)\n",
		    json_string_value(json_object_get(set, "name")),
		    json_string_value(json_object_get(set, "lowest")),
		    json_string_value(json_object_get(set, "highest")),
		    (long long)json_integer_value(json_object_get(set, "bells")));
	else
		printf("      no bell set given: every bell made (G1-C9), notes "
		    "kept as they are\n");
	if (shift != sug)
		printf("Octave     %+lld semitones as you asked; the song "
		    "suggests %+lld (%s pitch)\n", shift, sug,
		    json_string_value(json_object_get(oct, "convention")));
}

static long long
count_of(const json_t *notes, const char *key)
{
	return json_integer_value(json_object_get(notes, key));
}

/* "Notes      1041 in the file, 842 rung ..., 199 moved ...". */
static void
notes_print(const json_t *notes)
{
	long long moved = count_of(notes, "moved");
	long long merged = count_of(notes, "merged");
	long long chimed = count_of(notes, "chimed");
	long long out = count_of(notes, "omitted") + count_of(notes,
	    "left_out");
	char buf[512];
	/* Fixed words and five numbers: far under sizeof buf. */
	size_t at = (size_t)snprintf(buf, sizeof buf, "%lld in the file, "
	    "%lld rung on the bells they name", count_of(notes, "in_file"),
	    count_of(notes, "rung"));

	if (moved > 0)
		at += (size_t)snprintf(buf + at, sizeof buf - at,
		    ", %lld moved to another octave", moved);
	if (merged > 0)
		at += (size_t)snprintf(buf + at, sizeof buf - at, " (%lld of "
		    "them landed on a bell already ringing and are rung once)",
		    merged);
	if (chimed > 0)
		at += (size_t)snprintf(buf + at, sizeof buf - at,
		    ", %lld on handchimes", chimed);
	if (out > 0)
		snprintf(buf + at, sizeof buf - at, ", %lld left out", out);
	cli_print_wrapped("Notes", buf);
}

void
choir_report_print(const json_t *result)
{
	json_t *c = json_object_get(result, "choir");
	json_t *best = json_object_get(result, "best_arrangement");
	json_t *v;
	char buf[1024];

	if (!json_is_object(c))
		return;
	set_print(c);
	if (json_array_size(json_object_get(c, "tracks_left_out")) > 0) {
		memcpy(buf, "rung: ", 7);
		track_list(buf + 6, sizeof buf - 6, json_object_get(c, "tracks"));
		cli_print_wrapped("Tracks", buf);
		memcpy(buf, "left out: ", 11);
		track_list(buf + 10, sizeof buf - 10, json_object_get(c,
		    "tracks_left_out"));
		cli_print_wrapped("", buf);
	}
	notes_print(json_object_get(c, "notes"));
	lines("Changes", json_object_get(c, "report"), "");
	if (!json_is_object(best))
		return;
	v = json_object_get(best, "verdict");
	printf("\n%sVerdict%s    %s%s%s (the best arrangement, %s)\n",
	    cli_style("1"), cli_unstyle(),
	    cli_style(json_is_true(json_object_get(v, "ringable")) ? "32" :
	    "31"), json_is_true(json_object_get(v, "ringable")) ?
	    "ringable" : "NOT RINGABLE", cli_unstyle(),
	    json_string_value(json_object_get(best, "strategy")));
	lines("", json_object_get(v, "reasons"), "- ");
	copies_print(json_object_get(best, "duplicate_bells"));
}

const char *
choir_verdict_note(const json_t *arrangement)
{
	json_t *v = json_object_get(arrangement, "verdict");

	if (!json_is_object(v))
		return NULL;
	return json_is_true(json_object_get(v, "ringable")) ? "ringable" :
	    "not ringable";
}
