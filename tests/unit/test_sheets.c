/*
 * test_sheets.c - the printable sheets (export pdf/svg/png) on a small
 * piece built here with known rings: the model (bells, duplicates,
 * changes, tight and too-fast ones), the layout rules (pages per ringer),
 * ring marks in the PNG where the times say (pixels sampled), one ring
 * mark per ring event in the SVG (parsed with libxml2), the same bytes
 * for the same request, and the refusals.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "testlib.h"
#include "core/work.h"
#include "export/export.h"
#include "methods/export_params.h"

#ifdef VB_HAVE_SHEETS

#include <cairo.h>
#include <libxml/parser.h>
#include <libxml/tree.h>

#include "export/sheet_draw.h"
#include "export/sheet_model.h"
#include "music/score.h"

/*
 * Ann: left hand C4 rings at 0, 2000, 4000 (1000 long) and, after a
 * put-down at 6000 with 300 ms to change (under the 500 ms impossible
 * gap), D4 at 7000; right hand E4 at 1000 and 3000.  Ben: left G4 at 500
 * and at 25000 (the second 20 s system); right A4, and C4 in `bells`
 * too (a duplicate of Ann's).
 */
static const char *piece =
    "{\"arrangement\":{\"strategy\":\"balanced\",\"quality_score\":88.5,"
    " \"assignments\":{"
    "  \"Ann\":{\"bells\":[\"C4\",\"D4\",\"E4\"],\"left_hand\":[\"C4\",\"D4\"],\"right_hand\":[\"E4\"]},"
    "  \"Ben\":{\"bells\":[\"G4\",\"A4\",\"C4\"],\"left_hand\":[\"G4\"],\"right_hand\":[\"A4\",\"C4\"]}},"
    " \"simulation\":{\"duration_ms\":26000,\"impossible_swap_gap_ms\":500,\"players\":["
    "  {\"name\":\"Ann\",\"events\":["
    "   {\"type\":\"ring\",\"bell_name\":\"C4\",\"hand\":\"left\",\"time_ms\":0,\"duration_ms\":500},"
    "   {\"type\":\"ring\",\"bell_name\":\"E4\",\"hand\":\"right\",\"time_ms\":1000,\"duration_ms\":500},"
    "   {\"type\":\"ring\",\"bell_name\":\"C4\",\"hand\":\"left\",\"time_ms\":2000,\"duration_ms\":500},"
    "   {\"type\":\"ring\",\"bell_name\":\"E4\",\"hand\":\"right\",\"time_ms\":3000,\"duration_ms\":500},"
    "   {\"type\":\"ring\",\"bell_name\":\"C4\",\"hand\":\"left\",\"time_ms\":4000,\"duration_ms\":1000},"
    "   {\"type\":\"put_down\",\"bell_name\":\"C4\",\"hand\":\"left\",\"time_ms\":6000,\"gap_ms\":300,\"tight\":true},"
    "   {\"type\":\"pick_up\",\"bell_name\":\"D4\",\"hand\":\"left\",\"time_ms\":6300},"
    "   {\"type\":\"ring\",\"bell_name\":\"D4\",\"hand\":\"left\",\"time_ms\":7000,\"duration_ms\":500}]},"
    "  {\"name\":\"Ben\",\"events\":["
    "   {\"type\":\"ring\",\"bell_name\":\"G4\",\"hand\":\"left\",\"time_ms\":500,\"duration_ms\":250},"
    "   {\"type\":\"ring\",\"bell_name\":\"G4\",\"hand\":\"left\",\"time_ms\":25000,\"duration_ms\":500}]}]}},"
    " \"players\":[{\"name\":\"Ann\",\"experience\":\"experienced\"},"
    "  {\"name\":\"Ben\",\"experience\":\"beginner\"},"
    "  {\"name\":\"Cleo\",\"experience\":\"beginner\"}],"
    " \"filename\":\"small.mid\"}";

static json_t *
load_piece(void)
{
	json_error_t e;
	json_t *p = json_loads(piece, 0, &e);

	ck_assert_msg(p != NULL, "piece: %s", e.text);
	return p;
}

static unsigned char *
render(json_t *params, struct sheet_options *o, size_t *len, size_t *pages,
    struct vb_error *err)
{
	struct export_input in;

	ck_assert_int_eq(export_input_parse(params, &in, err), 0);
	return export_sheets(&in, NULL, o, len, pages, err);
}

