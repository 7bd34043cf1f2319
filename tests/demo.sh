#!/bin/sh
# make demo: the first thing a new user sees.  Arranges the bundled hymn
# for 8 ringers with the command line when it exists; until then shows the
# protocol: the ready line and a ping.
set -eu
BIN=$1
top=$(cd "$(dirname "$0")/.." && pwd)
song="$top/tests/corpus/upstream-o-for-a-thousand-tongues.mid"
if "$BIN" --log-level quiet </dev/null | grep -q arrange; then
	exec "$BIN" arrange "$song" \
	    --player Alice:experienced --player Bob:experienced \
	    --player Carol:intermediate --player Dan:intermediate \
	    --player Erin:intermediate --player Frank:intermediate \
	    --player Grace:beginner --player Hugo:beginner \
	    --csv "$top/build/demo-arrangement.csv" --overwrite
fi
echo "$ printf '{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\"}\\n' | $BIN"
printf '{"jsonrpc":"2.0","id":1,"method":"ping"}\n' | "$BIN"
