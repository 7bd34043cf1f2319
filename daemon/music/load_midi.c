/*
 * load_midi.c - Standard MIDI Files into a score, through libsmf.
 *
 * libsmf is old code that trusts its input: it can read past a chunk,
 * loop on a variable-length number that never ends, or print through
 * GLib.  So the whole file is walked here first - chunk lengths, every
 * event's length, running status, data bytes under 0x80 - and only a file
 * that passes is handed to libsmf.  Notes are then built as upstream's
 * midi_parser.py does (see ../shared/PORTING.md), with first-in first-out
 * matching per (track, channel, pitch) and the tempo map kept.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <smf.h>

#include "loaders.h"
#include "../core/grow.h"
#include "smf_quiet.h"

#define MIDI_PERCUSSION_CHANNEL 9   /* channel 10, counted from 1 */
#define MIDI_DEFAULT_US_PER_BEAT 500000

static unsigned
be16(const unsigned char *p)
{
	return (unsigned)p[0] << 8 | p[1];
}

static uint32_t
be32(const unsigned char *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 |
	    (uint32_t)p[2] << 8 | p[3];
}

/* Reads a variable-length quantity; returns 0, or -1 if it runs past end
 * or is longer than the 4 bytes the format allows. */
static int
read_vlq(const unsigned char **p, const unsigned char *end, uint32_t *out)
{
	uint32_t v = 0;

	for (int i = 0; i < 4; i++) {
		if (*p >= end)
			return -1;
		unsigned char b = *(*p)++;
		v = v << 7 | (b & 0x7f);
		if (!(b & 0x80)) {
			*out = v;
			return 0;
		}
	}
	return -1;
}

static void *
parse_fail(struct vb_error *err, int track, const char *what)
{
	if (track >= 0)
		vb_error_set(err, RPC_APP_ERROR, "ERR_MUSIC_PARSE", NULL,
		    "Damaged MIDI file: %s in track %d", what, track + 1);
	else
		vb_error_set(err, RPC_APP_ERROR, "ERR_MUSIC_PARSE", NULL,
		    "Damaged MIDI file: %s", what);
	return NULL;
}

static unsigned char *
write_vlq(unsigned char *w, uint32_t v)
{
	unsigned char tmp[4];
	int n = 0;

	tmp[n++] = v & 0x7f;
	while ((v >>= 7) != 0 && n < 4)
		tmp[n++] = 0x80 | (v & 0x7f);
	while (n > 0)
		*w++ = tmp[--n];
	return w;
}

/*
 * Walks one MTrk's events up to its End of Track, counting note-ons, and
 * writes the track libsmf is given into w: only what a score needs - note
 * on/off with their status bytes spelled out (no running status), tempo,
 * and the track name cut to 127 bytes - with the delta times of the
 * events left out carried to the next one, and an End of Track at the
 * end whether the file had one or not.  libsmf asserts - aborting the
 * daemon - on a track without End of Track, on sysex escapes and on long
 * meta events (all found by fuzzing); this form has none of them.
 * Returns the bytes written (at most 2 * (end - p) + 4), or -1 with err.
 */
