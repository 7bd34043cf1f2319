/*
 * load_musicxml.c - MusicXML (score-partwise) and compressed .mxl into a
 * score, on libxml2 and libzip.
 *
 * Parsing is safe by construction: no network, no DTD loading, entities
 * never substituted, and a document that declares entities at all (the
 * shape of every XXE and billion-laughs file) is refused.  libxml2 keeps
 * its default nesting limit (256) and its messages off our streams.
 *
 * Time: positions are counted in score ticks, durations converted from
 * the divisions in force, at ticks_per_beat = the least common multiple of every
 * <divisions> value in the file (so every duration is an exact number of
 * ticks); past MUSICXML_MAX_TPB it falls back to that many ticks, a
 * highly composite number, with rounding (logged).
 *
 * Before libxml2 sees a document, a linear scan counts what its tree will
 * cost (xml_precheck): libxml2 2.9 checks an element's attributes for
 * duplicates in quadratic time (100,000 attributes took 21 s) and spends
 * about 140 bytes a node (a 64 KiB .mxl of tiny elements took 2.2 GB).
 */
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/parser.h>
#include <libxml/tree.h>
#include <zip.h>

#include "loaders.h"
#include "../core/grow.h"
#include "../core/log.h"

/* 2^10 3^4 5^2 7 11 13: every division made of those factors is exact
 * at this resolution, and it still fits the int ticks_per_beat. */
#define MUSICXML_MAX_TPB 2075673600LL
/* Positions stay exact in a double up to 2^53 ticks; further is no
 * music (10^9 quarters of 10^6 divisions...) and would overflow int64. */
#define MUSICXML_MAX_TICK 9007199254740992.0
#define MUSICXML_MAX_ATTRIBUTES 256
#define MUSICXML_MIN_BPM 1.0
#define MUSICXML_MAX_BPM 10000.0
#define MUSICXML_MAX_DIVISIONS 1000000.0
#define MUSICXML_MAX_DURATION 1e9   /* in divisions: far beyond music */
#define MUSICXML_VELOCITY 64        /* no dynamics read: mezzo */

static int
is(const xmlNode *n, const char *name)
{
	return n->type == XML_ELEMENT_NODE &&
	    strcmp((const char *)n->name, name) == 0;
}

static xmlNode *
child(const xmlNode *n, const char *name)
{
	for (xmlNode *c = n->children; c != NULL; c = c->next)
		if (is(c, name))
			return c;
	return NULL;
}

/* The element's text as a number; 0 with *ok = 0 if absent or bad. */
static double
number_of(const xmlNode *n, int *ok)
{
	xmlChar *text;
	char *end;
	double v;

	*ok = 0;
	if (n == NULL || (text = xmlNodeGetContent(n)) == NULL)
		return 0;
	errno = 0;
	v = strtod((const char *)text, &end);
	while (*end == ' ' || *end == '\t' || *end == '\n' || *end == '\r')
		end++;
	*ok = end != (char *)text && *end == '\0' && errno == 0 &&
	    isfinite(v);
	xmlFree(text);
	return *ok ? v : 0;
}

static double
child_number(const xmlNode *n, const char *name, double dflt)
{
	int ok;
	double v = number_of(child(n, name), &ok);

	return ok ? v : dflt;
}

static long long
gcd(long long a, long long b)
{
	while (b != 0) {
		long long t = a % b;
		a = b;
		b = t;
	}
	return a;
}

/* LCM of every integral <divisions>; 0 when it is too large or one is
 * not an integer. */
static long long
divisions_lcm(const xmlNode *n, long long acc)
{
	for (; n != NULL && acc != 0; n = n->next) {
		if (is(n, "divisions")) {
			int ok;
			double v = number_of(n, &ok);

			if (!ok || v <= 0 || v != floor(v) ||
			    v > MUSICXML_MAX_DIVISIONS)
				return 0;
			acc = acc / gcd(acc, (long long)v) * (long long)v;
			if (acc > MUSICXML_MAX_TPB)
				return 0;
		}
		if (n->children != NULL)
			acc = divisions_lcm(n->children, acc);
	}
	return acc;
}

