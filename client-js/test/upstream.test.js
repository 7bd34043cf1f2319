'use strict';
// generateArrangements() and exportCsv(): upstream's HTTP routes as one
// call each, answering with exactly the bodies upstream sent.
const test = require('node:test');
const assert = require('node:assert');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const zlib = require('node:zlib');
const { VibebellsClient } = require('../src/index.js');

const top = path.resolve(__dirname, '..', '..');
const binaryPath = process.env.VB_DAEMON || path.join(top, 'build', 'vibebellsd');
const wrapper = process.env.VB_WRAPPER ? process.env.VB_WRAPPER.split(' ') : [];
const HYMN = path.join(top, 'tests', 'corpus', 'upstream-o-for-a-thousand-tongues.mid');

// Upstream's own response (tests/data/golden, produced by running
// upstream's code) and the players it was made for.
function golden(name) {
  const line = fs.readFileSync(path.join(top, 'tests', 'golden-oracle', 'cases.txt'), 'utf8')
    .split('\n').find((l) => l.startsWith(`${name} `));
  return {
    players: line.split(' | ')[2],
    body: JSON.parse(zlib.gunzipSync(fs.readFileSync(path.join(top, 'tests', 'data', 'golden', `${name}.json.gz`)))),
  };
}

// The same value, key for key and item for item; only the simulation's
// times may differ (the daemon times notes by the real tempo map, upstream
// by a whole-number bpm: PROTOCOL.md section 6).
const TIMES = new Set(['time_ms', 'duration_ms', 'gap_ms', 'fatigue_score']);
function sameShape(a, b, where = '$') {
  if (Array.isArray(b)) {
    assert.ok(Array.isArray(a) && a.length === b.length, `${where}: ${a && a.length} items, upstream ${b.length}`);
    b.forEach((x, i) => sameShape(a[i], x, `${where}[${i}]`));
  } else if (b !== null && typeof b === 'object') {
    assert.ok(a !== null && typeof a === 'object' && !Array.isArray(a), `${where}: not an object`);
    assert.deepStrictEqual(Object.keys(a).sort(), Object.keys(b).sort(), `${where}: keys`);
    for (const k of Object.keys(b)) sameShape(a[k], b[k], `${where}.${k}`);
  } else if (TIMES.has(where.replace(/^.*\./, '')) && where.includes('.simulation')) {
    assert.strictEqual(typeof a, typeof b, where);
  } else {
    assert.strictEqual(a, b, where);
  }
}

test('generateArrangements on the bundled hymn is upstream\'s response', async () => {
  const c = await VibebellsClient.start({ binaryPath, wrapper });
  try {
    const content = fs.readFileSync(HYMN);
    for (const name of ['hymn-4', 'hymn-odd']) {
      const { players, body } = golden(name);
      // As the page sent it: the file's bytes and players as JSON text.
      const r = await c.generateArrangements({ content, filename: 'upstream-o-for-a-thousand-tongues.mid', players });
      assert.strictEqual(r.success, true);
      sameShape(r, body);
    }
    // By path, players as an array: the same.
    const { players, body } = golden('hymn-4');
    sameShape(await c.generateArrangements({ path: HYMN, players: JSON.parse(players) }), body);
  } finally { await c.close(); }
});

test('generateArrangements: upstream\'s refusals as {success: false, error, code}', async () => {
  const c = await VibebellsClient.start({ binaryPath, wrapper });
  try {
    const content = fs.readFileSync(HYMN).toString('base64');
    const players = [{ name: 'Ann', experience: 'beginner' }];
    const cases = [
      [{ players }, 'ERR_NO_FILE', 'No file provided'],
      [{ content, filename: '', players }, 'ERR_NO_FILE_SELECTED', 'No file selected'],
      [{ content, filename: 'h.mid' }, 'ERR_NO_PLAYERS', 'No player configuration provided'],
      [{ content, filename: 'h.mid', players: '[{' }, 'ERR_INVALID_JSON', 'Invalid player configuration JSON'],
      [{ content, filename: 'h.mid', players: '{}' }, 'ERR_INVALID_PLAYERS', 'Players must be an array'],
      [{ content, filename: 'h.mid', players: [] }, 'ERR_TOO_FEW_PLAYERS', 'Minimum 1 player(s) required'],
      [{ content, filename: 'h.mid', players: [{ experience: 'beginner' }] }, 'ERR_PLAYER_NO_NAME', 'Each player must have a name'],
      [{ content: Buffer.from('MThd junk'), filename: 'h.mid', players }, 'ERR_MUSIC_PARSE', null],
    ];
    for (const [args, code, error] of cases) {
      const r = await c.generateArrangements(args);
      assert.deepStrictEqual(Object.keys(r).sort(), ['code', 'error', 'success'], code);
      assert.strictEqual(r.success, false);
      assert.strictEqual(r.code, code);
      if (error) assert.strictEqual(r.error, error);
    }
  } finally { await c.close(); }
});

test('exportCsv: the sheet and upstream\'s download name; a BOM when asked (Windows); never a path', async () => {
  const c = await VibebellsClient.start({ binaryPath, wrapper });
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'vb-facade-'));
  try {
    const arrangement = { 'Zoë': { bells: ['C4', 'E4'], left_hand: ['C4'], right_hand: ['E4'] } };
    const body = { arrangement, players: [{ name: 'Zoë', experience: 'beginner' }], filename: 'hymn.mid', strategy: 'balanced', swaps: { 'Zoë': 0 } };
    const plain = await c.exportCsv(body, { bom: false });
    assert.strictEqual(plain.success, true);
    assert.match(plain.content, /^Metadata\r\nUploaded File,hymn\.mid\r\nStrategy,balanced\r\n/);
    assert.match(plain.content, /\r\nZoë,beginner,C4,E4,0\r\n/);
    assert.match(plain.filename, /^arrangement_hymn_\d{8}_\d{6}\.csv$/);
    assert.strictEqual(plain.mime_type, 'text/csv');
    const bom = await c.exportCsv(body, { bom: true });
    assert.strictEqual(bom.content.charCodeAt(0), 0xfeff);
    assert.strictEqual(bom.bytes, plain.bytes + 3);
    assert.strictEqual(Buffer.from(bom.content, 'utf8').subarray(0, 3).toString('hex'), 'efbbbf');
    // The default follows the platform.
    assert.strictEqual((await c.exportCsv(body)).content.charCodeAt(0) === 0xfeff, process.platform === 'win32');
    // A body from a renderer cannot make the daemon write a file.
    const evil = path.join(tmp, 'evil.csv');
    assert.strictEqual((await c.exportCsv({ ...body, path: evil, overwrite: true })).success, true);
    assert.ok(!fs.existsSync(evil));
    assert.deepStrictEqual(await c.exportCsv({}), { success: false, error: 'No arrangement data provided', code: 'ERR_NO_DATA' });
    const bad = await c.exportCsv({ arrangement, players: {} });
    assert.deepStrictEqual(bad, { success: false, error: 'Players must be an array', code: 'ERR_INVALID_PLAYERS' });
  } finally {
    await c.close();
    fs.rmSync(tmp, { recursive: true, force: true });
  }
});
