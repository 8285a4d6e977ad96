/**
 * Runs a pylite program in a worker thread (node:worker_threads), for `pymm run` and
 * `pymm serve`. Two reasons, one mechanism:
 *
 * - **Stack.** A worker's stack is set when it starts (`resourceLimits.stackSizeMb`):
 *   with 256 MB a program has room for CPython's recursion limit of 1000 Python frames
 *   (on the main thread's stack pylite ran out near 245).
 * - **The thread that started it stays free.** It sees signals (Ctrl-C), answers HTTP
 *   requests, and can interrupt the program or end the worker.
 *
 * Output reaches the parent in order (stdout and stderr in one stream of messages): the
 * worker batches the program's writes and posts them when 64 KB are pending, when the
 * parent asks (a flush bit it sets every 50 ms, read at each statement: output shows while
 * a long program runs), at once for the first write after 20 ms without one, and before
 * the run ends. (Writes made within 20 ms before one long builtin call are held until
 * the next statement: lost if the worker is then ended.) With `trackRecords`, each write carries
 * the number of log records written before it (`pymm serve` shows the output up to a
 * position).
 *
 * Interrupts go through a SharedArrayBuffer (one Int32 of flag bits) that the parent sets
 * with Atomics while the worker runs: pylite polls `interrupted()` before each statement
 * and raises KeyboardInterrupt there, so the program prints its traceback, exits 130 and
 * the log is closed properly (a valid log of what ran). A limit on records sets the same
 * flag from inside the worker; a time limit from the parent. `terminate()` ends the worker
 * at once (a program inside one long builtin call never reaches a statement): the log is
 * then left incomplete.
 *
 * This file is both the parent's API (`startProgram`) and the worker's entry: the worker
 * loads the compiled file (dist/programWorker.js; from the TypeScript sources under test,
 * the built one beside them, so `npx tsc -b` first, as the CLI's tests need anyway).
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';

/** The flag bits the parent and the worker share. */
const INTERRUPT = 1, TIME_LIMIT = 2, RECORD_LIMIT = 4, STOP_BITS = INTERRUPT | TIME_LIMIT | RECORD_LIMIT, FLUSH = 8;
/** Pending output (UTF-16 units) that makes the worker post it at once. */
const BATCH_CHARS = 64 * 1024;
/** How often the parent asks the worker to post what it holds. */
const FLUSH_MS = 50;
/** A write this long after the last post is posted at once. */
const QUIET_MS = 20;
export const DEFAULT_STACK_MB = 256;

export type OutputStream = 'stdout' | 'stderr';
export type StopReason = 'interrupt' | 'time-limit' | 'record-limit' | 'terminated' | 'out-of-memory';

export interface ProgramOptions {
  readonly source: string;
  readonly filename: string;
  /** Record a heap log here (pylite's runSource logPath). */
  readonly logPath?: string;
  readonly profile?: string;
  /** With logPath: build the log's index (LOG.idx) in the worker once the program ends. */
  readonly index?: boolean;
  /** Each write of the program, in order; `records`: log records written before it (0 without trackRecords). */
  readonly onOutput?: (stream: OutputStream, text: string, records: number) => void;
  /** The program has ended (its log, if any, is complete; the worker may go on to index it). */
  readonly onRan?: () => void;
  /** Indexing progress (records done of total). */
  readonly onIndexProgress?: (done: number, total: number) => void;
  /** With logPath: tag each write with the records written so far (costs a call per record). */
  readonly trackRecords?: boolean;
  /** With logPath: interrupt the program at its next statement once the log holds this many records. */
  readonly maxRecords?: number;
  /** pylite's --max-memory: a larger request raises MemoryError. */
  readonly maxMemoryBytes?: number;
  /** Interrupt the program at its next statement after this long (ms)... */
  readonly timeLimitMs?: number;
  /** ...and end the worker if it has not ended this long after an interrupt (ms; default: never). */
  readonly graceMs?: number;
  /** The worker's stack (default 256 MB). */
  readonly stackSizeMb?: number;
  /** The worker's JavaScript heap limit (default: Node's). */
  readonly maxHeapMb?: number;
}