static long
check_track(const unsigned char *p, const unsigned char *end, int track,
    size_t *note_ons, unsigned char *w, struct vb_error *err)
{
	unsigned char *w0 = w;
	unsigned status = 0, running = 0;
	uint32_t delta, n, carry = 0;

	while (p < end) {
		const unsigned char *ev;

		if (read_vlq(&p, end, &delta) < 0)
			return parse_fail(err, track, "unterminated delta time"),
			    -1;
		if (delta > 0x0fffffff - carry)
			return parse_fail(err, track, "delta time overflow"), -1;
		delta += carry;
		if (p >= end)
			return parse_fail(err, track, "event missing"), -1;
		/*
		 * Running status: a data byte where a status byte belongs
		 * repeats the last channel message's status.  Meta and sysex
		 * events leave it alone here, as most readers do (the
		 * standard says they cancel it; files in the wild rely on the
		 * lenient reading).
		 */
		if (*p & 0x80) {
			status = *p++;
		} else if (running == 0) {
			return parse_fail(err, track,
			    "running status without a previous event"), -1;
		} else {
			status = running;
		}
		ev = p;
		if (status == 0xff) {
			unsigned type;

			if (p >= end)
				return parse_fail(err, track,
				    "truncated meta event"), -1;
			type = *p++;
			if (read_vlq(&p, end, &n) < 0 || n > (size_t)(end - p))
				return parse_fail(err, track,
				    "meta event longer than its track"), -1;
			p += n;
			if (type == 0x2f)
				break;   /* events after it are not read */
			if (type == 0x51 && n == 3) {
				w = write_vlq(w, delta);
				memcpy(w, "\xff\x51\x03", 3);
				memcpy(w + 3, p - 3, 3);
				w += 6;
				carry = 0;
			} else if (type == 0x58 && n == 4) {
				/* Time signature: measures and beats. */
				w = write_vlq(w, delta);
				memcpy(w, "\xff\x58\x04", 3);
				memcpy(w + 3, p - 4, 4);
				w += 7;
				carry = 0;
			} else if (type == 0x03 && n > 0) {
				/* libsmf misreads longer metas: a name is
				 * kept to 127 bytes (cut on a UTF-8 start). */
				uint32_t keep = n < 127 ? n : 127;

				while (keep > 0 && keep < n &&
				    ((p - n)[keep] & 0xc0) == 0x80)
					keep--;
				w = write_vlq(w, delta);
				*w++ = 0xff;
				*w++ = 0x03;
				*w++ = (unsigned char)keep;
				memcpy(w, p - n, keep);
				w += keep;
				carry = 0;
			} else {
				carry = delta;
			}
		} else if (status == 0xf0 || status == 0xf7) {
			if (read_vlq(&p, end, &n) < 0 || n > (size_t)(end - p))
				return parse_fail(err, track,
				    "system exclusive longer than its track"),
				    -1;
			p += n;
			carry = delta;
		} else if (status >= 0xf0) {
			return parse_fail(err, track,
			    "system message not allowed in a file"), -1;
		} else {
			unsigned kind = status & 0xf0;
			int len = (kind == 0xc0 || kind == 0xd0) ? 1 : 2;

			if ((size_t)(end - p) < (size_t)len)
				return parse_fail(err, track,
				    "truncated channel message"), -1;
			for (int i = 0; i < len; i++)
				if (p[i] & 0x80)
					return parse_fail(err, track,
					    "data byte above 127"), -1;
			if (kind == 0x90 && p[1] > 0)
				(*note_ons)++;
			p += len;
			running = status;
			/* Program changes stay: a track's instrument is a
			 * signal for naming its bells (choir mode). */
			if (kind != 0x80 && kind != 0x90 && kind != 0xc0) {
				carry = delta;   /* not needed for bells */
				continue;
			}
			w = write_vlq(w, delta);
			*w++ = (unsigned char)status;
			memcpy(w, ev, (size_t)len);
			w += len;
			carry = 0;
		}
	}
	w = write_vlq(w, carry);
	memcpy(w, "\xff\x2f\x00", 3);
	w += 3;
	return (long)(w - w0);
}

/*
 * Checks the header and every chunk, and writes into *norm (new, free())
 * the file libsmf is given: the header, then each MTrk in the form
 * check_track writes; other chunks are left out.
 * On success *ntracks is the number of tracks and *division the ticks
 * per beat.  0, or -1 with err.
 */
static int
check_file(const unsigned char *d, size_t len, const struct vb_limits *lim,
    unsigned char **norm, size_t *norm_len, int *ntracks, int *division,
    struct vb_error *err)
{
	const unsigned char *p, *end = d + len;
	uint32_t hlen;
	unsigned format, declared, div;
	size_t found = 0, note_ons = 0, w;
	unsigned char *out;

