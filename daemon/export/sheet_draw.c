/*
 * sheet_draw.c - the pages a director hands out, drawn with cairo: the
 * cover (verdict and the bells-used chart), one page or two per ringer
 * (hands, table strip, cue list) and the ringing chart (time across, a
 * lane per hand).  One drawing code for PDF, SVG and PNG.
 *
 * Every ringer has a colour AND a pattern AND a letter, so the pages read
 * in black and white and for colour-blind ringers; the letter is the key.
 */
#ifdef VB_HAVE_SHEETS

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sheet_draw.h"
#include "../core/grow.h"
#include "../core/utf8.h"
#include "../core/version.h"

/* Page furniture (points). */
#define MARGIN    40.0
#define TOP       40.0
#define BOTTOM    50.0   /* room for the footer */

/* The cue list. */
#define CUE_ROW   15.0
#define CUE_TOP1  330.0  /* first row on a ringer's first page */
#define CUE_TOP2  130.0  /* on the continued page */

/* The ringing chart. */
#define CHART_TOP   96.0
#define LABEL_W     96.0
#define RULER_H     16.0
#define SYSTEM_GAP  14.0
#define RINGER_GAP  2.0
#define MIN_PT_PER_S 20.0
#define GLANCE_H    64.0   /* a ringer's part at a glance */

struct rgb { double r, g, b; };

/*
 * Okabe & Ito's colour-blind-safe set and Paul Tol's muted scheme:
 * twelve colours that stay apart for the common colour blindnesses.
 */
static const struct rgb palette[12] = {
	{ 0.902, 0.624, 0.000 }, { 0.337, 0.706, 0.914 }, { 0.000, 0.620, 0.451 },
	{ 0.941, 0.894, 0.259 }, { 0.000, 0.447, 0.698 }, { 0.835, 0.369, 0.000 },
	{ 0.800, 0.475, 0.655 }, { 0.600, 0.600, 0.200 }, { 0.533, 0.133, 0.333 },
	{ 0.267, 0.667, 0.600 }, { 0.200, 0.133, 0.533 }, { 0.667, 0.267, 0.600 },
};
/* Seven patterns: with twelve colours every one of 64 ringers differs. */
enum pattern { PAT_SOLID, PAT_DIAG, PAT_BACKDIAG, PAT_HORIZ, PAT_VERT,
	PAT_DOTS, PAT_CROSS, PAT_COUNT };

static const struct rgb ink = { 0.10, 0.10, 0.12 };
static const struct rgb grey = { 0.42, 0.42, 0.45 };
static const struct rgb rule = { 0.75, 0.75, 0.78 };
static const struct rgb faint = { 0.93, 0.93, 0.94 };
static const struct rgb tight_col = { 0.96, 0.62, 0.04 };
static const struct rgb bad_col = { 0.80, 0.08, 0.10 };

static struct rgb
mix(struct rgb a, struct rgb b, double t)
{
	struct rgb c = { a.r + (b.r - a.r) * t, a.g + (b.g - a.g) * t,
	    a.b + (b.b - a.b) * t };
	return c;
}

static const struct rgb white = { 1, 1, 1 };
static const struct rgb black = { 0, 0, 0 };

static struct rgb ringer_colour(size_t r) { return palette[r % 12]; }
static struct rgb ringer_tint(size_t r) { return mix(palette[r % 12], white, 0.62); }
/* Ring marks only: the SVG test counts marks by this fill. */
static struct rgb ringer_shade(size_t r) { return mix(palette[r % 12], black, 0.28); }
void
sheet_ring_rgb(size_t r, double rgb[3])
{
	struct rgb c = ringer_shade(r);

	rgb[0] = c.r;
	rgb[1] = c.g;
	rgb[2] = c.b;
}

/* The choir's marks on the bells-used chart (a handchime's outline,
 * moved notes, the set's copies, a place the set lacks): near-black for
 * print, and used by nothing else, so that the SVG test counts them. */
static const struct rgb mark_ink = { 0.16, 0.12, 0.20 };
void
sheet_mark_rgb(double rgb[3])
{
	rgb[0] = mark_ink.r;
	rgb[1] = mark_ink.g;
	rgb[2] = mark_ink.b;
}

static enum pattern ringer_pattern(size_t r) { return (enum pattern)(r % PAT_COUNT); }

static void
set_rgb(cairo_t *cr, struct rgb c)
{
	cairo_set_source_rgb(cr, c.r, c.g, c.b);
}

/* The ringer's letter: A..Z, then AA, AB, ... */
static void
ringer_letter(size_t r, char *buf)
{
	if (r < 26) {
		buf[0] = (char)('A' + r);
		buf[1] = '\0';
	} else {
		buf[0] = (char)('A' + (r / 26 - 1) % 26);
		buf[1] = (char)('A' + r % 26);
		buf[2] = '\0';
	}
}

/* ---- text ---------------------------------------------------------- */

enum align { LEFT, CENTRE, RIGHT };

/*
 * s copied into buf as text cairo accepts: whole UTF-8 sequences only
 * (cairo refuses a broken one and stops drawing), control characters as
 * spaces, at most len - 4 bytes.
 */
static void
clean_text(const char *s, char *buf, size_t len)
{
	size_t o = 0;

	while (*s != '\0') {
		size_t n = utf8_sequence_length(s, strnlen(s, 4));
		if (n == 0) {
			s++;
			continue;
		}
		if (o + n + 4 > len)
			break;
		if (n == 1 && (unsigned char)*s < 0x20)
			buf[o++] = ' ';
		else
			memcpy(buf + o, s, n), o += n;
		s += n;
	}
	buf[o] = '\0';
}

static void
font(cairo_t *cr, double size, int bold)
{
	cairo_font_face_t *f = sheet_font_face(bold);

	if (f != NULL)
		cairo_set_font_face(cr, f);
	cairo_set_font_size(cr, size);
}

static double
text_width(cairo_t *cr, const char *s)
{
	cairo_text_extents_t e;

	cairo_text_extents(cr, s, &e);
	return e.x_advance;
}

/*
 * Draws s with its baseline at y; cut with an ellipsis to maxw (0: no
 * limit).  Returns the width drawn.
 */
static double
text(cairo_t *cr, const char *s, double x, double y, double size, int bold,
    enum align a, double maxw, struct rgb c)
{
	char buf[512];
	double w;

	clean_text(s, buf, sizeof buf);
	font(cr, size, bold);
	w = text_width(cr, buf);
	if (maxw > 0 && w > maxw) {
		size_t n = strlen(buf);
		while (n > 0) {
			do
				n--;
			while (n > 0 && ((unsigned char)buf[n] & 0xc0) == 0x80);
			memcpy(buf + n, "\xe2\x80\xa6", 4);  /* U+2026 */
			w = text_width(cr, buf);
			if (w <= maxw)
				break;
		}
	}
	if (a == CENTRE)
		x -= w / 2;
	else if (a == RIGHT)
		x -= w;
	set_rgb(cr, c);
	cairo_move_to(cr, x, y);
	cairo_show_text(cr, buf);
	return w;
}

/* As text(), but first shrinks the size down to min_size to fit maxw. */
static double
text_fit(cairo_t *cr, const char *s, double x, double y, double size,
    double min_size, int bold, enum align a, double maxw, struct rgb c)
{
	char buf[512];

	clean_text(s, buf, sizeof buf);
	font(cr, size, bold);
	double w = text_width(cr, buf);
	if (w > maxw && w > 0)
		size = fmax(min_size, size * maxw / w * 0.98);  /* rounding */
	return text(cr, buf, x, y, size, bold, a, maxw, c);
}

/*
 * s in lines at most maxw wide, broken at spaces, at most max_lines (the
 * last cut with an ellipsis when words are left); baselines from y, step
 * apart.  Drawn only when draw (else just counted).  Returns the lines.
 */
static int
text_wrap(cairo_t *cr, const char *s, double x, double y, double size,
    double maxw, double step, int max_lines, int draw, struct rgb c)
{
	char buf[512], line[512];
	size_t pos = 0, n;
	int lines = 0;

	clean_text(s, buf, sizeof buf);
	n = strlen(buf);
	while (pos < n && lines < max_lines) {
		size_t end = pos;
		font(cr, size, 0);
		for (size_t i = pos; i <= n; i++) {
			if (i < n && buf[i] != ' ')
				continue;
			memcpy(line, buf + pos, i - pos);
			line[i - pos] = '\0';
			/* A first word too wide stays: text() cuts it. */
			if (end > pos && text_width(cr, line) > maxw)
				break;
			end = i;
		}
		int last = lines + 1 == max_lines && end < n;
		memcpy(line, buf + pos, end - pos);
		line[end - pos] = '\0';
		if (draw)
			text(cr, last ? buf + pos : line, x, y + lines * step, size, 0,
			    LEFT, maxw, c);
		lines++;
		pos = end;
		while (pos < n && buf[pos] == ' ')
			pos++;
	}
	return lines;
}

static double
measure(cairo_t *cr, const char *s, double size, int bold)
{
	char buf[512];

	clean_text(s, buf, sizeof buf);
	font(cr, size, bold);
	return text_width(cr, buf);
}

/* ---- shapes -------------------------------------------------------- */

static void
rounded_rect(cairo_t *cr, double x, double y, double w, double h, double r)
{
	cairo_new_sub_path(cr);
	cairo_arc(cr, x + w - r, y + r, r, -M_PI / 2, 0);
	cairo_arc(cr, x + w - r, y + h - r, r, 0, M_PI / 2);
	cairo_arc(cr, x + r, y + h - r, r, M_PI / 2, M_PI);
	cairo_arc(cr, x + r, y + r, r, M_PI, 3 * M_PI / 2);
	cairo_close_path(cr);
}

/*
 * Fills the current path with the ringer's tint and pattern (the pattern
 * drawn as lines under a clip, not as a cairo surface pattern, so that
 * the SVG carries no image ids).  The path is consumed.
 */
static void
fill_ringer(cairo_t *cr, size_t r, double x, double y, double w, double h)
{
	enum pattern p = ringer_pattern(r);
	double step = 4.0;

	cairo_save(cr);
	set_rgb(cr, ringer_tint(r));
	cairo_fill_preserve(cr);
	cairo_clip(cr);
	set_rgb(cr, mix(ringer_colour(r), black, 0.15));
	cairo_set_line_width(cr, 0.9);
	switch (p) {
	case PAT_SOLID:
		break;
	case PAT_DIAG:
	case PAT_BACKDIAG:
	case PAT_CROSS:
		for (double d = -h; d < w + h; d += step) {
			if (p != PAT_BACKDIAG) {
				cairo_move_to(cr, x + d, y + h);
				cairo_line_to(cr, x + d + h, y);
			}
			if (p != PAT_DIAG) {
				cairo_move_to(cr, x + d, y);
				cairo_line_to(cr, x + d + h, y + h);
			}
		}
		cairo_stroke(cr);
		break;
	case PAT_HORIZ:
		for (double d = step / 2; d < h; d += step) {
			cairo_move_to(cr, x, y + d);
			cairo_line_to(cr, x + w, y + d);
		}
		cairo_stroke(cr);
		break;
	case PAT_VERT:
		for (double d = step / 2; d < w; d += step) {
			cairo_move_to(cr, x + d, y);
			cairo_line_to(cr, x + d, y + h);
		}
		cairo_stroke(cr);
		break;
	case PAT_DOTS:
		for (double dy = step / 2; dy < h; dy += step)
			for (double dx = step / 2 + (fmod(dy, 2 * step) < step ? 0 : step / 2);
			    dx < w; dx += step) {
				cairo_new_sub_path(cr);
				cairo_arc(cr, x + dx, y + dy, 0.8, 0, 2 * M_PI);
			}
		cairo_fill(cr);
		break;
	default:
		break;
	}
	cairo_restore(cr);
	cairo_new_path(cr);
}