export interface ProgramResult {
  /** The program's exit status (0, 1 after a traceback, 2 outside the subset, 130 interrupted); 130 when the worker was ended, 2 out of memory. */
  readonly exitCode: number;
  readonly log?: { readonly records: number; readonly bytes: number };
  /** An error that was not the program's (runSource's internalError): its name and message. */
  readonly internalError?: { readonly name: string; readonly message: string };
  /** Why the program stopped before its end, if it did. 'terminated' and 'out-of-memory' leave no complete log. */
  readonly stoppedBy: StopReason | null;
  /** Whether the worker wrote the log's index. */
  readonly indexed: boolean;
  /** Milliseconds from the start until the worker began running the program (its start-up). */
  readonly startupMs: number;
}

export interface ProgramRun {
  readonly done: Promise<ProgramResult>;
  /** Ctrl-C: the program raises KeyboardInterrupt at its next statement (and after graceMs the worker ends). */
  interrupt(): void;
  /** Ends the worker at once; `done` resolves with stoppedBy 'terminated'. */
  terminate(): Promise<void>;
}

/** A failure of the worker itself (not of the program), with the fields reportError reads. */
export class WorkerFailure extends Error {
  override readonly name = 'WorkerFailure';
  constructor(message: string, readonly code?: string, readonly path?: string) { super(message); }
}

interface WorkerInput {
  readonly pymmProgram: true;
  readonly source: string;
  readonly filename: string;
  readonly logPath: string | null;
  readonly profile: string | null;
  readonly index: boolean;
  readonly trackRecords: boolean;
  readonly maxRecords: number;
  readonly maxMemoryBytes: number | null;
  readonly flags: SharedArrayBuffer;
}

type FromWorker =
  | { t: 'started' }
  | { t: 'ran' }
  | { t: 'out'; s: number[]; x: string[]; r: number[] }
  | { t: 'progress'; done: number; total: number }
  | { t: 'done'; exitCode: number; log?: { records: number; bytes: number }; internalError?: { name: string; message: string }; stopBits: number; indexed: boolean }
  | { t: 'fail'; message: string; code?: string; path?: string };

/** The compiled worker file: this one when it is the compiled one, else the build's. */
function workerUrl(): URL {
  const self = new URL(import.meta.url);
  if (self.pathname.endsWith('.js')) return self;
  const built = new URL('../dist/programWorker.js', import.meta.url);
  if (!existsSync(fileURLToPath(built))) throw new WorkerFailure('the CLI is not built (dist/programWorker.js is missing): run `npx tsc -b` first');
  return built;
}

/**
 * The parent's Node options without export conditions: the worker is compiled JavaScript
 * and loads the packages' compiled files (a test runner's `--conditions source` would send
 * it to their TypeScript sources).
 */
function compiledExecArgv(): string[] {
  const out: string[] = [];
  const a = process.execArgv;
  for (let i = 0; i < a.length; i++) {
    if (a[i] === '--conditions' || a[i] === '-C') { i++; continue; }
    if (a[i]!.startsWith('--conditions=') || /^-C./.test(a[i]!)) continue;
    out.push(a[i]!);
  }
  return out;
}

function stopReason(bits: number): StopReason | null {
  return bits & INTERRUPT ? 'interrupt' : bits & TIME_LIMIT ? 'time-limit' : bits & RECORD_LIMIT ? 'record-limit' : null;
}

