#!/bin/sh
# make bench: client-js's rows (tests/bench/bench-client.js).
set -eu
# The daemon's own time for the whole-path rows: the same request through
# vbbench (median of 20).
P='[{"name":"Ringer 1","experience":"experienced"},{"name":"Ringer 2","experience":"experienced"},{"name":"Ringer 3","experience":"intermediate"},{"name":"Ringer 4","experience":"intermediate"},{"name":"Ringer 5","experience":"intermediate"},{"name":"Ringer 6","experience":"intermediate"},{"name":"Ringer 7","experience":"beginner"},{"name":"Ringer 8","experience":"beginner"}]'
own() {
	setup=$(printf '{"jsonrpc":"2.0","id":0,"method":"upload","params":{"path":"%s"}}' "$1")
	req=$(printf '{"jsonrpc":"2.0","id":1,"method":"arrange","params":{"score_id":"$SCORE","players":%s,"include_simulation":%s,"strategies":["experienced_first","balanced","min_transitions","fatigue_snake","activity_snake"]}}' "$P" "${2:-true}")
	"$VBBENCH" call "$BIN" 20 "$req" "$setup" | awk '{print $1}'
}
DAEMON_MS_004=$(own "$TOP/tests/corpus/blupi-music004.mid") \
DAEMON_MS_009=$(own "$TOP/tests/bench/songs/blupi-music009.mid") \
DAEMON_MS_004_BEST=$(own "$TOP/tests/corpus/blupi-music004.mid" '"best"') \
DAEMON_MS_009_BEST=$(own "$TOP/tests/bench/songs/blupi-music009.mid" '"best"') \
BIN="$BIN" TOP="$TOP" node "$TOP/tests/bench/bench-client.js"