struct reader {
	struct score *s;
	const struct vb_limits *lim;
	struct vb_error *err;
	size_t cap_notes, cap_tempo;
	int first_tempo_set;
	/* Per part: */
	double divisions;           /* per quarter note */
	int transpose;              /* semitones, written to sounding */
	int tied[128];              /* note index of an open tie, or -1 */
	/* The meter, from the first part (all parts share the measures). */
	struct measure_start *measures;
	size_t cap_measures;
	struct time_sig *sigs;
	size_t n_sigs, cap_sigs;
	int beats, beat_type;       /* in force; 4/4 until a <time> */
};

static int
fail(struct reader *r, const char *code, int rpc, const char *what)
{
	vb_error_set(r->err, rpc, code, NULL, "%s", what);
	return -1;
}

/*
 * Positions are kept in score ticks (exact when ticks_per_beat is the
 * divisions' LCM); a duration in the current divisions converts with
 * in_ticks, so a <divisions> change mid-part keeps earlier positions.
 */
static double
in_ticks(const struct reader *r, double divs)
{
	return divs * r->s->ticks_per_beat / r->divisions;
}

static int64_t
tick_at(double pos)
{
	return (int64_t)llround(pos);
}

/* Refuses a position past what a tick count can exactly hold (inf and
 * NaN included). */
static int
check_position(struct reader *r, double pos)
{
	if (pos >= 0 && pos <= MUSICXML_MAX_TICK)
		return 0;
	return fail(r, "ERR_MUSIC_PARSE", RPC_APP_ERROR,
	    "Invalid MusicXML: a position past 2^53 ticks (durations far "
	    "beyond any piece)");
}

static int
add_tempo(struct reader *r, double pos, double quarter_bpm)
{
	struct score *s = r->s;
	int64_t tick;

	if (!(quarter_bpm >= MUSICXML_MIN_BPM) ||
	    quarter_bpm > MUSICXML_MAX_BPM) {
		/* Nonsense marks are ignored, not fatal (1e-300 made every
		 * time infinite). */
		if (quarter_bpm != 0)
			log_warn("MusicXML: a tempo of %g bpm ignored (1 to "
			    "10000 are read)", quarter_bpm);
		return 0;
	}
	if (!r->first_tempo_set) {
		s->tempo_bpm = (int)quarter_bpm;   /* upstream: the first mark */
		r->first_tempo_set = 1;
	}
	tick = tick_at(pos);
	if (grow_array((void **)&s->tempo, &r->cap_tempo, s->n_tempo + 1,
	    sizeof *s->tempo) < 0)
		return fail(r, "ERR_NO_MEMORY", RPC_INTERNAL_ERROR,
		    "Out of memory reading the MusicXML file");
	s->tempo[s->n_tempo++] = (struct tempo_change){ tick,
		60e6 / quarter_bpm, 0 };
	return 0;
}

/* <metronome>: per-minute of a beat unit, as quarter notes per minute. */
static double
metronome_bpm(const xmlNode *m)
{
	static const struct { const char *name; double quarters; } units[] = {
		{ "whole", 4 }, { "half", 2 }, { "quarter", 1 },
		{ "eighth", 0.5 }, { "16th", 0.25 }, { "32nd", 0.125 },
	};
	xmlNode *unit = child(m, "beat-unit");
	xmlChar *name;
	double q = 0, per = child_number(m, "per-minute", 0);

	if (unit == NULL || (name = xmlNodeGetContent(unit)) == NULL)
		return 0;
	for (size_t i = 0; i < sizeof units / sizeof units[0]; i++)
		if (strcmp((const char *)name, units[i].name) == 0)
			q = units[i].quarters;
	xmlFree(name);
	if (child(m, "beat-unit-dot") != NULL)
		q *= 1.5;
	return per * q;
}

/* <sound tempo="..."> (in a direction or bare in a measure). */
static int
read_sound(struct reader *r, const xmlNode *sound, double pos)
{
	xmlChar *t = xmlGetProp(sound, (const xmlChar *)"tempo");
	double bpm;

	if (t == NULL)
		return 0;
	bpm = strtod((const char *)t, NULL);
	xmlFree(t);
	return add_tempo(r, pos, bpm);
}

static int
read_direction(struct reader *r, const xmlNode *d, double pos)
{
	for (const xmlNode *c = d->children; c != NULL; c = c->next) {
		if (is(c, "sound")) {
			if (read_sound(r, c, pos) < 0)
				return -1;
		} else if (is(c, "direction-type")) {
			xmlNode *m = child(c, "metronome");

			if (m != NULL && add_tempo(r, pos, metronome_bpm(m)) < 0)
				return -1;
		}
	}
	return 0;
}

