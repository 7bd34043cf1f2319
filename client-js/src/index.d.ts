import { EventEmitter } from 'node:events';

export interface StartOptions {
  binaryPath?: string;
  args?: string[];
  env?: NodeJS.ProcessEnv;
  readyTimeoutMs?: number;
  defaultTimeoutMs?: number;
  restart?: boolean;
  maxRestarts?: number;
  closeGraceMs?: number;
  /** A command prefix, e.g. ['valgrind', '-q'] (tests). */
  wrapper?: string[];
}

export interface CallOptions {
  timeoutMs?: number;
  signal?: AbortSignal;
}

export interface ReadyParams {
  name: string;
  version: string;
  protocol_version: string;
  pid: number;
  methods: string[];
  input_formats: string[];
  export_formats: string[];
  limits: Record<string, number>;
}

export class VibebellsClient extends EventEmitter {
  constructor(options?: StartOptions);
  static start(options?: StartOptions): Promise<VibebellsClient>;
  start(): Promise<ReadyParams>;
  readonly ready: ReadyParams | null;
  readonly pid: number | undefined;
  request<T = unknown>(method: string, params?: object, options?: CallOptions): Promise<T>;
  ping(options?: CallOptions): Promise<{ status: string; version: string; uptime_ms: number }>;
  upload(params: object, options?: CallOptions): Promise<any>;
  arrange(params: object, options?: CallOptions): Promise<any>;
  export(params: object, options?: CallOptions): Promise<any>;
  closeScore(scoreId: string, options?: CallOptions): Promise<{ closed: boolean }>;
  close(): Promise<void>;
}

export function start(options?: StartOptions): Promise<VibebellsClient>;
export function findBinary(options?: { resourcesPath?: string; appPath?: string; devRoot?: string; platform?: string }): string;

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
export class LineSplitter {
  constructor(onLine: (line: string) => void);
  push(chunk: Buffer): void;
}
