/*
 * compare.h - three-way comparison for qsort comparators: VB_CMP(a, b) is
 * -1, 0 or 1 as a is below, equal to or above b (any arithmetic type,
 * no overflow as a subtraction would have); VB_CMP_BY for the usual
 * comparator on two keys.
 */
#ifndef VB_COMPARE_H
#define VB_COMPARE_H

#define VB_CMP(a, b) (((a) > (b)) - ((a) < (b)))

/* Two structs x and y compared by member k1, then by member k2. */
#define VB_CMP_BY(x, y, k1, k2) (VB_CMP((x)->k1, (y)->k1) != 0 ?	\
	VB_CMP((x)->k1, (y)->k1) : VB_CMP((x)->k2, (y)->k2))

#endif
