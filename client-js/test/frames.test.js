'use strict';
// Simulation frames (arrange's simulation_frames): client-js's arrange()
// gets each simulation as a line of its own, keeps its bytes and parses
// it on first read.  The result must read exactly as the plain call's
// eager parse, and the plain call must stay as it was.
const test = require('node:test');
const assert = require('node:assert');
const path = require('node:path');
const { VibebellsClient, LineSplitter } = require('../src/index.js');

const top = path.resolve(__dirname, '..', '..');
const binaryPath = process.env.VB_DAEMON || path.join(top, 'build', 'vibebellsd');
const wrapper = process.env.VB_WRAPPER ? process.env.VB_WRAPPER.split(' ') : [];
const FIVE = ['experienced_first', 'balanced', 'min_transitions', 'fatigue_snake', 'activity_snake'];
const players = ['experienced', 'experienced', 'intermediate', 'intermediate', 'beginner', 'beginner']
  .map((experience, i) => ({ name: `Ringer ${i + 1} ♯`, experience }));
const isLazy = (o, k) => typeof Object.getOwnPropertyDescriptor(o, k).get === 'function';

test('arrange(): simulations unparsed until read, then equal to the eager parse', async () => {
  const c = await VibebellsClient.start({ binaryPath, wrapper });
  try {
    const { score_id } = await c.upload({ path: path.join(top, 'tests', 'corpus', 'blupi-music004.mid') });
    const params = { score_id, players, strategies: FIVE };
    const eager = await c.request('arrange', params);
    const lazy = await c.arrange(params);
    // The plain call is untouched: every simulation a parsed value.
    for (const a of [...eager.arrangements, eager.best_arrangement]) assert.ok(!isLazy(a, 'simulation'));
    // arrange(): none parsed yet.
    for (const a of [...lazy.arrangements, lazy.best_arrangement]) assert.ok(isLazy(a, 'simulation'), a.strategy);
    assert.strictEqual(lazy.arrangements.length, 5);
    // Read: the eager parse's value, then a plain property.
    assert.deepStrictEqual(lazy.arrangements[2].simulation, eager.arrangements[2].simulation);
    assert.ok(!isLazy(lazy.arrangements[2], 'simulation'));
    assert.strictEqual(lazy.arrangements[2].simulation, lazy.arrangements[2].simulation);
    // best_arrangement reads the first's frame, as its own object.
    assert.deepStrictEqual(lazy.best_arrangement.simulation, lazy.arrangements[0].simulation);
    assert.notStrictEqual(lazy.best_arrangement.simulation, lazy.arrangements[0].simulation);
    // The whole result: deepEqual, the same JSON text, clones.
    assert.deepStrictEqual(lazy, eager);
    assert.strictEqual(JSON.stringify(lazy), JSON.stringify(eager));
    const again = await c.arrange(params);
    assert.deepStrictEqual(structuredClone(again), eager);
    // A value set before the first read wins.
    const r = await c.arrange(params);
    r.arrangements[1].simulation = null;
    assert.strictEqual(r.arrangements[1].simulation, null);
  } finally { await c.close(); }
});

test('arrange(): "best", lazySimulation false and simulation_frames given are as asked', async () => {
  const c = await VibebellsClient.start({ binaryPath, wrapper });
  try {
    const { score_id } = await c.upload({ path: path.join(top, 'tests', 'corpus', 'abc-daramud.mid') });
    const params = { score_id, players, strategies: FIVE, include_simulation: 'best' };
    const eager = await c.request('arrange', params);
    const lazy = await c.arrange(params);
    assert.ok(isLazy(lazy.arrangements[0], 'simulation'));
    assert.ok(!isLazy(lazy.arrangements[1], 'simulation'));
    assert.strictEqual(lazy.arrangements[1].simulation, null);
    assert.deepStrictEqual(lazy, eager);
    const plain = await c.arrange(params, { lazySimulation: false });
    assert.ok(!isLazy(plain.arrangements[0], 'simulation'));
    const off = await c.arrange({ ...params, simulation_frames: false });
    assert.ok(!isLazy(off.arrangements[0], 'simulation'));
    assert.deepStrictEqual(plain, eager);
    // The raw call asking for frames itself gets them resolved too.
    const raw = await c.request('arrange', { ...params, simulation_frames: true });
    assert.ok(isLazy(raw.best_arrangement, 'simulation'));
    assert.deepStrictEqual(raw, eager);
  } finally { await c.close(); }
});

test('frames cut anywhere, CRLF, another key order; a stray frame is reported', async () => {
  const head = Buffer.byteLength('{"jsonrpc":"2.0","method":"$/simulation","params":{"id":1,"frame":0,"simulation":');
  for (const cut of [1, 20, 56, 57, head - 1, head, head + 3]) {
    const c = await VibebellsClient.start({ binaryPath: process.execPath, args: [path.join(__dirname, 'fixtures', 'frame-daemon.js'), String(cut)], parentPid: null });
    const errors = [];
    c.on('protocolError', (e) => errors.push(e.message));
    try {
      const r = await c.arrange({});
      assert.ok(isLazy(r.arrangements[0], 'simulation'), `cut ${cut}`);
      assert.strictEqual(r.arrangements[0].simulation.players[0].events.length, 3);
      assert.strictEqual(r.arrangements[0].simulation.players[0].name, 'A♯');
      assert.strictEqual(r.arrangements[1].simulation.players[0].events.length, 5);
      assert.strictEqual(r.best_arrangement.simulation.players[0].events.length, 3);
      assert.strictEqual(r.arrangements[2].simulation, null);
      assert.deepStrictEqual(errors, ['a simulation frame for no pending call (999)']);
    } finally { await c.close(); }
  }
});

test('LineSplitter: a line with the raw prefix is handed over unjoined', () => {
  const prefix = Buffer.from('{"f":');
  const text = Buffer.from('{"a":1}\n{"f":"xyz♯"}\n{"b":2}\n');
  for (let cut = 1; cut < text.length; cut++) {
    const lines = [], raws = [];
    const concat = Buffer.concat;
    let joins = 0;
    const s = new LineSplitter((l) => lines.push(l), { rawPrefix: prefix, onRaw: (p, n) => raws.push([p, n]) });
    Buffer.concat = function (...a) { joins++; return concat.apply(Buffer, a); };
    try {
      s.push(text.subarray(0, cut));
      s.push(text.subarray(cut));
    } finally { Buffer.concat = concat; }
    assert.deepStrictEqual(lines, ['{"a":1}', '{"b":2}'], `cut ${cut}`);
    assert.strictEqual(raws.length, 1);
    const [pieces, n] = raws[0];
    assert.strictEqual(Buffer.concat(pieces, n).toString(), '{"f":"xyz♯"}');
    // Only a line cut in two is joined, and never the raw one.
    assert.ok(joins <= 1, `cut ${cut}: ${joins} joins`);
  }
});
