/*
 * sheets.c - the `pdf`, `svg` and `png` export formats: the model
 * (sheet_model.c) cut into pages (sheet_draw.c) and drawn on the cairo
 * surface of the format, written into memory.  The export method writes
 * the bytes to `path` atomically like every other format.
 *
 * Same request, same bytes: the PDF's creation date is set to a fixed
 * value (cairo 1.16 would write the clock otherwise), fonts are the
 * embedded ones with hinting off (glyph positions do not depend on the
 * machine), and nothing drawn is an image, so the SVG carries only ids
 * cairo numbers in drawing order.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "export.h"

#ifndef VB_HAVE_SHEETS

int
export_sheets_available(void)
{
	return 0;
}

unsigned char *
export_sheets(const struct export_input *in, const struct score *score,
    const struct sheet_options *o, size_t *len_out, size_t *pages_out,
    struct vb_error *err)
{
	(void)in;
	(void)score;
	(void)o;
	*len_out = 0;
	*pages_out = 0;
	vb_error_set(err, RPC_APP_ERROR, "ERR_SHEETS_UNAVAILABLE", "format",
	    "This build of vibebellsd has no sheets (pdf, svg, png): it was "
	    "built without cairo");
	return NULL;
}

#else

#include <cairo.h>
#include <cairo-pdf.h>
#include <cairo-svg.h>

#include "sheet_draw.h"
#include "../core/grow.h"
#include "../core/work.h"

/* PNG bounds: cairo's own limit per side, and memory for the pixels. */
#define PNG_MAX_SIDE   32767
#define PNG_MAX_PIXELS (40.0 * 1000 * 1000)

int
export_sheets_available(void)
{
	return 1;
}

/* cairo's write callback: the file into a growable buffer. */
static cairo_status_t
buf_write(void *closure, const unsigned char *data, unsigned int n)
{
	return grow_buf_add(closure, data, n) < 0 ? CAIRO_STATUS_WRITE_ERROR :
	    CAIRO_STATUS_SUCCESS;
}

/* Machine-independent text: no hinting, no subpixel order. */
static void
text_options(cairo_t *cr)
{
	cairo_font_options_t *fo = cairo_font_options_create();

	cairo_font_options_set_hint_style(fo, CAIRO_HINT_STYLE_NONE);
	cairo_font_options_set_hint_metrics(fo, CAIRO_HINT_METRICS_OFF);
	cairo_font_options_set_antialias(fo, CAIRO_ANTIALIAS_GRAY);
	cairo_set_font_options(cr, fo);
	cairo_font_options_destroy(fo);
}

static void
paper(const struct sheet_options *o, double *w, double *h)
{
	if (o->a4) {
		*w = 595.2756;  /* 210 x 297 mm */
		*h = 841.8898;
	} else {
		*w = 612;       /* 8.5 x 11 in */
		*h = 792;
	}
}

static int
render_error(struct vb_error *err, cairo_status_t st, const struct grow_buf *b)
{
	if (b->failed || st == CAIRO_STATUS_NO_MEMORY)
		return vb_error_set(err, RPC_INTERNAL_ERROR, "ERR_EXPORT_FAILED",
		    NULL, "Out of memory while drawing the sheets");
	return vb_error_set(err, RPC_INTERNAL_ERROR, "ERR_EXPORT_FAILED", NULL,
	    "Drawing the sheets failed: %s", cairo_status_to_string(st));
}

/*
 * cairo names the SVG's top group after a process-wide surface counter
 * ("surface6" on one call, "surface12" on the next); one fixed name
 * keeps the same request's bytes the same.  Nothing refers to the id.
 */
static void
svg_fixed_surface_id(struct grow_buf *b)
{
	static const char key[] = "<g id=\"surface";
	char *p = b->p, *end = b->p + b->len;

	for (; p + sizeof key < end; p++) {
		if (memcmp(p, key, sizeof key - 1) != 0)
			continue;
		char *d = p + sizeof key - 1, *q = d;
		while (q < end && *q >= '0' && *q <= '9')
			q++;
		if (q == d || q >= end || *q != '"')
			return;
		*d = '1';
		memmove(d + 1, q, (size_t)(end - q) + 1);  /* and the NUL */
		b->len -= (size_t)(q - d) - 1;
		return;
	}
}

/*
 * Draws pages [from, to) on surface s; returns cairo's status, or -1 when
 * work (a PDF's, else NULL) was cancelled between two pages.
 */
static int
draw_pages(cairo_surface_t *s, const struct sheet_model *m,
    const struct sheet_layout *l, size_t from, size_t to, double scale,
    const struct vb_work *work, int is_pdf)
{
	cairo_t *cr = cairo_create(s);
	cairo_status_t st;

	text_options(cr);
	cairo_scale(cr, scale, scale);
	for (size_t p = from; p < to; p++) {
		if (work_check(work) != WORK_GO) {
			cairo_destroy(cr);
			return -1;
		}
		if (is_pdf)
			cairo_pdf_surface_set_size(s, l->width, l->pages[p].height);
		sheet_draw_page(cr, m, l, p);
		if (is_pdf)
			cairo_show_page(cr);
	}
	st = cairo_status(cr);
	cairo_destroy(cr);
	return (int)st;
}

/* The model and its pages; 0, or -1 with err filled (nothing held). */
static int
sheets_plan(const struct export_input *in, const struct score *score,
    const struct sheet_options *o, struct sheet_model *m,
    struct sheet_layout *l, struct vb_error *err)
{
	double w, h;

