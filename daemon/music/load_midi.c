/*
 * load_midi.c - Standard MIDI Files into a score, read here byte by byte.
 *
 * The file is walked twice with one event reader: the first walk checks
 * everything (chunk lengths, every event's length, running status, data
 * bytes under 0x80) and counts note-ons against max_notes without
 * allocating; the second builds the notes.  Notes are built as upstream's
 * midi_parser.py does (docs/PORTING.md section 1), with first-in first-out
 * matching per (track, channel, pitch) and the tempo map kept.
 *
 * This used to hand a normalised copy to libsmf.  libsmf asserts (the
 * daemon aborts) on tick totals past 2^31, on tracks without End of Track,
 * on sysex escapes and long metas, and allocates through GLib, whose
 * g_malloc aborts when memory runs out: no check before the call can make
 * that answer ERR_NO_MEMORY.  Our walk already decoded every event libsmf
 * would have, so libsmf added nothing but those failure modes.  Ticks are
 * int64 here: a track's total is bounded by its length (at most 2^28 per
 * two bytes), far from overflow.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "loaders.h"
#include "../core/grow.h"
#include "../core/log.h"
#include "../core/utf8.h"

#define MIDI_PERCUSSION_CHANNEL 9   /* channel 10, counted from 1 */
#define MIDI_NAME_MAX 127           /* bytes of a track name kept */
/* A set-tempo faster than 10,000 bpm (MusicXML's bound too) is clamped:
 * 0 would put every note at 0 ms. */
#define MIDI_MIN_US_PER_BEAT 6000

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

static int
parse_fail(struct vb_error *err, int track, const char *what)
{
	if (track >= 0)
		vb_error_set(err, RPC_APP_ERROR, "ERR_MUSIC_PARSE", NULL,
		    "Damaged MIDI file: %s in track %d", what, track + 1);
	else
		vb_error_set(err, RPC_APP_ERROR, "ERR_MUSIC_PARSE", NULL,
		    "Damaged MIDI file: %s", what);
	return -1;
}

/* One event a score needs, as the walk hands it on. */
struct midi_event {
	int64_t tick;
	unsigned status;            /* 0x8n, 0x9n, or 0xff for a meta */
	unsigned meta;              /* meta type when status is 0xff */
	const unsigned char *data;  /* channel data bytes, or meta payload */
	uint32_t len;
};

/* What the two walks do with each event; returns 0 or -1 (err set). */
typedef int (*event_fn)(void *ctx, int track, const struct midi_event *ev);

/* The cursor of one track's walk. */
struct track_cursor {
	const unsigned char *p, *end;
	int track;
	unsigned running;           /* last channel status, 0 = none */
	int64_t tick;
	struct vb_error *err;
};

/* Reads a meta event (after FF); *done at End of Track. */
static int
walk_meta(struct track_cursor *c, struct midi_event *ev, int *done)
{
	uint32_t n;

	if (c->p >= c->end)
		return parse_fail(c->err, c->track, "truncated meta event");
	ev->status = 0xff;
	ev->meta = *c->p++;
	if (read_vlq(&c->p, c->end, &n) < 0 || n > (size_t)(c->end - c->p))
		return parse_fail(c->err, c->track,
		    "meta event longer than its track");
	ev->data = c->p;
	ev->len = n;
	c->p += n;
	*done = ev->meta == 0x2f;   /* events after it are not read */
	return 0;
}

/* Reads a channel message's data bytes; ev->len is 0 for a kind that
 * bells do not need. */
static int
walk_channel(struct track_cursor *c, unsigned status, struct midi_event *ev)
{
	unsigned kind = status & 0xf0;
	int len = (kind == 0xc0 || kind == 0xd0) ? 1 : 2;

	if ((size_t)(c->end - c->p) < (size_t)len)
		return parse_fail(c->err, c->track, "truncated channel message");
	for (int i = 0; i < len; i++)
		if (c->p[i] & 0x80)
			return parse_fail(c->err, c->track,
			    "data byte above 127");
	ev->status = status;
	ev->data = c->p;
	/* Program changes too: a track's instrument is a signal for the
	 * octave its bells are named in (choir mode). */
	ev->len = (kind == 0x80 || kind == 0x90) ? 2 : kind == 0xc0 ? 1 : 0;
	c->p += len;
	c->running = status;
	return 0;
}

