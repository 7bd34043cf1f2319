/*
 * score_store.h - the scores the daemon holds between upload and
 * arrange/export, bounded by count and bytes, least recently used evicted.
 */
#ifndef VB_SCORE_STORE_H
#define VB_SCORE_STORE_H

#include <stddef.h>

#include "score.h"

struct score_store;

/* Returns a new store; free with score_store_free (frees the scores). */
struct score_store *score_store_new(size_t max_scores, size_t max_bytes);
void score_store_free(struct score_store *st);

/*
 * Ids carry tag (up to 15 characters, a daemon's random instance tag):
 * "s1-<tag>", "s2-<tag>", ..., so an id kept across a daemon restart
 * names nothing rather than another song.  Without a tag: "s1", "s2".
 */
void score_store_set_tag(struct score_store *st, const char *tag);

/*
 * Takes ownership of s (steals, even on failure) and writes its new id
 * ("s1-<tag>", "s2-<tag>", ...) into id_out (at least 32 bytes).  Evicts least
 * recently used scores to make room.  Returns 0, or -1 if s alone is over
 * the byte limit (s is freed).
 */
int score_store_put(struct score_store *st, struct score *s, char *id_out,
    size_t id_len);

/* Returns the score (borrowed, valid until the next put/close), marking it
 * recently used; NULL if unknown or evicted. */
struct score *score_store_get(struct score_store *st, const char *id);

/* Returns 0 if released, -1 if unknown. */
int score_store_close(struct score_store *st, const char *id);

size_t score_store_count(const struct score_store *st);
size_t score_store_bytes(const struct score_store *st);

/* Bytes a score holds, as the store counts them. */
size_t score_bytes(const struct score *s);

#endif
