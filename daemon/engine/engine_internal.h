/*
 * engine_internal.h - what the engine's files share: the per-request
 * timing context (note times, per-pitch event lists), one arrangement's
 * players, and the steps of the pipeline.  Not for use outside engine/
 * except by its unit tests.
 *
 * Pitches stand for bells everywhere: upstream keys bells by name, and
 * a name is one-to-one with a MIDI pitch 0..127, so pitch-indexed tables
 * replace its dicts.
 */
#ifndef VB_ENGINE_INTERNAL_H
#define VB_ENGINE_INTERNAL_H

#include <stddef.h>
#include <stdint.h>

#include "engine.h"

#define NPITCH 128
enum { HAND_LEFT = 0, HAND_RIGHT = 1, HAND_NONE = -1 };

/* A number as Python typed it: JSON writes 50 for an int, 50.0 for a
 * float, so the engine tracks which one upstream's arithmetic made. */
struct pynum {
	double v;
	int is_int;
};

static inline struct pynum pyint(double v) { return (struct pynum){ v, 1 }; }
static inline struct pynum pyfloat(double v) { return (struct pynum){ v, 0 }; }

/* Python's round(x, nd) for a float (half-even on the exact value). */
double py_round(double x, int nd);
/* Python's int(round(x)). */
long long py_round_int(double x);

/* simulation_builder.py _get_bell_data, rounded as upstream. */
struct bell_data {
	double diameter_in;     /* round(, 3) */
	struct pynum weight_oz; /* round(, 1): int for table pitches */
	double canvas_px;       /* round(, 1) */
};
void bell_data_for_pitch(int pitch, struct bell_data *out);
/* The same from choir mode's table, G1..C9 (bell_tables.h). */
void choir_bell_data_for_pitch(int pitch, struct bell_data *out);
/* All NPITCH pitches' bell data, computed once (borrowed, static):
 * upstream's table, and choir mode's. */
const struct bell_data *bell_data_table(void);
const struct bell_data *choir_bell_data_table(void);

/* Upstream parses its own bell names back; names of pitches 0..11
 * ("C-1") do not parse (PROTOCOL.md section 7). */
static inline int name_parses(int pitch) { return pitch >= 12; }

/*
 * Everything about the score the strategies and scores read, computed
 * once per request.  Note indices are into score->notes (upstream order).
 */
struct timing {
	const struct score *score;
	size_t n;
	double *start_ms;           /* per note: upstream's time conversion;
	                               owns the block of all per-note
	                               arrays below (timing.c) */
	double *dur_ms;
	uint32_t *order_ms;         /* notes by (start_ms, index) */
	uint8_t *pitch_by_ms;       /* their pitches: a compact array that
	                               per-player scans walk in cache */
	uint32_t *order_tick;       /* notes by (tick, index) */
	uint32_t off[NPITCH + 1];   /* per-pitch slices of the next three */
	uint32_t *pitch_ms;         /* a pitch's notes by (start_ms, index) */
	double *pitch_start;        /* their start and end (start + dur), */
	double *pitch_end;          /* laid out as pitch_ms, for the scans */
	uint32_t *pitch_tick;       /* a pitch's notes by (tick, index) */
	uint32_t *pitch_ms_at;      /* laid out as pitch_ms: each note's */
	uint32_t *pitch_tick_at;    /* place in order_ms / order_tick */
	double fatigue[NPITCH];     /* sum dur_ms * weight, note order */
	double snake_fatigue[NPITCH]; /* sum max(0, end-start) * weight */
	double snake_activity[NPITCH];
	size_t freq[NPITCH];        /* note_frequencies (pitch 0 skipped) */
	const struct bell_data *bell; /* bell_data_table() or choir mode's:
	                                 shared, static */
	int unique[NPITCH], n_unique;
	int melody[NPITCH], n_melody;
	unsigned char is_melody[NPITCH];
	int tempo_bpm;
	int ticks_per_beat;         /* simulation's: MusicXML gives 1 */
	const char *format;         /* "midi" or "musicxml" */
	double duration_ms;         /* max(start + dur) */
	int musical_time;           /* choir mode: simulation events carry
	                               measure and beat */
	/* A bell is a key: its pitch, or for the second copy of a set's
	 * duplicated bell (copies.c) a pitch the piece does not ring,
	 * standing for it.  real[key] is the bell's pitch (the identity but
	 * for such keys); own_bell, the table such a timing owns. */
	uint8_t real[NPITCH];
	struct bell_data *own_bell;
};

