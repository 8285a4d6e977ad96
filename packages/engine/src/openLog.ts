/**
 * Opening a log file with its index: the index file beside it is read when it belongs
 * to this very log; else (missing, damaged, stale, another version) the log is indexed
 * again in one pass, with progress and a one-line notice, and the new index is written
 * for next time (in memory only, with a notice, where it cannot be written).
 */
import { LogReader } from '@pymm/eventlog';
import { AllocatorIndex } from './alloc/AllocatorIndex.js';
import { logSource } from './FrameSource.js';
import { fingerprintOf, indexPathFor, IndexReader, IndexUnusable, IndexWriter } from './index/IndexFile.js';
import { checkUsable, codecFor } from './logHeader.js';
import { AllocatorTimeline as Timeline, type TimelineOptions } from './alloc/AllocatorTimeline.js';

export interface OpenLogOptions extends TimelineOptions {
  /** One-line notices ("the index is missing: indexing the log"). */
  readonly onNotice?: (message: string) => void;
  /** Where the index lives (default LOG.idx beside the log). */
  readonly indexPath?: string;
  /** Never write an index file (read one if it is there). */
  readonly readOnly?: boolean;
}

export interface OpenedLog<T> {
  readonly timeline: T;
  readonly reader: LogReader;
  /** 'read': from the index file; 'built': the log was indexed now (and the file written unless `indexError`). */
  readonly index: 'read' | 'built';
  readonly indexPath: string;
  readonly indexError: string | null;
}

/** Opens an allocator log ('obmalloc' domain) and its index. */
export function openAllocatorLog(path: string, options: OpenLogOptions = {}): OpenedLog<Timeline> {
  // every frame's checksum is checked now: a damaged log opens as its intact prefix, and says so
  const reader = LogReader.open(path);
  try {
    const codec = codecFor(reader.header, path);
    checkUsable(reader.recordCount, reader.recovered, path);
    const source = logSource(reader);
    const indexPath = options.indexPath ?? indexPathFor(path);
    const fp = fingerprintOf(reader, path);
    let why: string;
    try {
      const r = IndexReader.open(indexPath, 'obmalloc', fp);
      try {
        const index = AllocatorIndex.read(r, codec.profile);
        return { timeline: Timeline.withIndex(source, codec, index), reader, index: 'read', indexPath, indexError: null };
      } catch (e) {
        r.close();
        throw e instanceof IndexUnusable ? e : new IndexUnusable(`the index file is damaged (${(e as Error).message})`);
      }
    } catch (e) {
      if (!(e instanceof IndexUnusable)) throw e;
      why = e.message;
    }
    options.onNotice?.(`${indexPath}: ${why}; indexing the log (${reader.recordCount.toLocaleString('en-US')} records)`);
    let indexError: string | null = null;
    if (!options.readOnly) {
      let w: IndexWriter | null = null;
      try {
        w = new IndexWriter(indexPath, reader.header.profile);
        Timeline.buildIndex(source, codec, w, options);
        w.finish('obmalloc', fp, {});
        w = null;
        const r = IndexReader.open(indexPath, 'obmalloc', fp);
        return { timeline: Timeline.withIndex(source, codec, AllocatorIndex.read(r, codec.profile)), reader, index: 'built', indexPath, indexError: null };
      } catch (e) {
        w?.abort();
        if (!isFileSystemError(e)) throw e;
        indexError = (e as Error).message;
        options.onNotice?.(`${indexPath}: cannot write the index (${indexError}); keeping it in memory`);
      }
    }
    const timeline = Timeline.open(source, codec, options);
    return { timeline, reader, index: 'built', indexPath, indexError };
  } catch (e) {
    reader.close();
    throw e;
  }
}

function isFileSystemError(e: unknown): boolean {
  const code = (e as NodeJS.ErrnoException | null)?.code;
  return typeof code === 'string' && /^E[A-Z]+$/.test(code) && code !== 'ERR_INVALID_ARG_TYPE';
}
