/*
 * roster.c - an arrangement's player list in upstream's dict order, with
 * room for the virtual players a strategy may add.
 */
#include <stdlib.h>
#include <string.h>

#include "engine_internal.h"

int
roster_init(struct roster *r, size_t cap)
{
	/* Not zeroed: players are copied in or made whole (the fallback's
	 * virtual players), names written before use; zeroing 0.5 KB a
	 * player ten times a request was a tenth of a small arrange. */
	memset(r, 0, sizeof *r);
	r->p = malloc(cap * sizeof *r->p);
	r->names = malloc(cap * sizeof *r->names);
	if (r->p == NULL || r->names == NULL) {
		roster_fini(r);
		return -1;
	}
	r->cap = cap;
	return 0;
}

void
roster_fini(struct roster *r)
{
	free(r->p);
	free(r->names);
	memset(r, 0, sizeof *r);
}

int
roster_find(const struct roster *r, const char *name)
{
	for (size_t i = 0; i < r->n; i++)
		if (strcmp(r->p[i].name, name) == 0)
			return (int)i;
	return -1;
}

void
roster_mark_held(const struct roster *r, unsigned char held[NPITCH])
{
	for (size_t i = 0; i < r->n; i++)
		for (int j = 0; j < r->p[i].n_bells; j++)
			held[r->p[i].bells[j]] = 1;
}
