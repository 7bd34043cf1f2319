/*
 * arrange_case.h - fuzz bytes turned into an arrangement request (a score
 * a loader could have produced, 1..64 players of every level, a config
 * within the params' bounds) and the engine's invariants checked on its
 * JSON result.  Shared by the libFuzzer harness fuzz_arrange.c and the
 * regression test tests/unit/test_arrange_regress.c, so a saved input
 * replays exactly as the fuzzer saw it.
 *
 * The bytes, in order (a short input reads zeros):
 *   flags       bit0 MusicXML, bit1 no simulation, bit2 config given,
 *               bit3 run twice and compare bytes, bit4 techniques (from
 *               each player byte's top bits) and difficulty, bit5 locks
 *               and a previous arrangement (from the score: see
 *               case_director), bit6 choir mode
 *   strategies  7-bit mask, 0 = all seven
 *   players     1 + b % 64; then one byte each: level (b % 5) and name
 *               kind (b / 5 % 8)
 *   config      (if flagged) 3 bells 1..8, 3 gaps and the impossible gap
 *   choir       (if flagged) the choir params, see case_choir_params
 *   pitch range lowest pitch, span 1..128
 *   division    2 bytes, 1..32767
 *   tempo       count 0..3, each: tick 3 bytes, value 3 bytes
 *   notes       4 bytes each (pitch, delta, duration, shape) to the end,
 *               at most ARRANGE_CASE_MAX_NOTES
 */
#ifndef VB_ARRANGE_CASE_H
#define VB_ARRANGE_CASE_H

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "core/json_out.h"
#include "engine/bell_tables.h"
#include "engine/engine.h"
#include "methods/choir_params.h"
#include "music/choir.h"
#include "music/score.h"
#include "score_invariants.h"

#define ARRANGE_CASE_MAX_PLAYERS 64
#define ARRANGE_CASE_MAX_NOTES   2000

struct arrange_case {
	struct score *s;
	struct arrange_player players[ARRANGE_CASE_MAX_PLAYERS];
	char names[ARRANGE_CASE_MAX_PLAYERS][48];
	struct arrange_request req;
	int twice;
	char why[256];              /* the broken invariant */
	/* Choir mode: the params as JSON, read by choir_params.c as the
	 * arrange method reads them, and the score the choir rings. */
	json_t *choir_json;
	struct choir_params cp;
	struct choir_report rep;
	struct arrange_choir choir;
	struct score *rung;
	unsigned n_tracks;
};

struct case_bytes {
	const uint8_t *p;
	size_t n;
};

static inline unsigned
case_u8(struct case_bytes *b)
{
	if (b->n == 0)
		return 0;
	b->n--;
	return *b->p++;
}

static inline unsigned
case_u16(struct case_bytes *b)
{
	unsigned hi = case_u8(b);

	return hi << 8 | case_u8(b);
}

static inline unsigned
case_u24(struct case_bytes *b)
{
	unsigned hi = case_u8(b);

	return hi << 16 | case_u16(b);
}

/*
 * Names the params would accept (non-empty, valid UTF-8, no NUL, unique)
 * and that make trouble: ones the virtual players would take, JSON's
 * special characters, a right-to-left mark, a spreadsheet formula.
 */
static inline void
case_name(char *buf, size_t len, int i, unsigned kind, unsigned arg)
{
	switch (kind) {
	case 1:
		snprintf(buf, len, "Virtual Player %u", 1 + arg % 8);
		break;
	case 2:
		snprintf(buf, len, "\"q\\%d\n\t\x01", i);
		break;
	case 3:
		snprintf(buf, len, "\xe2\x80\x8fR%d", i);   /* U+200F */
		break;
	case 4:
		snprintf(buf, len, "=HYPERLINK(%d)", i);
		break;
	case 5:
		snprintf(buf, len, "\xf0\x9f\x94\x94 %d", i);  /* a bell */
		break;
	default:
		snprintf(buf, len, "P%d", i);
		break;
	}
}

/*
 * Locks and a previous arrangement drawn from the score itself (so that
 * older inputs read the same bytes): every third bell locked to player
 * k % n (within their level's count), in hand k / 3 % 3; every other bell
 * said to be held before by player (k + 1) % (n + 1), n being a ringer
 * who is not here.
 */
