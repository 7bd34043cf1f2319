/*
 * choir.c - bell sets, the octave a piece's bells are named in, and the
 * transformation of a score's notes into the notes a real choir rings
 * (choir.h).  Nothing here knows about players: the engine arranges the
 * transformed score as it arranges any other.
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "choir.h"

/*
 * Presets, by sounding pitch.  3 and 5 octaves are the standard sets of
 * both American makers (3: C4-C7, 37 bells; 5: C3-C8, 61 bells); 7
 * octaves reach C2-C9, every bell from the largest common bass to the
 * smallest made.  The 2, 3 1/2, 4 and 6 octave ranges differ from one
 * source to another and no maker's own figure could be confirmed, so
 * they are left out: give them as {"lowest", "highest"}.  Sources:
 * protocol/PROTOCOL.md, "Bell sets".
 */
static const struct {
	const char *name;
	int lowest, highest;
} presets[] = {
	{ "3-octave", 60, 96 },     /* C4-C7 */
	{ "5-octave", 48, 108 },    /* C3-C8 */
	{ "7-octave", 36, 120 },    /* C2-C9 */
};
#define N_PRESETS (sizeof presets / sizeof presets[0])

void
bell_set_range(struct bell_set *out, const char *name, int lo, int hi)
{
	memset(out, 0, sizeof *out);
	snprintf(out->name, sizeof out->name, "%s", name);
	out->lowest = lo;
	out->highest = hi;
	for (int p = lo; p <= hi && p < 128; p++)
		if (p >= 0)
			out->copies[p] = 1;
}

int
bell_set_preset(const char *name, struct bell_set *out)
{
	for (size_t i = 0; i < N_PRESETS; i++)
		if (strcmp(name, presets[i].name) == 0) {
			bell_set_range(out, name, presets[i].lowest,
			    presets[i].highest);
			return 0;
		}
	return -1;
}

const char *
bell_set_preset_names(void)
{
	return "\"3-octave\", \"5-octave\", \"7-octave\"";
}

int
bell_from_name(const char *name)
{
	static const int pc_of[7] = { 9, 11, 0, 2, 4, 5, 7 };  /* A..G */
	const char *p = name;
	int pc, octave, sign = 1;

	if (*p < 'A' || *p > 'G')
		return -1;
	pc = pc_of[*p++ - 'A'];
	if (*p == '#')
		pc++, p++;
	else if (*p == 'b')
		pc--, p++;
	if (*p == '-')
		sign = -1, p++;
	if (*p < '0' || *p > '9' || p[1] != '\0')
		return -1;
	octave = sign * (*p - '0');
	if (octave < -1)
		return -1;
	pc += (octave + 1) * 12;
	return pc >= 0 && pc <= 127 ? pc : -1;
}

int
bell_set_count(const struct bell_set *b)
{
	int n = 0;

	for (int p = 0; p < 128; p++)
		n += b->copies[p];
	return n;
}

static const char *const oor_names[] = {
	[OOR_OCTAVE] = "octave", [OOR_CHIME] = "chime", [OOR_OMIT] = "omit",
	[OOR_ERROR] = "error", [OOR_KEEP] = "keep",
};

const char *
out_of_range_name(enum out_of_range o)
{
	return oor_names[o];
}

int
out_of_range_from_name(const char *name)
{
	for (int i = 0; i <= OOR_KEEP; i++)
		if (strcmp(name, oor_names[i]) == 0)
			return i;
	return -1;
}

/* ---- The octave the bells are named in ---- */

static int
name_has(const char *name, const char *const *words)
{
	char low[128];
	size_t i;

	for (i = 0; name[i] != '\0' && i + 1 < sizeof low; i++)
		low[i] = (char)tolower((unsigned char)name[i]);
	low[i] = '\0';
	for (; *words != NULL; words++)
		if (strstr(low, *words) != NULL)
			return 1;
	return 0;
}

static const char *const bell_words[] = { "bell", "chime", NULL };
static const char *const keyboard_words[] = {
	"piano", "organ", "keyboard", "harpsichord", "clavi", "cembalo",
	NULL,
};

/* GM programs 1-8 (pianos) and 17-24 (organs): a keyboard staff. */
static int
keyboard_program(int program)
{
	return (program >= 1 && program <= 8) ||
	    (program >= 17 && program <= 24);
}

static void
suggest(struct octave_suggestion *o, int shift, int guessed,
    const char *signal)
{
	o->shift = shift;
	o->convention = shift == 0 ? "sounding" : "written";
	o->guessed = guessed;
	o->signal = signal;
}

void
choir_suggest_octave(const struct score *s, const unsigned char *rung,
    struct octave_suggestion *out)
{
	size_t hist[128] = { 0 }, n = 0, imp0 = 0, imp12 = 0, seen = 0;
	const char *kb_name = NULL, *bell_name = NULL;
	int lo = -1, hi = -1, median = 0;
	char a[16], b[16], c[16];