/** Starts a program in a worker thread. */
export function startProgram(o: ProgramOptions): ProgramRun {
  const t0 = performance.now();
  const flags = new Int32Array(new SharedArrayBuffer(4));
  const input: WorkerInput = {
    pymmProgram: true, source: o.source, filename: o.filename, logPath: o.logPath ?? null, profile: o.profile ?? null,
    index: o.index === true && o.logPath !== undefined, trackRecords: o.trackRecords === true, maxRecords: o.maxRecords ?? 0, maxMemoryBytes: o.maxMemoryBytes ?? null, flags: flags.buffer as SharedArrayBuffer,
  };
  const worker = new Worker(workerUrl(), {
    workerData: input,
    execArgv: compiledExecArgv(),
    resourceLimits: { stackSizeMb: o.stackSizeMb ?? DEFAULT_STACK_MB, ...(o.maxHeapMb !== undefined ? { maxOldGenerationSizeMb: o.maxHeapMb } : {}) },
  });
  const timers: NodeJS.Timeout[] = [];
  const later = (ms: number, f: () => void) => { const t = setTimeout(f, ms); t.unref(); timers.push(t); };
  let ended = false;
  // the program has returned (the worker may still be indexing its log): no interrupt or grace applies
  let ran = false;
  const graceful = (bit: number) => {
    if (ended || ran) return;
    Atomics.or(flags, 0, bit);
    if (o.graceMs !== undefined) later(o.graceMs, () => { if (!ended && !ran) void worker.terminate(); });
  };
  const ticker = setInterval(() => Atomics.or(flags, 0, FLUSH), FLUSH_MS);
  ticker.unref();
  if (o.timeLimitMs !== undefined && o.timeLimitMs > 0) later(o.timeLimitMs, () => graceful(TIME_LIMIT));
  let startupMs = -1;
  const done = new Promise<ProgramResult>((resolve, reject) => {
    let result: ProgramResult | null = null;
    let failure: Error | null = null;
    worker.on('message', (m: FromWorker) => {
      switch (m.t) {
        case 'started': startupMs = performance.now() - t0; break;
        case 'ran': ran = true; o.onRan?.(); break;
        case 'out':
          for (let i = 0; i < m.s.length; i++) o.onOutput?.(m.s[i] === 1 ? 'stderr' : 'stdout', m.x[i]!, m.r[i]!);
          break;
        case 'progress': o.onIndexProgress?.(m.done, m.total); break;
        case 'done':
          result = {
            exitCode: m.exitCode, stoppedBy: stopReason(m.stopBits), indexed: m.indexed, startupMs,
            ...(m.log ? { log: m.log } : {}), ...(m.internalError ? { internalError: m.internalError } : {}),
          };
          break;
        case 'fail': failure = new WorkerFailure(m.message, m.code, m.path); break;
      }
    });
    worker.on('error', (e: Error & { code?: string }) => {
      failure = e.code === 'ERR_WORKER_OUT_OF_MEMORY' ? null : e;
      if (e.code === 'ERR_WORKER_OUT_OF_MEMORY') result = { exitCode: 2, stoppedBy: 'out-of-memory', indexed: false, startupMs };
    });
    worker.on('exit', () => {
      ended = true;
      clearInterval(ticker);
      for (const t of timers) clearTimeout(t);
      // a worker ended before its log (and index) were complete (Stop after the grace, a
      // second Ctrl-C, out of memory) leaves their temporary files (both are written under
      // a temporary name, on threads the worker's end stopped too): removed
      const settle = (): void => {
        if (result !== null) resolve(result);
        else if (failure !== null) reject(failure);
        else resolve({ exitCode: 130, stoppedBy: 'terminated', indexed: false, startupMs });
      };
      if (o.logPath !== undefined && (result?.log === undefined || (o.index === true && result.indexed !== true))) {
        import('@pymm/engine').then((e) => { e.removeTemporaries(o.logPath!); e.removeTemporaries(e.indexPathFor(o.logPath!)); })
          .catch(() => undefined).finally(settle);
      } else settle();
    });
  });
  return {
    done,
    interrupt: () => graceful(INTERRUPT),
    terminate: async () => { if (!ended) await worker.terminate(); },
  };
}

// --- the worker ---------------------------------------------------------------------------