/* The pitch a bell key stands for, and is it a second copy? */
static inline int bell_pitch(const struct timing *t, int key)
{
	return t->real[key];
}
static inline int bell_is_copy(const struct timing *t, int key)
{
	return t->real[key] != key;
}
/* The name of a bell key: its pitch's ("D5" for either copy). */
const char *bell_key_name(const struct timing *t, int key, char *buf,
    size_t len);

/* Fills t for score s; returns 0 or -1 (out of memory). */
int timing_init(struct timing *t, const struct score *s);
/* The same with choir mode's bell table when choir_table is set. */
int timing_init_table(struct timing *t, const struct score *s,
    int choir_table);
/* The same for a score whose second copies ring under keys (real: key ->
 * pitch), each key given its pitch's data from base's table. */
int timing_init_keys(struct timing *t, const struct score *s,
    const struct bell_data *base, const uint8_t *real);
void timing_fini(struct timing *t);
/*
 * The notes of k distinct pitches in one of the piece's orders: ms order
 * (order_ms) or tick order (order_tick).  Up to TIMING_MERGE_MAX pitches
 * it merges their slices (at pitch_ms_at / pitch_tick_at), so a player's
 * notes cost their own, not a walk of the piece; past that it walks the
 * order.  Writes out[] (room for n) and returns how many.
 */
#define TIMING_MERGE_MAX 8
size_t timing_merge(const struct timing *t, int tick_order,
    const int *pitch, int k, uint32_t *out);

/* One player of an arrangement (upstream's assignments[name]). */
struct eplayer {
	const char *name;           /* borrowed (request or name slab) */
	enum player_level level;
	int is_virtual;
	int is_original;            /* in the request (not virtual) */
	int n_bells, n_left, n_right;
	uint8_t bells[NPITCH];
	uint8_t left[NPITCH];
	uint8_t right[NPITCH];
	int8_t hand_map[NPITCH];    /* strategies' _hand_map; HAND_NONE */
	char position[32];          /* "positions": "C6-D6", "C4-F4"; a kept
	                               one and a new: "C6-D6+G6-A6"; "" */
	uint8_t techniques;         /* TECH_* the player declared */
	uint8_t kept;               /* holds bells kept from previous */
	uint8_t hold_from;          /* config.four_in_hand_from (pitch) */
};

/* A player list in upstream's dict order, with room for the fallback
 * virtual players a strategy may add. */
struct roster {
	struct eplayer *p;
	size_t n, cap;
	char (*names)[40];          /* "Virtual Player N" slab, cap entries */
	size_t n_names;
	const struct bell_locks *locks; /* borrowed; NULL: none.  Owners
	                               index the request players, which are
	                               the roster's first until trimming */
};

/* Is bell p locked (the locks param)? */
static inline int
bell_locked(const struct roster *r, int p)
{
	return r->locks != NULL && r->locks->owner[p] != 0;
}
/* Locked bells into their owners (in their hand when named: hand lists
 * when lists is set, else hand_map), before a strategy; marks them in
 * assigned[] when given. */
void locks_place(struct roster *r, int lists, unsigned char *assigned);
/* difficulty.c: the arrangement's "difficulty" (include_difficulty). */
void difficulty_write(const struct timing *t, const struct roster *r,
    const int *swaps, int impossible_gap_ms, struct json_out *o);

/* previous.c: a previous arrangement's bells placed with their ringers
 * (hand lists; positions kept as labels), and changes_from_previous. */
void previous_place(struct roster *r, const struct timing *t,
    const struct bell_previous *pv);
void previous_changes_write(const struct roster *r, const struct timing *t,
    const struct bell_previous *pv, struct json_out *o);
