/*
 * score_rows.c - a score made from rows, for engine tests (score_rows.h).
 */
#include <stdlib.h>

#include "score_rows.h"

struct score *
score_from_rows(const int (*rows)[4], size_t n)
{
	struct score *s = score_new();

	s->ticks_per_beat = 480;
	s->tempo_bpm = 120;
	s->tempo = calloc(1, sizeof *s->tempo);
	s->tempo[0].us_per_beat = 500000;
	s->n_tempo = 1;
	s->notes = calloc(n ? n : 1, sizeof *s->notes);
	s->n_notes = n;
	for (size_t i = 0; i < n; i++) {
		s->notes[i].pitch = rows[i][0];
		s->notes[i].tick = rows[i][1];
		s->notes[i].dur_ticks = rows[i][2];
		s->notes[i].alter = (int8_t)rows[i][3];
		s->notes[i].velocity = 80;
	}
	score_note_times(s);
	score_analyse(s);
	return s;
}
