/*
 * midi.c - the `midi` export: the uploaded score as a Standard MIDI File
 * (format 1) with one track per ringer, so each ringer can practise their
 * own part.
 *
 *   track 1: the tempo map (set-tempo events at their original ticks);
 *   track 2..: one per player of the arrangement, in its order, named
 *     after the player, holding every note whose pitch is one of the
 *     player's bells (`bells`, `left_hand`, `right_hand`), at its original
 *     tick, duration, channel and velocity;
 *   last: "Unassigned", only if some notes belong to no player's bells
 *     (trimmed notes), so that the tracks together are the whole piece.
 *
 * Written here, in memory, in one pass per track.  It used to go through
 * libsmf, which can only save to a named file (a scratch file in $TMPDIR
 * that a kill left behind), re-read and freed its own output quadratically
 * (33-40 s for 200,000 notes) and asserted - aborting the daemon - on a
 * delta over 0x0FFFFFFF, a division over 32767 or 65,535 tracks.  The
 * format is small (variable-length deltas, status bytes spelled out: no
 * running status) and every field's bound is checked below.
 */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "export.h"
#include "../core/compare.h"
#include "../core/grow.h"
#include "../music/score.h"

#define MIDI_DEFAULT_PPQN 480
#define MIDI_UNASSIGNED_TRACK "Unassigned"
#define MIDI_MAX_DELTA 0x0FFFFFFFu   /* four VLQ bytes */
#define MIDI_MAX_DIVISION 32767      /* bit 15 set means SMPTE */
#define MIDI_MAX_TRACKS 65535        /* a 16-bit count */
/* The file's size bound: a 200,000-note piece is about 2 MB; this keeps
 * the base64 response (4/3 of it) and its copies far under 512 MiB. */
#define MIDI_MAX_BYTES (64u << 20)

/* One MIDI event to write, sortable into the order a track needs. */
struct midi_ev {
	int64_t tick;
	int rank;         /* at one tick: ends, then starts, then the ends
	                     of zero-length notes (struck and damped at once) */
	size_t order;
	unsigned char b[3];
};

/* The file as it is written. */
struct smf_out {
	struct grow_buf b;    /* the file (its failed: out of memory) */
	int too_big;
	size_t track_start;   /* offset of the current MTrk's length */
	int64_t now;          /* tick of the last event written */
};

/* The score's notes indexed by pitch, and the division written. */
struct note_index {
	size_t start[129];    /* notes of pitch p: idx[start[p]..start[p+1]) */
	size_t *idx;
	unsigned division;
	int64_t scale;        /* score ticks per file tick (1 unless rescaled;
	                         0: division/tpb is no whole fraction) */
	int64_t tpb;          /* the score's ticks per quarter */
};

static int
compare_events(const void *pa, const void *pb)
{
	const struct midi_ev *a = pa, *b = pb;
	int c = VB_CMP_BY(a, b, tick, rank);

	return c != 0 ? c : VB_CMP(a->order, b->order);  /* then as added */
}

static void
put(struct smf_out *o, const void *p, size_t n)
{
	if (o->too_big || o->b.failed)
		return;
	if (n > MIDI_MAX_BYTES - o->b.len) {
		o->too_big = 1;
		return;
	}
	grow_buf_add(&o->b, p, n);
}

static void
put_be(struct smf_out *o, uint32_t v, int width)
{
	unsigned char b[4];

	for (int i = 0; i < width; i++)
		b[i] = (unsigned char)(v >> (8 * (width - 1 - i)));
	put(o, b, (size_t)width);
}

static void
put_vlq(struct smf_out *o, uint32_t v)
{
	unsigned char tmp[4];
	int n = 0;

	tmp[n++] = v & 0x7f;
	while ((v >>= 7) != 0)
		tmp[n++] = 0x80 | (v & 0x7f);
	while (n > 0)
		put(o, &tmp[--n], 1);
}

/*
 * The delta to tick, then the event.  A gap longer than one delta can say
 * (0x0FFFFFFF ticks, a week at 480 per beat and 120 bpm, but two notes of
 * one ringer can be that far apart) is bridged with empty text events
 * (FF 01 00), which every reader skips.
 */
static void
put_event(struct smf_out *o, int64_t tick, const void *ev, size_t n)
{
	static const unsigned char empty_text[3] = { 0xff, 0x01, 0x00 };

	while (tick - o->now > (int64_t)MIDI_MAX_DELTA && !o->too_big &&
	    !o->b.failed) {
		put_vlq(o, MIDI_MAX_DELTA);
		put(o, empty_text, sizeof empty_text);
		o->now += MIDI_MAX_DELTA;
	}
	put_vlq(o, (uint32_t)(tick - o->now));
	put(o, ev, n);
	o->now = tick;
}

static void
begin_track(struct smf_out *o)
{
	put(o, "MTrk", 4);
	o->track_start = o->b.len;
	put_be(o, 0, 4);
	o->now = 0;
}

