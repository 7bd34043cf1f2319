/*
 * pyround.c - Python's round(x, nd) and int(round(x)) on doubles, so that
 * every figure the engine writes is the one upstream's Python wrote.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#include "engine_internal.h"

double
py_round(double x, int nd)
{
	static const double pow10[] = { 1, 10, 100, 1e3, 1e4, 1e5, 1e6 };
	char buf[400];

	if (!isfinite(x))
		return x;
	/*
	 * Fast and exact when it can tell: y = x * 10^nd is off the exact
	 * product by half an ulp of y at most, so when y's fraction is
	 * clearly away from one half the exact product rounds the same way,
	 * and k / 10^nd is the double nearest the rounded decimal, which is
	 * what CPython returns.  Near a half, ask printf.
	 */
	if (nd >= 0 && nd <= 6) {
		double y = x * pow10[nd], k = nearbyint(y);

		/* Below 1e9 an ulp of y is under 1.2e-7. */
		if (fabs(y) < 1e9 && fabs(fabs(y - k) - 0.5) > 1e-6)
			return k / pow10[nd];
	}
	/* glibc's printf rounds the exact binary value half-to-even, as
	 * CPython's round() does; reading the text back gives its double. */
	snprintf(buf, sizeof buf, "%.*f", nd, x);
	return strtod(buf, NULL);
}

long long
py_round_int(double x)
{
	return (long long)nearbyint(x);  /* default mode: half-to-even */
}
