'use strict';
// Replays one protocol transcript (protocol/examples/*.transcript) against
// the built daemon.  Format, one directive per line:
//   # text                comment
//   @args A B ...         daemon arguments (before anything is sent)
//   > JSON                a line sent to stdin (${CORPUS}, ${TMP} expanded)
//   >hex 7b ff ...        raw bytes sent as one line (LF added)
//   >fill N               a line of N 'x' bytes
//   < JSON                the next stdout line must match (see match())
//   @close-stdin          end of input
//   @close-stdout         close our end of the daemon's stdout
//   @signal NAME          send a signal to the daemon
//   @expect-exit N        the daemon exits with status N (not by a signal)
//   @expect-no-output     no further stdout line before exit
//   @file NAME BASE64     write a file into ${TMP}
//   @ignore-progress      from here on, `<` skips $/progress notifications
//                         (how many a search sends depends on the clock)
//   @sheets-only REASON   skipped when VB_NO_SHEETS=1 (a build without
//                         cairo: export pdf/svg/png are refused there)
//   @posix-only REASON    skipped when VB_PLATFORM=windows (signals,
//                         which Windows does not have, and the like)
// ${DEVICE} is a character device: /dev/null, or NUL on Windows.
// Expected values may hold placeholders: "<any>", "<int>", "<number>",
// "<string>", "<array>"; an object with the key "<more>" may hold keys not
// listed.  Anything else must be equal.
const { spawn } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const { validate } = require('./schema.js');

const TOP = path.resolve(__dirname, '..', '..');
const SCHEMAS = path.join(TOP, 'protocol', 'schemas');

// Every successful response in a transcript is checked against its
// method's result schema, and the params that produced it against the
// params schema, so protocol/schemas cannot drift from the daemon.
function loadSchema(name) {
  const f = path.join(SCHEMAS, `${name}.json`);
  return fs.existsSync(f) ? JSON.parse(fs.readFileSync(f, 'utf8')) : null;
}

function checkSchemas(sent, msg) {
  for (const m of [].concat(msg)) {
    if (m && m.method === 'ready') {
      const s = loadSchema('ready.params');
      const e = s && validate(s, m.params);
      if (e) return `ready params: ${e}`;
      continue;
    }
    if (!m || !('result' in m)) continue;
    const req = sent.get(JSON.stringify(m.id));
    if (!req) continue;
    for (const [kind, v] of [['params', req.params || {}], ['result', m.result]]) {
      const s = loadSchema(`${req.method}.${kind}`);
      const e = s && validate(s, v);
      if (e) return `${req.method}.${kind} schema: ${e}`;
    }
  }
  return null;
}
const SLOW = process.env.VB_WRAPPER ? 20 : 1;
// Deadline timers are unref'd: one left pending after its race is won
// would hold node's exit back by up to 10 s x SLOW.

// "<score-id:name>" matches a score id of the daemon's form (s<n>-<8 hex
// digits of the instance>) and remembers it: ${name} in later lines is
// that id (ids differ per daemon process, so a transcript cannot spell
// them out).
const SCORE_ID = /^s[0-9]+-[0-9a-f]{8}$/;

function match(expected, actual, where, vars = {}) {
  if (expected === '<any>') return null;
  const cap = typeof expected === 'string' && /^<score-id:([a-z0-9_]+)>$/.exec(expected);
  if (cap) {
    if (typeof actual !== 'string' || !SCORE_ID.test(actual)) return `${where}: expected a score id, got ${JSON.stringify(actual)}`;
    if (cap[1] in vars && vars[cap[1]] !== actual) return `${where}: expected score id ${vars[cap[1]]}, got ${actual}`;
    vars[cap[1]] = actual;
    return null;
  }
  if (expected === '<int>') return Number.isInteger(actual) ? null : `${where}: expected an integer, got ${JSON.stringify(actual)}`;
  if (expected === '<number>') return typeof actual === 'number' ? null : `${where}: expected a number, got ${JSON.stringify(actual)}`;
  if (expected === '<string>') return typeof actual === 'string' ? null : `${where}: expected a string, got ${JSON.stringify(actual)}`;
  if (expected === '<array>') return Array.isArray(actual) ? null : `${where}: expected an array`;
  if (Array.isArray(expected)) {
    if (!Array.isArray(actual)) return `${where}: expected an array, got ${JSON.stringify(actual)}`;
    if (expected.length !== actual.length) return `${where}: expected ${expected.length} items, got ${actual.length}`;
    for (let i = 0; i < expected.length; i++) {
      const e = match(expected[i], actual[i], `${where}[${i}]`, vars);
      if (e) return e;
    }
    return null;
  }
  if (expected !== null && typeof expected === 'object') {
    if (actual === null || typeof actual !== 'object' || Array.isArray(actual)) return `${where}: expected an object, got ${JSON.stringify(actual)}`;
    const more = Object.prototype.hasOwnProperty.call(expected, '<more>');
    for (const k of Object.keys(expected)) {
      if (k === '<more>') continue;
      if (!(k in actual)) return `${where}.${k}: missing`;
      const e = match(expected[k], actual[k], `${where}.${k}`, vars);
      if (e) return e;
    }
    if (!more) for (const k of Object.keys(actual)) if (!(k in expected)) return `${where}.${k}: unexpected key (value ${JSON.stringify(actual[k])})`;
    return null;
  }
  return Object.is(expected, actual) || expected === actual ? null : `${where}: expected ${JSON.stringify(expected)}, got ${JSON.stringify(actual)}`;
}

