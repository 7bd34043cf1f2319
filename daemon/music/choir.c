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
#include "../core/compare.h"

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

/* What the octave is judged by: the rung parts' names and the notes. */
struct octave_facts {
	const char *kb_name, *bell_name;    /* a keyboard / bell part */
	size_t hist[128], n;                /* rung notes per pitch, all */
	size_t imp0, imp12;     /* notes outside G1-C9 at each shift */
	size_t together;        /* notes starting with another note */
	int lo, hi, median;
	char a[16], b[16], c[16];           /* their names */
};

/* The parts: a <transpose> an octave up decides (1), else their names
 * and programs are noted (0). */
static int
octave_from_parts(const struct score *s, const unsigned char *rung,
    struct octave_facts *f, struct octave_suggestion *out)
{
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
			return 1;
		}
		if (f->kb_name == NULL && (name_has(name, keyboard_words) ||
		    keyboard_program(tr->program)))
			f->kb_name = name[0] ? name : "a keyboard program";
		if (f->bell_name == NULL && name_has(name, bell_words))
			f->bell_name = name;
	}
	return 0;
}

static int
compare_tick(const void *a, const void *b)
{
	return VB_CMP(*(const int64_t *)a, *(const int64_t *)b);
}

/* How many of the n ticks are shared with another (a chord's notes).
 * Sorts ticks. */
static size_t
count_together(int64_t *ticks, size_t n)
{
	size_t together = 0;

	qsort(ticks, n, sizeof *ticks, compare_tick);
	for (size_t i = 0; i < n; i++)
		together += (i > 0 && ticks[i - 1] == ticks[i]) ||
		    (i + 1 < n && ticks[i + 1] == ticks[i]);
	return together;
}

/* The rung notes' range, median, how many no bell has and how many
 * sound together.  Returns 0 or -1 (out of memory). */
static int
octave_note_facts(const struct score *s, const unsigned char *rung,
    struct octave_facts *f)
{
	int64_t *ticks = malloc((s->n_notes + 1) * sizeof *ticks);
	size_t seen = 0;

	if (ticks == NULL)
		return -1;
	for (size_t i = 0; i < s->n_notes; i++) {
		const struct note *nt = &s->notes[i];

		if (rung != NULL && !rung[nt->track])
			continue;
		ticks[f->n] = nt->tick;
		f->hist[nt->pitch]++;
		f->n++;
		f->imp0 += nt->pitch < BELL_LOWEST_PITCH ||
		    nt->pitch > BELL_HIGHEST_PITCH;
		f->imp12 += nt->pitch + 12 < BELL_LOWEST_PITCH ||
		    nt->pitch + 12 > BELL_HIGHEST_PITCH;
	}
	f->lo = f->hi = -1;
	for (int p = 0; p < 128; p++) {
		if (f->hist[p] == 0)
			continue;
		if (f->lo < 0)
			f->lo = p;
		f->hi = p;
		if (seen < (f->n + 1) / 2 && seen + f->hist[p] >= (f->n + 1) / 2)
			f->median = p;
		seen += f->hist[p];
	}
	f->together = count_together(ticks, f->n);
	free(ticks);
	if (f->n == 0)
		return 0;
	pitch_name(f->lo, f->a, sizeof f->a);
	pitch_name(f->hi, f->b, sizeof f->b);
	pitch_name(f->median, f->c, sizeof f->c);
	return 0;
}

/* A shift that would ask for bells nobody makes loses outright. */
static int
octave_by_bells_made(const struct octave_facts *f,
    struct octave_suggestion *out)
{
	int up = f->imp12 < f->imp0;

