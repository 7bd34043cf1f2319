/* smf_quiet.c - GLib's log messages (from libsmf) to our log, and a
 * linear-time smf_delete(). */
#include <glib.h>
#include <smf.h>

#include "smf_quiet.h"
#include "../core/log.h"

static void
glib_to_log(const gchar *domain, GLogLevelFlags level, const gchar *msg,
    gpointer data)
{
	(void)data;
	if (level & (G_LOG_LEVEL_ERROR | G_LOG_LEVEL_CRITICAL))
		log_warn("%s: %s", domain ? domain : "libsmf", msg);
	else
		log_debug("%s: %s", domain ? domain : "libsmf", msg);
}

void
libsmf_quiet(void)
{
	static int done;

	if (!done) {
		done = 1;
		g_log_set_default_handler(glib_to_log, NULL);
	}
}

void
libsmf_delete(smf_t *smf)
{
	if (smf == NULL)
		return;
	for (int t = 1; t <= smf->number_of_tracks; t++) {
		smf_track_t *track = smf_get_track_by_number(smf, t);
		GPtrArray *events = track->events_array;

		for (guint i = 0; i < events->len; i++) {
			smf_event_t *ev = g_ptr_array_index(events, i);

			ev->track = NULL;
			smf_event_delete(ev);
		}
		g_ptr_array_set_size(events, 0);
		track->number_of_events = 0;
	}
	smf_delete(smf);
}
