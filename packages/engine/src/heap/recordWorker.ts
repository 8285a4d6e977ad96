/**
 * The writer and indexer threads of a recording (recordPipeline.ts says who does what).
 *
 * writer: creates the log, appends each frame the recorder hands over, passes the frame on
 * to the indexer; appends the index sections the indexer sends; on `close`, closes the
 * log, waits for the indexer's parts and writes the index's manifest. On `abort` or an
 * error writing, removes what it wrote. Tells the recorder through the control word.
 *
 * indexer: folds each frame into a HeapIndexBuilder whose sections go to the writer. If a
 * record does not apply, it stops indexing (the log is still written; the index is then
 * built, and the error reported, by whoever opens the log).
 *
 * Both end when the recorder says 'stop' (or, for the indexer, when the writer's end of
 * their channel closes): they close their ports and their event loops run dry.
 */
import { isMainThread, parentPort, workerData, type MessagePort } from 'node:worker_threads';
import { LogReader, LogWriter } from '@pymm/eventlog';
import { HeapCodec } from '@pymm/gc';
import { blobSections, fingerprintOf, IndexWriter, type IndexSink } from '../index/IndexFile.js';
import { HeapIndexBuilder } from './HeapIndexBuilder.js';
import { DONE, FAILED, INDEXED, PENDING, READY, sendableError, STATE, transferable, type IndexerData, type PipelineResult, type SentError, type WriterData } from './recordPipeline.js';

type Frame = { t: 'frame'; firstSeq: number; count: number; payload: Uint8Array };
type FromIndexer = { t: 'section'; bytes: Uint8Array } | { t: 'parts'; parts: Record<string, number | number[]> } | { t: 'failed'; error: SentError };

function release(c: Int32Array): void {
  Atomics.sub(c, PENDING, 1);
  Atomics.notify(c, PENDING);
}

function writerMain(d: WriterData): void {
  const c = new Int32Array(d.control);
  const port = parentPort!;
  let log: LogWriter | null = null;
  let index: IndexWriter | null = null;
  let finished = false;
  const say = (m: unknown, state: number): void => {
    d.reply.postMessage(m);
    Atomics.store(c, STATE, state);
    Atomics.notify(c, STATE);
    Atomics.notify(c, PENDING);
  };
  const cleanUp = (): void => {
    // the log is written to a temporary file (renamed into place by close): aborting removes
    // it, and an existing file at the log's path stays as it was
    try { log?.abort(); } catch { /* nothing more to remove */ }
    try { index?.abort(); } catch { /* nothing more to remove */ }
    index = null;
  };
  const fail = (e: unknown): void => {
    if (finished) return;
    finished = true;
    cleanUp();
    say({ t: 'error', error: sendableError(e) }, FAILED);
  };
  try {
    log = LogWriter.create(d.path, d.header, { overwrite: d.overwrite, compressLevel: d.compressLevel, viaTemporary: true });
    if (d.indexPath !== null) index = new IndexWriter(d.indexPath, d.profile);
  } catch (e) {
    // only what this thread made is removed (never a file that was there before)
    if (log !== null) cleanUp();
    d.reply.postMessage({ t: 'error', error: sendableError(e) });
    Atomics.store(c, READY, 2);
    Atomics.notify(c, READY);
    return;
  }
  Atomics.store(c, READY, 1);
  Atomics.notify(c, READY);
  const indexer = d.indexer;
  let closing = false;
  let indexError: SentError | null = null;

  const finishIndex = (parts: Record<string, number | number[]> | null): void => {
    try {
      const w = log!;
      const result = { records: w.recordCount, bytes: w.bytesWritten, frames: w.frameCount };
      let indexed = false;
      if (index !== null && parts !== null) {
        const reader = LogReader.open(d.path, { verify: 'headers' });
        let fp;
        try { fp = fingerprintOf(reader, d.path); } finally { reader.close(); }
        Object.assign(index.parts, parts);
        index.finish('heap', fp, { records: result.records, log: d.path });
        indexed = true;
      } else {
        index?.abort();
      }
      finished = true;
      say({ t: 'closed', result: { ...result, indexed } satisfies PipelineResult, ...(indexError ? { indexError } : {}) }, DONE);
    } catch (e) {
      fail(e);
    }
  };

  indexer?.on('message', (m: FromIndexer) => {
    if (finished) return;
    try {
      if (m.t === 'section') index?.section(m.bytes);
      else if (m.t === 'parts') finishIndex(m.parts);
      else { indexError = m.error; index?.abort(); index = null; if (closing) finishIndex(null); }
    } catch (e) {
      fail(e);
    }
  });

  port.on('message', (m: Frame | { t: 'close' } | { t: 'abort' } | { t: 'stop' }) => {
    if (m.t === 'stop') {
      // the recorder is done with this thread: what is not finished is given up; closing
      // the ports leaves the thread nothing to wait for, and it ends
      if (!finished) { finished = true; cleanUp(); }
      indexer?.close();
      d.reply.close();
      port.close();
      return;
    }
    if (finished) return;
    try {
      if (m.t === 'frame') {
        log!.appendFrame(m.firstSeq, m.count, m.payload);
        if (indexer !== null) indexer.postMessage(m, [m.payload.buffer as ArrayBuffer]);
        else release(c);
      } else if (m.t === 'close') {
        closing = true;
        log!.close();
        if (indexer !== null && indexError === null) indexer.postMessage({ t: 'end' });
        else finishIndex(null);
      } else {
        finished = true;
        cleanUp();
        say({ t: 'aborted' }, FAILED);
      }
    } catch (e) {
      fail(e);
    }
  });
}

