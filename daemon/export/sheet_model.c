/*
 * sheet_model.c - the export params read into the sheets' model (see
 * sheet_model.h): ringers in the arrangement's order, the bells of the
 * piece by pitch, each ringer's events from the simulation and the
 * changes (put-down, then pick-up in the same hand) a cue list shows.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "sheet_model.h"
#include "../core/grow.h"
#include "../music/score.h"

int
sheet_pitch_of(const char *name)
{
	static const int natural[7] = { 9, 11, 0, 2, 4, 5, 7 };  /* A..G */
	const char *p = name;
	int pc, octave = 0, neg = 0, digits = 0;

	if (*p < 'A' || *p > 'G')
		return -1;
	pc = natural[*p++ - 'A'];
	for (;;) {
		if (*p == '#') {
			pc++, p++;
		} else if (*p == 'b') {
			pc--, p++;
		} else if (strncmp(p, "\xe2\x99\xaf", 3) == 0) {  /* U+266F sharp */
			pc++, p += 3;
		} else if (strncmp(p, "\xe2\x99\xad", 3) == 0) {  /* U+266D flat */
			pc--, p += 3;
		} else {
			break;
		}
		if (pc < -2 || pc > 13)
			return -1;
	}
	if (*p == '-')
		neg = 1, p++;
	while (*p >= '0' && *p <= '9' && digits < 2)
		octave = octave * 10 + (*p++ - '0'), digits++;
	if (digits == 0 || *p != '\0')
		return -1;
	int pitch = (neg ? -octave : octave) * 12 + 12 + pc;
	return pitch >= 0 && pitch <= 127 ? pitch : -1;
}

static int
field_error(struct vb_error *err, const char *field, const char *msg)
{
	return vb_error_param(err, "ERR_INVALID_ARRANGEMENT", field, "%s", msg);
}

static int
no_memory(struct vb_error *err)
{
	return vb_error_set(err, RPC_INTERNAL_ERROR, "ERR_EXPORT_FAILED", NULL,
	    "Out of memory while laying out the sheets");
}

/* The bell of that name (by pitch when it reads as one); adds it. */
static int
bell_index(struct sheet_model *m, size_t *cap, const char *name)
{
	int pitch = sheet_pitch_of(name);
	char shown[sizeof m->bells->name];

	/* Compared as stored (cut to 15 bytes), so that a long name is one
	 * bell however often it comes. */
	snprintf(shown, sizeof shown, "%s", name);
	for (size_t i = 0; i < m->n_bells; i++)
		if (pitch >= 0 ? m->bells[i].pitch == pitch :
		    strcmp(m->bells[i].name, shown) == 0)
			return (int)i;
	if (grow_array((void **)&m->bells, cap, m->n_bells + 1,
	    sizeof *m->bells) < 0)
		return -1;
	struct sheet_bell *b = &m->bells[m->n_bells];
	memset(b, 0, sizeof *b);
	memcpy(b->name, shown, sizeof b->name);
	b->pitch = pitch;
	b->order = (int)m->n_bells;
	return (int)m->n_bells++;
}

static int
add_owner(struct sheet_bell *b, int ringer, int hand)
{
	for (int i = 0; i < b->n_owners; i++)
		if (b->owners[i] == ringer)
			return 0;
	if (b->n_owners == SHEET_MAX_OWNERS)
		return -1;
	b->owners[b->n_owners] = ringer;
	b->owner_hand[b->n_owners++] = hand;
	return 0;
}

static const char *
level_of(const json_t *players, const char *name)
{
	const char *level = NULL;
	size_t i;
	json_t *p;

	/* A later duplicate name wins, as in the CSV sheet. */
	json_array_foreach(players, i, p) {
		const char *n = json_string_value(json_object_get(p, "name"));
		const char *e = json_string_value(json_object_get(p, "experience"));
		if (n != NULL && strcmp(n, name) == 0)
			level = e;
	}
	if (level == NULL && strncmp(name, "Virtual Player", 14) == 0)
		level = "virtual";
	return level;
}

