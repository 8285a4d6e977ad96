/**
 * parseTraceFile on a worker thread: gunzip and parsing leave the calling thread, which
 * only consumes batches (log building uses it: the replay and the encoding keep the main
 * thread busy). Falls back to parsing in this thread where the compiled worker script is
 * not at hand (running from TypeScript sources, as the tests do).
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { TraceFormatError, type TraceHeader } from './format.js';
import { parseTraceFile, type ParseOptions, type TraceBatch } from './parse.js';

/** Batches the worker may run ahead of the consumer. */
const CREDITS = 4;

export function parseTraceFileInWorker(path: string, opts: ParseOptions): Promise<TraceHeader> {
  const script = new URL('./parseWorker.js', import.meta.url);
  if (script.protocol !== 'file:' || !existsSync(fileURLToPath(script))) return parseTraceFile(path, opts);
  const credits = new SharedArrayBuffer(4);
  const credit = new Int32Array(credits);
  Atomics.store(credit, 0, CREDITS);
  const worker = new Worker(script, { workerData: { path, batchSize: opts.batchSize ?? 1 << 16, credits } });
  return new Promise<TraceHeader>((resolve, reject) => {
    let settled = false;
    const finish = (f: () => void): void => {
      if (settled) return;
      settled = true;
      void worker.terminate();
      f();
    };
    worker.on('message', (m: Record<string, unknown>) => {
      if (settled) return;
      try {
        if (m.type === 'batch') {
          const batch: TraceBatch = {
            size: m.size as number, op: m.op as Uint8Array, a: m.a as Float64Array, b: m.b as Float64Array,
            n: m.n as Float64Array, line: m.line as Uint32Array, labels: new Map(m.labels as [number, string][]),
          };
          opts.onBatch(batch);
          Atomics.add(credit, 0, 1);
          Atomics.notify(credit, 0);
        } else if (m.type === 'progress') {
          opts.onProgress?.(m as never);
        } else if (m.type === 'done') {
          opts.onHeader?.(m.header as TraceHeader);
          finish(() => resolve(m.header as TraceHeader));
        } else if (m.type === 'error') {
          const e = m.formatError
            ? new TraceFormatError(m.line as number, m.reason as string)
            : Object.assign(new Error(m.message as string), { code: m.code, path: m.path });
          finish(() => reject(e));
        }
      } catch (e) {
        finish(() => reject(e));
      }
    });
    worker.on('error', (e) => finish(() => reject(e)));
    worker.on('exit', (code) => finish(() => reject(new Error(`the trace parser thread exited (${code}) before the end of the trace`))));
  });
}
