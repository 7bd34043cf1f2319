/*
 * score_rows.c - scores and results for engine tests (score_rows.h).
 */
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "score_rows.h"
#include "testlib.h"
#include "core/daemon.h"
#include "core/json_out.h"
#include "engine/engine.h"
#include "music/loaders.h"

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

struct score *
score_from_corpus(const char *name)
{
	struct vb_limits limits;
	struct load_options opt = { &limits, 0 };
	struct vb_error err;
	size_t len, n = strlen(name);
	unsigned char *buf = test_read_corpus(name, &len);
	struct score *s;

	daemon_limits_default(&limits);
	if (n > 4 && strcmp(name + n - 4, ".mid") == 0)
		s = score_load_midi(buf, len, &opt, &err);
	else if (n > 4 && strcmp(name + n - 4, ".mxl") == 0)
		s = score_load_mxl(buf, len, &opt, &err);
	else
		s = score_load_musicxml(buf, len, &opt, &err);
	free(buf);
	ck_assert_msg(s != NULL, "%s: %s", name, err.message);
	return s;
}

json_t *
arrange_result(const struct arrange_request *req)
{
	struct json_out o;
	struct vb_error err;
	json_error_t je;
	size_t len;
	char *text;
	json_t *v;

	json_out_init(&o);
	ck_assert_msg(arrange_write(req, &o, &err) == 0, "%s", err.message);
	text = json_out_steal(&o, &len);
	v = json_loadb(text, len, 0, &je);
	free(text);
	ck_assert_ptr_nonnull(v);
	return v;
}