START_TEST(model_of_the_piece)
{
	json_t *p = load_piece();
	struct export_input in;
	struct sheet_model m;
	struct vb_error err = { 0 };

	ck_assert_int_eq(export_input_parse(p, &in, &err), 0);
	ck_assert_int_eq(sheet_model_build(&in, NULL, NULL, &m, &err), 0);
	ck_assert_str_eq(m.title, "small");
	ck_assert_uint_eq(m.n_ringers, 2);
	ck_assert_uint_eq(m.n_bells, 5);         /* C4 D4 E4 G4 A4 */
	ck_assert_str_eq(m.bells[0].name, "C4"); /* pitch order */
	ck_assert_str_eq(m.bells[4].name, "A4");
	ck_assert_uint_eq(m.n_duplicates, 1);    /* C4: Ann and Ben */
	ck_assert_int_eq(m.bells[0].n_owners, 2);
	ck_assert_uint_eq(m.n_ring_events, 8);
	ck_assert_uint_eq(m.n_unused, 1);
	ck_assert_str_eq(m.unused[0], "Cleo");
	const struct sheet_ringer *ann = &m.ringers[0];
	ck_assert_str_eq(ann->level, "experienced");
	ck_assert_uint_eq(ann->n_changes, 1);
	ck_assert_int_eq(ann->changes[0].put_down, 0);  /* C4 */
	ck_assert_int_eq(ann->changes[0].pick_up, 1);   /* D4 */
	ck_assert_int_eq(ann->changes[0].impossible, 1);
	ck_assert_double_eq(ann->changes[0].gap_ms, 300);
	ck_assert_int_eq(ann->first_bell[HAND_LEFT], 0);
	ck_assert_int_eq(ann->first_bell[HAND_RIGHT], 2);
	ck_assert_uint_eq(ann->n_impossible, 1);
	sheet_model_free(&m);
	json_decref(p);
}
END_TEST

/* Pixel (x, y) of an RGB24 image as 0..1 floats. */
static void
pixel(cairo_surface_t *img, int x, int y, double rgb[3])
{
	const unsigned char *d = cairo_image_surface_get_data(img);
	int stride = cairo_image_surface_get_stride(img);
	unsigned int v = *(const unsigned int *)(d + y * stride + x * 4);

	rgb[0] = ((v >> 16) & 0xff) / 255.0;
	rgb[1] = ((v >> 8) & 0xff) / 255.0;
	rgb[2] = (v & 0xff) / 255.0;
}

static int
near_rgb(const double a[3], const double b[3])
{
	return fabs(a[0] - b[0]) < 0.02 && fabs(a[1] - b[1]) < 0.02 &&
	    fabs(a[2] - b[2]) < 0.02;
}

struct png_read {
	const unsigned char *p;
	size_t len, off;
};

static cairo_status_t
png_read(void *closure, unsigned char *data, unsigned int n)
{
	struct png_read *r = closure;

	if (r->off + n > r->len)
		return CAIRO_STATUS_READ_ERROR;
	memcpy(data, r->p + r->off, n);
	r->off += n;
	return CAIRO_STATUS_SUCCESS;
}

START_TEST(png_chart_marks_where_the_times_say)
{
	json_t *p = load_piece();
	struct sheet_options o = { SHEET_PNG, SHEET_DOC_CHART, 0, 144, 1, NULL, NULL };
	struct vb_error err = { 0 };
	size_t len, pages;
	unsigned char *png = render(p, &o, &len, &pages, &err);
	const double scale = 144 / 72.0;

	ck_assert_msg(png != NULL, "%s", err.message);
	ck_assert_uint_eq(pages, 1);  /* the chart as one long image */
	struct png_read rd = { png, len, 0 };
	cairo_surface_t *img = cairo_image_surface_create_from_png_stream(
	    png_read, &rd);
	ck_assert_int_eq(cairo_surface_status(img), CAIRO_STATUS_SUCCESS);
	cairo_surface_flush(img);

	/* The same model and layout the renderer used, for the lanes' rows. */
	struct export_input in;
	struct sheet_model m;
	struct sheet_layout l;
	ck_assert_int_eq(export_input_parse(p, &in, &err), 0);
	ck_assert_int_eq(sheet_model_build(&in, NULL, NULL, &m, &err), 0);
	ck_assert_int_eq(sheet_layout_build(&m, SHEET_DOC_CHART, 612, 792, 1, &l), 0);
	ck_assert_int_eq(cairo_image_surface_get_width(img), (int)ceil(612 * scale));

	/* Every ring: its middle is drawn in the ringer's ring colour. */
	for (size_t r = 0; r < m.n_ringers; r++) {
		double shade[3], got[3];
		sheet_ring_rgb(r, shade);
		for (size_t i = 0; i < m.ringers[r].n_events; i++) {
			const struct sheet_event *e = &m.ringers[r].events[i];
			size_t pg;
			double x, y;
			if (e->type != SEV_RING)
				continue;
			ck_assert_int_eq(sheet_chart_locate(&m, &l, r, e->hand,
			    e->t_ms + e->dur_ms / 2, &pg, &x, &y), 0);
			pixel(img, (int)(x * scale), (int)(y * scale), got);
			ck_assert_msg(near_rgb(got, shade),
			    "ringer %zu ring at %.0f ms: (%.2f %.2f %.2f)", r, e->t_ms,
			    got[0], got[1], got[2]);
		}
		/* And where that hand is silent, no ring mark. */
		size_t pg;
		double x, y;
		ck_assert_int_eq(sheet_chart_locate(&m, &l, r, HAND_LEFT, 12000, &pg,
		    &x, &y), 0);
		pixel(img, (int)(x * scale), (int)(y * scale), got);
		ck_assert(!near_rgb(got, shade));
	}

	/*
	 * Independently of the geometry function: along Ann's left lane in
	 * the first system, the runs of ring colour start in proportion to
	 * the rings' times (0, 2000, 4000, 7000 ms) and are as long as the
	 * rings (500, 500, 1000, 500 ms).
	 */
	double shade[3], got[3], x, y;
	size_t pg;
	sheet_ring_rgb(0, shade);
	ck_assert_int_eq(sheet_chart_locate(&m, &l, 0, HAND_LEFT, 0, &pg, &x, &y), 0);
	int row = (int)(y * scale), w = cairo_image_surface_get_width(img);
	double start[8], end[8];
	int runs = 0, in_run = 0;
	for (int px = 0; px < w; px++) {
		pixel(img, px, row, got);
		int on = near_rgb(got, shade);
		if (on && !in_run && runs < 8)
			start[runs] = px;
		if (!on && in_run)
			end[runs++] = px;
		in_run = on;
	}
	ck_assert_int_eq(runs, 4);
	double unit = (start[1] - start[0]) / 2000.0;  /* pixels per ms */
	ck_assert(unit > 0);
	ck_assert_double_eq_tol(start[2] - start[0], 4000 * unit, 2.0);
	ck_assert_double_eq_tol(start[3] - start[0], 7000 * unit, 2.0);
	/* (marks stop 0.6 pt short, so that rings in a row stay apart) */
	ck_assert_double_eq_tol(end[0] - start[0], 500 * unit - 0.6 * scale, 2.0);
	ck_assert_double_eq_tol(end[2] - start[2], 1000 * unit - 0.6 * scale, 2.0);

	sheet_layout_free(&l);
	sheet_model_free(&m);
	cairo_surface_destroy(img);
	free(png);
	json_decref(p);
}
END_TEST