	if (sheet_model_build(in, o, score, m, err) < 0)
		return -1;
	if ((o->document == SHEET_DOC_CHART) && !m->has_simulation) {
		vb_error_param(err, "ERR_INVALID_ARRANGEMENT", "arrangement.simulation",
		    "The chart needs the arrangement's simulation (arrange with "
		    "include_simulation true, and pass the whole arrangement)");
		sheet_model_free(m);
		return -1;
	}
	paper(o, &w, &h);
	if (sheet_layout_build(m, o->document, w, h, o->format != SHEET_PDF &&
	    o->document == SHEET_DOC_CHART, l) < 0) {
		sheet_model_free(m);
		return vb_error_set(err, RPC_INTERNAL_ERROR, "ERR_EXPORT_FAILED",
		    NULL, "Out of memory while laying out the sheets");
	}
	return 0;
}

/* Every page as one PDF into b; cairo's status, or -1 with err filled
 * when work was cancelled. */
static int
render_pdf(const struct sheet_model *m, const struct sheet_layout *l,
    const struct vb_work *work, struct grow_buf *b, cairo_surface_t **s,
    struct vb_error *err)
{
	int st;

	*s = cairo_pdf_surface_create_for_stream(buf_write, b, l->width,
	    l->height);
	/* A fixed date: the same request gives the same bytes. */
	cairo_pdf_surface_set_metadata(*s, CAIRO_PDF_METADATA_CREATE_DATE,
	    "2000-01-01T00:00:00Z");
	cairo_pdf_surface_set_metadata(*s, CAIRO_PDF_METADATA_TITLE, m->title);
	cairo_pdf_surface_set_metadata(*s, CAIRO_PDF_METADATA_CREATOR,
	    "vibebellsd");
	if ((st = draw_pages(*s, m, l, 0, l->n_pages, 1.0, work, 1)) < 0)
		work_stopped(work, err);
	return st;
}

/* One page as SVG into b; cairo's status. */
static cairo_status_t
render_svg(const struct sheet_model *m, const struct sheet_layout *l,
    size_t page, struct grow_buf *b, cairo_surface_t **s)
{
	*s = cairo_svg_surface_create_for_stream(buf_write, b, l->width,
	    l->pages[page].height);
	cairo_svg_surface_restrict_to_version(*s, CAIRO_SVG_VERSION_1_1);
	return (cairo_status_t)draw_pages(*s, m, l, page, page + 1, 1.0, NULL,
	    0);
}

/* One page as PNG at o->dpi into b: cairo's status, or -1 with err
 * filled when the image would be too large. */
static int
render_png(const struct sheet_model *m, const struct sheet_layout *l,
    const struct sheet_options *o, size_t page, struct grow_buf *b,
    cairo_surface_t **s, struct vb_error *err)
{
	double scale = o->dpi / 72.0;
	double pw = ceil(l->width * scale), ph = ceil(l->pages[page].height *
	    scale);
	int st;

	if (pw > PNG_MAX_SIDE || ph > PNG_MAX_SIDE || pw * ph > PNG_MAX_PIXELS)
		return vb_error_param(err, "ERR_INVALID_PARAMS", "dpi",
		    "At %d dpi this page would be %.0f x %.0f pixels (at most "
		    "%d a side and 40 million in all): lower dpi, or export pdf",
		    o->dpi, pw, ph, PNG_MAX_SIDE);
	*s = cairo_image_surface_create(CAIRO_FORMAT_RGB24, (int)pw, (int)ph);
	st = draw_pages(*s, m, l, page, page + 1, scale, NULL, 0);
	if (st == CAIRO_STATUS_SUCCESS) {
		cairo_surface_flush(*s);
		st = (int)cairo_surface_write_to_png_stream(*s, buf_write, b);
	}
	return st;
}

unsigned char *
export_sheets(const struct export_input *in, const struct score *score,
    const struct sheet_options *o, size_t *len_out, size_t *pages_out,
    struct vb_error *err)
{
	struct sheet_model m;
	struct sheet_layout l;
	struct grow_buf b = { 0 };
	cairo_surface_t *s = NULL;
	int st, ok = 0;

	*len_out = 0;
	*pages_out = 0;
	if (sheet_font_face(0) == NULL || sheet_font_face(1) == NULL) {
		vb_error_set(err, RPC_INTERNAL_ERROR, "ERR_EXPORT_FAILED", NULL,
		    "The embedded font could not be loaded");
		return NULL;
	}
	if (sheets_plan(in, score, o, &m, &l, err) < 0)
		return NULL;
	*pages_out = l.n_pages;
	if (work_stopped(in->work, err) < 0)
		goto out;       /* cancelled while the pages were laid out */
	size_t page = o->page_number > 0 ? (size_t)o->page_number - 1 : 0;
	if (o->format != SHEET_PDF && page >= l.n_pages) {
		vb_error_param(err, "ERR_INVALID_PARAMS", "page_number",
		    "page_number %d is past the last page (%zu)", o->page_number,
		    l.n_pages);
		goto out;
	}
	st = o->format == SHEET_PDF ? render_pdf(&m, &l, in->work, &b, &s,
	    err) :
	    o->format == SHEET_SVG ? (int)render_svg(&m, &l, page, &b, &s) :
	    render_png(&m, &l, o, page, &b, &s, err);
	if (st < 0)
		goto out;
	if (st == CAIRO_STATUS_SUCCESS) {
		cairo_surface_finish(s);
		st = (int)cairo_surface_status(s);
	}
	if (st != CAIRO_STATUS_SUCCESS || b.failed) {
		render_error(err, (cairo_status_t)st, &b);
		goto out;
	}
	if (o->format == SHEET_SVG)
		svg_fixed_surface_id(&b);
	ok = 1;
out:
	if (s != NULL)
		cairo_surface_destroy(s);
	sheet_layout_free(&l);
	sheet_model_free(&m);
	if (!ok) {
		free(b.p);
		return NULL;
	}
	*len_out = b.len;
	return (unsigned char *)b.p;
}

#endif
