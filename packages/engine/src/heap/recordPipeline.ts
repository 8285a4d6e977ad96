/**
 * Writing a heap log, and its index, while the program runs: the recording thread only
 * encodes frames; compressing and writing them, and folding them into the index, happen
 * on two other threads at the same time.
 *
 *   thread      does                                                     receives
 *   recorder    runs the program, encodes each frame of 8192 records     -
 *   writer      deflates and appends log frames and index sections        frames (recorder), sections (indexer)
 *   indexer     decodes each frame, folds it into a HeapIndexBuilder      frames (writer, once written)
 *
 * Frames are handed over, not copied (their buffers are transferred). The recorder waits
 * when it is more than MAX_PENDING_FRAMES ahead of the indexer, so memory stays bounded.
 * `close()` and `abort()` are synchronous (Atomics.wait on a shared control word), as the
 * recorder's own LogWriter is: the recorder's callers do not change.
 *
 *   control slot   meaning
 *   STATE          RUNNING, then DONE (close finished) or FAILED (a thread reported an error)
 *   PENDING        frames handed to the writer and not yet indexed (or written, without index)
 *   INDEXED        records folded into the index so far (progress)
 *   READY          1 once the writer has created the log (or 2 if it could not)
 *
 * The index built this way is byte for byte the index `HeapTimeline.open` builds from the
 * finished log (the same builder, fed the same frames in the same order).
 *
 * Ending the threads safely (Node 20). A thread torn down while V8 still runs an
 * optimizing compilation for it on a background thread can abort the whole process (an
 * assertion in NodePlatform::ForIsolate) or hang it (the thread waits for the job, the job
 * for a garbage collection only that thread can run: nodejs/node#54918); both were seen
 * on runs stopped early (a full disk) on a busy machine. So the threads are made without
 * background compilation (`--no-concurrent-recompilation`, set before they start; V8 reads
 * it when a thread's isolate is made, so threads made earlier keep theirs), they are
 * stopped by asking (a 'stop' message: each closes its ports and its event loop runs
 * dry) rather than by `terminate()`, and `pipelineThreadsStopped()` resolves once every
 * thread started here has ended: a caller that exits the process afterwards (the CLI's
 * program thread) waits for it first.
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { setFlagsFromString } from 'node:v8';
import { MessageChannel, receiveMessageOnPort, Worker, type MessagePort } from 'node:worker_threads';
import { LogWriteError, type LogHeader } from '@pymm/eventlog';

export const STATE = 0;
export const PENDING = 1;
export const INDEXED = 2;
export const READY = 3;
export const RUNNING = 0;
export const DONE = 1;
export const FAILED = 2;
/** Frames (of about 0.5 MB each) the recorder may run ahead of the indexer. */
const MAX_PENDING_FRAMES = 96;
/** How long abort() waits for the writer to remove its files (in waits of 50 ms: 10 s). */
const ABORT_WAITS = 200;
/** A thread that has not ended this long after being asked to stop is terminated. */
const STOP_GRACE_MS = 10_000;

/** The threads started here that have not ended yet, and their ends (their exit codes). */
const running = new Map<Worker, Promise<number>>();

/**
 * Resolves once every writer and indexer thread started so far has ended, with the exit
 * code of each it waited for (0: it ended by itself; 1: it had to be terminated). The
 * threads are unref'd while they work (they never keep a process alive); waiting refs
 * them, so the event loop waits with the caller.
 */
export async function pipelineThreadsStopped(): Promise<number[]> {
  const codes: number[] = [];
  while (running.size > 0) {
    for (const w of running.keys()) w.ref();
    codes.push(...await Promise.all([...running.values()]));
  }
  return codes;
}

/** Tracks `w` until it ends (its 'exit' event). */
function track(w: Worker): void {
  running.set(w, new Promise<number>((resolve) => w.once('exit', (code) => { running.delete(w); resolve(code); })));
}

