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
 * Written with libsmf, which can only save to a named file: a private
 * temporary file, read back into memory and removed.
 */
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <smf.h>

#include "export.h"
#include "../music/smf_quiet.h"
#include "../core/log.h"
#include "../core/platform.h"
#include "../music/score.h"

#define MIDI_DEFAULT_PPQN 480
#define MIDI_UNASSIGNED_TRACK "Unassigned"

/* One MIDI event to add, sortable into the order a track needs. */
struct midi_ev {
	int64_t tick;
	int rank;         /* at one tick: ends, then starts, then the ends
	                     of zero-length notes (struck and damped at once) */
	size_t order;
	unsigned char b[3];
};

static int
compare_events(const void *pa, const void *pb)
{
	const struct midi_ev *a = pa, *b = pb;

	if (a->tick != b->tick)
		return a->tick < b->tick ? -1 : 1;
	if (a->rank != b->rank)
		return a->rank < b->rank ? -1 : 1;
	return a->order < b->order ? -1 : a->order > b->order;
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

static int
add_text(smf_track_t *t, int type, const char *text)
{
	smf_event_t *ev = smf_event_new_textual(type, text);

	if (ev == NULL)
		return -1;
	smf_track_add_event_pulses(t, ev, 0);
	return 0;
}

/*
 * A track with the notes of s whose pitch is marked in owned; clears
 * *left marks for the notes it took.  Returns 0 or -1 (out of memory).
 */
static int
add_note_track(smf_t *smf, const struct score *s, const char *name,
    const unsigned char *owned, struct midi_ev *evs)
{
	smf_track_t *t = smf_track_new();
	size_t n = 0;

	if (t == NULL)
		return -1;
	smf_add_track(smf, t);
	if (add_text(t, 0x03, name) < 0)
		return -1;
	for (size_t i = 0; i < s->n_notes; i++) {
		const struct note *nt = &s->notes[i];
		if (nt->pitch < 0 || nt->pitch > 127 || !owned[nt->pitch])
			continue;
		unsigned char ch = (unsigned char)(nt->channel & 0x0f);
		evs[n] = (struct midi_ev){ nt->tick, 1, n,
		    { (unsigned char)(0x90 | ch), (unsigned char)nt->pitch,
		    (unsigned char)(nt->velocity > 0 && nt->velocity < 128 ?
		    nt->velocity : 64) } };
		n++;
		evs[n] = (struct midi_ev){ nt->tick + nt->dur_ticks,
		    nt->dur_ticks > 0 ? 0 : 2, n,
		    { (unsigned char)(0x80 | ch), (unsigned char)nt->pitch, 0 } };
		n++;
	}
	/* libsmf inserts out-of-order events by walking the track; adding
	 * them sorted keeps a long piece linear. */
	qsort(evs, n, sizeof *evs, compare_events);
	for (size_t i = 0; i < n; i++) {
		smf_event_t *ev = smf_event_new_from_bytes(evs[i].b[0],
		    evs[i].b[1], evs[i].b[2]);
		if (ev == NULL)
			return -1;
		smf_track_add_event_pulses(t, ev, (int)evs[i].tick);
	}
	return 0;
}

static int
add_tempo_track(smf_t *smf, const struct score *s)
{
	smf_track_t *t = smf_track_new();

	if (t == NULL)
		return -1;
	smf_add_track(smf, t);
	for (size_t i = 0; i < s->n_tempo; i++) {
		long us = (long)(s->tempo[i].us_per_beat + 0.5);
		if (us < 1)
			us = 1;
		if (us > 0xffffff)
			us = 0xffffff;
		unsigned char m[6] = { 0xff, 0x51, 0x03, (unsigned char)(us >> 16),
		    (unsigned char)(us >> 8), (unsigned char)us };
		smf_event_t *ev = smf_event_new_from_pointer(m, 6);
		if (ev == NULL)
			return -1;
		smf_track_add_event_pulses(t, ev, (int)s->tempo[i].tick);
	}
	return 0;
}

/* Saves smf through a temporary file; returns the bytes or NULL. */
static unsigned char *
save_to_memory(smf_t *smf, size_t *len, struct vb_error *err)
{
	char tmp[4096];
	unsigned char *buf = NULL;
	int sys_errno;

	if (platform_temp_file(tmp, sizeof tmp) < 0) {
		vb_error_set(err, RPC_IO_ERROR, "ERR_IO", NULL,
		    "Cannot create a temporary file for the MIDI export");
		return NULL;
	}
	if (smf_save(smf, tmp) == 0 &&
	    platform_read_file(tmp, SIZE_MAX, &buf, len, &sys_errno) !=
	    PLATFORM_READ_OK)
		buf = NULL;
	remove(tmp);
	if (buf == NULL)
		vb_error_set(err, RPC_IO_ERROR, "ERR_EXPORT_FAILED", NULL,
		    "Writing the MIDI file failed");
	return buf;
}

unsigned char *
export_midi(const struct export_input *in, const struct score *s,
    size_t *len_out, struct vb_error *err)
{
	unsigned char left[128] = { 0 }, owned[128];
	struct midi_ev *evs = NULL;
	unsigned char *out = NULL;
	smf_t *smf = NULL;
	const char *name;
	json_t *as;

	libsmf_quiet();
	for (size_t i = 0; i < s->n_notes; i++) {
		/* libsmf counts ticks in an int. */
		if (s->notes[i].tick + s->notes[i].dur_ticks > INT_MAX) {
			vb_error_set(err, RPC_APP_ERROR, "ERR_EXPORT_FAILED",
			    "score_id", "The score is too long for a MIDI file");
			return NULL;
		}
		if (s->notes[i].pitch >= 0 && s->notes[i].pitch < 128)
			left[s->notes[i].pitch] = 1;
	}
	evs = calloc(s->n_notes * 2 + 1, sizeof *evs);
	smf = smf_new();
	if (evs == NULL || smf == NULL ||
	    smf_set_ppqn(smf, s->ticks_per_beat > 0 ? s->ticks_per_beat :
	    MIDI_DEFAULT_PPQN) != 0 || smf_set_format(smf, 1) != 0 ||
	    add_tempo_track(smf, s) < 0)
		goto nomem;
	json_object_foreach((json_t *)in->assignments, name, as) {
		memset(owned, 0, sizeof owned);
		mark_bells(json_object_get(as, "bells"), owned);
		mark_bells(json_object_get(as, "left_hand"), owned);
		mark_bells(json_object_get(as, "right_hand"), owned);
		if (add_note_track(smf, s, name, owned, evs) < 0)
			goto nomem;
		for (int p = 0; p < 128; p++)
			if (owned[p])
				left[p] = 0;
	}
	for (int p = 0; p < 128; p++) {
		if (left[p]) {
			if (add_note_track(smf, s, MIDI_UNASSIGNED_TRACK, left,
			    evs) < 0)
				goto nomem;
			break;
		}
	}
	out = save_to_memory(smf, len_out, err);
	goto out;
nomem:
	vb_error_nomem(err, "while building the MIDI file");
out:
	if (smf != NULL)
		libsmf_delete(smf);
	free(evs);
	return out;
}
