'use strict';
// @vibebells/client - spawns vibebellsd and talks newline-delimited
// JSON-RPC 2.0 to it over stdin/stdout.  No runtime dependencies.
//
// One VibebellsClient owns one daemon process at a time.  Requests are
// matched to responses by id; when the daemon dies every pending call
// rejects at once with DaemonExitedError, and with `restart: true` a new
// daemon is started with bounded back-off.  Scores live in the daemon:
// after a restart, score ids from before are gone (ERR_UNKNOWN_SCORE).
const { spawn } = require('node:child_process');
const { EventEmitter } = require('node:events');
const fs = require('node:fs');
const path = require('node:path');
const { StringDecoder } = require('node:string_decoder');

const STDERR_TAIL_BYTES = 8192;

class RpcError extends Error {
  constructor(error) {
    super(error && error.message ? error.message : 'JSON-RPC error');
    this.name = 'RpcError';
    this.code = error ? error.code : undefined;
    this.data = error ? error.data : undefined;
    this.dataCode = this.data && typeof this.data.code === 'string' ? this.data.code : undefined;
  }
}

class DaemonExitedError extends Error {
  constructor(exitCode, signal, stderrTail) {
    super(`vibebellsd exited (${signal ? `signal ${signal}` : `code ${exitCode}`})` +
      (stderrTail ? `: ${stderrTail.trim().split('\n').slice(-3).join(' | ')}` : ''));
    this.name = 'DaemonExitedError';
    this.exitCode = exitCode;
    this.signal = signal;
    this.stderrTail = stderrTail;
  }
}

class TimeoutError extends Error {
  constructor(what, ms) {
    super(`${what} timed out after ${ms} ms`);
    this.name = 'TimeoutError';
    this.timeoutMs = ms;
  }
}

class AbortError extends Error {
  constructor(reason) {
    super('The call was aborted');
    this.name = 'AbortError';
    this.cause = reason;
  }
}

// Splits a byte stream into lines: LF-terminated, UTF-8 decoded across
// chunk boundaries (a multi-byte character may arrive in two reads).
class LineSplitter {
  constructor(onLine) {
    this.decoder = new StringDecoder('utf8');
    this.pending = '';
    this.onLine = onLine;
  }

  push(chunk) {
    this.pending += this.decoder.write(chunk);
    let nl;
    while ((nl = this.pending.indexOf('\n')) >= 0) {
      let line = this.pending.slice(0, nl);
      this.pending = this.pending.slice(nl + 1);
      if (line.endsWith('\r')) line = line.slice(0, -1);
      if (line.length) this.onLine(line);
    }
  }
}

// Where a packaged Electron app or a development checkout keeps the binary.
function findBinary(options = {}) {
  const exe = (options.platform || process.platform) === 'win32' ? 'vibebellsd.exe' : 'vibebellsd';
  const tried = [];
  const candidates = [];
  const resourcesPath = options.resourcesPath || process.resourcesPath;
  if (resourcesPath) {
    candidates.push(path.join(resourcesPath, 'backend', exe));
    candidates.push(path.join(resourcesPath, 'app.asar.unpacked', 'backend', exe));
  }
  if (options.appPath) candidates.push(path.join(options.appPath.replace(/app\.asar$/, 'app.asar.unpacked'), 'backend', exe));
  const devRoot = options.devRoot || path.resolve(__dirname, '..', '..');
  candidates.push(path.join(devRoot, 'build', exe));
  for (const c of candidates) {
    tried.push(c);
    try {
      fs.accessSync(c, fs.constants.X_OK);
      return c;
    } catch (_) { /* next */ }
  }
  throw new Error(`vibebellsd not found; tried:\n  ${tried.join('\n  ')}`);
}

class VibebellsClient extends EventEmitter {
  constructor(options = {}) {
    super();
    this.options = {
      readyTimeoutMs: 10000,
      defaultTimeoutMs: 0,          // 0: no timeout
      restart: false,
      maxRestarts: 5,
      closeGraceMs: 2000,
      ...options,
    };
    this.child = null;
    this.ready = null;
    this.nextId = 1;
    this.pending = new Map();
    this.stderrTail = '';
    this.closing = false;
    this.restarts = 0;
    this._onParentExit = () => { if (this.child) this.child.kill('SIGKILL'); };
  }

  static async start(options) {
    const c = new VibebellsClient(options);
    await c.start();
    return c;
  }