/** Sends sections to the writer as they are made, numbering them as the writer will. */
class SectionProxy implements IndexSink {
  private next = 0;
  readonly parts: Record<string, number | number[]> = {};
  constructor(private readonly port: MessagePort) {}
  section(bytes: Uint8Array): number {
    const own = transferable(bytes);
    this.port.postMessage({ t: 'section', bytes: own }, [own.buffer as ArrayBuffer]);
    return this.next++;
  }
  blob(name: string, bytes: Uint8Array): void {
    this.parts[name] = blobSections(this, bytes);
  }
}

function indexerMain(d: IndexerData): void {
  const c = new Int32Array(d.control);
  const sink = new SectionProxy(d.writer);
  const codec = new HeapCodec();
  let builder: HeapIndexBuilder | null = new HeapIndexBuilder(d.profile, sink);
  let error: SentError | null = null;
  const port = parentPort!;
  port.on('message', (m: { t: 'stop' }) => {
    if (m.t !== 'stop') return;
    builder = null;
    d.writer.close();
    port.close();
  });
  d.writer.on('message', (m: Frame | { t: 'end' }) => {
    if (m.t === 'frame') {
      try {
        if (builder !== null) codec.visit(m.payload, m.firstSeq, m.count, builder.visitor);
      } catch (e) {
        error = sendableError(e);
        error = { ...error, message: `record ${builder!.length} does not apply: ${error.message}` };
        builder = null;
        d.writer.postMessage({ t: 'failed', error } satisfies FromIndexer);
      }
      Atomics.store(c, INDEXED, builder?.length ?? 0);
      release(c);
      return;
    }
    if (builder === null) return;
    try {
      builder.finish();
      d.writer.postMessage({ t: 'parts', parts: sink.parts } satisfies FromIndexer);
    } catch (e) {
      d.writer.postMessage({ t: 'failed', error: sendableError(e) } satisfies FromIndexer);
    }
  });
}

const data = workerData as (WriterData | IndexerData | null);
if (!isMainThread && data?.pymmRecordRole === 'writer') writerMain(data);
else if (!isMainThread && data?.pymmRecordRole === 'indexer') indexerMain(data);
