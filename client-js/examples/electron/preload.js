// Exposes the three calls to the renderer, replacing fetch() to port 5000.
const { contextBridge, ipcRenderer } = require('electron');

contextBridge.exposeInMainWorld('vibebells', {
  upload: (params) => ipcRenderer.invoke('vibebells:upload', params),
  arrange: (params) => ipcRenderer.invoke('vibebells:arrange', params),
  export: (params) => ipcRenderer.invoke('vibebells:export', params),
});
