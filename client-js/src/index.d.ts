// The client's API.  Params and results are the protocol's own types,
// generated from protocol/schemas/ into protocol.d.ts (scripts/gen-types.js).
import { EventEmitter } from 'node:events';
import type {
  ArrangeParams, ArrangeResult, ExportParams, ExportResult, PingResult, ReadyParams,
  ScoreCloseResult, UploadParams, UploadResult,
} from './protocol';

export * from './protocol';

export interface StartOptions {
  /** Default: findBinary(). */
  binaryPath?: string;
  args?: string[];
  env?: NodeJS.ProcessEnv;
  readyTimeoutMs?: number;
  defaultTimeoutMs?: number;
  restart?: boolean;
  maxRestarts?: number;
  closeGraceMs?: number;
  /** The daemon exits once this process is gone (default process.pid; null: off). */
  parentPid?: number | null;
  /** A longer response line is dropped and its call rejects (default 256 MiB). */
  maxResponseBytes?: number;
  /** A command prefix, e.g. ['valgrind', '-q'] (tests). */
  wrapper?: string[];
}

/** LSP's work-done progress value, as the daemon sends it in $/progress. */
export interface ProgressValue {
  kind: 'begin' | 'report' | 'end';
  /** begin: the method. */
  title?: string;
  message?: string;
  percentage?: number;
}

export interface CallOptions {
  /** Rejects with TimeoutError and sends $/cancelRequest. */
  timeoutMs?: number;
  /** Rejects with AbortError and sends $/cancelRequest. */
  signal?: AbortSignal;
  /** Adds a progress_token to the params and gets the call's progress. */
  onProgress?: (value: ProgressValue) => void;
}

export interface FindBinaryOptions {
  binaryPath?: string;
  resourcesPath?: string;
  /** Electron's app.getAppPath(). */
  appPath?: string;
  devRoot?: string;
  platform?: string;
  arch?: string;
  env?: NodeJS.ProcessEnv;
}

/** Upstream's error body. */
export interface UpstreamRefusal {
  success: false;
  error: string;
  code: string;
}

export interface GenerateArrangementsArgs {
  /** The file's bytes, or base64 text. */
  content?: string | Buffer | Uint8Array | ArrayBuffer;
  /** A file the main process chose. */
  path?: string;
  filename?: string;
  /** An array, or upstream's JSON text of one. */
  players?: ArrangeParams['players'] | string;
  /** Default: upstream's five. */
  strategies?: ArrangeParams['strategies'];
  /** More arrange params. */
  options?: Partial<ArrangeParams>;
}

/** The body upstream's POST /api/export-csv posted. */
export interface ExportCsvBody {
  arrangement?: ExportParams['arrangement'];
  players?: ExportParams['players'];
  filename?: string;
  strategy?: string | null;
  swaps?: ExportParams['swaps'];
}

export interface ExportCsvAnswer {
  success: true;
  content: string;
  /** upstream's download_name */
  filename: string;
  mime_type: string;
  bytes: number;
}

export class VibebellsClient extends EventEmitter {
  constructor(options?: StartOptions);
  static start(options?: StartOptions): Promise<VibebellsClient>;
  start(): Promise<ReadyParams>;
  readonly ready: ReadyParams | null;
  readonly pid: number | undefined;
  request<T = unknown>(method: string, params?: object, options?: CallOptions): Promise<T>;
  ping(options?: CallOptions): Promise<PingResult>;
  upload(params: UploadParams, options?: CallOptions): Promise<UploadResult>;
  /**
   * Asks for the simulations as $/simulation frames (simulation_frames)
   * and parses each on first read; the result reads as the plain call's.
   * lazySimulation: false (or simulation_frames in params) sends params
   * as they are.
   */
  arrange(params: ArrangeParams, options?: CallOptions & { lazySimulation?: boolean }): Promise<ArrangeResult>;
  export(params: ExportParams, options?: CallOptions): Promise<ExportResult>;
  closeScore(scoreId: string, options?: CallOptions): Promise<ScoreCloseResult>;
  /** POST /api/generate-arrangements: upstream's body, or its refusal. */
  generateArrangements(args: GenerateArrangementsArgs, options?: CallOptions): Promise<ArrangeResult | UpstreamRefusal>;
  /** POST /api/export-csv: the CSV and upstream's download name, or upstream's refusal. */
  exportCsv(body: ExportCsvBody, options?: CallOptions & { bom?: boolean }): Promise<ExportCsvAnswer | UpstreamRefusal>;
  close(): Promise<void>;

  on(event: 'ready' | 'restart', listener: (params: ReadyParams) => void): this;
  on(event: 'exit', listener: (info: { exitCode: number | null; signal: string | null; stderrTail: string }) => void): this;
  on(event: 'stderr', listener: (text: string) => void): this;
  on(event: 'cancelled', listener: (answer: { id: number; error?: { code: number; message: string; data?: { code?: string } }; result?: unknown }) => void): this;
  on(event: 'protocolError' | 'restartFailed', listener: (error: Error) => void): this;
  on(event: string | symbol, listener: (...args: any[]) => void): this;
}

export function start(options?: StartOptions): Promise<VibebellsClient>;
export function findBinary(options?: FindBinaryOptions): string;
export function platformPackage(platform?: string, arch?: string): string;
export const UPSTREAM_STRATEGIES: string[];

export class RpcError extends Error {
  code: number;
  data?: { code?: string; field?: string };
  dataCode?: string;
}
export class DaemonExitedError extends Error {
  exitCode: number | null;
  signal: string | null;
  stderrTail: string;
}
export class TimeoutError extends Error { timeoutMs: number; }
export class AbortError extends Error {}
export class ResponseTooLargeError extends Error { bytes: number; limit: number; }
export class LineSplitter {
  constructor(onLine: (line: string) => void,
    options?: {
      maxLineBytes?: number;
      onOverflow?: (head: string, bytes: number) => void;
      /** A line starting with these bytes goes to onRaw, unjoined and undecoded. */
      rawPrefix?: Buffer;
      onRaw?: (pieces: Buffer[], bytes: number) => void;
    });
  push(chunk: Buffer): void;
}
