#!/bin/sh
# arrange latency through the protocol, per corpus file and player count
# (4, 8, 16; the simulation included, as the front end asks for it), and
# the daemon's peak RSS.  The rows "5s" run upstream's five strategies,
# the pipeline the targets below are about; the row "7s" is the default
# request, with the "optimized" search (issue 11: within 100 ms) and
# "positions" (issue 20); "pos" is "positions" alone (with few ringers
# its search for a layout without impossible swaps is the slow part).  Upstream on this kind of machine, 8 players:
# hymn 42 ms, musescore-fugue-1 88 ms, blupi-music004 ~550 ms; the target
# is 50x faster (hymn < 1 ms, blupi < 11 ms) and RSS < 10 MB.
set -eu
"$BIN" --log-level quiet </dev/null | grep -q '"arrange"' || exit 0
players() {
	n=$1 out="" i=0
	while [ $i -lt "$n" ]; do
		case $((i % 4)) in
		0) lvl=experienced ;; 1|2) lvl=intermediate ;; *) lvl=beginner ;;
		esac
		out="$out${out:+,}{\"name\":\"Ringer $((i + 1))\",\"experience\":\"$lvl\"}"
		i=$((i + 1))
	done
	printf '[%s]' "$out"
}
echo
for f in "$TOP"/tests/corpus/*.mid "$TOP"/tests/corpus/*.musicxml "$TOP"/tests/corpus/*.mxl; do
	[ -f "$f" ] || continue
	case $(basename "$f") in upstream-test-song.mid) continue ;; esac
	setup=$(printf '{"jsonrpc":"2.0","id":0,"method":"upload","params":{"path":"%s"}}' "$f")
	"$BIN" --log-level quiet </dev/null >/dev/null 2>&1 || true
	five='"strategies":["experienced_first","balanced","min_transitions","fatigue_snake","activity_snake"],'
	pos='"strategies":["positions"],'
	for run in "4 $five 5s" "8 $five 5s" "16 $five 5s" "8 - 7s" \
	    "4 $pos pos" "8 $pos pos"; do
		set -- $run
		n=$1 extra=$2 label=$3
		[ "$extra" = - ] && extra=
		req=$(printf '{"jsonrpc":"2.0","id":1,"method":"arrange","params":{%s"score_id":"$SCORE","players":%s}}' "$extra" "$(players $n)")
		if r=$("$VBBENCH" call "$BIN" 20 "$req" "$setup" 2>/dev/null); then
			printf '%-44s %10s %10s %10s\n' "arrange $(basename "$f") ${n}p $label" $r
		else
			printf '%-44s %10s\n' "arrange $(basename "$f") ${n}p $label" "refused"
		fi
	done
done
