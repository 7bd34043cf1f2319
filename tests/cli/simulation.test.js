'use strict';
// Which arrangements carry their simulation: include_simulation true
// (all, upstream's), false (none), "best" (best_arrangement's alone) and
// simulation_for (one strategy's, for an app that shows a tab at a time
// and asks for that tab's timeline later).  A timeline asked for later,
// by a second arrange of the held score with that strategy alone, is the
// one the first response would have carried.
const test = require('node:test');
const assert = require('node:assert');
const { spawn } = require('node:child_process');
const path = require('node:path');

const TOP = path.resolve(__dirname, '..', '..');
const BIN = process.env.VIBEBELLSD || path.join(TOP, 'build', 'vibebellsd');
const SONG = path.join(TOP, 'tests', 'corpus', 'musescore-fugue-1.mid');
const FIVE = ['experienced_first', 'balanced', 'min_transitions', 'fatigue_snake', 'activity_snake'];
const players = ['experienced', 'intermediate', 'beginner', 'intermediate', 'experienced', 'beginner']
  .map((experience, i) => ({ name: `Ringer ${i + 1}`, experience }));

// Sends the upload, reads its score_id, then the arranges: a real
// client's order.
function run(paramsList) {
  return new Promise((resolve, reject) => {
    const child = spawn(BIN, ['--log-level', 'quiet'], { stdio: ['pipe', 'pipe', 'inherit'] });
    const out = [];
    let buf = '';
    let scoreId = null;
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (d) => {
      buf += d;
      let nl;
      while ((nl = buf.indexOf('\n')) >= 0) {
        const msg = JSON.parse(buf.slice(0, nl));
        buf = buf.slice(nl + 1);
        if (msg.method === 'ready') continue;
        if (msg.id === 0) {
          scoreId = msg.result.score_id;
          for (const [i, p] of paramsList.entries())
            child.stdin.write(JSON.stringify({ jsonrpc: '2.0', id: i + 1, method: 'arrange',
              params: { score_id: scoreId, players, ...p } }) + '\n');
          child.stdin.end();
          continue;
        }
        out.push(msg);
      }
    });
    child.on('error', reject);
    child.on('close', (code) => {
      if (code !== 0) reject(new Error(`daemon exited ${code}`));
      else resolve(out);
    });
    child.stdin.write(JSON.stringify({ jsonrpc: '2.0', id: 0, method: 'upload', params: { path: SONG } }) + '\n');
  });
}

const sims = (res) => res.arrangements.map((a) => a.simulation !== null);

test('include_simulation true, false and "best"', async () => {
  const [all, none, best] = await run([
    { strategies: FIVE },
    { strategies: FIVE, include_simulation: false },
    { strategies: FIVE, include_simulation: 'best' },
  ]);
  assert.deepStrictEqual(sims(all.result), [true, true, true, true, true]);
  assert.deepStrictEqual(sims(none.result), [false, false, false, false, false]);
  assert.deepStrictEqual(sims(best.result), [true, false, false, false, false]);
  assert.notStrictEqual(best.result.best_arrangement.simulation, null);
  // The same arrangements, and the best one's timeline is the full one's.
  assert.deepStrictEqual(best.result.arrangements.map((a) => a.strategy),
    all.result.arrangements.map((a) => a.strategy));
  assert.deepStrictEqual(best.result.best_arrangement, all.result.arrangements[0]);
  for (const [i, a] of best.result.arrangements.entries())
    assert.deepStrictEqual({ ...a, simulation: null }, { ...all.result.arrangements[i], simulation: null });
});

test('simulation_for: one tab now, the same timeline asked for later', async () => {
  const asks = FIVE.map((s) => ({ strategies: FIVE, simulation_for: s }));
  const later = FIVE.map((s) => ({ strategies: [s] }));
  const res = await run([...asks, ...later]);
  for (const [i, s] of FIVE.entries()) {
    const r = res[i].result;
    assert.deepStrictEqual(r.arrangements.map((a) => a.simulation !== null),
      r.arrangements.map((a) => a.strategy === s), `only ${s} has a simulation`);
    const tab = r.arrangements.find((a) => a.strategy === s);
    const alone = res[FIVE.length + i].result.arrangements[0];
    assert.strictEqual(alone.strategy, s);
    assert.ok(tab.simulation.players.length > 0);
    assert.deepStrictEqual(alone.simulation, tab.simulation, `${s}: the later timeline is the same`);
  }
});

test('refused: bad include_simulation, simulation_for off the list or combined', async () => {
  const res = await run([
    { include_simulation: 'some' },
    { simulation_for: 'nosuch' },
    { strategies: ['balanced'], simulation_for: 'min_transitions' },
    { include_simulation: false, simulation_for: 'balanced' },
    { include_simulation: 'best', simulation_for: 'balanced' },
    { include_simulation: true, simulation_for: 'balanced', strategies: ['balanced'] },
  ]);
  const codes = res.map((m) => m.error && [m.error.data.code, m.error.data.field]);
  assert.deepStrictEqual(codes.slice(0, 5), [
    ['ERR_INVALID_PARAMS', 'include_simulation'],
    ['ERR_INVALID_STRATEGY', 'simulation_for'],
    ['ERR_INVALID_STRATEGY', 'simulation_for'],
    ['ERR_INVALID_PARAMS', 'simulation_for'],
    ['ERR_INVALID_PARAMS', 'simulation_for'],
  ]);
  assert.notStrictEqual(res[5].result.arrangements[0].simulation, null);
});

// simulation_frames: the raw lines.  Each frame's text put back in place
// of its {"frame":k} gives the plain response byte for byte; the frames
// come before their response, numbered in order, under its id.
function lines(requests) {
  return new Promise((resolve, reject) => {
    const child = spawn(BIN, ['--log-level', 'quiet'], { stdio: ['pipe', 'pipe', 'inherit'] });
    const chunks = [];
    child.stdout.on('data', (d) => chunks.push(d));
    child.on('error', reject);
    child.on('close', () => resolve(Buffer.concat(chunks).toString('utf8').split('\n').slice(1, -1)));
    for (const r of requests) child.stdin.write(JSON.stringify(r) + '\n');
    child.stdin.end();
  });
}

test('simulation_frames: frames ahead, spliced back they are the plain response', async () => {
  const base = { path: SONG, players, strategies: FIVE };
  for (const sim of [true, 'best']) {
    const [plain, ...framed] = await lines([
      { jsonrpc: '2.0', id: 1, method: 'arrange', params: { ...base, include_simulation: sim } },
      { jsonrpc: '2.0', id: 'f', method: 'arrange', params: { ...base, include_simulation: sim, simulation_frames: true } },
    ]);
    const response = framed.pop();
    assert.strictEqual(framed.length, sim === true ? 5 : 1);
    const head = '{"jsonrpc":"2.0","method":"$/simulation","params":{"id":"f","frame":';
    const texts = framed.map((l, k) => {
      const h = `${head}${k},"simulation":`;
      assert.ok(l.startsWith(h) && l.endsWith('}}'), `frame ${k}'s layout`);
      return l.slice(h.length, -2);
    });
    assert.ok(response.length < plain.length / 2, "the response without its timelines is smaller");
    const spliced = response.replace(/"simulation":\{"frame":(\d+)\}/g, (_, k) => `"simulation":${texts[Number(k)]}`);
    assert.strictEqual(spliced, plain.replace('"id":1,', '"id":"f",'), `include_simulation ${sim}`);
  }
});