	if (len < 14 || memcmp(d, "MThd", 4) != 0)
		return parse_fail(err, -1, "no MThd header"), -1;
	hlen = be32(d + 4);
	if (hlen < 6 || hlen > len - 8)
		return parse_fail(err, -1, "header length beyond the file"), -1;
	format = be16(d + 8);
	declared = be16(d + 10);
	div = be16(d + 12);
	if (format > 2)
		return parse_fail(err, -1, "unknown format"), -1;
	if (format == 2) {
		vb_error_set(err, RPC_APP_ERROR, "ERR_MUSIC_PARSE", NULL,
		    "MIDI format 2 (independent sequences) is not supported");
		return -1;
	}
	if (div & 0x8000) {
		vb_error_set(err, RPC_APP_ERROR, "ERR_MUSIC_PARSE", NULL,
		    "SMPTE time division is not supported (only ticks per "
		    "quarter note)");
		return -1;
	}
	if (div == 0)
		return parse_fail(err, -1, "zero ticks per quarter note"), -1;
	if (declared == 0)
		return parse_fail(err, -1, "no tracks"), -1;
	if (declared > lim->max_tracks) {
		vb_error_set(err, RPC_LIMIT_EXCEEDED, "ERR_TOO_MANY_TRACKS",
		    NULL, "The file has %u tracks; the limit is %zu",
		    declared, lim->max_tracks);
		return -1;
	}
	/* A track's events at most double (a status byte added to a two-byte
	 * running-status event); plus an End of Track and a chunk header. */
	out = malloc(2 * len + (size_t)declared * 16 + 14);
	if (out == NULL) {
		vb_error_set(err, RPC_INTERNAL_ERROR, "ERR_NO_MEMORY", NULL,
		    "Out of memory reading the MIDI file");
		return -1;
	}
	memcpy(out, d, 8);
	out[7] = 6;       /* header length: the six bytes we know */
	out[4] = out[5] = out[6] = 0;
	memcpy(out + 8, d + 8, 6);
	w = 14;
	p = d + 8 + hlen;
	while (found < declared) {
		uint32_t clen;

		if ((size_t)(end - p) < 8) {
			parse_fail(err, -1,
			    "fewer tracks than the header declares");
			goto fail;
		}
		clen = be32(p + 4);
		if (clen > (size_t)(end - p) - 8) {
			parse_fail(err, (int)found,
			    "chunk length beyond the file");
			goto fail;
		}
		if (memcmp(p, "MTrk", 4) == 0) {
			long tlen = check_track(p + 8, p + 8 + clen,
			    (int)found, &note_ons, out + w + 8, err);

			if (tlen < 0)
				goto fail;
			memcpy(out + w, "MTrk", 4);
			out[w + 4] = (unsigned char)(tlen >> 24);
			out[w + 5] = (unsigned char)(tlen >> 16);
			out[w + 6] = (unsigned char)(tlen >> 8);
			out[w + 7] = (unsigned char)tlen;
			w += 8 + (size_t)tlen;
			found++;
		}
		p += 8 + clen;
	}
	if (note_ons > lim->max_notes) {
		vb_error_set(err, RPC_LIMIT_EXCEEDED, "ERR_TOO_MANY_NOTES", NULL,
		    "The file has %zu notes; the limit is %zu", note_ons,
		    lim->max_notes);
		goto fail;
	}
	*norm = out;
	*norm_len = w;
	*ntracks = (int)declared;
	*division = (int)div;
	return 0;
fail:
	free(out);
	return -1;
}

/* A note-on waiting for its note-off. */
struct pending {
	int64_t tick;
	size_t seq;       /* global note-on order, for the notes left open */
	int velocity;
	int next;         /* next pending of the same key, -1 */
};

struct builder {
	struct score *s;
	size_t cap_notes;
	struct pending *pend;
	size_t n_pend, cap_pend;
	int head[16][128], tail[16][128];
	struct tempo_change *tempo;
	size_t n_tempo, cap_tempo;
	struct time_sig *sigs;
	size_t n_sigs, cap_sigs;
	size_t seq;
};

/* The meta and program events a score keeps besides notes and tempo:
 * time signatures (0x58: numerator, log2 denominator) and a track's first
 * program change.  0, or -1 when out of memory. */
static int
read_meter_and_program(struct builder *b, int ti, const unsigned char *m,
    size_t ml, const unsigned char *data, uint32_t n, int64_t tick)
{
	if (ml == 2 && (m[0] & 0xf0) == 0xc0) {
		if (b->s->tracks[ti].program == 0 &&
		    (m[0] & 0x0f) != MIDI_PERCUSSION_CHANNEL)
			b->s->tracks[ti].program = (m[1] & 0x7f) + 1;
		return 0;
	}
	if (ml >= 2 && m[0] == 0xff && m[1] == 0x58 && n == 4 && data[1] < 7) {
		if (grow_array((void **)&b->sigs, &b->cap_sigs, b->n_sigs + 1,
		    sizeof *b->sigs) < 0)
			return -1;
		b->sigs[b->n_sigs++] = (struct time_sig){ tick, data[0],
			1 << data[1], 0 };
	}
	return 0;
}

