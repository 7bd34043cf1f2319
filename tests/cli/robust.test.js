'use strict';
// robust.test.js - what a hostile client sends that a transcript cannot
// carry (issue 17): lines of megabytes, stdout on a full disk, the idle
// daemon's memory after a big request, and export midi's scratch files.
// Each case failed before its fix; none measures time (make bench does).
const test = require('node:test');
const assert = require('node:assert');
const { spawn, spawnSync } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const TOP = path.resolve(__dirname, '..', '..');
const BIN = process.env.VIBEBELLSD || path.join(TOP, 'build', 'vibebellsd');
const HOSTILE = path.join(TOP, 'tests', 'data', 'hostile');
const WRAPPED = !!process.env.VB_WRAPPER;
// AddressSanitizer's allocator keeps freed memory in its quarantine.
const SANITIZED = !!process.env.ASAN_OPTIONS;

const req = (id, method, params) => JSON.stringify({ jsonrpc: '2.0', id, method, params }) + '\n';

function run(input, args = []) {
  const r = spawnSync(BIN, ['--log-level', 'error', ...args], { input, maxBuffer: 1 << 28 });
  const lines = r.stdout.toString('utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l));
  return { status: r.status, signal: r.signal, lines, stderr: r.stderr.toString() };
}

test('a line of cheap-to-send, costly-to-hold values is refused before parsing', () => {
  // 1.5M empty objects: 4.5 MB of text, 345 MB as a jansson tree.
  const line = '{"jsonrpc":"2.0","id":1,"method":"ping","params":{"x":[' +
    new Array(1500000).fill('{}').join(',') + ']}}\n';
  const r = run(line + req(2, 'ping'));
  assert.strictEqual(r.status, 0);
  assert.strictEqual(r.lines[1].error.data.code, 'ERR_TOO_MANY_VALUES');
  assert.strictEqual(r.lines[1].error.code, -32600);
  assert.strictEqual(r.lines[2].id, 2, 'still serving');
});

test('a value count within the limit is served', () => {
  const line = '{"jsonrpc":"2.0","id":1,"method":"ping","params":{"x":[' +
    new Array(100000).fill('{}').join(',') + ']}}\n';
  const r = run(line);
  assert.strictEqual(r.lines[1].result.status, 'healthy');
});

test('stdout on a full disk: said on stderr, exit status 1', { skip: !fs.existsSync('/dev/full') }, () => {
  const out = fs.openSync('/dev/full', 'w');
  const r = spawnSync(BIN, [], { input: req(1, 'ping'), stdio: ['pipe', out, 'pipe'] });
  fs.closeSync(out);
  assert.strictEqual(r.status, 1);
  assert.match(r.stderr.toString(), /writing stdout: No space left on device/);
});

// VmRSS of a live process, in KiB.
function rssKiB(pid) {
  const m = /VmRSS:\s+(\d+)/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
  return Number(m[1]);
}

test('the idle daemon gives back what a big request took', { skip: WRAPPED || SANITIZED || !fs.existsSync('/proc/self/status') }, async () => {
  const child = spawn(BIN, ['--log-level', 'quiet']);
  let buf = '';
  const waitLines = (n) => new Promise((resolve) => {
    const check = () => {
      if (buf.split('\n').length > n) {
        child.stdout.off('data', onData);
        resolve();
      }
    };
    const onData = (d) => { buf += d; check(); };
    child.stdout.on('data', onData);
    check();
  });
  try {
    await waitLines(1);
    // A 30 MB line (one long string: cheap to parse, big to hold).
    child.stdin.write('{"jsonrpc":"2.0","id":1,"method":"ping","params":{"pad":"' +
      'x'.repeat(30 << 20) + '"}}\n');
    await waitLines(2);
    child.stdin.write(req(2, 'ping'));
    await waitLines(3);
    const rss = rssKiB(child.pid);
    assert.ok(rss < 24 * 1024, `idle RSS after a 30 MB request: ${rss} KiB`);
  } finally {
    child.kill('SIGKILL');
  }
});

test('a big response\'s memory is given back once the daemon is idle', { skip: WRAPPED || SANITIZED || !fs.existsSync('/proc/self/status') }, async () => {
  // blupi-music009's default arrange: a 14 MB response, buffers of
  // megabytes.  Back to back they reuse the same pages (no page faults a
  // request); a quarter of a second idle gives them back.
  const song = path.join(TOP, 'tests', 'bench', 'songs', 'blupi-music009.mid');
  const players = Array.from({ length: 8 }, (_, i) => ({ name: `R${i + 1}` }));
  const child = spawn(BIN, ['--log-level', 'quiet']);
  let seen = 0;
  const waitLines = (n) => new Promise((resolve) => {
    const check = () => {
      if (seen >= n) {
        child.stdout.off('data', onData);
        resolve();
      }
    };
    const onData = (d) => { for (const b of d) if (b === 10) seen++; check(); };
    child.stdout.on('data', onData);
    check();
  });
  try {
    await waitLines(1);
    const before = rssKiB(child.pid);
    child.stdin.write(req(1, 'arrange', { path: song, players }));
    child.stdin.write(req(2, 'arrange', { path: song, players }));
    await waitLines(3);
    const busy = rssKiB(child.pid);
    let idle = busy;
    for (let i = 0; i < 50 && idle - before >= 3 * 1024; i++) {
      await new Promise((r) => setTimeout(r, 100));
      idle = rssKiB(child.pid);
    }
    assert.ok(idle - before < 3 * 1024,
      `RSS ${before} KiB at the start, ${busy} KiB after two arranges, ${idle} KiB idle`);
  } finally {
    child.kill('SIGKILL');
  }
});

test('export midi writes no scratch file (nothing a kill could leave behind)', async () => {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'vb-robust-'));
  const song = path.join(HOSTILE, 'midi-long-gap.mid');
  // The export names the upload's score id (per daemon process: read it
  // from the upload's answer).
  const child = spawn(BIN, ['--log-level', 'quiet'], { env: { ...process.env, TMPDIR: tmp, TMP: tmp } });
  const lines = [];
  let buf = '';
  const got = (n) => new Promise((resolve) => {
    const check = () => { if (lines.length >= n) resolve(); else child.stdout.once('data', check); };
    check();
  });
  child.stdout.on('data', (b) => {
    buf += b;
    let i;
    while ((i = buf.indexOf('\n')) >= 0) { lines.push(JSON.parse(buf.slice(0, i))); buf = buf.slice(i + 1); }
  });
  child.stdin.write(req(1, 'upload', { path: song }));
  await got(2);
  child.stdin.end(req(2, 'export', { format: 'midi', score_id: lines[1].result.score_id, arrangement: { A: { left_hand: ['C4'] } } }));
  const status = await new Promise((resolve) => child.on('exit', resolve));
  assert.strictEqual(status, 0);
  assert.strictEqual(lines[2].result.format, 'midi');
  assert.deepStrictEqual(fs.readdirSync(tmp), []);
  fs.rmSync(tmp, { recursive: true });
});

test('export into a folder whose name is not UTF-8: written, and said so', () => {
  const base = fs.mkdtempSync(path.join(os.tmpdir(), 'vb-robust-'));
  const dir = Buffer.concat([Buffer.from(base + '/bad-'), Buffer.from([0xff, 0xfe])]);
  fs.mkdirSync(dir);
  // The request names the folder through a symlink with a UTF-8 name;
  // the daemon resolves it to the real (non-UTF-8) name.
  fs.symlinkSync(dir, path.join(base, 'link'));
  const arrangement = { Alice: { bells: ['C4'], left_hand: ['C4'], right_hand: [] } };
  const input = req(1, 'export', { arrangement, path: path.join(base, 'link', 'out.csv') });
  const r = run(input);
  const res = r.lines[1].result;
  assert.ok(res, JSON.stringify(r.lines[1]));
  assert.strictEqual(res.path_lossy, true);
  assert.strictEqual(res.path, base + '/bad-\ufffd\ufffd/out.csv');
  assert.ok(fs.readFileSync(Buffer.concat([dir, Buffer.from('/out.csv')]), 'utf8').startsWith('Metadata'));
  fs.rmSync(base, { recursive: true });
});
