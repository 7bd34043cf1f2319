/*
 * pipeline.c - upstream's ArrangementGenerator.generate and the response
 * routes.py builds: capacity check and expansion with virtual players,
 * each requested strategy through assignment, post-passes, trimming and
 * scoring, the sort by quality score, and the result written as JSON
 * text (a tree would cost more than the whole arrangement: see
 * core/json_out.h).
 */
#include <stdio.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "bell_tables.h"
#include "../core/log.h"
#include "engine_internal.h"

struct arrangement {
	enum strategy strategy;
	struct roster r;
	int trimmed;
	struct validation v;
	struct quality q;
	int *swaps;
	int total_swaps;
	int returned;               /* asked for (not only a search's start) */
	struct search_report search;
	enum strategy search_start;
	struct positions_report *pos;   /* "positions" only */
	int heavy;                  /* bells over a weight limit (choir) */
	struct copy_split split;    /* second copies rung (copies.c): its
	                               timing is the arrangement's */
};

struct run {
	const struct arrange_request *req;
	struct timing t;
	struct eplayer *expanded;   /* request players + expansion ones */
	size_t n_expanded;
	char (*exp_names)[40];
	int n_arr;
	int order[STRATEGY_COUNT];  /* the returned ones, best first */
	int n_order;
	int expanded_flag;
	long minimum_players;       /* -1: None */
	uint32_t *scratch;
	int stopped;                /* a cancel or stop ended the writing */
	struct json_out *frame;     /* simulation_frames: the frame's text */
	int n_frames;               /* frames sent */
	struct work_step step;      /* the strategy running, for progress */
	struct copy_plan copies;    /* the set's duplicated bells' keys */
	int n_ready;                /* arr[0..n_ready) are initialised */
	/* Last: zeroed one at a time as the strategies take them (6.5 KB
	 * each; zeroing all seven up front was a tenth of a small piece's
	 * fixed cost). */
	struct arrangement arr[STRATEGY_COUNT];
};

/* The timing a's bells are keyed in: the request's, or its split's. */
static const struct timing *
arr_timing(const struct run *run, const struct arrangement *a)
{
	return a->split.active ? &a->split.t : &run->t;
}

/* _calculate_total_capacity, with the configured bells per level. */
static long
capacity(const struct arrange_request *req)
{
	long total = 0;

	for (size_t i = 0; i < req->n_players; i++)
		total += level_max_bells(&req->config, req->players[i].level);
	return total;
}

static int
expand_players(struct run *run)
{
	const struct arrange_request *req = run->req;
	long cap = capacity(req), extra = 0, per;
	size_t n_unique = (size_t)run->t.n_unique;

	if ((long)n_unique > cap) {
		/* Virtual players are intermediate: ceil(needed / their
		 * bells) of them (upstream: (needed + 2) // 3). */
		per = req->config.bells_per_level[LEVEL_INTERMEDIATE];
		extra = ((long)n_unique - cap + per - 1) / per;
		run->minimum_players = (long)req->n_players + extra;
		run->expanded_flag = 1;
	}
	run->n_expanded = req->n_players + (size_t)extra;
	run->expanded = calloc(run->n_expanded, sizeof *run->expanded);
	run->exp_names = calloc((size_t)extra + 1, sizeof *run->exp_names);
	if (run->expanded == NULL || run->exp_names == NULL)
		return -1;
	for (size_t i = 0; i < req->n_players; i++) {
		run->expanded[i].name = req->players[i].name;
		run->expanded[i].level = req->players[i].level;
		run->expanded[i].is_original = 1;
		run->expanded[i].techniques = (uint8_t)req->players[i].techniques;
		run->expanded[i].hold_from = (uint8_t)req->config.four_in_hand_from;
	}
	for (long k = 0, num = 1; k < extra; k++, num++) {
		struct eplayer *pl = &run->expanded[req->n_players + k];
		char *name = run->exp_names[k];
		int taken;

		do {
			snprintf(name, sizeof run->exp_names[0],
			    "Virtual Player %ld", num);
			taken = 0;
			for (size_t i = 0; i < req->n_players + k && !taken; i++)
				taken = strcmp(run->expanded[i].name, name) == 0;
		} while (taken && ++num);
		pl->name = name;
		pl->level = LEVEL_INTERMEDIATE;
		pl->is_virtual = 1;
	}
	return 0;
}

