/*
 * simulation.c - upstream's simulation_builder.py: per player, the
 * timeline of pick_up / put_down / ring events the front end animates,
 * the bells' Malmark data and a fatigue score.  Written straight to JSON.
 */
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "bell_tables.h"
#include "engine_internal.h"

/*
 * An event's text up to its time, the same for every event of one type,
 * bell and hand: `{"type":"ring","bell_name":"C#5","pitch":73,
 * "hand":"left","time_ms":`.  Made once per request when first needed
 * (prefix_len 0: not yet), then copied whole.
 */
struct sim_prefix {
	char text[96];
};
#define PREFIX_INDEX(type, hand, pitch) (((type) * 2 + (hand)) * NPITCH + \
	(pitch))

/* The ring texts' pool holds this much a note on average: a ring's text
 * from its time is about 40 bytes; a longer one (musical time) that does
 * not fit is written each time instead. */
#define SIM_RING_AVG 48

/* What sim_scratch keeps made: a length 0 is not made yet. */
struct sim_text {
	struct sim_prefix prefix[3 * 2 * NPITCH]; /* by PREFIX_INDEX */
	unsigned char prefix_len[3 * 2 * NPITCH];
	char bell[2 * NPITCH][160];     /* a held bell's object, by (hand,
	                                   pitch) */
	unsigned char bell_len[2 * NPITCH];
};

int
sim_scratch_init(struct sim_scratch *s, size_t n_notes)
{
	s->notes = malloc((n_notes + 1) * sizeof *s->notes);
	/* Ring, pick-up and up to two put-downs (two bells held) a note. */
	s->ev = malloc((4 * n_notes + 1) * sizeof *s->ev);
	/* Only the lengths are zeroed: the texts are written before use. */
	s->text = malloc(sizeof *s->text);
	s->ring_pool = malloc((n_notes + 1) * SIM_RING_AVG);
	s->ring_off = malloc((n_notes + 1) * sizeof *s->ring_off);
	s->ring_len = calloc(n_notes + 1, 1);
	if (s->notes == NULL || s->ev == NULL || s->text == NULL ||
	    s->ring_pool == NULL || s->ring_off == NULL || s->ring_len == NULL) {
		sim_scratch_fini(s);
		return -1;
	}
	memset(s->text->prefix_len, 0, sizeof s->text->prefix_len);
	memset(s->text->bell_len, 0, sizeof s->text->bell_len);
	s->n = n_notes;
	s->ring_t = NULL;
	s->pool_used = 0;
	return 0;
}

void
sim_scratch_fini(struct sim_scratch *s)
{
	free(s->notes);
	free(s->ev);
	free(s->text);
	free(s->ring_pool);
	free(s->ring_off);
	free(s->ring_len);
	memset(s, 0, sizeof *s);
}

/*
 * events.sort(key=time_ms), stable.  Insertion sort, linear here: rings
 * and pick-ups come in time order and only a put_down goes back, to the
 * end of its hand's previous note, past the other hand's events since
 * then.  Those windows are disjoint for one hand, so each event is passed
 * by at most one put_down of the other hand: at most n moves in all.
 */
static void
sort_events(struct sim_event *v, size_t n)
{
	for (size_t i = 1; i < n; i++) {
		struct sim_event e;
		size_t j = i;

		if (v[i - 1].time_ms <= v[i].time_ms)
			continue;
		e = v[i];
		while (j > 0 && v[j - 1].time_ms > e.time_ms) {
			v[j] = v[j - 1];
			j--;
		}
		v[j] = e;
	}
}

static const char *const hand_names[2] = { "left", "right" };

/* Appends text; returns the new end. */
static char *
put_text(char *p, const char *s)
{
	while (*s)
		*p++ = *s++;
	return p;
}

/* Appends a string literal: its length is known, so one memcpy. */
#define PUT_LIT(p, lit) \
	(memcpy((p), (lit), sizeof(lit) - 1), (p) + sizeof(lit) - 1)

/*
 * An event's text up to its time, at p; returns the end.  The same for
 * every event of one type, bell and hand, so made once (struct
 * sim_prefix) and then copied.
 */
#define EVENT_MAX 256
static char *
event_prefix(char *p, const struct timing *t, const struct sim_event *e,
    struct sim_scratch *s)
{
	static const char *const types[] = { "put_down", "pick_up", "ring" };
	size_t k = PREFIX_INDEX(e->type, e->hand, e->pitch);
	struct sim_prefix *pre = &s->text->prefix[k];
	char name[16], *buf = p;