/* "fill:rgb(53.7%,39.2%,0%)" in a style attribute, as 0..1 floats. */
static int
style_fill(const char *style, double rgb[3])
{
	const char *f = strstr(style, "fill:rgb(");

	if (f == NULL)
		return -1;
	return sscanf(f, "fill:rgb(%lf%%,%lf%%,%lf%%)", &rgb[0], &rgb[1],
	    &rgb[2]) == 3 ? (rgb[0] /= 100, rgb[1] /= 100, rgb[2] /= 100, 0) : -1;
}

static void
count_marks(xmlNode *n, const double shades[][3], size_t n_shades,
    size_t *count)
{
	for (; n != NULL; n = n->next) {
		if (n->type == XML_ELEMENT_NODE &&
		    strcmp((const char *)n->name, "path") == 0) {
			xmlChar *st = xmlGetProp(n, (const xmlChar *)"style");
			double rgb[3];
			if (st != NULL && style_fill((const char *)st, rgb) == 0)
				for (size_t i = 0; i < n_shades; i++)
					if (fabs(rgb[0] - shades[i][0]) < 0.006 &&
					    fabs(rgb[1] - shades[i][1]) < 0.006 &&
					    fabs(rgb[2] - shades[i][2]) < 0.006)
						(*count)++;
			xmlFree(st);
		}
		count_marks(n->children, shades, n_shades, count);
	}
}

START_TEST(svg_holds_one_mark_per_ring)
{
	json_t *p = load_piece();
	struct sheet_options o = { SHEET_SVG, SHEET_DOC_CHART, 0, 150, 1, NULL, NULL };
	struct vb_error err = { 0 };
	size_t len, pages, marks = 0;
	unsigned char *svg = render(p, &o, &len, &pages, &err);
	double shades[2][3];

	ck_assert_msg(svg != NULL, "%s", err.message);
	xmlDoc *doc = xmlReadMemory((const char *)svg, (int)len, "chart.svg", NULL,
	    XML_PARSE_NONET);
	ck_assert_ptr_nonnull(doc);
	sheet_ring_rgb(0, shades[0]);
	sheet_ring_rgb(1, shades[1]);
	count_marks(xmlDocGetRootElement(doc), shades, 2, &marks);
	ck_assert_uint_eq(marks, 8);
	xmlFreeDoc(doc);
	free(svg);
	json_decref(p);
}
END_TEST

static int
contains(const unsigned char *buf, size_t len, const char *s)
{
	size_t n = strlen(s);

	for (size_t i = 0; i + n <= len; i++)
		if (memcmp(buf + i, s, n) == 0)
			return 1;
	return 0;
}

START_TEST(same_request_same_bytes)
{
	static const enum sheet_format fmts[3] = { SHEET_PDF, SHEET_SVG, SHEET_PNG };

	for (int f = 0; f < 3; f++) {
		json_t *p = load_piece();
		struct sheet_options o = { fmts[f], SHEET_DOC_SHEETS, f == 1, 72, 2,
		    NULL, NULL };
		struct vb_error err = { 0 };
		size_t l1, l2, pages;
		unsigned char *a = render(p, &o, &l1, &pages, &err);
		unsigned char *b = render(p, &o, &l2, &pages, &err);
		ck_assert_ptr_nonnull(a);
		ck_assert_ptr_nonnull(b);
		ck_assert_uint_eq(l1, l2);
		ck_assert_int_eq(memcmp(a, b, l1), 0);
		if (fmts[f] == SHEET_PDF)
			/* No clock in the file: the fixed creation date. */
			ck_assert(contains(a, l1, "/CreationDate (20000101000000Z)"));
		free(a);
		free(b);
		json_decref(p);
	}
}
END_TEST

