'use strict';
// A drop-in for the old HTTP calls of upstream's front end (the Flask
// server on port 5000).  Each returns exactly the JSON body upstream's
// route sent - {success: true, ...} or, for the errors upstream reported
// that way, {success: false, error, code} - so the front end's switch is
// one function per call:
//
//   fetch('http://localhost:5000/api/generate-arrangements', {method: 'POST', body: formData})
//     -> client.generateArrangements({ content, filename, players })
//   fetch('http://localhost:5000/api/export-csv', {method: 'POST', body: JSON.stringify(body)})
//     -> client.exportCsv(body)        (the CSV text instead of a download)
//
// What upstream answered with a network failure (the server gone) still
// throws here (the daemon gone: DaemonExitedError), as fetch() rejected.

// Upstream's five: with exactly these the daemon's arrange result is
// upstream's response, field for field.
const UPSTREAM_STRATEGIES = ['experienced_first', 'balanced', 'min_transitions', 'fatigue_snake', 'activity_snake'];

const refused = (error, code) => ({ success: false, error, code });

// An RpcError becomes upstream's error body; anything else is thrown.
function asBody(e, RpcError) {
  if (e instanceof RpcError && e.dataCode) return refused(e.message, e.dataCode);
  throw e;
}

function toBase64(content) {
  if (typeof content === 'string') return content;
  if (Buffer.isBuffer(content)) return content.toString('base64');
  if (content instanceof ArrayBuffer) return Buffer.from(content).toString('base64');
  if (ArrayBuffer.isView(content)) return Buffer.from(content.buffer, content.byteOffset, content.byteLength).toString('base64');
  return undefined;
}

function install(VibebellsClient, RpcError) {
  // upload + arrange in one call, as POST /api/generate-arrangements:
  // the song as `content` (base64 string, Buffer, Uint8Array or
  // ArrayBuffer: the form's file bytes) with its `filename`, or a `path`
  // the main process chose; `players` an array or upstream's JSON text.
  // `strategies` (default upstream's five) and `options` (more arrange
  // params) are ours.
  VibebellsClient.prototype.generateArrangements = async function generateArrangements(
    { content, path, filename, players, strategies = UPSTREAM_STRATEGIES, options = {} } = {}, callOptions) {
    // The route's own checks, in its order, with its messages.
    if (content === undefined && path === undefined) return refused('No file provided', 'ERR_NO_FILE');
    if (content !== undefined && !filename) return refused('No file selected', 'ERR_NO_FILE_SELECTED');
    if (players === undefined) return refused('No player configuration provided', 'ERR_NO_PLAYERS');
    if (typeof players === 'string') {
      try {
        players = JSON.parse(players);
      } catch (e) {
        return refused('Invalid player configuration JSON', 'ERR_INVALID_JSON');
      }
    }
    const params = { ...options, players, strategies };
    if (content !== undefined) {
      params.content = toBase64(content);
      params.filename = filename;
      if (params.content === undefined) return refused('No file provided', 'ERR_NO_FILE');
    } else {
      params.path = path;
      if (filename) params.filename = filename;
    }
    try {
      return await this.arrange(params, callOptions);
    } catch (e) {
      return asBody(e, RpcError);
    }
  };

  // POST /api/export-csv: body is the JSON upstream's page posted
  // ({arrangement, players, filename, strategy, swaps}).  Only those keys
  // are passed on (never a `path`: this is safe to call with a body from
  // a renderer).  Upstream sent the file; here the answer is
  // {success: true, content (the CSV text), filename (upstream's
  // download_name), mime_type, bytes}.  On Windows the sheet starts with
  // a UTF-8 byte-order mark, so that Excel reads it as UTF-8 (`bom`
  // decides elsewhere too).
  VibebellsClient.prototype.exportCsv = async function exportCsv(body,
    { bom = process.platform === 'win32', ...callOptions } = {}) {
    // Upstream: `if not data` (no body, {} and the like) before anything.
    if (!body || typeof body !== 'object' || Object.keys(body).length === 0) {
      return refused('No arrangement data provided', 'ERR_NO_DATA');
    }
    const params = { format: 'csv' };
    for (const k of ['arrangement', 'players', 'filename', 'strategy', 'swaps']) {
      if (body[k] !== undefined) params[k] = body[k];
    }
    if (bom) params.bom = true;
    try {
      const r = await this.export(params, callOptions);
      return { success: true, content: r.content, filename: r.suggested_filename, mime_type: r.mime_type, bytes: r.bytes };
    } catch (e) {
      return asBody(e, RpcError);
    }
  };
}

module.exports = { install, UPSTREAM_STRATEGIES };
