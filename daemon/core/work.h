/*
 * work.h - what a long piece of work (the search, a simulation, an
 * upload) asks of whoever runs it: "should I stop?" and "here is how far
 * I got".  The serve loop answers with cancel requests, stop signals and
 * the parent watchdog, and turns progress into $/progress notifications;
 * the command line and the tests pass none (NULL: never stop, no
 * progress).  Layers below the transport see only this, never a pipe.
 */
#ifndef VB_WORK_H
#define VB_WORK_H

#include <jansson.h>

#include "error.h"

enum work_state {
	WORK_GO = 0,
	WORK_CANCELLED,   /* $/cancelRequest named the running request */
	WORK_STOPPING,    /* SIGTERM/SIGINT, or the parent process is gone */
};

struct vb_work {
	/* A request starts (id and params borrowed; id NULL for a
	 * notification) and ends; the transport's bookkeeping. */
	void (*begin)(void *ctx, const char *method, const json_t *id,
	    const json_t *params);
	void (*end)(void *ctx);
	/* The state now; once not WORK_GO it stays so until end. */
	enum work_state (*check)(void *ctx);
	/* message borrowed; percentage 0..100, or -1 for none. */
	void (*progress)(void *ctx, const char *message, int percentage);
	/* The work is done, only writing the result is left: progress ends
	 * now, before a result that streams out. */
	void (*done)(void *ctx);
	void *ctx;
	/* A message of its own sent now, before the response (arrange's
	 * simulation_frames): the $/simulation notification carrying text,
	 * one JSON value, as its frame number index.  0 sent, -1 the pipe
	 * failed.  NULL: frames are not offered (the command line, tests). */
	int (*frame)(void *ctx, int index, const char *text, size_t n);
};

/* A request starts and ends (nothing for NULL). */
void work_begin(const struct vb_work *w, const char *method, const json_t *id,
    const json_t *params);
void work_end(const struct vb_work *w);

/* The state of w (WORK_GO for NULL).  Cheap: call it often. */
enum work_state work_check(const struct vb_work *w);

/* 0 while w may go on; else fills err (-32800 ERR_CANCELLED, saying why)
 * and returns -1. */
int work_stopped(const struct vb_work *w, struct vb_error *err);

/* Reports progress (nothing for NULL).  message is copied. */
void work_progress(const struct vb_work *w, const char *message,
    int percentage);

/* One step of a longer piece of work: its progress is from..from+span
 * percent of the whole (the search inside arrange). */
struct work_step {
	const struct vb_work *work;
	int from, span;
};

/* Reports fraction (0..1, clamped) of the step done. */
void work_step_progress(const struct work_step *step, const char *message,
    double fraction);

/* The computing is over (nothing for NULL); see struct vb_work.done. */
void work_done(const struct vb_work *w);

/* Whether w can send frames (struct vb_work.frame); the caller also
 * needs the response to be a line of its own (json_out_may_stream). */
int work_has_frames(const struct vb_work *w);
/* Sends a frame: 0, or -1 (not offered, or the pipe failed). */
int work_frame(const struct vb_work *w, int index, const char *text,
    size_t n);

#endif