static int
read_hands(struct sheet_model *m, size_t *bcap, struct sheet_ringer *r,
    int ri, const json_t *as, struct vb_error *err)
{
	static const char *const keys[3] = { "left_hand", "right_hand", "bells" };
	char field[160];

	for (int h = 0; h < 3; h++) {
		const json_t *list = json_object_get(as, keys[h]);
		size_t i;
		json_t *b;

		json_array_foreach(list, i, b) {
			int bi = bell_index(m, bcap, json_string_value(b));
			if (bi < 0)
				return no_memory(err);
			int *arr = h < 2 ? r->hands[h] : r->other;
			int *n = h < 2 ? &r->n_hand[h] : &r->n_other;
			int seen = 0;
			/* A hand lists a bell once; both hands may hold it (the
			 * set's two copies, one in each); `bells` adds only what
			 * no hand holds. */
			for (int hh = 0; hh < 2; hh++)
				for (int k = 0; k < r->n_hand[hh]; k++)
					seen |= r->hands[hh][k] == bi && (h == 2 || h == hh);
			for (int k = 0; k < r->n_other; k++)
				seen |= r->other[k] == bi;
			if (seen)
				continue;
			snprintf(field, sizeof field, "arrangement.assignments.%s.%s",
			    r->name, keys[h]);
			if (*n == SHEET_MAX_HAND)
				return field_error(err, field,
				    "At most 32 bells in one hand on the sheets");
			arr[(*n)++] = bi;
			if (add_owner(&m->bells[bi], ri, h < 2 ? h : HAND_NONE) < 0)
				return field_error(err, field,
				    "A bell held by more than 4 ringers");
		}
	}
	return 0;
}

/* A number that is finite and within the bound; -1 otherwise. */
static int
time_value(const json_t *v, double *out)
{
	if (!json_is_number(v))
		return -1;
	double t = json_number_value(v);
	if (!isfinite(t) || t < 0 || t > SHEET_MAX_MS)
		return -1;
	*out = t;
	return 0;
}

static int
compare_events(const void *a, const void *b)
{
	const struct sheet_event *x = a, *y = b;

	if (x->t_ms != y->t_ms)
		return x->t_ms < y->t_ms ? -1 : 1;
	/* At one instant: put down, then pick up, then ring. */
	static const int rank[3] = { 2, 0, 1 };
	return rank[x->type] - rank[y->type];
}

static int
read_events(struct sheet_model *m, size_t *bcap, struct sheet_ringer *r,
    const json_t *events, const char *where, struct vb_error *err)
{
	size_t i, cap = 0;
	json_t *e;
	char field[192];

	if (!json_is_array(events)) {
		snprintf(field, sizeof field, "%s.events", where);
		return field_error(err, field, "events must be an array");
	}
	json_array_foreach(events, i, e) {
		const char *type = json_string_value(json_object_get(e, "type"));
		const char *bell = json_string_value(json_object_get(e, "bell_name"));
		const char *hand = json_string_value(json_object_get(e, "hand"));
		struct sheet_event ev = { 0 };

		snprintf(field, sizeof field, "%s.events[%zu]", where, i);
		if (type == NULL || bell == NULL)
			return field_error(err, field,
			    "An event needs a type and a bell_name");
		if (strcmp(type, "ring") == 0)
			ev.type = SEV_RING;
		else if (strcmp(type, "put_down") == 0)
			ev.type = SEV_PUT_DOWN;
		else if (strcmp(type, "pick_up") == 0)
			ev.type = SEV_PICK_UP;
		else
			continue;  /* an event kind a later engine adds */
		ev.hand = hand == NULL ? HAND_NONE :
		    strcmp(hand, "left") == 0 ? HAND_LEFT :
		    strcmp(hand, "right") == 0 ? HAND_RIGHT : HAND_NONE;
		if (time_value(json_object_get(e, "time_ms"), &ev.t_ms) < 0)
			return field_error(err, field,
			    "time_ms must be a number from 0 to 4 hours");
		if (ev.type == SEV_RING && json_object_get(e, "duration_ms") &&
		    time_value(json_object_get(e, "duration_ms"), &ev.dur_ms) < 0)
			return field_error(err, field,
			    "duration_ms must be a number from 0 to 4 hours");
		if (ev.type == SEV_PUT_DOWN) {
			ev.gap_ms = -1;
			if (json_object_get(e, "gap_ms") != NULL &&
			    time_value(json_object_get(e, "gap_ms"), &ev.gap_ms) < 0)
				return field_error(err, field,
				    "gap_ms must be a number from 0 to 4 hours");
			ev.tight = json_is_true(json_object_get(e, "tight"));
		}
		const json_t *mea = json_object_get(e, "measure");
		const json_t *beat = json_object_get(e, "beat");
		if (json_is_integer(mea) && json_is_number(beat) &&
		    json_integer_value(mea) > -100000 &&
		    json_integer_value(mea) < 100000 &&
		    isfinite(json_number_value(beat))) {
			ev.has_measure = 1;
			ev.measure = (long)json_integer_value(mea);
			ev.beat = json_number_value(beat);
			m->has_measures = 1;
		}
		ev.bell = bell_index(m, bcap, bell);
		if (ev.bell < 0 || grow_array((void **)&r->events, &cap,
		    r->n_events + 1, sizeof *r->events) < 0)
			return no_memory(err);
		r->events[r->n_events++] = ev;
		double end = ev.t_ms + ev.dur_ms;
		if (end > m->duration_ms)
			m->duration_ms = end;
		if (ev.type == SEV_RING) {
			r->n_rings++;
			m->n_ring_events++;
		}
	}
	if (r->n_events > 0)
		qsort(r->events, r->n_events, sizeof *r->events, compare_events);
	return 0;
}

