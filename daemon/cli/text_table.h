/*
 * text_table.h - aligned text tables whose column widths are measured in
 * terminal cells, so that non-ASCII and wide names line up.
 */
#ifndef VB_TEXT_TABLE_H
#define VB_TEXT_TABLE_H

#include <stddef.h>
#include <stdio.h>

#define TABLE_MAX_COLS 8

struct table {
	size_t ncols;
	size_t nrows;
	char **cells;   /* owned; nrows * ncols strings */
	int right[TABLE_MAX_COLS];  /* right-align this column */
};

void table_init(struct table *t, size_t ncols);
/* Adds a row of ncols cells (copied). Returns 0 or -1. */
int table_add(struct table *t, const char *const *cells);
/* Prints with the first row bold (as header) when styled. */
void table_print(const struct table *t, FILE *f, const char *indent);
void table_fini(struct table *t);

#endif
