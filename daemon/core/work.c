/* work.c - the small helpers around struct vb_work (work.h). */
#include "work.h"

enum work_state
work_check(const struct vb_work *w)
{
	return w != NULL && w->check != NULL ? w->check(w->ctx) : WORK_GO;
}

int
work_stopped(const struct vb_work *w, struct vb_error *err)
{
	switch (work_check(w)) {
	case WORK_GO:
		return 0;
	case WORK_CANCELLED:
		return vb_error_set(err, RPC_REQUEST_CANCELLED, "ERR_CANCELLED",
		    NULL, "The request was cancelled");
	case WORK_STOPPING:
		break;
	}
	return vb_error_set(err, RPC_REQUEST_CANCELLED, "ERR_CANCELLED", NULL,
	    "The daemon is stopping (signal or parent gone): request "
	    "abandoned");
}

void
work_progress(const struct vb_work *w, const char *message, int percentage)
{
	if (w != NULL && w->progress != NULL)
		w->progress(w->ctx, message, percentage);
}

void
work_begin(const struct vb_work *w, const char *method, const json_t *id,
    const json_t *params)
{
	if (w != NULL && w->begin != NULL)
		w->begin(w->ctx, method, id, params);
}

void
work_end(const struct vb_work *w)
{
	if (w != NULL && w->end != NULL)
		w->end(w->ctx);
}

void
work_done(const struct vb_work *w)
{
	if (w != NULL && w->done != NULL)
		w->done(w->ctx);
}

int
work_has_frames(const struct vb_work *w)
{
	return w != NULL && w->frame != NULL;
}

int
work_frame(const struct vb_work *w, int index, const char *text, size_t n)
{
	if (!work_has_frames(w))
		return -1;
	return w->frame(w->ctx, index, text, n);
}

void
work_step_progress(const struct work_step *step, const char *message,
    double fraction)
{
	if (fraction < 0)
		fraction = 0;
	if (fraction > 1)
		fraction = 1;
	work_progress(step->work, message,
	    step->from + (int)(fraction * step->span));
}