	memset(out, 0, sizeof *out);
	for (size_t t = 0; t < s->n_tracks; t++) {
		const struct track_info *tr = &s->tracks[t];
		const char *name = tr->name ? tr->name : "";

		if ((rung != NULL && !rung[t]) || tr->note_count == 0)
			continue;
		if (tr->transpose > 0 && tr->transpose % 12 == 0) {
			suggest(out, 0, 0, "transpose");
			snprintf(out->reason, sizeof out->reason,
			    "part \"%.60s\" carries a <transpose> of +%d "
			    "semitones: its pitches were read as sounding "
			    "pitch, which is what bells are named by", name,
			    tr->transpose);
			return;
		}
		if (kb_name == NULL && (name_has(name, keyboard_words) ||
		    keyboard_program(tr->program)))
			kb_name = name[0] ? name : "a keyboard program";
		if (bell_name == NULL && name_has(name, bell_words))
			bell_name = name;
	}
	for (size_t i = 0; i < s->n_notes; i++) {
		const struct note *nt = &s->notes[i];

		if (rung != NULL && !rung[nt->track])
			continue;
		hist[nt->pitch]++;
		n++;
		imp0 += nt->pitch < BELL_LOWEST_PITCH ||
		    nt->pitch > BELL_HIGHEST_PITCH;
		imp12 += nt->pitch + 12 < BELL_LOWEST_PITCH ||
		    nt->pitch + 12 > BELL_HIGHEST_PITCH;
	}
	if (n == 0) {
		suggest(out, 0, 1, "range");
		snprintf(out->reason, sizeof out->reason,
		    "no notes to judge by: sounding pitch assumed");
		return;
	}
	for (int p = 0; p < 128; p++) {
		if (hist[p] == 0)
			continue;
		if (lo < 0)
			lo = p;
		hi = p;
		if (seen < (n + 1) / 2 && seen + hist[p] >= (n + 1) / 2)
			median = p;
		seen += hist[p];
	}
	pitch_name(lo, a, sizeof a);
	pitch_name(hi, b, sizeof b);
	pitch_name(median, c, sizeof c);
	/* A shift that would ask for bells nobody makes loses outright. */
	if (imp0 != imp12) {
		suggest(out, imp12 < imp0 ? 12 : 0, 1, "range");
		snprintf(out->reason, sizeof out->reason, imp12 < imp0 ?
		    "the piece spans %s-%s: as sounding pitch %zu notes would "
		    "need bells outside G1-C9 (the largest and smallest made), "
		    "an octave up %s" :
		    "the piece spans %s-%s: an octave up %zu notes would need "
		    "bells outside G1-C9 (the largest and smallest made), as "
		    "sounding pitch %s", a, b,
		    imp12 < imp0 ? imp0 : imp12, (imp12 < imp0 ? imp12 : imp0)
		    == 0 ? "none would" : "fewer would");
		return;
	}
	/*
	 * Handbell music is written an octave below its sound, on a grand
	 * staff centred on middle C; a piano-staff score is too.  So a piece
	 * whose median note is below C5 reads as written pitch and one at or
	 * above C5 as sounding pitch.  Near C5 the median says little and the
	 * instrument decides, when the file names one.
	 */
	if (median >= 70 && median <= 74 && (kb_name != NULL) !=
	    (bell_name != NULL)) {
		suggest(out, kb_name != NULL ? 12 : 0, 1, "instrument");
		snprintf(out->reason, sizeof out->reason, kb_name != NULL ?
		    "the median note %s says little; \"%.60s\" is a keyboard "
		    "part, written at piano pitch: bells sound an octave above" :
		    "the median note %s says little; \"%.60s\" is a bell part, "
		    "taken as exported at sounding pitch (MuseScore 4)", c,
		    kb_name != NULL ? kb_name : bell_name);
		return;
	}
	suggest(out, median < 72 ? 12 : 0, 1, "range");
	snprintf(out->reason, sizeof out->reason, median < 72 ?
	    "the piece spans %s-%s with its median note %s below C5: read as "
	    "written pitch (handbell or piano-staff notation), the bells "
	    "sound an octave higher" :
	    "the piece spans %s-%s with its median note %s at or above C5: "
	    "read as sounding pitch, the bells' own names", a, b, c);
}

/* ---- The transformation ---- */

/* Pitches after a shift run from -24 to 151: index them from 0. */
#define FROM_BASE 24
#define FROM_SPAN 176

struct plan {
	enum choir_action action[FROM_SPAN];
	int to[FROM_SPAN];
	const char *why[FROM_SPAN];
	int error[FROM_SPAN];
};

static int
owned(const struct bell_set *b, int p)
{
	return p >= 0 && p < 128 && b->copies[p] > 0;
}