function parse(text) {
  const steps = [];
  text.split('\n').forEach((raw, i) => {
    const line = raw.replace(/\r$/, '');
    if (line === '' || line.startsWith('#')) return;
    const m = /^(@[a-z-]+|>hex|>fill|>|<)\s?(.*)$/.exec(line);
    if (!m) throw new Error(`line ${i + 1}: cannot read "${line}"`);
    steps.push({ op: m[1], arg: m[2], line: i + 1 });
  });
  return steps;
}

class Daemon {
  constructor(args, env) {
    const bin = process.env.VIBEBELLSD || path.join(TOP, 'build', 'vibebellsd');
    const wrap = (process.env.VB_WRAPPER || '').split(' ').filter(Boolean);
    const cmd = wrap.length ? wrap[0] : bin;
    const argv = wrap.length ? [...wrap.slice(1), bin, ...args] : args;
    this.child = spawn(cmd, argv, { stdio: ['pipe', 'pipe', 'pipe'], env: { ...process.env, ...env } });
    this.lines = [];
    this.waiters = [];
    this.buf = '';
    this.stderr = '';
    this.exited = new Promise((resolve) => this.child.on('exit', (code, signal) => resolve({ code, signal })));
    this.child.stdin.on('error', () => {});
    this.child.stdout.on('data', (d) => {
      this.buf += d.toString('utf8');
      let i;
      while ((i = this.buf.indexOf('\n')) >= 0) {
        this.lines.push(this.buf.slice(0, i));
        this.buf = this.buf.slice(i + 1);
      }
      this.wake();
    });
    this.child.stdout.on('end', () => { this.ended = true; this.wake(); });
    this.child.stderr.on('data', (d) => { this.stderr = (this.stderr + d.toString()).slice(-4000); });
  }
  wake() { const w = this.waiters; this.waiters = []; w.forEach((f) => f()); }
  async nextLine(ms) {
    const deadline = Date.now() + ms;
    while (this.lines.length === 0) {
      if (this.ended) return null;
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`no response within ${ms} ms`);
      await new Promise((resolve) => { this.waiters.push(resolve); setTimeout(resolve, left).unref(); });
    }
    return this.lines.shift();
  }
  write(buf) { return new Promise((resolve) => this.child.stdin.write(buf, resolve)); }
}

