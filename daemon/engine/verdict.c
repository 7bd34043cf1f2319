/*
 * verdict.c - choir mode's additions to the arrange result: each
 * arrangement's verdict (can this choir ring it, and if not why, in words
 * a director reads before the score) and the choir block (the set, the
 * octave, the tracks, every note the set changed).  Written only when the
 * request used a choir parameter: upstream's answers stay as they were.
 */
#include <stdio.h>
#include <string.h>

#include "bell_tables.h"
#include "engine_internal.h"

static const char *
level_word(enum player_level l)
{
	switch (l) {
	case LEVEL_EXPERIENCED:
		return "experienced";
	case LEVEL_INTERMEDIATE:
		return "intermediate";
	case LEVEL_BEGINNER:
		return "beginner";
	default:
		return "no level given: beginner";
	}
}

/* The weight limit that applies to a player (0: none). */
static int
weight_limit(const struct arrange_config *c, const struct eplayer *p)
{
	int l = p->level <= LEVEL_BEGINNER ? (int)p->level : LEVEL_BEGINNER;

	return c->max_bell_weight_oz[l];
}

int
bell_too_heavy(const struct timing *t, const struct arrange_config *c,
    enum player_level l, int pitch)
{
	int lim = c->max_bell_weight_oz[l <= LEVEL_BEGINNER ? (int)l :
	    LEVEL_BEGINNER];

	return lim > 0 && t->bell[pitch].weight_oz.v > lim;
}

int
over_weight_count(const struct timing *t, const struct arrange_config *c,
    const struct roster *r)
{
	int n = 0;

	for (size_t i = 0; i < r->n; i++)
		for (int j = 0; j < r->p[i].n_bells; j++)
			n += bell_too_heavy(t, c, r->p[i].level,
			    r->p[i].bells[j]);
	return n;
}

static void
write_names(struct json_out *o, const int *pitches, int n)
{
	char name[16];

	json_out_begin_array(o);
	for (int i = 0; i < n; i++)
		json_out_string(o, pitch_name(pitches[i], name, sizeof name));
	json_out_end_array(o);
}

/* Appends "A, B and N others" style lists of bell names to buf. */
static void
name_list(char *buf, size_t len, const int *pitches, int n)
{
	char name[16];
	size_t at = strlen(buf);

	for (int i = 0; i < n && i < 8 && at < len; i++)
		at += (size_t)snprintf(buf + at, len - at, "%s%s",
		    i == 0 ? "" : i == n - 1 ? " and " : ", ",
		    pitch_name(pitches[i], name, sizeof name));
	if (n > 8 && at < len)
		snprintf(buf + at, len - at, " and %d more", n - 8);
}

struct findings {
	int held[NPITCH];           /* ringers holding each bell */
	int outside[NPITCH], n_outside;
	int impossible[NPITCH], n_impossible;
	int over_copies[NPITCH], n_over_copies;
	size_t n_virtual, n_unused, virtual_bells, n_over_weight;
};

static void
find(const struct arrange_request *req, const struct roster *r,
    const struct timing *t, struct findings *f)
{
	const struct choir_request *cr = req->choir->request;
	const struct choir_report *rep = req->choir->report;

	memset(f, 0, sizeof *f);
	for (size_t i = 0; i < r->n; i++) {
		const struct eplayer *p = &r->p[i];
		int lim = weight_limit(&req->config, p);

		if (p->is_virtual) {
			f->n_virtual++;
			f->virtual_bells += (size_t)p->n_bells;
		}
		for (int j = 0; j < p->n_bells; j++) {
			/* Both copies of a duplicated bell are the bell. */
			f->held[bell_pitch(t, p->bells[j])]++;
			if (lim > 0 && t->bell[p->bells[j]].weight_oz.v > lim)
				f->n_over_weight++;
		}
	}
	for (int q = 0; q < NPITCH; q++) {
		if (f->held[q] == 0)
			continue;
		if (q < BELL_LOWEST_PITCH || q > BELL_HIGHEST_PITCH)
			f->impossible[f->n_impossible++] = q;
		else if (cr->set_given && cr->set.copies[q] == 0 &&
		    !rep->is_chime[q])
			f->outside[f->n_outside++] = q;
		else if (cr->set_given && cr->set.copies[q] > 0 &&
		    f->held[q] > cr->set.copies[q])
			f->over_copies[f->n_over_copies++] = q;
	}
	for (size_t i = 0; i < req->n_players; i++) {
		int k = roster_find(r, req->players[i].name);

		if (k < 0 || r->p[k].n_bells == 0)
			f->n_unused++;
	}
}