static const int step_pc[7] = { 9, 11, 0, 2, 4, 5, 7 };  /* A..G */

/* Sounding MIDI pitch of <pitch>, or -1 if it is not a valid one. */
static int
read_pitch(const struct reader *r, const xmlNode *p)
{
	xmlNode *step = child(p, "step");
	xmlChar *t;
	int ok, octave, pc, midi;
	double alter, oct;

	if (step == NULL || (t = xmlNodeGetContent(step)) == NULL)
		return -1;
	pc = (t[0] >= 'A' && t[0] <= 'G' && t[1] == '\0') ?
	    step_pc[t[0] - 'A'] : -1;
	xmlFree(t);
	oct = number_of(child(p, "octave"), &ok);
	if (pc < 0 || !ok || oct < -1 || oct > 10 || oct != floor(oct))
		return -1;
	octave = (int)oct;
	/* Microtones round to the nearest semitone (half away from 0). */
	alter = child_number(p, "alter", 0);
	if (fabs(alter) > 12)
		return -1;
	midi = (octave + 1) * 12 + pc + (int)lround(alter) + r->transpose;
	return midi >= 0 && midi <= 127 ? midi : -1;
}

/* The spelling's alteration (-2..2), kept when the part transposes by
 * octaves only: otherwise the written natural is not the sounding one. */
static int8_t
written_alter(const struct reader *r, const xmlNode *p)
{
	long a = lround(child_number(p, "alter", 0));

	if (r->transpose % 12 != 0 || a < -2 || a > 2)
		return 0;
	return (int8_t)a;
}

static int
tie_types(const xmlNode *note, int *start, int *stop)
{
	*start = *stop = 0;
	for (const xmlNode *c = note->children; c != NULL; c = c->next) {
		if (!is(c, "tie"))
			continue;
		xmlChar *t = xmlGetProp(c, (const xmlChar *)"type");
		if (t != NULL) {
			*start |= strcmp((const char *)t, "start") == 0;
			*stop |= strcmp((const char *)t, "stop") == 0;
			xmlFree(t);
		}
	}
	return 0;
}

static int
read_note(struct reader *r, const xmlNode *n, int track, double *pos,
    double *last_onset)
{
	struct score *s = r->s;
	int chord = child(n, "chord") != NULL, grace = child(n, "grace") != NULL;
	int ok, tie_start, tie_stop, pitch = -1;
	double dur = number_of(child(n, "duration"), &ok), onset;
	xmlNode *p = child(n, "pitch");

	if (!ok)
		dur = 0;    /* grace notes have none */
	if (dur < 0 || dur > MUSICXML_MAX_DURATION)
		return fail(r, "ERR_MUSIC_PARSE", RPC_APP_ERROR,
		    "Invalid MusicXML: a note duration out of range");
	if (grace)
		dur = 0;
	dur = in_ticks(r, dur);
	onset = chord ? *last_onset : *pos;
	if (check_position(r, onset + dur) < 0)
		return -1;
	if (!chord) {
		*last_onset = *pos;
		*pos += dur;
	}
	if (p == NULL)
		return 0;   /* a rest or an unpitched (percussion) note */
	pitch = read_pitch(r, p);
	if (pitch < 0)
		return 0;   /* not a pitch a bell can have: left out */
	tie_types(n, &tie_start, &tie_stop);
	if (tie_stop && r->tied[pitch] >= 0) {
		/* A continuation: one ring, lengthened. */
		struct note *held = &s->notes[r->tied[pitch]];
		int64_t end = tick_at(onset + dur);

		if (end > held->tick)
			held->dur_ticks = end - held->tick;
		if (!tie_start)
			r->tied[pitch] = -1;
		return 0;
	}
	if (s->n_notes >= r->lim->max_notes) {
		vb_error_set(r->err, RPC_LIMIT_EXCEEDED, "ERR_TOO_MANY_NOTES",
		    NULL, "The file has more than %zu notes",
		    r->lim->max_notes);
		return -1;
	}
	if (grow_array((void **)&s->notes, &r->cap_notes, s->n_notes + 1,
	    sizeof *s->notes) < 0)
		return fail(r, "ERR_NO_MEMORY", RPC_INTERNAL_ERROR,
		    "Out of memory reading the MusicXML file");
	s->notes[s->n_notes] = (struct note){
		.pitch = pitch, .velocity = MUSICXML_VELOCITY, .track = track,
		.tick = tick_at(onset),
		.dur_ticks = tick_at(onset + dur) - tick_at(onset),
		.alter = written_alter(r, p),
	};
	/* An untied note of the same pitch (another voice) leaves an open
	 * tie alone: only a tie stop closes it. */
	if (tie_start)
		r->tied[pitch] = (int)s->n_notes;
	s->n_notes++;
	s->tracks[track].note_count++;
	return 0;
}