/* The ringer's badge: a rounded square in colour and pattern, letter on it. */
static void
badge(cairo_t *cr, size_t r, double x, double y, double s)
{
	char letter[4];

	ringer_letter(r, letter);
	rounded_rect(cr, x, y, s, s, s * 0.18);
	fill_ringer(cr, r, x, y, s, s);
	rounded_rect(cr, x, y, s, s, s * 0.18);
	set_rgb(cr, mix(ringer_colour(r), black, 0.35));
	cairo_set_line_width(cr, s > 20 ? 1.2 : 0.7);
	cairo_stroke(cr);
	/* A white halo behind the letter keeps it legible on any pattern. */
	double fs = s * (letter[1] ? 0.46 : 0.62);
	double w = measure(cr, letter, fs, 1);
	cairo_save(cr);
	cairo_set_source_rgba(cr, 1, 1, 1, 0.85);
	rounded_rect(cr, x + s / 2 - w / 2 - s * 0.08, y + s / 2 - fs * 0.45,
	    w + s * 0.16, fs * 0.9, s * 0.08);
	cairo_fill(cr);
	cairo_restore(cr);
	text(cr, letter, x + s / 2, y + s / 2 + fs * 0.36, fs, 1, CENTRE, 0, ink);
}

/*
 * The outline of a bell seen from above: a circle, or for a handchime
 * (a tube, not a bell: a ringer must know which to pick up) a rounded
 * square, so that the two differ in black and white.
 */
static void
bell_outline(cairo_t *cr, int chime, double cx, double cy, double rad)
{
	cairo_new_path(cr);
	if (chime)
		rounded_rect(cr, cx - rad, cy - rad, 2 * rad, 2 * rad, rad * 0.3);
	else
		cairo_arc(cr, cx, cy, rad, 0, 2 * M_PI);
}

/*
 * A bell as it lies on the table: its outline in the holder's colour
 * and pattern (or an empty dashed one for a bell nobody holds), its
 * name in the middle.
 */
static void
bell_disc(cairo_t *cr, const struct sheet_bell *b, long owner, double cx,
    double cy, double d)
{
	double rad = d / 2;
	int chime = b != NULL && b->chime;

	bell_outline(cr, chime, cx, cy, rad);
	if (owner >= 0) {
		fill_ringer(cr, (size_t)owner, cx - rad, cy - rad, d, d);
		bell_outline(cr, chime, cx, cy, rad);
		set_rgb(cr, chime ? mark_ink : mix(ringer_colour((size_t)owner),
		    black, 0.4));
		cairo_set_line_width(cr, chime ? 1.3 : 1.0);
		cairo_stroke(cr);
	} else {
		set_rgb(cr, white);
		cairo_fill_preserve(cr);
		static const double dash[] = { 2.0, 2.0 };
		cairo_set_dash(cr, dash, 2, 0);
		set_rgb(cr, rule);
		cairo_set_line_width(cr, 0.8);
		cairo_stroke(cr);
		cairo_set_dash(cr, NULL, 0, 0);
	}
	if (b == NULL)
		return;
	double fs = fmin(d * 0.3, 12.0);
	double w = measure(cr, b->name, fs, 1);
	if (owner >= 0) {
		cairo_set_source_rgba(cr, 1, 1, 1, 0.88);
		rounded_rect(cr, cx - w / 2 - 1.5, cy - fs * 0.5, w + 3, fs * 1.0,
		    1.5);
		cairo_fill(cr);
	}
	text(cr, b->name, cx, cy + fs * 0.36, fs, 1, CENTRE, d, owner >= 0 ?
	    ink : grey);
}

/* A small filled tag, e.g. TIGHT; returns its width. */
static double
tag(cairo_t *cr, const char *s, double x, double baseline, double size,
    struct rgb bg, struct rgb fg)
{
	double w = measure(cr, s, size, 1) + size * 0.9;

	rounded_rect(cr, x, baseline - size * 0.95, w, size * 1.3, size * 0.3);
	set_rgb(cr, bg);
	cairo_fill(cr);
	text(cr, s, x + w / 2, baseline, size, 1, CENTRE, 0, fg);
	return w;
}

static void
hline(cairo_t *cr, double x0, double x1, double y, double width, struct rgb c)
{
	cairo_move_to(cr, x0, y);
	cairo_line_to(cr, x1, y);
	cairo_set_line_width(cr, width);
	set_rgb(cr, c);
	cairo_stroke(cr);
}

/* ---- words --------------------------------------------------------- */

static const char *
level_words(const char *level)
{
	if (level == NULL)
		return NULL;
	if (strcmp(level, "experienced") == 0)
		return "Experienced";
	if (strcmp(level, "intermediate") == 0)
		return "Intermediate";
	if (strcmp(level, "beginner") == 0)
		return "Beginner";
	if (strcmp(level, "virtual") == 0)
		return "Added ringer (not in your list)";
	return level;
}

/* "0:09.3": minutes and seconds, for a cue without measure and beat. */
static void
clock_text(double ms, char *buf, size_t len)
{
	long tenths = (long)floor(ms / 100.0 + 0.5);

	snprintf(buf, len, "%ld:%02ld.%ld", tenths / 600, tenths / 10 % 60,
	    tenths % 10);
}

/* A cue's beat (sheet_cue_time: quarters or thirds): "3", "3½", "2⅓". */
static void
beat_text(double beat, char *buf, size_t len)
{
	static const struct { double v; const char *s; } fr[] = {
		{ 0.25, "\xc2\xbc" }, { 0.5, "\xc2\xbd" }, { 0.75, "\xc2\xbe" },
		{ 1.0 / 3, "\xe2\x85\x93" }, { 2.0 / 3, "\xe2\x85\x94" },
	};
	double whole = floor(beat + 1e-9), frac = beat - whole;

	if (frac < 1e-6) {
		snprintf(buf, len, "%.0f", whole);
		return;
	}
	for (size_t i = 0; i < sizeof fr / sizeof fr[0]; i++)
		if (fabs(frac - fr[i].v) < 1e-6) {
			snprintf(buf, len, "%.0f%s", whole, fr[i].s);
			return;
		}
	snprintf(buf, len, "%.2f", beat);  /* (not reached) */
}

/* When a cue happens: "m. 12 b. 3" where the measures are known. */
static void
when_text(const struct sheet_model *m, const struct sheet_event *e, char *buf,
    size_t len)
{
	if (e->has_measure) {
		char b[32];
		long measure;
		double beat;
		sheet_cue_time(m, e, &measure, &beat);
		beat_text(beat, b, sizeof b);
		snprintf(buf, len, "m. %ld b. %s", measure, b);
	} else {
		clock_text(e->t_ms, buf, len);
	}
}

/*
 * Time to change: in beats where the song's meter is known ("1½ beats",
 * to the nearest quarter beat, as a director counts), else seconds.
 */
static void
gap_text(const struct sheet_change *c, char *buf, size_t len)
{
	static const char *const quarter[4] = { "", "\xc2\xbc", "\xc2\xbd",
	    "\xc2\xbe" };

	if (c->gap_beats >= 0) {
		long q = (long)floor(c->gap_beats * 4 + 0.5);
		if (q == 0 && c->gap_beats > 0)
			snprintf(buf, len, "< \xc2\xbc beat");
		else if (q / 4 == 0)
			snprintf(buf, len, "%s beat", q ? quarter[q % 4] : "0");
		else
			snprintf(buf, len, "%ld%s beat%s", q / 4, quarter[q % 4],
			    q == 4 ? "" : "s");
	} else if (c->gap_ms < 0) {
		snprintf(buf, len, "-");
	} else {
		snprintf(buf, len, "%.1f s", c->gap_ms / 1000.0);
	}
}

/* ---- page furniture ------------------------------------------------ */

static void
running_header(cairo_t *cr, const struct sheet_model *m,
    const struct sheet_layout *l, const char *what)
{
	double w = l->width;

	text(cr, m->title, MARGIN, TOP - 14, 8, 1, LEFT, w * 0.6, grey);
	text(cr, what, w - MARGIN, TOP - 14, 8, 0, RIGHT, w * 0.35, grey);
	hline(cr, MARGIN, w - MARGIN, TOP - 9, 0.6, rule);
}

static void
footer(cairo_t *cr, const struct sheet_layout *l, size_t page, double h)
{
	char buf[64];

	hline(cr, MARGIN, l->width - MARGIN, h - 30, 0.6, rule);
	text(cr, "Arranged with vibebellsd " VB_VERSION, MARGIN, h - 19, 7, 0,
	    LEFT, 0, grey);
	snprintf(buf, sizeof buf, "Page %zu of %zu", page + 1, l->n_pages);
	text(cr, buf, l->width - MARGIN, h - 19, 7.5, 1, RIGHT, 0, grey);
}

/* ---- the bells-used chart ------------------------------------------ */

static int
is_natural(int pitch)
{
	static const int nat[12] = { 1, 0, 1, 0, 1, 1, 0, 1, 0, 1, 0, 1 };
	return nat[((pitch % 12) + 12) % 12];
}

/* Index of the natural at or below pitch within its octave (C=0..B=6). */
static int
natural_slot(int pitch)
{
	static const int slot[12] = { 0, 0, 1, 1, 2, 3, 3, 4, 4, 5, 5, 6 };
	return slot[((pitch % 12) + 12) % 12];
}

static const struct sheet_bell *
bell_at(const struct sheet_model *m, int pitch)
{
	for (size_t i = 0; i < m->n_bells; i++)
		if (m->bells[i].pitch == pitch)
			return &m->bells[i];
	return NULL;
}

struct bell_chart {
	int lo_oct, n_oct, per_row, n_rows;
	int has_acc[12];        /* the row has sharps or flats (a back row) */
	double slot, disc, label_h, height;
	/* What was drawn, for the key of the marks (choir only). */
	int n_unused, n_not_in_set;
};

/* A bell of the piece has a choir note under it (a third line). */
static int
has_bell_notes(const struct sheet_model *m)
{
	return m->n_chimes || m->n_moved || m->n_set_duplicates;
}