export interface PipelineOptions {
  readonly path: string;
  readonly header: LogHeader;
  readonly overwrite: boolean;
  readonly compressLevel: number;
  /** Where to write the index (null: the log only). */
  readonly indexPath: string | null;
  readonly profile: string;
}

/** What the writer thread is told at start (workerData). */
export interface WriterData extends PipelineOptions {
  readonly pymmRecordRole: 'writer';
  readonly control: SharedArrayBuffer;
  readonly reply: MessagePort;
  readonly indexer: MessagePort | null;
}

export interface IndexerData {
  readonly pymmRecordRole: 'indexer';
  readonly control: SharedArrayBuffer;
  readonly profile: string;
  readonly logPath: string;
  readonly writer: MessagePort;
}

export interface PipelineResult {
  readonly records: number;
  readonly bytes: number;
  readonly frames: number;
  /** Whether the index was written beside the log. */
  readonly indexed: boolean;
}

/** A thread's error, as sent to the recorder. */
export interface SentError {
  readonly name: string;
  readonly message: string;
  readonly code?: string;
  readonly path?: string;
}

/** `bytes` with a buffer of its own (copied when it is a view into a larger one), to transfer to another thread. */
export function transferable(bytes: Uint8Array): Uint8Array {
  return bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength ? bytes : bytes.slice();
}

export function sendableError(e: unknown): SentError {
  const err = e as NodeJS.ErrnoException;
  return {
    name: err?.name ?? 'Error', message: err?.message ?? String(e),
    ...(typeof err?.code === 'string' ? { code: err.code } : {}), ...(typeof err?.path === 'string' ? { path: err.path } : {}),
  };
}

function revive(e: SentError): Error {
  if (e.name === 'LogWriteError' && e.code !== undefined) return new LogWriteError(e.code as never, e.message);
  return Object.assign(new Error(e.message), { name: e.name, ...(e.code !== undefined ? { code: e.code } : {}), ...(e.path !== undefined ? { path: e.path } : {}) });
}

/** The compiled worker script: beside this file when it is compiled, else the package's build. */
function scriptUrl(): URL | null {
  const self = new URL(import.meta.url);
  const url = self.pathname.endsWith('.js') ? new URL('./recordWorker.js', self) : new URL('../../dist/heap/recordWorker.js', self);
  return url.protocol === 'file:' && existsSync(fileURLToPath(url)) ? url : null;
}

export class RecordPipeline {
  private readonly control: Int32Array;
  private state: 'open' | 'closed' | 'failed' = 'open';
  private records = 0;

  private constructor(
    private readonly writer: Worker,
    private readonly indexer: Worker | null,
    private readonly reply: MessagePort,
    control: SharedArrayBuffer,
  ) {
    this.control = new Int32Array(control);
  }

  /**
   * Starts the threads and waits until the log file exists (an error creating it, such as
   * an existing file without overwrite, is thrown here as the LogWriter's would be).
   * Null when the compiled worker script is not at hand (running from TypeScript sources):
   * the caller writes in its own thread.
   */
  static start(o: PipelineOptions): RecordPipeline | null {
    const script = scriptUrl();
    if (script === null) return null;
    // for the isolates made from here on (the header says why)
    setFlagsFromString('--no-concurrent-recompilation');
    const control = new SharedArrayBuffer(16);
    const replies = new MessageChannel();
    const link = o.indexPath !== null ? new MessageChannel() : null;
    const writerData: WriterData = { ...o, pymmRecordRole: 'writer', control, reply: replies.port2, indexer: link?.port1 ?? null };
    // compiled JavaScript with plain resolution (a test runner's conditions would send it to sources)
    const writer = new Worker(script, { workerData: writerData, transferList: [replies.port2, ...(link ? [link.port1] : [])], execArgv: [] });
    let indexer: Worker | null = null;
    if (link !== null) {
      const indexerData: IndexerData = { pymmRecordRole: 'indexer', control, profile: o.profile, logPath: o.path, writer: link.port2 };
      indexer = new Worker(script, { workerData: indexerData, transferList: [link.port2], execArgv: [] });
      indexer.unref();
    }
    writer.unref();
    track(writer);
    if (indexer !== null) track(indexer);
    const p = new RecordPipeline(writer, indexer, replies.port1, control);
    const c = p.control;
    while (Atomics.load(c, READY) === 0 && Atomics.load(c, STATE) === RUNNING) Atomics.wait(c, READY, 0, 50);
    if (Atomics.load(c, READY) !== 1) {
      const e = p.takeError();
      p.stopThreads();
      throw e;
    }
    return p;
  }

