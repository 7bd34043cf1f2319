'use strict';
// One session against a daemon command (VB_BIN, may be "wine64 x.exe"):
// upload VB_SONG by path, arrange (simulation included) for 8 players,
// export the best arrangement as CSV, JSON and MIDI (by content), export
// the CSV atomically to a path with a non-ASCII name in VB_OUT (twice: the
// second is refused, the file exists), read that file back, ping,
// shutdown.  Prints every response line with the pid, uptime and
// timestamps masked, and the exported file's bytes, so two builds'
// outputs can be compared with cmp.
const { spawn } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

const [cmd, ...pre] = process.env.VB_BIN.split(' ');
const song = process.env.VB_SONG;
const outDir = process.env.VB_OUT;
const d = spawn(cmd, [...pre, '--log-level', 'quiet'], { stdio: ['pipe', 'pipe', 'inherit'] });
let buf = '';
const lines = [];
let waiting = null;
d.stdout.on('data', (c) => {
  buf += c.toString('utf8');
  let i;
  while ((i = buf.indexOf('\n')) >= 0) {
    lines.push(buf.slice(0, i));
    buf = buf.slice(i + 1);
  }
  if (waiting && lines.length) { const w = waiting; waiting = null; w(); }
});
const next = () => new Promise((r) => { if (lines.length) r(); else waiting = r; }).then(() => lines.shift());
let id = 0;
const call = async (method, params) => {
  d.stdin.write(JSON.stringify({ jsonrpc: '2.0', id: ++id, method, params }) + '\n');
  return next();
};
const mask = (l) => l.split(outDir).join('<out>')
  .replace(/"pid":\d+/g, '"pid":0')
  // Score ids carry a random tag per daemon process (s1-3f9a01c2).
  .replace(/\bs(\d+)-[0-9a-f]{8}\b/g, 's$1-<tag>')
  .replace(/"uptime_ms":\d+/g, '"uptime_ms":0')
  .replace(/Generated,[^\\"\r\n]*/g, 'Generated,<time>')
  .replace(/"generated":"[^"]*"/g, '"generated":"<time>"')
  .replace(/\\"generated\\":\\"[^\\]*\\"/g, '\\"generated\\":\\"<time>\\"')
  .replace(/_\d{8}_\d{6}\./g, '_<time>.')
  .replace(/"path":"[^"]*"/g, '"path":"<path>"');

(async () => {
  console.log(mask(await next()));                     // ready
  const up = await call('upload', { path: song });
  console.log(mask(up));
  const sid = JSON.parse(up).result.score_id;
  const levels = ['experienced', 'intermediate', 'intermediate', 'beginner'];
  const players = [...Array(8)].map((_, i) => ({ name: `Ringer ${i + 1} é`, experience: levels[i % 4] }));
  const ar = await call('arrange', { score_id: sid, players });
  console.log(mask(ar));
  const best = JSON.parse(ar).result.best_arrangement;
  const base = { arrangement: best.assignments, players, strategy: best.strategy, swaps: best.swaps, filename: path.basename(song) };
  for (const format of ['csv', 'json', 'midi']) console.log(mask(await call('export', { ...base, format })));
  const target = path.join(outDir, `sheet-${path.basename(song)}-ünï.csv`);
  fs.rmSync(target, { force: true });
  console.log(mask(await call('export', { ...base, format: 'csv', path: target })));
  console.log(mask(await call('export', { ...base, format: 'csv', path: target })));  // exists
  console.log(mask(fs.readFileSync(target, 'utf8')));
  console.log(mask(await call('ping', {})));
  console.log(mask(await call('shutdown', {})));
  d.stdin.end();
})().catch((e) => { console.error(String(e)); process.exit(1); });
