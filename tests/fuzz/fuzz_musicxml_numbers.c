/*
 * fuzz_musicxml_numbers.c - MusicXML whose every number comes from the
 * input: divisions (their LCM), durations, forward and backup, tempo
 * marks, alter, octave and transpose, each either a byte-made number or
 * an edge case (0, negatives, 1e-300, 1e308, nan, 2^31, 2^63, primes near
 * a million).  The structure around them is valid, so the numbers reach
 * the reader's arithmetic instead of stopping at a parse error.  Every
 * accepted score must satisfy the loader invariants, and its MIDI export
 * must be refused with a code or read back.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/daemon.h"
#include "export/export.h"
#include "methods/export_params.h"
#include "music/loaders.h"
#include "score_invariants.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const char *const edge[] = {
	"0", "-1", "1", "2", "3", "7", "1024", "10080", "480", "999983",
	"999979", "1000000", "1000001", "2147483647", "2147483648",
	"9223372036854775807", "1e9", "1e-300", "1e308", "-1e308", "nan",
	"inf", "0.5", "0.0001", "1.5", "-12", "12", "13", "48", "49", "10",
	"11", "-2", "1e18", " 4 ", "",
};
#define N_EDGE (sizeof edge / sizeof edge[0])

struct reader {
	const uint8_t *p, *end;
	char nums[64][32];
	int n;
};

/* The next number's text: an edge case, or digits from the input. */
static const char *
num(struct reader *r)
{
	char *out = r->nums[r->n++ % 64];
	unsigned c = r->p < r->end ? *r->p++ : 0;

	if (c < 128) {
		snprintf(out, 32, "%s", edge[c % N_EDGE]);
	} else {
		unsigned v = 0;
		for (int i = 0; i < 3 && r->p < r->end; i++)
			v = v << 8 | *r->p++;
		snprintf(out, 32, "%u", v >> (c & 15));
	}
	return out;
}

static void
put(char **w, char *end, const char *fmt, const char *a, const char *b)
{
	int n = snprintf(*w, (size_t)(end - *w), fmt, a, b);

	if (n > 0 && n < end - *w)
		*w += n;
}

static void
write_part(struct reader *r, char **w, char *end, int part)
{
	static const char *const step = "CDEFGAB";
	char id[8], st[2] = { 0, 0 };

	snprintf(id, sizeof id, "P%d", part);
	put(w, end, "<part id=\"%s\"><measure number=\"1\"><attributes>"
	    "<divisions>%s</divisions>", id, num(r));
	put(w, end, "<transpose><chromatic>%s</chromatic><octave-change>%s"
	    "</octave-change></transpose></attributes>", num(r), num(r));
	put(w, end, "<direction><direction-type><metronome><beat-unit>quarter"
	    "</beat-unit><per-minute>%s</per-minute></metronome>"
	    "</direction-type><sound tempo=\"%s\"/></direction>", num(r),
	    num(r));
	for (int m = 0; m < 3 && r->p < r->end; m++) {
		if (m > 0)
			put(w, end, "</measure><measure number=\"%s\">%s", "2",
			    "");
		for (int i = 0; i < 4 && r->p < r->end; i++) {
			st[0] = step[(r->p < r->end ? *r->p : 0) % 7];
			put(w, end, "<note>%s<pitch><step>%s</step>",
			    i == 2 ? "<chord/>" : "", st);
			put(w, end, "<alter>%s</alter><octave>%s</octave></pitch>",
			    num(r), num(r));
			put(w, end, "<duration>%s</duration>%s</note>", num(r),
			    i == 1 ? "<tie type=\"start\"/>" : "");
		}
		put(w, end, "<backup><duration>%s</duration></backup>"
		    "<forward><duration>%s</duration></forward>", num(r),
		    num(r));
		put(w, end, "<attributes><divisions>%s</divisions></attributes>%s",
		    num(r), "");
	}
	put(w, end, "</measure></part>%s%s", "", "");
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static char xml[65536];
	struct reader r = { data, data + size, { { 0 } }, 0 };
	char *w = xml, *end = xml + sizeof xml;
	struct vb_limits limits;
	struct vb_error err = { 0 };
	struct load_options opt = { &limits, 0 };
	struct score *s;

	daemon_limits_default(&limits);
	put(&w, end, "<?xml version=\"1.0\"?><score-partwise><part-list>"
	    "<score-part id=\"P0\"><part-name>%s</part-name></score-part>"
	    "<score-part id=\"P1\"><part-name>%s</part-name></score-part>"
	    "</part-list>", "A", "B");
	write_part(&r, &w, end, 0);
	write_part(&r, &w, end, 1);
	put(&w, end, "</score-partwise>%s%s", "", "");
	s = score_load_musicxml((const unsigned char *)xml, (size_t)(w - xml),
	    &opt, &err);
	if (s == NULL) {
		if (err.code[0] == '\0')
			abort();
		return 0;
	}
	check_score_invariants(s, 0);
	if (s->ticks_per_beat < 1 || s->duration_ms < 0)
		abort();
	json_t *params = json_pack("{s:{s:{s:[ss]}}}", "arrangement", "A",
	    "left_hand", "C4", "E4");
	struct export_input in;
	size_t len;
	unsigned char *midi;

	if (export_input_parse(params, &in, &err) < 0)
		abort();
	midi = export_midi(&in, s, &len, &err);
	if (midi == NULL && err.code[0] == '\0')
		abort();
	if (midi != NULL) {
		struct score *back = score_load_midi(midi, len, &opt, &err);
		if (back == NULL || back->n_notes != s->n_notes)
			abort();
		score_free(back);
	}
	free(midi);
	json_decref(params);
	score_free(s);
	return 0;
}