	if (f->imp0 == f->imp12)
		return 0;
	suggest(out, up ? 12 : 0, 1, "range");
	snprintf(out->reason, sizeof out->reason, up ?
	    "the piece spans %s-%s: as sounding pitch %zu notes would "
	    "need bells outside G1-C9 (the largest and smallest made), "
	    "an octave up %s" :
	    "the piece spans %s-%s: an octave up %zu notes would need "
	    "bells outside G1-C9 (the largest and smallest made), as "
	    "sounding pitch %s", f->a, f->b, up ? f->imp0 : f->imp12,
	    (up ? f->imp12 : f->imp0) == 0 ? "none would" : "fewer would");
	return 1;
}

/* Near C5 the median says little and the instrument decides, when the
 * file names one (and only one kind). */
static int
octave_by_instrument(const struct octave_facts *f,
    struct octave_suggestion *out)
{
	if (f->median < 70 || f->median > 74 ||
	    (f->kb_name != NULL) == (f->bell_name != NULL))
		return 0;
	suggest(out, f->kb_name != NULL ? 12 : 0, 1, "instrument");
	snprintf(out->reason, sizeof out->reason, f->kb_name != NULL ?
	    "the median note %s says little; \"%.60s\" is a keyboard "
	    "part, written at piano pitch: bells sound an octave above" :
	    "the median note %s says little; \"%.60s\" is a bell part, "
	    "taken as exported at sounding pitch (MuseScore 4)", f->c,
	    f->kb_name != NULL ? f->kb_name : f->bell_name);
	return 1;
}

/*
 * A single melodic line (at most 1 note in 20 starting with another) is
 * a tune, and a tune is rung on the bells' treble: a line written on the
 * treble staff (C4-C6 with its ledger lines) sounds on handbells an
 * octave up, C5-C7, the two octaves above the 3-octave set's lowest
 * that every set has.  So when the line fits C5-C7 at one shift only,
 * that shift names its bells; at both or neither, the median decides.
 */
#define TREBLE_LO 72                /* C5 */
#define TREBLE_HI 96                /* C7 */
static int
octave_by_treble_line(const struct octave_facts *f,
    struct octave_suggestion *out)
{
	int fit0 = f->lo >= TREBLE_LO && f->hi <= TREBLE_HI;
	int fit12 = f->lo + 12 >= TREBLE_LO && f->hi + 12 <= TREBLE_HI;

	if (f->together * 20 > f->n || fit0 == fit12)
		return 0;
	suggest(out, fit12 ? 12 : 0, 1, "range");
	snprintf(out->reason, sizeof out->reason, "a single melodic line "
	    "spanning %s-%s (median %s): it fits the bells' treble C5-C7 %s",
	    f->a, f->b, f->c, fit12 ? "only an octave up, as a tune written "
	    "on the treble staff sounds on handbells: read as written pitch" :
	    "as it is, not an octave up: read as sounding pitch, the bells' "
	    "own names");
	return 1;
}

/*
 * Handbell music is written an octave below its sound, on a grand staff
 * centred on middle C; a piano-staff score is too.  So a piece whose
 * median note is below C5 reads as written pitch and one at or above C5
 * as sounding pitch.
 */
static void
octave_by_median(const struct octave_facts *f,
    struct octave_suggestion *out)
{
	suggest(out, f->median < 72 ? 12 : 0, 1, "range");
	snprintf(out->reason, sizeof out->reason, f->median < 72 ?
	    "the piece spans %s-%s with its median note %s below C5: read as "
	    "written pitch (handbell or piano-staff notation), the bells "
	    "sound an octave higher" :
	    "the piece spans %s-%s with its median note %s at or above C5: "
	    "read as sounding pitch, the bells' own names", f->a, f->b, f->c);
}

void
choir_suggest_octave(const struct score *s, const unsigned char *rung,
    struct octave_suggestion *out)
{
	struct octave_facts f;

