#!/bin/sh
# Runs every test suite and ends with one line "N passed, N failed".
#   BUILD         build folder (build, build-asan)
#   VB_ONLY       comma list of suites: layers,functions,unit,conformance,cli,client
#                 (default all)
#   VB_VALGRIND=1 run unit binaries and the daemon under valgrind
set -u
BUILD=${BUILD:-build}
ONLY=${VB_ONLY:-layers,functions,unit,conformance,cli,client}
top=$(cd "$(dirname "$0")/.." && pwd)
export VB_TEST_DIR="$top/tests"
export VIBEBELLSD="$top/$BUILD/vibebellsd"
# The names client-js and its tests read: the build under test, not
# build/ (make asan in a fresh clone has only build-asan/).
export VB_DAEMON="$VIBEBELLSD" VIBEBELLSD_PATH="$VIBEBELLSD"
passed=0
failed=0
skipped=0
log=$(mktemp)
trap 'rm -f "$log"' EXIT

want() { case ",$ONLY," in *",$1,"*) return 0;; esac; return 1; }

VG=""
if [ "${VB_VALGRIND:-0}" = 1 ]; then
	VG="valgrind -q --error-exitcode=99 --leak-check=full --show-leak-kinds=definite,indirect --errors-for-leak-kinds=definite,indirect"
	export VB_WRAPPER="$VG"
	export CK_FORK=no
fi

# A source check and its self-test (which shows the check can fail):
# run_check NAME SCRIPT.  Includes point down the layers
# (tests/check-layers.sh); no function is over 80 lines outside the
# platform files (tests/check-functions.sh).
run_check() {
	want "$1" || return 0
	for mode in --self-test ""; do
		if sh "$top/tests/$2" $mode >"$log" 2>&1; then
			echo "ok   $(tail -n 1 "$log")"
			passed=$((passed + 1))
		else
			echo "FAIL $1"; head -n 40 "$log"
			failed=$((failed + 1))
		fi
	done
}
run_check layers check-layers.sh
run_check functions check-functions.sh

if want unit; then
	for t in "$top/$BUILD"/tests/test_*; do
		[ -x "$t" ] || continue
		name=$(basename "$t")
		$VG "$t" >"$log" 2>&1
		rc=$?
		line=$(grep -E 'Checks: [0-9]+, Failures: [0-9]+, Errors: [0-9]+' "$log" | tail -n 1)
		n=$(echo "$line" | sed -E 's/.*Checks: ([0-9]+).*/\1/')
		f=$(echo "$line" | sed -E 's/.*Failures: ([0-9]+), Errors: ([0-9]+).*/\1 \2/' | awk '{print $1+$2}')
		if [ -z "$line" ]; then n=1; f=1; fi
		# A clean Check report but a non-zero exit (sanitizer, valgrind) is a failure.
		if [ "$rc" -ne 0 ] && [ "$f" -eq 0 ]; then f=1; fi
		if [ "$f" -ne 0 ]; then
			echo "FAIL unit $name"; grep -vE '^(Running suite|100%)' "$log" | head -n 40
		else
			echo "ok   unit $name ($n checks)"
		fi
		passed=$((passed + n - f)); [ $passed -lt 0 ] && passed=0
		failed=$((failed + f))
	done
fi

# Seconds a node suite may take (valgrind runs the daemon 20-50x slower).
SUITE_TIMEOUT=${VB_SUITE_TIMEOUT:-$([ "${VB_VALGRIND:-0}" = 1 ] && echo 3600 || echo 900)}

# node suites print "# pass N" / "# fail N" (node --test's TAP summary).
run_node() {
	label=$1; shift
	# A suite that hangs (a child that never exits, a browser that never
	# answers) fails here instead of holding CI until its deadline.
	timeout -k 10 "$SUITE_TIMEOUT" node "$@" >"$log" 2>&1
	rc=$?
	p=$(grep -E '^# pass [0-9]+' "$log" | tail -n 1 | awk '{print $3}')
	f=$(grep -E '^# fail [0-9]+' "$log" | tail -n 1 | awk '{print $3}')
	sk=$(grep -E '^# skipped [0-9]+' "$log" | tail -n 1 | awk '{print $3}')
	[ -n "$sk" ] || sk=0
	skipped=$((skipped + sk))
	[ -n "$p" ] || p=0
	[ -n "$f" ] || f=0
	if [ "$rc" -ne 0 ] && [ "$f" -eq 0 ]; then f=1; fi
	if [ "$f" -ne 0 ]; then
		[ "$rc" -eq 124 ] && echo "FAIL $label: timed out after $SUITE_TIMEOUT s"
		echo "FAIL $label"; grep -E '^not ok|# Subtest|Error|expected|actual|mismatch|^  ---' "$log" | head -n 60
	else
		echo "ok   $label ($p tests$([ "$sk" -gt 0 ] && echo ", $sk skipped"))"
	fi
	passed=$((passed + p)); failed=$((failed + f))
}

if want conformance; then
	run_node "conformance" --test --test-reporter=tap "$top/tests/conformance/"*.test.js
fi

if want cli; then
	run_node "cli" --test --test-reporter=tap "$top/tests/cli/"*.test.js
fi

if want client && [ -d "$top/client-js/test" ]; then
	run_node "client-js" --test --test-reporter=tap "$top/client-js/test/"*.test.js
fi

if [ "$skipped" -gt 0 ]; then
	echo "$passed passed, $failed failed, $skipped skipped"
else
	echo "$passed passed, $failed failed"
fi
[ "$failed" -eq 0 ]
