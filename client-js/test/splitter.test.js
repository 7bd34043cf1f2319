'use strict';
// LineSplitter: linear in the bytes it is given (the pieces of a long line
// are joined once, at its LF), correct across every kind of chunk
// boundary, and bounded.
const test = require('node:test');
const assert = require('node:assert');
const { LineSplitter } = require('../src/index.js');

function split(chunks, opts) {
  const lines = [];
  const s = new LineSplitter((l) => lines.push(l), opts);
  for (const c of chunks) s.push(Buffer.from(c));
  return lines;
}

test('a 40 MB line in 64 KiB chunks: one join, the exact text', () => {
  const unit = '{"type":"ring","bell_name":"C♯4","time_ms":1234},';
  const body = unit.repeat(Math.ceil(40e6 / Buffer.byteLength(unit)));
  const line = Buffer.from(`{"jsonrpc":"2.0","id":7,"result":[${body}0]}\n`);
  assert.ok(line.length > 40e6);
  const concat = Buffer.concat;
  let joins = 0, joined = 0;
  Buffer.concat = function (list, n) { joins++; joined += n === undefined ? 0 : n; return concat.call(Buffer, list, n); };
  let got;
  try {
    const s = new LineSplitter((l) => { got = l; });
    for (let i = 0; i < line.length; i += 65536) s.push(line.subarray(i, i + 65536));
  } finally {
    Buffer.concat = concat;
  }
  // The quadratic splitter re-scanned and re-copied everything held on
  // every chunk; this one copies each byte once.
  assert.strictEqual(joins, 1, 'pieces joined once');
  assert.strictEqual(joined, line.length - 1);
  assert.strictEqual(got.length, line.length - 1 - (Buffer.byteLength('♯') - 1) * (body.length / unit.length));
  assert.strictEqual(JSON.parse(got).id, 7);
});

test('multi-byte characters and CRLF split at every byte', () => {
  const text = Buffer.from('{"bell":"C♯4 🔔"}\r\n{"n":2}\n\n{"n":3}\n');
  for (let cut = 1; cut < text.length; cut++) {
    const lines = split([text.subarray(0, cut), text.subarray(cut)]);
    assert.deepStrictEqual(lines, ['{"bell":"C♯4 🔔"}', '{"n":2}', '{"n":3}'], `cut at ${cut}`);
  }
  const bytes = [...text].map((b) => [b]);
  assert.deepStrictEqual(split(bytes), ['{"bell":"C♯4 🔔"}', '{"n":2}', '{"n":3}']);
});

test('a line over maxLineBytes is dropped as it comes, reported with its head', () => {
  const over = [];
  const lines = [];
  const s = new LineSplitter((l) => lines.push(l), { maxLineBytes: 100, onOverflow: (head, n) => over.push([head, n]) });
  s.push(Buffer.from('{"jsonrpc":"2.0","id":3,"result":"'));
  for (let i = 0; i < 10; i++) s.push(Buffer.alloc(50, 0x61));
  s.push(Buffer.from('"}\n{"ok":1}\n'));
  assert.deepStrictEqual(lines, ['{"ok":1}']);
  assert.strictEqual(over.length, 1);
  assert.match(over[0][0], /^\{"jsonrpc":"2.0","id":3,/);
  assert.ok(s.held === 0 && s.pieces.length === 0, 'nothing held');
});
