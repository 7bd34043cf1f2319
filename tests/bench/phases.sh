#!/bin/sh
# Where one arrange's time goes, by phase, for docs/PERFORMANCE.md.
#   sh tests/bench/phases.sh [BIN] [SONG...]
# Runs RUNS (default 20) arranges by path of each song (8 players,
# upstream's five strategies and the simulation, as the bench) under
# callgrind, and prints each phase's instructions per request: callgrind
# counts instructions, not seconds, so the figures repeat whatever else
# the machine does.  Each strategy is measured alone (strategies: [s],
# no simulation) less the same request's fixed part, and the search as
# the default request less the five.  The last column converts with the
# whole request's wall time (vbbench, median of 30) on this machine.
set -eu
top=$(cd "$(dirname "$0")/../.." && pwd)
BIN=${1:-$top/build/vibebellsd}
[ $# -gt 0 ] && shift
[ $# -gt 0 ] || set -- "$top/tests/corpus/upstream-o-for-a-thousand-tongues.mid" \
    "$top/tests/bench/songs/blupi-music009.mid"
RUNS=${RUNS:-20}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
command -v valgrind >/dev/null || { echo "phases: needs valgrind" >&2; exit 1; }
cc -O2 -std=c11 -o "$tmp/vbbench" "$top/tests/bench/vbbench.c"
P='[{"name":"R1","experience":"experienced"},{"name":"R2","experience":"intermediate"},{"name":"R3","experience":"intermediate"},{"name":"R4","experience":"beginner"},{"name":"R5","experience":"experienced"},{"name":"R6","experience":"intermediate"},{"name":"R7","experience":"intermediate"},{"name":"R8","experience":"beginner"}]'
FIVE='["experienced_first","balanced","min_transitions","fatigue_snake","activity_snake"]'

# requests FILE PARAMS: RUNS arranges of $song by path (each reads and
# parses the file, as a one-call client does; nothing is kept).
requests() {
	i=0
	while [ $i -lt "$RUNS" ]; do
		printf '{"jsonrpc":"2.0","id":%d,"method":"arrange","params":{"path":"%s","players":%s,%s}}\n' \
		    $i "$song" "$P" "$2"
		i=$((i + 1))
	done >"$1"
}
# profile NAME PARAMS: callgrind's inclusive counts, "function count".
profile() {
	requests "$tmp/$1.jsonl" "$2"
	valgrind -q --tool=callgrind --callgrind-out-file="$tmp/$1.cg" \
	    "$BIN" --log-level quiet <"$tmp/$1.jsonl" >/dev/null 2>&1
	callgrind_annotate --inclusive=yes "$tmp/$1.cg" 2>/dev/null |
	    sed -n 's/^ *\([0-9,]*\) ([ 0-9.]*%) *[^:]*:\([A-Za-z_0-9.]*\) .*/\2 \1/p' |
	    tr -d , >"$tmp/$1.fn"
}
# fn NAME FUNCTION: per-request instructions of that function.
fn() {
	awk -v f="$2" -v n="$RUNS" '$1 == f { s = $2 } END { printf "%d", s / n }' "$tmp/$1.fn"
}

for song in "$@"; do
	name=$(basename "$song")
	profile full "\"strategies\":$FIVE"
	profile default '"include_simulation":true'
	for s in experienced_first balanced min_transitions fatigue_snake activity_snake; do
		profile "$s" "\"strategies\":[\"$s\"],\"include_simulation\":false"
	done
	req=$(head -n 1 "$tmp/full.jsonl")
	wall=$("$tmp/vbbench" call "$BIN" 30 "$req" | awk '{print $1}')
	arrange=$(fn full arrange_run)
	# upload_score_new: read the bytes and parse them (score_load, which
	# ends by analysing the notes).
	read_i=$(($(fn full upload_score_new) - $(fn full score_load)))
	load_i=$(($(fn full score_load) - $(fn full score_analyse)))
	echo
	echo "$name: one arrange by path (8 players, upstream's five, simulation)"
	echo "wall time $wall ms (vbbench median of 30); instructions per request:"
	printf '  %-42s %12s %7s %9s\n' phase instructions share "~ms"
	row() {
		printf '  %-42s %12d %6.1f%% %9.3f\n' "$1" "$2" \
		    "$(echo "$2 $arrange" | awk '{print 100 * $1 / $2}')" \
		    "$(echo "$2 $arrange $wall" | awk '{print $3 * $1 / $2}')"
	}
	row "read the file" "$read_i"
	row "parse (SMF / XML)" "$load_i"
	row "analyse (melody, pitches)" "$(fn full score_analyse)"
	# json_fast reads the usual request; jansson what it declines.
	row "arrange: request JSON (json_fast, jansson)" \
	    "$(($(fn full json_fast_parse) + $(fn full json_loadb)))"
	row "arrange: params" "$(fn full arrange_params_parse)"
	row "arrange: timing (per-score tables)" "$(fn full timing_init_table)"
	# A strategy alone: the engine less its timing tables and output.
	for s in experienced_first balanced min_transitions fatigue_snake activity_snake; do
		row "strategy $s (with scoring)" \
		    "$(($(fn "$s" arrange_write) - $(fn "$s" timing_init_table) - $(fn "$s" write_result)))"
	done
	row "search (optimized: the default request, extra)" "$(fn default optimize_search)"
	row "arrange: simulation JSON" "$(fn full simulation_write)"
	row "arrange: other JSON out" "$(($(fn full write_result) - $(fn full simulation_write)))"
	row "the whole request" "$arrange"
done