/* The nearest owned bell of p's pitch class, whole octaves away; a tie
 * goes to the one nearer the set's middle.  -1 if the set has none. */
static int
nearest_octave(const struct bell_set *b, int p)
{
	int mid2 = b->lowest + b->highest;

	for (int k = 12; k <= 168; k += 12) {
		int down = owned(b, p - k) ? p - k : -1;
		int up = owned(b, p + k) ? p + k : -1;

		if (down >= 0 && up >= 0)
			return abs(2 * down - mid2) <= abs(2 * up - mid2) ?
			    down : up;
		if (down >= 0 || up >= 0)
			return down >= 0 ? down : up;
	}
	return -1;
}

static void
plan_pitch(const struct choir_request *req, int from, struct plan *pl)
{
	const struct bell_set *b = &req->set;
	int i = from + FROM_BASE, q;

	pl->action[i] = CHOIR_RUNG;
	pl->to[i] = from;
	if (owned(b, from))
		return;
	switch (req->oor) {
	case OOR_KEEP:
		if (from >= 0 && from < 128)
			return;
		pl->action[i] = CHOIR_OMITTED;
		pl->to[i] = -1;
		pl->why[i] = "no MIDI pitch after the shift";
		return;
	case OOR_OMIT:
		pl->action[i] = CHOIR_OMITTED;
		pl->to[i] = -1;
		pl->why[i] = "not in the bell set";
		return;
	case OOR_ERROR:
		pl->error[i] = 1;
		return;
	case OOR_CHIME:
		if (b->has_chimes && from >= 0 && from < 128 &&
		    b->chime[from]) {
			pl->action[i] = CHOIR_CHIMED;
			return;
		}
		/* FALLTHROUGH - no chime either, so as "octave" */
	case OOR_OCTAVE:
		q = nearest_octave(b, from);
		pl->action[i] = q >= 0 ? CHOIR_MOVED : CHOIR_OMITTED;
		pl->to[i] = q;
		if (q < 0)
			pl->why[i] = "the set has no bell of its pitch class";
		return;
	}
}

struct landing {
	uint32_t idx;       /* into the kept notes */
	int pitch;
	int moved;          /* moved or chimed: may merge */
	int64_t tick, end;
};

static int
compare_landing(const void *a, const void *b)
{
	const struct landing *x = a, *y = b;

	if (x->pitch != y->pitch)
		return x->pitch < y->pitch ? -1 : 1;
	if (x->tick != y->tick)
		return x->tick < y->tick ? -1 : 1;
	if (x->moved != y->moved)
		return x->moved - y->moved;     /* the file's own note first */
	return (x->idx > y->idx) - (x->idx < y->idx);
}

static int
refuse_out_of_range(const struct score *s, const struct plan *pl,
    const int64_t *first, int shift, struct vb_error *err)
{
	char msg[400], name[16];
	size_t len = 0;
	int listed = 0, total = 0;

	for (int i = 0; i < FROM_SPAN; i++)
		total += pl->error[i] && first[i] >= 0;
	for (int i = 0; i < FROM_SPAN && len < sizeof msg; i++) {
		struct musical_time mt;

		if (!pl->error[i] || first[i] < 0)
			continue;
		if (listed == 6) {
			len += (size_t)snprintf(msg + len, sizeof msg - len,
			    ", and %d more", total - listed);
			break;
		}
		score_musical_time(s, first[i], &mt);
		len += (size_t)snprintf(msg + len, sizeof msg - len,
		    "%s%s (first in measure %d, beat %g)", listed ? ", " : "",
		    pitch_name(i - FROM_BASE, name, sizeof name), mt.measure,
		    (double)(long)(mt.beat * 100 + 0.5) / 100);
		listed++;
	}
	return vb_error_set(err, RPC_APP_ERROR, "ERR_OUT_OF_RANGE",
	    "out_of_range", "The piece needs %d bell%s the set lacks "
	    "(octave shift %+d): %.380s", total, total == 1 ? "" : "s",
	    shift, msg);
}

int
choir_transform(const struct score *s, const struct choir_request *req,
    struct score **out, struct choir_report *rep, struct vb_error *err)
{
	struct plan *pl = calloc(1, sizeof *pl);
	int64_t first[FROM_SPAN];
	size_t count[FROM_SPAN] = { 0 }, merged[FROM_SPAN] = { 0 }, n = 0, nl;
	struct note *kept = malloc((s->n_notes + 1) * sizeof *kept);
	struct landing *land = malloc((s->n_notes + 1) * sizeof *land);
	unsigned char *drop = calloc(s->n_notes + 1, 1);
	int *from_of = malloc((s->n_notes + 1) * sizeof *from_of);
	int rc = -1, shift, any_error = 0;

