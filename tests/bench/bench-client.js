'use strict';
// make bench rows for client-js: the line splitter (split, then
// JSON.parse, of 5, 20 and 40 MB lines fed in 64 KiB chunks, as a pipe
// delivers them; target: splitting costs less than parsing), and one
// arrange of blupi-music004 for 8 players through client-js against the
// same request over a raw pipe (the client's own cost).
const { spawn } = require('node:child_process');
const path = require('node:path');
const { LineSplitter, VibebellsClient } = require(path.join(process.env.TOP, 'client-js', 'src', 'index.js'));

const BIN = process.env.BIN;
const SONG = path.join(process.env.TOP, 'tests', 'corpus', 'blupi-music004.mid');
const median = (v) => { const s = [...v].sort((a, b) => a - b); return s[Math.floor(s.length / 2)]; };
const p90 = (v) => { const s = [...v].sort((a, b) => a - b); return s[Math.min(s.length - 1, Math.floor(s.length * 0.9))]; };
const ms = (t0) => Number(process.hrtime.bigint() - t0) / 1e6;
const row = (...c) => console.log(c[0].padEnd(44) + c.slice(1).map((x) => String(x).padStart(11)).join(''));

function bigLine(bytes) {
  const ev = JSON.stringify({ type: 'ring', bell_name: 'C♯4', pitch: 61, hand: 'left', time_ms: 123456, duration_ms: 357, velocity: 80 });
  const n = Math.ceil(bytes / (Buffer.byteLength(ev) + 1));
  return Buffer.from(`{"jsonrpc":"2.0","id":1,"result":{"events":[${Array(n).fill(ev).join(',')}]}}\n`);
}

function splitter() {
  console.log('');
  row('client-js: a line in 64 KiB chunks', 'split ms', 'parse ms', 'ratio');
  for (const mb of [5, 20, 40]) {
    const line = bigLine(mb * 1e6);
    const chunks = [];
    for (let i = 0; i < line.length; i += 65536) chunks.push(line.subarray(i, i + 65536));
    const split = [], parse = [];
    for (let k = 0; k < 5; k++) {
      let got;
      const s = new LineSplitter((l) => { got = l; });
      let t0 = process.hrtime.bigint();
      for (const c of chunks) s.push(c);
      split.push(ms(t0));
      t0 = process.hrtime.bigint();
      JSON.parse(got);
      parse.push(ms(t0));
    }
    row(`  ${mb} MB line (median of 5)`, median(split).toFixed(1), median(parse).toFixed(1), (median(split) / median(parse)).toFixed(2));
  }
}

const players = ['experienced', 'experienced', 'intermediate', 'intermediate', 'intermediate', 'intermediate', 'beginner', 'beginner']
  .map((experience, i) => ({ name: `Ringer ${i + 1}`, experience }));
const RUNS = 10;

// The same request over a bare pipe: write a line, read to its LF.
async function rawPipe() {
  const d = spawn(BIN, ['--log-level', 'quiet'], { stdio: ['pipe', 'pipe', 'ignore'] });
  let pieces = [];
  let waiting = null;
  d.stdout.on('data', (c) => {
    pieces.push(c);
    if (waiting && c.indexOf(10) >= 0) {
      const all = Buffer.concat(pieces);
      const nl = all.indexOf(10);
      pieces = [all.subarray(nl + 1)];
      const w = waiting;
      waiting = null;
      w(all.subarray(0, nl));
    }
  });
  const next = () => new Promise((r) => { waiting = r; });
  await next();   // ready
  let id = 0;
  return {
    async arrange() {
      d.stdin.write(JSON.stringify({ jsonrpc: '2.0', id: ++id, method: 'arrange', params: { path: SONG, players } }) + '\n');
      const line = await next();
      JSON.parse(line);
      return line.length;
    },
    close: () => d.stdin.end(),
  };
}

// Taken in turns, so that both see the same machine.
async function compare() {
  const raw = await rawPipe();
  const c = await VibebellsClient.start({ binaryPath: BIN, args: ['--log-level', 'quiet'] });
  const t = { raw: [], client: [] };
  let bytes = 0;
  await raw.arrange();
  await c.arrange({ path: SONG, players });   // warm both
  for (let k = 0; k < RUNS; k++) {
    let t0 = process.hrtime.bigint();
    bytes = await raw.arrange();
    t.raw.push(ms(t0));
    t0 = process.hrtime.bigint();
    await c.arrange({ path: SONG, players });
    t.client.push(ms(t0));
  }
  raw.close();
  await c.close();
  return { ...t, bytes };
}