  get closed(): boolean {
    return this.state !== 'open';
  }

  /** Hands a frame's payload (its buffer is transferred: the caller must not use it again) to the writer. */
  appendFrame(firstSeq: number, count: number, payload: Uint8Array): void {
    if (this.state !== 'open') throw new Error('the log pipeline is closed');
    const c = this.control;
    if (Atomics.load(c, STATE) === FAILED) this.fail();
    for (let n = Atomics.load(c, PENDING); n >= MAX_PENDING_FRAMES; n = Atomics.load(c, PENDING)) {
      Atomics.wait(c, PENDING, n, 50);
      if (Atomics.load(c, STATE) === FAILED) this.fail();
    }
    Atomics.add(c, PENDING, 1);
    const bytes = transferable(payload);
    this.writer.postMessage({ t: 'frame', firstSeq, count, payload: bytes }, [bytes.buffer as ArrayBuffer]);
    this.records += count;
  }

  /**
   * Waits for the log (and its index) to be complete on disk; `onProgress` hears of the
   * records indexed while the indexer catches up.
   */
  close(onProgress?: (indexed: number, total: number) => void): PipelineResult {
    if (this.state !== 'open') throw new Error('the log pipeline is closed');
    const c = this.control;
    this.writer.postMessage({ t: 'close' });
    while (Atomics.load(c, STATE) === RUNNING) {
      Atomics.wait(c, STATE, RUNNING, 100);
      if (this.indexer !== null) onProgress?.(Atomics.load(c, INDEXED), this.records);
    }
    if (Atomics.load(c, STATE) === FAILED) this.fail();
    const m = receiveMessageOnPort(this.reply)?.message as { t: 'closed'; result: PipelineResult } | undefined;
    this.state = 'closed';
    this.stopThreads();
    if (m?.t !== 'closed') throw new Error('the log writer thread ended without saying so');
    return m.result;
  }

  /** Gives up: the writer removes the log and any partial index, then the threads stop. */
  abort(): void {
    if (this.state !== 'open') return;
    this.state = 'failed';
    const c = this.control;
    this.writer.postMessage({ t: 'abort' });
    for (let i = 0; i < ABORT_WAITS && Atomics.load(c, STATE) === RUNNING; i++) Atomics.wait(c, STATE, RUNNING, 50);
    this.stopThreads();
  }

  private takeError(): Error {
    const m = receiveMessageOnPort(this.reply)?.message as { t: 'error'; error: SentError } | undefined;
    return m?.t === 'error' ? revive(m.error) : new Error('the log writer thread stopped without saying why');
  }

  /** A thread failed: everything is stopped and its error thrown (the writer removed the files). */
  private fail(): never {
    const e = this.takeError();
    this.state = 'failed';
    this.stopThreads();
    throw e;
  }

  /** Asks both threads to end (they close their ports); one still running after STOP_GRACE_MS is terminated. */
  private stopThreads(): void {
    for (const w of [this.writer, this.indexer]) {
      if (w === null) continue;
      w.postMessage({ t: 'stop' });
      const t = setTimeout(() => void w.terminate(), STOP_GRACE_MS);
      t.unref();
      w.once('exit', () => clearTimeout(t));
    }
    this.reply.close();
  }
}
