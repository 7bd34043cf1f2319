'use strict';
// hostile.test.js - hostile input through the daemon that a transcript
// cannot build: export paths (traversal, devices, a fifo, a socket, a
// directory, missing folders, over-long names), the CSV made of hostile
// player names, limits whose inputs are made here (a MIDI and an .mxl over
// max_notes, .mxl bombs honest and lying about their size), and two
// daemons racing to export to one path.  Each case expects its specific
// error, and the daemon must answer ping after each group.
const test = require('node:test');
const assert = require('node:assert');
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const net = require('node:net');
const os = require('node:os');
const path = require('node:path');
const zlib = require('node:zlib');

const TOP = path.resolve(__dirname, '..', '..');
const BIN = process.env.VIBEBELLSD || path.join(TOP, 'build', 'vibebellsd');
const { VibebellsClient } = require(path.join(TOP, 'client-js'));
const skip = !fs.existsSync(BIN) && 'no daemon built';
// Under valgrind (make valgrind) everything is ~20x slower.
const WRAPPED = !!process.env.VB_WRAPPER;

async function start() {
  const wrapper = (process.env.VB_WRAPPER || '').split(' ').filter(Boolean);
  const opts = { args: ['--log-level', 'quiet'], readyTimeoutMs: 60000, defaultTimeoutMs: 0 };
  if (wrapper.length) {
    opts.binaryPath = wrapper[0];
    opts.args = wrapper.slice(1).concat([BIN], opts.args);
  } else {
    opts.binaryPath = BIN;
  }
  return VibebellsClient.start(opts);
}

// The daemon's answer: a result, or the error's data.code.
async function outcome(promise) {
  try {
    return { result: await promise };
  } catch (e) {
    if (e.dataCode === undefined) throw e;
    return { code: e.dataCode, rpc: e.code, message: e.message };
  }
}

async function stillServing(c) {
  const r = await c.ping();
  assert.ok(r && typeof r === 'object', 'ping answers');
}

const SMALL = { Alice: { bells: ['C4', 'E4'], left_hand: ['C4'], right_hand: ['E4'] } };