/* A vb_work that says "cancelled" from its n-th check on (n 0: never),
 * counting the checks. */
struct cancel_after {
	int n, checks;
};

static enum work_state
check_after(void *ctx)
{
	struct cancel_after *c = ctx;

	c->checks++;
	return c->n > 0 && c->checks >= c->n ? WORK_CANCELLED : WORK_GO;
}

/*
 * A PDF export looks for a cancel after laying out the pages and before
 * each page: never cancelled it checks pages + 1 times and succeeds;
 * cancelled at any of those checks it gives no document and
 * ERR_CANCELLED.
 */
START_TEST(pdf_export_stops_at_a_cancel)
{
	json_t *p = load_piece();
	struct sheet_options o = { SHEET_PDF, SHEET_DOC_SHEETS, 0, 72, 1,
	    NULL, NULL };
	struct cancel_after c = { 0, 0 };
	struct vb_work w = { 0 };
	struct export_input in;
	struct vb_error err = { 0 };
	size_t len, pages;
	unsigned char *pdf;

	w.check = check_after;
	w.ctx = &c;
	ck_assert_int_eq(export_input_parse(p, &in, &err), 0);
	in.work = &w;
	pdf = export_sheets(&in, NULL, &o, &len, &pages, &err);
	ck_assert_ptr_nonnull(pdf);
	free(pdf);
	ck_assert_uint_ge(pages, 3);
	ck_assert_int_eq(c.checks, (int)pages + 1);
	for (int n = 1; n <= (int)pages + 1; n++) {
		struct vb_error e = { 0 };

		c.n = n;
		c.checks = 0;
		ck_assert_ptr_null(export_sheets(&in, NULL, &o, &len, &pages, &e));
		ck_assert_str_eq(e.code, "ERR_CANCELLED");
		/* It stopped there: at most the one more look that says why. */
		ck_assert_int_ge(c.checks, n);
		ck_assert_int_le(c.checks, n + 1);
	}
	json_decref(p);
}
END_TEST

/* A ringer with n changes of bell in the left hand, 2 s apart. */
static json_t *
busy_piece(int n)
{
	json_t *p = load_piece();
	json_t *ev = json_array();

	for (int i = 0; i < n; i++) {
		double t = 2000.0 * i;
		json_array_append_new(ev, json_pack("{s:s, s:s, s:s, s:f, s:f}",
		    "type", "ring", "bell_name", i % 2 ? "D4" : "C4", "hand", "left",
		    "time_ms", t, "duration_ms", 400.0));
		json_array_append_new(ev, json_pack("{s:s, s:s, s:s, s:f, s:f, s:b}",
		    "type", "put_down", "bell_name", i % 2 ? "D4" : "C4", "hand",
		    "left", "time_ms", t + 500, "gap_ms", 1000.0, "tight", 0));
		json_array_append_new(ev, json_pack("{s:s, s:s, s:s, s:f}",
		    "type", "pick_up", "bell_name", i % 2 ? "C4" : "D4", "hand",
		    "left", "time_ms", t + 1500));
	}
	json_t *sim = json_object_get(json_object_get(p, "arrangement"),
	    "simulation");
	json_object_set_new(json_array_get(json_object_get(sim, "players"), 0),
	    "events", ev);
	json_object_set_new(sim, "duration_ms", json_real(2000.0 * n));
	return p;
}

/*
 * The layout rule of protocol/PROTOCOL.md: a ringer's changes in one
 * column on one page up to R1 rows (R1 = floor((page height - 390) /
 * 15): 26 on Letter), two columns up to 2*R1, then a second page of two
 * columns of R2 = floor((page height - 190) / 15) rows (40 on Letter),
 * the last row saying how many more when even that is not enough.
 */