static int score_arrangement(struct run *run, struct arrangement *a);

/* Recompute expansion from a returned arrangement's (trimmed) size, as
 * upstream does for each strategy it ran. */
static void
note_expansion(struct run *run, const struct roster *r)
{
	if (r->n > run->req->n_players) {
		run->expanded_flag = 1;
		if (run->minimum_players < 0 ||
		    (long)r->n > run->minimum_players)
			run->minimum_players = (long)r->n;
	}
}

static int
run_strategy(struct run *run, enum strategy s, struct arrangement *a)
{
	const struct arrange_request *req = run->req;
	struct roster *r = &a->r;

	a->strategy = s;
	/* Room for the fallback's virtual players: at most one per distinct
	 * pitch, which is all the strategies can leave unheld. */
	if (roster_init(r, run->n_expanded + (size_t)run->t.n_unique + 1) != 0)
		return -1;
	memcpy(r->p, run->expanded, run->n_expanded * sizeof *r->p);
	r->n = run->n_expanded;
	r->locks = req->locks.n ? &req->locks : NULL;
	if (strategy_assign(s, &run->t, &req->config, r) != 0)
		return -1;
	conflict_resolve_duplicates(r);
	conflict_balance(r);
	conflict_experience_pass(r, run->n_expanded);
	a->trimmed = trim_players(r);
	if (a->trimmed < 0)
		return -1;
	return score_arrangement(run, a);
}

/* The "positions" strategy: no post-passes (they would break the
 * positions up), no trimming but of ringers left without a position. */
static int
run_positions(struct run *run, struct arrangement *a)
{
	struct roster *r = &a->r;

	a->strategy = STRATEGY_POSITIONS;
	a->pos = calloc(1, sizeof *a->pos);
	if (a->pos == NULL || roster_init(r, run->n_expanded + 1) != 0)
		return -1;
	memcpy(r->p, run->expanded, run->n_expanded * sizeof *r->p);
	r->n = run->n_expanded;
	for (size_t i = 0; i < r->n; i++)
		memset(r->p[i].hand_map, HAND_NONE, sizeof r->p[i].hand_map);
	r->locks = run->req->locks.n ? &run->req->locks : NULL;
	locks_place(r, 1, NULL);
	previous_place(r, &run->t, &run->req->previous);
	if (positions_assign(&run->t, &run->req->config,
	    run->req->choir != NULL && run->req->choir->request->set_given ?
	    &run->req->choir->request->set : NULL, r, a->pos,
	    &a->trimmed) != 0)
		return -1;
	if (run->copies.n > 0 && !run->req->previous.given &&
	    copies_for_positions(&run->t, &run->req->config, &run->copies,
	    r->locks, a->pos, r, &a->split) != 0)
		return -1;
	return score_arrangement(run, a);
}

/* Validation, quality breakdown and swap counts of a's roster. */
static int
score_arrangement(struct run *run, struct arrangement *a)
{
	const struct roster *r = &a->r;
	const struct timing *t = arr_timing(run, a);

	validate_arrangement(r, &a->v);
	free(a->q.over_five);
	free(a->swaps);
	a->q.over_five = calloc(r->n + 1, 1);
	a->swaps = calloc(r->n + 1, sizeof *a->swaps);
	if (a->q.over_five == NULL || a->swaps == NULL)
		return -1;
	if (quality_breakdown(t, r, run->req->config.impossible_gap_ms,
	    &a->q) != 0)
		return -1;
	swap_counts(t, r, a->swaps, run->scratch);
	a->heavy = over_weight_count(t, &run->req->config, r);
	a->total_swaps = 0;
	for (size_t i = 0; i < r->n; i++)
		a->total_swaps += a->swaps[i];
	return 0;
}

/* Frees what a holds (a is left unusable: arrangement_free to reuse). */
static void
arrangement_fini(struct arrangement *a)
{
	positions_report_free(a->pos);
	copies_split_free(&a->split);
	roster_fini(&a->r);
	free(a->q.over_five);
	free(a->swaps);
}

/* Frees what a holds and empties it for another use. */
static void
arrangement_free(struct arrangement *a)
{
	arrangement_fini(a);
	memset(a, 0, sizeof *a);
}

