'use strict';
// The transcript matcher itself must be able to fail.
const test = require('node:test');
const assert = require('node:assert');
const { match, parse } = require('./transcript.js');

test('match: placeholders and exact values', () => {
  assert.strictEqual(match({ a: '<int>' }, { a: 3 }, '$'), null);
  assert.notStrictEqual(match({ a: '<int>' }, { a: 3.5 }, '$'), null);
  assert.notStrictEqual(match({ a: 1 }, { a: 1, b: 2 }, '$'), null);
  assert.strictEqual(match({ a: 1, '<more>': 1 }, { a: 1, b: 2 }, '$'), null);
  assert.notStrictEqual(match([1, 2], [1], '$'), null);
  assert.notStrictEqual(match('x', 'y', '$'), null);
  assert.strictEqual(match('<any>', { deep: [1] }, '$'), null);
});

test('parse: directives', () => {
  const s = parse('# c\n> {}\n< {}\n@expect-exit 0\n');
  assert.deepStrictEqual(s.map((x) => x.op), ['>', '<', '@expect-exit']);
  assert.throws(() => parse('nonsense'));
});

test('schema validator rejects what it should', () => {
  const { validate } = require('./schema.js');
  const s = { type: 'object', required: ['a'], properties: { a: { type: 'integer', minimum: 1 }, b: { enum: ['x'] } }, additionalProperties: false };
  assert.strictEqual(validate(s, { a: 2, b: 'x' }), null);
  assert.notStrictEqual(validate(s, { a: 0 }), null);
  assert.notStrictEqual(validate(s, { b: 'x' }), null);
  assert.notStrictEqual(validate(s, { a: 1, c: 1 }), null);
  assert.notStrictEqual(validate(s, { a: 1, b: 'y' }), null);
  assert.notStrictEqual(validate({ type: 'array', items: { type: 'string' } }, [1]), null);
});
