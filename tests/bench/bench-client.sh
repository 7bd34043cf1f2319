#!/bin/sh
# make bench: client-js's rows (tests/bench/bench-client.js).
set -eu
# The daemon's own time for the whole-path rows is taken by
# bench-client.js with vbbench, in turns with the client's runs.
BIN="$BIN" TOP="$TOP" VBBENCH="$VBBENCH" node "$TOP/tests/bench/bench-client.js"
