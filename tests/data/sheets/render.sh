#!/bin/sh
# render.sh - the three fixture pieces' sheets, to look at (README.md).
#   sh tests/data/sheets/render.sh [OUT]    (default build/sheets)
set -eu
top=$(cd "$(dirname "$0")/../../.." && pwd)
bin=${VIBEBELLSD:-$top/build/vibebellsd}
out=${1:-$top/build/sheets}
here=$top/tests/data/sheets
mkdir -p "$out"
render() {
	name=$1 song=$2 players=$3
	shift 3  # the rest: choir-mode options
	"$bin" arrange "$top/tests/corpus/$song" --players "$here/$players" "$@" \
	    --pdf "$out/$name-letter.pdf" --png "$out/$name.png" --dpi 100 \
	    --overwrite >/dev/null
	"$bin" arrange "$top/tests/corpus/$song" --players "$here/$players" "$@" \
	    --pdf "$out/$name-a4.pdf" --page a4 --overwrite >/dev/null
	"$bin" arrange "$top/tests/corpus/$song" --players "$here/$players" "$@" \
	    --png "$out/$name-chart.png" --document chart --dpi 100 \
	    --overwrite >/dev/null
}
render hymn upstream-o-for-a-thousand-tongues.mid choir-8.json
render long blupi-music004.mid choir-8.json
render many musescore-fugue-1.mid choir-24.json
# Choir mode: a set without E4, two D5s, handchimes below it (the cover
# marks chimes, moved notes and the set's copies).
render choir upstream-o-for-a-thousand-tongues.mid choir-8.json \
    --bell-set "$here/bell-set-chimes.json" --octave-shift 0 \
    --out-of-range chime
ls "$out"