static void
end_track(struct smf_out *o)
{
	static const unsigned char eot[3] = { 0xff, 0x2f, 0x00 };
	size_t n;

	put_event(o, o->now, eot, sizeof eot);
	if (o->too_big || o->b.failed)
		return;
	n = o->b.len - o->track_start - 4;
	for (int i = 0; i < 4; i++)
		o->b.p[o->track_start + (size_t)i] = (char)(unsigned char)(n >>
		    (24 - 8 * i));
}

static void
put_track_name(struct smf_out *o, const char *name)
{
	size_t n = strlen(name);

	if (n > MIDI_MAX_DELTA) {
		o->too_big = 1;
		return;
	}
	put_vlq(o, 0);
	put(o, "\xff\x03", 2);
	put_vlq(o, (uint32_t)n);
	put(o, name, n);
}

/* A score tick in the file's division (rounded when rescaled). */
static int64_t
file_tick(const struct note_index *ix, int64_t tick)
{
	if (ix->scale == 1)
		return tick;
	if (ix->scale > 0)
		return (tick + ix->scale / 2) / ix->scale;
	return llround((double)tick * ix->division / (double)ix->tpb);
}

/*
 * The division: the score's ticks per quarter when a file can hold it;
 * past 32767 (MusicXML's LCM of divisions can be 322,560), the largest
 * whole fraction of it that fits, positions rounded to it; when no
 * fraction near enough divides it, 32767 itself (scale 0: rounded in
 * proportion).
 */
static void
choose_division(const struct score *s, struct note_index *ix)
{
	int64_t tpb = s->ticks_per_beat > 0 ? s->ticks_per_beat :
	    MIDI_DEFAULT_PPQN;
	int64_t k0 = (tpb + MIDI_MAX_DIVISION - 1) / MIDI_MAX_DIVISION;

	ix->tpb = tpb;
	for (int64_t k = k0; k < 2 * k0 + 1; k++) {
		if (tpb % k == 0) {
			ix->scale = k;
			ix->division = (unsigned)(tpb / k);
			return;
		}
	}
	ix->scale = 0;
	ix->division = MIDI_MAX_DIVISION;
}

/* Sorts the notes' indices by pitch (counting sort, score order kept). */
static int
index_notes(const struct score *s, struct note_index *ix)
{
	size_t fill[128];

	memset(ix->start, 0, sizeof ix->start);
	for (size_t i = 0; i < s->n_notes; i++)
		if (s->notes[i].pitch >= 0 && s->notes[i].pitch < 128)
			ix->start[s->notes[i].pitch + 1]++;
	for (int p = 0; p < 128; p++)
		ix->start[p + 1] += ix->start[p];
	ix->idx = malloc((ix->start[128] + 1) * sizeof *ix->idx);
	if (ix->idx == NULL)
		return -1;
	memcpy(fill, ix->start, sizeof fill);
	for (size_t i = 0; i < s->n_notes; i++)
		if (s->notes[i].pitch >= 0 && s->notes[i].pitch < 128)
			ix->idx[fill[s->notes[i].pitch]++] = i;
	choose_division(s, ix);
	return 0;
}

/* Marks in owned[] the pitches of one hand's bell names. */
static void
mark_bells(const json_t *hand, unsigned char *owned)
{
	size_t i;
	json_t *b;

	json_array_foreach(hand, i, b) {
		int p = pitch_from_name(json_string_value(b));
		if (p >= 0 && p < 128)
			owned[p] = 1;
	}
}

/* A note as its two events, in the file's division. */
static size_t
note_events(const struct note_index *ix, const struct note *nt, size_t i,
    struct midi_ev *evs)
{
	unsigned char ch = (unsigned char)(nt->channel & 0x0f);
	int64_t on = file_tick(ix, nt->tick);
	int64_t off = file_tick(ix, nt->tick + nt->dur_ticks);

	/* A note with a length keeps one, however coarse the division. */
	if (nt->dur_ticks > 0 && off == on)
		off = on + 1;
	evs[0] = (struct midi_ev){ on, 1, 2 * i,
	    { (unsigned char)(0x90 | ch), (unsigned char)nt->pitch,
	    (unsigned char)(nt->velocity > 0 && nt->velocity < 128 ?
	    nt->velocity : 64) } };
	evs[1] = (struct midi_ev){ off, nt->dur_ticks > 0 ? 0 : 2, 2 * i + 1,
	    { (unsigned char)(0x80 | ch), (unsigned char)nt->pitch, 0 } };
	return 2;
}

/* A track named name with the notes of the pitches marked in owned. */
static void
put_note_track(struct smf_out *o, const struct score *s,
    const struct note_index *ix, const char *name,
    const unsigned char *owned, struct midi_ev *evs)
{
	size_t n = 0;

	begin_track(o);
	put_track_name(o, name);
	for (int p = 0; p < 128; p++) {
		if (!owned[p])
			continue;
		for (size_t j = ix->start[p]; j < ix->start[p + 1]; j++)
			n += note_events(ix, &s->notes[ix->idx[j]], ix->idx[j],
			    evs + n);
	}
	qsort(evs, n, sizeof *evs, compare_events);
	for (size_t i = 0; i < n; i++)
		put_event(o, evs[i].tick, evs[i].b, 3);
	end_track(o);
}