/*
 * The first part's measures: where each starts, the number the file gives
 * it (a pickup is usually "0", implicit="yes") and the time signature in
 * force, a <time> in its attributes applying from its start.  Called
 * before the measure's contents are read, with its <attributes> found
 * here so that the signature is the measure's own.
 */
static int
read_measure_meter(struct reader *r, const xmlNode *m, double start)
{
	struct score *s = r->s;
	xmlChar *num = xmlGetProp(m, (const xmlChar *)"number");
	xmlChar *imp = xmlGetProp(m, (const xmlChar *)"implicit");
	int number = s->n_measures > 0 ?
	    s->measures[s->n_measures - 1].number + 1 : 1;
	char *end;
	long v;

	if (num != NULL) {
		v = strtol((const char *)num, &end, 10);
		if (end != (char *)num && v > -100000 && v < 100000)
			number = (int)v;
	}
	for (const xmlNode *e = m->children; e != NULL; e = e->next) {
		xmlNode *t = is(e, "attributes") ? child(e, "time") : NULL;
		int ok1, ok2;
		double b, bt;

		if (t == NULL)
			continue;
		b = number_of(child(t, "beats"), &ok1);
		bt = number_of(child(t, "beat-type"), &ok2);
		if (!ok1 || !ok2 || b < 1 || b > 64 || bt < 1 || bt > 64 ||
		    b != floor(b) || bt != floor(bt))
			continue;   /* 3+2/8 and the like: the last kept */
		r->beats = (int)b;
		r->beat_type = (int)bt;
		if (grow_array((void **)&r->sigs, &r->cap_sigs, r->n_sigs + 1,
		    sizeof *r->sigs) < 0)
			goto nomem;
		r->sigs[r->n_sigs++] = (struct time_sig){ tick_at(start),
			r->beats, r->beat_type, number };
	}
	if (grow_array((void **)&s->measures, &r->cap_measures,
	    s->n_measures + 1, sizeof *s->measures) < 0)
		goto nomem;
	s->measures[s->n_measures++] = (struct measure_start){
		tick_at(start), number,
		imp != NULL && strcmp((const char *)imp, "yes") == 0,
		r->beats, r->beat_type };
	xmlFree(num);
	xmlFree(imp);
	return 0;
nomem:
	xmlFree(num);
	xmlFree(imp);
	return fail(r, "ERR_NO_MEMORY", RPC_INTERNAL_ERROR,
	    "Out of memory reading the MusicXML file");
}

static int
read_part(struct reader *r, const xmlNode *part, int track)
{
	double pos = 0, last_onset = 0;

	r->divisions = 1;
	r->transpose = 0;
	for (int i = 0; i < 128; i++)
		r->tied[i] = -1;
	for (const xmlNode *m = part->children; m != NULL; m = m->next) {
		double start = pos, furthest = pos;

		if (!is(m, "measure"))
			continue;
		if (track == 0 && read_measure_meter(r, m, start) < 0)
			return -1;
		for (const xmlNode *e = m->children; e != NULL; e = e->next) {
			int ok;
			double d;

			if (is(e, "attributes")) {
				xmlNode *dv = child(e, "divisions");
				xmlNode *tr = child(e, "transpose");

				if (dv != NULL) {
					d = number_of(dv, &ok);
					if (!ok || d <= 0 ||
					    d > MUSICXML_MAX_DIVISIONS)
						return fail(r, "ERR_MUSIC_PARSE",
						    RPC_APP_ERROR,
						    "Invalid MusicXML: a "
						    "<divisions> value out of "
						    "range");
					r->divisions = d;
				}
				if (tr != NULL)
					r->transpose = (int)lround(
					    child_number(tr, "chromatic", 0) +
					    12 * child_number(tr,
					    "octave-change", 0));
				if (abs(r->transpose) > 48)
					r->transpose = 0;
				if (tr != NULL && r->s->tracks[track].transpose == 0)
					r->s->tracks[track].transpose =
					    r->transpose;
			} else if (is(e, "note")) {
				if (read_note(r, e, track, &pos,
				    &last_onset) < 0)
					return -1;
			} else if (is(e, "backup") || is(e, "forward")) {
				d = number_of(child(e, "duration"), &ok);
				if (!ok || d < 0 || d > MUSICXML_MAX_DURATION)
					return fail(r, "ERR_MUSIC_PARSE",
					    RPC_APP_ERROR, "Invalid MusicXML: "
					    "a backup/forward duration out of "
					    "range");
				d = in_ticks(r, d);
				if (check_position(r, pos + d) < 0)
					return -1;
				pos += is(e, "forward") ? d : -d;
				/* A backup past the measure's start is
				 * held at the start. */
				if (pos < start)
					pos = start;
			} else if (is(e, "direction")) {
				if (read_direction(r, e, pos) < 0)
					return -1;
			} else if (is(e, "sound")) {
				if (read_sound(r, e, pos) < 0)
					return -1;
			}
			if (pos > furthest)
				furthest = pos;
		}
		pos = furthest;   /* the next measure starts after the longest voice */
	}
	return 0;
}

