/* song_options.h - the options every subcommand that reads a song takes,
 * turned into upload params. */
#ifndef VB_SONG_OPTIONS_H
#define VB_SONG_OPTIONS_H

#include <jansson.h>

/*
 * If argv[*i] is a song option (--format F, --include-percussion), adds it
 * to params, advances *i past its value and returns 1; returns 0 if it is
 * not one, or CLI_USAGE-style -1 after printing a usage error.
 */
int song_option(const char *cmd, int argc, char **argv, int *i,
    json_t *params);

/* Prints the song summary lines (from an upload-like result). */
void song_summary_print(const json_t *summary);

#endif
