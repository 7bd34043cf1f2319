'use strict';
// `npm test` must end by itself: it runs test/*.test.js, never the
// fixtures (the fake daemon waits on stdin forever).
const test = require('node:test');
const assert = require('node:assert');
const path = require('node:path');
const pkg = require('../package.json');
const { testFiles } = require('./run.js');

test('npm test runs the test files only, with stdin closed', () => {
  assert.strictEqual(pkg.scripts.test, 'node test/run.js');
  const files = testFiles().map((f) => path.relative(path.join(__dirname, '..'), f));
  assert.ok(files.length >= 4, files.join(' '));
  for (const f of files) assert.match(f, /^test[/\\][^/\\]+\.test\.js$/);
  assert.ok(!files.some((f) => f.includes('fixtures')));
});

test('no runtime dependencies', () => {
  assert.deepStrictEqual(Object.keys(pkg.dependencies || {}), []);
});
