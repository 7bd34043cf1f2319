'use strict';
// What a desktop app needs to steer the daemon: cancellation that reaches
// the daemon, progress per call, score ids that do not survive a restart,
// and a daemon that watches its parent.
const test = require('node:test');
const assert = require('node:assert');
const fs = require('node:fs');
const path = require('node:path');
const { VibebellsClient, RpcError, TimeoutError, AbortError } = require('../src/index.js');

const top = path.resolve(__dirname, '..', '..');
const binaryPath = process.env.VB_DAEMON || path.join(top, 'build', 'vibebellsd');
const wrapper = process.env.VB_WRAPPER ? process.env.VB_WRAPPER.split(' ') : [];
const corpus = (f) => path.join(top, 'tests', 'corpus', f);
const players = ['experienced', 'experienced', 'intermediate', 'intermediate', 'intermediate', 'intermediate', 'beginner', 'beginner']
  .map((experience, i) => ({ name: `Ringer ${i + 1}`, experience }));

test('an aborted call is cancelled in the daemon: it answers ERR_CANCELLED and serves the next call', async () => {
  const c = await VibebellsClient.start({ binaryPath, wrapper });
  try {
    const up = await c.upload({ path: corpus('blupi-music004.mid') });
    const answers = [];
    c.on('cancelled', (a) => answers.push(a));
    const ac = new AbortController();
    // Abort once the daemon is working on it (its first progress line).
    const p = c.arrange({ score_id: up.score_id, players }, { signal: ac.signal, onProgress: () => ac.abort() });
    await assert.rejects(p, AbortError);
    assert.strictEqual((await c.ping()).status, 'healthy');
    // The ping is answered after the arrange: the daemon answered the
    // cancelled call first, with ERR_CANCELLED (had it finished the work,
    // this would be its result).
    assert.strictEqual(answers.length, 1);
    assert.strictEqual(answers[0].error && answers[0].error.data.code, 'ERR_CANCELLED');
    assert.strictEqual(answers[0].error.code, -32800);
  } finally { await c.close(); }
});

test('a timeout cancels too; a call cancelled while queued never runs', async () => {
  const c = await VibebellsClient.start({ binaryPath, wrapper });
  try {
    const answers = [];
    c.on('cancelled', (a) => answers.push(a));
    const song = { path: corpus('blupi-music004.mid'), players, include_simulation: false };
    let started;
    const begun = new Promise((r) => { started = r; });
    const first = c.arrange(song, { onProgress: (v) => { if (v.kind === 'begin') started(); } });
    await begun;
    // Queued behind the first, given up before it could start.
    const ac = new AbortController();
    const second = c.arrange(song, { signal: ac.signal });
    ac.abort();
    await assert.rejects(second, AbortError);
    await assert.rejects(c.arrange(song, { timeoutMs: 1 }), TimeoutError);
    assert.ok((await first).success);
    assert.strictEqual((await c.ping()).status, 'healthy');
    assert.strictEqual(answers.length, 2);
    for (const a of answers) assert.strictEqual(a.error && a.error.data.code, 'ERR_CANCELLED');
  } finally { await c.close(); }
});

test('onProgress: begin, a report per strategy, end, before the result', async () => {
  const c = await VibebellsClient.start({ binaryPath, wrapper });
  try {
    const seen = [];
    const r = await c.arrange({ path: corpus('upstream-o-for-a-thousand-tongues.mid'), players },
      { onProgress: (v) => seen.push(v) });
    assert.ok(r.success);
    assert.strictEqual(seen[0].kind, 'begin');
    assert.strictEqual(seen[seen.length - 1].kind, 'end');
    const messages = seen.filter((v) => v.kind === 'report').map((v) => v.message);
    for (const s of ['experienced_first', 'balanced', 'min_transitions', 'fatigue_snake', 'activity_snake', 'optimized']) {
      assert.ok(messages.includes(s), `a report for ${s}: ${messages}`);
    }
    const pct = seen.map((v) => v.percentage).filter((x) => x !== undefined);
    assert.deepStrictEqual(pct, [...pct].sort((a, b) => a - b), 'percentages never go back');
    // Without onProgress nothing is asked for, nothing arrives.
    let stray = 0;
    c.on('protocolError', () => stray++);
    await c.ping();
    assert.strictEqual(stray, 0);
  } finally { await c.close(); }
});

test('score ids differ between daemon instances: an id from before a restart is ERR_UNKNOWN_SCORE', async () => {
  const c = await VibebellsClient.start({ binaryPath, wrapper, restart: true });
  try {
    const content = fs.readFileSync(corpus('upstream-o-for-a-thousand-tongues.mid')).toString('base64');
    const before = await c.upload({ content, filename: 'hymn.mid' });
    assert.match(before.score_id, /^s1-[0-9a-f]{8}$/);
    const restarted = new Promise((r) => c.once('restart', r));
    process.kill(c.pid, 'SIGKILL');
    await restarted;
    // The new daemon's first upload is its "s1" too, of another song.
    const after = await c.upload({ path: corpus('upstream-test-song.mid') });
    assert.notStrictEqual(after.score_id, before.score_id);
    await assert.rejects(c.arrange({ score_id: before.score_id, players }),
      (e) => e instanceof RpcError && e.dataCode === 'ERR_UNKNOWN_SCORE');
    assert.ok((await c.arrange({ score_id: after.score_id, players, include_simulation: false })).success);
  } finally { await c.close(); }
});

test('the client passes its own pid as --parent-pid (parentPid: null turns it off)', { skip: process.platform !== 'linux' }, async () => {
  const cmdline = (pid) => fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0');
  const c = await VibebellsClient.start({ binaryPath });
  try {
    const args = cmdline(c.pid);
    assert.strictEqual(args[args.indexOf('--parent-pid') + 1], String(process.pid));
  } finally { await c.close(); }
  const d = await VibebellsClient.start({ binaryPath, parentPid: null });
  try {
    assert.ok(!cmdline(d.pid).includes('--parent-pid'));
  } finally { await d.close(); }
});