static void
quiet(void *ctx, const char *msg, ...)
{
	(void)ctx;
	(void)msg;
}

static void
quiet_structured(void *ctx, xmlErrorPtr e)
{
	(void)ctx;
	(void)e;
}

/* Where the construct starting at p ends (just after end_mark), or NULL. */
static const unsigned char *
skip_past(const unsigned char *p, const unsigned char *end,
    const char *end_mark)
{
	size_t n = strlen(end_mark);

	/* memchr then a 2-3 byte compare: linear (memmem is not portable). */
	while (p != NULL && (size_t)(end - p) >= n) {
		if (memcmp(p, end_mark, n) == 0)
			return p + n;
		p = memchr(p + 1, end_mark[0], (size_t)(end - p - 1));
	}
	return NULL;
}

/*
 * A tag from p (its '<') to just after its '>', quotes respected; counts
 * its attributes (the '=' outside quotes).  A <!DOCTYPE ...> may hold an
 * internal subset in brackets.  NULL if it never ends.
 */
static const unsigned char *
scan_tag(const unsigned char *p, const unsigned char *end, size_t *attrs)
{
	int depth = 0;
	unsigned char quote = 0;

	*attrs = 0;
	for (p++; p < end; p++) {
		if (quote) {
			quote = *p == quote ? 0 : quote;
		} else if (*p == '"' || *p == '\'') {
			quote = *p;
		} else if (*p == '=') {
			(*attrs)++;
		} else if (*p == '[') {
			depth++;
		} else if (*p == ']') {
			depth--;
		} else if (*p == '>' && depth <= 0) {
			return p + 1;
		}
	}
	return NULL;
}

/*
 * What the tree will cost, in one linear pass before libxml2 builds it:
 * nodes (elements, text runs, comments; an attribute counts 2, its node
 * and its text) against max_xml_nodes, and attributes per element against
 * MUSICXML_MAX_ATTRIBUTES.  A document this cannot follow is left for
 * libxml2 to refuse.  0, or -1 with err.
 */
static int
xml_precheck(const unsigned char *d, size_t len, size_t max_nodes,
    struct vb_error *err)
{
	const unsigned char *p = d, *end = d + len;
	size_t nodes = 0, attrs;

	while (p != NULL && p < end) {
		if (*p != '<') {
			nodes++;   /* a text run, up to the next tag */
			p = memchr(p, '<', (size_t)(end - p));
			continue;
		}
		if (end - p >= 4 && memcmp(p, "<!--", 4) == 0) {
			p = skip_past(p + 4, end, "-->");
			nodes++;
		} else if (end - p >= 9 && memcmp(p, "<![CDATA[", 9) == 0) {
			p = skip_past(p + 9, end, "]]>");
			nodes++;
		} else if (end - p >= 2 && p[1] == '?') {
			p = skip_past(p + 2, end, "?>");
		} else {
			int element = end - p >= 2 && p[1] != '/' && p[1] != '!';

			p = scan_tag(p, end, &attrs);
			if (!element)
				continue;
			if (attrs > MUSICXML_MAX_ATTRIBUTES)
				return vb_error_set(err, RPC_APP_ERROR,
				    "ERR_MUSIC_PARSE", NULL, "Invalid MusicXML: "
				    "an element with %zu attributes (no MusicXML "
				    "element has more than %d)", attrs,
				    MUSICXML_MAX_ATTRIBUTES);
			nodes += 1 + 2 * attrs;
		}
		if (nodes > max_nodes)
			return vb_error_set(err, RPC_LIMIT_EXCEEDED,
			    "ERR_XML_TOO_LARGE", NULL, "The MusicXML document "
			    "has more than %zu elements, texts and attributes "
			    "(max_xml_nodes)", max_nodes);
	}
	return 0;
}

