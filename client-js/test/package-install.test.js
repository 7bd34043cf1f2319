'use strict';
// The npm packages as a user gets them: `make dist`'s two tarballs (made
// by packaging/npm/pack.sh, here from build/vibebellsd) installed with
// `npm install` into an empty app in a temporary folder, no checkout on
// the way, offline; then a whole session through findBinary(), which must
// find the platform package's binary.
const test = require('node:test');
const assert = require('node:assert');
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const top = path.resolve(__dirname, '..', '..');
const binary = process.env.VB_DAEMON || path.join(top, 'build', 'vibebellsd');
const version = fs.readFileSync(path.join(top, 'VERSION'), 'utf8').trim();
const npm = spawnSync('npm', ['--version'], { encoding: 'utf8' }).status === 0;
const supported = ['linux'].includes(process.platform);

test('npm install of the two tarballs into an empty app; a session through findBinary()',
  { skip: (!npm && 'npm is not installed (tests/deps.sh installs it)') || (!supported && 'the platform tarball is built on Linux') }, () => {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'vb-npm-'));
  try {
    const dist = path.join(tmp, 'dist');
    const pack = (...args) => {
      const r = spawnSync('sh', [path.join(top, 'packaging', 'npm', 'pack.sh'), ...args], { encoding: 'utf8' });
      assert.strictEqual(r.status, 0, r.stderr);
    };
    pack('client', dist);
    pack('platform', binary, process.platform, process.arch, dist);
    const client = path.join(dist, `vibebells-client-${version}.tgz`);
    const platform = path.join(dist, `vibebells-vibebellsd-${process.platform}-${process.arch}-${version}.tgz`);
    assert.ok(fs.existsSync(client) && fs.existsSync(platform));

    const app = path.join(tmp, 'app');
    fs.mkdirSync(app);
    fs.writeFileSync(path.join(app, 'package.json'), JSON.stringify({ name: 'app', version: '1.0.0', private: true }));
    const env = { ...process.env, HOME: tmp, npm_config_cache: path.join(tmp, 'npm-cache'), npm_config_update_notifier: 'false' };
    delete env.VIBEBELLSD_PATH;
    const inst = spawnSync('npm', ['install', '--offline', '--no-audit', '--no-fund', '--ignore-scripts', client, platform],
      { cwd: app, env, encoding: 'utf8', timeout: 120000 });
    assert.strictEqual(inst.status, 0, inst.stdout + inst.stderr);
    const installed = JSON.parse(fs.readFileSync(path.join(app, 'node_modules', '@vibebells', 'client', 'package.json'), 'utf8'));
    assert.strictEqual(installed.version, version);
    assert.strictEqual(installed.optionalDependencies[`@vibebells/vibebellsd-${process.platform}-${process.arch}`], version);
    assert.deepStrictEqual(Object.keys(installed.dependencies || {}), [], 'no runtime dependencies');

    fs.copyFileSync(path.join(top, 'tests', 'corpus', 'upstream-o-for-a-thousand-tongues.mid'), path.join(app, 'hymn.mid'));
    fs.writeFileSync(path.join(app, 'session.js'), `
      const { VibebellsClient, findBinary } = require('@vibebells/client');
      (async () => {
        const bin = findBinary();
        const client = await VibebellsClient.start();
        const players = [{ name: 'Ann', experience: 'experienced' }, { name: 'Ben', experience: 'beginner' }];
        const up = await client.upload({ path: 'hymn.mid' });
        const r = await client.arrange({ score_id: up.score_id, players, include_simulation: false });
        const best = r.arrangements[0];
        const sheet = await client.export({ arrangement: best, players, filename: up.filename, strategy: best.strategy, swaps: best.swaps });
        console.log(JSON.stringify({ bin, version: client.ready.version, notes: up.total_note_events, best: best.strategy, csv: sheet.content.split('\\r\\n')[0] }));
        await client.close();
      })().catch((e) => { console.error(e); process.exit(1); });`);
    const run = spawnSync(process.execPath, ['session.js'], { cwd: app, env, encoding: 'utf8', timeout: 60000 });
    assert.strictEqual(run.status, 0, run.stderr);
    const out = JSON.parse(run.stdout);
    assert.strictEqual(out.bin, path.join(fs.realpathSync(app), 'node_modules', '@vibebells', `vibebellsd-${process.platform}-${process.arch}`, 'bin', 'vibebellsd'));
    assert.strictEqual(out.version, version);
    assert.strictEqual(out.notes, 402);
    assert.strictEqual(out.csv, 'Metadata');
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
});