static inline void
case_director(struct arrange_case *c)
{
	static const char *const absent = "Not Here";
	const struct score *s = c->req.score;   /* the choir's, in choir mode */
	size_t n = c->req.n_players;
	int held[ARRANGE_CASE_MAX_PLAYERS] = { 0 };

	for (size_t k = 0; k < s->n_unique; k++) {
		int p = s->unique_pitches[k];
		size_t who = k % n, before = (k + 1) % (n + 1);

		/* A locked bell the set lacks is refused (ERR_INVALID_LOCKS):
		 * out_of_range "keep" rings such bells. */
		if (p < 12 || (c->req.choir != NULL &&
		    c->req.choir->request->set_given &&
		    c->req.choir->request->set.copies[p] == 0))
			continue;
		if (k % 3 == 0 && held[who] < level_max_bells(&c->req.config,
		    c->players[who].level)) {
			held[who]++;
			c->req.locks.owner[p] = (uint8_t)(who + 1);
			c->req.locks.hand[p] = (uint8_t)(k / 3 % 3);
			c->req.locks.n++;
		} else if (k % 2 == 0) {
			c->req.previous.given = 1;
			c->req.previous.holder[p] = before < n ?
			    c->players[before].name : absent;
			c->req.previous.owner[p] = (uint8_t)(before < n ?
			    before + 1 : 0);
			c->req.previous.hand[p] = (uint8_t)(k % 3);
		}
	}
}

/* A bell name: mostly one that exists (G1..C9), sometimes not. */
static inline json_t *
case_bell(struct case_bytes *b)
{
	unsigned v = case_u8(b);
	char name[16];

	if (v >= 250)
		return json_string(v == 250 ? "H5" : v == 251 ? "C-1" : "");
	pitch_name(BELL_LOWEST_PITCH - 2 + (int)(v % 94), name, sizeof name);
	return json_string(name);
}

static inline json_t *
case_bells(struct case_bytes *b, unsigned n)
{
	json_t *a = json_array();

	for (unsigned i = 0; i < n; i++)
		json_array_append_new(a, case_bell(b));
	return a;
}

/*
 * The choir params from the bytes, as JSON:
 *   set      0 none, 1-3 a preset, 4 an unknown one, else an object:
 *            lowest, highest (bells), then counts byte: missing (& 3),
 *            extra (>> 2 & 3), duplicates (>> 4 & 7, each a bell), bit7
 *            chimes {lowest, highest, missing (one)}; a preset too when
 *            the set byte is odd
 *   shift    0 none, else -24 -12 0 12 24 (and 7, refused) by b % 6
 *   oor      0 none, else the five (and "up", refused) by b % 6
 *   tracks   0 none, else 1 + b % 3 entries: an index (b % 5) or a name
 *   more     bit0 include_musical_time, bit1 weight limits (3 bytes,
 *            each * 4 oz, 0 = none), bits 2-3 the score's tracks (1..4)
 */