/* Parses XML safely; NULL with err filled. */
static xmlDoc *
parse_safely(const unsigned char *data, size_t len,
    const struct vb_limits *lim, struct vb_error *err)
{
	xmlDoc *doc;

	xmlSetGenericErrorFunc(NULL, quiet);
	xmlSetStructuredErrorFunc(NULL, quiet_structured);
	if (len > (size_t)INT32_MAX) {
		vb_error_set(err, RPC_APP_ERROR, "ERR_MUSIC_PARSE", NULL,
		    "The XML file is too large");
		return NULL;
	}
	if (xml_precheck(data, len, lim->max_xml_nodes, err) < 0)
		return NULL;
	doc = xmlReadMemory((const char *)data, (int)len, "upload.xml", NULL,
	    XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING |
	    XML_PARSE_NOCDATA);
	if (doc == NULL) {
		const xmlError *e = xmlGetLastError();
		/* libxml2 itself stops some entity attacks (reference loops,
		 * amplification): say what they were. */
		int entities = e != NULL && (e->code == XML_ERR_ENTITY_LOOP ||
		    e->code == XML_ERR_UNDECLARED_ENTITY);
		vb_error_set(err, RPC_APP_ERROR,
		    entities ? "ERR_XML_UNSAFE" : "ERR_MUSIC_PARSE", NULL,
		    "Invalid XML%s%.200s", e && e->message ? ": " : "",
		    e && e->message ? e->message : "");
		/* libxml2's messages end with a newline. */
		size_t n = strlen(err->message);
		if (n > 0 && err->message[n - 1] == '\n')
			err->message[n - 1] = '\0';
		return NULL;
	}
	/*
	 * Entities are never substituted, but a document that declares any
	 * (internal or external subset) is refused outright: no score needs
	 * them, and they are how XXE and billion-laughs files work.
	 */
	if ((doc->intSubset != NULL && (doc->intSubset->entities != NULL ||
	    doc->intSubset->pentities != NULL)) ||
	    (doc->extSubset != NULL && doc->extSubset->entities != NULL)) {
		xmlFreeDoc(doc);
		vb_error_set(err, RPC_APP_ERROR, "ERR_XML_UNSAFE", NULL,
		    "The XML declares entities; refused for safety");
		return NULL;
	}
	return doc;
}

/* The root must be score-partwise; counts its parts against max_tracks.
 * 0, or -1 with err. */
static int
check_root(const xmlNode *root, const struct vb_limits *lim, size_t *nparts,
    struct vb_error *err)
{
	if (root == NULL || !is(root, "score-partwise"))
		return vb_error_set(err, RPC_APP_ERROR, "ERR_MUSIC_PARSE", NULL,
		    root != NULL && is(root, "score-timewise") ?
		    "score-timewise MusicXML is not supported; export the "
		    "score as partwise (the usual form)" :
		    "Not a MusicXML score (no score-partwise root)");
	*nparts = 0;
	for (xmlNode *c = root->children; c != NULL; c = c->next)
		*nparts += is(c, "part");
	if (*nparts > lim->max_tracks)
		return vb_error_set(err, RPC_LIMIT_EXCEEDED,
		    "ERR_TOO_MANY_TRACKS", NULL,
		    "The score has %zu parts; the limit is %zu", *nparts,
		    lim->max_tracks);
	return 0;
}

/*
 * Ticks per quarter: the LCM of every <divisions>, so that positions are
 * exact; when that would not fit an int (or a division is not whole),
 * the finest resolution that fits, positions rounded (logged).
 */
static int
choose_ticks_per_beat(const xmlNode *root)
{
	long long tpb = divisions_lcm(root->children, 1);

	if (tpb <= 0) {
		log_warn("MusicXML: the divisions' least common multiple is "
		    "over %lld (or one is not whole): positions rounded to "
		    "1/%lld of a quarter", MUSICXML_MAX_TPB, MUSICXML_MAX_TPB);
		tpb = MUSICXML_MAX_TPB;
	}
	return (int)tpb;
}

