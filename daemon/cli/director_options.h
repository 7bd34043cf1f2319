/*
 * director_options.h - `arrange`'s options for the director's
 * arrangement and its report sections (director_options.c).
 */
#ifndef VB_DIRECTOR_OPTIONS_H
#define VB_DIRECTOR_OPTIONS_H

#include <jansson.h>

struct director_args {
	json_t *locks;       /* owned: the locks param */
	json_t *previous;    /* owned: the previous param */
	json_t *techniques;  /* owned: {player: [technique]} */
	int difficulty;      /* --difficulty: also with --json */
};

/*
 * If argv[*i] is one of --locks FILE, --previous FILE, --technique
 * NAME:TECHNIQUE, --difficulty: reads it into d, advances *i past its
 * value and returns 1; 0 if it is none; -1 after a usage error.
 */
int director_option(int argc, char **argv, int *i, struct director_args *d);
/* Puts d into the arrange params (techniques onto players); report: the
 * human report, which always shows difficulty.  0, or -1 after a usage
 * error (a technique for no player). */
int director_apply(const struct director_args *d, json_t *players,
    json_t *params, int report);
void director_args_free(struct director_args *d);
/* The report's sections: difficulty and changes of the best arrangement,
 * the positions arrangement when there is one. */
void director_report(const json_t *result, const json_t *players);

#endif