async function run(file) {
  const text = fs.readFileSync(file, 'utf8');
  const steps = parse(text);
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'vb-conf-'));
  const windows = process.env.VB_PLATFORM === 'windows';
  const posixOnly = steps.find((s) => s.op === '@posix-only');
  if (windows && posixOnly) return { skipped: posixOnly.arg };
  const sheetsOnly = steps.find((s) => s.op === '@sheets-only');
  if (process.env.VB_NO_SHEETS === '1' && sheetsOnly) return { skipped: sheetsOnly.arg };
  const vars = {};
  const expand = (s) => s.replace(/\$\{([a-z0-9_]+)\}/g, (m, name) => (name in vars ? vars[name] : m))
    .replace(/\$\{CORPUS\}/g, path.join(TOP, 'tests', 'corpus'))
    .replace(/\$\{DEVICE\}/g, windows ? 'NUL' : '/dev/null')
    .replace(/\$\{DATA\}/g, path.join(TOP, 'tests', 'data'))
    .replace(/\$\{TMP\}/g, tmp);
  let args = [];
  let i = 0;
  while (i < steps.length && (steps[i].op === '@args' || steps[i].op === '@file' ||
      steps[i].op === '@posix-only' || steps[i].op === '@sheets-only')) {
    const s = steps[i++];
    if (s.op === '@posix-only' || s.op === '@sheets-only') continue;
    if (s.op === '@args') args = args.concat(expand(s.arg).split(' ').filter(Boolean));
    else { const [name, b64] = s.arg.split(' '); fs.writeFileSync(path.join(tmp, name), Buffer.from(b64, 'base64')); }
  }
  const d = new Daemon(args, {});
  const sent = new Map();
  let ignoreProgress = false;
  const fail = (s, msg) => { throw new Error(`${path.basename(file)}:${s.line}: ${msg}\n--- daemon stderr ---\n${d.stderr}`); };
  try {
    for (; i < steps.length; i++) {
      const s = steps[i];
      switch (s.op) {
        case '>': {
          const text = expand(s.arg);
          try { for (const r of [].concat(JSON.parse(text))) if (r && r.id !== undefined && r.method) sent.set(JSON.stringify(r.id), r); } catch (e) { /* invalid on purpose */ }
          await d.write(text + '\n');
          break;
        }
        case '>hex': await d.write(Buffer.concat([Buffer.from(s.arg.replace(/\s+/g, ''), 'hex'), Buffer.from('\n')])); break;
        case '>fill': await d.write('x'.repeat(Number(s.arg)) + '\n'); break;
        case '@ignore-progress': ignoreProgress = true; break;
        case '<': {
          let got = await d.nextLine(10000 * SLOW).catch((e) => fail(s, e.message));
          // Skipped: progress lines, unless one is what is expected.
          const isProgress = (l) => l !== null && l.startsWith('{"jsonrpc":"2.0","method":"$/progress"');
          const wanted = (l) => { try { return match(JSON.parse(expand(s.arg)), JSON.parse(l), '$', { ...vars }) === null; } catch (e) { return false; } };
          while (ignoreProgress && isProgress(got) && !wanted(got)) {
            got = await d.nextLine(10000 * SLOW).catch((e) => fail(s, e.message));
          }
          if (got === null) fail(s, 'stdout ended, expected a line');
          let actual;
          try { actual = JSON.parse(got); } catch (e) { fail(s, `not JSON: ${got}`); }
          const expected = JSON.parse(expand(s.arg));
          const err = match(expected, actual, '$', vars) || checkSchemas(sent, actual);
          if (err) fail(s, `${err}\n  got: ${got}`);
          break;
        }
        case '@close-stdin': d.child.stdin.end(); break;
        case '@close-stdout': d.child.stdout.destroy(); d.ended = true; break;
        case '@signal': d.child.kill(s.arg); break;
        case '@expect-no-output': {
          await Promise.race([d.exited, new Promise((r) => setTimeout(r, 10000 * SLOW).unref())]);
          await new Promise((r) => setTimeout(r, 50));
          const left = d.lines.filter((l) => !(ignoreProgress && l.startsWith('{"jsonrpc":"2.0","method":"$/progress"')));
          if (left.length) fail(s, `unexpected output: ${left[0]}`);
          break;
        }
        case '@expect-exit': {
          const t = new Promise((r) => setTimeout(() => r('timeout'), 10000 * SLOW).unref());
          const r = await Promise.race([d.exited, t]);
          if (r === 'timeout') fail(s, 'daemon did not exit');
          if (r.signal) fail(s, `daemon died by ${r.signal}`);
          if (r.code !== Number(s.arg)) fail(s, `exit status ${r.code}, expected ${s.arg}`);
          break;
        }
        default: fail(s, `unknown directive ${s.op}`);
      }
    }
    // Whatever the transcript did, the daemon must end cleanly on EOF with
    // nothing unexpected left on stdout.
    d.child.stdin.end();
    const t = new Promise((r) => setTimeout(() => r('timeout'), 10000 * SLOW).unref());
    const r = await Promise.race([d.exited, t]);
    if (r === 'timeout') { d.child.kill('SIGKILL'); throw new Error(`${path.basename(file)}: daemon did not exit at EOF`); }
    if (r.signal) throw new Error(`${path.basename(file)}: daemon died by ${r.signal}\n${d.stderr}`);
    if (r.code !== 0 && !steps.some((s) => s.op === '@expect-exit')) throw new Error(`${path.basename(file)}: exit status ${r.code}\n${d.stderr}`);
    const left = d.lines.filter((l) => !(ignoreProgress && l.startsWith('{"jsonrpc":"2.0","method":"$/progress"')));
    if (left.length && !d.child.stdout.destroyed) throw new Error(`${path.basename(file)}: unexpected output: ${left[0]}`);
  } finally {
    if (d.child.exitCode === null && d.child.signalCode === null) d.child.kill('SIGKILL');
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

module.exports = { run, match, parse, checkSchemas };