/* The part-name of the score-part whose id is the part's (new string,
 * xmlFree), or NULL. */
static xmlChar *
part_name(const xmlNode *list, const xmlNode *part)
{
	xmlChar *id = xmlGetProp(part, (const xmlChar *)"id"), *name = NULL;

	for (xmlNode *sp = list ? list->children : NULL;
	    sp != NULL && id != NULL && name == NULL; sp = sp->next) {
		xmlChar *spid;

		if (!is(sp, "score-part"))
			continue;
		spid = xmlGetProp(sp, (const xmlChar *)"id");
		if (spid != NULL && xmlStrcmp(spid, id) == 0 &&
		    child(sp, "part-name") != NULL)
			name = xmlNodeGetContent(child(sp, "part-name"));
		xmlFree(spid);
	}
	xmlFree(id);
	return name;
}

/* Every part, in order, as a named track.  0, or -1 with r->err. */
static int
read_parts(struct reader *r, const xmlNode *root)
{
	const xmlNode *list = child(root, "part-list");
	int track = 0;

	for (xmlNode *c = root->children; c != NULL; c = c->next) {
		xmlChar *name;

		if (!is(c, "part"))
			continue;
		name = part_name(list, c);
		r->s->tracks[track].name = strdup(name ? (char *)name : "");
		xmlFree(name);
		r->s->n_tracks++;
		if (r->s->tracks[track].name == NULL)
			return fail(r, "ERR_NO_MEMORY", RPC_INTERNAL_ERROR,
			    "Out of memory reading the MusicXML file");
		if (read_part(r, c, track) < 0)
			return -1;
		track++;
	}
	return 0;
}

struct score *
score_load_musicxml(const unsigned char *data, size_t len,
    const struct load_options *opt, struct vb_error *err)
{
	struct reader r;
	xmlDoc *doc = parse_safely(data, len, opt->limits, err);
	xmlNode *root;
	size_t nparts = 0;

	if (doc == NULL)
		return NULL;
	memset(&r, 0, sizeof r);
	r.beats = r.beat_type = 4;
	r.lim = opt->limits;
	r.err = err;
	root = xmlDocGetRootElement(doc);
	if (check_root(root, opt->limits, &nparts, err) < 0)
		goto fail;
	r.s = score_new();
	if (r.s == NULL || (nparts > 0 &&
	    (r.s->tracks = calloc(nparts, sizeof *r.s->tracks)) == NULL)) {
		fail(&r, "ERR_NO_MEMORY", RPC_INTERNAL_ERROR,
		    "Out of memory reading the MusicXML file");
		goto fail;
	}
	r.s->format = SCORE_FORMAT_MUSICXML;
	r.s->ticks_per_beat = choose_ticks_per_beat(root);
	if (read_parts(&r, root) < 0)
		goto fail;
	if (score_set_tempo_map(r.s, r.s->tempo, r.s->n_tempo) < 0) {
		fail(&r, "ERR_NO_MEMORY", RPC_INTERNAL_ERROR,
		    "Out of memory reading the MusicXML file");
		goto fail;
	}
	xmlFreeDoc(doc);
	score_set_meter(r.s, r.sigs, r.n_sigs);
	score_note_times(r.s);
	score_analyse(r.s);
	return r.s;
fail:
	xmlFreeDoc(doc);
	free(r.sigs);
	score_free(r.s);
	return NULL;
}

/* Reads member name of the zip into a new buffer, bounded.  NULL with
 * err filled. */
static unsigned char *
zip_member(zip_t *z, const char *name, size_t max, size_t *len,
    struct vb_error *err)
{
	zip_stat_t st;
	zip_file_t *f;
	unsigned char *buf;
	zip_int64_t n;
	size_t got = 0;