static inline void
case_choir_params(struct arrange_case *c, struct case_bytes *b)
{
	static const char *const presets[] = { "3-octave", "5-octave",
		"7-octave", "4-octave" };
	static const char *const oors[] = { "octave", "chime", "omit",
		"error", "keep", "up" };
	static const int shifts[] = { -24, -12, 0, 12, 24, 7 };
	json_t *j = json_object();
	unsigned set = case_u8(b), v, more;

	if (set >= 1 && set <= 4)
		json_object_set_new(j, "bell_set", json_string(presets[set - 1]));
	else if (set > 4) {
		json_t *o = json_object();
		unsigned counts;

		json_object_set_new(o, "lowest", case_bell(b));
		json_object_set_new(o, "highest", case_bell(b));
		counts = case_u8(b);
		json_object_set_new(o, "missing", case_bells(b, counts & 3));
		json_object_set_new(o, "extra", case_bells(b, counts >> 2 & 3));
		json_object_set_new(o, "duplicates", case_bells(b,
		    counts >> 4 & 7));
		if (counts & 128) {
			json_t *ch = json_object();

			json_object_set_new(ch, "lowest", case_bell(b));
			json_object_set_new(ch, "highest", case_bell(b));
			json_object_set_new(ch, "missing", case_bells(b, 1));
			json_object_set_new(o, "chimes", ch);
		}
		if (set & 1)
			json_object_set_new(o, "preset",
			    json_string(presets[set / 2 % 4]));
		json_object_set_new(j, "bell_set", o);
	}
	if ((v = case_u8(b)) != 0)
		json_object_set_new(j, "octave_shift",
		    json_integer(shifts[v % 6]));
	if ((v = case_u8(b)) != 0)
		json_object_set_new(j, "out_of_range", json_string(oors[v % 6]));
	if ((v = case_u8(b)) != 0) {
		json_t *t = json_array();

		for (unsigned i = 0; i < 1 + v % 3; i++) {
			unsigned k = case_u8(b);

			json_array_append_new(t, k & 128 ? json_string(k & 1 ?
			    "T1" : "none") : json_integer(k % 5));
		}
		json_object_set_new(j, "tracks", t);
	}
	more = case_u8(b);
	if (more & 1)
		json_object_set_new(j, "include_musical_time", json_true());
	if (more & 2) {
		json_t *w = json_object();

		for (int l = 0; l < 3; l++) {
			int oz = (int)case_u8(b) * 4;

			c->req.config.max_bell_weight_oz[l] = oz;
			json_object_set_new(w, level_name_at((size_t)l),
			    json_integer(oz));
		}
		json_object_set_new(j, "config", json_pack("{s:o}",
		    "max_bell_weight_oz", w));
	}
	c->n_tracks = 1 + (more >> 2 & 3);
	if (json_object_size(j) == 0)   /* choir mode needs one */
		json_object_set_new(j, "octave_shift", json_integer(0));
	c->choir_json = j;
}

/* The score's tracks in choir mode, named T0, T1, ... */
static inline int
case_tracks(struct arrange_case *c)
{
	c->s->tracks = calloc(c->n_tracks, sizeof *c->s->tracks);
	if (c->s->tracks == NULL)
		return -1;
	c->s->n_tracks = c->n_tracks;
	for (unsigned i = 0; i < c->n_tracks; i++) {
		char name[16];

		snprintf(name, sizeof name, "T%u", i);
		if ((c->s->tracks[i].name = strdup(name)) == NULL)
			return -1;
	}
	for (size_t k = 0; k < c->s->n_notes; k++) {
		c->s->notes[k].track = (int)((unsigned)c->s->notes[k].velocity %
		    c->n_tracks);
		c->s->tracks[c->s->notes[k].track].note_count++;
	}
	return 0;
}

/*
 * Choir mode as the arrange method runs it: the params read, resolved
 * against the score, the score transformed.  A refusal (bad params, out
 * of range, nothing left) leaves req.score NULL: nothing to arrange.
 * Returns -1 only when memory runs out.
 */
static inline int
case_choir(struct arrange_case *c)
{
	struct vb_error err;

	memset(&err, 0, sizeof err);
	if (case_tracks(c) != 0)
		return -1;
	c->req.score = NULL;
	if (choir_params_parse(c->choir_json, &c->cp, &err) != 0 ||
	    choir_params_resolve(&c->cp, c->s, &c->req.config, &err) != 0 ||
	    choir_transform(c->s, &c->cp.req, &c->rung, &c->rep, &err) != 0)
		return strcmp(err.code, "ERR_INTERNAL") == 0 ? -1 : 0;
	c->choir = (struct arrange_choir){ &c->cp.req, &c->rep, c->s,
		c->cp.include_musical_time };
	c->req.choir = &c->choir;
	c->req.score = c->rung;
	return 0;
}