static double
bell_chart_height(const struct bell_chart *c)
{
	double h = 0;

	for (int row = 0; row < c->n_rows; row++)
		h += (c->has_acc[row] ? 2 : 1) * (c->disc + c->label_h) + 12;
	return h;
}

static void
bell_chart_rows(const struct sheet_model *m, struct bell_chart *c, double w)
{
	c->n_rows = (c->n_oct + c->per_row - 1) / c->per_row;
	c->slot = fmin(w / (7.0 * c->per_row), 62.0);
	c->label_h = has_bell_notes(m) ? 29 : 20;
	/* Bells nearly touch when space is short, so their names stay big. */
	c->disc = fmin(c->slot * (c->per_row > 2 ? 0.86 : 0.74), 40.0);
	memset(c->has_acc, 0, sizeof c->has_acc);
	for (size_t i = 0; i < m->n_bells; i++) {
		int p = m->bells[i].pitch;
		if (p >= 0 && !is_natural(p)) {
			int row = (p / 12 - c->lo_oct) / c->per_row;
			if (row >= 0 && row < 12)
				c->has_acc[row] = 1;
		}
	}
	c->height = bell_chart_height(c);
}

/*
 * Geometry of the bells-used chart for width w within height h: one
 * octave a row when that fits (the largest bells), else two or three,
 * else smaller bells.
 */
static void
bell_chart_plan(const struct sheet_model *m, double w, double h,
    struct bell_chart *c)
{
	int lo = 200, hi = -200;

	for (size_t i = 0; i < m->n_bells; i++)
		if (m->bells[i].pitch >= 0) {
			int o = m->bells[i].pitch / 12;
			lo = o < lo ? o : lo;
			hi = o > hi ? o : hi;
		}
	if (lo > hi)
		lo = hi = 5;
	c->lo_oct = lo;
	c->n_oct = hi - lo + 1;
	for (c->per_row = 1; c->per_row <= 3; c->per_row++) {
		bell_chart_rows(m, c, w);
		if (c->height <= h)
			return;
	}
	c->per_row = 3;
	bell_chart_rows(m, c, w);
	while (c->height > h && c->disc > 14) {
		c->disc -= 1;
		c->height = bell_chart_height(c);
	}
}

/*
 * An unused natural keeps its place on the table, empty (smaller,
 * dashed).  With the choir's set, a place the set has no bell for is
 * also struck through: nothing to lay there.
 */
static void
bell_ghost(cairo_t *cr, const struct sheet_model *m, struct bell_chart *c,
    int pitch, double cx, double y)
{
	static const char *const names[12] = { "C", "", "D", "", "E", "F",
	    "", "G", "", "A", "", "B" };
	struct sheet_bell ghost = { 0 };
	double r = c->disc * 0.4;

	snprintf(ghost.name, sizeof ghost.name, "%s%d",
	    names[((pitch % 12) + 12) % 12], pitch / 12 - 1);
	/* (pitch -1: the key's sample, no name) */
	bell_disc(cr, pitch >= 0 ? &ghost : NULL, -1, cx, y, c->disc * 0.8);
	if (!m->has_set || (pitch >= 0 && pitch < 128 && m->in_set[pitch])) {
		c->n_unused++;
		return;
	}
	c->n_not_in_set++;
	cairo_move_to(cr, cx - r * 0.75, y + r * 0.75);
	cairo_line_to(cr, cx + r * 0.75, y - r * 0.75);
	cairo_set_line_width(cr, 1.0);
	set_rgb(cr, mark_ink);
	cairo_stroke(cr);
}

/*
 * The choir's note under a bell: "handchime", "↑ from E4", "2 in set";
 * in a narrow place (under 44 pt, where only letters name the holders)
 * the short forms "chime", "↑E4", "2 in set".
 */
static void
bell_note(const struct sheet_bell *b, int narrow, char *buf, size_t len)
{
	size_t o = 0;

	buf[0] = '\0';
	if (b->chime)
		o += (size_t)snprintf(buf, len, narrow ? "chime" : "handchime");
	for (int k = 0; k < b->n_moved && o < len; k++) {
		const char *arrow = b->moved[0].up ? "\xe2\x86\x91" :
		    "\xe2\x86\x93";
		if (k == 0)
			o += (size_t)snprintf(buf + o, len - o, "%s%s%s%s",
			    o ? " \xc2\xb7 " : "", arrow, narrow ? "" : " from ",
			    b->moved[k].from);
		else
			o += (size_t)snprintf(buf + o, len - o, "%s%s",
			    narrow ? " " : ", ", b->moved[k].from);
	}
	if (b->copies > 1 && o < len)
		snprintf(buf + o, len - o, "%s%d in set", o ? " \xc2\xb7 " : "",
		    b->copies);
}

/* A second outline behind the bell: the set has more than one. */
static void
bell_stack(cairo_t *cr, const struct sheet_bell *b, double cx, double y,
    double d)
{
	bell_outline(cr, b->chime, cx + 3, y - 3, d / 2);
	set_rgb(cr, white);
	cairo_fill_preserve(cr);
	set_rgb(cr, mark_ink);
	cairo_set_line_width(cr, 0.9);
	cairo_stroke(cr);
}

/* Who holds the bell, a line each (two at most); returns the lines. */
static int
bell_holders(cairo_t *cr, const struct sheet_model *m,
    const struct bell_chart *c, const struct sheet_bell *b, double cx,
    double ly)
{
	int k;

	for (k = 0; k < b->n_owners && k < 2; k++) {
		const struct sheet_ringer *r = &m->ringers[b->owners[k]];
		char line[160], letter[4];
		ringer_letter((size_t)b->owners[k], letter);
		/* Narrow places keep the letter alone (the key names it):
		 * a name cut to two letters helps nobody. */
		if (c->slot < 44)
			snprintf(line, sizeof line, "%s", letter);
		else
			snprintf(line, sizeof line, "%s %s", letter, r->name);
		text_fit(cr, line, cx, ly + k * 8.5, c->slot < 44 ? 7.5 : 6.5, 5,
		    1, CENTRE, c->slot - 3, ink);
	}
	return k;
}

/* One bell's place: disc, and under it who holds it and in which hand;
 * its marks (held by two, moved notes, the set's copies). */
static void
bell_cell(cairo_t *cr, const struct sheet_model *m, struct bell_chart *c,
    int pitch, double cx, double top)
{
	const struct sheet_bell *b = bell_at(m, pitch);
	double d = c->disc, y = top + d / 2;
	char note[96];

	if (b == NULL) {
		if (is_natural(pitch))
			bell_ghost(cr, m, c, pitch, cx, y);
		return;
	}
	if (b->copies > 1)
		bell_stack(cr, b, cx, y, d);
	bell_disc(cr, b, b->n_owners ? b->owners[0] : -1, cx, y, d);
	int lines = bell_holders(cr, m, c, b, cx, top + d + 8.5);
	bell_note(b, c->slot < 44, note, sizeof note);
	if (note[0] != '\0')
		text_fit(cr, note, cx, top + d + 8.5 + lines * 8.5, 6.5, 5, 0,
		    CENTRE, c->slot - 3, ink);
	if (b->n_owners > 1) {
		/* A duplicate: two ringers hold this bell (or its spelling). */
		char dup[16];
		snprintf(dup, sizeof dup, "\xc3\x97%d", b->n_owners);
		tag(cr, dup, cx + d / 2 - 4, top + 7, 6.5, ink, white);
	}
	if (b->n_moved > 0)
		tag(cr, b->moved[0].up ? "\xe2\x86\x91" : "\xe2\x86\x93",
		    cx - d / 2 - 4, top + 7, 6.5, mark_ink, white);
}

/* Draws the chart from y; returns the y below it. */
static double
bell_chart_draw(cairo_t *cr, const struct sheet_model *m,
    struct bell_chart *c, double x, double y)
{
	double top = y;

	for (int row = 0; row < c->n_rows; row++) {
		double back = c->has_acc[row] ? c->disc + c->label_h : 0;
		for (int k = 0; k < c->per_row; k++) {
			int oct = c->lo_oct + row * c->per_row + k;
			if (oct >= c->lo_oct + c->n_oct)
				break;
			double ox = x + k * 7 * c->slot;
			for (int pc = 0; pc < 12; pc++) {
				int p = oct * 12 + pc;
				double cx = ox + (natural_slot(p) + 0.5) * c->slot;
				if (is_natural(p))
					bell_cell(cr, m, c, p, cx, top + back);
				else if (back > 0)
					/* Accidentals lie behind, between their naturals. */
					bell_cell(cr, m, c, p, cx + c->slot / 2, top);
			}
		}
		top += back + c->disc + c->label_h + 12;
		if (row + 1 < c->n_rows)
			hline(cr, x, x + c->per_row * 7 * c->slot, top - 7, 0.5, faint);
	}
	double yy = top;
	/* Names no pitch could be read from go in a row of their own. */
	double cx = x + c->slot / 2;
	int any = 0;
	for (size_t i = 0; i < m->n_bells; i++) {
		if (m->bells[i].pitch >= 0)
			continue;
		any = 1;
		bell_disc(cr, &m->bells[i], m->bells[i].n_owners ?
		    m->bells[i].owners[0] : -1, cx, yy + c->disc / 2, c->disc);
		cx += c->slot;
	}
	return any ? yy + c->disc + 10 : yy;
}

/* The marks of the bells-used chart, for its key (choir only). */
enum bell_mark { MARK_CHIME, MARK_MOVED, MARK_COPIES, MARK_TWO_RINGERS,
	MARK_NOT_IN_SET, MARK_UNUSED, MARK_COUNT };

/* Draws mark k's sample with its left at x, baseline y; returns its
 * width. */
static double
mark_sample(cairo_t *cr, enum bell_mark k, double x, double y)
{
	struct sheet_bell b = { 0 };

	switch (k) {
	case MARK_CHIME:
		bell_outline(cr, 1, x + 5, y - 3.5, 5);
		set_rgb(cr, mark_ink);
		cairo_set_line_width(cr, 1.3);
		cairo_stroke(cr);
		return 10;
	case MARK_MOVED:
		return tag(cr, "\xe2\x86\x91", x, y, 6.5, mark_ink, white);
	case MARK_COPIES:
		bell_stack(cr, &b, x + 5, y - 3.5, 10);
		bell_outline(cr, 0, x + 5, y - 3.5, 5);
		set_rgb(cr, white);
		cairo_fill_preserve(cr);
		set_rgb(cr, ink);
		cairo_stroke(cr);
		return 13;
	case MARK_TWO_RINGERS:
		return tag(cr, "\xc3\x97""2", x, y, 6.5, ink, white);
	default: {
		struct bell_chart one = { .disc = 12 };
		struct sheet_model none = { .has_set = k == MARK_NOT_IN_SET };
		bell_ghost(cr, &none, &one, -1, x + 5, y - 3.5);
		return 10;
	}
	}
}