/* Is a better than b: a higher score, then fewer swaps. */
static int
arrangement_better(const struct arrangement *a, const struct arrangement *b)
{
	/* Choir mode's weight limits first (never set otherwise). */
	return rank_better(a->heavy, a->q.final_score.v, a->total_swaps,
	    b->heavy, b->q.final_score.v, b->total_swaps);
}

/*
 * The "optimized" strategy: a search from the best of the five computed
 * (run->arr[0..n_arr), which are all five when it is asked for).  Its
 * result is scored like the others; should it not beat its start - the
 * search's canonical bell order can tie-break the breakdown differently -
 * the start is returned as it was, so it is never worse.
 */
static int
run_optimized(struct run *run, struct arrangement *a)
{
	const struct arrangement *start = NULL;

	/* The best score; in choir mode, among those fewest over a weight
	 * limit. */
	for (int k = 0; k < run->n_arr; k++)
		if (start == NULL || run->arr[k].heavy < start->heavy ||
		    (run->arr[k].heavy == start->heavy &&
		    run->arr[k].q.final_score.v > start->q.final_score.v))
			start = &run->arr[k];
	a->strategy = STRATEGY_OPTIMIZED;
	a->search_start = start->strategy;
	a->trimmed = start->trimmed;
	if (optimize_search(&run->t, &run->req->config, &start->r,
	    &run->req->previous, &a->r, &a->search, &run->step) != 0 ||
	    score_arrangement(run, a) != 0)
		return -1;
	a->search.start_score = start->q.final_score.v;
	log_debug("optimized: %ld moves, %lld work, %.1f ms, stopped by %s",
	    a->search.tried, a->search.work, a->search.elapsed_ms,
	    a->search.stopped_by);
	/* With previous, continuity comes first: the search's result stands
	 * even below its start (previous.c). */
	if (!run->req->previous.given && !arrangement_better(a, start)) {
		struct search_report rep = a->search;

		arrangement_free(a);
		a->strategy = STRATEGY_OPTIMIZED;
		a->search_start = start->strategy;
		a->trimmed = start->trimmed;
		a->search = rep;
		if (roster_init(&a->r, start->r.n + 1) != 0)
			return -1;
		memcpy(a->r.p, start->r.p, start->r.n * sizeof *a->r.p);
		a->r.n = start->r.n;
		if (score_arrangement(run, a) != 0)
			return -1;
	}
	/* A duplicated bell's second copy where it helps (never worse). */
	if (run->copies.n > 0 && !run->req->previous.given) {
		if (copies_relieve(&run->t, &run->req->config, &run->copies,
		    a->r.locks, &a->r, &a->split) != 0)
			return -1;
		if (a->split.active && score_arrangement(run, a) != 0)
			return -1;
	}
	return 0;
}

/* One hand's bell names (the caller writes the key: a literal there is
 * copied without an escape scan). */
static void
write_hand(const struct timing *t, struct json_out *o, const uint8_t *v,
    int n)
{
	char name[16];

	json_out_begin_array(o);
	for (int i = 0; i < n; i++)
		json_out_string(o, bell_key_name(t, v[i], name, sizeof name));
	json_out_end_array(o);
}

/* {ringer: {bells, left_hand, right_hand (, position)}}. */
static void
write_assignments(const struct timing *t, const struct arrangement *a,
    struct json_out *o)
{
	const struct roster *r = &a->r;

	json_out_begin_object(o);
	for (size_t i = 0; i < r->n; i++) {
		json_out_key(o, r->p[i].name);
		json_out_begin_object(o);
		json_out_key(o, "bells");
		write_hand(t, o, r->p[i].bells, r->p[i].n_bells);
		json_out_key(o, "left_hand");
		write_hand(t, o, r->p[i].left, r->p[i].n_left);
		json_out_key(o, "right_hand");
		write_hand(t, o, r->p[i].right, r->p[i].n_right);
		if (a->strategy == STRATEGY_POSITIONS) {
			json_out_key(o, "position");
			json_out_string(o, r->p[i].position);
		}
		json_out_end_object(o);
	}
	json_out_end_object(o);
}