static void
reason(struct json_out *o, const char *text)
{
	json_out_string(o, text);
}

/* Bells the choir cannot ring: none made, outside the set, too few. */
static void
reasons_bells(const struct arrange_request *req, const struct findings *f,
    struct json_out *o)
{
	char buf[640], name[16];

	if (f->n_impossible > 0) {
		buf[0] = '\0';
		name_list(buf, sizeof buf, f->impossible, f->n_impossible);
		snprintf(buf + strlen(buf), sizeof buf - strlen(buf),
		    " %s no handbell: bells are made from G1 to C9 (try "
		    "octave_shift or a bell_set)", f->n_impossible == 1 ?
		    "is" : "are");
		reason(o, buf);
	}
	if (f->n_outside > 0) {
		buf[0] = '\0';
		name_list(buf, sizeof buf, f->outside, f->n_outside);
		snprintf(buf + strlen(buf), sizeof buf - strlen(buf),
		    " %s not in your bell set (out_of_range \"keep\" rang "
		    "%s anyway)", f->n_outside == 1 ? "is" : "are",
		    f->n_outside == 1 ? "it" : "them");
		reason(o, buf);
	}
	for (int i = 0; i < f->n_over_copies; i++) {
		int p = f->over_copies[i];

		snprintf(buf, sizeof buf, "%s is held by %d ringers but your "
		    "set has %d", pitch_name(p, name, sizeof name), f->held[p],
		    req->choir->request->set.copies[p]);
		reason(o, buf);
	}
}

/* Ringers the choir lacks, and bells too heavy for theirs. */
static void
reasons_ringers(const struct arrange_request *req, const struct roster *r,
    const struct timing *t, const struct findings *f, struct json_out *o)
{
	char buf[640], name[16];

	if (f->n_virtual > 0) {
		snprintf(buf, sizeof buf, "%zu virtual player%s hold%s %zu "
		    "bell%s nobody in your choir was given: the piece needs "
		    "%zu more ringer%s (or more bells per ringer)",
		    f->n_virtual, f->n_virtual == 1 ? "" : "s",
		    f->n_virtual == 1 ? "s" : "", f->virtual_bells,
		    f->virtual_bells == 1 ? "" : "s", f->n_virtual,
		    f->n_virtual == 1 ? "" : "s");
		reason(o, buf);
	}
	for (size_t i = 0; i < r->n; i++) {
		const struct eplayer *p = &r->p[i];
		int lim = weight_limit(&req->config, p);

		for (int j = 0; j < p->n_bells && lim > 0; j++) {
			double w = t->bell[p->bells[j]].weight_oz.v;

			if (w <= lim)
				continue;
			snprintf(buf, sizeof buf, "%.80s (%s) holds %s, %.0f "
			    "oz, over the %d oz limit", p->name,
			    level_word(p->level),
			    bell_key_name(t, p->bells[j], name, sizeof name), w,
			    lim);
			reason(o, buf);
		}
	}
}

/* What the breakdown found nobody can ring. */
static void
reasons_swaps(const struct arrange_request *req, const struct quality *q,
    struct json_out *o)
{
	char buf[640];

	if (q->impossible > 0) {
		snprintf(buf, sizeof buf, "%d same-hand swap%s come%s faster "
		    "than %d ms: nobody can ring %s", q->impossible,
		    q->impossible == 1 ? "" : "s", q->impossible == 1 ? "s" :
		    "", req->config.impossible_gap_ms,
		    q->impossible == 1 ? "it" : "them");
		reason(o, buf);
	}
	if (q->dropped > 0) {
		snprintf(buf, sizeof buf, "%d of the piece's bells %s held by "
		    "nobody", q->dropped, q->dropped == 1 ? "is" : "are");
		reason(o, buf);
	}
}

