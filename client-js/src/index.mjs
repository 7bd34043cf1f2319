// ESM entry: the same objects as the CommonJS build.
import cjs from './index.js';

export const {
  VibebellsClient, start, findBinary, platformPackage, RpcError, DaemonExitedError,
  TimeoutError, AbortError, ResponseTooLargeError, LineSplitter, UPSTREAM_STRATEGIES,
} = cjs;
export default cjs;
