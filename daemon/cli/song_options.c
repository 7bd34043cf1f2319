/* song_options.c - song options and the song summary, shared by info and
 * arrange. */
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "song_options.h"
#include "../methods/vocabulary.h"

int
song_option(const char *cmd, int argc, char **argv, int *i, json_t *params)
{
	const char *a = argv[*i];
	word_at_fn formats = vocabulary_words(VOCAB_INPUT_FORMATS);
	char names[128];

	if (strcmp(a, "--include-percussion") == 0) {
		json_object_set_new(params, "include_percussion", json_true());
		return 1;
	}
	if (strcmp(a, "--format") == 0) {
		words_join(names, sizeof names, formats, ", ", ", ", "");
		if (*i + 1 >= argc) {
			cli_usage_error(cmd, "--format needs a value (%s)", names);
			return -1;
		}
		const char *f = argv[++*i];
		size_t k = 0;
		while (formats(k) != NULL && strcmp(formats(k), f) != 0)
			k++;
		if (formats(k) == NULL) {
			cli_usage_error(cmd, "--format: unknown format '%s' (%s)", f,
			    names);
			return -1;
		}
		json_object_set_new(params, "format", json_string(f));
		return 1;
	}
	return 0;
}

/* A label and the names of a list, wrapped. */
static void
names_line(const char *label, const json_t *names)
{
	char buf[2048];
	size_t i, off = 0;
	json_t *n;

	if (!json_is_array(names) || json_array_size(names) == 0)
		return;
	buf[0] = '\0';
	json_array_foreach(names, i, n) {
		int w = snprintf(buf + off, sizeof buf - off, "%s%s",
		    i ? " " : "", json_string_value(n));
		if (w < 0 || (size_t)w >= sizeof buf - off)
			break;
		off += (size_t)w;
	}
	cli_print_wrapped(label, buf);
}

/*
 * The tracks as --track counts them (from 1), each with its name (none:
 * "unnamed") and notes, wrapped: "1 O for a Thousand Tongues (no notes);
 * 2 unnamed, 289 notes".
 */
static void
tracks_line(const json_t *tracks)
{
	char buf[4096];
	size_t i, off = 0;
	json_t *t;

	buf[0] = '\0';
	json_array_foreach(tracks, i, t) {
		const char *name = json_string_value(json_object_get(t, "name"));
		long long n = json_integer_value(json_object_get(t,
		    "note_count"));
		char notes[48];
		int w;

		if (n == 0)
			snprintf(notes, sizeof notes, " (no notes)");
		else
			snprintf(notes, sizeof notes, ", %lld note%s", n,
			    n == 1 ? "" : "s");
		w = snprintf(buf + off, sizeof buf - off, "%s%zu %.200s%s",
		    i ? "; " : "", i + 1, name && *name ? name : "unnamed",
		    notes);
		if (w < 0 || (size_t)w >= sizeof buf - off)
			break;
		off += (size_t)w;
	}
	cli_print_wrapped("Tracks", buf);
}

void
song_summary_print(const json_t *s)
{
	json_t *tracks = json_object_get(s, "tracks");

	printf("%sSong%s       %s (%s)\n", cli_style("1"), cli_unstyle(),
	    json_string_value(json_object_get(s, "filename")),
	    json_string_value(json_object_get(s, "format")));
	printf("Notes      %lld rung, %lld distinct pitches (%lld melody, %lld harmony)\n",
	    (long long)json_integer_value(json_object_get(s, "total_note_events")),
	    (long long)json_integer_value(json_object_get(s, "note_count")),
	    (long long)json_integer_value(json_object_get(s, "melody_count")),
	    (long long)json_integer_value(json_object_get(s, "harmony_count")));
	printf("Tempo      %lld bpm", (long long)json_integer_value(json_object_get(s, "tempo_bpm")));
	if (json_object_get(s, "ticks_per_beat"))
		printf(", %lld ticks per beat",
		    (long long)json_integer_value(json_object_get(s, "ticks_per_beat")));
	printf("\nLength     %.1f s\n",
	    json_number_value(json_object_get(s, "duration_ms")) / 1000.0);
	names_line("Bells", json_object_get(s, "unique_notes"));
	names_line("Melody", json_object_get(s, "melody_notes"));
	if (json_array_size(tracks) > 0)
		tracks_line(tracks);
}
