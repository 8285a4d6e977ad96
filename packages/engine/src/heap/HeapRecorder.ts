/**
 * Records a run of the heap and its collector as a log: each front-end action is a
 * command record, followed by the events it caused (objects, gc and the memory events
 * under them), each event naming its command as `cause`. Actions may nest (a finalizer
 * body running inside a collection): events belong to the innermost one.
 *
 *   const rec = new HeapRecorder({ profile: 'cpython-3.11' });
 *   const l = rec.run({ type: 'NewList', items: [] }, ({ heap }) => heap.list());
 *   rec.run({ line: 'l.append(l)' }, ({ heap }) => heap.listAppend(l, l));
 *   rec.write('run.pymmlog');
 */
import { ByteWriter, LogWriter, writeLog, type LogHeader } from '@pymm/eventlog';
import { createRuntime, execute, HEAP_CODEC, HeapCodec, type GcCommand, type GcEvent, type GcState, type HeapRecord, type Runtime } from '@pymm/gc';
import type { ObjectsHost, ObjectsHotSink } from '@pymm/objects';
import { RecordPipeline } from './recordPipeline.js';

export interface HeapRecorderOptions {
  readonly profile?: string;
  readonly host?: ObjectsHost | null;
  /** Written to the log header. */
  readonly source?: string;
  /**
   * Stream the log to this file as it grows (frames of 8192 records), instead of keeping
   * every record in memory: `records` then holds only the tail not yet written. Call
   * `close()` at the end. The log is written to a temporary file beside it and renamed
   * into place by close(); aborted, the temporary file goes and an existing file at the
   * path stays as it was.
   */
  readonly streamTo?: string;
  /** With streamTo: replace an existing file. */
  readonly overwrite?: boolean;
  /**
   * With streamTo: compress and write the log on another thread (recordPipeline.ts), so
   * that the recording thread only encodes (default true). Where the compiled worker
   * script is not at hand, the log is written in this thread.
   */
  readonly writerThread?: boolean;
  /**
   * With streamTo: build the log's index at this path on a third thread while the program
   * runs. `close()` says `indexed: false` where it could not be (no worker threads).
   */
  readonly indexTo?: string;
  /** Records indexed so far, while close() waits for the index. */
  readonly onIndexProgress?: (indexed: number, total: number) => void;
  /**
   * Called after each record with the number of records so far and the live state (the
   * state after that record): how a test stops a program at a seq and compares.
   */
  readonly observe?: (records: number, state: GcState) => void;
}

const FRAME_RECORDS = 8192;

/**
 * What an interpreter reports of its frames, so a log can say which variable held which
 * object: a frame pushed (its function, NULL_ID for a module or class body, and its
 * local slots), popped, and a local slot set (NULL_ID when deleted). `depth` is the frame's
 * position on the stack (1 = the module).
 */
export interface FrameTracer {
  /** `code` names the function and its local slots (the first time a function is seen, it is noted in the log as { code: func, name, names }). */
  frameEntered(depth: number, func: number, slots: readonly number[], code: { readonly name: string; readonly names: readonly string[] } | null): void;
  frameLeft(depth: number): void;
  localSet(depth: number, local: number, value: number): void;
}

export class HeapRecorder {
  readonly records: HeapRecord[] = [];
  readonly runtime: Runtime;
  readonly profile: string;
  private readonly source: string;
  private cause = -1;
  /** Records already written to `writer` (the seq of records[0]). */
  private flushed = 0;
  private readonly writer: LogWriter | null = null;
  /** Streaming through other threads: frames go here instead of `writer`. */
  private readonly pipeline: RecordPipeline | null = null;
  private readonly onIndexProgress: ((indexed: number, total: number) => void) | null;
  /** Streaming: the current frame, encoded as records arrive (no record objects are kept). */
  private readonly frame = new ByteWriter(1 << 20);
  private frameRecords = 0;
  private readonly codec = new HeapCodec();
  private readonly observe: ((records: number, state: GcState) => void) | null;