async function workerMain(input: WorkerInput): Promise<void> {
  const port = parentPort!;
  const flags = new Int32Array(input.flags);
  const [{ runSource }, { HeapTimeline, indexPathFor, pipelineThreadsStopped }] = await Promise.all([import('@pymm/pylite'), import('@pymm/engine')]);
  port.postMessage({ t: 'started' } satisfies FromWorker);
  let streams: number[] = [], texts: string[] = [], recs: number[] = [];
  let pending = 0;
  let records = 0;
  let lastPost = 0;
  const flush = (): void => {
    if (streams.length === 0) return;
    port.postMessage({ t: 'out', s: streams, x: texts, r: recs } satisfies FromWorker);
    streams = []; texts = []; recs = [];
    pending = 0;
    lastPost = performance.now();
  };
  const writer = (stream: number) => (text: string): void => {
    const n = streams.length - 1;
    // consecutive writes to one stream at one record count are one entry
    if (n >= 0 && streams[n] === stream && recs[n] === records) texts[n] += text;
    else { streams.push(stream); texts.push(text); recs.push(records); }
    pending += text.length;
    // the first write after a quiet spell goes out at once (a program that prints, then
    // computes inside one builtin call, shows its output); writes in quick succession wait
    // for the batch, the parent's flush tick or the end
    if (pending >= BATCH_CHARS || (n < 0 && performance.now() - lastPost >= QUIET_MS)) flush();
  };
  const interrupted = (): boolean => {
    const f = Atomics.load(flags, 0);
    if (f === 0) return false;
    if (f & FLUSH) { Atomics.and(flags, 0, ~FLUSH); flush(); }
    return (f & STOP_BITS) !== 0;
  };
  const max = input.maxRecords;
  const observe = input.logPath !== null && (input.trackRecords || max > 0)
    ? (n: number) => { records = n; if (max > 0 && n >= max) Atomics.or(flags, 0, RECORD_LIMIT); }
    : undefined;
  let lastProgress = 0;
  const onIndexProgress = (done: number, total: number): void => {
    const now = performance.now();
    if (now - lastProgress >= 100) { lastProgress = now; port.postMessage({ t: 'progress', done, total } satisfies FromWorker); }
  };
  const r = runSource(input.source, {
    filename: input.filename,
    ...(input.logPath !== null ? { logPath: input.logPath } : {}),
    // the index is built on other threads while the program runs
    ...(input.logPath !== null && input.index ? { indexPath: indexPathFor(input.logPath), onIndexProgress } : {}),
    ...(input.profile !== null ? { profile: input.profile } : {}),
    ...(input.maxMemoryBytes !== null ? { maxMemoryBytes: input.maxMemoryBytes } : {}),
    stdout: writer(0), stderr: writer(1), interrupted,
    ...(observe ? { observe } : {}),
  });
  flush();
  port.postMessage({ t: 'ran' } satisfies FromWorker);
  let indexed = r.log?.indexed === true;
  if (input.index && r.log !== undefined && !indexed && input.logPath !== null) {
    // not built while it ran (no compiled worker script, or a record the index refused):
    // one folding pass now, which reports what went wrong
    HeapTimeline.open(input.logPath, { indexPath: indexPathFor(input.logPath), onProgress: onIndexProgress });
    indexed = true;
  }
  const e = r.internalError;
  // the log's writer and indexer threads end before the parent hears 'done' (and may exit)
  await pipelineThreadsStopped();
  port.postMessage({
    t: 'done', exitCode: r.exitCode, stopBits: Atomics.load(flags, 0) & STOP_BITS, indexed,
    ...(r.log ? { log: { records: r.log.records, bytes: r.log.bytes } } : {}),
    ...(e ? { internalError: { name: e.name, message: e.message } } : {}),
  } satisfies FromWorker);
}

if (!isMainThread && (workerData as WorkerInput | null)?.pymmProgram === true) {
  workerMain(workerData as WorkerInput).catch(async (e: unknown) => {
    const err = e as NodeJS.ErrnoException;
    await import('@pymm/engine').then((m) => m.pipelineThreadsStopped(), () => undefined);
    parentPort!.postMessage({ t: 'fail', message: err?.message ?? String(e), ...(err?.code ? { code: err.code } : {}), ...(err?.path ? { path: err.path } : {}) } satisfies FromWorker);
  });
}