	if (zip_stat(z, name, 0, &st) < 0) {
		vb_error_set(err, RPC_APP_ERROR, "ERR_MUSIC_PARSE", NULL,
		    "The .mxl archive has no %.100s", name);
		return NULL;
	}
	if ((st.valid & ZIP_STAT_SIZE) && st.size > max) {
		vb_error_set(err, RPC_LIMIT_EXCEEDED, "ERR_DECODED_TOO_LARGE",
		    NULL, "%.100s unpacks to more than %zu bytes", name, max);
		return NULL;
	}
	f = zip_fopen(z, name, 0);
	buf = malloc(max + 1);
	if (f == NULL || buf == NULL) {
		if (f != NULL)
			zip_fclose(f);
		free(buf);
		vb_error_set(err, RPC_APP_ERROR, "ERR_MUSIC_PARSE", NULL,
		    "Cannot read %.100s from the .mxl archive", name);
		return NULL;
	}
	/* The declared size can lie: count what actually comes out. */
	while ((n = zip_fread(f, buf + got, max + 1 - got)) > 0) {
		got += (size_t)n;
		if (got > max)
			break;
	}
	zip_fclose(f);
	if (n < 0 || got > max) {
		free(buf);
		if (got > max)
			vb_error_set(err, RPC_LIMIT_EXCEEDED,
			    "ERR_DECODED_TOO_LARGE", NULL,
			    "%.100s unpacks to more than %zu bytes", name, max);
		else
			vb_error_set(err, RPC_APP_ERROR, "ERR_MUSIC_PARSE",
			    NULL, "Damaged .mxl archive (%.100s)", name);
		return NULL;
	}
	*len = got;
	return buf;
}

/* The root file named by META-INF/container.xml (new string), or the
 * first .musicxml/.xml member outside META-INF. */
static char *
mxl_root_name(zip_t *z, const struct vb_limits *lim, struct vb_error *err)
{
	size_t len;
	unsigned char *c = zip_member(z, "META-INF/container.xml",
	    lim->max_decoded_bytes, &len, err);
	char *name = NULL;

	if (c != NULL) {
		xmlDoc *doc = parse_safely(c, len, lim, err);

		free(c);
		if (doc == NULL)
			return NULL;
		for (xmlNode *n = xmlDocGetRootElement(doc); n != NULL;) {
			if (is(n, "rootfile")) {
				xmlChar *p = xmlGetProp(n,
				    (const xmlChar *)"full-path");
				if (p != NULL)
					name = strdup((const char *)p);
				xmlFree(p);
				break;
			}
			/* Depth-first walk. */
			if (n->children != NULL)
				n = n->children;
			else {
				while (n != NULL && n->next == NULL)
					n = n->parent;
				if (n != NULL)
					n = n->next;
			}
		}
		xmlFreeDoc(doc);
		if (name != NULL)
			return name;
	}
	vb_error_clear(err);
	for (zip_int64_t i = 0, n = zip_get_num_entries(z, 0); i < n; i++) {
		const char *e = zip_get_name(z, (zip_uint64_t)i, 0);
		size_t el = e ? strlen(e) : 0;

		if (e == NULL || strncmp(e, "META-INF/", 9) == 0)
			continue;
		if ((el > 9 && strcmp(e + el - 9, ".musicxml") == 0) ||
		    (el > 4 && strcmp(e + el - 4, ".xml") == 0))
			return strdup(e);
	}
	vb_error_set(err, RPC_APP_ERROR, "ERR_MUSIC_PARSE", NULL,
	    "The .mxl archive holds no MusicXML file");
	return NULL;
}

struct score *
score_load_mxl(const unsigned char *data, size_t len,
    const struct load_options *opt, struct vb_error *err)
{
	zip_error_t ze;
	zip_source_t *src;
	zip_t *z;
	char *root;
	unsigned char *xml;
	size_t xlen;
	struct score *s = NULL;

	zip_error_init(&ze);
	src = zip_source_buffer_create(data, len, 0, &ze);
	z = src ? zip_open_from_source(src, ZIP_RDONLY, &ze) : NULL;
	if (z == NULL) {
		if (src != NULL)
			zip_source_free(src);
		zip_error_fini(&ze);
		vb_error_set(err, RPC_APP_ERROR, "ERR_MUSIC_PARSE", NULL,
		    "Not a readable .mxl (zip) file");
		return NULL;
	}
	zip_error_fini(&ze);
	root = mxl_root_name(z, opt->limits, err);
	if (root != NULL) {
		xml = zip_member(z, root, opt->limits->max_decoded_bytes,
		    &xlen, err);
		if (xml != NULL) {
			s = score_load_musicxml(xml, xlen, opt, err);
			free(xml);
			if (s != NULL)
				s->format = SCORE_FORMAT_MXL;
		}
		free(root);
	}
	zip_discard(z);
	return s;
}