static int
compare_changes(const void *a, const void *b)
{
	const struct sheet_change *x = a, *y = b;

	if (x->at->t_ms != y->at->t_ms)
		return x->at->t_ms < y->at->t_ms ? -1 : 1;
	return (int)x->hand - (int)y->hand;
}

/* Pairs each put-down with the next pick-up in the same hand; the list
 * is in the order of the put-downs (a cue list reads by when to act). */
static int
build_changes(const struct sheet_model *m, struct sheet_ringer *r)
{
	size_t cap = 0;
	const struct sheet_event *open[2] = { NULL, NULL };

	r->first_bell[0] = r->first_bell[1] = -1;
	for (size_t i = 0; i <= r->n_events; i++) {
		const struct sheet_event *e = i < r->n_events ? &r->events[i] : NULL;
		struct sheet_change c = { 0 };
		int h;

		if (e != NULL && e->hand == HAND_NONE)
			continue;
		if (e != NULL && e->type == SEV_RING) {
			if (r->first_bell[e->hand] < 0)
				r->first_bell[e->hand] = e->bell;
			continue;
		}
		if (e == NULL) {
			/* Put-downs never followed by a pick-up. */
			for (h = 0; h < 2; h++) {
				if (open[h] == NULL)
					continue;
				c.hand = (enum sheet_hand)h;
				c.put_down = open[h]->bell;
				c.pick_up = -1;
				c.at = open[h];
				c.gap_ms = open[h]->gap_ms;
				c.tight = open[h]->tight;
				c.impossible = c.gap_ms >= 0 && c.gap_ms < m->impossible_ms;
				if (grow_array((void **)&r->changes, &cap,
				    r->n_changes + 1, sizeof *r->changes) < 0)
					return -1;
				r->changes[r->n_changes++] = c;
				open[h] = NULL;
			}
			break;
		}
		h = e->hand;
		if (e->type == SEV_PUT_DOWN) {
			if (open[h] == NULL) {
				open[h] = e;
				continue;
			}
			/* Two put-downs in a row: the first stands alone. */
			c.put_down = open[h]->bell;
			c.pick_up = -1;
			c.at = open[h];
			c.gap_ms = open[h]->gap_ms;
			c.tight = open[h]->tight;
			open[h] = e;
		} else {
			if (r->first_bell[h] < 0 && open[h] == NULL)
				r->first_bell[h] = e->bell;
			c.put_down = open[h] ? open[h]->bell : -1;
			c.pick_up = e->bell;
			c.at = open[h] ? open[h] : e;
			c.gap_ms = open[h] ? (open[h]->gap_ms >= 0 ? open[h]->gap_ms :
			    e->t_ms - open[h]->t_ms) : -1;
			c.tight = open[h] ? open[h]->tight : 0;
			open[h] = NULL;
		}
		c.hand = (enum sheet_hand)h;
		c.impossible = c.gap_ms >= 0 && c.gap_ms < m->impossible_ms;
		if (grow_array((void **)&r->changes, &cap, r->n_changes + 1,
		    sizeof *r->changes) < 0)
			return -1;
		r->changes[r->n_changes++] = c;
	}
	if (r->n_changes > 1)
		qsort(r->changes, r->n_changes, sizeof *r->changes, compare_changes);
	for (size_t i = 0; i < r->n_changes; i++) {
		r->n_tight += r->changes[i].tight && !r->changes[i].impossible;
		r->n_impossible += r->changes[i].impossible;
	}
	return 0;
}