static int
add_note(struct builder *b, int track, int ch, int pitch, int vel,
    int64_t tick, int64_t dur)
{
	struct score *s = b->s;
	struct note *n;

	if (grow_array((void **)&s->notes, &b->cap_notes, s->n_notes + 1,
	    sizeof *s->notes) < 0)
		return -1;
	n = &s->notes[s->n_notes++];
	memset(n, 0, sizeof *n);
	n->pitch = pitch;
	n->velocity = vel;
	n->track = track;
	n->channel = ch;
	n->tick = tick;
	n->dur_ticks = dur > 1 ? dur : 1;   /* upstream: max(1, duration) */
	s->tracks[track].note_count++;
	return 0;
}

struct open_note {
	size_t seq;
	int track, ch, pitch, velocity;
	int64_t tick;
};

static int
compare_open(const void *a, const void *b)
{
	const struct open_note *x = a, *y = b;

	return (x->seq > y->seq) - (x->seq < y->seq);
}

/* Reads one libsmf track into the builder.  0, or -1 on memory failure. */
static int
read_track(struct builder *b, smf_track_t *t, int ti, int percussion,
    struct open_note **open, size_t *n_open, size_t *cap_open,
    uint32_t *last_us)
{
	smf_event_t *ev;

	for (int i = 0; i < 16; i++)
		for (int k = 0; k < 128; k++)
			b->head[i][k] = b->tail[i][k] = -1;
	b->n_pend = 0;
	for (int j = 1; (ev = smf_track_get_event_by_number(t, j)) != NULL;
	    j++) {
		const unsigned char *m = ev->midi_buffer;
		size_t ml = (size_t)ev->midi_buffer_length;
		int64_t tick = ev->time_pulses;
		unsigned kind;
		int ch, pitch, vel;

		if (ml >= 2 && m[0] == 0xff) {
			/* libsmf keeps the whole meta event: FF type VLQ data. */
			const unsigned char *p = m + 2, *end = m + ml;
			uint32_t n;

			if (read_vlq(&p, end, &n) < 0 || n > (size_t)(end - p))
				continue;
			if (read_meter_and_program(b, ti, m, ml, p, n, tick) < 0)
				return -1;
			if (m[1] == 0x51 && n == 3) {
				uint32_t us = (uint32_t)p[0] << 16 |
				    (uint32_t)p[1] << 8 | p[2];

				if (grow_array((void **)&b->tempo, &b->cap_tempo,
				    b->n_tempo + 1, sizeof *b->tempo) < 0)
					return -1;
				b->tempo[b->n_tempo] = (struct tempo_change){
					tick, us, 0 };
				b->n_tempo++;
				*last_us = us;
			} else if (m[1] == 0x03 &&
			    b->s->tracks[ti].name[0] == '\0') {
				char *name = malloc(n + 1);

				if (name == NULL)
					return -1;
				memcpy(name, p, n);
				name[n] = '\0';
				free(b->s->tracks[ti].name);
				b->s->tracks[ti].name = name;
			}
			continue;
		}
		if (ml == 2 && read_meter_and_program(b, ti, m, ml, NULL, 0,
		    tick) < 0)
			return -1;
		if (ml < 3)
			continue;
		kind = m[0] & 0xf0;
		ch = m[0] & 0x0f;
		pitch = m[1] & 0x7f;
		vel = m[2] & 0x7f;
		if (kind != 0x80 && kind != 0x90)
			continue;
		if (ch == MIDI_PERCUSSION_CHANNEL && !percussion)
			continue;
		if (kind == 0x90 && vel > 0) {
			int idx;

			if (grow_array((void **)&b->pend, &b->cap_pend, b->n_pend + 1,
			    sizeof *b->pend) < 0)
				return -1;
			idx = (int)b->n_pend++;
			b->pend[idx] = (struct pending){ tick, b->seq++, vel,
				-1 };
			if (b->tail[ch][pitch] >= 0)
				b->pend[b->tail[ch][pitch]].next = idx;
			else
				b->head[ch][pitch] = idx;
			b->tail[ch][pitch] = idx;
		} else {
			int idx = b->head[ch][pitch];

			if (idx < 0)
				continue;   /* an off with no on: ignored */
			b->head[ch][pitch] = b->pend[idx].next;
			if (b->head[ch][pitch] < 0)
				b->tail[ch][pitch] = -1;
			if (add_note(b, ti, ch, pitch, b->pend[idx].velocity,
			    b->pend[idx].tick, tick - b->pend[idx].tick) < 0)
				return -1;
		}
	}
	/* Notes still sounding at the end of the track. */
	for (int c = 0; c < 16; c++) {
		for (int k = 0; k < 128; k++) {
			for (int idx = b->head[c][k]; idx >= 0;
			    idx = b->pend[idx].next) {
				if (grow_array((void **)open, cap_open, *n_open + 1,
				    sizeof **open) < 0)
					return -1;
				(*open)[(*n_open)++] = (struct open_note){
					b->pend[idx].seq, ti, c, k,
					b->pend[idx].velocity,
					b->pend[idx].tick };
			}
		}
	}
	return 0;
}

