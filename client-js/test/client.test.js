'use strict';
// client-js against the real daemon (build/vibebellsd, or VB_DAEMON) and a
// fake one that writes awkward lines.
const test = require('node:test');
const assert = require('node:assert');
const fs = require('node:fs');
const path = require('node:path');
const os = require('node:os');
const {
  VibebellsClient, RpcError, DaemonExitedError, TimeoutError, AbortError, findBinary,
} = require('../src/index.js');

const top = path.resolve(__dirname, '..', '..');
const binaryPath = process.env.VB_DAEMON || path.join(top, 'build', 'vibebellsd');
const wrapper = process.env.VB_WRAPPER ? process.env.VB_WRAPPER.split(' ') : [];
const corpus = (f) => path.join(top, 'tests', 'corpus', f);
const players = [
  ['Alice', 'experienced'], ['Bob', 'experienced'], ['Carol', 'intermediate'], ['Dan', 'intermediate'],
  ['Erin', 'intermediate'], ['Frank', 'intermediate'], ['Grace', 'beginner'], ['Hugo', 'beginner'],
].map(([name, experience]) => ({ name, experience }));

function alive(pid) {
  try { process.kill(pid, 0); return true; } catch (e) { return e.code !== 'ESRCH'; }
}

test('start resolves with the ready params; ping answers', async () => {
  const c = await VibebellsClient.start({ binaryPath, wrapper });
  try {
    for (const m of ['ping', 'upload', 'arrange', 'export', 'score.close']) assert.ok(c.ready.methods.includes(m), m);
    assert.strictEqual((await c.ping()).status, 'healthy');
  } finally { await c.close(); }
});

test('upload, arrange, export csv, closeScore: the whole round trip', async () => {
  const c = await VibebellsClient.start({ binaryPath, wrapper });
  try {
    const content = fs.readFileSync(corpus('upstream-o-for-a-thousand-tongues.mid')).toString('base64');
    const up = await c.upload({ content, filename: 'hymn.mid' });
    assert.strictEqual(up.note_count, 18);
    const arr = await c.arrange({ score_id: up.score_id, players });
    // upstream's five and the search ("optimized"), best first.
    assert.strictEqual(arr.arrangements.length, 7);  // the five, optimized, positions
    assert.ok(arr.arrangements.some((a) => a.strategy === 'optimized'));
    const best = arr.arrangements[0];
    const ex = await c.export({ arrangement: best, players, filename: 'hymn.mid', strategy: best.strategy, swaps: best.swaps });
    assert.match(ex.content, /Alice/);
    assert.match(ex.suggested_filename, /^arrangement_hymn.*\.csv$/);
    assert.deepStrictEqual(await c.closeScore(up.score_id), { closed: true });
    await assert.rejects(c.arrange({ score_id: up.score_id, players }),
      (e) => e instanceof RpcError && e.dataCode === 'ERR_UNKNOWN_SCORE' && e.code === -32001);
  } finally { await c.close(); }
});

test('200 concurrent calls are each answered with their own result', async () => {
  const c = await VibebellsClient.start({ binaryPath, wrapper });
  try {
    const calls = [];
    for (let i = 0; i < 200; i++) {
      calls.push(i % 2 ? c.ping() : c.request('score.close', { score_id: `nope${i}` }).catch((e) => e));
    }
    const results = await Promise.all(calls);
    results.forEach((r, i) => {
      if (i % 2) assert.strictEqual(r.status, 'healthy');
      else assert.ok(r instanceof RpcError && r.dataCode === 'ERR_UNKNOWN_SCORE' && r.message.includes(`nope${i}`));
    });
  } finally { await c.close(); }
});

test('a 5 MB base64 upload: over the limit is ERR_FILE_TOO_LARGE, under it a parse error', async () => {
  const c = await VibebellsClient.start({ binaryPath, wrapper });
  try {
    const over = Buffer.alloc(5 * 1024 * 1024 + 10, 0x41).toString('base64');
    await assert.rejects(c.upload({ content: over, filename: 'big.mid' }),
      (e) => e instanceof RpcError && e.dataCode === 'ERR_FILE_TOO_LARGE' && e.code === -32002);
    const under = Buffer.concat([Buffer.from('MThd'), Buffer.alloc(3.7 * 1024 * 1024, 7)]).toString('base64');
    await assert.rejects(c.upload({ content: under, filename: 'junk.mid' }),
      (e) => e instanceof RpcError && e.dataCode === 'ERR_MUSIC_PARSE');
    assert.strictEqual((await c.ping()).status, 'healthy');
  } finally { await c.close(); }
});

test('errors map: unknown method, invalid params', async () => {
  const c = await VibebellsClient.start({ binaryPath, wrapper });
  try {
    await assert.rejects(c.request('no.such'), (e) => e.code === -32601 && e.dataCode === 'ERR_METHOD_NOT_FOUND');
    await assert.rejects(c.arrange({ players: 'x' }), (e) => e.code === -32602 && typeof e.dataCode === 'string');
  } finally { await c.close(); }
});