static int
compare_bells(const void *a, const void *b)
{
	const struct sheet_bell *x = a, *y = b;

	/* Unreadable names (pitch -1) after every real bell. */
	if ((x->pitch < 0) != (y->pitch < 0))
		return x->pitch < 0 ? 1 : -1;
	if (x->pitch != y->pitch)
		return x->pitch - y->pitch;
	return strcmp(x->name, y->name);
}

/* Sorts the bells by pitch and renumbers every index that points at one. */
static int
sort_bells(struct sheet_model *m)
{
	int *map = malloc((m->n_bells ? m->n_bells : 1) * sizeof *map);

	if (map == NULL)
		return -1;
	if (m->n_bells > 0)
		qsort(m->bells, m->n_bells, sizeof *m->bells, compare_bells);
	for (size_t j = 0; j < m->n_bells; j++)
		map[m->bells[j].order] = (int)j;
	for (size_t i = 0; i < m->n_ringers; i++) {
		struct sheet_ringer *r = &m->ringers[i];
		for (int h = 0; h < 2; h++)
			for (int k = 0; k < r->n_hand[h]; k++)
				r->hands[h][k] = map[r->hands[h][k]];
		for (int k = 0; k < r->n_other; k++)
			r->other[k] = map[r->other[k]];
		for (size_t k = 0; k < r->n_events; k++)
			r->events[k].bell = map[r->events[k].bell];
	}
	free(map);
	return 0;
}

static int
compare_ints(const void *a, const void *b)
{
	return *(const int *)a - *(const int *)b;
}

static void
add_reason(struct sheet_model *m, const json_t *v)
{
	const char *s = json_string_value(v);

	if (s == NULL || *s == '\0')
		return;
	for (size_t i = 0; i < m->n_reasons; i++)
		if (strcmp(m->reasons[i], s) == 0)
			return;
	if (m->n_reasons < sizeof m->reasons / sizeof m->reasons[0])
		m->reasons[m->n_reasons++] = s;
	else
		m->n_reasons_more++;
}

static void
read_reasons(struct sheet_model *m, const json_t *arr)
{
	const json_t *verdict = json_object_get(arr, "verdict");
	const json_t *lists[5] = {
		json_object_get(verdict, "reasons"),
		json_object_get(json_object_get(arr, "quality_breakdown"),
		    "hard_fail_reasons"),
		json_object_get(json_object_get(arr, "validation"), "issues"),
		json_object_get(json_object_get(arr, "validation"), "warnings"),
		json_object_get(json_object_get(arr, "sustainability"), "issues"),
	};
	size_t i;
	json_t *v;

	m->ringable = -1;
	if (json_is_boolean(json_object_get(verdict, "ringable")))
		m->ringable = json_is_true(json_object_get(verdict, "ringable"));
	for (int l = 0; l < 5; l++)
		json_array_foreach(lists[l], i, v)
			add_reason(m, v);
}

static void
default_title(struct sheet_model *m, const char *filename)
{
	const char *base = filename, *s;

	for (s = filename; *s; s++)
		if (*s == '/' || *s == '\\')
			base = s + 1;
	snprintf(m->title_buf, sizeof m->title_buf, "%s", base);
	char *dot = strrchr(m->title_buf, '.');
	if (dot != NULL && dot != m->title_buf)
		*dot = '\0';
	m->title = m->title_buf;
}

static int
read_simulation(struct sheet_model *m, size_t *bcap, const json_t *sim,
    struct vb_error *err)
{
	const json_t *players = json_object_get(sim, "players");
	const json_t *imp = json_object_get(sim, "impossible_swap_gap_ms");
	size_t i;
	json_t *p;
	char where[160];

