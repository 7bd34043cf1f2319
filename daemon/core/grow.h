/* grow.h - doubling growth for the flat arrays loaders build. */
#ifndef VB_GROW_H
#define VB_GROW_H

#include <stddef.h>

/*
 * Makes *arr (of *cap elements of size bytes) hold at least need
 * elements, doubling from 64.  Returns 0, or -1 (out of memory, or a size
 * that would overflow) with *arr and *cap unchanged.
 */
int grow_array(void **arr, size_t *cap, size_t need, size_t size);

#endif
