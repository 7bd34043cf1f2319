/*
 * load_musicxml_pending.c - until the MusicXML loader lands (issue 3,
 * in progress), MusicXML and .mxl uploads are refused with a clear
 * error.  Deleted when load_musicxml.c arrives.
 */
#include "loaders.h"

static struct score *
not_yet(struct vb_error *err)
{
	vb_error_set(err, RPC_APP_ERROR, "ERR_UNSUPPORTED_FORMAT", "format",
	    "MusicXML is not supported by this build yet");
	return NULL;
}

struct score *
score_load_musicxml(const unsigned char *data, size_t len,
    const struct load_options *opt, struct vb_error *err)
{
	(void)data, (void)len, (void)opt;
	return not_yet(err);
}

struct score *
score_load_mxl(const unsigned char *data, size_t len,
    const struct load_options *opt, struct vb_error *err)
{
	(void)data, (void)len, (void)opt;
	return not_yet(err);
}