	if (!json_is_object(sim) || !json_is_array(players))
		return field_error(err, "arrangement.simulation",
		    "The simulation must be an object with a players array");
	m->has_simulation = 1;
	m->impossible_ms = 500;
	if (json_is_number(imp))
		m->impossible_ms = json_number_value(imp);
	if (time_value(json_object_get(sim, "duration_ms"), &m->duration_ms) < 0)
		m->duration_ms = 0;
	json_array_foreach(players, i, p) {
		const char *name = json_string_value(json_object_get(p, "name"));
		snprintf(where, sizeof where, "arrangement.simulation.players[%zu]", i);
		if (name == NULL)
			return field_error(err, where, "A simulated player needs a name");
		for (size_t r = 0; r < m->n_ringers; r++) {
			if (strcmp(m->ringers[r].name, name) != 0 ||
			    m->ringers[r].events != NULL)
				continue;
			if (read_events(m, bcap, &m->ringers[r],
			    json_object_get(p, "events"), where, err) < 0)
				return -1;
			break;
		}
	}
	return 0;
}

/* At most this many bar lines (a 4-hour piece at 200 bpm in 2/4). */
#define MAX_BARS 30000

static const struct sheet_bar *
bar_at(const struct sheet_model *m, double ms)
{
	size_t lo = 0, hi = m->n_bars;

	if (m->n_bars == 0)
		return NULL;
	while (hi - lo > 1) {
		size_t mid = lo + (hi - lo) / 2;
		if (m->bars[mid].ms <= ms)
			lo = mid;
		else
			hi = mid;
	}
	return &m->bars[lo];
}

/*
 * The score's musical time on the model: bar lines up to the end, each
 * event's measure and beat (unless the engine gave them), each change's
 * length in beats of the time signature in force at the put-down.
 */
static int
read_score_time(struct sheet_model *m, const struct score *s)
{
	int64_t end = score_ms_to_tick(s, m->duration_ms) + 1;
	struct measure_mark *marks = malloc(MAX_BARS * sizeof *marks);
	size_t n;

	if (marks == NULL)
		return -1;
	n = score_measure_starts(s, end, marks, MAX_BARS);
	m->bars = calloc(n ? n : 1, sizeof *m->bars);
	if (m->bars == NULL) {
		free(marks);
		return -1;
	}
	double tpb = s->ticks_per_beat > 0 ? s->ticks_per_beat : 480;
	for (size_t i = 0; i < n; i++) {
		double unit = tpb * 4.0 / (marks[i].beat_type > 0 ?
		    marks[i].beat_type : 4);
		m->bars[i].ms = score_tick_to_ms(s, marks[i].tick);
		m->bars[i].number = marks[i].number;
		m->bars[i].beats = marks[i].beats;
		m->bars[i].beat_type = marks[i].beat_type;
		m->bars[i].beat_ms = score_tick_to_ms(s, marks[i].tick +
		    (int64_t)llround(unit)) - m->bars[i].ms;
	}
	m->n_bars = n;
	free(marks);
	for (size_t r = 0; r < m->n_ringers; r++) {
		struct sheet_ringer *rg = &m->ringers[r];
		for (size_t i = 0; i < rg->n_events; i++) {
			struct sheet_event *e = &rg->events[i];
			struct musical_time mt;
			if (e->has_measure)
				continue;
			score_musical_time_ms(s, e->t_ms, &mt);
			e->has_measure = 1;
			e->measure = mt.measure;
			e->beat = mt.beat;
			m->has_measures = 1;
		}
	}
	return 0;
}

void
sheet_cue_time(const struct sheet_model *m, const struct sheet_event *e,
    long *measure, double *beat)
{
	/* Times come back from ms through the tempo map: a tick's rounding
	 * (3.9997 is beat 4) snapped first. */
	double b = e->beat, snapped = floor(b * 48 + 0.5) / 48;
	double whole = floor(snapped + 1e-9), frac = snapped - whole;

	*measure = e->measure;
	if (fabs(snapped - b) < 0.01 && (fabs(frac - 1.0 / 3) < 1e-6 ||
	    fabs(frac - 2.0 / 3) < 1e-6)) {
		*beat = snapped;    /* a triplet's beat stays a third */
		return;
	}
	const struct sheet_bar *bar = bar_at(m, e->t_ms);
	if (bar == NULL || bar->number != e->measure) {
		/* No meter to carry into the next measure: the quarter the
		 * time falls in. */
		*beat = floor(b * 4 + 1e-6) / 4;
		return;
	}
	*beat = floor(b * 4 + 0.5) / 4;
	if (bar->beats > 0 && *beat >= bar->beats + 1) {
		*measure += 1;
		*beat = 1;
	}
}