  constructor(options: HeapRecorderOptions = {}) {
    this.profile = options.profile ?? 'cpython-3.11';
    this.source = options.source ?? 'heap';
    this.observe = options.observe ?? null;
    this.onIndexProgress = options.onIndexProgress ?? null;
    // deflate level 1: heap logs are written while the program runs, so speed first
    if (options.streamTo !== undefined && (options.writerThread ?? true)) {
      this.pipeline = RecordPipeline.start({
        path: options.streamTo, header: this.header(), overwrite: options.overwrite ?? false, compressLevel: 1, indexPath: options.indexTo ?? null, profile: this.profile,
      });
    }
    // through a temporary file: a run that fails or is stopped leaves an existing log as it was
    if (options.streamTo !== undefined && this.pipeline === null) this.writer = LogWriter.create(options.streamTo, this.header(), { overwrite: options.overwrite ?? false, compressLevel: 1, viaTemporary: true });
    this.streaming = this.writer !== null || this.pipeline !== null;
    const sink = Object.assign((e: GcEvent) => this.onEvent(e), { hot: this.hot });
    this.runtime = createRuntime({ profile: this.profile, host: options.host ?? null, sink });
  }

  /** RefcountChanged and SlotSet (three records in five) encoded without event objects. */
  private readonly hot: ObjectsHotSink = {
    refcountChanged: (id, delta) => {
      if (!this.streaming || this.failure !== null || this.cause < 0) { this.onEvent({ type: 'RefcountChanged', id, delta }); return; }
      this.codec.writeRefcount(this.frame, this.flushed + this.frameRecords - this.cause, id, delta);
      if (++this.frameRecords >= FRAME_RECORDS) this.flush();
      if (this.observe !== null) this.observe(this.length, this.runtime.state);
    },
    slotSet: (id, index, value) => {
      if (!this.streaming || this.failure !== null || this.cause < 0) { this.onEvent({ type: 'SlotSet', id, index, value }); return; }
      this.codec.writeSlotSet(this.frame, this.flushed + this.frameRecords - this.cause, id, index, value);
      if (++this.frameRecords >= FRAME_RECORDS) this.flush();
      if (this.observe !== null) this.observe(this.length, this.runtime.state);
    },
  };

  /** Seq of the next record. */
  get length(): number {
    return this.flushed + (this.streaming ? this.frameRecords : this.records.length);
  }

  /** Whether records are encoded into frames as they come (streamTo) instead of kept. */
  private readonly streaming: boolean;

  /**
   * Set when writing the log failed (a full disk): the error to report. Records after it
   * are dropped, so that clean-up on the way out (finally blocks that release objects)
   * cannot hide it behind another.
   */
  failure: unknown = null;

  private onEvent(event: GcEvent): void {
    if (this.failure !== null) return;
    if (this.cause < 0) throw new Error('heap event outside a recorded command: wrap every heap call in HeapRecorder.run');
    if (!this.streaming) this.records.push({ kind: 'event', cause: this.cause, event });
    else {
      this.codec.writeEvent(this.frame, this.flushed + this.frameRecords, this.cause, event);
      if (++this.frameRecords >= FRAME_RECORDS) this.flush();
    }
    this.observe?.(this.length, this.runtime.state);
  }

  private flush(): void {
    if (this.frameRecords === 0) return;
    // finish() copies: the pipeline may take the copy's buffer to another thread
    try {
      if (this.pipeline !== null) this.pipeline.appendFrame(this.flushed, this.frameRecords, this.frame.finish());
      else this.writer!.appendFrame(this.flushed, this.frameRecords, this.frame.finish());
    } catch (e) {
      this.failure = e;
      throw e;
    }
    this.flushed += this.frameRecords;
    this.frameRecords = 0;
    this.frame.reset();
  }