test('export paths: traversal, devices, fifo, socket, directories', { skip }, async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vb-paths-'));
  const c = await start();
  const exp = (p, overwrite) => outcome(c.export({ arrangement: SMALL, path: p, overwrite }));
  try {
    fs.mkdirSync(path.join(dir, 'sub'));
    fs.writeFileSync(path.join(dir, 'file.csv'), 'old\n');
    spawnSync('mkfifo', [path.join(dir, 'fifo.csv')]);
    assert.ok(fs.statSync(path.join(dir, 'fifo.csv')).isFIFO(), 'mkfifo made a fifo');
    const sock = net.createServer().listen(path.join(dir, 'sock.csv'));
    await new Promise((r) => sock.on('listening', r));
    fs.symlinkSync('/dev/zero', path.join(dir, 'zero-link.csv'));
    fs.symlinkSync(path.join(dir, 'sub'), path.join(dir, 'dir-link'));

    // `..` is resolved as the OS resolves it; the result names the real
    // file.  The daemon is no sandbox: it writes where its user may.
    let r = await exp(path.join(dir, 'sub') + '/../trav.csv', false);
    assert.strictEqual(r.result && r.result.path, path.join(fs.realpathSync(dir), 'trav.csv'));
    assert.ok(fs.readFileSync(path.join(dir, 'trav.csv'), 'utf8').startsWith('Metadata\r\n'));
    // A `..` through a missing folder or through a file fails there.
    assert.strictEqual((await exp(`${dir}/missing/../x.csv`, true)).code, 'ERR_NO_PARENT_DIRECTORY');
    assert.strictEqual((await exp(`${dir}/file.csv/../x.csv`, true)).code, 'ERR_NO_PARENT_DIRECTORY');
    // Paths naming a directory, by `..`, `.`, a trailing slash or a link.
    for (const p of [`${dir}/sub/..`, `${dir}/sub/.`, `${dir}/sub/`, dir, `${dir}/dir-link`]) {
      const o = await exp(p, true);
      assert.strictEqual(o.code, 'ERR_PATH_IS_DIRECTORY', p);
      assert.strictEqual(o.rpc, -32602, p);
    }
    // Devices, a fifo (must not block waiting for a reader), a socket,
    // a link to a device: never opened, refused.
    for (const p of ['/dev/null', '/dev/zero', '/dev/full', `${dir}/fifo.csv`, `${dir}/sock.csv`, `${dir}/zero-link.csv`]) {
      const o = await exp(p, true);
      assert.strictEqual(o.code, 'ERR_NOT_REGULAR_FILE', p);
      assert.strictEqual(o.rpc, -32602, p);
    }
    // A link to a file is replaced by the new file, not written through.
    fs.symlinkSync(path.join(dir, 'file.csv'), path.join(dir, 'reg-link.csv'));
    assert.strictEqual((await exp(`${dir}/reg-link.csv`, false)).code, 'ERR_FILE_EXISTS');
    r = await exp(`${dir}/reg-link.csv`, true);
    assert.ok(r.result, JSON.stringify(r));
    assert.ok(fs.lstatSync(path.join(dir, 'reg-link.csv')).isFile());
    assert.strictEqual(fs.readFileSync(path.join(dir, 'file.csv'), 'utf8'), 'old\n');
    // Without overwrite an existing file is kept; a device is still a device.
    assert.strictEqual((await exp(`${dir}/file.csv`, false)).code, 'ERR_FILE_EXISTS');
    assert.strictEqual(fs.readFileSync(path.join(dir, 'file.csv'), 'utf8'), 'old\n');
    assert.strictEqual((await exp('/dev/null', false)).code, 'ERR_NOT_REGULAR_FILE');
    // A missing folder; names longer than the system allows.
    assert.strictEqual((await exp(`${dir}/no/such/dir/x.csv`, true)).code, 'ERR_NO_PARENT_DIRECTORY');
    let o = await exp(`${dir}/${'n'.repeat(300)}.csv`, true);
    assert.strictEqual(o.code, 'ERR_IO');
    assert.match(o.message, /name too long/i);
    o = await exp(`${dir}/${'d/'.repeat(3000)}x.csv`, true);
    assert.strictEqual(o.code, 'ERR_IO');
    assert.match(o.message, /name too long/i);
    await stillServing(c);
    // Nothing but what was asked for was left behind (no temporary files).
    assert.deepStrictEqual(fs.readdirSync(dir).sort(),
      ['dir-link', 'fifo.csv', 'file.csv', 'reg-link.csv', 'sock.csv', 'sub', 'trav.csv', 'zero-link.csv']);
    sock.close();
  } finally {
    await c.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

// Python's csv reader, excel dialect: enough to read back our sheets.
function parseCsv(text) {
  const rows = [];
  let row = [], cell = '', i = 0, quoted = false;
  while (i < text.length) {
    const ch = text[i];
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') { cell += '"'; i += 2; continue; }
      if (ch === '"') { quoted = false; i++; continue; }
      cell += ch; i++; continue;
    }
    if (ch === '"') { quoted = true; i++; continue; }
    if (ch === ',') { row.push(cell); cell = ''; i++; continue; }
    if (ch === '\r' && text[i + 1] === '\n') { row.push(cell); rows.push(row); row = []; cell = ''; i += 2; continue; }
    cell += ch; i++;
  }
  return rows;
}

test('hostile player names: arranged verbatim, exported as safe CSV', { skip }, async () => {
  const names = ['line\nbreak', 'say "hi"', '\u200fRTL', '\u200f=SUM(A1)', '=SUM(A1)', '+1', '-2', '@cmd',
    '\ttab', '\r=cr', 'a,b', 'Virtual Player 1', 'x'.repeat(5000)];
  const c = await start();
  try {
    const players = names.map((name) => ({ name, experience: 'experienced' }));
    const r = await c.arrange({ path: path.join(TOP, 'tests', 'corpus', 'abc-boys.mid'), players, include_simulation: false });
    const best = r.best_arrangement;
    // Names come back exactly (players left without bells are trimmed);
    // a given "Virtual Player 1" is a person, no virtual player joins.
    const kept = Object.keys(best.assignments);
    assert.ok(kept.length >= 3, `${kept.length} players kept`);
    for (const n of kept) assert.ok(names.includes(n), JSON.stringify(n).slice(0, 40));
    assert.strictEqual(r.expansion_info, undefined);
    for (const a of r.arrangements) assert.deepStrictEqual(Object.keys(a.swaps), Object.keys(a.assignments));

    // The sheet of all of them.
    for (const n of names) best.assignments[n] = best.assignments[n] || { left_hand: ['C4'], right_hand: ['D4'] };
    const sheet = await c.export({ arrangement: best, players: names.map((name) => ({ name, experience: '=1+1' })),
      filename: '=evil.mid', strategy: '@x', swaps: Object.fromEntries(names.map((n) => [n, -1])) });
    const rows = parseCsv(sheet.content);
    assert.deepStrictEqual(rows[1], ['Uploaded File', "'=evil.mid"]);
    assert.deepStrictEqual(rows[2], ['Strategy', "'@x"]);
    const header = rows.findIndex((row) => row[0] === 'Player');
    const table = rows.slice(header + 1, header + 1 + names.length);
    const written = table.map((row) => row[0]);
    // Formula prefixes (= + - @ tab CR) get a leading '; every other
    // name comes back as it went in, quoting undone.
    const safe = (n) => (/^[=+\-@\t\r]/.test(n) ? "'" + n : n);
    assert.deepStrictEqual([...written].sort(), names.map(safe).sort());
    for (const row of table) {
      assert.strictEqual(row.length, 5, JSON.stringify(row).slice(0, 80));
      assert.strictEqual(row[1], "'=1+1");
      assert.strictEqual(row[4], "'-1");
    }
    // No cell of the sheet starts with a formula character.
    for (const row of rows) for (const cell of row) assert.ok(!/^[=+\-@\t\r]/.test(cell), JSON.stringify(cell));
    await stillServing(c);
  } finally {
    await c.close();
  }
});

// A format 0 MIDI file of n notes (running status: 6 bytes a note).
function midiOfNotes(n) {
  const ev = Buffer.alloc(n * 6 + 8);
  let k = 0;
  ev[k++] = 0; ev[k++] = 0x90; ev[k++] = 60; ev[k++] = 64;
  ev[k++] = 1; ev[k++] = 60; ev[k++] = 0;
  for (let i = 1; i < n; i++) {
    const p = 48 + (i % 24);
    ev[k++] = 0; ev[k++] = p; ev[k++] = 64;
    ev[k++] = 1; ev[k++] = p; ev[k++] = 0;
  }
  ev[k++] = 0; ev[k++] = 0xff; ev[k++] = 0x2f; ev[k++] = 0;
  const hdr = Buffer.from([0x4d, 0x54, 0x68, 0x64, 0, 0, 0, 6, 0, 0, 0, 1, 0x01, 0xe0, 0x4d, 0x54, 0x72, 0x6b, 0, 0, 0, 0]);
  hdr.writeUInt32BE(k, 18);
  return Buffer.concat([hdr, ev.subarray(0, k)]);
}

// A zip of one deflated member; `declared` overrides the size the
// headers state (a lying bomb).
function zipOf(name, data, declared) {
  const comp = zlib.deflateRawSync(data, { level: 9 });
  const crc = zlib.crc32(data);
  const size = declared === undefined ? data.length : declared;
  const nm = Buffer.from(name);
  const local = Buffer.alloc(30);
  local.writeUInt32LE(0x04034b50, 0); local.writeUInt16LE(20, 4); local.writeUInt16LE(8, 8);
  local.writeUInt32LE(crc, 14); local.writeUInt32LE(comp.length, 18); local.writeUInt32LE(size, 22);
  local.writeUInt16LE(nm.length, 26);
  const central = Buffer.alloc(46);
  central.writeUInt32LE(0x02014b50, 0); central.writeUInt16LE(20, 4); central.writeUInt16LE(20, 6);
  central.writeUInt16LE(8, 10); central.writeUInt32LE(crc, 16); central.writeUInt32LE(comp.length, 20);
  central.writeUInt32LE(size, 24); central.writeUInt16LE(nm.length, 28);
  const cdOff = 30 + nm.length + comp.length;
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0); end.writeUInt16LE(1, 8); end.writeUInt16LE(1, 10);
  end.writeUInt32LE(46 + nm.length, 12); end.writeUInt32LE(cdOff, 16);
  return Buffer.concat([local, nm, comp, central, nm, end]);
}

