/* midi.c - per-ringer MIDI export (filled in once the loaders land). */
#include "export.h"

unsigned char *
export_midi(const struct export_input *in, const struct score *s,
    size_t *len_out, struct vb_error *err)
{
	(void)in;
	(void)s;
	(void)len_out;
	vb_error_set(err, RPC_APP_ERROR, "ERR_UNSUPPORTED_FORMAT", "format",
	    "MIDI export is not available yet");
	return NULL;
}
