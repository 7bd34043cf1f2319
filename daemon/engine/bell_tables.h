/*
 * bell_tables.h - every domain constant of the arrangement engine, with
 * its origin.  Upstream = paintcode/vibebells @e137480, backend/.
 */
#ifndef VB_BELL_TABLES_H
#define VB_BELL_TABLES_H

/* config.py MAX_BELLS_PER_EXPERIENCE: experienced, intermediate, beginner. */
#define BELLS_EXPERIENCED   5
#define BELLS_INTERMEDIATE  3
#define BELLS_BEGINNER      2
/* Config values may be overridden per request within these bounds
 * (config.py MAX_BELLS_PER_PLAYER = 8 is the practical limit). */
#define BELLS_PER_LEVEL_MAX 8

/* config.py MIN_SWAP_GAP_MS: experienced, intermediate, beginner. */
#define SWAP_GAP_EXPERIENCED_MS   500
#define SWAP_GAP_INTERMEDIATE_MS  1000
#define SWAP_GAP_BEGINNER_MS      2000
/* Upper bound we accept for any configured gap: one hour. */
#define SWAP_GAP_MAX_MS           3600000

/* config.py IMPOSSIBLE_SWAP_GAP_MS: a same-hand swap faster than this
 * is physically impossible (quality hard fail). */
#define IMPOSSIBLE_SWAP_GAP_MS    500

/*
 * Literal defaults upstream falls back to for an experience string it
 * does not know: `max_bells_per_player.get(exp, 2)`, `gap_map.get(exp,
 * 1000)` (bell_assignment.py), `experience_max.get(exp, 2)`
 * (arrangement_generator.py).
 */
#define UNKNOWN_LEVEL_BELLS       2
#define UNKNOWN_LEVEL_GAP_MS      1000

/* Ours, the "optimized" strategy's budget (issue 11: at most 100 ms on
 * the largest corpus file on these machines).  What binds is machine-
 * independent - moves drawn, and work: notes walked re-scoring hands plus
 * a fixed cost per hand - so a request gives the same result anywhere;
 * blupi-music004 stops at about 50 ms here.  The time limit is a guard
 * for slow or loaded machines, generous so that it rarely decides. */
#define SEARCH_ITERATIONS         20000
#define SEARCH_ITERATIONS_MAX     10000000
#define SEARCH_MS                 1000
#define SEARCH_MS_MAX             60000
/* ... and a budget of work that does not depend on the machine: notes
 * walked re-scoring players, plus a fixed cost per player re-scored. */
#define SEARCH_WORK               8000000LL
#define SEARCH_MOVE_WORK          64

/* Ours (issue 20): the lowest bell a player declaring four-in-hand or
 * Shelley holds two of in one hand, C6.  From the sixth octave up a bell
 * weighs 13 oz or less (the Malmark table below; C5 is 24 oz), and the
 * treble is where directors teach four-in-hand (the five-octave layout
 * gives its four treble ringers C6-C8 four-in-hand). */
#define FOUR_IN_HAND_FROM         84

/* conflict_resolver.py: the hard-coded 8 of resolve_duplicates and
 * optimize_for_experience; arrangement_validator.py validate() default. */
#define RESOLVER_MAX_BELLS        8
/* conflict_resolver.py balance_assignments target_bells_per_player. */
#define BALANCE_TARGET_BELLS      2

/* arrangement_validator.py _calculate_playability_score pressure_gap_ms,
 * and simulation_builder.py build() tight_swap_threshold_ms. */
#define PRESSURE_GAP_MS           1000
#define TIGHT_SWAP_THRESHOLD_MS   1000

/* arrangement_validator.py: the quality weights. */
#define WEIGHT_PLAYABILITY        50
#define WEIGHT_BELL_FAIRNESS      30
#define WEIGHT_FATIGUE_FAIRNESS   20

/*
 * simulation_builder.py _MALMARK_DATA: MIDI pitch -> diameter (inches),
 * weight (ounces), from Malmark's specifications; diatonic pitches only,
 * others interpolated, outside G2..C8 clamped.
 */
struct malmark_bell {
	int pitch;
	double diameter_in;
	int weight_oz;
};

