/*
 * bells.c - the bell tables: every pitch's diameter, weight and canvas
 * size, interpolated from the Malmark table (or choir mode's) in
 * bell_tables.h and rounded as upstream's simulation_builder.py
 * _get_bell_data rounds them; each computed once.
 */
#include "bell_tables.h"
#include "engine_internal.h"

/* A bell's data from table (upstream's or choir mode's), clamped past
 * its ends and interpolated between rows. */
static void
bell_data_from(const struct malmark_bell *table, size_t count, int pitch,
    struct bell_data *out)
{
	const struct malmark_bell *lo = NULL, *hi = NULL;
	double diam, wt, px;
	int wt_is_int = 1;

	for (size_t i = 0; i < count; i++) {
		if (table[i].pitch <= pitch)
			lo = &table[i];
		if (hi == NULL && table[i].pitch >= pitch)
			hi = &table[i];
	}
	if (lo == NULL)                     /* below the first: clamp */
		lo = hi = &table[0];
	if (hi == NULL)                     /* above the last: clamp */
		lo = hi = &table[count - 1];
	if (lo == hi) {
		diam = lo->diameter_in;
		wt = lo->weight_oz;
	} else {
		double tt = (double)(pitch - lo->pitch) / (hi->pitch - lo->pitch);

		diam = lo->diameter_in + tt * (hi->diameter_in - lo->diameter_in);
		wt = lo->weight_oz + tt * (hi->weight_oz - lo->weight_oz);
		wt_is_int = 0;
	}
	px = CANVAS_PX_MIN + (diam - CANVAS_DIAM_MIN) /
	    (CANVAS_DIAM_MAX - CANVAS_DIAM_MIN) * (CANVAS_PX_MAX - CANVAS_PX_MIN);
	if (px > CANVAS_PX_MAX)
		px = CANVAS_PX_MAX;
	if (px < CANVAS_PX_MIN)
		px = CANVAS_PX_MIN;
	out->diameter_in = py_round(diam, 3);
	out->weight_oz = wt_is_int ? pyint(wt) : pyfloat(py_round(wt, 1));
	out->canvas_px = py_round(px, 1);
}

void
bell_data_for_pitch(int pitch, struct bell_data *out)
{
	bell_data_from(malmark_table, MALMARK_COUNT, pitch, out);
}

void
choir_bell_data_for_pitch(int pitch, struct bell_data *out)
{
	bell_data_from(choir_bell_table, CHOIR_BELL_COUNT, pitch, out);
}

/*
 * Every pitch's bell data depends on the table alone: computed on first
 * use and kept (per request it cost 60% of a small piece's arrange).
 * The daemon is single-threaded; the first call fills it.
 */
static const struct bell_data *
table_once(int k)
{
	static struct bell_data table[2][NPITCH];
	static int ready[2];

	if (!ready[k]) {
		for (int p = 0; p < NPITCH; p++)
			(k ? choir_bell_data_for_pitch :
			    bell_data_for_pitch)(p, &table[k][p]);
		ready[k] = 1;
	}
	return table[k];
}

const struct bell_data *
bell_data_table(void)
{
	return table_once(0);
}

const struct bell_data *
choir_bell_data_table(void)
{
	return table_once(1);
}