/* What the search did (no time: the same request gives the same bytes). */
static void
write_search(const struct arrangement *a, struct json_out *o)
{
	json_out_key(o, "search");
	json_out_begin_object(o);
	json_out_key(o, "start_strategy");
	json_out_string(o, strategy_name(a->search_start));
	json_out_key(o, "start_score");
	json_out_real(o, a->search.start_score);
	json_out_key(o, "gain");
	json_out_real(o, py_round(a->q.final_score.v - a->search.start_score,
	    2));
	json_out_key(o, "moves_tried");
	json_out_int(o, a->search.tried);
	json_out_key(o, "moves_accepted");
	json_out_int(o, a->search.accepted);
	json_out_key(o, "stopped_by");
	json_out_string(o, a->search.stopped_by);

	json_out_end_object(o);
}

/* Whether the k-th returned arrangement carries its simulation. */
static int
wants_simulation(const struct arrange_request *req,
    const struct arrangement *a, int k)
{
	switch (req->include_simulation) {
	case SIMULATION_ALL:
		return 1;
	case SIMULATION_BEST:
		return k == 0;
	case SIMULATION_FOR:
		return a->strategy == req->simulation_for;
	default:
		return 0;
	}
}

/*
 * The simulation as a frame of its own (simulation_frames): written
 * apart, sent ahead of the response, and {"frame": k} in its place.  The
 * frame's buffer is kept for the next one.
 */
static void
write_frame(struct run *run, const struct timing *t, const struct roster *r,
    struct sim_scratch *sim, struct json_out *o)
{
	struct json_out *f = run->frame;

	if (simulation_write(t, r, run->req->config.impossible_gap_ms,
	    sim, f, run->req->work) != 0 || f->failed ||
	    work_frame(run->req->work, run->n_frames, f->buf, f->len) != 0) {
		run->stopped = 1;
		return;
	}
	json_out_rewind(f, (struct json_out_mark){ 0, 0, 0, 0 });
	json_out_begin_object(o);
	json_out_key_int(o, "frame", run->n_frames++);
	json_out_end_object(o);
}

static void
write_arrangement(struct run *run, const struct arrangement *a, int k,
    struct sim_scratch *sim, struct json_out *o)
{
	const struct roster *r = &a->r;
	const struct timing *t = arr_timing(run, a);

	json_out_begin_object(o);
	json_out_key(o, "strategy");
	json_out_string(o, strategy_name(a->strategy));
	json_out_key(o, "description");
	json_out_string(o, strategy_description(a->strategy));
	json_out_key(o, "assignments");
	write_assignments(t, a, o);
	json_out_key(o, "swaps");
	json_out_begin_object(o);
	for (size_t i = 0; i < r->n; i++) {
		json_out_key(o, r->p[i].name);
		json_out_int(o, a->swaps[i]);
	}
	json_out_end_object(o);
	json_out_key(o, "simulation");
	if (!wants_simulation(run->req, a, k))
		json_out_null(o);
	else if (run->frame != NULL)
		write_frame(run, t, r, sim, o);
	else if (simulation_write(t, r,
	    run->req->config.impossible_gap_ms, sim, o, run->req->work) != 0)
		run->stopped = 1;
	json_out_key(o, "validation");
	validation_write(r, &a->v, o);
	json_out_key(o, "sustainability");
	json_out_begin_object(o);
	json_out_key(o, "issues");
	json_out_begin_array(o);
	json_out_end_array(o);
	json_out_key(o, "recommendations");
	json_out_begin_array(o);
	json_out_end_array(o);
	json_out_key(o, "sustainable");
	json_out_bool(o, 1);
	json_out_end_object(o);
	json_out_key(o, "quality_score");
	write_pynum(o, a->q.final_score);
	json_out_key(o, "quality_breakdown");
	quality_write(r, &a->q, o);
	json_out_key(o, "note_count");
	json_out_int(o, run->t.n_unique);
	json_out_key(o, "melody_count");
	json_out_int(o, run->t.n_melody);
	json_out_key(o, "players");
	json_out_int(o, (long long)r->n);
	json_out_key(o, "trimmed_count");
	json_out_int(o, a->trimmed);
	if (a->strategy == STRATEGY_OPTIMIZED)
		write_search(a, o);
	if (run->req->choir != NULL) {
		verdict_write(run->req, t, r, &a->q, o);
		copies_write(t, r, o);
	}
	if (a->pos != NULL)
		positions_report_write(a->pos, t, o);
	if (run->req->previous.given)
		previous_changes_write(r, t, &run->req->previous, o);
	if (run->req->include_difficulty)
		difficulty_write(t, r, a->swaps,
		    run->req->config.impossible_gap_ms, o);
	json_out_end_object(o);
}

