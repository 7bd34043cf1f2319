/* smf_free.c - freeing a libsmf object without its quadratic event removal. */
#include <glib.h>

#include "smf_free.h"

void
smf_free(smf_t *smf)
{
	if (smf == NULL)
		return;
	for (guint i = 0; i < smf->tracks_array->len; i++) {
		smf_track_t *t = g_ptr_array_index(smf->tracks_array, i);

		/* An event without a track is just freed: no search, no
		 * renumbering of the events after it. */
		for (guint k = 0; k < t->events_array->len; k++) {
			smf_event_t *e = g_ptr_array_index(t->events_array, k);

			e->track = NULL;
			smf_event_delete(e);
		}
		g_ptr_array_set_size(t->events_array, 0);
		t->number_of_events = 0;
		t->next_event_number = -1;
	}
	smf_delete(smf);
}
