#!/bin/sh
# check-functions.sh [--self-test] [DIR] - fails when a function in DIR
# (default daemon/) outside the platform files is over MAX lines (80),
# from its opening brace to its closing one (HACKING.md, "Functions").
# A function is written as the code base writes them all: the name and
# its parameters, then "{" alone on a line, the body, "}" alone on a line.
#   --self-test  checks that a long function is caught (make test runs it)
set -u
MAX=${VB_MAX_FUNCTION_LINES:-80}

# Prints "LINES FILE:LINE NAME" for each function over MAX in the files.
long_functions() {
	awk -v max="$MAX" '
	FNR == 1 { start = 0; sig = "" }
	/^[A-Za-z_][A-Za-z0-9_ \t\*]*\(/ { sig = $0; sig_line = FNR }
	/^\{$/ { start = FNR; next }
	/^\}/ && start > 0 {
		n = FNR - start + 1
		if (n > max) {
			name = sig
			sub(/\(.*/, "", name)
			sub(/.*[ \t\*]/, "", name)
			printf "%d %s:%d %s\n", n, FILENAME, sig_line, name
		}
		start = 0
	}' "$@"
}

if [ "${1:-}" = "--self-test" ]; then
	tmp=$(mktemp -d "${TMPDIR:-/tmp}/vbfn.XXXXXX")
	trap 'rm -rf "$tmp"' EXIT
	{
		printf 'static int\nshort_one(void)\n{\n\treturn 0;\n}\n\n'
		printf 'int\nlong_one(int a)\n{\n'
		i=0
		while [ $i -lt "$MAX" ]; do echo "	a++;"; i=$((i + 1)); done
		printf '\treturn a;\n}\n'
	} >"$tmp/t.c"
	out=$(long_functions "$tmp/t.c")
	case $out in
	*" long_one") ;;
	*) echo "self-test: the long function was not caught: '$out'"; exit 1 ;;
	esac
	case $out in
	*short_one*) echo "self-test: a short function was caught"; exit 1 ;;
	esac
	echo "functions self-test: ok"
	exit 0
fi

dir=${1:-$(dirname "$0")/../daemon}
files=$(find "$dir" -name '*.c' ! -name 'platform_*.c' | LC_ALL=C sort)
out=$(long_functions $files)
if [ -n "$out" ]; then
	echo "functions over $MAX lines (split them into named steps):"
	echo "$out" | sort -rn
	exit 1
fi
echo "functions: none over $MAX lines"
