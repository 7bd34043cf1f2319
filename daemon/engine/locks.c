/*
 * locks.c - bells the director fixes to ringers (the `locks` param):
 * checked against the piece, and placed with their ringer before any
 * strategy runs on the rest.  The strategies then skip them (they are
 * assigned), the post-passes never move them (conflict.c), the search
 * never moves them (optimize.c), and they count against their ringer's
 * capacity as any bell does.
 */
#include "engine_internal.h"

int
locks_check(const struct arrange_request *req, struct vb_error *err)
{
	const struct score *s = req->score;
	char name[16];

	for (int p = 0; p < NPITCH; p++) {
		if (req->locks.owner[p] == 0)
			continue;
		if (req->choir != NULL && req->choir->request->set_given &&
		    req->choir->request->set.copies[p] == 0)
			return vb_error_param(err, "ERR_INVALID_LOCKS",
			    req->locks.field[p], "%s: the bell set has no %s",
			    req->locks.field[p], pitch_name(p, name,
			    sizeof name));
		if (s->note_frequency[p] == 0)
			return vb_error_param(err, "ERR_INVALID_LOCKS",
			    req->locks.field[p], "%s: the piece has no %s",
			    req->locks.field[p], pitch_name(p, name,
			    sizeof name));
	}
	return 0;
}

void
locks_place(struct roster *r, int lists, unsigned char *assigned)
{
	if (r->locks == NULL || r->locks->n == 0)
		return;
	for (int p = 0; p < NPITCH; p++) {
		struct eplayer *pl;
		int h;

		if (r->locks->owner[p] == 0)
			continue;
		pl = &r->p[r->locks->owner[p] - 1];
		h = r->locks->hand[p] == 0 ? HAND_NONE : r->locks->hand[p] - 1;
		pl->bells[pl->n_bells++] = (uint8_t)p;
		if (lists) {
			if (h == HAND_NONE)
				h = pl->n_left <= pl->n_right ? HAND_LEFT :
				    HAND_RIGHT;
			if (h == HAND_LEFT)
				pl->left[pl->n_left++] = (uint8_t)p;
			else
				pl->right[pl->n_right++] = (uint8_t)p;
		} else if (h != HAND_NONE) {
			pl->hand_map[p] = (int8_t)h;
		}
		if (assigned != NULL)
			assigned[p] = 1;
	}
}
