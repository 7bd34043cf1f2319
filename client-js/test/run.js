#!/usr/bin/env node
'use strict';
// `npm test`: node's test runner on test/*.test.js only.  `node --test
// test/` would also run test/fixtures/*.js (everything under a folder
// named test counts as a test file), and the fake daemon there waits on
// stdin forever.  A list made here works the same on every platform
// (npm runs scripts through cmd.exe on Windows, which expands no globs).
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

function testFiles(dir = __dirname) {
  return fs.readdirSync(dir).filter((f) => f.endsWith('.test.js')).sort().map((f) => path.join(dir, f));
}

if (require.main === module) {
  // stdin closed for the tests: none may wait on it.
  const r = spawnSync(process.execPath, ['--test', ...process.argv.slice(2), ...testFiles()],
    { stdio: ['ignore', 'inherit', 'inherit'] });
  process.exit(r.status === null ? 1 : r.status);
}

module.exports = { testFiles };