/*
 * The key of the chart's marks, with the choir's block only (without it
 * the chart is as it always was): the marks that occur, in rows.
 * Returns the y below.
 */
static double
marks_key(cairo_t *cr, const struct sheet_model *m, const struct bell_chart *c,
    double x, double y, double cw)
{
	static const char *const words[MARK_COUNT] = {
		"handchime: the set has no bell there",
		"notes moved up (\xe2\x86\x91) or down (\xe2\x86\x93) an octave "
		    "onto this bell, \"from\" the pitch they had",
		"your set has two (or more) of this bell",
		"held by two ringers",
		"not in your set",
		"in your set, not used",
	};
	int occurs[MARK_COUNT] = { m->n_chimes > 0, m->n_moved > 0,
	    m->n_set_duplicates > 0, m->n_duplicates > 0, c->n_not_in_set > 0,
	    c->n_unused > 0 };
	double kx = x, base = y + 10;
	int any = 0;

	if (!m->has_choir)
		return y;
	for (int k = 0; k < MARK_COUNT; k++) {
		if (!occurs[k])
			continue;
		const char *wd = k == MARK_UNUSED && !m->has_set ? "not used" :
		    words[k];
		double w = 16 + measure(cr, wd, 7.5, 0);
		if (kx > x && kx + w > x + cw) {
			kx = x;
			base += 13;
		}
		kx += mark_sample(cr, (enum bell_mark)k, kx, base) + 4;
		kx += text(cr, wd, kx, base, 7.5, 0, LEFT, 0, grey) + 14;
		any = 1;
	}
	return any ? base + 8 : y;
}

/* The ringers' key: badge, name, level, hands; returns the y below. */
static double
legend_draw(cairo_t *cr, const struct sheet_model *m, double x, double y,
    double w, double bottom)
{
	size_t n = m->n_ringers;
	int cols = n <= 8 ? 2 : n <= 30 ? 3 : 4;
	double colw = w / cols, row = n <= 30 ? 22 : 16;
	size_t rows = (n + (size_t)cols - 1) / (size_t)cols;

	while (rows * row > bottom - y && row > 12)
		row -= 1;
	for (size_t i = 0; i < n; i++) {
		const struct sheet_ringer *r = &m->ringers[i];
		double cx = x + (double)(i / rows) * colw;
		double cy = y + (double)(i % rows) * row;
		double bs = row - 6;
		char hands[256];
		size_t o = 0;

		if (cy + row > bottom)
			break;
		badge(cr, i, cx, cy, bs);
		text_fit(cr, r->name, cx + bs + 5, cy + bs * 0.5, row > 18 ? 8.5 : 7,
		    6, 1, LEFT, colw - bs - 10, ink);
		hands[0] = '\0';
		for (int h = 0; h < 2; h++) {
			o += (size_t)snprintf(hands + o, sizeof hands - o, "%s%s",
			    h ? "   R " : "L ", r->n_hand[h] ? "" : "-");
			for (int k = 0; k < r->n_hand[h] && o < sizeof hands - 20; k++)
				o += (size_t)snprintf(hands + o, sizeof hands - o, "%s%s",
				    k ? " " : "", m->bells[r->hands[h][k]].name);
		}
		text(cr, hands, cx + bs + 5, cy + bs * 0.5 + (row > 18 ? 9 : 7.5),
		    row > 18 ? 7 : 6, 0, LEFT, colw - bs - 10, grey);
	}
	return y + rows * row;
}

/* ---- the cover ----------------------------------------------------- */

static void
count_levels(const struct sheet_model *m, char *buf, size_t len)
{
	static const char *const keys[] = { "experienced", "intermediate",
	    "beginner", "virtual" };
	static const char *const words[] = { "experienced", "intermediate",
	    "beginner", "added" };
	size_t o = 0, n[4] = { 0 };

	for (size_t i = 0; i < m->n_ringers; i++)
		for (int k = 0; k < 4; k++)
			if (m->ringers[i].level != NULL &&
			    strcmp(m->ringers[i].level, keys[k]) == 0)
				n[k]++;
	o += (size_t)snprintf(buf + o, len - o, "%zu ringer%s", m->n_ringers,
	    m->n_ringers == 1 ? "" : "s");
	int first = 1;
	for (int k = 0; k < 4 && o < len; k++) {
		if (n[k] == 0)
			continue;
		o += (size_t)snprintf(buf + o, len - o, "%s%zu %s", first ? " (" :
		    ", ", n[k], words[k]);
		first = 0;
	}
	if (!first && o < len)
		snprintf(buf + o, len - o, ")");
}

/* "Strategy x · Score y / 100 · 8 ringers (...)"; returns the y below. */
static double
cover_summary(cairo_t *cr, const struct sheet_model *m, const char *levels,
    double x, double y, double cw)
{
	char buf[512];
	size_t o = 0;

	buf[0] = '\0';
	if (m->strategy != NULL)
		o += (size_t)snprintf(buf, sizeof buf, "Strategy %s   \xc2\xb7   ",
		    m->strategy);
	if (m->has_score && o < sizeof buf)
		o += (size_t)snprintf(buf + o, sizeof buf - o,
		    "Score %.1f / 100   \xc2\xb7   ", m->score);
	if (o < sizeof buf)
		snprintf(buf + o, sizeof buf - o, "%s", levels);
	if (measure(cr, buf, 10, 0) > cw) {
		/* Too long for one line: the ringers on a line of their own. */
		buf[o >= 8 ? o - 8 : 0] = '\0';  /* the last "   ·   " */
		text(cr, buf, x, y, 10, 0, LEFT, cw, ink);
		y += 14;
		text(cr, levels, x, y, 10, 0, LEFT, cw, ink);
	} else {
		text(cr, buf, x, y, 10, 0, LEFT, cw, ink);
	}
	return y + 18;
}

/*
 * A framed list under a heading: each item wrapped (three lines at
 * most), as many items as max_lines holds, then "and N more" (more:
 * items the model had no room for).  Returns the y below the box.
 */
static double
notes_box(cairo_t *cr, const char *head, const char *const *items, size_t n,
    size_t more, struct rgb edge, double x, double y, double cw,
    int max_lines)
{
	char buf[64];
	size_t shown = 0;
	int lines = 0;

	for (; shown < n; shown++) {
		int k = text_wrap(cr, items[shown], 0, 0, 8.5, cw - 32, 0, 3, 0, ink);
		if (lines + k > max_lines)
			break;
		lines += k;
	}
	size_t left = n - shown + more;
	double box_h = 24 + lines * 12.5 + (left ? 12.5 : 0);

	rounded_rect(cr, x, y, cw, box_h, 4);
	set_rgb(cr, mix(edge, white, 0.9));
	cairo_fill_preserve(cr);
	set_rgb(cr, edge);
	cairo_set_line_width(cr, 1.2);
	cairo_stroke(cr);
	text(cr, head, x + 10, y + 16, 10.5, 1, LEFT, cw - 20, ink);
	double ry = y + 16;
	for (size_t i = 0; i < shown; i++) {
		ry += 12.5;
		text(cr, "\xe2\x80\xa2", x + 12, ry, 8.5, 1, LEFT, 0, ink);
		ry += (text_wrap(cr, items[i], x + 22, ry, 8.5, cw - 32, 12.5, 3, 1,
		    ink) - 1) * 12.5;
	}
	if (left) {
		ry += 12.5;
		snprintf(buf, sizeof buf, "and %zu more", left);
		text(cr, buf, x + 22, ry, 8.5, 0, LEFT, 0, grey);
	}
	return y + box_h + 24;
}

/* The verdict: what a director must read before the score. */
static double
verdict_box(cairo_t *cr, const struct sheet_model *m, double x, double y,
    double cw)
{
	struct rgb edge = m->ringable == 0 ? bad_col :
	    m->n_reasons ? tight_col : mix(palette[2], black, 0.2);
	const char *head = m->ringable == 0 ? "Not ringable as arranged" :
	    m->ringable == 1 && m->n_reasons == 0 ? "Ringable" :
	    m->ringable == 1 ? "Ringable, with notes" :
	    m->n_reasons ? "Read before rehearsal" : "No problems reported";

	return notes_box(cr, head, m->reasons, m->n_reasons, m->n_reasons_more,
	    edge, x, y, cw, 7);
}

/* The room the ringers' key takes below the chart (legend_draw). */
static double
ringer_key_height(const struct sheet_model *m)
{
	size_t n = m->n_ringers;
	double rows = (double)((n + (n <= 8 ? 1 : n <= 30 ? 2 : 3)) /
	    (n <= 8 ? 2 : n <= 30 ? 3 : 4));

	return 30 + rows * (n <= 30 ? 22 : 16);
}

/*
 * What the choir's bell set changed in the music (arrange's choir
 * report): moved, chimed, left out, the octave the bells are named in.
 * Five lines, or as many more (up to 12) as leave the bells-used chart
 * below its largest size: room is the height left under the box.
 */
static double
choir_box(cairo_t *cr, const struct sheet_model *m, double x, double y,
    double cw, double room)
{
	struct bell_chart big = { 0 };
	char head[96];

	bell_chart_plan(m, cw, 1e9, &big);
	double spare = room - big.height - ringer_key_height(m) - 30 - 26;
	int lines = (int)fmin(12, fmax(5, floor((spare - 48) / 12.5)));

	if (m->has_set)
		snprintf(head, sizeof head, "For your bell set (%s to %s)",
		    m->set_lowest, m->set_highest);
	else
		snprintf(head, sizeof head, "For your choir");
	return notes_box(cr, head, m->choir_notes, m->n_choir_notes,
	    m->n_choir_notes_more, palette[4], x, y, cw, lines);
}

/* Heading and the count a director checks against the tables; returns
 * the y where the chart starts. */
static double
bells_heading(cairo_t *cr, const struct sheet_model *m, double x, double y,
    double cw)
{
	char buf[96];

	text(cr, "Bells used", x, y, 13, 1, LEFT, 0, ink);
	/* Handchimes are not handbells: a director counts them apart. */
	if (m->n_chimes)
		snprintf(buf, sizeof buf, "Handbells used: %zu \xc2\xb7 "
		    "Handchimes: %zu", m->n_bells - m->n_chimes, m->n_chimes);
	else
		snprintf(buf, sizeof buf, "Handbells used: %zu", m->n_bells);
	double cwid = measure(cr, buf, 13, 1);
	text(cr, buf, x + cw, y, 13, 1, RIGHT, 0, ink);
	if (m->n_duplicates) {
		snprintf(buf, sizeof buf, "%zu held by two ringers (\xc3\x97""2)  ",
		    m->n_duplicates);
		text(cr, buf, x + cw - cwid, y, 8, 0, RIGHT, 0, grey);
	}
	y += 6;
	text(cr, "As laid on the tables, low to high; sharps and flats behind.",
	    x, y + 10, 7.5, 0, LEFT, 0, grey);
	return y + 20;
}