/* Builds c from the bytes.  Returns 0, or -1 when memory runs out. */
static inline int
arrange_case_build(struct arrange_case *c, const uint8_t *data, size_t size)
{
	struct case_bytes b = { data, size };
	struct tempo_change ev[3];
	unsigned flags, mask, np, lo, span, n_ev, n_notes;
	int64_t tick = 0;
	int musicxml;
	size_t k;

	memset(c, 0, sizeof *c);
	flags = case_u8(&b);
	mask = case_u8(&b) & STRATEGY_ALL;
	np = 1 + case_u8(&b) % ARRANGE_CASE_MAX_PLAYERS;
	musicxml = flags & 1;
	c->twice = (flags & 8) != 0;
	c->req.strategies = mask ? mask : STRATEGY_ALL;
	c->req.include_simulation = !(flags & 2);
	c->req.players = c->players;
	c->req.n_players = np;
	for (unsigned i = 0; i < np; i++) {
		unsigned v = case_u8(&b), kind = v / 5 % 8;

		c->players[i].level = (enum player_level)(v % 5);
		if (flags & 16)
			c->players[i].techniques = v / 40 % 4;
		case_name(c->names[i], sizeof c->names[i], (int)i, kind, v);
		/* A clash (two "Virtual Player 3") falls back to P<i>. */
		for (unsigned j = 0; j < i; j++)
			if (strcmp(c->names[i], c->names[j]) == 0)
				case_name(c->names[i], sizeof c->names[i],
				    (int)i, 0, 0);
		c->players[i].name = c->names[i];
	}
	arrange_config_default(&c->req.config);
	/* "optimized" (in the default set): its moves are under test, not
	 * its length; a short search keeps executions fast. */
	c->req.config.search_iterations = 300;
	if (flags & 4) {
		for (int l = 0; l < 3; l++)
			c->req.config.bells_per_level[l] =
			    1 + (int)(case_u8(&b) % BELLS_PER_LEVEL_MAX);
		for (int l = 0; l < 3; l++)
			c->req.config.swap_gap_ms[l] =
			    (int)(case_u16(&b) * 55u % (SWAP_GAP_MAX_MS + 1));
		c->req.config.impossible_gap_ms =
		    (int)(case_u16(&b) * 55u % (SWAP_GAP_MAX_MS + 1));
	}
	if (flags & 64)
		case_choir_params(c, &b);
	lo = case_u8(&b) & 127;
	span = 1 + case_u8(&b) % 128;

	c->s = score_new();
	if (c->s == NULL)
		return -1;
	c->s->format = musicxml ? SCORE_FORMAT_MUSICXML : SCORE_FORMAT_MIDI;
	c->s->ticks_per_beat = 1 + (int)(case_u16(&b) % 32767);
	/* Tempo as the loaders read it: MIDI 1..0xffffff us per beat, the
	 * last one read giving tempo_bpm; MusicXML 0 < bpm <= 10000, the
	 * first mark giving it (0 when that mark is under 1 bpm). */
	n_ev = case_u8(&b) % 4;
	for (unsigned i = 0; i < n_ev; i++) {
		unsigned t = case_u24(&b), v = case_u24(&b);

		ev[i].tick = (int64_t)t * (1 + t % 7);
		if (musicxml) {
			double bpm = (1 + v % 100000) / 10.0;

			ev[i].us_per_beat = 60e6 / bpm;
			if (i == 0)
				c->s->tempo_bpm = (int)bpm;
		} else {
			ev[i].us_per_beat = v ? v : 1;
			c->s->tempo_bpm = (int)(60000000.0 / ev[i].us_per_beat);
		}
		ev[i].ms = 0;
	}
	if (score_set_tempo_map(c->s, ev, n_ev) != 0)
		return -1;

	n_notes = (unsigned)(b.n / 4);
	if (n_notes > ARRANGE_CASE_MAX_NOTES)
		n_notes = ARRANGE_CASE_MAX_NOTES;
	c->s->notes = calloc(n_notes + 1, sizeof *c->s->notes);
	if (c->s->notes == NULL)
		return -1;
	for (k = 0; k < n_notes; k++) {
		static const int64_t scale[4] = { 1, 30, 480, 1 << 20 };
		unsigned pb = case_u8(&b), delta = case_u8(&b);
		unsigned dur = case_u8(&b), shape = case_u8(&b);
		struct note *n = &c->s->notes[k];

		/* MIDI appends notes at their note-off, so onsets may go
		 * back; chords share one. */
		if (shape & 4)
			;
		else if (shape & 8)
			tick = tick > (int64_t)delta ? tick - delta : 0;
		else
			tick += delta * scale[shape & 3];
		n->pitch = (int)((lo + pb % span) % 128);
		n->tick = tick;
		n->dur_ticks = (int64_t)dur * scale[shape >> 4 & 3];
		if (!musicxml && n->dur_ticks < 1)
			n->dur_ticks = 1;
		n->velocity = 1 + (int)((pb ^ shape) % 127);
	}
	c->s->n_notes = n_notes;
	score_note_times(c->s);
	score_analyse(c->s);
	c->req.score = c->s;
	c->req.include_difficulty = (flags & 16) != 0;
	if ((flags & 64) && case_choir(c) != 0)
		return -1;
	if ((flags & 32) && c->req.score != NULL)
		case_director(c);
	return 0;
}