/* Every locked bell is one the piece rings; else ERR_INVALID_LOCKS. */
int locks_check(const struct arrange_request *req, struct vb_error *err);

int roster_init(struct roster *r, size_t cap);
void roster_fini(struct roster *r);
/* Index of the player named name, or -1. */
int roster_find(const struct roster *r, const char *name);
/* Sets held[p] to 1 for every pitch p some player of r holds; the rest
 * of held is left as it is. */
void roster_mark_held(const struct roster *r, unsigned char held[NPITCH]);

/* Bells per level, gaps per level, as upstream's .get() defaults say. */
int level_swap_gap(const struct arrange_config *c, enum player_level l);
int level_rank(enum player_level l);
int level_capable(enum player_level l);

/* strategies.c: assign_bells() - a strategy, the virtual fallback and
 * _assign_hands.  r holds the (expanded) players, no bells yet. */
int strategy_assign(enum strategy s, const struct timing *t,
    const struct arrange_config *c, struct roster *r);
/* _check_swap_gap_for_hand, exposed for tests. */
int swap_gap_ok(const struct timing *t, const uint8_t *hand, int n_hand,
    int newp, int min_gap);

/* swap_cost.c: one pair's cost on ticks. */
struct pair_cost {
	uint8_t a, b;
	int transitions;
	double avg_gap;             /* ticks; +inf when no transition */
};
void pair_cost_compute(const struct timing *t, int a, int b,
    struct pair_cost *out);
/* All pairs of notes[] in order i<j (unparseable skipped), stably
 * sorted by (transitions, -avg_gap).  Returns a new array (free()),
 * count in *n; NULL with *n == 0 when there are none or on no memory
 * (*oom set). */
struct pair_cost *pair_costs_build(const struct timing *t, const int *notes,
    int n_notes, size_t *n, int *oom);

/* conflict.c */
void conflict_resolve_duplicates(struct roster *r);
void conflict_balance(struct roster *r);
void conflict_experience_pass(struct roster *r, size_t n_expanded);
/* Returns the number of original players removed. */
int trim_players(struct roster *r);

/* validate.c */
struct validation {
	int n_issues;
	int n_over;                 /* players over RESOLVER_MAX_BELLS */
	int total_bells, unique_bells, max_seen;
	int has_duplicates;
	int n_dups;                 /* bells held twice, in the order */
	uint8_t dups[NPITCH];       /* their second holder is met */
	struct pynum utilization;   /* unique / total (int 0 for none) */
};
struct quality {
	int hard_fail;
	int dropped, impossible, pressure;
	struct pynum playability, bell_fairness, fatigue_fairness;
	int over_swap_penalty;
	struct pynum hand_pressure_penalty;
	int below_two, spread, penalty_a, penalty_b;
	double cv, max_ratio;
	struct pynum ratio_penalty;
	struct pynum final_score;
	unsigned char *over_five;   /* per roster player: > 5 swaps */
};
void validate_arrangement(const struct roster *r, struct validation *v);
int quality_breakdown(const struct timing *t, const struct roster *r,
    int impossible_gap_ms, struct quality *q);

/* One player's part of the quality breakdown: the breakdown is a function
 * of these alone (and of the bells dropped), which lets a search re-score
 * an arrangement after a move by recomputing only the players it moved. */
struct player_stats {
	int n_bells;
	int swaps, pressure, impossible;
	double fatigue;
};
void player_stats_compute(const struct timing *t, const struct eplayer *pl,
    int impossible_gap_ms, struct player_stats *ps);
/* Each bell's hand (HAND_NONE where none): the hand lists, then bells in
 * neither go left (the simulation) or by index parity (the breakdown). */
void player_hand_map(const struct eplayer *pl, int parity, int8_t *hand);
/* A player's swaps are the sum of their two hands', each a function of
 * the hand's bells (in the player's bell order) alone. */
struct hand_stats {
	int swaps, pressure, impossible;
};
void hand_stats_compute(const struct timing *t, const uint8_t *bells, int nb,
    int impossible_gap_ms, struct hand_stats *hs);