function musicxmlOfNotes(n) {
  const note = '<note><pitch><step>C</step><octave>4</octave></pitch><duration>1</duration></note>';
  return Buffer.from('<?xml version="1.0"?><score-partwise><part-list><score-part id="P1"/></part-list>' +
    '<part id="P1"><measure number="1"><attributes><divisions>1</divisions></attributes>' +
    note.repeat(n) + '</measure></part></score-partwise>');
}

test('limits built here: notes, .mxl bombs', { skip: skip || (WRAPPED && 'slow under valgrind') }, async () => {
  const c = await start();
  try {
    const max = c.ready.limits.max_notes;
    const up = (buf, filename) => outcome(c.upload({ content: buf.toString('base64'), filename }));
    // max_notes in a MIDI file and in a (compressed) MusicXML one.
    let o = await up(midiOfNotes(max + 1), 'many.mid');
    assert.strictEqual(o.code, 'ERR_TOO_MANY_NOTES');
    assert.strictEqual(o.rpc, -32002);
    o = await up(midiOfNotes(1000), 'some.mid');
    assert.ok(o.result && o.result.score_id, 'a MIDI under the limit loads');
    o = await up(zipOf('many.musicxml', musicxmlOfNotes(max + 1)), 'many.mxl');
    assert.strictEqual(o.code, 'ERR_TOO_MANY_NOTES');
    // An .mxl member over max_decoded_bytes: refused from its declared
    // size, and - when the zip lies about the size - while unpacking.
    const bomb = Buffer.alloc(c.ready.limits.max_decoded_bytes + 1024, 0x20);
    o = await up(zipOf('bomb.musicxml', bomb), 'bomb.mxl');
    assert.strictEqual(o.code, 'ERR_DECODED_TOO_LARGE');
    assert.strictEqual(o.rpc, -32002);
    o = await up(zipOf('bomb.musicxml', bomb, 1000), 'liar.mxl');
    assert.strictEqual(o.code, 'ERR_DECODED_TOO_LARGE');
    await stillServing(c);
  } finally {
    await c.close();
  }
});