/* Players the director brought who hold nothing: said, in red. */
static void
unused_players(cairo_t *cr, const struct sheet_model *m, double x, double y,
    double cw, double h)
{
	char buf[512];
	size_t o = (size_t)snprintf(buf, sizeof buf, "%zu of your players "
	    "hold no bells in this arrangement: ", m->n_unused);

	for (size_t i = 0; i < m->n_unused && o < sizeof buf - 8; i++)
		o += (size_t)snprintf(buf + o, sizeof buf - o, "%s%s", i ? ", " :
		    "", m->unused[i]);
	text(cr, buf, x, fmin(y + 14, h - BOTTOM - 6), 8.5, 0, LEFT, cw, bad_col);
}

/* The cover (poster: the bells_used document): title, verdict, the
 * bells-used chart and the ringers' key. */
static void
draw_cover(cairo_t *cr, const struct sheet_model *m,
    const struct sheet_layout *l, size_t page, int poster)
{
	double w = l->width, h = l->height, x = MARGIN, cw = w - 2 * MARGIN;
	double y = TOP + 8;
	char levels[256];
	struct bell_chart c = { 0 };

	text(cr, poster ? "HANDBELLS USED" : "HANDBELL ARRANGEMENT", x, y, 8.5, 1,
	    LEFT, 0, grey);
	y += 26;
	text(cr, m->title, x, y, 24, 1, LEFT, cw, ink);
	y += 20;
	count_levels(m, levels, sizeof levels);
	if (!poster) {
		y = cover_summary(cr, m, levels, x, y, cw);
		y = verdict_box(cr, m, x, y, cw);
		if (m->n_choir_notes > 0)
			y = choir_box(cr, m, x, y - 12, cw, h - BOTTOM - y);
	} else {
		text(cr, levels, x, y, 10, 0, LEFT, cw, ink);
		y += 26;
	}
	y = bells_heading(cr, m, x, y, cw);
	bell_chart_plan(m, cw, h - BOTTOM - y - ringer_key_height(m) -
	    (m->has_choir ? 30 : 0), &c);
	y = bell_chart_draw(cr, m, &c, x + (cw - c.per_row * 7 * c.slot) / 2, y);
	y = marks_key(cr, m, &c, x, y, cw);

	y += 8;
	hline(cr, x, x + cw, y, 0.6, rule);
	y += 16;
	text(cr, "Ringers", x, y, 11, 1, LEFT, 0, ink);
	text(cr, "letter, colour and pattern mark each ringer's bells", x + cw, y,
	    7.5, 0, RIGHT, 0, grey);
	y = legend_draw(cr, m, x, y + 8, cw, h - BOTTOM - (m->n_unused ? 24 : 0));
	if (m->n_unused)
		unused_players(cr, m, x, y, cw, h);
	footer(cr, l, page, h);
}

/* ---- a ringer's pages ---------------------------------------------- */

static const char *const hand_word[3] = { "Left", "Right", "" };

static void
cue_header(cairo_t *cr, double x, double y, double colw)
{
	double c[6];
	static const char *const heads[6] = { "When", "Hand", "Put down",
	    "Pick up", "To change", "" };

	c[0] = x + 2;
	c[1] = x + colw * 0.25;
	c[2] = x + colw * 0.37;
	c[3] = x + colw * 0.51;
	c[4] = x + colw * 0.65;
	c[5] = x + colw * 0.84;
	for (int i = 0; i < 5; i++)
		text(cr, heads[i], c[i], y, 7, 1, LEFT, 0, grey);
	hline(cr, x, x + colw, y + 4, 0.8, ink);
}

static void
cue_row(cairo_t *cr, const struct sheet_model *m, const struct sheet_change *ch,
    double x, double y, double colw, int stripe)
{
	char when[48], gap[32];
	double base = y + CUE_ROW - 4.5;
	double c1 = x + colw * 0.25, c2 = x + colw * 0.37, c3 = x + colw * 0.51,
	    c4 = x + colw * 0.65, c5 = x + colw * 0.84;

	if (ch->impossible || ch->tight || stripe) {
		cairo_rectangle(cr, x, y, colw, CUE_ROW);
		set_rgb(cr, ch->impossible ? mix(bad_col, white, 0.85) :
		    ch->tight ? mix(tight_col, white, 0.82) : faint);
		cairo_fill(cr);
	}
	when_text(m, ch->at, when, sizeof when);
	text_fit(cr, when, x + 2, base, 8.5, 7, 1, LEFT, c1 - x - 4, ink);
	text(cr, hand_word[ch->hand], c1, base, 8.5, 0, LEFT, c2 - c1 - 2, ink);
	text(cr, ch->put_down >= 0 ? m->bells[ch->put_down].name : "-", c2, base,
	    8.5, 1, LEFT, c3 - c2 - 2, ink);
	text(cr, ch->pick_up >= 0 ? m->bells[ch->pick_up].name : "-", c3, base,
	    8.5, 1, LEFT, c4 - c3 - 2, ink);
	gap_text(ch, gap, sizeof gap);
	text_fit(cr, gap, c4, base, 8.5, 7, 0, LEFT, c5 - c4 - 2, ink);
	if (ch->impossible)
		tag(cr, "TOO FAST", c5, base, 6.5, bad_col, white);
	else if (ch->tight)
		tag(cr, "TIGHT", c5, base, 6.5, tight_col, ink);
}

/* The bells of one hand, as discs in a box. */
static void
hand_box(cairo_t *cr, const struct sheet_model *m, const struct sheet_ringer *r,
    size_t ri, int hand, double x, double y, double w, double h)
{
	char buf[64];

	rounded_rect(cr, x, y, w, h, 5);
	set_rgb(cr, white);
	cairo_fill_preserve(cr);
	set_rgb(cr, rule);
	cairo_set_line_width(cr, 0.8);
	cairo_stroke(cr);
	text(cr, hand ? "RIGHT HAND" : "LEFT HAND", x + 10, y + 14, 8, 1, LEFT, 0,
	    grey);
	int n = r->n_hand[hand];
	if (n == 0) {
		text(cr, "no bells", x + 10, y + h / 2 + 6, 10, 0, LEFT, 0, grey);
		return;
	}
	double d = fmin(38.0, (w - 20) / n - 6);
	d = fmax(d, 16.0);
	for (int k = 0; k < n; k++) {
		double cx = x + 10 + d / 2 + k * (d + 6);
		if (cx + d / 2 > x + w - 4)
			break;
		bell_disc(cr, &m->bells[r->hands[hand][k]], (long)ri, cx,
		    y + 22 + d / 2, d);
	}
	if (r->first_bell[hand] >= 0 && n > 1) {
		snprintf(buf, sizeof buf, "Start with %s",
		    m->bells[r->first_bell[hand]].name);
		text(cr, buf, x + 10, y + h - 8, 7.5, 0, LEFT, w - 20, grey);
	}
}

static void glance(cairo_t *cr, const struct sheet_model *m,
    const struct sheet_layout *l, size_t ri, double y);

/* The ringer's badge, name, level and position; returns the y below. */
static double
ringer_title(cairo_t *cr, const struct sheet_model *m,
    const struct sheet_layout *l, size_t ri, double x, double y, double cw)
{
	const struct sheet_ringer *r = &m->ringers[ri];
	char buf[512];
	size_t o = 0;

	snprintf(buf, sizeof buf, "Ringer %zu of %zu", ri + 1, m->n_ringers);
	running_header(cr, m, l, buf);
	y += 8;
	badge(cr, ri, x, y, 44);
	text(cr, r->name, x + 56, y + 22, 22, 1, LEFT, cw - 56, ink);
	buf[0] = '\0';
	if (level_words(r->level) != NULL)
		o += (size_t)snprintf(buf, sizeof buf, "%s", level_words(r->level));
	if (r->position != NULL && o < sizeof buf)
		snprintf(buf + o, sizeof buf - o, "%sPosition %s",
		    o ? "   \xc2\xb7   " : "", r->position);
	text(cr, buf, x + 56, y + 39, 10, 0, LEFT, cw - 56, grey);
	return y + 56;
}

/* Does the ringer hold a handchime (drawn square)? */
static int
holds_chime(const struct sheet_model *m, const struct sheet_ringer *r)
{
	for (int h = 0; h < 2; h++)
		for (int k = 0; k < r->n_hand[h]; k++)
			if (m->bells[r->hands[h][k]].chime)
				return 1;
	for (int k = 0; k < r->n_other; k++)
		if (m->bells[r->other[k]].chime)
			return 1;
	return 0;
}

/* Their bells as laid on the table, low to high; returns the y below. */
static double
table_strip(cairo_t *cr, const struct sheet_model *m, size_t ri, double x,
    double y, double cw)
{
	const struct sheet_ringer *r = &m->ringers[ri];
	int all[3 * SHEET_MAX_HAND], hand_of[3 * SHEET_MAX_HAND], n = 0;

	text(cr, holds_chime(m, r) ? "On your table, low to high (square: a "
	    "handchime)" : "On your table, low to high", x, y, 9, 1, LEFT, 0, ink);
	for (int hh = 0; hh < 2; hh++)
		for (int k = 0; k < r->n_hand[hh]; k++)
			all[n] = r->hands[hh][k], hand_of[n++] = hh;
	for (int k = 0; k < r->n_other; k++)
		all[n] = r->other[k], hand_of[n++] = HAND_NONE;
	for (int i = 1; i < n; i++)  /* insertion sort by bell order */
		for (int j = i; j > 0 && all[j - 1] > all[j]; j--) {
			int t = all[j]; all[j] = all[j - 1]; all[j - 1] = t;
			t = hand_of[j]; hand_of[j] = hand_of[j - 1]; hand_of[j - 1] = t;
		}
	double d = fmin(28.0, cw / (n ? n : 1) - 8);
	d = fmax(d, 14.0);
	hline(cr, x, x + cw, y + 12 + d + 2, 1.5, rule);  /* the table edge */
	for (int k = 0; k < n; k++) {
		double cx = x + d / 2 + 4 + k * (d + 8);
		if (cx + d / 2 > x + cw)
			break;
		bell_disc(cr, &m->bells[all[k]], (long)ri, cx, y + 8 + d / 2, d);
		text(cr, hand_of[k] == HAND_NONE ? "" : hand_of[k] ? "R" : "L",
		    cx, y + 12 + d + 12, 7.5, 1, CENTRE, 0, grey);
	}
	return y + 12 + d + 28;
}