/*
 * Reads the next event into ev (ev->len 0 and status 0: nothing to hand
 * on).  Running status: a data byte where a status byte belongs repeats
 * the last channel message's status.  Meta and sysex events leave it
 * alone, as most readers do (the standard says they cancel it; files in
 * the wild rely on the lenient reading).
 */
static int
walk_event(struct track_cursor *c, struct midi_event *ev, int *done)
{
	uint32_t delta, n;
	unsigned status;

	memset(ev, 0, sizeof *ev);
	if (read_vlq(&c->p, c->end, &delta) < 0)
		return parse_fail(c->err, c->track, "unterminated delta time");
	c->tick += delta;
	ev->tick = c->tick;
	if (c->p >= c->end)
		return parse_fail(c->err, c->track, "event missing");
	if (*c->p & 0x80)
		status = *c->p++;
	else if (c->running == 0)
		return parse_fail(c->err, c->track,
		    "running status without a previous event");
	else
		status = c->running;
	if (status == 0xff)
		return walk_meta(c, ev, done);
	if (status == 0xf0 || status == 0xf7) {
		if (read_vlq(&c->p, c->end, &n) < 0 ||
		    n > (size_t)(c->end - c->p))
			return parse_fail(c->err, c->track,
			    "system exclusive longer than its track");
		c->p += n;
		return 0;
	}
	if (status >= 0xf0)
		return parse_fail(c->err, c->track,
		    "system message not allowed in a file");
	return walk_channel(c, status, ev);
}

/* Walks one MTrk's events up to its End of Track (or its end), handing
 * notes and metas to fn. */
static int
walk_track(const unsigned char *p, const unsigned char *end, int track,
    event_fn fn, void *ctx, struct vb_error *err)
{
	struct track_cursor c = { p, end, track, 0, 0, err };
	struct midi_event ev;
	int done = 0;

	while (c.p < c.end && !done) {
		if (walk_event(&c, &ev, &done) < 0)
			return -1;
		if (ev.status == 0 || done || (ev.status != 0xff && ev.len == 0))
			continue;
		if (fn(ctx, track, &ev) < 0)
			return -1;
	}
	return 0;
}

/* The header's facts. */
struct midi_header {
	unsigned ntracks, division;
	size_t first_chunk;         /* offset of the chunk after MThd */
};

static int
read_header(const unsigned char *d, size_t len, const struct vb_limits *lim,
    struct midi_header *h, struct vb_error *err)
{
	uint32_t hlen;
	unsigned format;

	if (len < 14 || memcmp(d, "MThd", 4) != 0)
		return parse_fail(err, -1, "no MThd header");
	hlen = be32(d + 4);
	if (hlen < 6 || hlen > len - 8)
		return parse_fail(err, -1, "header length beyond the file");
	format = be16(d + 8);
	h->ntracks = be16(d + 10);
	h->division = be16(d + 12);
	h->first_chunk = 8 + (size_t)hlen;
	if (format > 2)
		return parse_fail(err, -1, "unknown format");
	if (format == 2)
		return vb_error_set(err, RPC_APP_ERROR, "ERR_MUSIC_PARSE", NULL,
		    "MIDI format 2 (independent sequences) is not supported");
	if (h->division & 0x8000)
		return vb_error_set(err, RPC_APP_ERROR, "ERR_MUSIC_PARSE", NULL,
		    "SMPTE time division is not supported (only ticks per "
		    "quarter note)");
	if (h->division == 0)
		return parse_fail(err, -1, "zero ticks per quarter note");
	if (h->ntracks == 0)
		return parse_fail(err, -1, "no tracks");
	if (h->ntracks > lim->max_tracks)
		return vb_error_set(err, RPC_LIMIT_EXCEEDED,
		    "ERR_TOO_MANY_TRACKS", NULL,
		    "The file has %u tracks; the limit is %zu", h->ntracks,
		    lim->max_tracks);
	return 0;
}

