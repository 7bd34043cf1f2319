'use strict';
// A large result goes out while it is written (arrange of the longest
// corpus piece: megabytes of simulation).  Whether streamed (a request on
// its own line), buffered (inside a batch) or not sent at all (a
// notification), the daemon must say the same thing: one whole line per
// response, the same bytes in and out of a batch, nothing for a
// notification, and the daemon still answering afterwards.
const test = require('node:test');
const assert = require('node:assert');
const { spawnSync } = require('node:child_process');
const path = require('node:path');

const TOP = path.resolve(__dirname, '..', '..');
const BIN = process.env.VIBEBELLSD || path.join(TOP, 'build', 'vibebellsd');
const SONG = path.join(TOP, 'tests', 'corpus', 'blupi-music004.mid');

const players = ['experienced', 'intermediate', 'beginner', 'intermediate', 'experienced', 'beginner']
  .map((experience, i) => ({ name: `Ringer ${i + 1}`, experience }));
const arrange = (id) => ({ jsonrpc: '2.0', ...(id === undefined ? {} : { id }), method: 'arrange',
  params: { path: SONG, players } });

test('streamed, batched and notified arranges agree', () => {
  const lines = [
    { jsonrpc: '2.0', id: 0, method: 'upload', params: { path: SONG } },
    arrange(1),
    [arrange(2), { jsonrpc: '2.0', id: 3, method: 'ping' }],
    arrange(),
    arrange(4),
    { jsonrpc: '2.0', id: 5, method: 'ping' },
  ].map((m) => JSON.stringify(m) + '\n').join('');
  const r = spawnSync(BIN, ['--log-level', 'quiet'], { input: lines, maxBuffer: 1 << 28 });
  assert.strictEqual(r.status, 0);
  const out = r.stdout.toString('utf8').split('\n');
  assert.strictEqual(out.pop(), '', 'output ends with a LF');
  // ready, upload, arrange 1, batch, arrange 4, ping: nothing for the
  // notification.
  assert.strictEqual(out.length, 6);
  const msgs = out.map((l) => JSON.parse(l));
  assert.match(msgs[1].result.score_id, /^s1-[0-9a-f]{8}$/);
  const single = out[2], batch = msgs[3], again = out[4];
  assert.ok(single.length > 1e6, `a large response (${single.length} bytes)`);
  assert.strictEqual(JSON.parse(single).id, 1);
  assert.strictEqual(again.replace('"id":4', '"id":1'), single, 'same request, same bytes');
  const inBatch = JSON.stringify(batch[0]).replace('"id":2', '"id":1');
  assert.deepStrictEqual(JSON.parse(inBatch), JSON.parse(single));
  assert.strictEqual(batch[1].result.status, 'healthy');
  // best_arrangement is a copy of the first arrangement's text.
  const res = JSON.parse(single).result;
  assert.deepStrictEqual(res.best_arrangement, res.arrangements[0]);
  assert.strictEqual(msgs[5].result.status, 'healthy');
});
