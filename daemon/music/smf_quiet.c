/* smf_quiet.c - GLib's log messages (from libsmf) to our log. */
#include <glib.h>

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