/* "Ann, Ben and 23 other ringers have no bells". */
static void
reason_unused(const struct arrange_request *req, const struct roster *r,
    const struct findings *f, struct json_out *o)
{
	size_t named = 0, at = 0;
	char buf[640];

	if (f->n_unused == 0)
		return;
	buf[0] = '\0';
	for (size_t i = 0; i < req->n_players && named < 2; i++) {
		int k = roster_find(r, req->players[i].name);

		if (k >= 0 && r->p[k].n_bells > 0)
			continue;
		at += (size_t)snprintf(buf + at, sizeof buf - at, "%s%.60s",
		    named == 0 ? "" : f->n_unused == 2 ? " and " : ", ",
		    req->players[i].name);
		named++;
	}
	if (f->n_unused > 2)
		snprintf(buf + at, sizeof buf - at, " and %zu other ringers "
		    "have no bells", f->n_unused - 2);
	else
		snprintf(buf + at, sizeof buf - at, " %s no bells",
		    f->n_unused == 1 ? "has" : "have");
	reason(o, buf);
}

static void
write_reasons(const struct arrange_request *req, const struct roster *r,
    const struct timing *t, const struct quality *q,
    const struct findings *f, struct json_out *o)
{
	json_out_begin_array(o);
	reasons_bells(req, f, o);
	reasons_ringers(req, r, t, f, o);
	reasons_swaps(req, q, o);
	reason_unused(req, r, f, o);
	json_out_end_array(o);
}

void
verdict_write(const struct arrange_request *req, const struct timing *t,
    const struct roster *r, const struct quality *q, struct json_out *o)
{
	struct findings f;
	char name[16];

	find(req, r, t, &f);
	json_out_key(o, "verdict");
	json_out_begin_object(o);
	json_out_key(o, "ringable");
	json_out_bool(o, f.n_impossible == 0 && f.n_outside == 0 &&
	    f.n_over_copies == 0 && f.n_virtual == 0 && f.n_over_weight == 0 &&
	    q->impossible == 0 && q->dropped == 0);
	json_out_key(o, "reasons");
	write_reasons(req, r, t, q, &f, o);
	json_out_key(o, "virtual_players");
	json_out_begin_array(o);
	for (size_t i = 0; i < r->n; i++)
		if (r->p[i].is_virtual)
			json_out_string(o, r->p[i].name);
	json_out_end_array(o);
	json_out_key(o, "unused_ringers");
	json_out_begin_array(o);
	for (size_t i = 0; i < req->n_players; i++) {
		int k = roster_find(r, req->players[i].name);

		if (k < 0 || r->p[k].n_bells == 0)
			json_out_string(o, req->players[i].name);
	}
	json_out_end_array(o);
	json_out_key(o, "over_weight");
	json_out_begin_array(o);
	for (size_t i = 0; i < r->n; i++) {
		const struct eplayer *p = &r->p[i];
		int lim = weight_limit(&req->config, p);

		for (int j = 0; j < p->n_bells && lim > 0; j++) {
			int b = p->bells[j];

			if (t->bell[b].weight_oz.v <= lim)
				continue;
			json_out_begin_object(o);
			json_out_key(o, "player");
			json_out_string(o, p->name);
			json_out_key(o, "bell");
			json_out_string(o, bell_key_name(t, b, name,
			    sizeof name));
			json_out_key(o, "weight_oz");
			write_pynum(o, t->bell[b].weight_oz);
			json_out_key(o, "limit_oz");
			json_out_int(o, lim);
			json_out_end_object(o);
		}
	}
	json_out_end_array(o);
	json_out_key(o, "outside_bell_set");
	write_names(o, f.outside, f.n_outside);
	json_out_key(o, "impossible_bells");
	write_names(o, f.impossible, f.n_impossible);
	json_out_end_object(o);
}

/* ---- The choir block ---- */

static void
write_first(struct json_out *o, const struct choir_change *c)
{
	json_out_key_object(o, "first");
	json_out_key_int(o, "ms", py_round_int(c->first_ms));
	json_out_key_int(o, "measure", c->first.measure);
	json_out_key_real(o, "beat", py_round(c->first.beat, 3));
	json_out_end_object(o);
}

