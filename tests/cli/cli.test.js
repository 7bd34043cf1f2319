'use strict';
// The command line: exit codes, usage errors that name the bad argument,
// and results equal to the RPC methods' for the same input.
const test = require('node:test');
const assert = require('node:assert');
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const TOP = path.resolve(__dirname, '..', '..');
const BIN = process.env.VIBEBELLSD || path.join(TOP, 'build', 'vibebellsd');
const CORPUS = path.join(TOP, 'tests', 'corpus');
const HYMN = path.join(CORPUS, 'upstream-o-for-a-thousand-tongues.mid');
const PLAYERS = [
  ['Alice', 'experienced'], ['Bob', 'experienced'], ['Carol', 'intermediate'], ['Dan', 'intermediate'],
  ['Erin', 'intermediate'], ['Frank', 'intermediate'], ['Grace', 'beginner'], ['Hugo', 'beginner'],
];

function cli(args, env = {}) {
  const r = spawnSync(BIN, args, { encoding: 'utf8', maxBuffer: 1 << 28, env: { ...process.env, ...env }, timeout: 60000 });
  return { code: r.status, signal: r.signal, out: r.stdout, err: r.stderr };
}

// The same requests through the protocol, one daemon process.
function rpc(requests) {
  const input = requests.map((r, i) => JSON.stringify({ jsonrpc: '2.0', id: i + 1, ...r })).join('\n') + '\n';
  const r = spawnSync(BIN, ['--log-level', 'quiet'], { input, encoding: 'utf8', maxBuffer: 1 << 28, timeout: 60000 });
  const lines = r.stdout.trim().split('\n').map((l) => JSON.parse(l));
  assert.strictEqual(lines[0].method, 'ready');
  return lines.slice(1);
}

function methods() {
  const r = spawnSync(BIN, ['--log-level', 'quiet'], { input: '', encoding: 'utf8', maxBuffer: 1 << 28 });
  return JSON.parse(r.stdout.split('\n')[0]).params.methods;
}

test('call: result on stdout, exit 0', () => {
  const r = cli(['call', 'ping']);
  assert.strictEqual(r.code, 0);
  const v = JSON.parse(r.out);
  assert.strictEqual(v.status, 'healthy');
  assert.deepStrictEqual(Object.keys(v).sort(), Object.keys(rpc([{ method: 'ping' }])[0].result).sort());
});

test('call: refused request exits 1 with message and ERR_ code on stderr', () => {
  const r = cli(['call', 'no.such.method', '{}']);
  assert.strictEqual(r.code, 1);
  assert.strictEqual(r.out, '');
  assert.match(r.err, /ERR_METHOD_NOT_FOUND/);
});

test('usage errors exit 2 and name the bad argument', () => {
  const cases = [
    [['call'], /missing METHOD/],
    [['call', 'ping', '[1]'], /PARAMS_JSON must be an object/],
    [['call', 'ping', '{bad'], /PARAMS_JSON is not JSON/],
    [['frobnicate'], /unknown command 'frobnicate'/],
    [['arrange', HYMN, '--player', 'Bob'], /--player 'Bob'/],
    [['arrange', HYMN, '--player', 'Bob:expert'], /unknown level 'expert'/],
    [['arrange', HYMN], /no players/],
    [['arrange', '--player', 'A:beginner'], /missing SONG/],
    [['arrange', HYMN, '--player', 'A:beginner', '--bogus'], /unknown option '--bogus'/],
    [['info', HYMN, '--format', 'wav'], /unknown format 'wav'/],
    [['info'], /missing SONG/],
    [['--frob'], /unknown option '--frob'/],
    [['--max-file-bytes', 'lots'], /--max-file-bytes: 'lots'/],
  ];
  for (const [args, re] of cases) {
    const r = cli(args);
    assert.strictEqual(r.code, 2, `${args.join(' ')}: exit ${r.code}`);
    assert.match(r.err, re, args.join(' '));
  }
});

test('--help and --version exit 0', () => {
  assert.strictEqual(cli(['--help']).code, 0);
  const v = cli(['--version']);
  assert.strictEqual(v.code, 0);
  assert.match(v.out, /^vibebellsd \d+\.\d+\.\d+/);
  assert.strictEqual(cli(['arrange', '--help']).code, 0);
});

