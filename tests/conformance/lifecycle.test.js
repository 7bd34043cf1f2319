'use strict';
// Lifecycle cases a transcript cannot express: a second stop signal while
// the daemon is stuck (its reader does not read), and --parent-pid when
// the parent is killed and a grandchild keeps the daemon's stdin open.
const test = require('node:test');
const assert = require('node:assert');
const { spawn } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

const TOP = path.resolve(__dirname, '..', '..');
const BIN = process.env.VIBEBELLSD || path.join(TOP, 'build', 'vibebellsd');
const WRAP = (process.env.VB_WRAPPER || '').split(' ').filter(Boolean);
const SLOW = WRAP.length ? 20 : 1;
const SONG = path.join(TOP, 'tests', 'corpus', 'blupi-music004.mid');
const players = 'ABCDEFGH'.split('').map((name, i) => ({ name, experience: ['experienced', 'intermediate', 'beginner'][i % 3] }));
const posix = process.platform !== 'win32';
// write(2)'s number, to see in /proc/PID/syscall that the daemon waits in it.
const WRITE_SYSCALL = { x64: 1, arm64: 64, ia32: 4, arm: 4 };
const procSyscall = process.platform === 'linux' && fs.existsSync('/proc/self/syscall') &&
  WRITE_SYSCALL[process.arch] !== undefined;

// Kills pid only while it is still the process we started (its command
// line says so): a pid kept past its process's end may name someone
// else's process by now.
function killOurs(pid, what) {
  try {
    const cmd = fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8');
    if (cmd.includes(what) && running(pid)) process.kill(pid, 'SIGKILL');
  } catch (e) { /* gone */ }
}
const alive = (pid) => { try { process.kill(pid, 0); return true; } catch (e) { return e.code === 'EPERM'; } };
// Alive and not a zombie (an exited process waits for a parent that may be
// slow to reap it: the daemon's new parent, once the old one died).
function running(pid) {
  if (!alive(pid)) return false;
  try { return !/^[ZX]/.test(fs.readFileSync(`/proc/${pid}/stat`, 'utf8').replace(/^.*\) /s, '')); } catch (e) { return process.platform !== 'linux'; }
}
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
async function until(fn, ms) {
  const end = Date.now() + ms;
  while (Date.now() < end) { if (fn()) return true; await sleep(20); }
  return fn();
}

test('a second SIGTERM stops at once, even with a response stuck in the pipe',
  { skip: !procSyscall && 'needs Linux /proc/PID/syscall to see the daemon blocked in write' }, async () => {
  // The daemon's stdout is a pipe to `sleep`, which never reads: the
  // arranges' megabytes fill it and the daemon blocks writing, so the
  // first SIGTERM cannot finish anything.
  // (An asynchronous list's stdin is /dev/null unless redirected: fd 3
  // keeps ours.)  The inner shell reports the daemon's pid and status.
  const inner = 'exec 3<&0; "$1" --log-level quiet <&3 3<&- & echo "D $!" >&2; wait $!; echo "X $?" >&2';
  const script = `exec 3<&0; sh -c '${inner}' sh "$1" <&3 3<&- | sleep 300 & echo "S $!" >&2; wait`;
  const sh = spawn('/bin/sh', ['-c', script, 'sh', BIN], { stdio: ['pipe', 'ignore', 'pipe'] });
  let text = '';
  const { pid, sleeper } = await new Promise((resolve) => sh.stderr.on('data', (b) => {
    text += b;
    const dm = /D (\d+)/.exec(text), sm = /S (\d+)/.exec(text);
    if (dm && sm) resolve({ pid: Number(dm[1]), sleeper: Number(sm[1]) });
  }));
  test.after(() => { killOurs(sleeper, 'sleep'); killOurs(pid, 'vibebellsd'); });
  const line = (id) => JSON.stringify({ jsonrpc: '2.0', id, method: 'arrange', params: { path: SONG, players } }) + '\n';
  sh.stdin.write(line(1) + line(2) + line(3));
  // Asleep in write(2), three looks in a row: blocked, not just writing.
  const nr = WRITE_SYSCALL[process.arch];
  let seen = 0;
  const blocked = () => {
    try {
      const asleep = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').replace(/^.*\) /s, '')[0] === 'S';
      const inW = Number(fs.readFileSync(`/proc/${pid}/syscall`, 'utf8').split(' ')[0]) === nr;
      seen = asleep && inW ? seen + 1 : 0;
    } catch (e) { seen = 0; }
    return seen >= 3;
  };
  assert.ok(await until(blocked, 30000 * SLOW), 'the daemon blocks writing');
  process.kill(pid, 'SIGTERM');
  await sleep(300 * SLOW);
  assert.ok(running(pid), 'stuck in a write, the first SIGTERM waits');
  process.kill(pid, 'SIGTERM');
  assert.ok(await until(() => /X \d+/.test(text), 2000 * SLOW), 'the second SIGTERM ends it');
  // Exit status 128 + 15, an exit of its own (not the default action).
  assert.strictEqual(/X (\d+)/.exec(text)[1], '143');
  killOurs(sleeper, 'sleep');
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
  test.after(() => killOurs(sleeper, 'sleep'));
  assert.ok(pid > 0 && alive(pid), 'the daemon runs');
  await sleep(200);
  assert.ok(alive(pid), 'it stays while the parent lives');
  parent.kill('SIGKILL');
  const t0 = Date.now();
  const gone = await until(() => !running(pid), 2000);
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