/* Each change's time to change in beats, where the score tells. */
static void
change_beats(const struct sheet_model *m, const struct score *s,
    struct sheet_ringer *r)
{
	double tpb = s->ticks_per_beat > 0 ? s->ticks_per_beat : 480;

	for (size_t i = 0; i < r->n_changes; i++) {
		struct sheet_change *c = &r->changes[i];
		const struct sheet_bar *b = bar_at(m, c->at->t_ms);
		if (c->gap_ms < 0 || b == NULL)
			continue;
		double unit = tpb * 4.0 / (b->beat_type > 0 ? b->beat_type : 4);
		int64_t t1 = score_ms_to_tick(s, c->at->t_ms);
		int64_t t2 = score_ms_to_tick(s, c->at->t_ms + c->gap_ms);
		c->gap_beats = (double)(t2 - t1) / unit;
	}
}

/* The bell of the piece at that pitch, or NULL. */
static struct sheet_bell *
bell_of_pitch(struct sheet_model *m, int pitch)
{
	for (size_t i = 0; pitch >= 0 && i < m->n_bells; i++)
		if (m->bells[i].pitch == pitch)
			return &m->bells[i];
	return NULL;
}

/* Pitches of a list of names into in_set as value (the names checked). */
static void
mark_set(struct sheet_model *m, const json_t *names, unsigned char value)
{
	size_t i;
	json_t *v;

	json_array_foreach(names, i, v) {
		int p = sheet_pitch_of(json_string_value(v));
		if (p >= 0)
			m->in_set[p] = value;
	}
}

/* bell_set: which pitches the choir owns, and how many of each bell. */
static void
read_bell_set(struct sheet_model *m, const json_t *set)
{
	int lo = sheet_pitch_of(json_string_value(json_object_get(set,
	    "lowest")));
	int hi = sheet_pitch_of(json_string_value(json_object_get(set,
	    "highest")));
	size_t i;
	json_t *v;

	m->has_set = 1;
	m->set_lowest = json_string_value(json_object_get(set, "lowest"));
	m->set_highest = json_string_value(json_object_get(set, "highest"));
	for (int p = lo; p >= 0 && p <= hi; p++)
		m->in_set[p] = 1;
	mark_set(m, json_object_get(set, "missing"), 0);
	mark_set(m, json_object_get(set, "extra"), 1);
	for (i = 0; i < m->n_bells; i++)
		if (m->bells[i].pitch >= 0)
			m->bells[i].copies = m->in_set[m->bells[i].pitch];
	/* Each entry of duplicates is one more copy of an owned bell. */
	json_array_foreach(json_object_get(set, "duplicates"), i, v) {
		struct sheet_bell *b = bell_of_pitch(m,
		    sheet_pitch_of(json_string_value(v)));
		if (b != NULL && b->copies > 0)
			b->copies++;
	}
	for (i = 0; i < m->n_bells; i++)
		m->n_set_duplicates += m->bells[i].copies > 1;
}

/* choir.moved: notes of another pitch rung on this bell. */
static void
read_moved(struct sheet_model *m, const json_t *moved)
{
	size_t i;
	json_t *c;

	json_array_foreach(moved, i, c) {
		const char *from = json_string_value(json_object_get(c, "from"));
		int to = sheet_pitch_of(json_string_value(json_object_get(c, "to")));
		int fp = sheet_pitch_of(from);
		struct sheet_bell *b = bell_of_pitch(m, to);
		if (b == NULL || b->n_moved == SHEET_MAX_MOVED)
			continue;
		m->n_moved += b->n_moved == 0;
		b->moved[b->n_moved].from = from;
		/* A pitch no name reads (below C-1) was moved up. */
		b->moved[b->n_moved++].up = fp < to;
	}
}

/*
 * Arrange's choir block (checked by export_choir_check): the set, the
 * bells rung on handchimes, the notes moved, and the report's
 * sentences for the cover.  Only bells the arrangement holds are marked.
 */