  /** Streaming: writes the tail and closes the file (with indexTo, waits for the index too). */
  close(): { records: number; bytes: number; frames: number; indexed: boolean } {
    const p = this.pipeline;
    if (p !== null) {
      try {
        this.flush();
      } catch (e) {
        this.abort();
        throw e;
      }
      return p.close(this.onIndexProgress ?? undefined);
    }
    const w = this.writer;
    if (w === null) throw new Error('close() is for a streaming recorder (streamTo)');
    try {
      this.flush();
      w.close();
    } catch (e) {
      this.abort();
      throw e;
    }
    return { records: w.recordCount, bytes: w.bytesWritten, frames: w.frameCount, indexed: false };
  }

  /** Streaming: gives up, removing the partial file. */
  abort(): void {
    if (this.pipeline !== null) {
      this.pipeline.abort();
      return;
    }
    if (this.writer === null || this.writer.closed) return;
    // removes the temporary file; nothing was written at the log's path
    this.writer.abort();
  }

  /**
   * Runs `fn` as one command. If it throws before any event (an invalid command: the
   * heap validates first), its command record is dropped and nothing changed.
   */
  run<T>(command: Readonly<Record<string, unknown>>, fn: (rt: Runtime) => T): T {
    const seq = this.length;
    const at = this.frame.length;
    if (!this.streaming) this.records.push({ kind: 'command', command });
    else {
      this.codec.writeCommand(this.frame, command);
      this.frameRecords++;
    }
    const outer = this.cause;
    this.cause = seq;
    this.observe?.(this.length, this.runtime.state);
    try {
      return fn(this.runtime);
    } catch (err) {
      // a rejected command changed nothing and caused nothing: take its record back
      if (this.length === seq + 1) {
        if (!this.streaming) this.records.pop();
        else if (this.frameRecords > 0) { this.frame.truncate(at); this.frameRecords--; }
      }
      throw err;
    } finally {
      this.cause = outer;
    }
  }

  /**
   * Records what the front end did that changes no heap state (a frame entered or left, a
   * local variable set): a command record that causes nothing; events keep their cause.
   */
  note(command: Readonly<Record<string, unknown>>): void {
    if (this.failure !== null) return;
    if (!this.streaming) this.records.push({ kind: 'command', command });
    else {
      this.codec.writeCommand(this.frame, command);
      if (++this.frameRecords >= FRAME_RECORDS) this.flush();
    }
    this.observe?.(this.length, this.runtime.state);
  }

  /** A tracer for an interpreter's frames (pylite's FrameTracer) that notes them in the log. */
  frameTracer(): FrameTracer {
    const declared = new Set<number>();
    return {
      frameEntered: (depth, func, slots, code) => {
        if (code !== null && !declared.has(func)) {
          declared.add(func);
          this.note({ code: func, name: code.name, names: [...code.names] });
        }
        this.note({ frame: 'enter', depth, func, slots: slots.slice() });
      },
      frameLeft: (depth) => this.note({ frame: 'leave', depth }),
      localSet: (depth, local, value) => this.note({ local, depth, value }),
    };
  }

  /** Runs a GcCommand (data), recording it as itself. */
  execute(command: GcCommand): number {
    return this.run(command as unknown as Record<string, unknown>, (rt) => execute(rt.state, command, rt.heap.sink as never, rt.heap.host));
  }

  header(): LogHeader {
    return { domain: 'heap', codec: HEAP_CODEC, profile: this.profile, config: { profile: this.profile }, seed: 0, source: this.source };
  }

  /** Writes the log (all or nothing). */
  write(path: string): { records: number; bytes: number; frames: number } {
    if (this.streaming) throw new Error('write() is for an in-memory recorder; a streaming one is closed with close()');
    return writeLog(path, this.header(), new HeapCodec(), this.records, { recordsPerFrame: 8192 });
  }
}