/*
 * A hand's notes in upstream's order: its bells' per-pitch lists (sorted
 * by start, then note order) merged by start, the bell listed first on
 * ties.  hand_walk_next gives the next note's bell index and start, and
 * end through *end; -1 when every list is done.  Inline: it is the inner
 * loop of the breakdown and of the search.
 */
struct hand_walk {
	uint32_t pos[NPITCH], end[NPITCH];
	int nb;
};

static inline void
hand_walk_init(struct hand_walk *w, const struct timing *t,
    const uint8_t *bells, int nb)
{
	w->nb = nb;
	for (int k = 0; k < nb; k++) {
		w->pos[k] = t->off[bells[k]];
		w->end[k] = t->off[bells[k] + 1];
	}
}

static inline int
hand_walk_next(struct hand_walk *w, const struct timing *t, double *start,
    double *end)
{
	int best = -1;
	double s = 0;

	for (int k = 0; k < w->nb; k++) {
		if (w->pos[k] == w->end[k])
			continue;
		double sk = t->pitch_start[w->pos[k]];
		if (best < 0 || sk < s) {
			best = k;
			s = sk;
		}
	}
	if (best >= 0) {
		*start = s;
		*end = t->pitch_end[w->pos[best]++];
	}
	return best;
}

/* One swap with gap ms to change: counted, and as pressured or
 * impossible when the gap is under their limits. */
void hand_stats_swap(struct hand_stats *hs, double gap, int impossible_gap_ms);
void player_stats_add_hand(struct player_stats *ps, const struct hand_stats *hs);
/* The breakdown from n players' stats; q->over_five must hold n bytes.
 * exact 0 computes the fatigue spread in hardware long double: a search's
 * guidance, not a score to report.  Returns 0 or -1 (out of memory). */
/* statistics.pstdev of x[0..n), correctly rounded in all but
 * vanishingly rare cases (validate.c). */
double quality_pstdev(const double *x, size_t n);
int quality_from_stats(const struct timing *t, const struct player_stats *ps,
    size_t n, int dropped, int exact, struct quality *q);

void write_pynum(struct json_out *o, struct pynum v);
/* A macro, so that a literal key stays one for json_out_key. */
#define write_key_pynum(o, key, v) \
	(json_out_key((o), (key)), write_pynum((o), (v)))
void validation_write(const struct roster *r, const struct validation *v,
    struct json_out *o);
void quality_write(const struct roster *r, const struct quality *q,
    struct json_out *o);

/* Which of two arrangements is better: fewer bells over a weight limit
 * (choir mode; 0 otherwise), then a higher score, then fewer swaps. */
static inline int
rank_better(int heavy_a, double score_a, long swaps_a, int heavy_b,
    double score_b, long swaps_b)
{
	if (heavy_a != heavy_b)
		return heavy_a < heavy_b;
	if (score_a != score_b)
		return score_a > score_b;
	return swaps_a < swaps_b;
}

/* optimize.c: the "optimized" strategy's search from start into out (a
 * new roster: roster_fini()).  Returns 0 or -1 (out of memory). */
struct search_report {
	long tried, accepted;       /* moves possible and tried; kept */
	double start_score;
	const char *stopped_by;     /* "iterations", "work" or "time" */
	double elapsed_ms;
	long long work;
};
/* Progress of arrange: 0..10% reading an inline song, then each strategy
 * an equal step of 10..90%, then writing the result. */
#define PROGRESS_STRATEGIES_FROM 10
#define PROGRESS_STRATEGIES_SPAN 80

int optimize_search(const struct timing *t, const struct arrange_config *c,
    const struct roster *start, const struct bell_previous *pv,
    struct roster *out, struct search_report *rep,
    const struct work_step *step);

/* techniques.c: a hand holding two bells (four-in-hand, Shelley). */
struct hand_hold {
	int n, moved;               /* bells held; a change happened */
	int b[2];                   /* b[0] the one rung last */
};
/* May pl hold a and b in one hand? */
int hold_pairable(const struct eplayer *pl, int a, int b);
/* Bell p rung by hand h (with: the bell that hand strikes at the same
 * onset, or -1; read only for Shelley alone): 1 when it had to be picked
 * up (a swap), with the bells put down first in put[0..*n_put). */