static void
write_changes(struct json_out *o, const char *key,
    const struct choir_report *rep, enum choir_action action)
{
	char name[16];

	json_out_key(o, key);
	json_out_begin_array(o);
	for (size_t i = 0; i < rep->n_changes; i++) {
		const struct choir_change *c = &rep->changes[i];

		if (c->action != action)
			continue;
		json_out_begin_object(o);
		json_out_key_string(o, "from", pitch_name(c->from, name,
		    sizeof name));
		if (action != CHOIR_OMITTED)
			json_out_key_string(o, "to", pitch_name(c->to, name,
			    sizeof name));
		json_out_key_int(o, "notes", (long long)c->notes);
		if (action != CHOIR_OMITTED)
			json_out_key_int(o, "merged", (long long)c->merged);
		else
			json_out_key_string(o, "why", c->why ? c->why : "");
		write_first(o, c);
		json_out_end_object(o);
	}
	json_out_end_array(o);
}

static void
write_set(struct json_out *o, const struct bell_set *b)
{
	char name[16];

	json_out_begin_object(o);
	json_out_key_string(o, "name", b->name);
	json_out_key_string(o, "lowest", pitch_name(b->lowest, name,
	    sizeof name));
	json_out_key_string(o, "highest", pitch_name(b->highest, name,
	    sizeof name));
	json_out_key_int(o, "bells", bell_set_count(b));
	json_out_key(o, "missing");
	write_names(o, b->missing, b->n_missing);
	json_out_key(o, "extra");
	write_names(o, b->extra, b->n_extra);
	json_out_key(o, "duplicates");
	write_names(o, b->duplicates, b->n_duplicates);
	json_out_key(o, "chimes");
	if (!b->has_chimes) {
		json_out_null(o);
	} else {
		json_out_begin_object(o);
		json_out_key_string(o, "lowest", pitch_name(b->chime_lowest,
		    name, sizeof name));
		json_out_key_string(o, "highest", pitch_name(b->chime_highest,
		    name, sizeof name));
		json_out_key(o, "missing");
		write_names(o, b->chime_missing, b->n_chime_missing);
		json_out_end_object(o);
	}
	json_out_end_object(o);
}

static void
write_tracks(struct json_out *o, const char *key, const struct score *s,
    const unsigned char *rung, int want)
{
	json_out_key(o, key);
	json_out_begin_array(o);
	for (size_t i = 0; i < s->n_tracks; i++) {
		if ((rung == NULL || rung[i]) != want)
			continue;
		json_out_begin_object(o);
		json_out_key_int(o, "index", (long long)i);
		json_out_key_string(o, "name", s->tracks[i].name ?
		    s->tracks[i].name : "");
		json_out_key_int(o, "note_count",
		    (long long)s->tracks[i].note_count);
		json_out_end_object(o);
	}
	json_out_end_array(o);
}

/* One sentence per change, as a director says it. */
static void
write_report(struct json_out *o, const struct arrange_request *req)
{
	const struct choir_request *cr = req->choir->request;
	const struct choir_report *rep = req->choir->report;
	char buf[400], a[16], b[16], edge[16], where[48], merged[96];

	json_out_key(o, "report");
	json_out_begin_array(o);
	if (rep->shift != 0) {
		snprintf(buf, sizeof buf, "Bells are named %d octave%s %s the "
		    "file's notes (%s)", rep->shift < 0 ? -rep->shift / 12 :
		    rep->shift / 12, rep->shift == 12 || rep->shift == -12 ?
		    "" : "s", rep->shift > 0 ? "above" : "below",
		    cr->shift_given ? "as asked" : rep->suggestion.reason);
		json_out_string(o, buf);
	}
	if (rep->left_out > 0) {
		snprintf(buf, sizeof buf, "%zu notes of the tracks not rung "
		    "were left out", rep->left_out);
		json_out_string(o, buf);
	}
	for (size_t i = 0; i < rep->n_changes; i++) {
		const struct choir_change *c = &rep->changes[i];
		int oct = c->to >= 0 ? (c->to - c->from) / 12 : 0;

		pitch_name(c->from, a, sizeof a);
		if (c->to >= 0)
			pitch_name(c->to, b, sizeof b);
		if (c->from < cr->set.lowest)
			snprintf(where, sizeof where, "below your lowest bell %s",
			    pitch_name(cr->set.lowest, edge, sizeof edge));
		else if (c->from > cr->set.highest)
			snprintf(where, sizeof where, "above your highest bell "
			    "%s", pitch_name(cr->set.highest, edge, sizeof edge));
		else
			snprintf(where, sizeof where, "a bell your set lacks");
		merged[0] = '\0';
		if (c->merged > 0)
			snprintf(merged, sizeof merged, "; %zu of them landed on "
			    "a bell already ringing and %s rung once", c->merged,
			    c->merged == 1 ? "is" : "are");
		if (c->action == CHOIR_MOVED)
			snprintf(buf, sizeof buf, "%zu %s note%s, %s, %s moved "
			    "%s %d octave%s to %s, first in measure %d%s",
			    c->notes, a, c->notes == 1 ? "" : "s", where,
			    c->notes == 1 ? "was" : "were", oct > 0 ? "up" :
			    "down", oct > 0 ? oct : -oct, oct == 1 ||
			    oct == -1 ? "" : "s", b, c->first.measure, merged);
		else if (c->action == CHOIR_CHIMED)
			snprintf(buf, sizeof buf, "%zu %s note%s rung on "
			    "handchime%s, first in measure %d", c->notes, a,
			    c->notes == 1 ? " is" : "s are",
			    c->notes == 1 ? "" : "s", c->first.measure);
		else
			snprintf(buf, sizeof buf, "%zu %s note%s left out (%s), "
			    "first in measure %d", c->notes, a, c->notes == 1 ?
			    " was" : "s were", c->why ? c->why : "",
			    c->first.measure);
		json_out_string(o, buf);
	}
	json_out_end_array(o);
}

