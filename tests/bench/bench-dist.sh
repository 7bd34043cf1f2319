#!/bin/sh
# bench-dist.sh - the release bundle's figures next to upstream's
# PyInstaller bundle (31.6 MB, 2-3 s to start, 50-70 MB RSS): tarball and
# binary size, spawn to ready line from the unpacked bundle (median of
# 20), peak RSS (VmHWM) after upload, arrange and export of the largest
# corpus file.  Run by tests/bench/run.sh (BIN, VBBENCH, TOP set) or by
# hand: TOP=. VBBENCH=build/vbbench sh tests/bench/bench-dist.sh
# Brings the bundle up to date (make dist); skips when it cannot.
set -eu
top=${TOP:-$(cd "$(dirname "$0")/../.." && pwd)}
version=$(cat "$top/VERSION")
arch=$(dpkg --print-architecture 2>/dev/null || uname -m)
tar=$top/dist/vibebellsd-$version-linux-$arch.tar.gz
song=$top/tests/corpus/blupi-music004.mid

if ! make -C "$top" --no-print-directory dist >/dev/null 2>&1; then
	echo "bundle: skipped (make dist failed)"
	exit 0
fi
tmp=$(mktemp -d "${TMPDIR:-/tmp}/vbbench-dist.XXXXXX")
trap 'rm -rf "$tmp"' EXIT INT TERM
tar -C "$tmp" -xzf "$tar"
bin=$tmp/vibebellsd-$version-linux-$arch/vibebellsd

kib() { echo "$(( ($1 + 512) / 1024 ))"; }
echo
echo "bundle: $(basename "$tar")"
printf '%-44s %14s %14s\n' "measure" "vibebellsd" "upstream"
printf '%-44s %11s KiB %14s\n' "tarball size" "$(kib "$(stat -c %s "$tar")")" "31.6 MB"
printf '%-44s %11s KiB %14s\n' "binary size (stripped)" "$(kib "$(stat -c %s "$bin")")" "-"
ready=$("$VBBENCH" ready "$bin" 20)
printf '%-44s %11s ms %14s\n' "spawn to ready line (median of 20)" "${ready%% *}" "2-3 s"

# arrange's own target (issue 4: blupi under 11 ms, RSS under 10 MB) on
# the binary users run: upload then arrange with 8 players, peak RSS of
# the whole session.
players='[{"name":"Ringer 1","experience":"experienced"},{"name":"Ringer 2","experience":"intermediate"},{"name":"Ringer 3","experience":"intermediate"},{"name":"Ringer 4","experience":"beginner"},{"name":"Ringer 5","experience":"experienced"},{"name":"Ringer 6","experience":"intermediate"},{"name":"Ringer 7","experience":"intermediate"},{"name":"Ringer 8","experience":"beginner"}]'
five='"strategies":["experienced_first","balanced","min_transitions","fatigue_snake","activity_snake"],'
for run in "$five 5" "- 6"; do
	extra=${run% *}
	[ "$extra" = - ] && extra=
	set -- $("$VBBENCH" call "$bin" 20 \
	    "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"arrange\",\"params\":{$extra\"score_id\":\"\$SCORE\",\"players\":$players}}" \
	    "{\"jsonrpc\":\"2.0\",\"id\":0,\"method\":\"upload\",\"params\":{\"path\":\"$song\"}}")
	printf '%-44s %11s ms %14s\n' "arrange blupi 8p, ${run#* } strategies (median)" "$1" "~550 ms"
	printf '%-44s %11s KiB %14s\n' "peak RSS, upload+arrange blupi 8p" "$3" "-"
done

# One session; VmHWM is read from /proc before shutdown.
rss=$(VB_BIN=$bin VB_SONG=$song node - <<'JS'
const { spawn } = require('child_process');
const fs = require('fs');
const d = spawn(process.env.VB_BIN, ['--log-level', 'quiet'], { stdio: ['pipe', 'pipe', 'inherit'] });
let buf = '', waiting = null, id = 0;
d.stdout.on('data', (c) => {
	buf += c;
	let i;
	while ((i = buf.indexOf('\n')) >= 0) {
		const m = JSON.parse(buf.slice(0, i)); buf = buf.slice(i + 1);
		if (waiting) { const w = waiting; waiting = null; w(m); }
	}
});
const next = () => new Promise((r) => { waiting = r; });
async function call(method, params) {
	const p = next();
	d.stdin.write(JSON.stringify({ jsonrpc: '2.0', id: ++id, method, params }) + '\n');
	const m = await p;
	if (!('result' in m)) { console.error('bench-dist: ' + method + ' failed: ' + JSON.stringify(m).slice(0, 300)); process.exit(1); }
	return m.result;
}
(async () => {
	await next();
	const up = await call('upload', { path: process.env.VB_SONG });
	const players = ['experienced', 'experienced', 'intermediate', 'intermediate', 'beginner', 'beginner']
	    .map((experience, i) => ({ name: 'P' + (i + 1), experience }));
	const ar = await call('arrange', { score_id: up.score_id, players });
	const best = ar.arrangements[0];
	await call('export', { arrangement: best, players, strategy: best.strategy, swaps: best.swaps, format: 'csv' });
	const st = fs.readFileSync(`/proc/${d.pid}/status`, 'utf8');
	console.log(/VmHWM:\s*(\d+)/.exec(st)[1]);
	await call('shutdown');
})();
JS
)
printf '%-44s %11s KiB %14s\n' "peak RSS, upload+arrange+export blupi" "$rss" "50-70 MB"