/* What the piece asks of them, and the cue list's heading. */
static void
ringer_counts(cairo_t *cr, const struct sheet_model *m,
    const struct sheet_ringer *r, double x, double y, double cw)
{
	char buf[512];
	size_t o;

	o = (size_t)snprintf(buf, sizeof buf, "%zu rings   \xc2\xb7   %zu "
	    "change%s", r->n_rings, r->n_changes, r->n_changes == 1 ? "" : "s");
	if ((r->n_tight || r->n_impossible) && o < sizeof buf)
		o += (size_t)snprintf(buf + o, sizeof buf - o,
		    " (%zu tight, %zu too fast)", r->n_tight, r->n_impossible);
	if (r->swaps >= 0 && o < sizeof buf)
		snprintf(buf + o, sizeof buf - o, "   \xc2\xb7   %ld swap%s "
		    "counted by the engine", r->swaps, r->swaps == 1 ? "" : "s");
	if (!m->has_simulation)
		snprintf(buf, sizeof buf, "No simulation was given: the cue list "
		    "needs the arrangement as arrange returns it.");
	text(cr, buf, x, y, 9, 0, LEFT, cw, ink);
	y += 8;
	hline(cr, x, x + cw, y, 0.6, rule);
	y += 18;
	text(cr, "Changes", x, y, 12, 1, LEFT, 0, ink);
	text(cr, m->n_bars ? "measure and beat of the put-down; time to "
	    "change in beats" : m->has_measures ? "measure and beat of the "
	    "put-down; time to change in seconds" : "minutes:seconds from "
	    "the start; time to change in seconds", x + cw, y, 7.5, 0, RIGHT,
	    0, grey);
}

/* The ringer's first page above the cue list: hands, table, counts. */
static void
ringer_first_page(cairo_t *cr, const struct sheet_model *m, size_t ri,
    double x, double y, double cw)
{
	const struct sheet_ringer *r = &m->ringers[ri];
	double bw = (cw - 12) / 2, bh = 82;

	hand_box(cr, m, r, ri, HAND_LEFT, x, y, bw, bh);
	hand_box(cr, m, r, ri, HAND_RIGHT, x + bw + 12, y, bw, bh);
	y = table_strip(cr, m, ri, x, y + bh + 20, cw);
	ringer_counts(cr, m, r, x, y, cw);
}

/* The page's part of the cue list from top; returns the y below it. */
static double
cue_list(cairo_t *cr, const struct sheet_model *m, const struct sheet_page *pg,
    double x, double top, double cw, double h)
{
	const struct sheet_ringer *r = &m->ringers[pg->ringer];
	double colw = pg->columns == 2 ? (cw - 16) / 2 : cw;
	size_t rows = (size_t)floor((h - BOTTOM - top - 10) / CUE_ROW);
	char buf[96];

	for (int col = 0; col < pg->columns; col++)
		cue_header(cr, x + col * (colw + 16), top, colw);
	for (size_t i = 0; i < pg->n_changes; i++) {
		size_t col = i / rows, row = i % rows;
		cue_row(cr, m, &r->changes[pg->first_change + i],
		    x + (double)col * (colw + 16), top + 6 + (double)row * CUE_ROW,
		    colw, row % 2 == 1);
	}
	if (pg->n_hidden) {
		snprintf(buf, sizeof buf, "and %zu more changes: see the ringing "
		    "chart", pg->n_hidden);
		text(cr, buf, x + cw, h - BOTTOM + 2, 8.5, 1, RIGHT, 0, bad_col);
	}
	return top + 6 + (double)(pg->n_changes < rows ? pg->n_changes : rows) *
	    CUE_ROW;
}

/* A ringer's page: the first (hands, table, cues) or the continued one. */
static void
draw_ringer(cairo_t *cr, const struct sheet_model *m,
    const struct sheet_layout *l, size_t page)
{
	const struct sheet_page *pg = &l->pages[page];
	const struct sheet_ringer *r = &m->ringers[pg->ringer];
	double h = l->height, x = MARGIN, cw = l->width - 2 * MARGIN;
	double y = ringer_title(cr, m, l, pg->ringer, x, TOP, cw);
	double top = pg->part == 0 ? CUE_TOP1 : CUE_TOP2;

	if (pg->part == 0)
		ringer_first_page(cr, m, pg->ringer, x, y, cw);
	else
		text(cr, "Changes (continued)", x, top - 16, 12, 1, LEFT, 0, ink);
	if (m->has_simulation && r->n_changes == 0 && pg->part == 0) {
		text(cr, "No changes: keep the same bells for the whole piece.", x,
		    top + 12, 10, 0, LEFT, 0, ink);
	}
	double used = top + 14;  /* below the cue list */
	if (pg->n_changes > 0)
		used = cue_list(cr, m, pg, x, top, cw, h);
	/* Where the room is, the whole piece at a glance for this ringer. */
	if (pg->part == 0 && m->has_simulation && m->duration_ms > 0 &&
	    h - BOTTOM - used > GLANCE_H + 24)
		glance(cr, m, l, pg->ringer, h - BOTTOM - GLANCE_H);
	footer(cr, l, page, h);
}

/* ---- the ringing chart --------------------------------------------- */

/* Time at the left and the right edge of a system. */
static double
sys_t0(const struct sheet_layout *l, size_t system)
{
	return l->sys_t[system];
}

static double
sys_t1(const struct sheet_layout *l, size_t system)
{
	return l->sys_t[system + 1];
}

/*
 * Systems of whole measures are stretched to the full width (as music
 * is justified); a last system much shorter than the others keeps the
 * others' scale (a short last line, as in engraving).
 */
static double
chart_x(const struct sheet_layout *l, double t_ms, size_t system)
{
	double x0 = MARGIN + LABEL_W, x1 = l->width - MARGIN;
	double w = sys_t1(l, system) - sys_t0(l, system);

	if (system + 1 == l->n_systems && w < 0.75 * l->span_ms)
		w = l->span_ms;
	if (w <= 0)
		w = 1;
	return x0 + (t_ms - sys_t0(l, system)) / w * (x1 - x0);
}

/* Top of system k of a chart page. */
static double
system_top(const struct sheet_layout *l, size_t k)
{
	return CHART_TOP + (double)k * l->system_h;
}

static void
chart_legend(cairo_t *cr, double x, double y)
{
	struct rgb s = ringer_shade(0);

	cairo_rectangle(cr, x, y - 5, 14, 4);
	set_rgb(cr, mix(s, white, 0.3));
	cairo_fill(cr);
	x += 18;
	x += text(cr, "a ring, for its length", x, y, 7.5, 0, LEFT, 0, grey) + 12;
	cairo_rectangle(cr, x, y - 8, 14, 9);
	set_rgb(cr, ringer_tint(0));
	cairo_fill(cr);
	x += 18;
	x += text(cr, "the bell in that hand", x, y, 7.5, 0, LEFT, 0, grey) + 12;
	cairo_move_to(cr, x, y - 7);
	cairo_line_to(cr, x + 3.5, y);
	cairo_line_to(cr, x + 7, y - 7);
	cairo_close_path(cr);
	set_rgb(cr, ink);
	cairo_fill(cr);
	x += 10;
	x += text(cr, "put down", x, y, 7.5, 0, LEFT, 0, grey) + 10;
	cairo_move_to(cr, x, y);
	cairo_line_to(cr, x + 3.5, y - 7);
	cairo_line_to(cr, x + 7, y);
	cairo_close_path(cr);
	set_rgb(cr, ink);
	cairo_fill(cr);
	x += 10;
	x += text(cr, "pick up", x, y, 7.5, 0, LEFT, 0, grey) + 12;
	x += tag(cr, "T", x, y, 6.5, tight_col, ink) + 3;
	x += text(cr, "tight", x, y, 7.5, 0, LEFT, 0, grey) + 10;
	x += tag(cr, "!", x, y, 6.5, bad_col, white) + 3;
	text(cr, "too fast", x, y, 7.5, 0, LEFT, 0, grey);
}

/*
 * The ruler above a system.  With the song's measures: a bar line through
 * the lanes at each measure, its number above, a tick for each beat.
 * Without: seconds, labelled every five.
 */
static void
ruler(cairo_t *cr, const struct sheet_layout *l, size_t system, double y,
    double lanes_h)
{
	const struct sheet_model *m = l->model;
	double t0 = sys_t0(l, system), t1 = sys_t1(l, system);

	if (m != NULL && m->n_bars > 0) {
		char buf[32];
		long s = (long)floor(t0 / 1000 + 0.5);
		snprintf(buf, sizeof buf, "%ld:%02ld", s / 60, s % 60);
		text(cr, buf, MARGIN + LABEL_W - 4, y + RULER_H - 8, 6.5, 0, RIGHT, 0,
		    grey);
		for (size_t i = 0; i < m->n_bars; i++) {
			const struct sheet_bar *b = &m->bars[i];
			if (b->ms < t0 - 0.5 || b->ms >= t1 - 0.5)
				continue;
			double x = chart_x(l, b->ms, system);
			snprintf(buf, sizeof buf, "%d", b->number);
			/* The final bar line closes the piece: no number. */
			if (b->ms < m->duration_ms - 1)
				text(cr, buf, x + 1.5, y + RULER_H - 7, 7, 1, LEFT, 0, ink);
			cairo_move_to(cr, x, y + RULER_H - 9);
			cairo_line_to(cr, x, y + RULER_H + lanes_h);
			cairo_set_line_width(cr, 0.7);
			set_rgb(cr, grey);
			cairo_stroke(cr);
			double end = i + 1 < m->n_bars ? m->bars[i + 1].ms :
			    b->ms + b->beats * b->beat_ms;
			for (int k = 1; k < b->beats && b->beat_ms > 0; k++) {
				double tb = b->ms + k * b->beat_ms;
				if (tb >= end - 0.5 || tb >= t1)
					break;
				double xb = chart_x(l, tb, system);
				cairo_move_to(cr, xb, y + RULER_H - 3);
				cairo_line_to(cr, xb, y + RULER_H);
				cairo_set_line_width(cr, 0.5);
				set_rgb(cr, grey);
				cairo_stroke(cr);
			}
		}
		return;
	}
	for (double t = t0; t <= t1 + 1; t += 1000) {
		double x = chart_x(l, t, system);
		long s = (long)floor(t / 1000 + 0.5);
		int major = s % 5 == 0;
		cairo_move_to(cr, x, y + RULER_H - (major ? 6 : 3));
		cairo_line_to(cr, x, y + RULER_H);
		cairo_set_line_width(cr, 0.6);
		set_rgb(cr, grey);
		cairo_stroke(cr);
		if (major) {
			char buf[32];
			snprintf(buf, sizeof buf, "%ld:%02ld", s / 60, s % 60);
			text(cr, buf, x, y + RULER_H - 8, 6.5, 0, CENTRE, 0, grey);
			cairo_move_to(cr, x, y + RULER_H);
			cairo_line_to(cr, x, y + RULER_H + lanes_h);
			cairo_set_line_width(cr, 0.4);
			set_rgb(cr, rule);
			cairo_stroke(cr);
		}
	}
}

