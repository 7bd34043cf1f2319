// ESM entry: the same objects as the CommonJS build.
import cjs from './index.js';

export const {
  VibebellsClient, start, findBinary, RpcError, DaemonExitedError,
  TimeoutError, AbortError, LineSplitter,
} = cjs;
export default cjs;