/* Walks every MTrk the header declares (other chunks are skipped). */
static int
walk_file(const unsigned char *d, size_t len, const struct midi_header *h,
    event_fn fn, void *ctx, struct vb_error *err)
{
	const unsigned char *p = d + h->first_chunk, *end = d + len;
	unsigned found = 0;

	while (found < h->ntracks) {
		uint32_t clen;

		if ((size_t)(end - p) < 8)
			return parse_fail(err, -1,
			    "fewer tracks than the header declares");
		clen = be32(p + 4);
		if (clen > (size_t)(end - p) - 8)
			return parse_fail(err, (int)found,
			    "chunk length beyond the file");
		if (memcmp(p, "MTrk", 4) == 0) {
			if (walk_track(p + 8, p + 8 + clen, (int)found, fn, ctx,
			    err) < 0)
				return -1;
			found++;
		}
		p += 8 + clen;
	}
	return 0;
}

/* First walk: note-ons against the limit. */
struct note_count {
	size_t note_ons, max;
	struct vb_error *err;
};

static int
count_note_on(void *ctx, int track, const struct midi_event *ev)
{
	struct note_count *nc = ctx;

	(void)track;
	if ((ev->status & 0xf0) == 0x90 && ev->data[1] > 0)
		nc->note_ons++;
	return 0;
}

/* A note-on waiting for its note-off. */
struct pending {
	int64_t tick;
	size_t seq;       /* global note-on order, for the notes left open */
	int velocity;
	int next;         /* next pending of the same key, -1 */
};

struct open_note {
	size_t seq;
	int track, ch, pitch, velocity;
	int64_t tick;
};

struct builder {
	struct score *s;
	struct vb_error *err;
	int percussion;
	int track;                  /* the track whose keys head/tail hold */
	size_t cap_notes;
	struct pending *pend;
	size_t n_pend, cap_pend;
	int head[16][128], tail[16][128];
	struct tempo_change *tempo;
	size_t n_tempo, cap_tempo;
	uint32_t last_us;           /* the last set-tempo read, 0 = none */
	int clamped;                /* set-tempos made slower */
	struct time_sig *sigs;      /* time signatures (0x58) read */
	size_t n_sigs, cap_sigs;
	size_t cap_keys;
	size_t seq;
	struct open_note *open;     /* notes still sounding at a track's end */
	size_t n_open, cap_open;
};

static int
nomem(struct builder *b)
{
	return vb_error_set(b->err, RPC_INTERNAL_ERROR, "ERR_NO_MEMORY", NULL,
	    "Out of memory reading the MIDI file");
}