/* A put-down (down) or pick-up (up) mark at x on a lane's top edge. */
static void
change_mark(cairo_t *cr, double x, double y, int down, struct rgb c)
{
	if (down) {
		cairo_move_to(cr, x - 3, y);
		cairo_line_to(cr, x + 3, y);
		cairo_line_to(cr, x, y + 4.5);
	} else {
		cairo_move_to(cr, x - 3, y + 4.5);
		cairo_line_to(cr, x + 3, y + 4.5);
		cairo_line_to(cr, x, y);
	}
	cairo_close_path(cr);
	set_rgb(cr, c);
	cairo_fill(cr);
}

/* A lane: one hand of one ringer over one system, from y. */
struct lane {
	const struct sheet_model *m;
	const struct sheet_layout *l;
	size_t ri, system;
	enum sheet_hand hand;
	double t0, t1, y;
};

/*
 * The held bell as a light band from `from` to `until`, named where it
 * starts (or the system does) when that is past the last name; a band
 * too short for a name gets none, not an ellipsis.  Returns where the
 * name ends (label_end when none is drawn).
 */
static double
held_band(cairo_t *cr, const struct lane *ln, int held, double from,
    double until, double label_end)
{
	double lh = ln->l->lane_h;
	double a = fmax(from, ln->t0), b = fmin(until, ln->t1);
	double xa = chart_x(ln->l, a, ln->system), xb = chart_x(ln->l, b,
	    ln->system);

	cairo_rectangle(cr, xa, ln->y + 0.5, fmax(xb - xa, 0.5), lh - 1);
	set_rgb(cr, ringer_tint(ln->ri));
	cairo_fill(cr);
	if (xa < label_end || xb - xa <= 12)
		return label_end;
	double tw = text(cr, ln->m->bells[held].name, xa + (a > ln->t0 ? 4 : 1.5),
	    ln->y + lh * 0.5, fmin(lh * 0.5, 6.5), 1, LEFT, fmax(xb - xa - 2, 0),
	    ink);
	return xa + tw + 4;
}

/* The bells the hand holds, as bands: from pick-up (or the first ring)
 * to put-down (or the end). */
static void
lane_bands(cairo_t *cr, const struct lane *ln)
{
	const struct sheet_ringer *r = &ln->m->ringers[ln->ri];
	double label_end = -1e9, span_from = 0;
	int held = r->first_bell[ln->hand];

	/* A hand whose first event is a pick-up starts empty. */
	for (size_t i = 0; i < r->n_events; i++)
		if (r->events[i].hand == ln->hand) {
			if (r->events[i].type == SEV_PICK_UP)
				held = -1;
			break;
		}
	for (size_t i = 0; i <= r->n_events; i++) {
		const struct sheet_event *e = i < r->n_events ? &r->events[i] : NULL;
		if (e != NULL && (e->hand != ln->hand || e->type == SEV_RING)) {
			if (e->hand == ln->hand && e->type == SEV_RING && held < 0) {
				held = e->bell;
				span_from = e->t_ms;
			}
			continue;
		}
		double until = e != NULL ? e->t_ms : ln->m->duration_ms;
		if (held >= 0 && until > ln->t0 && span_from < ln->t1)
			label_end = held_band(cr, ln, held, span_from, until,
			    label_end);
		if (e == NULL)
			break;
		held = e->type == SEV_PUT_DOWN ? -1 : e->bell;
		span_from = e->t_ms;
	}
}

/* Each ring as a bar of its length over the bands. */
static void
lane_rings(cairo_t *cr, const struct lane *ln)
{
	const struct sheet_ringer *r = &ln->m->ringers[ln->ri];
	double lh = ln->l->lane_h, bar_h = lh * 0.42;
	double bar_y = ln->y + lh - 1 - bar_h;

	for (size_t i = 0; i < r->n_events; i++) {
		const struct sheet_event *e = &r->events[i];
		if (e->hand != ln->hand || e->type != SEV_RING)
			continue;
		double a = e->t_ms, b = e->t_ms + e->dur_ms;
		if (b < ln->t0 || a >= ln->t1)
			continue;
		double xa = chart_x(ln->l, fmax(a, ln->t0), ln->system);
		double xb = chart_x(ln->l, fmin(b, ln->t1), ln->system);
		cairo_rectangle(cr, xa, bar_y, fmax(xb - xa - 0.6, 1.2), bar_h);
		/* A ring carried over from the system before is drawn lighter, so
		 * that each ring event is exactly one mark of the ring shade. */
		set_rgb(cr, a < ln->t0 ? mix(ringer_shade(ln->ri), white, 0.45) :
		    ringer_shade(ln->ri));
		cairo_fill(cr);
	}
}

/* Put-downs and pick-ups on the lane's top edge; tight and too fast. */
static void
lane_changes(cairo_t *cr, const struct lane *ln)
{
	const struct sheet_ringer *r = &ln->m->ringers[ln->ri];
	double lh = ln->l->lane_h;

	for (size_t i = 0; i < r->n_changes; i++) {
		const struct sheet_change *c = &r->changes[i];
		if (c->hand != ln->hand)
			continue;
		double td = c->at->t_ms, tu = c->at->type == SEV_PUT_DOWN &&
		    c->gap_ms >= 0 ? td + c->gap_ms : td;
		int down_here = td >= ln->t0 && td < ln->t1;
		struct rgb col = c->impossible ? bad_col : c->tight ? tight_col : ink;
		if (c->put_down >= 0 && down_here)
			change_mark(cr, chart_x(ln->l, td, ln->system), ln->y, 1, col);
		if (c->pick_up >= 0 && tu >= ln->t0 && tu < ln->t1)
			change_mark(cr, chart_x(ln->l, tu, ln->system), ln->y, 0, col);
		if ((c->tight || c->impossible) && down_here)
			tag(cr, c->impossible ? "!" : "T", chart_x(ln->l, td,
			    ln->system) + 3, ln->y + lh * 0.62, fmin(lh * 0.5, 6), col,
			    c->impossible ? white : ink);
	}
}

/* One hand of one ringer over one system: bands, rings, changes. */
static void
hand_lane(cairo_t *cr, const struct sheet_model *m, const struct sheet_layout *l,
    size_t ri, enum sheet_hand hand, size_t system, double y)
{
	struct lane ln = { m, l, ri, system, hand, sys_t0(l, system),
	    sys_t1(l, system), y };

	lane_bands(cr, &ln);
	lane_rings(cr, &ln);
	lane_changes(cr, &ln);
}

/*
 * One ringer's two lanes over the whole piece in one line (the chart's
 * drawing at another scale), with minute marks: where the busy passages
 * and the changes are.
 */
static void
glance(cairo_t *cr, const struct sheet_model *m, const struct sheet_layout *l,
    size_t ri, double y)
{
	struct sheet_layout one = *l;
	double x = MARGIN, step, bounds[2];
	char buf[32];

	one.span_ms = ceil(m->duration_ms / 1000) * 1000;
	bounds[0] = 0;
	bounds[1] = one.span_ms;
	one.sys_t = bounds;
	one.n_systems = 1;
	one.lane_h = 12;
	text(cr, "Your part at a glance", x, y + 8, 9, 1, LEFT, 0, ink);
	y += 16;
	step = one.span_ms > 600000 ? 120000 : one.span_ms > 240000 ? 60000 :
	    one.span_ms > 60000 ? 15000 : 5000;
	for (double t = 0; t <= one.span_ms + 1; t += step) {
		double tx = chart_x(&one, t, 0);
		long sec = (long)(t / 1000);
		snprintf(buf, sizeof buf, "%ld:%02ld", sec / 60, sec % 60);
		text(cr, buf, tx, y + 6, 6.5, 0, CENTRE, 0, grey);
		cairo_move_to(cr, tx, y + 8);
		cairo_line_to(cr, tx, y + 10 + 2 * one.lane_h);
		cairo_set_line_width(cr, 0.4);
		set_rgb(cr, rule);
		cairo_stroke(cr);
	}
	y += 10;
	text(cr, "L", x + LABEL_W - 4, y + one.lane_h * 0.72, 6, 1, RIGHT, 0, grey);
	text(cr, "R", x + LABEL_W - 4, y + one.lane_h * 1.72, 6, 1, RIGHT, 0, grey);
	hand_lane(cr, m, &one, ri, HAND_LEFT, 0, y);
	hand_lane(cr, m, &one, ri, HAND_RIGHT, 0, y + one.lane_h);
	cairo_rectangle(cr, chart_x(&one, 0, 0), y, chart_x(&one, one.span_ms, 0) -
	    chart_x(&one, 0, 0), 2 * one.lane_h);
	set_rgb(cr, grey);
	cairo_set_line_width(cr, 0.6);
	cairo_stroke(cr);
}

static void
draw_chart(cairo_t *cr, const struct sheet_model *m,
    const struct sheet_layout *l, size_t page)
{
	const struct sheet_page *pg = &l->pages[page];
	double w = l->width, x = MARGIN;
	size_t r0 = pg->group * l->ringers_per_group;
	size_t r1 = r0 + l->ringers_per_group;
	char buf[128];

	if (r1 > m->n_ringers)
		r1 = m->n_ringers;
	if (l->n_groups > 1)
		snprintf(buf, sizeof buf, "Ringing chart, ringers %zu-%zu", r0 + 1, r1);
	else
		snprintf(buf, sizeof buf, "Ringing chart");
	running_header(cr, m, l, buf);
	text(cr, buf, x, TOP + 16, 14, 1, LEFT, 0, ink);
	chart_legend(cr, x, TOP + 36);

	double ring_h = 2 * l->lane_h + RINGER_GAP;
	for (size_t k = 0; k < pg->n_systems; k++) {
		size_t sys = pg->first_system + k;
		double y = system_top(l, k);
		double lanes_h = (double)(r1 - r0) * ring_h;
		ruler(cr, l, sys, y, lanes_h);
		y += RULER_H;
		for (size_t ri = r0; ri < r1; ri++) {
			const struct sheet_ringer *r = &m->ringers[ri];
			double ly = y + (double)(ri - r0) * ring_h;
			if ((ri - r0) % 2 == 1) {
				cairo_rectangle(cr, x, ly, w - 2 * MARGIN, 2 * l->lane_h);
				set_rgb(cr, mix(faint, white, 0.4));
				cairo_fill(cr);
			}
			double bs = fmin(2 * l->lane_h - 4, 14);
			badge(cr, ri, x, ly + (2 * l->lane_h - bs) / 2, bs);
			text_fit(cr, r->name, x + bs + 4, ly + l->lane_h + 3, 7.5, 5.5, 1,
			    LEFT, LABEL_W - bs - 18, ink);
			text(cr, "L", x + LABEL_W - 4, ly + l->lane_h * 0.72, 6, 1, RIGHT,
			    0, grey);
			text(cr, "R", x + LABEL_W - 4, ly + l->lane_h * 1.72, 6, 1, RIGHT,
			    0, grey);
			hand_lane(cr, m, l, ri, HAND_LEFT, sys, ly);
			hand_lane(cr, m, l, ri, HAND_RIGHT, sys, ly + l->lane_h);
		}
		/* The system's frame. */
		double fx0 = chart_x(l, sys_t0(l, sys), sys);
		cairo_rectangle(cr, fx0, y, chart_x(l, sys_t1(l, sys), sys) - fx0,
		    lanes_h);
		set_rgb(cr, grey);
		cairo_set_line_width(cr, 0.6);
		cairo_stroke(cr);
		/* Where the piece ends inside the system. */
		if (m->duration_ms < sys_t1(l, sys)) {
			double xe = chart_x(l, m->duration_ms, sys);
			cairo_move_to(cr, xe, y);
			cairo_line_to(cr, xe, y + lanes_h);
			cairo_set_line_width(cr, 1.6);
			set_rgb(cr, ink);
			cairo_stroke(cr);
			text(cr, "end", xe + 3, y + 8, 7, 1, LEFT, 0, ink);
		}
	}
	footer(cr, l, page, pg->height);
}