static void
put_tempo_track(struct smf_out *o, const struct score *s,
    const struct note_index *ix)
{
	begin_track(o);
	for (size_t i = 0; i < s->n_tempo; i++) {
		long us = (long)(s->tempo[i].us_per_beat + 0.5);
		if (us < 1)
			us = 1;
		if (us > 0xffffff)
			us = 0xffffff;
		unsigned char m[6] = { 0xff, 0x51, 0x03, (unsigned char)(us >> 16),
		    (unsigned char)(us >> 8), (unsigned char)us };
		put_event(o, file_tick(ix, s->tempo[i].tick), m, sizeof m);
	}
	end_track(o);
}

/* The pitches each player holds: owned[player * 128 + pitch]. */
static unsigned char *
players_bells(const struct export_input *in, size_t *n_players)
{
	size_t n = json_object_size(in->assignments), i = 0;
	unsigned char *owned = calloc(n + 1, 128);
	const char *name;
	json_t *as;

	if (owned == NULL)
		return NULL;
	json_object_foreach((json_t *)in->assignments, name, as) {
		mark_bells(json_object_get(as, "bells"), owned + 128 * i);
		mark_bells(json_object_get(as, "left_hand"), owned + 128 * i);
		mark_bells(json_object_get(as, "right_hand"), owned + 128 * i);
		i++;
	}
	*n_players = n;
	return owned;
}

/*
 * Refuses what no MIDI file can hold, before any work: more tracks than
 * a 16-bit count, or more note events than MIDI_MAX_BYTES (a note
 * listed by many players is written once per player).  Fills the
 * "Unassigned" pitches in left.  0 or -1 with err.
 */
static int
check_size(const struct note_index *ix, const unsigned char *owned,
    size_t n_players, unsigned char *left, struct vb_error *err)
{
	size_t events = 0, tracks = 1 + n_players;
	int any_left = 0;

	memset(left, 0, 128);
	for (int p = 0; p < 128; p++)
		left[p] = ix->start[p + 1] > ix->start[p];
	for (size_t i = 0; i < n_players; i++)
		for (int p = 0; p < 128; p++)
			if (owned[128 * i + (size_t)p]) {
				events += 2 * (ix->start[p + 1] - ix->start[p]);
				left[p] = 0;
			}
	for (int p = 0; p < 128; p++)
		any_left |= left[p];
	tracks += (size_t)any_left;
	if (tracks > MIDI_MAX_TRACKS)
		return vb_error_set(err, RPC_APP_ERROR, "ERR_EXPORT_FAILED",
		    "arrangement", "A MIDI file holds at most %d tracks; this "
		    "arrangement needs %zu (one per player)", MIDI_MAX_TRACKS,
		    tracks);
	if (events > MIDI_MAX_BYTES / 4)
		return vb_error_set(err, RPC_APP_ERROR, "ERR_EXPORT_FAILED",
		    "arrangement", "The MIDI file would be larger than %u MiB "
		    "(%zu note events: the same bells listed for many players)",
		    MIDI_MAX_BYTES >> 20, events);
	return 0;
}

unsigned char *
export_midi(const struct export_input *in, const struct score *s,
    size_t *len_out, struct vb_error *err)
{
	struct note_index ix = { .idx = NULL };
	struct smf_out o = { 0 };
	unsigned char left[128], *owned = NULL;
	struct midi_ev *evs = NULL;
	size_t n_players = 0, i = 0;
	const char *name;
	json_t *as;
	int any_left = 0;

	if (index_notes(s, &ix) < 0 ||
	    (owned = players_bells(in, &n_players)) == NULL)
		goto nomem;
	if (check_size(&ix, owned, n_players, left, err) < 0)
		goto fail;
	for (int p = 0; p < 128; p++)
		any_left |= left[p];
	if ((evs = malloc((2 * s->n_notes + 1) * sizeof *evs)) == NULL)
		goto nomem;
	put(&o, "MThd", 4);
	put_be(&o, 6, 4);
	put_be(&o, 1, 2);
	put_be(&o, (uint32_t)(1 + n_players + (size_t)any_left), 2);
	put_be(&o, ix.division, 2);
	put_tempo_track(&o, s, &ix);
	json_object_foreach((json_t *)in->assignments, name, as)
		put_note_track(&o, s, &ix, name, owned + 128 * i++, evs);
	if (any_left)
		put_note_track(&o, s, &ix, MIDI_UNASSIGNED_TRACK, left, evs);
	if (o.b.failed)
		goto nomem;
	if (o.too_big) {
		vb_error_set(err, RPC_APP_ERROR, "ERR_EXPORT_FAILED", "score_id",
		    "The MIDI file would be larger than %u MiB (the score "
		    "spans too many ticks)", MIDI_MAX_BYTES >> 20);
		goto fail;
	}
	*len_out = o.b.len;
	goto out;
nomem:
	vb_error_nomem(err, "while building the MIDI file");
fail:
	free(o.b.p);
	o.b.p = NULL;
out:
	free(ix.idx);
	free(owned);
	free(evs);
	return (unsigned char *)o.b.p;
}
