'use strict';
// The main-process side of the example app, apart from Electron itself so
// that it can be tested in plain Node (test/electron-main.test.js passes a
// stub `electron`).
//
// The rule that makes it safe: the renderer never names a file.  A page is
// a web page - any script that runs in it (a compromised dependency, an
// injected string) can call what the preload exposes - so nothing it sends
// may reach the daemon's `path` params, which read and write any file the
// user can.  Files are chosen in the main process's own open and save
// dialogs and read or written here; the renderer sends ringers and a
// strategy name, and gets back plain data.
const fs = require('node:fs');
const path = require('node:path');

// What each channel accepts from the renderer, and nothing else.
const CHANNELS = {
  'vibebells:open-song': [],
  'vibebells:arrange': ['players'],
  'vibebells:save-csv': ['strategy'],
};
const EXPERIENCE = ['experienced', 'intermediate', 'beginner'];
const MAX_NAME = 100;

class RefusedError extends Error {
  constructor(message, code = 'ERR_NOT_ALLOWED') {
    super(message);
    this.dataCode = code;
  }
}

// params must be a plain object holding only the channel's keys.
function checkParams(channel, params) {
  if (params === undefined || params === null) return {};
  if (typeof params !== 'object' || Array.isArray(params)) throw new RefusedError('parameters must be an object');
  for (const k of Object.keys(params)) {
    if (!CHANNELS[channel].includes(k)) throw new RefusedError(`"${k}" is not accepted from the page (files are chosen in the app's dialogs)`);
  }
  return params;
}

function checkPlayers(players) {
  if (!Array.isArray(players) || players.length === 0 || players.length > 64) {
    throw new RefusedError('players must be a list of 1 to 64 ringers', 'ERR_INVALID_PLAYERS');
  }
  return players.map((p, i) => {
    if (!p || typeof p !== 'object' || typeof p.name !== 'string' || !p.name.trim() || p.name.length > MAX_NAME ||
        !EXPERIENCE.includes(p.experience) || Object.keys(p).some((k) => k !== 'name' && k !== 'experience')) {
      throw new RefusedError(`ringer ${i + 1}: a name and one of ${EXPERIENCE.join(', ')}`, 'ERR_INVALID_PLAYER_FORMAT');
    }
    return { name: p.name.trim(), experience: p.experience };
  });
}

// What the page shows of an arrangement (no simulation: it is megabytes).
function summary(a) {
  return {
    strategy: a.strategy,
    description: a.description,
    quality_score: a.quality_score,
    breakdown: a.quality_breakdown && a.quality_breakdown.components,
    players: Object.entries(a.assignments).map(([name, h]) => ({
      name, left_hand: h.left_hand, right_hand: h.right_hand, swaps: a.swaps[name] || 0,
    })),
  };
}

/*
 * Registers the IPC handlers on electron.ipcMain.  options: client (a
 * started VibebellsClient), window() (the BrowserWindow dialogs belong
 * to, may return null).  Returns the state, for tests.
 */
function registerHandlers(electron, { client, window = () => null }) {
  const { ipcMain, dialog } = electron;
  const state = { song: null, players: null, arrangements: null };

  const handle = (channel, fn) => ipcMain.handle(channel, async (event, params) => {
    try {
      return { ok: true, result: await fn(checkParams(channel, params), event) };
    } catch (e) {
      return { ok: false, error: { code: e.dataCode || e.name || 'ERR_INTERNAL', message: e.message } };
    }
  });

  handle('vibebells:open-song', async (_params, event) => {
    const r = await dialog.showOpenDialog(window(), {
      title: 'Open a song',
      properties: ['openFile'],
      filters: [{ name: 'Songs', extensions: ['mid', 'midi', 'musicxml', 'xml', 'mxl'] }],
    });
    if (r.canceled || !r.filePaths || !r.filePaths.length) return null;
    const file = r.filePaths[0];
    // Read here, sent as content: the daemon is never told a path the
    // page could have influenced (none, here: but the habit is the point).
    const content = await fs.promises.readFile(file);
    const onProgress = (v) => event && event.sender && event.sender.send('vibebells:progress', v);
    const up = await client.upload({ content: content.toString('base64'), filename: path.basename(file) }, { onProgress });
    if (state.song) client.closeScore(state.song.score_id).catch(() => {});
    state.song = up;
    state.arrangements = null;
    return {
      filename: up.filename, format: up.format, notes: up.total_note_events, bells: up.unique_notes,
      duration_s: Math.round(up.duration_ms / 100) / 10, tempo_bpm: up.tempo_bpm,
    };
  });

  handle('vibebells:arrange', async ({ players }, event) => {
    if (!state.song) throw new RefusedError('open a song first', 'ERR_NO_FILE');
    const ringers = checkPlayers(players);
    const onProgress = (v) => event && event.sender && event.sender.send('vibebells:progress', v);
    const r = await client.arrange({ score_id: state.song.score_id, players: ringers, include_simulation: false }, { onProgress });
    state.players = ringers;
    state.arrangements = r.arrangements;
    return { arrangements: r.arrangements.map(summary), expansion: r.expansion_info ? r.expansion_info.message : null };
  });

  handle('vibebells:save-csv', async ({ strategy }) => {
    const a = state.arrangements && state.arrangements.find((x) => x.strategy === strategy);
    if (!a) throw new RefusedError('no such arrangement: arrange first', 'ERR_NO_DATA');
    const stem = state.song.filename.replace(/\.[^.]*$/, '');
    const r = await dialog.showSaveDialog(window(), {
      title: 'Save the sheet',
      defaultPath: `${stem}_${strategy}.csv`,
      filters: [{ name: 'CSV', extensions: ['csv'] }],
    });
    if (r.canceled || !r.filePath) return null;
    // The user chose this file in the save dialog (which asked before
    // replacing one): the daemon writes it atomically.
    const out = await client.export({
      arrangement: a, players: state.players, filename: state.song.filename, strategy, swaps: a.swaps,
      path: r.filePath, overwrite: true, bom: process.platform === 'win32',
    });
    return { file: path.basename(out.path), bytes: out.bytes };
  });

  return state;
}

module.exports = { registerHandlers, checkParams, checkPlayers, CHANNELS };