int hold_ring(struct hand_hold *h, const struct eplayer *pl, int p, int with,
    int put[2], int *n_put);
/* Shelley without four-in-hand: two bells in a hand only struck
 * together. */
int hold_shelley_only(const struct eplayer *pl);
/* The pitch the same hand (hand[]) strikes at the tick of note seq[i]
 * (seq: note indices in time order, n of them), or -1. */
int hold_partner(const struct timing *t, const uint32_t *seq, size_t n,
    size_t i, const int8_t *hand);
/* Does the technique change anything for these bells of one hand? */
int hand_uses_technique(const struct eplayer *pl, const uint8_t *bells,
    int nb);
/* hand_stats_compute for pl's hand (upstream's when no technique). */
void hand_stats_compute_held(const struct timing *t,
    const struct eplayer *pl, const uint8_t *bells, int nb,
    int impossible_gap_ms, struct hand_stats *hs);

/* positions.c: the "positions" strategy and what it reports. */
enum pos_event { POS_UNUSED, POS_COMBINED, POS_SPLIT, POS_SHARED, POS_IDLE,
	POS_MOVED };
struct pos_entry {
	enum pos_event kind;
	char a[24], b[32], c[48];   /* labels, spellings, a ringer */
	char holder[48];
	char d[32];                 /* moved: the position it went to */
	long n, n_home;             /* rings of each spelling (shared) */
	int duplicate;              /* the set owns two: one each */
	int hand;                   /* moved: 0 left, 1 right */
	int reason;                 /* moved: enum move_reason */
	int pitch, other_nat;       /* shared: the bell, the natural the
	                               other position writes it on */
};
struct positions_report {
	int table;                  /* index: positions_table_name() */
	int impossible;             /* impossible swaps left */
	int work_limit;             /* 1: a smaller search (other plans) */
	struct pos_entry *entries;
	size_t n, cap;
};
int positions_table_for(const struct timing *t, const struct bell_set *set);
/* The natural (numbered from C-1) a note is written on. */
int written_natural(const struct note *n);
const char *positions_table_name(int table);
void position_label(int nlo, int nhi, char *buf, size_t len);
int positions_assign(const struct timing *t, const struct arrange_config *c,
    const struct bell_set *set, struct roster *r,
    struct positions_report *rep, int *trimmed);
void positions_report_write(const struct positions_report *rep,
    const struct timing *t, struct json_out *o);
void positions_report_free(struct positions_report *rep);
/* Why a bell was passed to another ringer. */
enum move_reason { MOVE_IMPOSSIBLE, MOVE_IDLE_ACCIDENTAL };
/* A bell passed from one ringer (at from_pos) to another, in hand. */
int positions_report_move(struct positions_report *rep, const char *bell,
    const char *from, const char *from_pos, const char *to,
    const char *to_pos, int hand, enum move_reason why);
/* positions_hands.c: bells moved between hands and ringers until no
 * impossible swap is left (pos: each roster player's position index, or
 * -1); when that cannot be done the layout is left as it was.  Fills
 * rep->impossible.  Returns 0, or -1 when out of memory. */
int positions_avoid_impossible(const struct timing *t,
    const struct arrange_config *c, struct roster *r, const int *pos,
    struct positions_report *rep);
/* positions_hands.c: a combined position's idle treble accidentals to
 * ringers with a free hand (combined: per player, their position was
 * combined).  Returns 0, or -1 when out of memory. */
int positions_free_accidentals(const struct timing *t,
    const struct arrange_config *c, struct roster *r, const int *pos,
    const int *combined, struct positions_report *rep);

/*
 * copies.c: the second copies of a set's duplicated bells.  plan->key[p]
 * is the key p's second copy rings under (0: none), a pitch the piece
 * never rings.
 */
struct copy_plan {
	uint8_t key[NPITCH];
	int n;
};
void copies_plan(const struct timing *t, const struct bell_set *set,
    struct copy_plan *plan);