START_TEST(pages_per_ringer_follow_the_rule)
{
	static const struct { int changes; size_t pages; int columns; size_t hidden; } cases[] = {
		{ 26, 1, 1, 0 }, { 27, 1, 2, 0 }, { 52, 1, 2, 0 }, { 53, 2, 2, 0 },
		{ 132, 2, 2, 0 }, { 133, 2, 2, 2 }, { 300, 2, 2, 169 },
	};

	for (size_t c = 0; c < sizeof cases / sizeof cases[0]; c++) {
		json_t *p = busy_piece(cases[c].changes);
		struct export_input in;
		struct sheet_model m;
		struct sheet_layout l;
		struct vb_error err = { 0 };
		ck_assert_int_eq(export_input_parse(p, &in, &err), 0);
		ck_assert_int_eq(sheet_model_build(&in, NULL, NULL, &m, &err), 0);
		/* n rings, each followed by a change, the last one alone */
		ck_assert_uint_eq(m.ringers[0].n_changes, (size_t)cases[c].changes);
		ck_assert_int_eq(sheet_layout_build(&m, SHEET_DOC_SHEETS, 612, 792, 0,
		    &l), 0);
		size_t ann = 0, shown = 0, hidden = 0;
		for (size_t i = 0; i < l.n_pages; i++)
			if (l.pages[i].kind == PAGE_RINGER && l.pages[i].ringer == 0) {
				ann++;
				shown += l.pages[i].n_changes;
				hidden += l.pages[i].n_hidden;
				ck_assert_int_eq(l.pages[i].columns, cases[c].columns);
			}
		ck_assert_msg(ann == cases[c].pages, "%d changes: %zu pages",
		    cases[c].changes, ann);
		ck_assert_uint_eq(hidden, cases[c].hidden);
		ck_assert_uint_eq(shown + hidden, (size_t)cases[c].changes);
		ck_assert_int_eq(l.pages[0].kind, PAGE_COVER);
		ck_assert_int_eq(l.pages[l.n_pages - 1].kind, PAGE_CHART);
		sheet_layout_free(&l);
		sheet_model_free(&m);
		json_decref(p);
	}
}
END_TEST

START_TEST(refusals)
{
	json_t *p = load_piece();
	struct sheet_options o = { SHEET_SVG, SHEET_DOC_SHEETS, 0, 150, 99, NULL, NULL };
	struct vb_error err = { 0 };
	size_t len, pages;

	/* Past the last page. */
	ck_assert_ptr_null(render(p, &o, &len, &pages, &err));
	ck_assert_str_eq(err.code, "ERR_INVALID_PARAMS");
	ck_assert_str_eq(err.field, "page_number");
	/* A PNG too large for memory: a 20-minute chart at 600 dpi. */
	json_decref(p);
	p = busy_piece(600);
	o.format = SHEET_PNG;
	o.page_number = 1;
	o.dpi = 600;
	o.document = SHEET_DOC_CHART;
	ck_assert_ptr_null(render(p, &o, &len, &pages, &err));
	ck_assert_str_eq(err.field, "dpi");
	ck_assert_str_eq(err.code, "ERR_INVALID_PARAMS");
	json_decref(p);
	p = load_piece();
	/* The chart without a simulation. */
	json_object_del(json_object_get(p, "arrangement"), "simulation");
	o.dpi = 72;
	ck_assert_ptr_null(render(p, &o, &len, &pages, &err));
	ck_assert_str_eq(err.code, "ERR_INVALID_ARRANGEMENT");
	ck_assert_str_eq(err.field, "arrangement.simulation");
	/* ... but the sheets without one: cover and ringer pages only. */
	o.document = SHEET_DOC_SHEETS;
	unsigned char *png = render(p, &o, &len, &pages, &err);
	ck_assert_ptr_nonnull(png);
	ck_assert_uint_eq(pages, 3);
	free(png);
	/* An event of the wrong shape. */
	json_decref(p);
	p = load_piece();
	json_t *ev = json_array_get(json_object_get(json_array_get(json_object_get(
	    json_object_get(json_object_get(p, "arrangement"), "simulation"),
	    "players"), 1), "events"), 0);
	json_object_set_new(ev, "time_ms", json_string("soon"));
	o.format = SHEET_PDF;
	ck_assert_ptr_null(render(p, &o, &len, &pages, &err));
	ck_assert_str_eq(err.code, "ERR_INVALID_ARRANGEMENT");
	ck_assert_str_eq(err.field, "arrangement.simulation.players[1].events[0]");
	json_decref(p);
}
END_TEST

/*
 * The choir block of a small piece's arrange (export's `choir`): a set
 * C4-C5 without D4 and F4 and with two A4s; D4 rung on a handchime;
 * G3 and E3 moved up onto G4 and E4.
 */
static const char *choir_block =
    "{\"bell_set\":{\"name\":\"custom\",\"lowest\":\"C4\",\"highest\":\"C5\","
    " \"bells\":12,\"missing\":[\"D4\",\"F4\"],\"extra\":[],\"duplicates\":[\"A4\"],"
    " \"chimes\":{\"lowest\":\"C4\",\"highest\":\"C5\",\"missing\":[]}},"
    " \"octave_shift\":0,\"out_of_range\":\"chime\","
    " \"moved\":[{\"from\":\"G3\",\"to\":\"G4\",\"notes\":2,\"merged\":0},"
    "  {\"from\":\"E3\",\"to\":\"E4\",\"notes\":1,\"merged\":1}],"
    " \"chimed\":[{\"from\":\"D4\",\"to\":\"D4\",\"notes\":3,\"merged\":0}],"
    " \"omitted\":[], \"report\":[\"3 D4 notes are rung on handchimes, "
    "first in measure 1\", \"2 G3 notes were moved up 1 octave to G4\"]}";

