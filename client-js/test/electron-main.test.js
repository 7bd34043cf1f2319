'use strict';
// The example Electron app's main process (examples/electron/main.js and
// backend.js), run in Node against a stub `electron` and the real daemon:
// the window is locked down, the handlers refuse anything that names a
// file, and open -> arrange -> save works end to end.  (Electron itself
// cannot be installed here: its package downloads a binary.)
const test = require('node:test');
const assert = require('node:assert');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { startApp } = require('./fixtures/electron-app.js');

const top = path.resolve(__dirname, '..', '..');
const example = path.join(__dirname, '..', 'examples', 'electron');
const HYMN = path.join(top, 'tests', 'corpus', 'upstream-o-for-a-thousand-tongues.mid');
const ringers = [
  { name: 'Alice', experience: 'experienced' }, { name: 'Bob', experience: 'intermediate' },
  { name: 'Cara', experience: 'intermediate' }, { name: 'Dan', experience: 'beginner' },
];

test('the window: the page exists, the preload is the only bridge, Node is off', async () => {
  const { electron, quit } = await startApp();
  try {
    const w = electron.windows[0];
    assert.ok(fs.existsSync(w.loaded), `loads ${w.loaded}`);
    const wp = w.options.webPreferences;
    assert.strictEqual(wp.contextIsolation, true);
    assert.strictEqual(wp.nodeIntegration, false);
    assert.strictEqual(wp.sandbox, true);
    assert.ok(fs.existsSync(wp.preload));
    // The page loads only files of the app, under a CSP.
    const html = fs.readFileSync(w.loaded, 'utf8');
    assert.match(html, /Content-Security-Policy" content="default-src 'self'; script-src 'self'/);
    for (const m of html.matchAll(/(?:src|href)="([^"]+)"/g)) assert.ok(fs.existsSync(path.join(example, m[1])), m[1]);
    // The preload exposes no call that takes a path.
    const code = fs.readFileSync(wp.preload, 'utf8').replace(/\/\/.*$/gm, '');
    assert.doesNotMatch(code, /path|file/i);
  } finally { await quit(); }
});

test('the handlers refuse whatever names a file, and anything unexpected', async () => {
  const { electron, quit } = await startApp();
  const { ipcMain, dialog } = electron;
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'vb-electron-'));
  try {
    const victim = path.join(tmp, 'victim.txt');
    fs.writeFileSync(victim, 'precious');
    const refused = async (channel, params, code = 'ERR_NOT_ALLOWED') => {
      const r = await ipcMain.invoke(channel, params);
      assert.strictEqual(r.ok, false, `${channel} ${JSON.stringify(params)} was accepted`);
      assert.strictEqual(r.error.code, code, JSON.stringify(r.error));
    };
    await refused('vibebells:open-song', { path: '/etc/passwd' });
    await refused('vibebells:open-song', { content: 'TVRoZA==', filename: 'x.mid' });
    await refused('vibebells:open-song', 'x');
    assert.strictEqual(dialog.asked.length, 0, 'no dialog for a refused call');
    dialog.openAnswer = { canceled: false, filePaths: [HYMN] };
    assert.strictEqual((await ipcMain.invoke('vibebells:open-song')).ok, true);
    await refused('vibebells:arrange', { players: ringers, path: HYMN });
    await refused('vibebells:arrange', { players: ringers, score_id: 's1' });
    await refused('vibebells:arrange', { players: [{ name: 'A', experience: 'beginner', path: victim }] }, 'ERR_INVALID_PLAYER_FORMAT');
    await refused('vibebells:arrange', { players: [] }, 'ERR_INVALID_PLAYERS');
    assert.strictEqual((await ipcMain.invoke('vibebells:arrange', { players: ringers })).ok, true);
    await refused('vibebells:save-csv', { strategy: 'balanced', path: victim });
    await refused('vibebells:save-csv', { strategy: 'balanced', overwrite: true });
    await refused('vibebells:save-csv', { strategy: 'nope' }, 'ERR_NO_DATA');
    assert.strictEqual(fs.readFileSync(victim, 'utf8'), 'precious');
  } finally {
    await quit();
    fs.rmSync(tmp, { recursive: true, force: true });
  }
});

test('open -> arrange -> save: the sheet the user chose is written', async () => {
  const { electron, quit } = await startApp();
  const { ipcMain, dialog } = electron;
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'vb-electron-'));
  try {
    // Cancelled dialogs do nothing.
    assert.deepStrictEqual(await ipcMain.invoke('vibebells:open-song'), { ok: true, result: null });
    dialog.openAnswer = { canceled: false, filePaths: [HYMN] };
    const song = (await ipcMain.invoke('vibebells:open-song')).result;
    assert.strictEqual(song.filename, 'upstream-o-for-a-thousand-tongues.mid');
    assert.strictEqual(song.notes, 402);
    assert.strictEqual(song.bells.length, 18);
    const r = await ipcMain.invoke('vibebells:arrange', { players: ringers });
    assert.ok(r.ok, JSON.stringify(r.error));
    const { arrangements } = r.result;
    assert.ok(arrangements.length >= 6);
    assert.ok(arrangements.every((a, i) => i === 0 || a.quality_score <= arrangements[i - 1].quality_score));
    const best = arrangements[0];
    assert.deepStrictEqual(best.players.slice(0, 4).map((p) => p.name), ringers.map((p) => p.name));
    // Progress went to the page.
    assert.ok(ipcMain.sent.some(([ch, v]) => ch === 'vibebells:progress' && v.kind === 'report'));
    const out = path.join(tmp, 'hymn sheet.csv');
    dialog.saveAnswer = { canceled: false, filePath: out };
    const saved = await ipcMain.invoke('vibebells:save-csv', { strategy: best.strategy });
    assert.ok(saved.ok, JSON.stringify(saved.error));
    assert.strictEqual(saved.result.file, 'hymn sheet.csv');
    const csv = fs.readFileSync(out, 'utf8');
    assert.match(csv, new RegExp(`^Metadata\r\nUploaded File,upstream-o-for-a-thousand-tongues\\.mid\r\nStrategy,${best.strategy}\r\n`));
    for (const p of ringers) assert.match(csv, new RegExp(`\r\n${p.name},${p.experience},`));
    assert.strictEqual(Buffer.byteLength(csv), saved.result.bytes);
    // The save dialog proposed the song's name and the strategy.
    assert.strictEqual(dialog.asked.at(-1)[1].defaultPath, `upstream-o-for-a-thousand-tongues_${best.strategy}.csv`);
  } finally {
    await quit();
    assert.strictEqual(electron.app.quitted, true, 'quit after closing the daemon');
    fs.rmSync(tmp, { recursive: true, force: true });
  }
});
