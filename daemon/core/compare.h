/*
 * compare.h - three-way comparison for qsort comparators: VB_CMP(a, b) is
 * -1, 0 or 1 as a is below, equal to or above b (any arithmetic type,
 * no overflow as a subtraction would have).  A comparator on several keys
 * reads   int c = VB_CMP(x->tick, y->tick);  return c ? c : VB_CMP(...);
 */
#ifndef VB_COMPARE_H
#define VB_COMPARE_H

#define VB_CMP(a, b) (((a) > (b)) - ((a) < (b)))

#endif
