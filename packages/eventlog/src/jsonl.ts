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
  let batchFirstLine = 0;
  let lineNo = 0;
  let nextSeq = -1;
  const flush = (lastLine: number) => {
    if (!batch.length || writer === null) return;
    let payload: Uint8Array;
    try {
      payload = codec.encode(batch, nextSeq - batch.length);
    } catch (e) {
      const where = batchFirstLine === lastLine ? `` : ` (one of the records on lines ${batchFirstLine}..${lastLine})`;
      throw new JsonlError('INVALID_RECORD', batchFirstLine, `codec '${codec.name}' cannot encode the record${where}: ${(e as Error).message}`);
    }
    writer.appendFrame(nextSeq - batch.length, batch.length, payload);
    batch = [];
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
      if (!batch.length) batchFirstLine = lineNo;
      batch.push(record as R);
      nextSeq++;
      if (batch.length === perFrame) flush(lineNo);
    }
    if (header === null) throw new JsonlError('MISSING_HEADER', lineNo + 1, 'no header line (the input is empty)');
    flush(lineNo);
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