// Issue 18: the whole path through client-js (upload done, arrange
// called, the result object in hand) against the daemon's own time for
// the plain request (vbbench, a C client that reads the line and does
// not parse it).  Upstream's five strategies with the simulation, 8
// players, the held score.  The two are taken in turns (ROUNDS rounds of
// RUNS each) so that both see the same machine.  arrange() asks for
// simulation_frames and parses a simulation when it is first read
// ("+read best": that first read of best_arrangement's);
// request('arrange') is the plain call, one line parsed whole.
const FIVE = ['experienced_first', 'balanced', 'min_transitions', 'fatigue_snake', 'activity_snake'];
const ROUNDS = 3;
const { execFileSync } = require('node:child_process');

// vbbench's median of runs for the plain request, in ms.
function daemonMs(song, sim, extra = {}) {
  const setup = JSON.stringify({ jsonrpc: '2.0', id: 0, method: 'upload', params: { path: song } });
  const req = JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'arrange',
    params: { score_id: '$SCORE', players, strategies: FIVE, include_simulation: sim, ...extra } });
  return Number(execFileSync(process.env.VBBENCH, ['call', BIN, String(RUNS), req, setup]).toString().split(' ')[0]);
}

async function wholePath() {
  const dir = path.join(process.env.TOP, 'tests');
  const s004 = path.join(dir, 'corpus', 'blupi-music004.mid');
  const s009 = path.join(dir, 'bench', 'songs', 'blupi-music009.mid');
  const rows = [
    ['blupi-music004 arrange()', s004, true, 'lazy'],
    ['blupi-music004 request() (eager)', s004, true, 'eager'],
    ['blupi-music009 arrange()', s009, true, 'lazy'],
    ['blupi-music009 request() (eager)', s009, true, 'eager'],
    ['blupi-music004 "best" arrange()', s004, 'best', 'lazy'],
    ['blupi-music009 "best" arrange()', s009, 'best', 'lazy'],
  ];
  console.log('');
  row('client-js, held score, 5 strategies, 8 players', 'daemon ms', 'client ms', 'ratio', '+read best');
  for (const [name, song, sim, how] of rows) {
    const c = await VibebellsClient.start({ binaryPath: BIN, args: ['--log-level', 'quiet'] });
    const { score_id: id } = await c.upload({ path: song });
    const params = { score_id: id, players, strategies: FIVE, include_simulation: sim };
    const t = [], read = [], own = [];
    await c.arrange(params);    // warms up
    for (let round = 0; round < ROUNDS; round++) {
      own.push(daemonMs(song, sim));
      for (let k = 0; k < RUNS; k++) {
        const t0 = process.hrtime.bigint();
        const r = how === 'lazy' ? await c.arrange(params) : await c.request('arrange', params);
        const t1 = process.hrtime.bigint();
        if (!r.best_arrangement.simulation) throw new Error('no simulation');
        t.push(Number(t1 - t0) / 1e6);
        read.push(ms(t1));
      }
    }
    await c.close();
    const d = median(own);
    row(`  ${name}`, d.toFixed(1), median(t).toFixed(1), (median(t) / d).toFixed(2),
      how === 'lazy' ? median(read).toFixed(1) : '-');
  }
  for (const [name, song] of [['blupi-music004', s004], ['blupi-music009', s009]]) {
    row(`  ${name}: daemon alone, plain / frames`, daemonMs(song, true).toFixed(1),
      daemonMs(song, true, { simulation_frames: true }).toFixed(1), '', '');
  }
}

(async () => {
  splitter();
  await wholePath();
  console.log('');
  const r = await compare();
  row(`arrange blupi-music004, 8 players (${RUNS} runs)`, 'median ms', 'p90 ms', 'response');
  row('  raw pipe (write a line, read to LF, parse)', median(r.raw).toFixed(1), p90(r.raw).toFixed(1), `${(r.bytes / 1e6).toFixed(1)} MB`);
  row('  client-js arrange()', median(r.client).toFixed(1), p90(r.client).toFixed(1), '');
})().catch((e) => { console.error(e); process.exit(1); });