/* The suggestion, as upload gives it. */
static void
write_octave(struct json_out *o, const struct octave_suggestion *sg)
{
	json_out_key_object(o, "octave");
	json_out_key_int(o, "shift", sg->shift);
	json_out_key_string(o, "convention", sg->convention);
	json_out_key_bool(o, "guessed", sg->guessed);
	json_out_key_string(o, "signal", sg->signal);
	json_out_key_string(o, "reason", sg->reason);
	json_out_end_object(o);
}

/* The note totals: in_file = rung + moved + chimed + omitted + left_out. */
static void
write_notes(struct json_out *o, const struct arrange_request *req)
{
	const struct choir_report *rep = req->choir->report;
	const struct { const char *key; size_t v; } rows[] = {
		{ "in_file", rep->in_file }, { "left_out", rep->left_out },
		{ "rung", rep->rung }, { "moved", rep->moved },
		{ "merged", rep->merged }, { "chimed", rep->chimed },
		{ "omitted", rep->omitted },
		{ "sent_to_engine", req->score->n_notes },
	};

	json_out_key_object(o, "notes");
	for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++)
		json_out_key_int(o, rows[i].key, (long long)rows[i].v);
	json_out_end_object(o);
}

static void
write_weight_limits(struct json_out *o, const struct arrange_config *c)
{
	json_out_key_object(o, "max_bell_weight_oz");
	for (int l = 0; l < 3; l++) {
		json_out_key(o, level_name_at((size_t)l));
		if (c->max_bell_weight_oz[l] > 0)
			json_out_int(o, c->max_bell_weight_oz[l]);
		else
			json_out_null(o);
	}
	json_out_end_object(o);
}

void
choir_block_write(const struct arrange_request *req, struct json_out *o)
{
	const struct choir_request *cr = req->choir->request;
	const struct choir_report *rep = req->choir->report;

	json_out_key_object(o, "choir");
	json_out_key(o, "bell_set");
	if (cr->set_given)
		write_set(o, &cr->set);
	else
		json_out_null(o);
	json_out_key_int(o, "octave_shift", rep->shift);
	json_out_key_string(o, "octave_shift_from", cr->shift_given ?
	    "request" : cr->set_given ? "suggestion" : "default");
	write_octave(o, &rep->suggestion);
	json_out_key_string(o, "out_of_range", out_of_range_name(cr->oor));
	write_tracks(o, "tracks", req->choir->file, cr->rung, 1);
	write_tracks(o, "tracks_left_out", req->choir->file, cr->rung, 0);
	write_notes(o, req);
	write_changes(o, "moved", rep, CHOIR_MOVED);
	write_changes(o, "chimed", rep, CHOIR_CHIMED);
	write_changes(o, "omitted", rep, CHOIR_OMITTED);
	json_out_key(o, "impossible_bells");
	write_names(o, rep->impossible, rep->n_impossible);
	write_weight_limits(o, &req->config);
	write_report(o, req);
	json_out_end_object(o);
}