static void
read_choir(struct sheet_model *m, const json_t *choir)
{
	const json_t *set = json_object_get(choir, "bell_set");
	size_t i;
	json_t *v;

	m->has_choir = 1;
	if (json_is_object(set))
		read_bell_set(m, set);
	json_array_foreach(json_object_get(choir, "chimed"), i, v) {
		struct sheet_bell *b = bell_of_pitch(m, sheet_pitch_of(
		    json_string_value(json_object_get(v, "to"))));
		if (b != NULL && !b->chime) {
			b->chime = 1;
			m->n_chimes++;
		}
	}
	read_moved(m, json_object_get(choir, "moved"));
	json_array_foreach(json_object_get(choir, "report"), i, v) {
		if (m->n_choir_notes < SHEET_MAX_NOTES)
			m->choir_notes[m->n_choir_notes++] = json_string_value(v);
		else
			m->n_choir_notes_more++;
	}
}

int
sheet_model_build(const struct export_input *in,
    const struct sheet_options *o, const struct score *score,
    struct sheet_model *m, struct vb_error *err)
{
	const json_t *sim = json_object_get(in->arrangement, "simulation");
	size_t n = json_object_size(in->assignments), i = 0, bcap = 0;
	const char *name;
	json_t *as;

	memset(m, 0, sizeof *m);
	if (n > SHEET_MAX_RINGERS)
		return field_error(err, "arrangement.assignments",
		    "At most 64 ringers on the sheets");
	m->ringers = calloc(n ? n : 1, sizeof *m->ringers);
	if (m->ringers == NULL)
		return no_memory(err);
	if (o != NULL && o->title != NULL)
		m->title = o->title;
	else
		default_title(m, in->filename);
	m->strategy = in->strategy;
	if (m->strategy == NULL || strcmp(m->strategy, "unknown") == 0)
		m->strategy = json_string_value(json_object_get(in->arrangement,
		    "strategy"));
	if (json_is_number(json_object_get(in->arrangement, "quality_score"))) {
		m->has_score = 1;
		m->score = json_number_value(json_object_get(in->arrangement,
		    "quality_score"));
	}
	read_reasons(m, in->arrangement);
	json_object_foreach((json_t *)in->assignments, name, as) {
		struct sheet_ringer *r = &m->ringers[i];
		/* The swaps param, else the arrangement's own counts. */
		const json_t *sw = json_object_get(in->swaps != NULL ? in->swaps :
		    json_object_get(in->arrangement, "swaps"), name);
		r->name = name;
		r->level = level_of(in->players, name);
		r->position = json_string_value(json_object_get(as, "position"));
		r->swaps = json_is_integer(sw) ? (long)json_integer_value(sw) : -1;
		m->n_ringers = ++i;
		if (read_hands(m, &bcap, r, (int)i - 1, as, err) < 0)
			goto fail;
	}
	if (sim != NULL && !json_is_null(sim) &&
	    read_simulation(m, &bcap, sim, err) < 0)
		goto fail;
	if (sort_bells(m) < 0)
		goto nomem;
	if (o != NULL && o->choir != NULL)
		read_choir(m, o->choir);
	if (score != NULL && m->has_simulation && read_score_time(m, score) < 0)
		goto nomem;
	for (i = 0; i < m->n_ringers; i++) {
		struct sheet_ringer *r = &m->ringers[i];
		for (int h = 0; h < 2; h++)
			qsort(r->hands[h], (size_t)r->n_hand[h], sizeof(int),
			    compare_ints);
		qsort(r->other, (size_t)r->n_other, sizeof(int), compare_ints);
		if (build_changes(m, r) < 0)
			goto nomem;
		for (size_t k = 0; k < r->n_changes; k++)
			r->changes[k].gap_beats = -1;
		if (score != NULL)
			change_beats(m, score, r);
	}
	for (i = 0; i < m->n_bells; i++)
		m->n_duplicates += m->bells[i].n_owners > 1;
	/* Ringers the director brought who hold nothing: said, not hidden. */
	json_t *p;
	json_array_foreach(in->players, i, p) {
		const char *pn = json_string_value(json_object_get(p, "name"));
		if (pn != NULL && json_object_get(in->assignments, pn) == NULL &&
		    m->n_unused < SHEET_MAX_RINGERS)
			m->unused[m->n_unused++] = pn;
	}
	return 0;
nomem:
	no_memory(err);
fail:
	sheet_model_free(m);
	return -1;
}

void
sheet_model_free(struct sheet_model *m)
{
	for (size_t i = 0; i < m->n_ringers; i++) {
		free(m->ringers[i].events);
		free(m->ringers[i].changes);
	}
	free(m->ringers);
	free(m->bells);
	free(m->bars);
	memset(m, 0, sizeof *m);
}
