/*
 * score_store.c - the uploaded scores, bounded by count and bytes.
 *
 * The store is small (tens of scores), so it is a plain array scanned
 * linearly; each entry carries a use stamp and eviction takes the lowest.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "score_store.h"

struct store_entry {
	char id[32];
	struct score *score;   /* owned */
	size_t bytes;
	unsigned long long used;
};

struct score_store {
	size_t max_scores, max_bytes;
	struct store_entry *entries;
	size_t n, bytes;
	unsigned long long clock;   /* use stamps */
	unsigned long long next_id;
	char tag[16];               /* this instance's, "" for none */
};

struct score_store *
score_store_new(size_t max_scores, size_t max_bytes)
{
	struct score_store *st;

	if (max_scores == 0)
		return NULL;
	st = calloc(1, sizeof *st);
	if (st == NULL)
		return NULL;
	st->entries = calloc(max_scores, sizeof *st->entries);
	if (st->entries == NULL) {
		free(st);
		return NULL;
	}
	st->max_scores = max_scores;
	st->max_bytes = max_bytes;
	st->next_id = 1;
	return st;
}

void
score_store_set_tag(struct score_store *st, const char *tag)
{
	snprintf(st->tag, sizeof st->tag, "%s", tag);
}

void
score_store_free(struct score_store *st)
{
	if (st == NULL)
		return;
	for (size_t i = 0; i < st->n; i++)
		score_free(st->entries[i].score);
	free(st->entries);
	free(st);
}

static void
remove_at(struct score_store *st, size_t i)
{
	score_free(st->entries[i].score);
	st->bytes -= st->entries[i].bytes;
	st->entries[i] = st->entries[--st->n];
}

static void
evict_lru(struct score_store *st)
{
	size_t victim = 0;

	for (size_t i = 1; i < st->n; i++)
		if (st->entries[i].used < st->entries[victim].used)
			victim = i;
	remove_at(st, victim);
}

size_t
score_bytes(const struct score *s)
{
	size_t b = sizeof *s;

	b += s->n_notes * sizeof *s->notes;
	b += s->n_tempo * sizeof *s->tempo;
	b += s->n_tracks * sizeof *s->tracks;
	b += s->n_time_sigs * sizeof *s->time_sigs;
	b += s->n_measures * sizeof *s->measures;
	for (size_t i = 0; i < s->n_tracks; i++)
		if (s->tracks[i].name != NULL)
			b += strlen(s->tracks[i].name) + 1;
	if (s->filename != NULL)
		b += strlen(s->filename) + 1;
	return b;
}

int
score_store_put(struct score_store *st, struct score *s, char *id_out,
    size_t id_len)
{
	size_t bytes = score_bytes(s);
	struct store_entry *e;

	if (bytes > st->max_bytes) {
		score_free(s);
		return -1;
	}
	while (st->n > 0 &&
	    (st->n == st->max_scores || st->bytes + bytes > st->max_bytes))
		evict_lru(st);
	e = &st->entries[st->n++];
	snprintf(e->id, sizeof e->id, "s%llu%s%s", st->next_id++,
	    st->tag[0] ? "-" : "", st->tag);
	e->score = s;
	e->bytes = bytes;
	e->used = ++st->clock;
	st->bytes += bytes;
	snprintf(id_out, id_len, "%s", e->id);
	return 0;
}

struct score *
score_store_get(struct score_store *st, const char *id)
{
	for (size_t i = 0; i < st->n; i++) {
		if (strcmp(st->entries[i].id, id) == 0) {
			st->entries[i].used = ++st->clock;
			return st->entries[i].score;
		}
	}
	return NULL;
}

int
score_store_close(struct score_store *st, const char *id)
{
	for (size_t i = 0; i < st->n; i++) {
		if (strcmp(st->entries[i].id, id) == 0) {
			remove_at(st, i);
			return 0;
		}
	}
	return -1;
}

size_t
score_store_count(const struct score_store *st)
{
	return st->n;
}

size_t
score_store_bytes(const struct score_store *st)
{
	return st->bytes;
}
