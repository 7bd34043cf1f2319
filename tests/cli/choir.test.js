'use strict';
// The command line in choir mode: info's range, meter and octave lines,
// arrange's --bell-set/--octave-shift/--out-of-range/--track equal to the
// RPC params, and the choir block and verdict printed above the
// strategies table in the daemon's own words.
const test = require('node:test');
const assert = require('node:assert');
const { spawnSync } = require('node:child_process');
const path = require('node:path');

const TOP = path.resolve(__dirname, '..', '..');
const BIN = process.env.VIBEBELLSD || path.join(TOP, 'build', 'vibebellsd');
const CORPUS = path.join(TOP, 'tests', 'corpus');
const HYMN = path.join(CORPUS, 'upstream-o-for-a-thousand-tongues.mid');
const ELISE = path.join(CORPUS, 'pianomidi-fur-elise.mid');
const PLAYERS = [['Ann', 'experienced'], ['Ben', 'intermediate'], ['Ed', 'beginner']];

function cli(args) {
  const r = spawnSync(BIN, args, { encoding: 'utf8', maxBuffer: 1 << 28, env: { ...process.env, NO_COLOR: '1' }, timeout: 60000 });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

function rpc(requests) {
  const input = requests.map((r, i) => JSON.stringify({ jsonrpc: '2.0', id: i + 1, ...r })).join('\n') + '\n';
  const r = spawnSync(BIN, ['--log-level', 'quiet'], { input, encoding: 'utf8', maxBuffer: 1 << 28, timeout: 60000 });
  return r.stdout.trim().split('\n').map((l) => JSON.parse(l)).slice(1);
}

test('info prints the range, meter, measures and octave of upload include_choir', () => {
  const r = cli(['info', HYMN]);
  assert.strictEqual(r.code, 0, r.err);
  const [up] = rpc([{ method: 'upload', params: { path: HYMN, include_choir: true } }]);
  const u = up.result;
  assert.match(r.out, new RegExp(`\\nRange +${u.range.lowest}-${u.range.highest} `));
  assert.match(r.out, new RegExp(`\\nMeasures +${u.measures.count}, `));
  const s = u.time_signatures[0];
  assert.match(r.out, new RegExp(`\\nMeter +${s.beats}/${s.beat_type} from measure ${s.measure}`));
  // The reason is wrapped to the terminal's 78 columns, never cut.
  assert.ok(r.out.replace(/\n {11}/g, ' ').includes(u.octave.reason), 'the octave reason is printed');
  for (const line of r.out.split('\n')) assert.ok(line.length <= 78, `over 78 columns: ${line}`);
  // --json stays the upload's own answer (no choir fields).
  const j = JSON.parse(cli(['info', HYMN, '--json']).out);
  assert.strictEqual(j.range, undefined);
});

test('arrange --bell-set --octave-shift --out-of-range --track --json equals the RPC params', () => {
  const args = ['arrange', ELISE, '--json', '--bell-set', '3-octave', '--octave-shift', '12',
    '--out-of-range', 'omit', '--track', '2', '--strategy', 'balanced'];
  for (const [n, l] of PLAYERS) args.push('--player', `${n}:${l}`);
  const r = cli(args);
  assert.strictEqual(r.code, 0, r.err);
  const players = PLAYERS.map(([name, experience]) => ({ name, experience }));
  // --track 2 is the summary's "track 2": the protocol's index 1.
  const [ar] = rpc([{ method: 'arrange', params: { path: ELISE, players, bell_set: '3-octave', octave_shift: 12,
    out_of_range: 'omit', tracks: [1], strategies: ['balanced'] } }]);
  assert.deepStrictEqual(JSON.parse(r.out), ar.result);
  assert.deepStrictEqual(ar.result.choir.tracks.map((t) => t.index), [1]);
});

test('arrange report: the choir block and every verdict reason before the strategies', () => {
  const args = ['arrange', ELISE, '--bell-set', '3-octave'];
  for (const [n, l] of PLAYERS) args.push('--player', `${n}:${l}`);
  const r = cli(args);
  assert.strictEqual(r.code, 0, r.err);
  const players = PLAYERS.map(([name, experience]) => ({ name, experience }));
  const [ar] = rpc([{ method: 'arrange', params: { path: ELISE, players, bell_set: '3-octave' } }]);
  const strategies = r.out.indexOf('\nStrategies');
  assert.ok(strategies > 0);
  const head = r.out.slice(0, strategies);
  // Lines are wrapped to 78 columns, never cut.
  for (const line of head.split('\n')) assert.ok(line.length <= 78, `over 78 columns: ${line}`);
  const flat = head.replace(/\n {11}/g, ' ');
  assert.match(head, /\nChoir +3-octave set, C4-C7 \(37 bells\)/);
  for (const s of ar.result.choir.report) assert.ok(flat.includes(s), `report line: ${s}`);
  assert.match(head, /\nVerdict +NOT RINGABLE/);
  for (const s of ar.result.best_arrangement.verdict.reasons) assert.ok(flat.includes(`- ${s}`), `reason: ${s}`);
  assert.match(r.out, /best, not ringable/);
});

test('arrange report: who rings each copy of a duplicated bell', () => {
  const TUNE = path.join(CORPUS, 'abc-daramud.mid');
  const six = [...PLAYERS, ['Cy', 'intermediate'], ['Di', 'intermediate'], ['Flo', 'beginner']];
  const set = { lowest: 'C4', highest: 'C7', duplicates: ['D5', 'E5', 'G5', 'A5', 'C6'] };
  const args = ['arrange', TUNE, '--bell-set', JSON.stringify(set), '--strategy', 'optimized'];
  for (const [n, l] of six) args.push('--player', `${n}:${l}`);
  const r = cli(args);
  assert.strictEqual(r.code, 0, r.err);
  const players = six.map(([name, experience]) => ({ name, experience }));
  const [ar] = rpc([{ method: 'arrange', params: { path: TUNE, players, bell_set: set, strategies: ['optimized'] } }]);
  const dups = ar.result.best_arrangement.duplicate_bells;
  assert.ok(dups && dups.length > 0, 'the tune shares a duplicated bell');
  const flat = r.out.slice(0, r.out.indexOf('\nStrategies')).replace(/\n {11}/g, ' ');
  for (const d of dups) {
    const [x, y] = d.copies;
    const rings = (n) => `${n} ring${n === 1 ? '' : 's'}`;
    assert.ok(flat.includes(`${d.bell}: your two are rung by ${x.player} (copy 1, ${rings(x.rings)}) and ` +
      `${y.player} (copy 2, ${rings(y.rings)})`), `copies of ${d.bell}`);
  }
  assert.match(flat, /\nCopies +/);
});

test('arrange without choir options prints no choir block', () => {
  const args = ['arrange', HYMN];
  for (const [n, l] of PLAYERS) args.push('--player', `${n}:${l}`);
  const r = cli(args);
  assert.strictEqual(r.code, 0, r.err);
  assert.doesNotMatch(r.out, /\nChoir |\nVerdict /);
});

test('arrange without choir options says the bells keep the file\'s names when the song reads as written pitch', () => {
  const [up] = rpc([{ method: 'upload', params: { path: HYMN, include_choir: true } }]);
  const shift = up.result.octave.shift;
  assert.strictEqual(shift, 12, 'the hymn reads as written pitch');
  const args = ['arrange', HYMN];
  for (const [n, l] of PLAYERS) args.push('--player', `${n}:${l}`);
  const plain = cli(args);
  assert.strictEqual(plain.code, 0, plain.err);
  assert.match(plain.out, /\nNames      the bells below are named as the file writes them, an octave\n +below how they sound: give --octave-shift 12 or --bell-set/);
  // Once the names follow the bells, the note is gone.
  const named = cli([...args, '--octave-shift', '12']);
  assert.strictEqual(named.code, 0, named.err);
  assert.doesNotMatch(named.out, /\nNames  /);
});

test('choir option errors', () => {
  const base = ['arrange', HYMN, '--player', 'Ann:experienced'];
  let r = cli([...base, '--octave-shift', 'up']);
  assert.strictEqual(r.code, 2);
  assert.match(r.err, /--octave-shift 'up'/);
  r = cli([...base, '--bell-set']);
  assert.strictEqual(r.code, 2);
  r = cli([...base, '--bell-set', '4-octave']);
  assert.strictEqual(r.code, 1);
  assert.match(r.err, /ERR_INVALID_BELL_SET/);
  r = cli([...base, '--bell-set', '5-octave', '--octave-shift', '-12', '--out-of-range', 'error']);
  assert.strictEqual(r.code, 1);
  assert.match(r.err, /ERR_OUT_OF_RANGE/);
  assert.match(r.err, /first in measure/);
});
