// Electron main process: vibebellsd replaces the Flask server.  Spawned
// when the app is ready, called through IPC, closed on quit.
const { app, BrowserWindow, ipcMain } = require('electron');
const path = require('node:path');
const { VibebellsClient, findBinary } = require('@vibebells/client');

let client;

async function startDaemon() {
  client = await VibebellsClient.start({
    binaryPath: findBinary({ resourcesPath: process.resourcesPath, appPath: app.getAppPath() }),
    restart: true,
  });
  client.on('stderr', (text) => console.log('[vibebellsd]', text.trimEnd()));
  client.on('restart', () => console.warn('vibebellsd restarted: uploaded scores must be sent again'));
}

// The renderer sends plain objects; errors reach it as { code, message }.
function handle(channel, fn) {
  ipcMain.handle(channel, async (_event, params) => {
    try {
      return { ok: true, result: await fn(params) };
    } catch (e) {
      return { ok: false, error: { code: e.dataCode || e.name, message: e.message } };
    }
  });
}

app.whenReady().then(async () => {
  await startDaemon();
  handle('vibebells:upload', (p) => client.upload(p));
  handle('vibebells:arrange', (p) => client.arrange(p));
  handle('vibebells:export', (p) => client.export(p));
  const win = new BrowserWindow({ webPreferences: { preload: path.join(__dirname, 'preload.js') } });
  win.loadFile('index.html');
});

app.on('before-quit', async (event) => {
  if (client) {
    event.preventDefault();
    const c = client;
    client = null;
    await c.close();
    app.quit();
  }
});