static int
add_note(struct builder *b, int track, int ch, int pitch, int vel,
    int64_t tick, int64_t dur)
{
	struct score *s = b->s;
	struct note *n;

	if (grow_array((void **)&s->notes, &b->cap_notes, s->n_notes + 1,
	    sizeof *s->notes) < 0)
		return nomem(b);
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

static int
compare_open(const void *a, const void *b)
{
	const struct open_note *x = a, *y = b;

	return (x->seq > y->seq) - (x->seq < y->seq);
}

/* Keeps the notes of the track just walked that never ended. */
static int
keep_open_notes(struct builder *b)
{
	for (int c = 0; c < 16; c++) {
		for (int k = 0; k < 128; k++) {
			for (int idx = b->head[c][k]; idx >= 0;
			    idx = b->pend[idx].next) {
				if (grow_array((void **)&b->open, &b->cap_open,
				    b->n_open + 1, sizeof *b->open) < 0)
					return nomem(b);
				b->open[b->n_open++] = (struct open_note){
					b->pend[idx].seq, b->track, c, k,
					b->pend[idx].velocity,
					b->pend[idx].tick };
			}
		}
	}
	return 0;
}

/* Starts a new track's key tables (after keeping the last one's open
 * notes). */
static int
begin_track(struct builder *b, int track)
{
	if (b->track >= 0 && keep_open_notes(b) < 0)
		return -1;
	for (int i = 0; i < 16; i++)
		for (int k = 0; k < 128; k++)
			b->head[i][k] = b->tail[i][k] = -1;
	b->n_pend = 0;
	b->track = track;
	return 0;
}

static int
read_tempo(struct builder *b, const struct midi_event *ev)
{
	uint32_t us = (uint32_t)ev->data[0] << 16 | (uint32_t)ev->data[1] << 8 |
	    ev->data[2];

	if (us < MIDI_MIN_US_PER_BEAT) {
		us = MIDI_MIN_US_PER_BEAT;
		b->clamped++;
	}
	if (grow_array((void **)&b->tempo, &b->cap_tempo, b->n_tempo + 1,
	    sizeof *b->tempo) < 0)
		return nomem(b);
	b->tempo[b->n_tempo++] = (struct tempo_change){ ev->tick, us, 0 };
	b->last_us = us;
	return 0;
}

/* Key signature: whether black keys are spelled flat or sharp. */
static int
read_key(struct builder *b, const struct midi_event *ev)
{
	struct score *s = b->s;

	if (grow_array((void **)&s->keys, &b->cap_keys, s->n_keys + 1,
	    sizeof *s->keys) < 0)
		return nomem(b);
	s->keys[s->n_keys++] = (struct key_signature){ ev->tick,
	    (signed char)ev->data[0] };
	return 0;
}

/*
 * The track's first non-empty name, cut to 127 bytes (on a character
 * start, as before) and made valid UTF-8, so that a name in Latin-1 or
 * another legacy encoding is kept (bytes replaced) rather than lost.
 */
static int
read_name(struct builder *b, const struct midi_event *ev)
{
	struct track_info *t = &b->s->tracks[b->track];
	uint32_t keep = ev->len < MIDI_NAME_MAX ? ev->len : MIDI_NAME_MAX;
	char *name;

	if (t->name[0] != '\0')
		return 0;
	while (keep > 0 && keep < ev->len && (ev->data[keep] & 0xc0) == 0x80)
		keep--;
	if (keep == 0)
		return 0;
	name = utf8_make_valid((const char *)ev->data, keep);
	if (name == NULL)
		return nomem(b);
	free(t->name);
	t->name = name;
	return 0;
}

static int
note_on(struct builder *b, int ch, int pitch, int vel, int64_t tick)
{
	int idx;

	if (grow_array((void **)&b->pend, &b->cap_pend, b->n_pend + 1,
	    sizeof *b->pend) < 0)
		return nomem(b);
	idx = (int)b->n_pend++;
	b->pend[idx] = (struct pending){ tick, b->seq++, vel, -1 };
	if (b->tail[ch][pitch] >= 0)
		b->pend[b->tail[ch][pitch]].next = idx;
	else
		b->head[ch][pitch] = idx;
	b->tail[ch][pitch] = idx;
	return 0;
}

static int
note_off(struct builder *b, int ch, int pitch, int64_t tick)
{
	int idx = b->head[ch][pitch];

	if (idx < 0)
		return 0;   /* an off with no on: ignored */
	b->head[ch][pitch] = b->pend[idx].next;
	if (b->head[ch][pitch] < 0)
		b->tail[ch][pitch] = -1;
	return add_note(b, b->track, ch, pitch, b->pend[idx].velocity,
	    b->pend[idx].tick, tick - b->pend[idx].tick);
}

/* A time signature (FF 58 04 nn dd cc bb: numerator, log2 of the
 * denominator) for the score's measures and beats. */
static int
read_time_sig(struct builder *b, const struct midi_event *ev)
{
	if (ev->data[1] > 6)
		return 0;   /* a beat shorter than a 64th: not music */
	if (grow_array((void **)&b->sigs, &b->cap_sigs, b->n_sigs + 1,
	    sizeof *b->sigs) < 0)
		return nomem(b);
	b->sigs[b->n_sigs++] = (struct time_sig){ ev->tick, ev->data[0],
		1 << ev->data[1], 0 };
	return 0;
}

/* A track's first program change (not the percussion channel's kit). */
static void
read_program(struct builder *b, int track, const struct midi_event *ev)
{
	if ((ev->status & 0x0f) != MIDI_PERCUSSION_CHANNEL &&
	    b->s->tracks[track].program == 0)
		b->s->tracks[track].program = (ev->data[0] & 0x7f) + 1;
}

/* Second walk: each event into the builder. */
static int
build_event(void *ctx, int track, const struct midi_event *ev)
{
	struct builder *b = ctx;
	int ch;

	if (track != b->track && begin_track(b, track) < 0)
		return -1;
	if (ev->status == 0xff) {
		if (ev->meta == 0x51 && ev->len == 3)
			return read_tempo(b, ev);
		if (ev->meta == 0x03 && ev->len > 0)
			return read_name(b, ev);
		if (ev->meta == 0x58 && ev->len == 4)
			return read_time_sig(b, ev);
		if (ev->meta == 0x59 && ev->len == 2)
			return read_key(b, ev);
		return 0;
	}
	if ((ev->status & 0xf0) == 0xc0) {
		read_program(b, track, ev);
		return 0;
	}
	ch = ev->status & 0x0f;
	if (ch == MIDI_PERCUSSION_CHANNEL && !b->percussion)
		return 0;
	if ((ev->status & 0xf0) == 0x90 && ev->data[1] > 0)
		return note_on(b, ch, ev->data[0], ev->data[1], ev->tick);
	return note_off(b, ch, ev->data[0], ev->tick);
}

/* A score with ntracks empty-named tracks, or NULL. */
static struct score *
new_midi_score(unsigned ntracks, unsigned division)
{
	struct score *s = score_new();

	if (s == NULL)
		return NULL;
	s->format = SCORE_FORMAT_MIDI;
	s->ticks_per_beat = (int)division;
	s->tracks = calloc(ntracks, sizeof *s->tracks);
	if (s->tracks == NULL)
		goto fail;
	s->n_tracks = ntracks;
	for (unsigned i = 0; i < ntracks; i++)
		if ((s->tracks[i].name = calloc(1, 1)) == NULL)
			goto fail;
	return s;
fail:
	score_free(s);
	return NULL;
}

/* The notes still open, in note-on order, the tempo map, times and
 * analysis. */
static int
finish_score(struct builder *b)
{
	struct score *s = b->s;

	if (b->track >= 0 && keep_open_notes(b) < 0)
		return -1;
	if (b->n_open > 1)
		qsort(b->open, b->n_open, sizeof *b->open, compare_open);
	for (size_t i = 0; i < b->n_open; i++)
		if (add_note(b, b->open[i].track, b->open[i].ch,
		    b->open[i].pitch, b->open[i].velocity, b->open[i].tick,
		    1) < 0)
			return -1;
	if (score_set_tempo_map(s, b->tempo, b->n_tempo) < 0)
		return nomem(b);
	if (b->clamped > 0)
		log_warn("MIDI file: %d set-tempo events faster than 10000 bpm "
		    "(or 0) were read as 10000 bpm", b->clamped);
	/* Upstream: int(60e6 / the last set-tempo read), 120 without one. */
	s->tempo_bpm = b->last_us > 0 ? (int)(60000000.0 / b->last_us) : 120;
	score_set_meter(s, b->sigs, b->n_sigs);
	b->sigs = NULL;     /* the score's now */
	score_note_times(s);
	score_spell_from_keys(s);
	score_analyse(s);
	return 0;
}

struct score *
score_load_midi(const unsigned char *data, size_t len,
    const struct load_options *opt, struct vb_error *err)
{
	struct midi_header h;
	struct note_count nc = { 0, opt->limits->max_notes, err };
	struct builder *b = NULL;
	struct score *s = NULL;

	if (read_header(data, len, opt->limits, &h, err) < 0 ||
	    walk_file(data, len, &h, count_note_on, &nc, err) < 0)
		return NULL;
	if (nc.note_ons > nc.max) {
		vb_error_set(err, RPC_LIMIT_EXCEEDED, "ERR_TOO_MANY_NOTES", NULL,
		    "The file has %zu notes; the limit is %zu", nc.note_ons,
		    nc.max);
		return NULL;
	}
	/* The builder is large (two 16x128 key tables): on the heap. */
	b = calloc(1, sizeof *b);
	s = new_midi_score(h.ntracks, h.division);
	if (b == NULL || s == NULL) {
		vb_error_set(err, RPC_INTERNAL_ERROR, "ERR_NO_MEMORY", NULL,
		    "Out of memory reading the MIDI file");
		goto fail;
	}
	b->s = s;
	b->err = err;
	b->percussion = opt->include_percussion;
	b->track = -1;
	if (walk_file(data, len, &h, build_event, b, err) < 0 ||
	    finish_score(b) < 0)
		goto fail;
	goto out;
fail:
	score_free(s);
	s = NULL;
out:
	if (b != NULL) {
		free(b->pend);
		free(b->tempo);
		free(b->open);
		free(b->sigs);
	}
	free(b);
	return s;
}
