'use strict';
// The TypeScript declarations cannot drift: src/protocol.d.ts must be what
// scripts/gen-types.js makes of protocol/schemas/ now, and the client's
// methods must use those types (no `any` results).
const test = require('node:test');
const assert = require('node:assert');
const fs = require('node:fs');
const path = require('node:path');
const { generate, OUT } = require('../scripts/gen-types.js');

test('src/protocol.d.ts is what scripts/gen-types.js writes from protocol/schemas', () => {
  assert.strictEqual(fs.readFileSync(OUT, 'utf8'), generate(),
    'protocol/schemas changed: run `node client-js/scripts/gen-types.js` and commit src/protocol.d.ts');
});

test('the types say what the daemon sends', () => {
  const types = fs.readFileSync(OUT, 'utf8');
  const block = (name) => {
    const m = new RegExp(`export type ${name} = \\{\\n([\\s\\S]*?)\\n\\};`).exec(types);
    assert.ok(m, name);
    return `\n${m[1]}`;
  };
  assert.match(block('ReadyParams'), /\n {2}strategies: Array<"experienced_first"/);
  assert.match(block('ReadyParams'), /\n {2}notifications: /);
  assert.match(block('PingResult'), /\n {2}scores_held: number;/);
  assert.match(block('UploadResult'), /\n {2}score_id: string;/);
  assert.match(block('ArrangeParams'), /\n {2}progress_token\?: string \| number;/);
  assert.match(block('ExportParams'), /\n {2}bom\?: boolean \| null;/);
  const api = fs.readFileSync(path.join(__dirname, '..', 'src', 'index.d.ts'), 'utf8');
  assert.doesNotMatch(api, /Promise<any>/);
  for (const [method, result] of [['ping', 'PingResult'], ['upload', 'UploadResult'], ['arrange', 'ArrangeResult'],
    ['export', 'ExportResult'], ['closeScore', 'ScoreCloseResult']]) {
    assert.match(api, new RegExp(`\\n {2}${method}\\([^)]*\\): Promise<${result}>;`), method);
  }
});

test('the ESM entry exports what the CommonJS one does', async () => {
  const esm = await import('../src/index.mjs');
  const cjs = require('../src/index.js');
  for (const k of Object.keys(cjs)) assert.strictEqual(esm[k], cjs[k], k);
});
