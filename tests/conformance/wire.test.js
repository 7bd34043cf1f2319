'use strict';
// The bytes on the wire, where the transcripts (which compare parsed JSON)
// cannot look: every response, result or error, starts
// {"jsonrpc":"2.0","id":... (PROTOCOL.md section 1), so that a reader of a
// huge line knows early which call it answers.
const test = require('node:test');
const assert = require('node:assert');
const { spawnSync } = require('node:child_process');
const path = require('node:path');

const TOP = path.resolve(__dirname, '..', '..');
const BIN = process.env.VIBEBELLSD || path.join(TOP, 'build', 'vibebellsd');
const WRAP = (process.env.VB_WRAPPER || '').split(' ').filter(Boolean);

test('responses start with jsonrpc then id, errors too', () => {
  const lines = [
    { jsonrpc: '2.0', id: 1, method: 'ping' },
    { jsonrpc: '2.0', id: 'two', method: 'no.such' },
    { jsonrpc: '2.0', id: 3, method: 'arrange', params: { players: 'x' } },
    { jsonrpc: '2.0', id: 4, method: 'score.close', params: { score_id: 's1-00000000' } },
  ].map((m) => JSON.stringify(m)).join('\n') + '\n{"jsonrpc":"2.0","id":5,\n';
  const r = spawnSync(WRAP[0] || BIN, [...WRAP.slice(1), ...(WRAP.length ? [BIN] : []), '--log-level', 'quiet'], { input: lines });
  assert.strictEqual(r.status, 0);
  const out = r.stdout.toString().split('\n').filter(Boolean).slice(1);
  assert.strictEqual(out.length, 5);
  const ids = ['1', '"two"', '3', '4', 'null'];
  out.forEach((l, i) => assert.ok(l.startsWith(`{"jsonrpc":"2.0","id":${ids[i]},"${i === 0 ? 'result' : 'error'}":`), l));
});
