#!/bin/sh
# make bench: client-js's rows (tests/bench/bench-client.js).
set -eu
BIN="$BIN" TOP="$TOP" node "$TOP/tests/bench/bench-client.js"