/* One arrangement's notes on second copies (on_copy: per note of the
 * request's score), and the score and timing that key them so. */
struct copy_split {
	int active;
	unsigned char *on_copy;
	struct score *score;        /* the request's, notes re-keyed (the
	                               struct and notes owned, the rest
	                               borrowed); t reads it, so a split
	                               may be copied */
	struct timing t;
};
int copies_split_build(const struct timing *base, const struct copy_plan *plan,
    const unsigned char *on_copy, struct copy_split *out);
void copies_split_free(struct copy_split *s);
/* Second copies given where the breakdown improves: r's ringers' tight
 * swaps to or from a duplicated bell rung by another ringer.  base is
 * the request's timing; split (kept, or made) the arrangement's.
 * Returns 0 or -1 (out of memory). */
int copies_relieve(const struct timing *base, const struct arrange_config *c,
    const struct copy_plan *plan, const struct bell_locks *locks,
    struct roster *r, struct copy_split *split);
/* "positions": a duplicated bell two positions write two ways is rung
 * from both where that scores no worse, then copies_relieve; each
 * shared_bells entry says whether its bell rings from both copies. */
int copies_for_positions(const struct timing *base,
    const struct arrange_config *c, const struct copy_plan *plan,
    const struct bell_locks *locks, struct positions_report *rep,
    struct roster *r, struct copy_split *split);
/* The arrangement's duplicate_bells (only when a second copy is rung). */
void copies_write(const struct timing *t, const struct roster *r,
    struct json_out *o);

/* swaps.c: SwapCounter per player (roster order). */
void swap_counts(const struct timing *t, const struct roster *r, int *out,
    uint32_t *scratch);

/* simulation.c: the timeline of one player, written as JSON. */
/* One event of a player's timeline, as upstream's simulation has it. */
enum { EV_PUT_DOWN, EV_PICK_UP, EV_RING };
struct sim_event {
	long long time_ms, gap_ms, duration_ms;
	int type, pitch, hand, tight, velocity;
	uint32_t note;      /* a ring's note */
	double at_ms;       /* time_ms unrounded: its measure and beat */
};

struct sim_scratch {
	uint32_t *notes;            /* n notes */
	struct sim_event *ev;       /* 4n events */
	struct sim_text *text;      /* event and bell texts, made once a
	                               request when first needed (.c) */
	/* A ring's text from its time on depends on its note alone: each
	 * note's, made when first written (ring_len 0: not yet), for the
	 * timing ring_t (another timing starts them afresh). */
	const struct timing *ring_t;
	char *ring_pool;            /* n x SIM_RING_AVG bytes */
	uint32_t *ring_off;
	unsigned char *ring_len;
	size_t n, pool_used;
};
int sim_scratch_init(struct sim_scratch *s, size_t n_notes);
void sim_scratch_fini(struct sim_scratch *s);
int simulation_write(const struct timing *t, const struct roster *r,
    int impossible_gap_ms, struct sim_scratch *s, struct json_out *o,
    const struct vb_work *work);
/*
 * One player's timeline, computed apart from its writing: hand_out gets
 * the hand of each pitch (HAND_NONE: not rung by them), s->ev the events
 * in upstream's time order, *fatigue their fatigue score.  Returns the
 * number of events.
 */
size_t simulation_player(const struct timing *t, const struct eplayer *pl,
    struct sim_scratch *s, int8_t *hand_out, double *fatigue);

/* verdict.c: is pitch too heavy for a player of level l (choir mode's
 * config.max_bell_weight_oz; never without a limit), and how many bells
 * of r are. */
int bell_too_heavy(const struct timing *t, const struct arrange_config *c,
    enum player_level l, int pitch);
int over_weight_count(const struct timing *t, const struct arrange_config *c,
    const struct roster *r);

/* verdict.c: choir mode's verdict of one arrangement, and the choir
 * block of the result (req->choir set). */
void verdict_write(const struct arrange_request *req, const struct timing *t,
    const struct roster *r, const struct quality *q, struct json_out *o);
void choir_block_write(const struct arrange_request *req, struct json_out *o);

#endif
