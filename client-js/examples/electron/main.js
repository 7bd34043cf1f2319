'use strict';
// Electron main process of the example app: vibebellsd replaces the Flask
// server.  Spawned when the app is ready (client-js passes our pid, so the
// daemon never outlives us), called through the IPC handlers of
// backend.js, closed on quit.
const { app, BrowserWindow, dialog, ipcMain } = require('electron');
const path = require('node:path');
const { VibebellsClient, findBinary } = require('@vibebells/client');
const { registerHandlers } = require('./backend.js');

let client = null;
let win = null;

async function startDaemon() {
  // Packaged: resources/backend (packaging/electron); in development the
  // staging folder <app>/resources/backend, a platform package or $VIBEBELLSD_PATH.
  client = await VibebellsClient.start({
    binaryPath: findBinary({ resourcesPath: process.resourcesPath, appPath: app.getAppPath() }),
    restart: true,
  });
  client.on('stderr', (text) => console.log('[vibebellsd]', text.trimEnd()));
  client.on('restart', () => console.warn('vibebellsd restarted: the song must be opened again'));
}

app.whenReady().then(async () => {
  await startDaemon();
  registerHandlers({ ipcMain, dialog }, { client, window: () => win });
  win = new BrowserWindow({
    width: 1100,
    height: 800,
    title: 'Vibebells',
    webPreferences: {
      preload: path.join(__dirname, 'preload.js'),
      contextIsolation: true,   // the page cannot reach the preload's scope
      nodeIntegration: false,   // nor Node
      sandbox: true,
    },
  });
  win.loadFile(path.join(__dirname, 'index.html'));
});

app.on('window-all-closed', () => app.quit());

app.on('before-quit', async (event) => {
  if (client) {
    event.preventDefault();
    const c = client;
    client = null;
    await c.close();
    app.quit();
  }
});
