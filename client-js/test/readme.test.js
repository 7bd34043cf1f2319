'use strict';
// Every code block of client-js/README.md and the top-level README.md that
// is meant to run, runs here, so the examples cannot rot.  A block is run
// unless the line before it is `<!-- not run: why -->`:
//   js       in Node, in a folder holding hymn.mid (the bundled hymn), with
//            require('@vibebells/client') this package; it must end by
//            itself, successfully
//   sh       with sh, in the repository's top folder; exit status 0
//   console  each `$ command` with sh in the top folder; the lines after it
//            are its output, where `...` stands for anything
// Blocks of other languages (json, text, none) are data, not run.
const test = require('node:test');
const assert = require('node:assert');
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const top = path.resolve(__dirname, '..', '..');
const RUN = new Set(['js', 'sh', 'console']);

function blocks(file) {
  const lines = fs.readFileSync(file, 'utf8').split('\n');
  const out = [];
  for (let i = 0; i < lines.length; i++) {
    const m = /^```(\S*)\s*$/.exec(lines[i]);
    if (!m) continue;
    const start = i;
    let end = i + 1;
    while (end < lines.length && !/^```\s*$/.test(lines[end])) end++;
    const prev = lines.slice(0, start).reverse().find((l) => l.trim() !== '') || '';
    out.push({ lang: m[1], line: start + 1, code: lines.slice(start + 1, end).join('\n'), skip: /^<!-- not run: .+ -->$/.test(prev.trim()) });
    i = end;
  }
  return out;
}

function sandbox() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vb-readme-'));
  fs.copyFileSync(path.join(top, 'tests', 'corpus', 'upstream-o-for-a-thousand-tongues.mid'), path.join(dir, 'hymn.mid'));
  fs.mkdirSync(path.join(dir, 'node_modules', '@vibebells'), { recursive: true });
  fs.symlinkSync(path.join(__dirname, '..'), path.join(dir, 'node_modules', '@vibebells', 'client'), 'dir');
  return dir;
}

const env = { ...process.env, VIBEBELLSD_PATH: process.env.VB_DAEMON || path.join(top, 'build', 'vibebellsd') };

function runJs(code) {
  const dir = sandbox();
  try {
    const file = path.join(dir, 'example.js');
    fs.writeFileSync(file, `'use strict';\n(async () => {\n${code}\n})().catch((e) => { console.error(e); process.exit(1); });\n`);
    return spawnSync(process.execPath, [file], { cwd: dir, env, timeout: 60000, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

// A README names the dev build, build/vibebellsd; the examples run the
// build under test (make asan's build-asan/, a packaged binary) in its place.
const daemon = env.VIBEBELLSD_PATH;
const runSh = (code) => spawnSync('sh', ['-ec', code.replace(/(^|[\s|;(])build\/vibebellsd\b/g, `$1${daemon}`)],
  { cwd: top, env, timeout: 60000, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });

function checkConsole(code, where) {
  const lines = code.split('\n');
  for (let i = 0; i < lines.length; i++) {
    if (!lines[i].startsWith('$ ')) continue;
    let cmd = lines[i].slice(2);
    while (cmd.endsWith('\\') && i + 1 < lines.length) cmd = cmd.slice(0, -1) + '\n' + lines[++i];
    const expected = [];
    while (i + 1 < lines.length && !lines[i + 1].startsWith('$ ')) expected.push(lines[++i]);
    const r = runSh(cmd);
    assert.strictEqual(r.status, 0, `${where}: ${cmd}\n${r.stderr}`);
    const got = r.stdout.replace(/\n$/, '').split('\n');
    assert.strictEqual(got.length, expected.length, `${where}: ${cmd}: ${got.length} lines, the README shows ${expected.length}\n${r.stdout}`);
    expected.forEach((e, k) => {
      const re = new RegExp(`^${e.split('...').map((s) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('.*')}$`);
      assert.match(got[k], re, `${where}: line ${k + 1} of ${cmd}`);
    });
  }
}

for (const readme of [path.join(__dirname, '..', 'README.md'), path.join(top, 'README.md')]) {
  const name = path.relative(top, readme);
  const all = blocks(readme);
  test(`${name}: its examples run`, () => {
    const runnable = all.filter((b) => RUN.has(b.lang) && !b.skip);
    assert.ok(runnable.length >= 2, `${name}: ${runnable.length} runnable blocks`);
    for (const b of runnable) {
      const where = `${name}:${b.line}`;
      if (b.lang === 'console') { checkConsole(b.code, where); continue; }
      const r = b.lang === 'js' ? runJs(b.code) : runSh(b.code);
      assert.strictEqual(r.status, 0, `${where} (${b.lang}) failed:\n${r.stdout}\n${r.stderr}`);
    }
  });
  test(`${name}: every block not run says why`, () => {
    for (const b of all.filter((x) => x.skip)) assert.ok(RUN.has(b.lang), `${name}:${b.line}: a ${b.lang || 'plain'} block needs no "not run"`);
  });
}