/* Paths whose style has key:rgb(...) of colour c. */
static void
count_styled(xmlNode *n, const char *key, const double c[3], size_t *count)
{
	char pat[16];

	snprintf(pat, sizeof pat, "%s:rgb(", key);
	for (; n != NULL; n = n->next) {
		if (n->type == XML_ELEMENT_NODE &&
		    strcmp((const char *)n->name, "path") == 0) {
			xmlChar *st = xmlGetProp(n, (const xmlChar *)"style");
			const char *f = st ? strstr((const char *)st, pat) : NULL;
			double rgb[3];
			if (f != NULL && sscanf(f + strlen(pat), "%lf%%,%lf%%,%lf%%",
			    &rgb[0], &rgb[1], &rgb[2]) == 3 &&
			    fabs(rgb[0] / 100 - c[0]) < 0.006 &&
			    fabs(rgb[1] / 100 - c[1]) < 0.006 &&
			    fabs(rgb[2] / 100 - c[2]) < 0.006)
				(*count)++;
			xmlFree(st);
		}
		count_styled(n->children, key, c, count);
	}
}

START_TEST(choir_marks_on_the_bells_chart)
{
	json_t *p = load_piece(), *choir = json_loads(choir_block, 0, NULL);
	struct sheet_options o = { SHEET_SVG, SHEET_DOC_BELLS_USED, 0, 150, 1,
	    NULL, choir };
	struct export_input in;
	struct sheet_model m;
	struct vb_error err = { 0 };
	size_t len, pages, strokes = 0, fills = 0;
	double ink[3];

	ck_assert_ptr_nonnull(choir);
	ck_assert_int_eq(export_choir_check(choir, &err), 0);
	ck_assert_int_eq(export_input_parse(p, &in, &err), 0);
	ck_assert_int_eq(sheet_model_build(&in, &o, NULL, &m, &err), 0);
	/* C4 D4 E4 G4 A4 */
	ck_assert_int_eq(m.bells[1].chime, 1);
	ck_assert_uint_eq(m.n_chimes, 1);
	ck_assert_int_eq(m.bells[2].n_moved, 1);
	ck_assert_str_eq(m.bells[2].moved[0].from, "E3");
	ck_assert_int_eq(m.bells[2].moved[0].up, 1);
	ck_assert_int_eq(m.bells[3].n_moved, 1);
	ck_assert_uint_eq(m.n_moved, 2);
	ck_assert_int_eq(m.bells[4].copies, 2);
	ck_assert_int_eq(m.bells[0].copies, 1);
	ck_assert_int_eq(m.bells[1].copies, 0);  /* the set has no D4 bell */
	ck_assert_uint_eq(m.n_set_duplicates, 1);
	ck_assert_int_eq(m.in_set[65], 0);       /* F4 */
	ck_assert_int_eq(m.in_set[71], 1);       /* B4 */
	ck_assert_uint_eq(m.n_choir_notes, 2);
	sheet_model_free(&m);

	/* The SVG: one mark-ink stroke for the chime's outline, the A4's
	 * second copy and the struck F4 (B4 is the set's, only unused),
	 * and one for the key's sample of each; a filled tag for each moved
	 * bell and the key's. */
	unsigned char *svg = export_sheets(&in, NULL, &o, &len, &pages, &err);
	ck_assert_msg(svg != NULL, "%s", err.message);
	xmlDoc *doc = xmlReadMemory((const char *)svg, (int)len, "bells.svg",
	    NULL, XML_PARSE_NONET);
	ck_assert_ptr_nonnull(doc);
	sheet_mark_rgb(ink);
	count_styled(xmlDocGetRootElement(doc), "stroke", ink, &strokes);
	count_styled(xmlDocGetRootElement(doc), "fill", ink, &fills);
	ck_assert_uint_eq(strokes, 3 + 3);
	ck_assert_uint_eq(fills, 2 + 1);
	xmlFreeDoc(doc);
	free(svg);

	/* Without the block: no mark at all. */
	o.choir = NULL;
	svg = export_sheets(&in, NULL, &o, &len, &pages, &err);
	ck_assert_ptr_nonnull(svg);
	doc = xmlReadMemory((const char *)svg, (int)len, "bells.svg", NULL,
	    XML_PARSE_NONET);
	strokes = fills = 0;
	count_styled(xmlDocGetRootElement(doc), "stroke", ink, &strokes);
	count_styled(xmlDocGetRootElement(doc), "fill", ink, &fills);
	ck_assert_uint_eq(strokes + fills, 0);
	xmlFreeDoc(doc);
	free(svg);
	json_decref(choir);
	json_decref(p);
}
END_TEST

/* The set's two copies of a bell, one in each hand of one ringer (as
 * the engine hands out duplicates): both hands show it. */
