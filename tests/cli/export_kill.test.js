'use strict';
// export to a path survives kill -9: the daemon is killed at random
// moments while it writes large sheets; every target file must then be
// absent, or complete (exactly the bytes the export reports for that
// arrangement), or - for an overwrite - the complete old file.  Only a
// temporary ".<name>.vbtmp-*" file may be left beside them.
const test = require('node:test');
const assert = require('node:assert');
const { spawn, spawnSync } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const TOP = path.resolve(__dirname, '..', '..');
const BIN = process.env.VIBEBELLSD || path.join(TOP, 'build', 'vibebellsd');
const ROUNDS = 25;

// A big arrangement: 20000 ringers with bells, about 1 MB of CSV.
function arrangement(tag) {
  const a = {};
  const names = ['C', 'D', 'E', 'F', 'G', 'A', 'B'];
  for (let i = 0; i < 20000; i++) {
    const b = names[i % 7] + (i % 9);
    a[`${tag} ringer ${i}`] = { left_hand: [b, names[(i + 3) % 7] + '#' + (i % 8)], right_hand: [names[(i + 1) % 7] + (i % 7)] };
  }
  return a;
}

function request(id, file, arr, overwrite) {
  return JSON.stringify({ jsonrpc: '2.0', id, method: 'export',
    params: { arrangement: arr, filename: 'kill.mid', strategy: 'balanced', path: file, overwrite } }) + '\n';
}

// The size each arrangement's sheet has (the Generated stamp has a fixed
// width), from a daemon that is left alone.
function sheetBytes(arr) {
  const r = spawnSync(BIN, ['--log-level', 'quiet'], {
    input: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'export', params: { arrangement: arr, filename: 'kill.mid', strategy: 'balanced' } }) + '\n',
    encoding: 'utf8', maxBuffer: 1 << 28 });
  return JSON.parse(r.stdout.split('\n')[1]).result.bytes;
}

test('kill -9 during exports leaves every file absent or complete', { skip: !fs.existsSync(BIN) && 'no daemon built' }, async () => {
  const arrA = arrangement('A');
  const arrB = arrangement('B');
  const bytesA = sheetBytes(arrA);
  const bytesB = sheetBytes(arrB);
  assert.ok(bytesA > 500000 && bytesB > 500000, `sheets of ${bytesA} and ${bytesB} bytes`);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vb-kill-'));
  let killedMidway = 0;
  try {
    for (let round = 0; round < ROUNDS; round++) {
      const child = spawn(BIN, ['--log-level', 'quiet'], { stdio: ['pipe', 'pipe', 'ignore'] });
      child.stdin.on('error', () => {});
      let answered = 0;
      child.stdout.on('data', (d) => { answered += d.toString().split('\n').length - 1; });
      // New files, and one file replaced again and again.
      let input = '';
      for (let i = 0; i < 6; i++) input += request(i + 1, path.join(dir, `r${round}-${i}.csv`), i % 2 ? arrB : arrA, false);
      for (let i = 0; i < 4; i++) input += request(100 + i, path.join(dir, 'shared.csv'), i % 2 ? arrB : arrA, true);
      child.stdin.write(input);
      await new Promise((r) => setTimeout(r, 5 + Math.random() * 120));
      child.kill('SIGKILL');
      await new Promise((r) => child.on('exit', r));
      if (answered < 11) killedMidway++;
      for (const f of fs.readdirSync(dir)) {
        if (f.includes('.vbtmp-')) { assert.ok(f.startsWith('.'), f); continue; }
        const st = fs.statSync(path.join(dir, f));
        assert.ok(st.size === bytesA || st.size === bytesB, `${f}: ${st.size} bytes, a partial file`);
        const text = fs.readFileSync(path.join(dir, f), 'utf8');
        assert.ok(text.startsWith('Metadata\r\n') && text.endsWith('\r\n'), `${f}: not a whole sheet`);
      }
    }
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
  // The test means something only if kills land while exports run.
  assert.ok(killedMidway > ROUNDS / 2, `only ${killedMidway} of ${ROUNDS} kills landed mid-way`);
});