	memset(out, 0, sizeof *out);
	memset(&f, 0, sizeof f);
	if (octave_from_parts(s, rung, &f, out))
		return;
	if (octave_note_facts(s, rung, &f) != 0) {
		suggest(out, 0, 1, "range");
		snprintf(out->reason, sizeof out->reason,
		    "out of memory judging the notes: sounding pitch assumed");
		return;
	}
	if (f.n == 0) {
		suggest(out, 0, 1, "range");
		snprintf(out->reason, sizeof out->reason,
		    "no notes to judge by: sounding pitch assumed");
		return;
	}
	if (!octave_by_bells_made(&f, out) && !octave_by_instrument(&f, out) &&
	    !octave_by_treble_line(&f, out))
		octave_by_median(&f, out);
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
	int c = VB_CMP_BY(x, y, pitch, tick);

	if (c != 0)
		return c;
	if (x->moved != y->moved)
		return x->moved - y->moved;     /* the file's own note first */
	return VB_CMP(x->idx, y->idx);
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

/* One transformation's working state (choir_transform). */
struct transform {
	const struct score *s;
	const struct choir_request *req;
	struct choir_report *rep;
	struct plan *pl;
	int64_t first[FROM_SPAN];       /* first tick each pitch sounds */
	size_t count[FROM_SPAN];        /* notes per pitch (after the shift) */
	size_t merged[FROM_SPAN];       /* of them, rung with another */
	struct note *kept;              /* the notes rung, n of them */
	size_t n;
	int *from_of;                   /* kept note -> its pitch's index */
	struct landing *land;
	unsigned char *drop;            /* kept note merged into another */
};

static int
transform_alloc(struct transform *w, size_t n_notes)
{
	w->pl = calloc(1, sizeof *w->pl);
	w->kept = malloc((n_notes + 1) * sizeof *w->kept);
	w->land = malloc((n_notes + 1) * sizeof *w->land);
	w->drop = calloc(n_notes + 1, 1);
	w->from_of = malloc((n_notes + 1) * sizeof *w->from_of);
	return w->pl == NULL || w->kept == NULL || w->land == NULL ||
	    w->drop == NULL || w->from_of == NULL ? -1 : 0;
}

static void
transform_free(struct transform *w)
{
	free(w->pl);
	free(w->kept);
	free(w->land);
	free(w->drop);
	free(w->from_of);
}

/* Which note goes where, and the first time each pitch sounds.  Returns
 * whether a note's pitch is refused (out_of_range "error"). */
static int
place_notes(struct transform *w)
{
	const struct score *s = w->s;
	int any_error = 0;

	for (int i = 0; i < FROM_SPAN; i++) {
		w->first[i] = -1;
		plan_pitch(w->req, i - FROM_BASE, w->pl);
	}
	for (size_t i = 0; i < s->n_notes; i++) {
		const struct note *nt = &s->notes[i];
		int k = nt->pitch + w->rep->shift + FROM_BASE;

		if (w->req->rung != NULL && !w->req->rung[nt->track]) {
			w->rep->left_out++;
			continue;
		}
		w->count[k]++;
		if (w->first[k] < 0 || nt->tick < w->first[k])
			w->first[k] = nt->tick;
		any_error |= w->pl->error[k];
		if (w->pl->action[k] == CHOIR_OMITTED)
			continue;
		w->kept[w->n] = *nt;
		w->kept[w->n].pitch = w->pl->to[k];
		w->from_of[w->n] = k;
		w->n++;
	}
	return any_error;
}

/* A moved note that lands on a pitch already sounding (the file's own
 * note, or one moved there before it) is that ring: dropped from kept,
 * counted as merged.  Returns the notes left. */
static size_t
merge_landings(struct transform *w)
{
	size_t n = w->n, left = 0;

	for (size_t i = 0; i < n; i++)
		w->land[i] = (struct landing){ (uint32_t)i, w->kept[i].pitch,
			w->pl->action[w->from_of[i]] != CHOIR_RUNG,
			w->kept[i].tick, w->kept[i].tick + w->kept[i].dur_ticks };
	qsort(w->land, n, sizeof *w->land, compare_landing);
	for (size_t i = 0; i < n;) {
		size_t j = i;
		int64_t max_end = INT64_MIN, last_start = INT64_MIN;

		for (; j < n && w->land[j].pitch == w->land[i].pitch; j++) {
			const struct landing *l = &w->land[j];

			if (l->moved && (l->tick < max_end ||
			    l->tick == last_start)) {
				w->drop[l->idx] = 1;
				w->merged[w->from_of[l->idx]]++;
				continue;
			}
			if (l->end > max_end)
				max_end = l->end;
			last_start = l->tick;
		}
		i = j;
	}
	for (size_t i = 0; i < n; i++)
		if (!w->drop[i])
			w->kept[left++] = w->kept[i];
	return left;
}

/* Pitch k's notes in the totals; a change (moved, chimed, omitted) is
 * also listed. */
static void
report_pitch(struct transform *w, int k)
{
	struct choir_report *rep = w->rep;
	struct choir_change *c;
	int from = k - FROM_BASE;

	if ((from < BELL_LOWEST_PITCH || from > BELL_HIGHEST_PITCH) &&
	    rep->n_impossible < (int)(sizeof rep->impossible /
	    sizeof rep->impossible[0]))
		rep->impossible[rep->n_impossible++] = from;
	switch (w->pl->action[k]) {
	case CHOIR_RUNG:
		rep->rung += w->count[k];
		return;
	case CHOIR_MOVED:
		rep->moved += w->count[k];
		break;
	case CHOIR_CHIMED:
		rep->chimed += w->count[k];
		if (w->pl->to[k] >= 0)
			rep->is_chime[w->pl->to[k]] = 1;
		break;
	default:
		rep->omitted += w->count[k];
		break;
	}
	rep->merged += w->merged[k];
	c = &rep->changes[rep->n_changes++];
	*c = (struct choir_change){ .action = w->pl->action[k], .from = from,
		.to = w->pl->to[k], .notes = w->count[k],
		.merged = w->merged[k], .first_tick = w->first[k],
		.first_ms = score_tick_to_ms(w->s, w->first[k]),
		.why = w->pl->why[k] };
	score_musical_time(w->s, w->first[k], &c->first);
}

int
choir_transform(const struct score *s, const struct choir_request *req,
    struct score **out, struct choir_report *rep, struct vb_error *err)
{
	struct transform w = { .s = s, .req = req, .rep = rep };
	size_t left;
	int rc = -1;