START_TEST(two_copies_in_two_hands)
{
	json_t *p = json_loads("{\"arrangement\":{\"Erin\":{\"bells\":[\"F5\","
	    "\"D5\",\"D5\"],\"left_hand\":[\"D5\"],\"right_hand\":[\"F5\",\"D5\"]}}}",
	    0, NULL);
	struct export_input in;
	struct sheet_model m;
	struct vb_error err = { 0 };

	ck_assert_ptr_nonnull(p);
	ck_assert_int_eq(export_input_parse(p, &in, &err), 0);
	ck_assert_int_eq(sheet_model_build(&in, NULL, NULL, &m, &err), 0);
	ck_assert_uint_eq(m.n_bells, 2);                /* D5 F5 */
	ck_assert_int_eq(m.ringers[0].n_hand[HAND_LEFT], 1);
	ck_assert_int_eq(m.ringers[0].n_hand[HAND_RIGHT], 2);
	ck_assert_int_eq(m.ringers[0].hands[HAND_RIGHT][0], 0);  /* D5 */
	ck_assert_int_eq(m.ringers[0].n_other, 0);
	ck_assert_int_eq(m.bells[0].n_owners, 1);
	sheet_model_free(&m);
	json_decref(p);
}
END_TEST

/* A bad choir block is refused with the field of the bad value. */
START_TEST(choir_block_refusals)
{
	static const struct { const char *block, *field; } bad[] = {
		{ "[]", "choir" },
		{ "{\"bell_set\":\"3-octave\"}", "choir.bell_set" },
		{ "{\"bell_set\":{\"lowest\":\"C4\"}}", "choir.bell_set.highest" },
		{ "{\"bell_set\":{\"lowest\":\"C4\",\"highest\":\"C7\","
		  "\"duplicates\":[\"D5\",\"H2\"]}}", "choir.bell_set.duplicates[1]" },
		{ "{\"bell_set\":{\"lowest\":\"C4\",\"highest\":\"C7\","
		  "\"chimes\":{\"lowest\":\"C0\",\"highest\":\"C4\"}}}",
		  "choir.bell_set.chimes.lowest" },
		{ "{\"moved\":{}}", "choir.moved" },
		{ "{\"moved\":[{\"from\":\"C3\",\"to\":\"C4\",\"notes\":1},"
		  "{\"from\":\"D3\",\"to\":\"D12\",\"notes\":1}]}", "choir.moved[1].to" },
		{ "{\"chimed\":[{\"from\":\"\",\"to\":\"C4\",\"notes\":1}]}",
		  "choir.chimed[0].from" },
		{ "{\"chimed\":[{\"from\":\"C4\",\"to\":\"C4\",\"notes\":-1}]}",
		  "choir.chimed[0].notes" },
		{ "{\"chimed\":[7]}", "choir.chimed[0]" },
		{ "{\"report\":[\"fine\", 3]}", "choir.report[1]" },
	};

	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		struct vb_error err = { 0 };
		json_t *v = json_loads(bad[i].block, JSON_DECODE_ANY, NULL);
		ck_assert_ptr_nonnull(v);
		ck_assert_int_eq(export_choir_check(v, &err), -1);
		ck_assert_str_eq(err.code, "ERR_INVALID_PARAMS");
		ck_assert_msg(strcmp(err.field, bad[i].field) == 0,
		    "%s: field %s, not %s", bad[i].block, err.field, bad[i].field);
		json_decref(v);
	}
}
END_TEST

/* The piece's song: 3/4 at 120 bpm (a beat 500 ms, a measure 1.5 s). */
static struct score *
song_in_three(void)
{
	struct score *s = score_new();
	struct tempo_change t = { 0, 500000.0, 0 };
	struct time_sig *sig = calloc(1, sizeof *sig);

	s->filename = strdup("small.mid");
	s->ticks_per_beat = 480;
	s->n_notes = 1;
	s->notes = calloc(1, sizeof *s->notes);
	s->notes[0].pitch = 60;
	s->notes[0].tick = 0;
	s->notes[0].dur_ticks = 480 * 52;  /* to 26 s */
	ck_assert_int_eq(score_set_tempo_map(s, &t, 1), 0);
	sig->beats = 3;
	sig->beat_type = 4;
	ck_assert_int_eq(score_set_meter(s, sig, 1), 0);
	score_note_times(s);
	return s;
}

