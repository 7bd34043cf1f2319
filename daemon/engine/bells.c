/*
 * bells.c - the bell table: every pitch's diameter, weight and canvas
 * size, interpolated from the Malmark table (bell_tables.h) and rounded
 * as upstream's simulation_builder.py _get_bell_data rounds them.
 */
#include "bell_tables.h"
#include "engine_internal.h"

void
bell_data_for_pitch(int pitch, struct bell_data *out)
{
	const struct malmark_bell *lo = NULL, *hi = NULL;
	double diam, wt, px;
	int wt_is_int = 1;

	for (size_t i = 0; i < MALMARK_COUNT; i++) {
		if (malmark_table[i].pitch <= pitch)
			lo = &malmark_table[i];
		if (hi == NULL && malmark_table[i].pitch >= pitch)
			hi = &malmark_table[i];
	}
	if (lo == NULL)                     /* below G2: clamp */
		lo = hi = &malmark_table[0];
	if (hi == NULL)                     /* above C8: clamp */
		lo = hi = &malmark_table[MALMARK_COUNT - 1];
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

/*
 * Every pitch's bell data depends on the Malmark table alone: computed on
 * first use and kept (per request it cost 60% of a small piece's
 * arrange).  The daemon is single-threaded; the first call fills it.
 */
const struct bell_data *
bell_data_table(void)
{
	static struct bell_data table[NPITCH];
	static int ready;

	if (!ready) {
		for (int p = 0; p < NPITCH; p++)
			bell_data_for_pitch(p, &table[p]);
		ready = 1;
	}
	return table;
}
