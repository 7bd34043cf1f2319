/*
 * choir_report.h - choir mode on the command line (choir_report.c).
 */
#ifndef VB_CHOIR_REPORT_H
#define VB_CHOIR_REPORT_H

#include <jansson.h>

#include "cli.h"

/*
 * argv[*i] as a choir option of cmd (--bell-set, --octave-shift,
 * --out-of-range, --track N counted from 1 as the song summary lists
 * tracks, or NAME) into the arrange params: 1 if it was one
 * (*i moved past its value), 0 if not, -1 on a usage error (reported).
 */
int choir_option(const char *cmd, int argc, char **argv, int *i,
    json_t *params);

/* The range, meter and octave lines of an upload result with
 * include_choir (nothing without). */
void song_choir_print(const json_t *upload);

/* The choir block and the best arrangement's verdict, above the
 * strategies table (nothing outside choir mode). */
void choir_report_print(const json_t *arrange_result);

/* "ringable" / "not ringable" for an arrangement in choir mode, NULL
 * outside it. */
const char *choir_verdict_note(const json_t *arrangement);

#endif
