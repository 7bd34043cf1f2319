#!/bin/sh
# make bench: speed and memory figures through the protocol, as a table.
# Targets (from the issues): ready < 10 ms, RSS < 5 MB idle; arrange at
# least 50x faster than upstream (hymn < 1 ms, blupi < 11 ms), RSS < 10 MB.
set -eu
BIN=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
top=$(cd "$(dirname "$0")/../.." && pwd)
out=$(dirname "$BIN")/vbbench
cc -O2 -std=c11 -Wall -Werror -o "$out" "$top/tests/bench/vbbench.c"

cpu=$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')
echo "machine: $(nproc) cores, $cpu, $(uname -sr)"
echo "binary:  $BIN ($(stat -c %s "$BIN") bytes)"
echo
printf '%-44s %10s %10s %10s\n' "measure" "median ms" "p90 ms" "peak RSS KiB"
row() { printf '%-44s %10s %10s %10s\n' "$1" $2; }

row "spawn to ready line (200 spawns)" "$("$out" ready "$BIN" 200)"
row "ping round trip (5000 calls)" "$("$out" call "$BIN" 5000 '{"jsonrpc":"2.0","id":1,"method":"ping"}')"

# Per-method figures appear as the methods exist.
if "$BIN" --log-level quiet </dev/null | grep -q '"upload"'; then
	for f in "$top"/tests/corpus/*.mid "$top"/tests/corpus/*.musicxml "$top"/tests/corpus/*.mxl; do
		req=$(printf '{"jsonrpc":"2.0","id":1,"method":"upload","params":{"path":"%s"}}' "$f")
		row "upload $(basename "$f")" "$("$out" call "$BIN" 20 "$req")"
	done
fi
for extra in "$top"/tests/bench/bench-*.sh; do
	[ -f "$extra" ] && BIN="$BIN" VBBENCH="$out" TOP="$top" sh "$extra"
done
exit 0
