'use strict';
// Lifecycle cases a transcript cannot express: a second stop signal while
// the daemon is stuck (its reader does not read), and --parent-pid when
// the parent is killed and a grandchild keeps the daemon's stdin open.
const test = require('node:test');
const assert = require('node:assert');
const { spawn } = require('node:child_process');
const path = require('node:path');

const TOP = path.resolve(__dirname, '..', '..');
const BIN = process.env.VIBEBELLSD || path.join(TOP, 'build', 'vibebellsd');
const WRAP = (process.env.VB_WRAPPER || '').split(' ').filter(Boolean);
const SLOW = WRAP.length ? 20 : 1;
const SONG = path.join(TOP, 'tests', 'corpus', 'blupi-music004.mid');
const players = 'ABCDEFGH'.split('').map((name, i) => ({ name, experience: ['experienced', 'intermediate', 'beginner'][i % 3] }));
const posix = process.platform !== 'win32';

const alive = (pid) => { try { process.kill(pid, 0); return true; } catch (e) { return e.code === 'EPERM'; } };
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
async function until(fn, ms) {
  const end = Date.now() + ms;
  while (Date.now() < end) { if (fn()) return true; await sleep(20); }
  return fn();
}

test('a second SIGTERM stops at once, even with a response stuck in the pipe', { skip: !posix }, async () => {
  // Nobody reads stdout: the arrange's megabytes fill the pipe and the
  // daemon blocks writing; the first SIGTERM cannot finish anything.
  const d = spawn(WRAP[0] || BIN, [...WRAP.slice(1), ...(WRAP.length ? [BIN] : []), '--log-level', 'quiet'],
    { stdio: ['pipe', 'pipe', 'ignore'] });
  d.stdout.pause();
  const exited = new Promise((r) => d.on('exit', (code, signal) => r({ code, signal })));
  const line = (id) => JSON.stringify({ jsonrpc: '2.0', id, method: 'arrange', params: { path: SONG, players } }) + '\n';
  d.stdin.write(line(1) + line(2) + line(3));
  await sleep(1500 * SLOW);
  d.kill('SIGTERM');
  const first = await Promise.race([exited, sleep(300 * SLOW).then(() => 'running')]);
  assert.strictEqual(first, 'running', 'stuck in a write, the first SIGTERM waits');
  d.kill('SIGTERM');
  const r = await Promise.race([exited, sleep(2000 * SLOW).then(() => 'running')]);
  if (r === 'running') d.kill('SIGKILL');
  assert.deepStrictEqual(r, { code: 128 + 15, signal: null });
});

test('--parent-pid: the daemon exits within 2 s of its parent\'s SIGKILL, though its stdin stays open', { skip: !posix }, async () => {
  // The parent: a shell that starts the daemon in the background with a
  // pipe it (and a sleeping grandchild) keep open, prints the daemon's
  // pid, and waits.
  const script = 'exec 3>&1; (sleep 60 & echo "S $!" >&3; wait) | "$1" --log-level quiet --parent-pid $$ >/dev/null & ' +
    'echo "D $!"; wait';
  const parent = spawn('/bin/sh', ['-c', script, 'sh', BIN], { stdio: ['ignore', 'pipe', 'inherit'] });
  let text = '';
  const pids = await new Promise((resolve) => parent.stdout.on('data', (b) => {
    text += b;
    const s = /S (\d+)/.exec(text), d = /D (\d+)/.exec(text);
    if (s && d) resolve({ sleeper: Number(s[1]), pid: Number(d[1]) });
  }));
  const { pid, sleeper } = pids;
  test.after(() => { try { process.kill(sleeper, 'SIGKILL'); } catch (e) { /* gone */ } });
  assert.ok(pid > 0 && alive(pid), 'the daemon runs');
  await sleep(200);
  assert.ok(alive(pid), 'it stays while the parent lives');
  parent.kill('SIGKILL');
  const t0 = Date.now();
  const gone = await until(() => !alive(pid), 2000);
  assert.ok(gone, `daemon ${pid} still running ${Date.now() - t0} ms after its parent died`);
});

test('--parent-pid of a process that is not running: exits at once; a bad value is a usage error', async () => {
  const run = (args) => new Promise((resolve) => {
    const c = spawn(BIN, args, { stdio: ['pipe', 'ignore', 'pipe'] });
    let err = '';
    c.stderr.on('data', (b) => { err += b; });
    c.on('exit', (code) => resolve({ code, err }));
  });
  // The pid of a process that has just ended.
  const gone = spawn(process.execPath, ['-e', '0']);
  await new Promise((r) => gone.on('exit', r));
  assert.strictEqual((await run(['--parent-pid', String(gone.pid)])).code, 0);
  const bad = await run(['--parent-pid', 'me']);
  assert.strictEqual(bad.code, 2);
  assert.match(bad.err, /--parent-pid/);
});