  // Spawns the daemon; resolves with the ready notification's params.
  start() {
    const o = this.options;
    const bin = o.binaryPath || findBinary();
    const wrapper = o.wrapper || [];
    return new Promise((resolve, reject) => {
      const child = spawn(wrapper.length ? wrapper[0] : bin,
        [...wrapper.slice(1), ...(wrapper.length ? [bin] : []), ...(o.args || [])], {
          env: o.env || process.env, stdio: ['pipe', 'pipe', 'pipe'], windowsHide: true, shell: false,
        });
      this.child = child;
      this.ready = null;
      let settled = false;
      const timer = setTimeout(() => {
        if (settled) return;
        settled = true;
        child.kill('SIGKILL');
        const e = new TimeoutError('waiting for the ready notification', o.readyTimeoutMs);
        e.stderrTail = this.stderrTail;
        reject(e);
      }, o.readyTimeoutMs);
      const splitter = new LineSplitter((line) => this._onLine(line, (params) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        this.restarts = 0;
        resolve(params);
      }));
      child.stdout.on('data', (chunk) => splitter.push(chunk));
      child.stderr.on('data', (chunk) => {
        const text = chunk.toString('utf8');
        this.stderrTail = (this.stderrTail + text).slice(-STDERR_TAIL_BYTES);
        this.emit('stderr', text);
      });
      // A write to a daemon that has gone is an EPIPE here, not a crash.
      child.stdin.on('error', () => {});
      child.on('error', (err) => {
        if (!settled) { settled = true; clearTimeout(timer); reject(err); }
      });
      child.on('exit', (code, signal) => {
        const err = new DaemonExitedError(code, signal, this.stderrTail);
        if (!settled) { settled = true; clearTimeout(timer); reject(err); }
        this._onExit(child, err);
      });
      process.once('exit', this._onParentExit);
    });
  }

  _onLine(line, onReady) {
    let msg;
    try {
      msg = JSON.parse(line);
    } catch (e) {
      this.emit('protocolError', new Error(`malformed line from vibebellsd: ${line.slice(0, 200)}`));
      return;
    }
    if (msg && msg.method === 'ready' && msg.id === undefined) {
      this.ready = msg.params;
      this.emit('ready', msg.params);
      onReady(msg.params);
      return;
    }
    const p = msg && this.pending.get(msg.id);
    if (!p) {
      this.emit('protocolError', new Error(`response to no pending call: ${line.slice(0, 200)}`));
      return;
    }
    this._settle(msg.id);
    if (msg.error) p.reject(new RpcError(msg.error));
    else p.resolve(msg.result);
  }

  _settle(id) {
    const p = this.pending.get(id);
    if (!p) return;
    this.pending.delete(id);
    if (p.timer) clearTimeout(p.timer);
    if (p.signal && p.onAbort) p.signal.removeEventListener('abort', p.onAbort);
  }

  _onExit(child, err) {
    if (this.child !== child) return;
    this.child = null;
    this.writeQueue = null;   /* lines for the dead daemon: their calls reject below */
    process.removeListener('exit', this._onParentExit);
    for (const [id, p] of [...this.pending]) {
      this._settle(id);
      p.reject(err);
    }
    this.emit('exit', { exitCode: err.exitCode, signal: err.signal, stderrTail: err.stderrTail });
    if (this.options.restart && !this.closing && this.restarts < this.options.maxRestarts) {
      const delay = Math.min(5000, 100 * 2 ** this.restarts);
      this.restarts++;
      this.restartTimer = setTimeout(() => {
        this.restartTimer = null;
        if (this.closing) return;
        this.start().then((params) => this.emit('restart', params),
          (e) => this.emit('restartFailed', e));
      }, delay);
    }
  }

  // One call; resolves with its result, rejects with RpcError etc.
  request(method, params = {}, { timeoutMs, signal } = {}) {
    return new Promise((resolve, reject) => {
      if (!this.child || !this.ready) {
        reject(new DaemonExitedError(null, null, this.stderrTail));
        return;
      }
      if (signal && signal.aborted) { reject(new AbortError(signal.reason)); return; }
      const id = this.nextId++;
      const entry = { resolve, reject, timer: null, signal, onAbort: null };
      const ms = timeoutMs !== undefined ? timeoutMs : this.options.defaultTimeoutMs;
      if (ms > 0) {
        entry.timer = setTimeout(() => { this._settle(id); reject(new TimeoutError(method, ms)); }, ms);
      }
      if (signal) {
        entry.onAbort = () => { this._settle(id); reject(new AbortError(signal.reason)); };
        signal.addEventListener('abort', entry.onAbort, { once: true });
      }
      this.pending.set(id, entry);
      this._write(JSON.stringify({ jsonrpc: '2.0', id, method, params }) + '\n');
    });
  }

  // Backpressure: once the pipe is full, lines wait in our queue (in
  // order) until 'drain', rather than piling up in the stream's buffer.
  _write(line) {
    const stdin = this.child.stdin;
    if (this.writeQueue && this.writeQueue.length) {
      this.writeQueue.push(line);
      return;
    }
    if (stdin.write(line)) return;
    this.writeQueue = [];
    const flush = () => {
      if (!this.child || this.child.stdin !== stdin) { this.writeQueue = null; return; }
      while (this.writeQueue.length) {
        if (!stdin.write(this.writeQueue.shift())) { stdin.once('drain', flush); return; }
      }
      this.writeQueue = null;
    };
    stdin.once('drain', flush);
  }

  ping(opts) { return this.request('ping', {}, opts); }
  upload(params, opts) { return this.request('upload', params, opts); }
  arrange(params, opts) { return this.request('arrange', params, opts); }
  export(params, opts) { return this.request('export', params, opts); }
  closeScore(scoreId, opts) { return this.request('score.close', { score_id: scoreId }, opts); }

  // Asks the daemon to shut down; SIGTERM, then SIGKILL if it lingers.
  // Resolves once the process has exited.  Safe to call twice.
  close() {
    this.closing = true;
    if (this.restartTimer) { clearTimeout(this.restartTimer); this.restartTimer = null; }
    const child = this.child;
    if (!child) return Promise.resolve();
    if (this._closing) return this._closing;
    this._closing = new Promise((resolve) => {
      child.once('exit', () => resolve());
      const grace = this.options.closeGraceMs;
      const term = setTimeout(() => child.kill('SIGTERM'), grace);
      const kill = setTimeout(() => child.kill('SIGKILL'), 2 * grace);
      child.once('exit', () => { clearTimeout(term); clearTimeout(kill); });
      if (this.ready) this.request('shutdown').catch(() => {});
      child.stdin.end();
    });
    return this._closing;
  }

  get pid() { return this.child ? this.child.pid : undefined; }
}

module.exports = {
  VibebellsClient,
  start: (options) => VibebellsClient.start(options),
  findBinary,
  RpcError,
  DaemonExitedError,
  TimeoutError,
  AbortError,
  LineSplitter,
};