static inline void
arrange_case_free(struct arrange_case *c)
{
	choir_report_fini(&c->rep);
	choir_params_fini(&c->cp);
	json_decref(c->choir_json);
	score_free(c->rung);
	score_free(c->s);
	c->s = c->rung = NULL;
	c->choir_json = NULL;
}

static inline int case_fail(struct arrange_case *c, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/* Says why in c->why; returns -1. */
static inline int
case_fail(struct arrange_case *c, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(c->why, sizeof c->why, fmt, ap);
	va_end(ap);
	return -1;
}

/* The bell limit a player keeps to (PROTOCOL.md section 7, "Bell
 * limits"): the level's, but balancing, trimming and the virtual
 * fallback give anyone up to 2 and the experience pass gives an
 * experienced player up to RESOLVER_MAX_BELLS. */
static inline int
case_limit(const struct arrange_case *c, const char *name)
{
	const struct arrange_config *cf = &c->req.config;
	int lim = cf->bells_per_level[LEVEL_INTERMEDIATE];  /* virtual */

	for (size_t i = 0; i < c->req.n_players; i++) {
		if (strcmp(c->players[i].name, name) != 0)
			continue;
		switch (c->players[i].level) {
		case LEVEL_EXPERIENCED:
			return RESOLVER_MAX_BELLS;
		case LEVEL_UNKNOWN:
			lim = UNKNOWN_LEVEL_BELLS;
			break;
		case LEVEL_MISSING:
			lim = cf->bells_per_level[LEVEL_BEGINNER];
			break;
		default:
			lim = cf->bells_per_level[c->players[i].level];
			break;
		}
	}
	return lim > 2 ? lim : 2;
}

static inline int
case_is_request_name(const struct arrange_case *c, const char *name)
{
	for (size_t i = 0; i < c->req.n_players; i++)
		if (strcmp(c->players[i].name, name) == 0)
			return 1;
	return 0;
}

/* Pitch of one of our bell names; -1 if it is none. */
static inline int
case_pitch(json_t *v)
{
	static char names[128][16];
	const char *s = json_string_value(v);

	if (names[0][0] == '\0')
		for (int p = 0; p < 128; p++)
			pitch_name(p, names[p], sizeof names[p]);
	if (s == NULL)
		return -1;
	for (int p = 0; p < 128; p++)
		if (strcmp(names[p], s) == 0)
			return p;
	return -1;
}

/* Swaps against the simulation's pick-ups for one player: equal when
 * the player rings more than two (nameable) bells; 0 otherwise, as
 * upstream's counter (PROTOCOL.md section 7, "Two-bell players never
 * swap"). */
static inline int
check_swaps(struct arrange_case *c, json_t *a, json_t *simp)
{
	const char *name = json_string_value(json_object_get(simp, "name"));
	json_t *ev, *swaps = json_object_get(json_object_get(a, "swaps"), name);
	unsigned char rung[128] = {0};
	int picks = 0, n_rung = 0;
	long long last = -1;
	size_t j;

	if (name == NULL || !json_is_integer(swaps))
		return case_fail(c, "simulation player %s has no swap count",
		    name ? name : "?");
	json_array_foreach(json_object_get(simp, "events"), j, ev) {
		const char *type = json_string_value(json_object_get(ev,
		    "type"));
		long long t = json_integer_value(json_object_get(ev,
		    "time_ms"));
		int p = (int)json_integer_value(json_object_get(ev, "pitch"));

		if (type == NULL || p < 12 || p > 127)
			return case_fail(c, "%s: bad event %zu", name, j);
		if (t < last)
			return case_fail(c, "%s: events out of order at %zu",
			    name, j);
		last = t;
		picks += strcmp(type, "pick_up") == 0;
		if (strcmp(type, "ring") == 0 && !rung[p]++)
			n_rung++;
	}
	if (json_integer_value(swaps) != (n_rung > 2 ? picks : 0))
		return case_fail(c, "%s: swaps %lld, simulation pick-ups %d",
		    name, (long long)json_integer_value(swaps), picks);
	return 0;
}

/* Copies of bell p the choir owns (1 outside choir mode). */
static inline int
case_copies(const struct arrange_case *c, int p)
{
	if (c->req.choir == NULL || !c->req.choir->request->set_given)
		return 1;
	return c->req.choir->request->set.copies[p];
}

/* Every note is rung once, by one ringer: the simulation's rings of
 * each (nameable) pitch are the score's notes of it. */
static inline int
check_rings(struct arrange_case *c, json_t *sim)
{
	size_t rings[128] = {0}, i, j;
	json_t *pl, *ev;

	json_array_foreach(json_object_get(sim, "players"), i, pl)
		json_array_foreach(json_object_get(pl, "events"), j, ev) {
			json_int_t p = json_integer_value(json_object_get(ev,
			    "pitch"));

			if (strcmp(json_string_value(json_object_get(ev,
			    "type")), "ring") == 0 && p >= 0 && p < 128)
				rings[p]++;
		}
	for (int p = 12; p < 128; p++)
		if (rings[p] != c->req.score->note_frequency[p])
			return case_fail(c, "pitch %d: %zu rings, %zu notes", p,
			    rings[p], c->req.score->note_frequency[p]);
	return 0;
}

/*
 * Choir mode: a verdict; with a set (and not "keep"), every bell owned
 * or a chime; duplicate_bells names the two holders of a bell held
 * twice, their rings adding up to its notes.  Outside it, neither.
 */
static inline int
check_choir(struct arrange_case *c, json_t *a)
{
	json_t *db = json_object_get(a, "duplicate_bells"), *e, *as, *p, *b;
	const struct choir_request *cr;
	const char *name;
	size_t i, k;

	if (c->req.choir == NULL)
		return json_object_get(a, "verdict") == NULL && db == NULL ? 0 :
		    case_fail(c, "choir fields outside choir mode");
	cr = c->req.choir->request;
	if (!json_is_object(json_object_get(a, "verdict")))
		return case_fail(c, "no verdict in choir mode");
	as = json_object_get(a, "assignments");
	json_object_foreach(as, name, p)
		json_array_foreach(json_object_get(p, "bells"), i, b) {
			int q = case_pitch(b);

			if (cr->set_given && cr->oor != OOR_KEEP && q >= 0 &&
			    cr->set.copies[q] == 0 && !c->rep.is_chime[q])
				return case_fail(c, "%s: bell %d not in the set",
				    name, q);
		}
	json_array_foreach(db, i, e) {
		int q = case_pitch(json_object_get(e, "bell"));
		json_int_t sum = 0;
		json_t *cp;

		if (q < 0 || case_copies(c, q) < 2)
			return case_fail(c, "duplicate_bells: %d not owned "
			    "twice", q);
		json_array_foreach(json_object_get(e, "copies"), k, cp) {
			json_t *h = json_object_get(as, json_string_value(
			    json_object_get(cp, "player")));
			int holds = 0;
			size_t m;

			json_array_foreach(json_object_get(h, "bells"), m, b)
				holds |= case_pitch(b) == q;
			if (!holds)
				return case_fail(c, "duplicate_bells: copy %zu "
				    "of %d not held by its player", k + 1, q);
			sum += json_integer_value(json_object_get(cp, "rings"));
		}
		if (json_array_size(json_object_get(e, "copies")) != 2 ||
		    sum != (json_int_t)c->req.score->note_frequency[q])
			return case_fail(c, "duplicate_bells: %d rings %lld of "
			    "%zu", q, (long long)sum,
			    c->req.score->note_frequency[q]);
	}
	return 0;
}

static inline int
check_arrangement(struct arrange_case *c, json_t *a)
{
	json_t *as = json_object_get(a, "assignments"), *v, *b, *sim;
	int owner[128] = {0};
	const char *name;
	double q;
	size_t i, n_keys = 0;

	const char *strat = json_string_value(json_object_get(a, "strategy"));
	int is_positions = strat != NULL && strcmp(strat, "positions") == 0;

	if (!json_is_object(as))
		return case_fail(c, "no assignments");
	q = json_number_value(json_object_get(a, "quality_score"));
	if (!json_is_number(json_object_get(a, "quality_score")) ||
	    !(q >= 0 && q <= 100))
		return case_fail(c, "quality score %g out of 0..100", q);
	if (!json_equal(json_object_get(a, "quality_score"), json_object_get(
	    json_object_get(a, "quality_breakdown"), "final_score")))
		return case_fail(c, "quality score differs from final_score");
	json_object_foreach(as, name, v) {
		json_t *bells = json_object_get(v, "bells");
		json_t *hands[2] = { json_object_get(v, "left_hand"),
		    json_object_get(v, "right_hand") };
		unsigned char mine[128] = {0}, handed[128] = {0};
		size_t nb = json_array_size(bells);

		n_keys++;
		if (!case_is_request_name(c, name) &&
		    strncmp(name, "Virtual Player ", 15) != 0)
			return case_fail(c, "unknown player %s", name);
		json_array_foreach(bells, i, b) {
			int p = case_pitch(b);

			if (p < 0 || mine[p]++)
				return case_fail(c, "%s: bell %d twice or bad",
				    name, p);
			owner[p]++;
		}
		for (int h = 0; h < 2; h++) {
			json_array_foreach(hands[h], i, b) {
				int p = case_pitch(b);

				if (p < 0 || !mine[p] || handed[p]++)
					return case_fail(c, "%s: hand bell %d "
					    "not one of the bells, or twice",
					    name, p);
			}
		}
		for (int p = 12; p < 128; p++) {
			static const char *const hk[3] = { NULL, "left_hand",
			    "right_hand" };
			char bn[16];
			int in_hand = 0;
			size_t j;
			json_t *x;

			if (c->req.locks.owner[p] == 0 || strcmp(name,
			    c->players[c->req.locks.owner[p] - 1].name) != 0)
				continue;
			pitch_name(p, bn, sizeof bn);
			if (!mine[p])
				return case_fail(c, "%s: locked bell %s not held",
				    name, bn);
			if (c->req.locks.hand[p] == 0)
				continue;
			json_array_foreach(json_object_get(v,
			    hk[c->req.locks.hand[p]]), j, x)
				in_hand |= case_pitch(x) == p;
			if (!in_hand)
				return case_fail(c, "%s: locked bell %s not in "
				    "the %s", name, bn, hk[c->req.locks.hand[p]]);
		}
		if (json_array_size(hands[0]) + json_array_size(hands[1]) != nb)
			return case_fail(c, "%s: hands hold %zu of %zu bells",
			    name, json_array_size(hands[0]) +
			    json_array_size(hands[1]), nb);
		/* "positions" follows the director's table, not the level
		 * limits (PROTOCOL.md, "positions"). */
		if ((int)nb > case_limit(c, name) && !is_positions)
			return case_fail(c, "%s: %zu bells, limit %d", name,
			    nb, case_limit(c, name));
	}
	for (int p = 12; p < 128; p++)
		if (c->req.locks.owner[p] != 0 && json_object_get(as,
		    c->players[c->req.locks.owner[p] - 1].name) == NULL)
			return case_fail(c, "pitch %d locked to %s, who is "
			    "not in the arrangement", p,
			    c->players[c->req.locks.owner[p] - 1].name);
	if (check_choir(c, a) != 0)
		return -1;
	for (int p = 0; p < 128; p++) {
		int want = c->req.score->note_frequency[p] > 0;

		/* A duplicated bell may have two holders (PROTOCOL.md,
		 * "Duplicated bells"): optimized and positions only. */
		if (owner[p] == 2 && want && case_copies(c, p) >= 2 &&
		    (is_positions || (strat != NULL &&
		    strcmp(strat, "optimized") == 0)))
			continue;
		if (owner[p] != want)
			return case_fail(c, "pitch %d assigned %d times",
			    p, owner[p]);
	}
	if (json_integer_value(json_object_get(a, "players")) != (long)n_keys ||
	    json_object_size(json_object_get(a, "swaps")) != n_keys)
		return case_fail(c, "players %lld, assignments %zu",
		    (long long)json_integer_value(json_object_get(a,
		    "players")), n_keys);
	if (json_integer_value(json_object_get(a, "note_count")) !=
	    (long)c->req.score->n_unique)
		return case_fail(c, "note_count %lld, unique pitches %zu",
		    (long long)json_integer_value(json_object_get(a,
		    "note_count")), c->req.score->n_unique);
	sim = json_object_get(a, "simulation");
	if (!c->req.include_simulation)
		return json_is_null(sim) ? 0 :
		    case_fail(c, "simulation not null");
	if (json_array_size(json_object_get(sim, "players")) != n_keys)
		return case_fail(c, "simulation has %zu players, not %zu",
		    json_array_size(json_object_get(sim, "players")),
		    n_keys);
	json_array_foreach(json_object_get(sim, "players"), i, v)
		if (check_swaps(c, a, v) != 0)
			return -1;
	return check_rings(c, sim);
}

static inline int
check_result(struct arrange_case *c, json_t *res)
{
	json_t *arrs = json_object_get(res, "arrangements"), *a;
	unsigned seen = 0;
	double prev = 1e9;
	size_t i;
	long n_best;

	json_array_foreach(arrs, i, a) {
		int k = strategy_from_name(json_string_value(
		    json_object_get(a, "strategy")));
		double q = json_number_value(json_object_get(a,
		    "quality_score"));

		if (k < 0 || (seen & 1u << k))
			return case_fail(c, "strategy %d unknown or twice",
			    k);
		seen |= 1u << k;
		if (q > prev)
			return case_fail(c, "arrangements not sorted at %zu",
			    i);
		prev = q;
		if (check_arrangement(c, a) != 0) {
			size_t l = strlen(c->why);

			snprintf(c->why + l, sizeof c->why - l, " (%s)",
			    json_string_value(json_object_get(a, "strategy")));
			return -1;
		}
	}
	if (seen != c->req.strategies)
		return case_fail(c, "strategies %#x asked, %#x given",
		    c->req.strategies, seen);
	if (!json_equal(json_array_get(arrs, 0),
	    json_object_get(res, "best_arrangement")))
		return case_fail(c, "best_arrangement is not the first");
	n_best = (long)json_integer_value(json_object_get(
	    json_array_get(arrs, 0), "players"));
	a = json_object_get(res, "expansion_info");
	if (a != NULL && json_integer_value(json_object_get(a,
	    "final_player_count")) != n_best)
		return case_fail(c, "expansion_info final count is not the "
		    "best's %ld", n_best);
	if (a == NULL && n_best > (long)c->req.n_players)
		return case_fail(c, "%ld players from %zu, no expansion_info",
		    n_best, c->req.n_players);
	return 0;
}

/*
 * Runs the engine on c (twice when asked, comparing bytes) and parses its
 * result into *res (new reference; NULL when the engine refused, as it
 * must for a score without notes).  Returns 0, or -1 with c->why set.
 */
static inline int
arrange_case_run(struct arrange_case *c, json_t **res)
{
	struct json_out o, o2;
	struct vb_error err;
	json_error_t je;
	int rc = -1;

	*res = NULL;
	check_score_invariants(c->s, c->s->format == SCORE_FORMAT_MIDI);
	if (c->req.score == NULL)
		return 0;           /* choir mode refused the request */
	json_out_init(&o);
	json_out_init(&o2);
	memset(&err, 0, sizeof err);
	if (arrange_write(&c->req, &o, &err) != 0) {
		/* The only refusal a valid request may get. */
		if (c->req.score->n_unique == 0 &&
		    strcmp(err.code, "ERR_NO_NOTES") == 0)
			rc = 0;
		else
			case_fail(c, "arrange failed: %s (%s), %zu pitches",
			    err.code, err.message, c->req.score->n_unique);
		goto out;
	}
	if (c->req.score->n_unique == 0) {
		case_fail(c, "a score without notes arranged");
		goto out;
	}
	if (c->twice) {
		memset(&err, 0, sizeof err);
		if (arrange_write(&c->req, &o2, &err) != 0 || o2.len != o.len ||
		    memcmp(o.buf, o2.buf, o.len) != 0) {
			case_fail(c, "two runs differ");
			goto out;
		}
	}
	*res = json_loadb(o.buf, o.len, JSON_REJECT_DUPLICATES, &je);
	if (*res == NULL) {
		case_fail(c, "result is not JSON: %s at %d", je.text,
		    je.position);
		goto out;
	}
	rc = 0;
out:
	json_out_free(&o);
	json_out_free(&o2);
	return rc;
}

/* Runs and checks c.  Returns 0, or -1 with c->why set. */
static inline int
arrange_case_check(struct arrange_case *c)
{
	json_t *res;
	int rc;

	if (arrange_case_run(c, &res) != 0)
		return -1;
	rc = res != NULL ? check_result(c, res) : 0;
	json_decref(res);
	return rc;
}

#endif