/* expansion_info: upstream's figures and message (PROTOCOL.md section 7:
 * its "virtual players" count is the best arrangement's players minus
 * the given ones, 0 or negative after trimming). */
static void
write_expansion_info(const struct run *run, struct json_out *o)
{
	const struct arrangement *best = &run->arr[run->order[0]];
	long final = (long)best->r.n, orig = (long)run->req->n_players;
	char min[24], msg[256];

	if (run->minimum_players >= 0)
		snprintf(min, sizeof min, "%ld", run->minimum_players);
	else
		snprintf(min, sizeof min, "None");
	snprintf(msg, sizeof msg, "The song requires at least %s players. "
	    "Arrangements show %ld players (including %ld virtual players).",
	    min, final, final - orig);
	json_out_key_object(o, "expansion_info");
	json_out_key_bool(o, "expanded", 1);
	json_out_key_int(o, "original_player_count", orig);
	json_out_key_int(o, "final_player_count", final);
	json_out_key(o, "minimum_required");
	if (run->minimum_players >= 0)
		json_out_int(o, run->minimum_players);
	else
		json_out_null(o);
	json_out_key_string(o, "message", msg);
	json_out_end_object(o);
}

static int
write_result(struct run *run, struct json_out *o)
{
	const struct score *s = run->req->score;
	struct sim_scratch sim;
	struct json_out frame;
	int best = 0;            /* the first arrangement, as written, is
	                            held in o */

	memset(&sim, 0, sizeof sim);
	if (run->req->include_simulation != SIMULATION_NONE &&
	    sim_scratch_init(&sim, run->t.n) != 0)
		return -1;
	/* Frames only where a message sent now lands before the response. */
	json_out_init(&frame);
	if (run->req->simulation_frames && work_has_frames(run->req->work) &&
	    json_out_may_stream(o))
		run->frame = &frame;
	/* Nothing below fails but memory or the pipe (or a cancel): the
	 * megabytes of a long piece's simulation can go out as they are
	 * written.  Progress ends first, so it never follows the result. */
	work_done(run->req->work);
	json_out_stream(o);
	json_out_begin_object(o);
	json_out_key_bool(o, "success", 1);
	json_out_key_array(o, "arrangements");
	for (int k = 0; k < run->n_order; k++) {
		if (k == 0)
			json_out_capture_begin(o);
		write_arrangement(run, &run->arr[run->order[k]], k, &sim, o);
		if (run->stopped)
			break;
		if (k == 0) {
			best = json_out_capture_end(o) == 0;
			if (!best)
				break;
		}
	}
	json_out_end_array(o);
	sim_scratch_fini(&sim);
	json_out_free(&frame);
	run->frame = NULL;
	if (run->stopped)
		return -1;      /* the caller rewinds o, the held text too */
	json_out_key_int(o, "note_count", run->t.n_unique);
	json_out_key_int(o, "melody_count", (long long)s->n_melody);
	json_out_key_int(o, "harmony_count", (long long)s->n_harmony);
	json_out_key(o, "best_arrangement");
	/* The best arrangement again: a copy of its text, not a rewrite. */
	if (best)
		json_out_capture_put(o);
	else
		json_out_null(o);
	if (run->expanded_flag)
		write_expansion_info(run, o);
	if (run->req->choir != NULL)
		choir_block_write(run->req, o);
	json_out_end_object(o);
	return o->failed ? -1 : 0;
}

enum { RUN_DONE, RUN_NOMEM, RUN_STOPPED };

/*
 * Every strategy the request needs, in upstream's strategy order whatever
 * order was asked (the search starts from the best of all five, asked for
 * or not), each an equal step of the progress.  RUN_STOPPED (err filled)
 * when the request was cancelled between two strategies.
 */