test('timeout and abort reject the call, and the client keeps working', async () => {
  const c = await VibebellsClient.start({ binaryPath, wrapper });
  try {
    const up = await c.upload({ path: corpus('blupi-music004.mid') });
    await assert.rejects(c.arrange({ score_id: up.score_id, players }, { timeoutMs: 1 }), TimeoutError);
    const ac = new AbortController();
    const p = c.arrange({ score_id: up.score_id, players }, { signal: ac.signal });
    ac.abort();
    await assert.rejects(p, AbortError);
    const pre = new AbortController();
    pre.abort();
    await assert.rejects(c.ping({ signal: pre.signal }), AbortError);
    assert.strictEqual((await c.ping()).status, 'healthy');
  } finally { await c.close(); }
});

test('kill -9 with calls in flight: all reject; with restart a new daemon serves', async () => {
  const c = await VibebellsClient.start({ binaryPath, wrapper, restart: true });
  try {
    const up = await c.upload({ path: corpus('blupi-music004.mid') });
    const calls = [];
    for (let i = 0; i < 10; i++) calls.push(c.arrange({ score_id: up.score_id, players }).then(() => 'ok', (e) => e));
    const restarted = new Promise((resolve) => c.once('restart', resolve));
    process.kill(c.pid, 'SIGKILL');
    const results = await Promise.all(calls);
    assert.ok(results.some((r) => r instanceof DaemonExitedError && r.signal === 'SIGKILL'));
    assert.ok(results.every((r) => r === 'ok' || r instanceof DaemonExitedError));
    await restarted;
    assert.strictEqual((await c.ping()).status, 'healthy');
    await assert.rejects(c.arrange({ score_id: up.score_id, players }), (e) => e.dataCode === 'ERR_UNKNOWN_SCORE');
  } finally { await c.close(); }
});

test('close() leaves no process behind and is safe twice', async () => {
  const c = await VibebellsClient.start({ binaryPath, wrapper });
  const pid = c.pid;
  assert.ok(alive(pid));
  await Promise.all([c.close(), c.close()]);
  await c.close();
  assert.ok(!alive(pid), 'daemon still running');
  await assert.rejects(c.ping(), DaemonExitedError);
});

test('start rejects with the stderr tail when the binary exits first', async () => {
  await assert.rejects(VibebellsClient.start({ binaryPath, wrapper, args: ['--no-such-option'] }),
    (e) => e instanceof DaemonExitedError && e.exitCode === 2 && /no-such-option/.test(e.stderrTail));
});

test('split, partial, multi-byte and malformed lines from a fake daemon', async () => {
  const c = await VibebellsClient.start({ binaryPath: process.execPath, args: [path.join(__dirname, 'fixtures', 'fake-daemon.js')] });
  const bad = [];
  c.on('protocolError', (e) => bad.push(e));
  try {
    const r = await c.request('echo', { n: 1 });
    assert.deepStrictEqual(r, { echo: { n: 1 }, bell: 'C♯4 🔔' });
    const [a, b] = await Promise.all([c.request('echo', { n: 2 }), c.request('echo', { n: 3 })]);
    assert.strictEqual(a.echo.n, 2);
    assert.strictEqual(b.echo.n, 3);
    assert.ok(bad.length >= 1 && /malformed/.test(bad[0].message));
  } finally {
    c.options.closeGraceMs = 100;
    await c.close();
  }
});

test('findBinary names every path it tried', () => {
  // No $VIBEBELLSD_PATH (the test runner sets it), and a checkout of our
  // own: the suite may run where build/ is not (make asan: build-asan/).
  const env = {};
  const dev = fs.mkdtempSync(path.join(os.tmpdir(), 'vb-find-'));
  fs.mkdirSync(path.join(dev, 'build'));
  fs.writeFileSync(path.join(dev, 'build', 'vibebellsd'), '', { mode: 0o755 });
  assert.throws(() => findBinary({ env, resourcesPath: '/nonexistent/res', devRoot: '/nonexistent/dev' }),
    (e) => e.message.includes('/nonexistent/res/backend/vibebellsd') && e.message.includes('/nonexistent/dev/build/vibebellsd'));
  assert.strictEqual(findBinary({ env, devRoot: dev }), path.join(dev, 'build', 'vibebellsd'));
  fs.rmSync(dev, { recursive: true, force: true });
  // On Windows the same places, for vibebellsd.exe.
  assert.throws(() => findBinary({ env, platform: 'win32', resourcesPath: '/nonexistent/res', devRoot: '/nonexistent/dev' }),
    (e) => e.message.includes(path.join('/nonexistent/res', 'backend', 'vibebellsd.exe')) &&
      e.message.includes(path.join('/nonexistent/dev', 'build', 'vibebellsd.exe')));
});