	if (s->text->prefix_len[k] != 0) {
		memcpy(p, pre->text, sizeof pre->text);
		return p + s->text->prefix_len[k];
	}
	p = PUT_LIT(p, "{\"type\":\"");
	p = put_text(p, types[e->type]);
	p = PUT_LIT(p, "\",\"bell_name\":\"");
	p = put_text(p, bell_key_name(t, e->pitch, name, sizeof name));
	p = PUT_LIT(p, "\",\"pitch\":");
	p = json_format_int(p, bell_pitch(t, e->pitch));
	if (bell_is_copy(t, e->pitch))
		p = PUT_LIT(p, ",\"copy\":2");  /* copies.c */
	p = PUT_LIT(p, ",\"hand\":\"");
	p = put_text(p, hand_names[e->hand]);
	p = PUT_LIT(p, "\",\"time_ms\":");
	s->text->prefix_len[k] = (unsigned char)(p - buf);
	memcpy(pre->text, buf, s->text->prefix_len[k]);
	return p;
}

/* The rest of an event, from its time on, at p; returns the end. */
static char *
event_tail(char *p, const struct sim_event *e, const struct score *musical)
{
	p = json_format_int(p, e->time_ms);
	if (e->type == EV_PUT_DOWN) {
		p = PUT_LIT(p, ",\"gap_ms\":");
		p = json_format_int(p, e->gap_ms);
		p = put_text(p, e->tight ? ",\"tight\":true" :
		    ",\"tight\":false");
	} else if (e->type == EV_RING) {
		p = PUT_LIT(p, ",\"duration_ms\":");
		p = json_format_int(p, e->duration_ms);
		p = PUT_LIT(p, ",\"velocity\":");
		p = json_format_int(p, e->velocity);
	}
	if (musical != NULL) {
		/* Choir mode's include_musical_time: where it falls in the
		 * music (music/meter.c). */
		struct musical_time mt;

		score_musical_time_ms(musical, e->at_ms, &mt);
		p = PUT_LIT(p, ",\"measure\":");
		p = json_format_int(p, mt.measure);
		p = PUT_LIT(p, ",\"beat\":");
		p += json_format_real(py_round(mt.beat, 3), p, 32);
	}
	*p++ = '}';
	return p;
}

/* A ring's tail, the same in every arrangement that rings its note:
 * copied when made, else made and kept if the pool has room. */
static char *
ring_tail(char *p, const struct timing *t, const struct sim_event *e,
    struct sim_scratch *s, const struct score *musical)
{
	uint32_t i = e->note;
	size_t n;
	char *end;

	if (s->ring_t != t) {
		memset(s->ring_len, 0, s->n + 1);
		s->pool_used = 0;
		s->ring_t = t;
	}
	if (s->ring_len[i] != 0) {
		memcpy(p, s->ring_pool + s->ring_off[i], s->ring_len[i]);
		return p + s->ring_len[i];
	}
	end = event_tail(p, e, musical);
	n = (size_t)(end - p);
	if (n <= UCHAR_MAX && s->pool_used + n <= (s->n + 1) * SIM_RING_AVG) {
		memcpy(s->ring_pool + s->pool_used, p, n);
		s->ring_off[i] = (uint32_t)s->pool_used;
		s->ring_len[i] = (unsigned char)n;
		s->pool_used += n;
	}
	return end;
}

/*
 * One event as text at p (at most EVENT_MAX bytes: fixed keys, a short
 * bell name and seven numbers); returns the end.  The simulation is most
 * of a response (megabytes for a long piece) and every string in an
 * event is one of ours (type, bell name, hand: nothing to escape), so it
 * is formatted directly and inserted as raw text.
 */
static char *
event_text(char *p, const struct timing *t, const struct sim_event *e,
    struct sim_scratch *s, const struct score *musical)
{
	p = event_prefix(p, t, e, s);
	if (e->type == EV_RING && e->note < s->n)
		return ring_tail(p, t, e, s, musical);
	return event_tail(p, e, musical);
}

/*
 * The events, EVENT_BATCH at a time as one raw text ("e1,e2,..."): the
 * writer sees one value a batch, so its commas and room checks are paid
 * a batch rather than an event.
 */
#define EVENT_BATCH 32
static void
write_events(struct json_out *o, const struct timing *t,
    struct sim_scratch *s, size_t n_ev)
{
	const struct score *musical = t->musical_time ? t->score : NULL;

	for (size_t i = 0; i < n_ev;) {
		size_t k = n_ev - i < EVENT_BATCH ? n_ev - i : EVENT_BATCH;
		char *buf = json_out_raw_begin(o, k * EVENT_MAX), *p = buf;

		if (buf == NULL)
			return;
		for (size_t j = 0; j < k; j++, i++) {
			if (j > 0)
				*p++ = ',';
			p = event_text(p, t, &s->ev[i], s, musical);
		}
		json_out_raw_end(o, (size_t)(p - buf));
	}
}

