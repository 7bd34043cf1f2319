/* smf_quiet.h - living with libsmf: its logging and its quadratic delete. */
#ifndef VB_SMF_QUIET_H
#define VB_SMF_QUIET_H

/*
 * libsmf reports through GLib's logger, whose default handler prints
 * debug and info messages on stdout - the protocol's channel.  Routes
 * them to our log on stderr.  Call before any libsmf use; idempotent.
 */
void libsmf_quiet(void);

struct smf_struct;

/*
 * smf_delete(), in linear time.  libsmf detaches events one by one, each
 * detach searching the track's array and renumbering what follows: a
 * file of 100k events took 450 M instructions to free, more than it took
 * to parse.  Events are freed with libsmf's own smf_event_delete() once
 * detached by hand (event->track cleared, the track's array emptied);
 * the tempo map goes with smf_delete() as before.
 */
void libsmf_delete(struct smf_struct *smf);

#endif
