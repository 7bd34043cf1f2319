#!/bin/sh
# Runs each fuzz harness for SECONDS with its seeds and dictionary; prints
# executions per target; fails if any harness found a crash.
set -u
secs=$1; shift
top=$(cd "$(dirname "$0")/../.." && pwd)
here=$(pwd)
status=0
# Harnesses that reach export could write files: run them where that is
# harmless.
mkdir -p "$top/build-fuzz/sandbox"
cd "$top/build-fuzz/sandbox" || exit 1
for bin in "$@"; do
	case $bin in /*) ;; *) bin="$here/$bin" ;; esac
	name=$(basename "$bin" | sed 's/^fuzz_//')
	work="$top/build-fuzz/corpus-$name"
	mkdir -p "$work" "$top/build-fuzz/crashes-$name"
	seeds="$top/tests/fuzz/seeds/$name"
	[ -d "$seeds" ] || seeds=""
	dict="$top/tests/fuzz/$name.dict"
	[ -f "$dict" ] && dictarg="-dict=$dict" || dictarg=""
	log="$top/build-fuzz/$name.log"
	"$bin" -max_total_time="$secs" -rss_limit_mb=2048 -timeout=10 \
	    -artifact_prefix="$top/build-fuzz/crashes-$name/" $dictarg \
	    "$work" $seeds >"$log" 2>&1
	rc=$?
	execs=$(grep -oE 'stat::number_of_executed_units: *[0-9]+' "$log" | grep -oE '[0-9]+$')
	[ -n "$execs" ] || execs=$(grep -oE '^#[0-9]+' "$log" | tail -n 1 | tr -d '#')
	if [ $rc -ne 0 ]; then
		echo "FAIL fuzz $name: crash after ${execs:-?} runs (see $log)"
		grep -E 'ERROR|SUMMARY' "$log" | head -n 5
		status=1
	else
		echo "ok   fuzz $name: ${execs:-?} runs in ${secs}s, no crash"
	fi
done
exit $status
