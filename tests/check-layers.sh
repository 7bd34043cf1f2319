#!/bin/sh
# check-layers.sh [DIR] - fails when an #include in DIR (default daemon/)
# points the wrong way.  The layers, each allowed to include only itself
# and what its line names (HACKING.md, "Layers"):
#
#   core       nothing: the error struct, limits, platform, UTF-8, JSON text
#   music      core: the score model, loaders, store
#   engine     core music: the arrangement engine reads the score
#   export     core music engine: formatters read the score (and results)
#   methods    core music engine export: one file per method; the params
#   transport  core methods: framing, dispatch, serve; never the engine
#   cli        core methods transport: a second front end, beside the
#              transport, that runs the methods through dispatch_call
#   main.c     anything
#
# The data flow of a request is transport -> methods -> music -> engine
# -> export; each later stage reads the earlier one's types, so includes
# point from export down to music, and core is below all.
#   --self-test  checks that a wrong include is caught (make test runs it)
set -u

allowed() {
	case $1 in
	core) echo "core" ;;
	music) echo "core music" ;;
	engine) echo "core music engine" ;;
	export) echo "core music engine export" ;;
	methods) echo "core music engine export methods" ;;
	transport) echo "core methods transport" ;;
	cli) echo "core methods transport cli" ;;
	*) echo "" ;;
	esac
}

check() {
	dir=$1
	bad=0
	for f in $(cd "$dir" && find . -name '*.[ch]' | sed 's|^\./||' | sort); do
		case $f in
		*/*) layer=${f%%/*} ;;
		*) continue ;;   # main.c and other top-level files
		esac
		ok=$(allowed "$layer")
		if [ -z "$ok" ]; then
			echo "layers: $f: folder '$layer' is in no layer (add it to tests/check-layers.sh)"
			bad=1
			continue
		fi
		# Each quoted include, resolved against the file's folder.
		for inc in $(sed -n 's/^[[:space:]]*#[[:space:]]*include[[:space:]]*"\([^"]*\)".*/\1/p' "$dir/$f"); do
			target=$(cd "$dir/$(dirname "$f")" 2>/dev/null && \
			    realpath -m --relative-to="$(cd "$dir" && pwd)" "$inc")
			case $target in
			*/*) tl=${target%%/*} ;;
			*) tl=main ;;
			esac
			case " $ok " in
			*" $tl "*) ;;
			*) echo "layers: $f includes $inc: $layer may include only: $ok"
			   bad=1 ;;
			esac
		done
	done
	return $bad
}

if [ "${1:-}" = --self-test ]; then
	t=$(mktemp -d)
	trap 'rm -rf "$t"' EXIT
	mkdir -p "$t/core" "$t/engine" "$t/transport"
	echo '#include "../core/a.h"' >"$t/engine/e.c"
	echo '#include "../engine/engine.h"' >"$t/transport/ready.c"
	: >"$t/core/a.h"
	out=$(check "$t")
	case $out in
	*"transport/ready.c includes ../engine/engine.h"*) ;;
	*) echo "layers self-test: a transport -> engine include was not caught"; exit 1 ;;
	esac
	case $out in
	*engine/e.c*) echo "layers self-test: an allowed include was refused"; exit 1 ;;
	esac
	echo "layers self-test: ok"
	exit 0
fi

top=$(cd "$(dirname "$0")/.." && pwd)
check "${1:-$top/daemon}" && echo "layers: every include points down"