	memset(rep, 0, sizeof *rep);
	*out = NULL;
	if (pl == NULL || kept == NULL || land == NULL || drop == NULL ||
	    from_of == NULL)
		goto oom;
	choir_suggest_octave(s, req->rung, &rep->suggestion);
	shift = req->shift_given ? req->shift :
	    req->set_given ? rep->suggestion.shift : 0;
	rep->shift = shift;
	rep->in_file = s->n_notes;
	for (int i = 0; i < FROM_SPAN; i++) {
		first[i] = -1;
		plan_pitch(req, i - FROM_BASE, pl);
	}
	/* Which note goes where; the first time each pitch sounds. */
	for (size_t i = 0; i < s->n_notes; i++) {
		const struct note *nt = &s->notes[i];
		int from = nt->pitch + shift, k = from + FROM_BASE;

		if (req->rung != NULL && !req->rung[nt->track]) {
			rep->left_out++;
			continue;
		}
		count[k]++;
		if (first[k] < 0 || nt->tick < first[k])
			first[k] = nt->tick;
		any_error |= pl->error[k];
		if (pl->action[k] == CHOIR_OMITTED)
			continue;
		kept[n] = *nt;
		kept[n].pitch = pl->to[k];
		from_of[n] = k;
		n++;
	}
	if (any_error) {
		refuse_out_of_range(s, pl, first, shift, err);
		goto out;
	}
	/* A moved note that lands on a pitch already sounding (the file's
	 * own note, or one moved there before it) is that ring. */
	for (size_t i = 0; i < n; i++)
		land[i] = (struct landing){ (uint32_t)i, kept[i].pitch,
			pl->action[from_of[i]] != CHOIR_RUNG, kept[i].tick,
			kept[i].tick + kept[i].dur_ticks };
	qsort(land, n, sizeof *land, compare_landing);
	for (size_t i = 0; i < n;) {
		size_t j = i;
		int64_t max_end = INT64_MIN, last_start = INT64_MIN;

		for (; j < n && land[j].pitch == land[i].pitch; j++) {
			const struct landing *l = &land[j];

			if (l->moved && (l->tick < max_end ||
			    l->tick == last_start)) {
				drop[l->idx] = 1;
				merged[from_of[l->idx]]++;
				continue;
			}
			if (l->end > max_end)
				max_end = l->end;
			last_start = l->tick;
		}
		i = j;
	}
	nl = 0;
	for (size_t i = 0; i < n; i++)
		if (!drop[i])
			kept[nl++] = kept[i];
	if (nl == 0) {
		vb_error_set(err, RPC_APP_ERROR, "ERR_NO_NOTES", NULL,
		    "No notes left to ring: the tracks chosen and the bell set "
		    "leave none");
		goto out;
	}

	/* The report: totals, each changed pitch, the bells nobody makes. */
	rep->changes = calloc(FROM_SPAN, sizeof *rep->changes);
	if (rep->changes == NULL)
		goto oom;
	for (int k = 0; k < FROM_SPAN; k++) {
		struct choir_change *c;
		int from = k - FROM_BASE;

		if (count[k] == 0)
			continue;
		if ((from < BELL_LOWEST_PITCH || from > BELL_HIGHEST_PITCH) &&
		    rep->n_impossible < (int)(sizeof rep->impossible /
		    sizeof rep->impossible[0]))
			rep->impossible[rep->n_impossible++] = from;
		switch (pl->action[k]) {
		case CHOIR_RUNG:
			rep->rung += count[k];
			continue;
		case CHOIR_MOVED:
			rep->moved += count[k];
			break;
		case CHOIR_CHIMED:
			rep->chimed += count[k];
			if (pl->to[k] >= 0)
				rep->is_chime[pl->to[k]] = 1;
			break;
		default:
			rep->omitted += count[k];
			break;
		}
		rep->merged += merged[k];
		c = &rep->changes[rep->n_changes++];
		c->action = pl->action[k];
		c->from = from;
		c->to = pl->to[k];
		c->notes = count[k];
		c->merged = merged[k];
		c->first_tick = first[k];
		c->first_ms = score_tick_to_ms(s, first[k]);
		score_musical_time(s, first[k], &c->first);
		c->why = pl->why[k];
	}
	*out = score_with_notes(s, kept, nl);
	if (*out == NULL)
		goto oom;
	rc = 0;
	goto out;
oom:
	vb_error_set(err, RPC_INTERNAL_ERROR, "ERR_INTERNAL", NULL,
	    "out of memory preparing the choir's notes");
out:
	if (rc != 0)
		choir_report_fini(rep);
	free(pl);
	free(kept);
	free(land);
	free(drop);
	free(from_of);
	return rc;
}

void
choir_report_fini(struct choir_report *rep)
{
	free(rep->changes);
	rep->changes = NULL;
	rep->n_changes = 0;
}