/* ---- layout -------------------------------------------------------- */

static int
add_page(struct sheet_layout *l, size_t *cap, const struct sheet_page *p)
{
	if (grow_array((void **)&l->pages, cap, l->n_pages + 1,
	    sizeof *l->pages) < 0)
		return -1;
	l->pages[l->n_pages++] = *p;
	return 0;
}

/* A ringer's one or two pages: the rule the tests check. */
static int
ringer_pages(const struct sheet_model *m, struct sheet_layout *l, size_t *cap,
    size_t ri)
{
	const struct sheet_ringer *r = &m->ringers[ri];
	size_t rows1 = (size_t)floor((l->height - BOTTOM - CUE_TOP1 - 10) / CUE_ROW);
	size_t rows2 = (size_t)floor((l->height - BOTTOM - CUE_TOP2 - 10) / CUE_ROW);
	size_t n = r->n_changes;
	struct sheet_page p = { .kind = PAGE_RINGER, .height = l->height,
	    .ringer = ri, .columns = n > rows1 ? 2 : 1 };

	p.n_changes = n < 2 * rows1 ? n : 2 * rows1;
	if (add_page(l, cap, &p) < 0)
		return -1;
	if (n <= 2 * rows1)
		return 0;
	p.part = 1;
	p.first_change = 2 * rows1;
	p.n_changes = n - 2 * rows1;
	if (p.n_changes > 2 * rows2) {
		p.n_changes = 2 * rows2 - 1;  /* the last row says how many more */
		p.n_hidden = n - p.first_change - p.n_changes;
	}
	p.columns = 2;
	return add_page(l, cap, &p);
}

/*
 * The chart's scale and lanes.  Time: a whole number of 5 s per system,
 * at least MIN_PT_PER_S points a second.  Lanes: on paper, as many
 * systems a page as keep a hand's lane at least 10.5 pt tall (bell names
 * 5.25 pt), at most 14 pt; when even one system a page would need lanes
 * under 9 pt, the ringers are split into groups, each on its own pages.
 * The long image (SVG, PNG) has every ringer in one system, 12 pt lanes.
 */
/*
 * The systems' boundaries: with bars, as many whole measures as fit in
 * span_ms (one at least); without, span_ms each.  Returns 0 or -1.
 */
static int
chart_systems(const struct sheet_model *m, struct sheet_layout *l)
{
	double end = fmax(m->duration_ms, 1);
	size_t n = 0, cap;

	if (m->n_bars == 0) {
		l->n_systems = (size_t)ceil(end / l->span_ms);
		l->sys_t = malloc((l->n_systems + 1) * sizeof *l->sys_t);
		if (l->sys_t == NULL)
			return -1;
		for (size_t k = 0; k <= l->n_systems; k++)
			l->sys_t[k] = (double)k * l->span_ms;
		return 0;
	}
	cap = m->n_bars + 2;
	l->sys_t = malloc(cap * sizeof *l->sys_t);
	if (l->sys_t == NULL)
		return -1;
	/* Measure i spans [bars[i].ms, its end); the last ends a full
	 * measure after its start. */
	size_t i = 0;
	l->sys_t[n++] = fmin(m->bars[0].ms, 0);
	while (i < m->n_bars) {
		double from = l->sys_t[n - 1], to;
		size_t j = i;
		do {
			to = j + 1 < m->n_bars ? m->bars[j + 1].ms :
			    m->bars[j].ms + fmax(m->bars[j].beats * m->bars[j].beat_ms, 1);
			j++;
		} while (j < m->n_bars &&
		    (j + 1 < m->n_bars ? m->bars[j + 1].ms : m->bars[j].ms +
		    m->bars[j].beats * m->bars[j].beat_ms) - from <= l->span_ms);
		l->sys_t[n++] = fmax(to, from + 1);
		i = j;
		if (to >= end)
			break;
	}
	if (l->sys_t[n - 1] < end)
		l->sys_t[n - 1] = end;  /* notes past the last bar the meter knows */
	l->n_systems = n - 1;
	return 0;
}

static int
chart_plan(const struct sheet_model *m, struct sheet_layout *l, int long_chart)
{
	double pw = l->width - 2 * MARGIN - LABEL_W;
	double avail = l->height - BOTTOM - CHART_TOP;
	double span_s = 5 * floor(pw / MIN_PT_PER_S / 5);
	size_t n = m->n_ringers ? m->n_ringers : 1;
	double per = 2 * 9 + RINGER_GAP;

	l->span_ms = (span_s < 5 ? 5 : span_s) * 1000;
	if (chart_systems(m, l) < 0)
		return -1;
	l->lane_h = 12;
	l->ringers_per_group = n;
	if (!long_chart) {
		size_t kmax = l->n_systems < 8 ? l->n_systems : 8;
		double lh = 0;
		for (size_t k = kmax; k >= 1; k--) {
			lh = ((avail / (double)k - RULER_H - SYSTEM_GAP) / (double)n -
			    RINGER_GAP) / 2;
			if (lh >= 10.5 || k == 1)
				break;
		}
		l->lane_h = fmin(fmax(lh, 9), 14);
		per = 2 * l->lane_h + RINGER_GAP;
		l->ringers_per_group = (size_t)floor((avail - RULER_H - SYSTEM_GAP) /
		    per);
		if (l->ringers_per_group > n)
			l->ringers_per_group = n;
		if (l->ringers_per_group < 1)
			l->ringers_per_group = 1;
	}
	l->n_groups = (n + l->ringers_per_group - 1) / l->ringers_per_group;
	l->system_h = RULER_H + (double)l->ringers_per_group *
	    (2 * l->lane_h + RINGER_GAP) + SYSTEM_GAP;
	return 0;
}

static int
chart_pages(const struct sheet_model *m, struct sheet_layout *l, size_t *cap,
    int long_chart)
{
	double avail = l->height - BOTTOM - CHART_TOP;
	size_t per_page = (size_t)floor(avail / l->system_h);

	if (per_page < 1)
		per_page = 1;
	(void)m;
	for (size_t g = 0; g < l->n_groups; g++) {
		if (long_chart) {
			struct sheet_page p = { .kind = PAGE_CHART, .group = g,
			    .first_system = 0, .n_systems = l->n_systems,
			    .height = CHART_TOP + (double)l->n_systems * l->system_h +
			    BOTTOM };
			if (add_page(l, cap, &p) < 0)
				return -1;
			continue;
		}
		for (size_t s = 0; s < l->n_systems; s += per_page) {
			struct sheet_page p = { .kind = PAGE_CHART, .group = g,
			    .first_system = s, .height = l->height,
			    .n_systems = l->n_systems - s < per_page ?
			    l->n_systems - s : per_page };
			if (add_page(l, cap, &p) < 0)
				return -1;
		}
	}
	return 0;
}

int
sheet_layout_build(const struct sheet_model *m, enum sheet_document doc,
    double width, double height, int long_chart, struct sheet_layout *l)
{
	size_t cap = 0;

	memset(l, 0, sizeof *l);
	l->width = width;
	l->height = height;
	l->model = m;
	if (chart_plan(m, l, long_chart) < 0)
		goto fail;
	if (doc == SHEET_DOC_BELLS_USED || doc == SHEET_DOC_SHEETS) {
		struct sheet_page p = { .kind = doc == SHEET_DOC_SHEETS ? PAGE_COVER :
		    PAGE_BELLS, .height = height };
		if (add_page(l, &cap, &p) < 0)
			goto fail;
	}
	if (doc == SHEET_DOC_SHEETS)
		for (size_t i = 0; i < m->n_ringers; i++)
			if (ringer_pages(m, l, &cap, i) < 0)
				goto fail;
	if ((doc == SHEET_DOC_SHEETS || doc == SHEET_DOC_CHART) &&
	    m->has_simulation && chart_pages(m, l, &cap, long_chart) < 0)
		goto fail;
	return 0;
fail:
	sheet_layout_free(l);
	return -1;
}

void
sheet_layout_free(struct sheet_layout *l)
{
	free(l->pages);
	free(l->sys_t);
	*l = (struct sheet_layout){ .pages = NULL };
}

void
sheet_draw_page(cairo_t *cr, const struct sheet_model *m,
    const struct sheet_layout *l, size_t page)
{
	const struct sheet_page *pg = &l->pages[page];

	cairo_save(cr);
	cairo_rectangle(cr, 0, 0, l->width, pg->height);
	set_rgb(cr, white);
	cairo_fill(cr);
	cairo_set_line_join(cr, CAIRO_LINE_JOIN_ROUND);
	switch (pg->kind) {
	case PAGE_COVER:
		draw_cover(cr, m, l, page, 0);
		break;
	case PAGE_BELLS:
		draw_cover(cr, m, l, page, 1);
		break;
	case PAGE_RINGER:
		draw_ringer(cr, m, l, page);
		break;
	case PAGE_CHART:
		draw_chart(cr, m, l, page);
		break;
	}
	cairo_restore(cr);
}

int
sheet_chart_locate(const struct sheet_model *m, const struct sheet_layout *l,
    size_t r, int hand, double t_ms, size_t *page, double *x, double *y)
{
	size_t sys = 0;
	while (sys < l->n_systems && t_ms >= sys_t1(l, sys))
		sys++;
	size_t group = r / (l->ringers_per_group ? l->ringers_per_group : 1);

	if (r >= m->n_ringers || sys >= l->n_systems)
		return -1;
	for (size_t p = 0; p < l->n_pages; p++) {
		const struct sheet_page *pg = &l->pages[p];
		if (pg->kind != PAGE_CHART || pg->group != group ||
		    sys < pg->first_system || sys >= pg->first_system + pg->n_systems)
			continue;
		double lh = l->lane_h;
		double ly = system_top(l, sys - pg->first_system) + RULER_H +
		    (double)(r - group * l->ringers_per_group) *
		    (2 * lh + RINGER_GAP) + (hand ? lh : 0);
		*page = p;
		*x = chart_x(l, t_ms, sys);
		*y = ly + lh - 1 - lh * 0.42 / 2;
		return 0;
	}
	return -1;
}

#endif
