/*
 * sheet_draw.h - the sheets' pages: how the model is cut into pages
 * (sheet_layout_build) and how one page is drawn on any cairo surface
 * (sheet_draw_page).  The PDF, SVG and PNG outputs differ only in the
 * surface sheets.c hands in.  Units are PostScript points (1/72 inch).
 */
#ifndef VB_SHEET_DRAW_H
#define VB_SHEET_DRAW_H

#include <cairo.h>

#include "sheet_model.h"

enum sheet_page_kind { PAGE_COVER, PAGE_BELLS, PAGE_RINGER, PAGE_CHART };

struct sheet_page {
	enum sheet_page_kind kind;
	double height;          /* points; the long chart image is taller */
	/* PAGE_RINGER */
	size_t ringer;
	int part;               /* 0: the ringer's first page, 1: continued */
	size_t first_change, n_changes;
	int columns;            /* 1 or 2 */
	size_t n_hidden;        /* changes past the two pages, last page only */
	/* PAGE_CHART: systems [first_system, first_system + n_systems) of
	 * ringer group `group` */
	size_t group, first_system, n_systems;
};

struct sheet_layout {
	double width, height;   /* the paper */
	struct sheet_page *pages;  /* owned */
	size_t n_pages;
	/* The chart's geometry, shared by every chart page. */
	double span_ms;         /* time one system shows at most */
	size_t n_systems;
	double *sys_t;          /* owned: n_systems + 1 boundaries (ms); with
	                           bars, each system is whole measures */
	const struct sheet_model *model;  /* borrowed: bars for the ruler */
	size_t ringers_per_group, n_groups;
	double lane_h;          /* one hand's lane */
	double system_h;
};

/*
 * Cuts the document into pages on paper of width x height points.
 * long_chart: the chart as one tall page (SVG and PNG).  Returns 0, or
 * -1 when memory ran out.
 */
int sheet_layout_build(const struct sheet_model *m, enum sheet_document doc,
    double width, double height, int long_chart, struct sheet_layout *l);

void sheet_layout_free(struct sheet_layout *l);

/* Draws page `page` (0-based) with cr's origin at the page's top left. */
void sheet_draw_page(cairo_t *cr, const struct sheet_model *m,
    const struct sheet_layout *l, size_t page);

/*
 * Where the chart draws time t_ms in the lane of ringer r's hand: the
 * chart page, and the point (x at t_ms, y the middle of the ring marks).
 * Returns 0, or -1 when the chart does not show it.  For the tests.
 */
int sheet_chart_locate(const struct sheet_model *m,
    const struct sheet_layout *l, size_t r, int hand, double t_ms,
    size_t *page, double *x, double *y);

/* The fill of ringer r's ring marks (only they use it), 0..1 each. */
void sheet_ring_rgb(size_t r, double rgb[3]);

/* The ink of the choir's marks on the bells-used chart (only they use
 * it), 0..1 each. */
void sheet_mark_rgb(double rgb[3]);

/* The two faces of the embedded font (regular, bold); NULL on failure. */
cairo_font_face_t *sheet_font_face(int bold);

#endif
