/**
 * JSON Lines, for people: one JSON object per line.
 *
 *   line 1     {"header":{"domain":...,"codec":...,"profile":...,"config":{...},"seed":...,"source":...}}
 *   line 2..   {"seq":0, ...the record's own fields}
 *
 * Records must be JSON objects without a "seq" field of their own, and must survive
 * JSON (what import gives back is JSON.parse(JSON.stringify(record))). Blank lines are
 * ignored on import.
 */
import { JsonlError } from './errors.js';
import { headerProblem, type LogHeader } from './LogHeader.js';
import type { LogReader } from './LogReader.js';
import { LogWriter, type LogWriterOptions } from './LogWriter.js';
import type { RecordCodec } from './RecordCodec.js';
import { DEFAULT_RECORDS_PER_FRAME, checkCodec, checkRecordsPerFrame, decodeFrame } from './records.js';

/** Writes the header line, then one line per record; returns the number of records. */
export function exportJsonl<R>(reader: LogReader, codec: RecordCodec<R>, write: (line: string) => void): number {
  checkCodec(reader, codec);
  write(JSON.stringify({ header: reader.header }));
  let n = 0;
  for (let i = 0; i < reader.frames.length; i++) {
    const firstSeq = reader.frames[i].firstSeq;
    const records = decodeFrame(reader, codec, i);
    for (let k = 0; k < records.length; k++) {
      const r = records[k] as unknown;
      if (typeof r !== 'object' || r === null || Array.isArray(r) || Object.hasOwn(r, 'seq')) {
        throw new JsonlError('INVALID_RECORD', n + 2, `record seq ${firstSeq + k} is not a JSON object without its own "seq" field`);
      }
      write(JSON.stringify({ seq: firstSeq + k, ...r }));
      n++;
    }
  }
  return n;
}

export interface ImportJsonlOptions extends Omit<LogWriterOptions, 'startSeq'> {
  /** Records per frame (default 65536). */
  readonly recordsPerFrame?: number;
}

function hasProtoKey(v: unknown): boolean {
  if (typeof v !== 'object' || v === null) return false;
  if (Array.isArray(v)) return v.some(hasProtoKey);
  if (Object.hasOwn(v, '__proto__')) return true;
  return Object.values(v).some(hasProtoKey);
}

/**
 * The shortest n in 1..count for which `fails(n)` holds (the first n records of a frame
 * fail to encode or read back), given that all `count` do and that a longer prefix of a
 * failing one fails too: a binary search.
 */
function shortestFailingPrefix(count: number, fails: (n: number) => boolean): number {
  let lo = 1, hi = count;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (fails(mid)) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

/** JSON with every object's keys sorted: two records are the same record when these agree. */
function canonical(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) => {
    if (typeof v !== 'object' || v === null || Array.isArray(v)) return v;
    const sorted: Record<string, unknown> = {};
    for (const k of Object.keys(v).sort()) sorted[k] = (v as Record<string, unknown>)[k];
    return sorted;
  });
}

/**
 * A record is imported only if the codec reads it back as it was given: a crafted record
 * the codec cannot hold (an unknown type, "__proto__" for one, a field it drops or
 * changes) is a JsonlError naming its line, never a log that cannot be read.
 */
function checkReadBack<R>(codec: RecordCodec<R>, batch: readonly R[], firstSeq: number, payload: Uint8Array, lines: readonly number[]): void {
  // the first of `records` that does not read back as given (-1: all do), and why
  const firstBad = (records: readonly R[], bytes: Uint8Array): { k: number; why: string } => {
    let back: R[];
    try {
      back = codec.decode(bytes, firstSeq, records.length);
    } catch (e) {
      return { k: records.length - 1, why: (e as Error).message };
    }
    for (let k = 0; k < records.length; k++) {
      if (canonical(back[k]) !== canonical(records[k])) return { k, why: `it reads back as ${JSON.stringify(back[k])}` };
    }
    return { k: -1, why: '' };
  };
  let bad = firstBad(batch, payload);
  if (bad.k < 0) return;
  if (bad.k === batch.length - 1 && batch.length > 1) {
    // the frame as a whole does not read back: the shortest prefix that does not names the record
    const prefix = (n: number) => firstBad(batch.slice(0, n), codec.encode(batch.slice(0, n), firstSeq));
    bad = prefix(shortestFailingPrefix(batch.length, (n) => prefix(n).k >= 0));
  }
  throw new JsonlError('INVALID_RECORD', lines[bad.k]!, `codec '${codec.name}' cannot hold this record: ${bad.why}`);
}

