#!/bin/sh
# make-goldens.sh - regenerate tests/data/golden/*.json.gz from upstream's
# own code (oracle.py) for every line of cases.txt.  Needs /usr/bin/python3
# with python3-mido and the upstream git dir (default: the mirror).
set -eu
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)
upstream=${UPSTREAM_GIT:-/work/.mirror/paintcode+vibebells/repo}
out="$repo/tests/data/golden"
mkdir -p "$out"
grep -v '^#' "$here/cases.txt" | while IFS='|' read -r name file players; do
	name=$(echo "$name" | tr -d ' ')
	file=$(echo "$file" | tr -d ' ')
	players=$(echo "$players" | sed 's/^ *//')
	/usr/bin/python3 "$here/oracle.py" "$upstream" \
	    "$repo/tests/corpus/$file" "$players" 2>/dev/null |
	    gzip -9n > "$out/$name.json.gz"
	echo "$name: $(zcat "$out/$name.json.gz" | wc -c) bytes"
done
