#!/bin/sh
# run.sh - vibebellsd.exe under Debian's wine64: the protocol transcripts,
# then one session per corpus file (upload, arrange with the simulation,
# export as CSV, JSON and MIDI, an atomic export to a path with a
# non-ASCII name, shutdown) run through both the Windows and the Linux
# build, the two outputs compared byte for byte with pids, uptimes and
# timestamps masked.  Ends with the same summary line as `make test`.
#
# usage: sh tests/windows/run.sh WIN_EXE LINUX_BIN
set -u
exe=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
lin=$(cd "$(dirname "$2")" && pwd)/$(basename "$2")
top=$(cd "$(dirname "$0")/../.." && pwd)
WINE=${WINE:-/usr/lib/wine/wine64}   # Debian 12 wine64 ships it here
[ -x "$WINE" ] || {
	VB_EXTRA_DEPS=wine64 sh "$top/tests/deps.sh" || exit 1
}
export WINEPREFIX="$top/build-win/wineprefix" WINEDEBUG=-all
mkdir -p "$WINEPREFIX"
t0=$(date +%s)
# First start creates the prefix (slow); do it outside the timings.
"$WINE" "$exe" --version >/dev/null 2>&1

pass=0 fail=0
out=$(mktemp -d "${TMPDIR:-/tmp}/vbwin.XXXXXX")
trap 'rm -rf "$out"' EXIT INT TERM

# 1. The transcripts, the daemon run as `wine64 vibebellsd.exe`.
# VB_PLATFORM: ${DEVICE} is NUL, @posix-only transcripts are skipped.
VB_PLATFORM=windows VIBEBELLSD=$exe VB_WRAPPER=$WINE node --test \
    --test-reporter=tap "$top/tests/conformance/transcripts.test.js" \
    >"$out/tr.tap" 2>&1
s=$(grep -c '^ok .*# SKIP' "$out/tr.tap")
p=$(( $(grep -c '^ok ' "$out/tr.tap") - s )); f=$(grep -c '^not ok ' "$out/tr.tap")
pass=$((pass + p)); fail=$((fail + f))
echo "transcripts under wine: $p passed, $f failed, $s skipped (POSIX-only)"
grep '^ok .*# SKIP' "$out/tr.tap" | sed 's/^ok [0-9]* - /  skipped: /'
grep -A3 '^not ok ' "$out/tr.tap" | grep -E '^not ok|transcript:' | head -40

# 2. The same session through both builds.
session() {
	VB_BIN=$1 VB_SONG=$2 VB_OUT=$3 VB_TOP=$top node "$top/tests/windows/session.js"
}
for song in "$top"/tests/corpus/*.mid "$top"/tests/corpus/*.musicxml \
    "$top"/tests/corpus/*.mxl; do
	name=$(basename "$song")
	mkdir -p "$out/lin" "$out/win"
	session "$lin" "$song" "$out/lin" >"$out/lin/$name.txt" 2>"$out/lin.err"
	session "$WINE $exe" "$song" "$out/win" >"$out/win/$name.txt" 2>"$out/win.err"
	if [ -s "$out/lin/$name.txt" ] && cmp -s "$out/lin/$name.txt" "$out/win/$name.txt"; then
		pass=$((pass + 1))
		echo "ok   same bytes: $name ($(wc -c <"$out/lin/$name.txt") bytes)"
	else
		fail=$((fail + 1))
		echo "FAIL differs: $name"
		cmp "$out/lin/$name.txt" "$out/win/$name.txt" | head -2
		head -c 300 "$out/win.err"
	fi
done
echo "wine session time: $(( $(date +%s) - t0 )) s"
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
