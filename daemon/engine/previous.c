/*
 * previous.c - keeping last week's positions (the `previous` param): the
 * bells of an earlier arrangement kept with their ringers by `positions`
 * and `optimized`, and every arrangement's changes_from_previous.
 *
 * How it trades against the score: continuity first.  A bell of this
 * piece whose previous ringer is here stays with them, in the hand they
 * had it in - unless a lock gives it to someone else, or (optimized) the
 * ringer's level holds no more - whatever that costs the score; the
 * strategy arranges only the rest (an absent ringer's bells, bells new to
 * this piece).  Upstream's five strategies are upstream's: they do not
 * read previous, and report how far they move from it.
 */
#include <stdio.h>
#include <string.h>

#include "engine_internal.h"

void
previous_place(struct roster *r, const struct timing *t,
    const struct bell_previous *pv)
{
	unsigned char held[NPITCH] = {0};

	if (pv == NULL || !pv->given)
		return;
	roster_mark_held(r, held);
	for (int k = 0; k < t->n_unique; k++) {
		int p = t->unique[k];
		struct eplayer *pl;

		if (pv->owner[p] == 0 || held[p] || bell_locked(r, p))
			continue;
		pl = &r->p[pv->owner[p] - 1];
		pl->kept = 1;
		pl->bells[pl->n_bells++] = (uint8_t)p;
		if (pv->hand[p] == 2 || (pv->hand[p] == 0 &&
		    pl->n_right < pl->n_left))
			pl->right[pl->n_right++] = (uint8_t)p;
		else
			pl->left[pl->n_left++] = (uint8_t)p;
	}
	/* The position they had; "kept" when previous names none. */
	for (size_t i = 0; i < r->n && i < 64; i++)
		if (r->p[i].is_original && r->p[i].kept)
			snprintf(r->p[i].position, sizeof r->p[i].position, "%s",
			    pv->position[i] != NULL ? pv->position[i] : "kept");
}

void
previous_changes_write(const struct roster *r, const struct timing *t,
    const struct bell_previous *pv, struct json_out *o)
{
	const char *now[NPITCH] = {0};
	char name[16];

	for (size_t i = 0; i < r->n; i++)
		for (int j = 0; j < r->p[i].n_bells; j++)
			now[r->p[i].bells[j]] = r->p[i].name;
	json_out_key(o, "changes_from_previous");
	json_out_begin_array(o);
	for (int k = 0; k < t->n_unique; k++) {
		int p = t->unique[k];

		if (pv->holder[p] == NULL || (now[p] != NULL &&
		    strcmp(now[p], pv->holder[p]) == 0))
			continue;
		json_out_begin_object(o);
		json_out_key(o, "bell");
		json_out_string(o, pitch_name(p, name, sizeof name));
		json_out_key(o, "from");
		json_out_string(o, pv->holder[p]);
		json_out_key(o, "to");
		if (now[p] != NULL)
			json_out_string(o, now[p]);
		else
			json_out_null(o);
		json_out_end_object(o);
	}
	json_out_end_array(o);
}
