'use strict';
// The command line's director options (issue 20): --locks, --previous
// (an arrangement JSON or an exported CSV sheet), --technique, and the
// report's positions and difficulty sections.
const test = require('node:test');
const assert = require('node:assert');
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const TOP = path.resolve(__dirname, '..', '..');
const BIN = process.env.VIBEBELLSD || path.join(TOP, 'build', 'vibebellsd');
const HYMN = path.join(TOP, 'tests', 'corpus', 'upstream-o-for-a-thousand-tongues.mid');
const PLAYERS = ['Alice:experienced', 'Bob:experienced', 'Carol:intermediate', 'Dan:intermediate',
  'Erin:intermediate', 'Frank:intermediate', 'Grace:beginner', 'Hugo:beginner'];

function cli(args) {
  const r = spawnSync(BIN, args, { encoding: 'utf8', maxBuffer: 1 << 28, env: { ...process.env, NO_COLOR: '1' }, timeout: 60000 });
  return { code: r.status, out: r.stdout, err: r.stderr };
}
const withPlayers = (names, extra) => ['arrange', HYMN, ...names.flatMap((p) => ['--player', p]), ...extra];

test('the report shows positions and difficulty', () => {
  const r = cli(withPlayers(PLAYERS, []));
  assert.strictEqual(r.code, 0, r.err);
  assert.match(r.out, /\nDifficulty \(optimized\): level \d, hardest /);
  assert.match(r.out, /\nPositions \(five_octaves, spelling: key_signature; score /);
  for (const pos of ['C3-F3', 'G3-B3', 'C4-D4', 'D5-E5']) assert.match(r.out, new RegExp(`\\n  ${pos} +[A-Z]`));
  assert.match(r.out, /not used in this piece: A5-B5/);
  assert.match(r.out, /  rule: level \d: /);
});

test('--locks gives the bells to their ringer in every strategy', () => {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'vb-dir-'));
  const locks = path.join(tmp, 'locks.json');
  fs.writeFileSync(locks, JSON.stringify({ Grace: ['C3'], Bob: { right_hand: ['G5'] } }));
  const r = cli(withPlayers(PLAYERS, ['--locks', locks, '--json']));
  assert.strictEqual(r.code, 0, r.err);
  const res = JSON.parse(r.out);
  assert.strictEqual(res.arrangements.length, 7);
  for (const a of res.arrangements) {
    assert.ok(a.assignments.Grace.bells.includes('C3'), a.strategy);
    assert.ok(a.assignments.Bob.right_hand.includes('G5'), a.strategy);
  }
  assert.strictEqual(res.best_arrangement.difficulty, undefined, '--json is the RPC result: no difficulty unless asked');
  fs.writeFileSync(locks, JSON.stringify({ Zed: ['C3'] }));
  const bad = cli(withPlayers(PLAYERS, ['--locks', locks]));
  assert.strictEqual(bad.code, 1);
  assert.match(bad.err, /ERR_INVALID_LOCKS/);
  fs.rmSync(tmp, { recursive: true });
});

test('--previous reads the CSV sheet exported before: only the absent ringer\'s bells move', () => {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'vb-dir-'));
  const csv = path.join(tmp, 'last-week.csv');
  const first = cli(withPlayers(PLAYERS, ['--strategy', 'optimized', '--csv', csv]));
  assert.strictEqual(first.code, 0, first.err);
  const r = cli(withPlayers(PLAYERS.filter((p) => !p.startsWith('Erin')),
    ['--previous', csv, '--strategy', 'optimized', '--strategy', 'positions', '--json', '--difficulty']));
  assert.strictEqual(r.code, 0, r.err);
  const res = JSON.parse(r.out);
  for (const a of res.arrangements) {
    assert.ok(a.changes_from_previous.length > 0, a.strategy);
    for (const c of a.changes_from_previous) assert.strictEqual(c.from, 'Erin', `${a.strategy}: ${c.bell}`);
    assert.ok(a.difficulty.level >= 1);
  }
  const report = cli(withPlayers(PLAYERS.filter((p) => !p.startsWith('Erin')), ['--previous', csv]));
  assert.match(report.out, /Changes from the previous arrangement \(optimized\): \d+ bells? moved\n  [A-G]#?\d: Erin -> /);
  fs.rmSync(tmp, { recursive: true });
});

test('--technique adds the technique to that ringer; a name that is no ringer is a usage error', () => {
  const r = cli(withPlayers(PLAYERS, ['--technique', 'Alice:four_in_hand', '--json']));
  assert.strictEqual(r.code, 0, r.err);
  const bad = cli(withPlayers(PLAYERS, ['--technique', 'Zed:four_in_hand']));
  assert.strictEqual(bad.code, 2);
  assert.match(bad.err, /Zed/);
  const shape = cli(withPlayers(PLAYERS, ['--technique', 'Alice']));
  assert.strictEqual(shape.code, 2);
  const unknown = cli(withPlayers(PLAYERS, ['--technique', 'Alice:eight_in_hand']));
  assert.strictEqual(unknown.code, 1);
  assert.match(unknown.err, /ERR_INVALID_PLAYER_FORMAT/);
});
