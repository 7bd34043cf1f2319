'use strict';
// One test per protocol/examples/*.transcript: the documented examples are
// the conformance suite.
const test = require('node:test');
const fs = require('node:fs');
const path = require('node:path');
const { run } = require('./transcript.js');

const dir = path.resolve(__dirname, '..', '..', 'protocol', 'examples');
for (const f of fs.readdirSync(dir).filter((n) => n.endsWith('.transcript')).sort()) {
  test(f, { timeout: 120000 }, async (t) => {
    const r = await run(path.join(dir, f));
    if (r && r.skipped) t.skip(r.skipped);
  });
}