test('info equals the upload result for every corpus file', (t) => {
  if (!methods().includes('upload')) return t.skip('daemon has no upload');
  for (const f of fs.readdirSync(CORPUS).filter((n) => /\.(mid|musicxml|mxl)$/.test(n))) {
    const file = path.join(CORPUS, f);
    const r = cli(['info', file, '--json']);
    assert.strictEqual(r.code, 0, `${f}: ${r.err}`);
    const mine = JSON.parse(r.out);
    const want = rpc([{ method: 'upload', params: { path: file } }])[0].result;
    delete want.score_id;
    assert.deepStrictEqual(mine, want, f);
  }
});

test('info on a refused song exits 1', (t) => {
  if (!methods().includes('upload')) return t.skip('daemon has no upload');
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'vb-cli-'));
  const bad = path.join(tmp, 'bad.mid');
  fs.writeFileSync(bad, 'MThd not really');
  const r = cli(['info', bad]);
  fs.rmSync(tmp, { recursive: true });
  assert.strictEqual(r.code, 1);
  assert.match(r.err, /ERR_[A-Z_]+/);
});

test('arrange --json equals the arrange RPC result; --csv equals export', (t) => {
  if (!['upload', 'arrange', 'export'].every((m) => methods().includes(m))) return t.skip('daemon has no upload/arrange/export');
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'vb-cli-'));
  const csv = path.join(tmp, 'out.csv');
  const args = ['arrange', HYMN, '--json', '--csv', csv];
  for (const [n, l] of PLAYERS) args.push('--player', `${n}:${l}`);
  const r = cli(args);
  assert.strictEqual(r.code, 0, r.err);
  const mine = JSON.parse(r.out);
  const players = PLAYERS.map(([name, experience]) => ({ name, experience }));
  const [up, ar] = rpc([{ method: 'upload', params: { path: HYMN } }, { method: 'arrange', params: { path: HYMN, players } }]);
  assert.deepStrictEqual(mine, ar.result);
  const best = ar.result.best_arrangement;
  const [ex] = rpc([{ method: 'export', params: { arrangement: best, players, filename: up.result.filename, strategy: best.strategy, swaps: best.swaps, format: 'csv' } }]);
  const mask = (s) => s.replace(/Generated,[^\r\n]*/, 'Generated,<masked>');
  assert.strictEqual(mask(fs.readFileSync(csv, 'utf8')), mask(ex.result.content));
  // An existing file is not replaced without --overwrite.
  const again = cli(args);
  assert.strictEqual(again.code, 1);
  assert.match(again.err, /ERR_FILE_EXISTS/);
  fs.rmSync(tmp, { recursive: true });
});

test('arrange report shows every strategy and the best table', (t) => {
  if (!methods().includes('arrange') || !methods().includes('upload')) return t.skip('daemon has no upload/arrange');
  const args = ['arrange', HYMN];
  for (const [n, l] of PLAYERS) args.push('--player', `${n}:${l}`);
  const r = cli(args, { NO_COLOR: '1' });
  assert.strictEqual(r.code, 0, r.err);
  assert.doesNotMatch(r.out, /\x1b\[/, 'no colour when not a terminal');
  for (const s of ['experienced_first', 'balanced', 'min_transitions', 'fatigue_snake', 'activity_snake']) assert.match(r.out, new RegExp(s));
  for (const [n] of PLAYERS) assert.match(r.out, new RegExp(`\\n  ${n} `));
  const [ar] = rpc([{ method: 'arrange', params: { path: HYMN, players: PLAYERS.map(([name, experience]) => ({ name, experience })) } }]);
  assert.match(r.out, new RegExp(`Best arrangement: ${ar.result.best_arrangement.strategy} \\(${ar.result.best_arrangement.quality_score.toFixed(2)}\\)`));
  // Load: each ringer's fatigue_score against the busiest one's, rounded.
  const sim = ar.result.best_arrangement.simulation.players;
  const most = Math.max(...sim.map((p) => p.fatigue_score));
  const best = r.out.slice(r.out.indexOf('Best arrangement:')).split('\n  Load:')[0];
  for (const p of sim) {
    const want = `${Math.round(100 * p.fatigue_score / most)}%`;
    assert.match(best, new RegExp(`\\n  ${p.name} .* ${want}(\\n|$)`), `${p.name}: ${want}`);
  }
  assert.match(r.out, /\n  Load: [^]*?busiest ringer \(100%\)/);
});