	memset(rep, 0, sizeof *rep);
	*out = NULL;
	if (transform_alloc(&w, s->n_notes) != 0)
		goto oom;
	choir_suggest_octave(s, req->rung, &rep->suggestion);
	rep->shift = req->shift_given ? req->shift :
	    req->set_given ? rep->suggestion.shift : 0;
	rep->in_file = s->n_notes;
	if (place_notes(&w)) {
		refuse_out_of_range(s, w.pl, w.first, rep->shift, err);
		goto out;
	}
	if ((left = merge_landings(&w)) == 0) {
		vb_error_set(err, RPC_APP_ERROR, "ERR_NO_NOTES", NULL,
		    "No notes left to ring: the tracks chosen and the bell set "
		    "leave none");
		goto out;
	}
	/* The report: totals, each changed pitch, the bells nobody makes. */
	rep->changes = calloc(FROM_SPAN, sizeof *rep->changes);
	if (rep->changes == NULL)
		goto oom;
	for (int k = 0; k < FROM_SPAN; k++)
		if (w.count[k] > 0)
			report_pitch(&w, k);
	if ((*out = score_with_notes(s, w.kept, left)) == NULL)
		goto oom;
	rc = 0;
	goto out;
oom:
	vb_error_set(err, RPC_INTERNAL_ERROR, "ERR_INTERNAL", NULL,
	    "out of memory preparing the choir's notes");
out:
	if (rc != 0)
		choir_report_fini(rep);
	transform_free(&w);
	return rc;
}

void
choir_report_fini(struct choir_report *rep)
{
	free(rep->changes);
	rep->changes = NULL;
	rep->n_changes = 0;
}