/*
 * A held bell: name, pitch, hand and the Malmark data, the same text for
 * every player and strategy holding that bell in that hand, so made once
 * per request (bell_len 0: not yet) and then copied.
 */
static void
write_bell(const struct timing *t, int p, int h, struct sim_scratch *s,
    struct json_out *o)
{
	size_t k = (size_t)h * NPITCH + (size_t)p;
	char name[16];

	if (s->text->bell_len[k] == 0) {
		struct json_out b;
		char *text;
		size_t n;

		json_out_init(&b);
		json_out_begin_object(&b);
		json_out_key(&b, "name");
		json_out_string(&b, bell_key_name(t, p, name, sizeof name));
		json_out_key(&b, "pitch");
		json_out_int(&b, bell_pitch(t, p));
		if (bell_is_copy(t, p))
			json_out_key_int(&b, "copy", 2);
		json_out_key(&b, "hand");
		json_out_string(&b, hand_names[h]);
		json_out_key(&b, "diameter_in");
		json_out_real(&b, t->bell[p].diameter_in);
		json_out_key(&b, "weight_oz");
		write_pynum(&b, t->bell[p].weight_oz);
		json_out_key(&b, "canvas_px");
		json_out_real(&b, t->bell[p].canvas_px);
		json_out_end_object(&b);
		text = json_out_steal(&b, &n);
		if (text == NULL || n > sizeof s->text->bell[0]) {
			free(text);
			o->failed = 1;
			return;
		}
		memcpy(s->text->bell[k], text, n);
		s->text->bell_len[k] = (unsigned char)n;
		free(text);
	}
	json_out_raw_value(o, s->text->bell[k], s->text->bell_len[k]);
}

/*
 * A hand's swap to a bell: the put-down at the end of the hand's last
 * note (at the ring itself when there was none, or when that note has not
 * ended by then) and the gap it leaves before the ring.
 */
static void
swap_time(int have_last, double last_end, double ring, double *pd,
    double *gap)
{
	*pd = have_last ? last_end : ring;
	*gap = ring - *pd;
	if (*gap < 0) {
		*gap = 0;
		*pd = ring;
	}
}

/* Appends the put-downs of put[] to the events. */
static void
add_put_downs(struct sim_scratch *s, size_t *n_ev, const int *put,
    int n_put, int h, double pd, double gap)
{
	for (int k = 0; k < n_put; k++)
		s->ev[(*n_ev)++] = (struct sim_event){
			.type = EV_PUT_DOWN, .pitch = put[k], .hand = h,
			.time_ms = py_round_int(pd), .at_ms = pd,
			.gap_ms = py_round_int(gap),
			.tight = gap < TIGHT_SWAP_THRESHOLD_MS,
		};
}

/* Appends the put-downs of put[] and the pick-up of p to the events. */
static void
add_swap(struct sim_scratch *s, size_t *n_ev, const int *put, int n_put,
    int p, int h, double pd, double gap, double ring)
{
	add_put_downs(s, n_ev, put, n_put, h, pd, gap);
	s->ev[(*n_ev)++] = (struct sim_event){
		.type = EV_PICK_UP, .pitch = p, .hand = h,
		.time_ms = py_round_int(ring), .at_ms = ring,
	};
}

/*
 * The player's timeline into s->ev, sorted by time as upstream sorts it:
 * each of their notes (s->notes[], in ms order) is a ring, preceded by a
 * swap when its hand holds another bell.  A hand starts holding its first
 * bell; with a technique it may hold two (techniques.c).  Returns the
 * number of events.
 */
static size_t
player_events(const struct timing *t, const struct eplayer *pl,
    const int8_t *hand, size_t n_notes, struct sim_scratch *s)
{
	int hold[2] = { -1, -1 }, have_last[2] = { 0, 0 };
	struct hand_hold held[2] = { { 0, 0, { -1, -1 } }, { 0, 0, { -1, -1 } } };
	double last_end[2] = { 0, 0 };
	size_t n_ev = 0;

	for (size_t i = 0; i < n_notes && (hold[0] < 0 || hold[1] < 0); i++) {
		int p = t->score->notes[s->notes[i]].pitch;

		if (hold[hand[p]] < 0)
			hold[hand[p]] = p;
	}
	for (size_t i = 0; i < n_notes; i++) {
		uint32_t idx = s->notes[i];
		int p = t->score->notes[idx].pitch, h = hand[p];
		double ring = t->start_ms[idx], dur = t->dur_ms[idx], pd, gap;
		int put[2], n_put;

		if (pl->techniques) {
			int with = hold_shelley_only(pl) ? hold_partner(t,
			    s->notes, n_notes, i, hand) : -1;

			if (hold_ring(&held[h], pl, p, with, put, &n_put)) {
				swap_time(have_last[h], last_end[h], ring, &pd, &gap);
				add_swap(s, &n_ev, put, n_put, p, h, pd, gap, ring);
			} else if (n_put > 0) {
				/* A Shelley pair opened: a put-down alone. */
				swap_time(have_last[h], last_end[h], ring, &pd, &gap);
				add_put_downs(s, &n_ev, put, n_put, h, pd, gap);
			}
		} else if (hold[h] != p) {
			swap_time(have_last[h], last_end[h], ring, &pd, &gap);
			add_swap(s, &n_ev, &hold[h], hold[h] >= 0, p, h, pd, gap,
			    ring);
			hold[h] = p;
		}
		s->ev[n_ev++] = (struct sim_event){
			.type = EV_RING, .pitch = p, .hand = h, .note = idx,
			.time_ms = py_round_int(ring), .at_ms = ring,
			.duration_ms = py_round_int(dur),
			.velocity = t->score->notes[idx].velocity,
		};
		have_last[h] = 1;
		last_end[h] = ring + dur;
	}
	sort_events(s->ev, n_ev);
	return n_ev;
}

