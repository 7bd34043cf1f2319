'use strict';
// The whole API the page gets (window.vibebells), replacing fetch() to
// port 5000.  No call takes a file path: files are chosen in the main
// process's dialogs.
const { contextBridge, ipcRenderer } = require('electron');

contextBridge.exposeInMainWorld('vibebells', {
  // Shows the open dialog; resolves {ok, result: song summary | null}.
  openSong: () => ipcRenderer.invoke('vibebells:open-song'),
  // players: [{name, experience}]; resolves {ok, result: {arrangements}}.
  arrange: (players) => ipcRenderer.invoke('vibebells:arrange', { players }),
  // Shows the save dialog for that strategy's sheet.
  saveCsv: (strategy) => ipcRenderer.invoke('vibebells:save-csv', { strategy }),
  // $/progress values of the running call.
  onProgress: (fn) => ipcRenderer.on('vibebells:progress', (_event, value) => fn(value)),
});