/**
 * Reads JSON Lines (as exportJsonl writes them) into a new log at `path`. Seqs must be
 * dense; the first record's seq is the log's start. Errors are JsonlErrors naming the
 * line; on any error nothing is left at `path` but what was there before (the log is
 * written under a temporary name and renamed into place when complete).
 */
export function importJsonl<R>(
  lines: Iterable<string>,
  codec: RecordCodec<R>,
  path: string,
  options: ImportJsonlOptions = {},
): { records: number; header: LogHeader } {
  const perFrame = checkRecordsPerFrame(options.recordsPerFrame ?? DEFAULT_RECORDS_PER_FRAME);
  let header: LogHeader | null = null;
  let writer: LogWriter | null = null;
  let batch: R[] = [];
  let batchLines: number[] = [];
  let lineNo = 0;
  let nextSeq = -1;
  const flush = () => {
    if (!batch.length || writer === null) return;
    let payload: Uint8Array;
    try {
      payload = codec.encode(batch, nextSeq - batch.length);
    } catch (e) {
      // the shortest prefix of the frame that cannot be encoded ends with the record to name
      const fails = (n: number): boolean => {
        try { codec.encode(batch.slice(0, n), nextSeq - batch.length); return false; } catch { return true; }
      };
      const line = batchLines[shortestFailingPrefix(batch.length, fails) - 1]!;
      throw new JsonlError('INVALID_RECORD', line, `codec '${codec.name}' cannot encode the record: ${(e as Error).message}`);
    }
    checkReadBack(codec, batch, nextSeq - batch.length, payload, batchLines);
    writer.appendFrame(nextSeq - batch.length, batch.length, payload);
    batch = [];
    batchLines = [];
  };
  try {
    for (const raw of lines) {
      lineNo++;
      if (raw.trim() === '') continue;
      let value: unknown;
      try {
        value = JSON.parse(raw);
      } catch (e) {
        throw new JsonlError('INVALID_JSON', lineNo, `invalid JSON: ${(e as Error).message}`);
      }
      // no record or header has a key "__proto__": JSON.parse makes it an own property,
      // and code that copies the object would set its prototype
      if (raw.includes('"__proto__"') && hasProtoKey(value)) throw new JsonlError('INVALID_RECORD', lineNo, 'a key "__proto__" is not allowed');
      if (header === null) {
        if (typeof value !== 'object' || value === null || !('header' in value)) {
          throw new JsonlError('MISSING_HEADER', lineNo, 'the first line must be {"header": {...}}');
        }
        const problem = headerProblem(value.header);
        if (problem !== null) throw new JsonlError('INVALID_HEADER', lineNo, problem);
        header = value.header as LogHeader;
        if (header.codec !== codec.name) {
          throw new JsonlError('CODEC_MISMATCH', lineNo, `the header names codec '${header.codec}', not '${codec.name}'`);
        }
        continue;
      }
      if (typeof value !== 'object' || value === null || Array.isArray(value)) {
        throw new JsonlError('INVALID_RECORD', lineNo, 'a record line must be a JSON object with a "seq" field');
      }
      const { seq, ...record } = value as { seq?: unknown };
      if (typeof seq !== 'number' || !Number.isSafeInteger(seq) || seq < 0) {
        throw new JsonlError('INVALID_RECORD', lineNo, `"seq" must be a non-negative integer, not ${JSON.stringify(seq)}`);
      }
      if (writer === null) {
        writer = LogWriter.create(path, header, { ...options, startSeq: seq, viaTemporary: true });
        nextSeq = seq;
      }
      if (seq !== nextSeq) throw new JsonlError('SEQ_NOT_DENSE', lineNo, `seq ${seq}, expected ${nextSeq} (seqs are dense)`);
      const problem = codec.validate?.(record, seq) ?? null;
      if (problem !== null) throw new JsonlError('INVALID_RECORD', lineNo, `not a record of codec '${codec.name}': ${problem}`);
      batch.push(record as R);
      batchLines.push(lineNo);
      nextSeq++;
      if (batch.length === perFrame) flush();
    }
    if (header === null) throw new JsonlError('MISSING_HEADER', lineNo + 1, 'no header line (the input is empty)');
    flush();
    writer ??= LogWriter.create(path, header, { ...options, viaTemporary: true });
    writer.close();
    return { records: writer.recordCount, header };
  } catch (e) {
    // the log was written under a temporary name: aborting removes it, and an existing
    // file at the path stays as it was
    if (writer !== null) writer.abort();
    throw e;
  }
}