/* Upstream's fatigue score: the rings' rounded durations by weight. */
static double
player_fatigue(const struct timing *t, const struct sim_event *ev,
    size_t n_ev)
{
	double fatigue = 0.0;

	for (size_t i = 0; i < n_ev; i++)
		if (ev[i].type == EV_RING)
			fatigue += ev[i].duration_ms *
			    t->bell[ev[i].pitch].weight_oz.v;
	return py_round(fatigue, 2);
}

/* The notes of the player's pitches in hand[] (their bells, left, right
 * or both) into s->notes, in ms order; returns how many. */
static size_t
player_notes(const struct timing *t, const struct eplayer *pl,
    const int8_t *hand, struct sim_scratch *s)
{
	const uint8_t *lists[3] = { pl->left, pl->right, pl->bells };
	int counts[3] = { pl->n_left, pl->n_right, pl->n_bells };
	unsigned char seen[NPITCH] = { 0 };
	int pitch[NPITCH], k = 0;

	for (int l = 0; l < 3; l++)
		for (int j = 0; j < counts[l]; j++) {
			int p = lists[l][j];

			if (hand[p] != HAND_NONE && !seen[p]) {
				seen[p] = 1;
				pitch[k++] = p;
			}
		}
	return timing_merge(t, 0, pitch, k, s->notes);
}

size_t
simulation_player(const struct timing *t, const struct eplayer *pl,
    struct sim_scratch *s, int8_t *hand, double *fatigue)
{
	size_t n_notes, n_ev;

	player_hand_map(pl, 0, hand);
	for (int p = 0; p < 12; p++)
		hand[p] = HAND_NONE;    /* names that do not parse back */
	n_notes = player_notes(t, pl, hand, s);
	n_ev = player_events(t, pl, hand, n_notes, s);
	*fatigue = player_fatigue(t, s->ev, n_ev);
	return n_ev;
}

static void
write_player(const struct timing *t, const struct eplayer *pl,
    struct sim_scratch *s, struct json_out *o)
{
	int8_t hand[NPITCH];
	double fatigue;
	size_t n_ev = simulation_player(t, pl, s, hand, &fatigue);

	json_out_begin_object(o);
	json_out_key_string(o, "name", pl->name);
	json_out_key_array(o, "bells");
	for (int j = 0; j < pl->n_bells; j++) {
		int p = pl->bells[j];

		if (name_parses(p))
			write_bell(t, p, hand[p], s, o);
	}
	json_out_end_array(o);
	json_out_key_real(o, "fatigue_score", fatigue);
	json_out_key_array(o, "events");
	write_events(o, t, s, n_ev);
	json_out_end_array(o);
	json_out_end_object(o);
}

int
simulation_write(const struct timing *t, const struct roster *r,
    int impossible_gap_ms, struct sim_scratch *s, struct json_out *o,
    const struct vb_work *work)
{
	json_out_begin_object(o);
	json_out_key_int(o, "tempo_bpm", t->tempo_bpm);
	json_out_key_int(o, "ticks_per_beat", t->ticks_per_beat);
	json_out_key_string(o, "format", t->format);
	json_out_key_int(o, "duration_ms", py_round_int(t->duration_ms));
	json_out_key_int(o, "tight_swap_threshold_ms", TIGHT_SWAP_THRESHOLD_MS);
	json_out_key_int(o, "impossible_swap_gap_ms", impossible_gap_ms);
	json_out_key_array(o, "players");
	for (size_t i = 0; i < r->n; i++) {
		/* A long piece's player is megabytes: look for a cancel. */
		if (work_check(work) != WORK_GO)
			return -1;
		write_player(t, &r->p[i], s, o);
	}
	json_out_end_array(o);
	json_out_end_object(o);
	return 0;
}
