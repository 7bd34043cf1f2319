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

const STDERR_TAIL_BYTES = 8192;
// The start of a response line: the daemon writes its id first.
const RESPONSE_HEAD = /^\{"jsonrpc":"2\.0","id":(-?\d+|"(?:[^"\\]|\\.)*")/;
// A simulation sent ahead of its response (arrange's simulation_frames):
// the daemon writes this head in this order, so id and frame number are
// read from the first bytes and the megabytes after them are kept as
// they came, unparsed, until the app reads that simulation.
const FRAME_PREFIX = Buffer.from('{"jsonrpc":"2.0","method":"$/simulation","params":{"id":');
const FRAME_HEAD = /^\{"jsonrpc":"2\.0","method":"\$\/simulation","params":\{"id":(-?\d+|"(?:[^"\\]|\\.)*"),"frame":(\d+),"simulation":/;

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

class ResponseTooLargeError extends Error {
  constructor(bytes, limit) {
    super(`a response of more than ${limit} bytes was dropped (${bytes} bytes so far)`);
    this.name = 'ResponseTooLargeError';
    this.bytes = bytes;
    this.limit = limit;
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
//
// Linear in the bytes received: the pieces of an unfinished line are
// kept as Buffers and only the newest chunk is searched for a LF, so a
// 40 MB response costs one join and one decode instead of re-scanning
// (and re-copying) everything held on every chunk.  A line longer than
// maxLineBytes is dropped as it arrives rather than held without bound;
// onOverflow gets the line's first bytes (the daemon writes a response's
// id first, so the caller can tell which call it was).
//
// rawPrefix/onRaw: a line that starts with those bytes is not joined nor
// decoded: onRaw(pieces, n) gets its Buffers as they came (n bytes in
// all, without the LF).  That is how a frame of megabytes stays unparsed.
class LineSplitter {
  constructor(onLine, { maxLineBytes = 0, onOverflow = null, rawPrefix = null, onRaw = null } = {}) {
    this.onLine = onLine;
    this.maxLineBytes = maxLineBytes;   // 0: no bound
    this.onOverflow = onOverflow;
    this.rawPrefix = onRaw ? rawPrefix : null;
    this.onRaw = onRaw;
    this.pieces = [];
    this.held = 0;
    this.dropping = false;
  }

  push(chunk) {
    let from = 0;
    let nl;
    while ((nl = chunk.indexOf(10, from)) >= 0) {
      const tail = chunk.subarray(from, nl);
      from = nl + 1;
      if (this.dropping) {
        this.dropping = false;
        continue;
      }
      if (this.pieces.length === 0) {
        if (!this._over(tail.length, tail)) this._line([tail], tail.length);
        continue;
      }
      this.pieces.push(tail);
      const n = this.held + tail.length;
      const pieces = this.pieces;
      this.pieces = [];
      this.held = 0;
      if (!this._over(n, pieces[0])) this._line(pieces, n);
    }
    if (from < chunk.length && !this.dropping) {
      const rest = from === 0 ? chunk : chunk.subarray(from);
      this.pieces.push(rest);
      this.held += rest.length;
      if (this._over(this.held, this.pieces[0])) {
        this.pieces = [];
        this.held = 0;
        this.dropping = true;
      }
    }
  }

  // Is a line of n bytes (so far) over the bound?  Reports it once.
  _over(n, head) {
    if (!this.maxLineBytes || n <= this.maxLineBytes) return false;
    if (this.onOverflow) this.onOverflow(head.toString('utf8', 0, Math.min(head.length, 256)), n);
    return true;
  }

  // A whole line: raw when it starts with rawPrefix, else joined once.
  _line(pieces, n) {
    if (this.rawPrefix && startsWith(pieces, this.rawPrefix)) {
      this.onRaw(pieces, n);
      return;
    }
    this._emit(pieces.length === 1 ? pieces[0] : Buffer.concat(pieces, n));
  }

  _emit(buf) {
    let end = buf.length;
    if (end > 0 && buf[end - 1] === 13) end--;
    if (end > 0) this.onLine(buf.toString('utf8', 0, end));
  }
}

// Whether the bytes of pieces start with prefix (a Buffer).
function startsWith(pieces, prefix) {
  let at = 0;
  for (const p of pieces) {
    const k = Math.min(p.length, prefix.length - at);
    if (p.compare(prefix, at, at + k, 0, k) !== 0) return false;
    at += k;
    if (at === prefix.length) return true;
  }
  return false;
}

// The first n bytes of pieces (or all, if fewer) as latin1: one char a
// byte, so a match's length is its length in bytes.
function headText(pieces, n) {
  const take = [];
  let got = 0;
  for (const p of pieces) {
    take.push(p);
    got += p.length;
    if (got >= n) break;
  }
  const b = take.length === 1 ? take[0] : Buffer.concat(take);
  return b.toString('latin1', 0, Math.min(n, b.length));
}

// The last byte of pieces at or before index i (n bytes in all), or -1.
function byteAt(pieces, n, i) {
  let end = n;
  for (let k = pieces.length - 1; k >= 0; k--) {
    const p = pieces[k];
    const start = end - p.length;
    if (i >= start) return i < end ? p[i - start] : -1;
    end = start;
  }
  return -1;
}

// One frame's simulation, kept as the bytes that came; parse() reads it
// (each call a new object, as an eager parse gives each place its own).
class Frame {
  constructor(pieces, start, end) {
    this.pieces = pieces;
    this.start = start;     // the simulation's bytes: [start, end)
    this.end = end;
  }

  parse() {
    const p = this.pieces;
    const buf = p.length === 1 ? p[0] : Buffer.concat(p);
    return JSON.parse(buf.toString('utf8', this.start, this.end));
  }
}

// obj[key] becomes its frame's simulation on first read, then a plain
// value: the result looks, to the app and to JSON.stringify, deepEqual
// and structuredClone, like one parsed whole.
function lazyMember(obj, key, frame) {
  const settle = (value) => {
    Object.defineProperty(obj, key, { value, writable: true, enumerable: true, configurable: true });
    return value;
  };
  Object.defineProperty(obj, key, {
    enumerable: true,
    configurable: true,
    get: () => settle(frame.parse()),
    set: settle,
  });
}

// {"frame": k} in the result (every arrangement, and best_arrangement)
// becomes a lazy member reading frame k.  Returns the placeholders that
// named no frame received (0 when all is well).
function attachFrames(result, frames) {
  const isPlaceholder = (s) => s !== null && typeof s === 'object' && !Array.isArray(s) &&
    typeof s.frame === 'number' && Object.keys(s).length === 1;
  let missing = 0;
  const visit = (a) => {
    if (!a || typeof a !== 'object' || !isPlaceholder(a.simulation)) return;
    const f = frames.get(a.simulation.frame);
    if (f) lazyMember(a, 'simulation', f);
    else missing++;
  };
  if (result && Array.isArray(result.arrangements)) result.arrangements.forEach(visit);
  if (result) visit(result.best_arrangement);
  return missing;
}

// The platform package that carries the binary for this os/cpu (the
// esbuild convention: one small package per platform, pulled in through
// the main package's optionalDependencies; npm installs only the one
// whose os/cpu fields match).
function platformPackage(platform = process.platform, arch = process.arch) {
  return `@vibebells/vibebellsd-${platform}-${arch}`;
}

// Where the binary is, in order: an explicit binaryPath; $VIBEBELLSD_PATH;
// the packaged app (resources/backend, app.asar.unpacked/backend); the
// development staging folder of packaging/electron (<app>/resources/
// backend); the platform package; a checkout's build/.  Throws listing
// every path tried.
function findBinary(options = {}) {
  const platform = options.platform || process.platform;
  const exe = platform === 'win32' ? 'vibebellsd.exe' : 'vibebellsd';
  const env = options.env || process.env;
  const candidates = [];
  // An explicit choice is never passed over silently: if it is wrong,
  // that is the error.
  const explicit = options.binaryPath || env.VIBEBELLSD_PATH;
  if (explicit) return checkBinary([explicit], platform);
  const resourcesPath = options.resourcesPath || process.resourcesPath;
  if (resourcesPath) {
    candidates.push(path.join(resourcesPath, 'backend', exe));
    candidates.push(path.join(resourcesPath, 'app.asar.unpacked', 'backend', exe));
  }
  if (options.appPath) {
    const app = options.appPath;
    if (/app\.asar$/.test(app)) candidates.push(path.join(app.replace(/app\.asar$/, 'app.asar.unpacked'), 'backend', exe));
    else candidates.push(path.join(app, 'resources', 'backend', exe));
  }
  const pkg = platformPackage(platform, options.arch || process.arch);
  try {
    const resolve = options.resolve || require.resolve;
    const dir = path.dirname(resolve(`${pkg}/package.json`, { paths: options.resolvePaths }));
    candidates.push(path.join(dir, 'bin', exe));
  } catch (_) {
    candidates.push(`${pkg} (not installed)`);
  }
  const devRoot = options.devRoot || path.resolve(__dirname, '..', '..');
  candidates.push(path.join(devRoot, 'build', exe));
  return checkBinary(candidates, platform);
}

function checkBinary(candidates, platform) {
  const tried = [];
  for (const c of candidates) {
    tried.push(c);
    try {
      // Windows has no executable bit: existence is what can be checked.
      fs.accessSync(c, platform === 'win32' ? fs.constants.F_OK : fs.constants.X_OK);
      if (fs.statSync(c).isFile()) return c;
    } catch (_) { /* next */ }
  }
  const e = new Error(`vibebellsd not found; tried:\n  ${tried.join('\n  ')}`);
  e.code = 'ERR_VIBEBELLSD_NOT_FOUND';
  e.tried = tried;
  throw e;
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
      // The longest response line held (the simulation of a long piece
      // is tens of MB); a longer one rejects its call.
      maxResponseBytes: 256 * 1024 * 1024,
      // The daemon exits by itself once this process is gone (null: off).
      parentPid: process.pid,
      ...options,
    };
    this.child = null;
    this.ready = null;
    this.nextId = 1;
    this.pending = new Map();
    this.progress = new Map();      // progress_token -> onProgress
    this.cancelled = new Set();     // ids whose late answer is expected
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
    const args = [...(o.args || []), ...(o.parentPid ? ['--parent-pid', String(o.parentPid)] : [])];
    return new Promise((resolve, reject) => {
      const child = spawn(wrapper.length ? wrapper[0] : bin,
        [...wrapper.slice(1), ...(wrapper.length ? [bin] : []), ...args], {
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
      }), {
        maxLineBytes: o.maxResponseBytes,
        onOverflow: (head, n) => this._onOverflow(head, n),
        rawPrefix: FRAME_PREFIX,
        onRaw: (pieces, n) => this._onFrame(pieces, n),
      });
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
      // A cancel that stopped a response while it streamed leaves its
      // line cut short (the error response follows): expected, not news.
      const cut = RESPONSE_HEAD.exec(line.slice(0, 256));
      if (cut && this.cancelled.has(JSON.parse(cut[1]))) return;
      this.emit('protocolError', new Error(`malformed line from vibebellsd: ${line.slice(0, 200)}`));
      return;
    }
    if (msg && msg.method === '$/progress' && msg.id === undefined) {
      const p = msg.params;
      const fn = p && this.progress.get(p.token);
      if (fn) {
        try { fn(p.value); } catch (e) { this.emit('protocolError', e); }
      }
      return;
    }
    if (msg && msg.method === '$/simulation' && msg.id === undefined) {
      this._onParsedFrame(msg.params);
      return;
    }
    if (msg && msg.method === 'ready' && msg.id === undefined) {
      this.ready = msg.params;
      this.emit('ready', msg.params);
      onReady(msg.params);
      return;
    }
    const p = msg && this.pending.get(msg.id);
    if (!p && msg && this.cancelled.delete(msg.id)) {
      // The daemon's answer to a call we gave up: ERR_CANCELLED if it
      // stopped in time, else the result it had finished.
      this.emit('cancelled', { id: msg.id, error: msg.error, result: msg.result });
      return;
    }
    if (!p) {
      this.emit('protocolError', new Error(`response to no pending call: ${line.slice(0, 200)}`));
      return;
    }
    this._settle(msg.id);
    if (msg.error) {
      p.reject(new RpcError(msg.error));
      return;
    }
    if (p.frames && attachFrames(msg.result, p.frames) > 0) {
      this.emit('protocolError', new Error(`a result of call ${msg.id} names a simulation frame that did not come`));
    }
    p.resolve(msg.result);
  }

  // A $/simulation frame: kept, unparsed, on its call until the response
  // comes (frames come before it).  A frame of a call given up is dropped.
  _onFrame(pieces, n) {
    const m = FRAME_HEAD.exec(headText(pieces, 512));
    let end = n;
    if (byteAt(pieces, n, end - 1) === 13) end--;
    if (!m || byteAt(pieces, n, end - 1) !== 0x7d || byteAt(pieces, n, end - 2) !== 0x7d) {
      // Not the daemon's own layout: read it whole.
      this._onLine(Buffer.concat(pieces, n).toString('utf8'));
      return;
    }
    const id = JSON.parse(Buffer.from(m[1], 'latin1').toString('utf8'));
    this._keepFrame(id, Number(m[2]), new Frame(pieces, m[0].length, end - 2));
  }

  // A frame read whole (a line in another layout): its simulation as text.
  _onParsedFrame(params) {
    if (!params || typeof params.frame !== 'number') {
      this.emit('protocolError', new Error('a $/simulation frame without params.frame'));
      return;
    }
    const text = JSON.stringify(params.simulation);
    this._keepFrame(params.id, params.frame, { parse: () => JSON.parse(text) });
  }

  _keepFrame(id, k, frame) {
    const p = this.pending.get(id);
    if (!p) {
      if (!this.cancelled.has(id)) this.emit('protocolError', new Error(`a simulation frame for no pending call (${id})`));
      return;
    }
    if (!p.frames) p.frames = new Map();
    p.frames.set(k, frame);
  }

  _settle(id) {
    const p = this.pending.get(id);
    if (!p) return;
    this.pending.delete(id);
    if (p.timer) clearTimeout(p.timer);
    if (p.signal && p.onAbort) p.signal.removeEventListener('abort', p.onAbort);
    if (p.token !== undefined) this.progress.delete(p.token);
  }

  // A call given up (abort, timeout): the daemon is told, so that it
  // stops working on it and answers it with ERR_CANCELLED, which we drop.
  _cancel(id) {
    this._settle(id);
    if (!this.child) return;
    this.cancelled.add(id);
    if (this.cancelled.size > 10000) this.cancelled.delete(this.cancelled.values().next().value);
    this._write(JSON.stringify({ jsonrpc: '2.0', method: '$/cancelRequest', params: { id } }) + '\n');
  }

  // A response line over maxResponseBytes: its call (the id comes first
  // in the daemon's responses) is rejected rather than left waiting.
  _onOverflow(head, bytes) {
    const m = RESPONSE_HEAD.exec(head);
    const id = m ? JSON.parse(m[1]) : undefined;
    const p = id !== undefined && this.pending.get(id);
    const err = new ResponseTooLargeError(bytes, this.options.maxResponseBytes);
    if (p) {
      this._settle(id);
      p.reject(err);
    } else {
      this.emit('protocolError', err);
    }
  }

  _onExit(child, err) {
    if (this.child !== child) return;
    this.child = null;
    this.writeQueue = null;   /* lines for the dead daemon: their calls reject below */
    this.cancelled.clear();
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
  // onProgress(value) gets the daemon's $/progress values for this call
  // ({ kind: 'begin'|'report'|'end', message, percentage }).
  request(method, params = {}, { timeoutMs, signal, onProgress } = {}) {
    return new Promise((resolve, reject) => {
      if (!this.child || !this.ready) {
        reject(new DaemonExitedError(null, null, this.stderrTail));
        return;
      }
      if (signal && signal.aborted) { reject(new AbortError(signal.reason)); return; }
      const id = this.nextId++;
      const entry = { resolve, reject, timer: null, signal, onAbort: null, token: undefined };
      if (typeof onProgress === 'function') {
        entry.token = `p${id}`;
        this.progress.set(entry.token, onProgress);
        params = { ...params, progress_token: entry.token };
      }
      const ms = timeoutMs !== undefined ? timeoutMs : this.options.defaultTimeoutMs;
      if (ms > 0) {
        entry.timer = setTimeout(() => { this._cancel(id); reject(new TimeoutError(method, ms)); }, ms);
      }
      if (signal) {
        entry.onAbort = () => { this._cancel(id); reject(new AbortError(signal.reason)); };
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
  // arrange() asks for the simulations as frames (simulation_frames):
  // each travels apart and is parsed when the app first reads it, so the
  // result is in hand at about the daemon's own time.  The result reads
  // the same as a plain call's.  lazySimulation: false, or
  // simulation_frames given in params, sends params as they are; the
  // plain call is request('arrange', params).
  arrange(params = {}, opts = {}) {
    const lazy = opts.lazySimulation !== false && params.simulation_frames === undefined;
    return this.request('arrange', lazy ? { ...params, simulation_frames: true } : params, opts);
  }
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

// generateArrangements() and exportCsv(): upstream's HTTP calls.
require('./upstream.js').install(VibebellsClient, RpcError);

module.exports = {
  VibebellsClient,
  start: (options) => VibebellsClient.start(options),
  findBinary,
  RpcError,
  DaemonExitedError,
  TimeoutError,
  AbortError,
  ResponseTooLargeError,
  LineSplitter,
  platformPackage,
  UPSTREAM_STRATEGIES: require('./upstream.js').UPSTREAM_STRATEGIES,
};