// A big arrangement (about 100 kB of CSV) whose every name carries tag.
function bigArrangement(tag, n) {
  const a = {};
  for (let i = 0; i < n; i++) a[`${tag}${i}`] = { left_hand: ['C4', 'E4'], right_hand: ['G4'] };
  return a;
}

test('two daemons exporting to one path: never a mixed or partial file', { skip: skip || (WRAPPED && 'slow under valgrind') }, async (t) => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vb-race-'));
  const [c1, c2] = await Promise.all([start(), start()]);
  const arrA = bigArrangement('A', 4000);
  const arrB = bigArrangement('B', 3000);
  const target = path.join(dir, 'shared.csv');
  const sizes = new Set();
  let reads = 0, stop = false;
  try {
    sizes.add((await c1.export({ arrangement: arrA })).bytes);
    sizes.add((await c1.export({ arrangement: arrB })).bytes);
    // Every read of the target, however timed, is one whole sheet.
    const check = (text) => {
      assert.ok(sizes.has(Buffer.byteLength(text)), `${Buffer.byteLength(text)} bytes: partial`);
      assert.ok(text.startsWith('Metadata\r\n') && text.endsWith('\r\n'));
      const hasA = text.includes('\r\nA0,'), hasB = text.includes('\r\nB0,');
      assert.ok(hasA !== hasB, 'one sheet or the other, never both');
    };
    const reader = (async () => {
      while (!stop) {
        let text = null;
        try { text = fs.readFileSync(target, 'utf8'); } catch (e) { if (e.code !== 'ENOENT') throw e; }
        if (text !== null) { check(text); reads++; }
        await new Promise((r) => setImmediate(r));
      }
    })();
    const rounds = 40;
    let wonByFirst = 0;
    for (let i = 0; i < rounds; i++) {
      // Replacing: both succeed, one after the other.
      const [r1, r2] = await Promise.all([
        c1.export({ arrangement: arrA, path: target, overwrite: true }),
        c2.export({ arrangement: arrB, path: target, overwrite: true })]);
      assert.ok(r1.bytes > 0 && r2.bytes > 0);
      // Creating: exactly one wins, the other gets ERR_FILE_EXISTS.
      const fresh = path.join(dir, `new-${i}.csv`);
      const [o1, o2] = await Promise.all([
        outcome(c1.export({ arrangement: arrA, path: fresh, overwrite: false })),
        outcome(c2.export({ arrangement: arrB, path: fresh, overwrite: false }))]);
      assert.ok(!!o1.result !== !!o2.result, `round ${i}: ${JSON.stringify([o1.code, o2.code])}`);
      assert.strictEqual((o1.result ? o2 : o1).code, 'ERR_FILE_EXISTS');
      const text = fs.readFileSync(fresh, 'utf8');
      check(text);
      assert.strictEqual(text.includes('\r\nA0,'), !!o1.result, 'the file is the winner\'s');
      wonByFirst += o1.result ? 1 : 0;
    }
    stop = true;
    await reader;
    check(fs.readFileSync(target, 'utf8'));
    assert.ok(reads > 0, 'the reader saw the file');
    // No temporary file is left after errors or races.
    assert.deepStrictEqual(fs.readdirSync(dir).filter((f) => f.includes('.vbtmp-')), []);
    await Promise.all([stillServing(c1), stillServing(c2)]);
    t.diagnostic(`${reads} reads, first daemon won ${wonByFirst} of ${rounds}`);
  } finally {
    stop = true;
    await Promise.all([c1.close(), c2.close()]);
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
