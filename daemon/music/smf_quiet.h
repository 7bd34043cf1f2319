/* smf_quiet.h - keeps libsmf's GLib logging off the protocol's stdout. */
#ifndef VB_SMF_QUIET_H
#define VB_SMF_QUIET_H

/*
 * libsmf reports through GLib's logger, whose default handler prints
 * debug and info messages on stdout - the protocol's channel.  Routes
 * them to our log on stderr.  Call before any libsmf use; idempotent.
 */
void libsmf_quiet(void);

#endif
