#!/bin/sh
# dist-check.sh - proves the release tarball is standalone.  Unpacks it
# into an empty root holding nothing but the bundle and the dynamic
# loader, libc and libm copied from the host, chroots into it and runs a
# full session: ready, upload by content (a MIDI file, and an .mxl for
# the static libzip and libxml2), arrange for 4 players, export to CSV
# and to the printable sheets (PDF, PNG: cairo and the embedded font with
# no font files in the root), shutdown.  Fails if the binary needs any other library (the
# loader cannot find it in the root) or a response lacks its result.
# Needs root (chroot) and node (the session driver, outside the root).
#
# usage: sh packaging/dist-check.sh dist/vibebellsd-V-linux-ARCH.tar.gz
set -eu
tar=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
top=$(cd "$(dirname "$0")/.." && pwd)
song=$top/tests/corpus/upstream-o-for-a-thousand-tongues.mid

if [ "$(id -u)" -ne 0 ]; then
	echo "dist-check: needs root for chroot" >&2
	exit 1
fi
root=$(mktemp -d "${TMPDIR:-/tmp}/vbroot.XXXXXX")
trap 'rm -rf "$root"' EXIT INT TERM

tar -C "$root" -xzf "$tar"
bundle=$(cd "$root" && ls -d vibebellsd-*/)
bin=$root/$bundle/vibebellsd
[ -x "$bin" ] || { echo "dist-check: no executable vibebellsd in $tar" >&2; exit 1; }

# Copy only the C library family, at the paths the host's ldd names.
for lib in $(ldd "$bin" | awk '{ for (i = 1; i <= NF; i++) if ($i ~ /^\//) print $i }'); do
	case $(basename "$lib") in
	ld-linux*|libc.so.*|libm.so.*|libpthread.so.*) ;;
	*) echo "dist-check: FAIL: the binary needs $lib" >&2; exit 1 ;;
	esac
	mkdir -p "$root$(dirname "$lib")"
	cp -L "$lib" "$root$lib"
done
echo "dist-check: root holds: $(cd "$root" && find . -type f | sort | tr '\n' ' ')"

# Before the session: the loader itself must find everything.
chroot "$root" "/$bundle/vibebellsd" --version

VB_ROOT=$root VB_BIN=/${bundle}vibebellsd VB_SONG=$song node - <<'JS'
// Drives one session through the chrooted daemon; export needs the
// arrangement that arrange returned, so the requests are sent in turn.
const { spawn } = require('child_process');
const fs = require('fs');
const path = require('path');
const song = process.env.VB_SONG;
const d = spawn('chroot', [process.env.VB_ROOT, process.env.VB_BIN, '--log-level', 'warn'],
    { stdio: ['pipe', 'pipe', 'inherit'] });
let buf = '', waiting = null, id = 0;
const fail = (m) => { console.error('dist-check: FAIL: ' + m); d.kill(); process.exit(1); };
const timer = setTimeout(() => fail('timed out'), 60000);
d.stdout.on('data', (c) => {
	buf += c;
	let i;
	while ((i = buf.indexOf('\n')) >= 0) {
		const line = buf.slice(0, i); buf = buf.slice(i + 1);
		let m;
		try { m = JSON.parse(line); } catch (e) { return fail('not JSON: ' + line.slice(0, 200)); }
		if (waiting) { const w = waiting; waiting = null; w(m); }
	}
});
d.on('exit', (code, sig) => { if (waiting) fail(`daemon exited (${code}, ${sig}) mid-session`); });
const next = () => new Promise((res) => { waiting = res; });
async function call(method, params) {
	const p = next();
	d.stdin.write(JSON.stringify({ jsonrpc: '2.0', id: ++id, method, params }) + '\n');
	const m = await p;
	if (m.id !== id || !('result' in m))
		fail(`${method}: no result: ${JSON.stringify(m).slice(0, 300)}`);
	console.log(`dist-check: ${method} ok`);
	return m.result;
}
(async () => {
	const ready = await next();
	if (ready.method !== 'ready') fail('first line is not ready');
	console.log(`dist-check: ready ${ready.params.version}`);
	const up = await call('upload', { content: fs.readFileSync(song).toString('base64'),
	    filename: path.basename(song) });
	// A compressed MusicXML file: the static libzip and libxml2 at work.
	const mxl = path.join(path.dirname(song), 'musescore-reunion.mxl');
	const up2 = await call('upload', { content: fs.readFileSync(mxl).toString('base64'),
	    filename: path.basename(mxl) });
	if (!up2.score_id) fail('mxl upload: no score_id');
	const players = [['Ann', 'experienced'], ['Ben', 'intermediate'], ['Cat', 'intermediate'],
	    ['Dan', 'beginner']].map(([name, experience]) => ({ name, experience }));
	const ar = await call('arrange', { score_id: up.score_id, players });
	const best = ar.arrangements && ar.arrangements[0];
	if (!best) fail('arrange returned no arrangement');
	const ex = await call('export', { arrangement: best, players, filename: path.basename(song),
	    strategy: best.strategy, swaps: best.swaps, format: 'csv' });
	if (typeof ex.content !== 'string' || ex.content.split('\n').length < 3)
		fail('export: no CSV content');
	// The printable sheets: drawn in the root, where there is no font and
	// no fontconfig (the font is inside the binary). A bundle built
	// without cairo must say so instead.
	const sheetReq = { arrangement: best, players, filename: path.basename(song), format: 'pdf' };
	if (ready.params.export_formats.includes('pdf')) {
		const pdf = Buffer.from((await call('export', sheetReq)).content, 'base64');
		if (pdf.subarray(0, 5).toString() !== '%PDF-') fail('export pdf: not a PDF');
		const png = Buffer.from((await call('export', { ...sheetReq, format: 'png', dpi: 50,
		    page_number: 2 })).content, 'base64');
		if (png.readUInt32BE(0) !== 0x89504e47) fail('export png: not a PNG');
		console.log(`dist-check: sheets: PDF ${pdf.length} bytes, PNG page 2 ${png.length} bytes`);
	} else {
		const p = next();
		d.stdin.write(JSON.stringify({ jsonrpc: '2.0', id: ++id, method: 'export', params: sheetReq }) + '\n');
		const m = await p;
		if (!m.error || m.error.data.code !== 'ERR_SHEETS_UNAVAILABLE')
			fail(`export pdf without cairo: ${JSON.stringify(m).slice(0, 200)}`);
		console.log('dist-check: sheets: not in this bundle (ERR_SHEETS_UNAVAILABLE)');
	}
	const done = new Promise((res) => d.on('exit', res));
	await call('shutdown');
	const code = await done;
	if (code !== 0) fail(`daemon exit status ${code}`);
	clearTimeout(timer);
	console.log('dist-check: OK: the bundle runs with only the C library');
})();
JS