START_TEST(measures_and_beats_from_the_song)
{
	json_t *p = load_piece();
	struct score *song = song_in_three();
	struct export_input in;
	struct sheet_model m;
	struct sheet_layout l;
	struct vb_error err = { 0 };

	ck_assert_int_eq(export_input_parse(p, &in, &err), 0);
	ck_assert_int_eq(sheet_model_build(&in, NULL, song, &m, &err), 0);
	/* Bars every 1.5 s from measure 1, up to the 26 s end. */
	ck_assert_uint_eq(m.n_bars, 18);
	ck_assert_int_eq(m.bars[0].number, 1);
	ck_assert_double_eq_tol(m.bars[4].ms, 6000, 0.01);
	ck_assert_int_eq(m.bars[4].number, 5);
	ck_assert_double_eq_tol(m.bars[4].beat_ms, 500, 0.01);
	/* Ann's put-down at 6000 ms: measure 5, beat 1; 300 ms = 0.6 beat. */
	const struct sheet_change *c = &m.ringers[0].changes[0];
	ck_assert(c->at->has_measure);
	ck_assert_int_eq(c->at->measure, 5);
	ck_assert_double_eq_tol(c->at->beat, 1, 1e-9);
	ck_assert_double_eq_tol(c->gap_beats, 0.6, 1e-9);
	/* Her ring at 7000 ms: measure 5, beat 3. */
	const struct sheet_event *e = &m.ringers[0].events[m.ringers[0].n_events - 1];
	ck_assert_int_eq(e->measure, 5);
	ck_assert_double_eq_tol(e->beat, 3, 1e-9);
	/* A cue shows the nearest quarter beat; just before a bar line
	 * (measure 5, beat 3.95 of 3) is the next measure's first beat, a
	 * triplet's third stays; without the meter (no bar for it) the
	 * quarter it falls in. */
	long cm;
	double cb;
	struct sheet_event at = { .t_ms = 6975, .has_measure = 1, .measure = 5,
	    .beat = 3.95 };
	sheet_cue_time(&m, &at, &cm, &cb);
	ck_assert_int_eq(cm, 6);
	ck_assert_double_eq(cb, 1);
	at.beat = 2.9;
	sheet_cue_time(&m, &at, &cm, &cb);
	ck_assert_int_eq(cm, 5);
	ck_assert_double_eq(cb, 3);
	at.beat = 2.0 + 1.0 / 3;
	sheet_cue_time(&m, &at, &cm, &cb);
	ck_assert_double_eq_tol(cb, 2.0 + 1.0 / 3, 1e-9);
	at.beat = 3.95;
	at.measure = 40;  /* a measure the song's bars do not have there */
	sheet_cue_time(&m, &at, &cm, &cb);
	ck_assert_int_eq(cm, 40);
	ck_assert_double_eq(cb, 3.75);
	/* The chart's systems are whole measures: 13 of them (19.5 s) fit
	 * in a 20 s system, so the second starts at measure 14. */
	ck_assert_int_eq(sheet_layout_build(&m, SHEET_DOC_CHART, 612, 792, 0, &l), 0);
	ck_assert_uint_eq(l.n_systems, 2);
	ck_assert_double_eq_tol(l.sys_t[1], 19500, 0.01);
	ck_assert_double_eq_tol(l.sys_t[2], 27000, 0.01);
	size_t pg;
	double x0, x1;
	ck_assert_int_eq(sheet_chart_locate(&m, &l, 1, HAND_LEFT, 19500, &pg, &x0,
	    &x1), 0);
	ck_assert_double_eq_tol(x0, 40 + 96, 0.01);  /* measure 14 starts system 2 */
	sheet_layout_free(&l);
	sheet_model_free(&m);
	score_free(song);
	json_decref(p);
}
END_TEST

START_TEST(pitch_names)
{
	ck_assert_int_eq(sheet_pitch_of("C4"), 60);
	ck_assert_int_eq(sheet_pitch_of("C#4"), 61);
	ck_assert_int_eq(sheet_pitch_of("Db4"), 61);
	ck_assert_int_eq(sheet_pitch_of("C-1"), 0);
	ck_assert_int_eq(sheet_pitch_of("G9"), 127);
	ck_assert_int_eq(sheet_pitch_of("H4"), -1);
	ck_assert_int_eq(sheet_pitch_of("C"), -1);
}
END_TEST

static Suite *
sheets_suite(void)
{
	Suite *s = suite_create("sheets");
	TCase *tc = tcase_create("core");

	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, model_of_the_piece);
	tcase_add_test(tc, png_chart_marks_where_the_times_say);
	tcase_add_test(tc, svg_holds_one_mark_per_ring);
	tcase_add_test(tc, same_request_same_bytes);
	tcase_add_test(tc, pages_per_ringer_follow_the_rule);
	tcase_add_test(tc, pdf_export_stops_at_a_cancel);
	tcase_add_test(tc, refusals);
	tcase_add_test(tc, pitch_names);
	tcase_add_test(tc, measures_and_beats_from_the_song);
	tcase_add_test(tc, choir_marks_on_the_bells_chart);
	tcase_add_test(tc, choir_block_refusals);
	tcase_add_test(tc, two_copies_in_two_hands);
	suite_add_tcase(s, tc);
	return s;
}

#else

/* A build without cairo: the formats answer one clear error. */
START_TEST(unavailable)
{
	struct export_input in = { 0 };
	struct sheet_options o = { SHEET_PDF, SHEET_DOC_SHEETS, 0, 150, 1, NULL, NULL };
	struct vb_error err = { 0 };
	size_t len, pages;

	ck_assert_int_eq(export_sheets_available(), 0);
	ck_assert_ptr_null(export_sheets(&in, NULL, &o, &len, &pages, &err));
	ck_assert_str_eq(err.code, "ERR_SHEETS_UNAVAILABLE");
}
END_TEST

static Suite *
sheets_suite(void)
{
	Suite *s = suite_create("sheets");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, unavailable);
	suite_add_tcase(s, tc);
	return s;
}

#endif

VB_TEST_MAIN(sheets_suite)
