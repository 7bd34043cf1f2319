/* shutdown.c - answer, then let the serve loop end the process (exit 0). */
#include "method.h"

static json_t *
shutdown_run(struct daemon *d, json_t *params, struct vb_error *err)
{
	(void)params;
	(void)err;
	d->shutdown_requested = 1;
	return json_pack("{s:s}", "status", "shutting_down");
}

const struct method_entry method_shutdown_entry = {
	.name = "shutdown",
	.run = shutdown_run,
};