static int
run_all(struct run *run, struct vb_error *err)
{
	const struct arrange_request *req = run->req;
	unsigned need = req->strategies;
	int n_need = 0, k_done = 0;

	if (req->strategies & (1u << STRATEGY_OPTIMIZED))
		need |= STRATEGY_UPSTREAM;
	for (int s = 0; s < STRATEGY_COUNT; s++)
		n_need += (need >> s) & 1;
	for (int s = 0; s < STRATEGY_COUNT; s++) {
		struct arrangement *a = &run->arr[run->n_arr];

		if (!(need & (1u << s)))
			continue;
		if (run->n_ready <= run->n_arr) {
			memset(a, 0, sizeof *a);
			run->n_ready = run->n_arr + 1;
		}
		if (work_stopped(req->work, err) != 0)
			return RUN_STOPPED;
		/* The search reports inside its own step. */
		run->step = (struct work_step){ req->work,
		    PROGRESS_STRATEGIES_FROM +
		    PROGRESS_STRATEGIES_SPAN * k_done / n_need,
		    PROGRESS_STRATEGIES_SPAN / n_need };
		k_done++;
		work_progress(req->work, strategy_name((enum strategy)s),
		    run->step.from);
		if ((s == STRATEGY_OPTIMIZED ? run_optimized(run, a) :
		    s == STRATEGY_POSITIONS ? run_positions(run, a) :
		    run_strategy(run, (enum strategy)s, a)) != 0)
			return RUN_NOMEM;
		a->returned = (req->strategies & (1u << s)) != 0;
		run->n_arr++;
	}
	return work_stopped(req->work, err) != 0 ? RUN_STOPPED : RUN_DONE;
}

/* The returned arrangements into run->order, stably sorted by quality
 * score, highest first; the expansion noted as upstream does. */
static void
order_returned(struct run *run)
{
	for (int k = 0; k < run->n_arr; k++) {
		const struct arrangement *x = &run->arr[k];
		int j = run->n_order;

		if (!x->returned)
			continue;
		note_expansion(run, &x->r);
		while (j > 0 && run->arr[run->order[j - 1]].q.final_score.v <
		    x->q.final_score.v) {
			run->order[j] = run->order[j - 1];
			j--;
		}
		run->order[j] = k;
		run->n_order++;
	}
}

int
arrange_write(const struct arrange_request *req, struct json_out *out,
    struct vb_error *err)
{
	struct run *run;
	int rc = -1;

	if (req->score == NULL || req->score->n_unique == 0)
		return vb_error_set(err, RPC_APP_ERROR, "ERR_NO_NOTES", NULL,
		    "No notes found in music file");
	if (locks_check(req, err) != 0)
		return -1;
	run = malloc(sizeof *run);
	if (run == NULL)
		goto oom;
	memset(run, 0, offsetof(struct run, arr));
	run->req = req;
	run->minimum_players = -1;
	if (timing_init_table(&run->t, req->score, req->choir != NULL) != 0)
		goto oom;
	run->t.musical_time = req->choir != NULL &&
	    req->choir->include_musical_time;
	if (req->choir != NULL && req->choir->request->set_given)
		copies_plan(&run->t, &req->choir->request->set, &run->copies);
	run->scratch = malloc((run->t.n + 1) * sizeof *run->scratch);
	if (run->scratch == NULL || expand_players(run) != 0)
		goto oom;
	switch (run_all(run, err)) {
	case RUN_NOMEM:
		goto oom;
	case RUN_STOPPED:
		goto out;
	}
	work_progress(req->work, "writing the result", 90);
	order_returned(run);
	if (run->n_order == 0) {
		vb_error_set(err, RPC_APP_ERROR, "ERR_GENERATION_FAILED", NULL,
		    "Failed to generate any arrangements");
		goto out;
	}
	if (write_result(run, out) != 0) {
		if (work_stopped(req->work, err) != 0)
			goto out;
		goto oom;
	}
	rc = 0;
	goto out;
oom:
	vb_error_nomem(err, "while arranging");
out:
	if (run != NULL) {
		for (int k = 0; k < run->n_ready; k++)
			arrangement_fini(&run->arr[k]);
		free(run->expanded);
		free(run->exp_names);
		free(run->scratch);
		timing_fini(&run->t);
		free(run);
	}
	return rc;
}
