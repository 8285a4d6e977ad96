/**
 * Worker side of parseTraceFileInWorker: gunzips and parses the trace, posting each batch
 * (its arrays transferred) to the parent, at most CREDITS batches ahead of it.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { TraceFormatError } from './format.js';
import { parseTraceFile, type TraceBatch } from './parse.js';

const { path, batchSize, credits } = workerData as { path: string; batchSize: number; credits: SharedArrayBuffer };
const credit = new Int32Array(credits);
const port = parentPort!;

function post(b: TraceBatch): void {
  // Wait until the parent has room for another batch.
  while (Atomics.load(credit, 0) <= 0) Atomics.wait(credit, 0, 0);
  Atomics.sub(credit, 0, 1);
  const n = b.size;
  const op = b.op.slice(0, n), a = b.a.slice(0, n), bb = b.b.slice(0, n), nn = b.n.slice(0, n), line = b.line.slice(0, n);
  port.postMessage({ type: 'batch', size: n, op, a, b: bb, n: nn, line, labels: [...b.labels] }, [op.buffer, a.buffer, bb.buffer, nn.buffer, line.buffer]);
}

parseTraceFile(path, {
  batchSize,
  onBatch: post,
  onProgress: (p) => port.postMessage({ type: 'progress', ...p }),
}).then(
  (header) => port.postMessage({ type: 'done', header }),
  (e: unknown) => {
    if (e instanceof TraceFormatError) port.postMessage({ type: 'error', formatError: true, line: e.line, reason: e.reason });
    else port.postMessage({ type: 'error', formatError: false, message: String((e as Error)?.message ?? e), code: (e as NodeJS.ErrnoException)?.code, path: (e as NodeJS.ErrnoException)?.path });
  },
);