struct score *
score_load_midi(const unsigned char *data, size_t len,
    const struct load_options *opt, struct vb_error *err)
{
	struct builder b;
	struct open_note *open = NULL;
	size_t n_open = 0, cap_open = 0;
	uint32_t last_us = 0;
	int ntracks, division;
	unsigned char *norm = NULL;
	size_t norm_len = 0;
	smf_t *smf = NULL;
	struct score *s = NULL;

	memset(&b, 0, sizeof b);
	if (check_file(data, len, opt->limits, &norm, &norm_len, &ntracks,
	    &division, err) < 0)
		return NULL;
	libsmf_quiet();
	smf = smf_load_from_memory(norm, norm_len);
	if (smf == NULL || smf->number_of_tracks != ntracks)
		goto parse_error;

	s = b.s = score_new();
	if (s == NULL)
		goto nomem;
	s->format = SCORE_FORMAT_MIDI;
	s->ticks_per_beat = division;
	s->tracks = calloc((size_t)ntracks, sizeof *s->tracks);
	if (s->tracks == NULL)
		goto nomem;
	s->n_tracks = (size_t)ntracks;
	for (int i = 0; i < ntracks; i++) {
		s->tracks[i].name = calloc(1, 1);
		if (s->tracks[i].name == NULL)
			goto nomem;
	}
	for (int i = 0; i < ntracks; i++) {
		smf_track_t *t = smf_get_track_by_number(smf, i + 1);

		if (t == NULL)
			goto parse_error;
		if (read_track(&b, t, i, opt->include_percussion, &open,
		    &n_open, &cap_open, &last_us) < 0)
			goto nomem;
	}
	if (n_open > 1)
		qsort(open, n_open, sizeof *open, compare_open);
	for (size_t i = 0; i < n_open; i++)
		if (add_note(&b, open[i].track, open[i].ch, open[i].pitch,
		    open[i].velocity, open[i].tick, 1) < 0)
			goto nomem;
	if (score_set_tempo_map(s, b.tempo, b.n_tempo) < 0)
		goto nomem;
	/* Upstream: int(60e6 / the last set-tempo read), 120 without one. */
	s->tempo_bpm = last_us > 0 ? (int)(60000000.0 / last_us) : 120;
	if (score_set_meter(s, b.sigs, b.n_sigs) < 0)
		goto nomem;
	b.sigs = NULL;
	score_note_times(s);
	score_analyse(s);
	goto out;

parse_error:
	parse_fail(err, -1, "libsmf could not read it");
	score_free(s);
	s = NULL;
	goto out;
nomem:
	vb_error_set(err, RPC_INTERNAL_ERROR, "ERR_NO_MEMORY", NULL,
	    "Out of memory reading the MIDI file");
	score_free(s);
	s = NULL;
out:
	if (smf != NULL)
		libsmf_delete(smf);
	free(norm);
	free(open);
	free(b.pend);
	free(b.tempo);
	free(b.sigs);
	return s;
}