/* Malmark's rows G2 (43) to C8 (108): both tables below hold them. */
#define MALMARK_ROWS \
	{ 43, 14.0, 228 },  { 45, 13.0, 199 },  { 47, 11.125, 148 }, \
	{ 48, 10.875, 140 }, { 50, 10.25, 124 }, { 52, 9.75, 104 }, \
	{ 53, 9.0, 96 },    { 55, 8.125, 60 },  { 57, 7.5, 52 }, \
	{ 59, 7.25, 48 },   { 60, 6.75, 40 },   { 62, 6.625, 40 }, \
	{ 64, 6.125, 40 },  { 65, 5.875, 41 },  { 67, 5.625, 32 }, \
	{ 69, 5.125, 28 },  { 71, 4.75, 24 },   { 72, 4.5, 24 }, \
	{ 74, 4.25, 21 },   { 76, 4.25, 19 },   { 77, 4.125, 18 }, \
	{ 79, 3.875, 17 },  { 81, 3.625, 15 },  { 83, 3.5, 14 }, \
	{ 84, 3.375, 13 },  { 86, 3.25, 13 },   { 88, 3.125, 12 }, \
	{ 89, 3.0, 10 },    { 91, 2.875, 9 },   { 93, 2.75, 9 }, \
	{ 95, 2.625, 9 },   { 96, 2.5, 8 },     { 98, 2.5, 8 }, \
	{ 100, 2.375, 8 },  { 101, 2.375, 8 },  { 103, 2.25, 8 }, \
	{ 105, 2.25, 8 },   { 107, 2.25, 8 },   { 108, 2.25, 8 },

static const struct malmark_bell malmark_table[] = {
	MALMARK_ROWS
};
#define MALMARK_COUNT (sizeof malmark_table / sizeof malmark_table[0])

/*
 * Choir mode's table: every handbell made, G1 (31) to C9 (120), by
 * sounding pitch; chromatic bells interpolated between rows as upstream
 * does.  Upstream's table above stays for upstream's mode.
 *
 * G2..C8: the same Malmark figures upstream carries (simulation_builder.py
 * _MALMARK_DATA, "from Malmark's specifications").
 * C2 (36): 15.25 in across (a handbell-making summary: "Handbells range
 * in size from the C8, which is 2 in in diameter and weighs 7 oz, to the
 * C2, which is 15.25 in", experts123.com "How are Handbells Made?");
 * 280 oz = 17.5 lb, the middle of "the bronze C2 weighs between fifteen
 * and twenty pounds, depending on manufacturer" (choraegus.com, "What
 * does it mean to specialize in bass handbell ringing?", which also gives
 * C3 7-11 lb and C4 about 3 lb, matching the Malmark rows).
 * G1 (31) and C9 (120): ESTIMATES.  No maker's per-bell figure for the
 * largest and smallest bells could be found; G1 is extrapolated from the
 * C2-G2 slope (about 25 lb) and C9 from the treble rows (6 oz).
 * PROTOCOL.md, "Bell weights", says the same to clients.
 */
static const struct malmark_bell choir_bell_table[] = {
	{ 31, 17.0, 400 },  { 36, 15.25, 280 },
	MALMARK_ROWS
	{ 120, 2.0, 6 },
};
#define CHOIR_BELL_COUNT (sizeof choir_bell_table / sizeof choir_bell_table[0])

/*
 * Choir mode's default config.max_bell_weight_oz for beginners: 41 oz,
 * the heaviest bell from C4 up (F4 in the table).  Beginners ring the
 * "battery" C4-B5 and the treble; the bass bells C3-B3 are heavy and slow
 * to speak and go to two experienced ringers (David York, "Handbell
 * composition guidelines", Handbell Musicians of Canada).  Intermediate
 * and experienced ringers have no limit unless the request gives one.
 */
#define CHOIR_BEGINNER_MAX_WEIGHT_OZ 41
#define MAX_BELL_WEIGHT_OZ_MAX       1000

/* simulation_builder.py canvas mapping: C3 (10.875") -> 50 px, C8
 * (2.25") -> 10 px. */
#define CANVAS_DIAM_MAX 10.875
#define CANVAS_DIAM_MIN 2.25
#define CANVAS_PX_MAX   50.0
#define CANVAS_PX_MIN   10.0

#endif
