/**
 * Records through a codec: writeLog batches records into frames, readAllRecords and
 * iterRecords decode them back.
 */
import { rmSync } from 'node:fs';
import { LogFormatError, LogWriteError } from './errors.js';
import type { LogHeader } from './LogHeader.js';
import type { LogReader } from './LogReader.js';
import { LogWriter, type LogWriterOptions } from './LogWriter.js';
import type { RecordCodec } from './RecordCodec.js';

export const DEFAULT_RECORDS_PER_FRAME = 65536;

export interface WriteLogOptions extends LogWriterOptions {
  /** Records per frame (default 65536). */
  readonly recordsPerFrame?: number;
}

export function checkRecordsPerFrame(n: number): number {
  if (!Number.isInteger(n) || n < 1 || n > 0xffff_ffff) throw new RangeError(`recordsPerFrame must be an integer 1 .. 2^32-1, not ${n}`);
  return n;
}

/**
 * Writes `records` through `codec` into frames of `recordsPerFrame`, then closes the log.
 * All or nothing: if anything throws (the codec, the iterable, the disk), the file is removed.
 */
export function writeLog<R>(
  path: string,
  header: LogHeader,
  codec: RecordCodec<R>,
  records: Iterable<R>,
  options: WriteLogOptions = {},
): { records: number; bytes: number; frames: number } {
  if (header.codec !== codec.name) {
    throw new LogWriteError('CODEC_MISMATCH', `the header names codec '${header.codec}' but the records go through '${codec.name}'`);
  }
  const perFrame = checkRecordsPerFrame(options.recordsPerFrame ?? DEFAULT_RECORDS_PER_FRAME);
  const writer = LogWriter.create(path, header, options);
  try {
    let batch: R[] = [];
    for (const r of records) {
      batch.push(r);
      if (batch.length === perFrame) {
        writer.appendFrame(writer.endSeq, batch.length, codec.encode(batch, writer.endSeq));
        batch = [];
      }
    }
    if (batch.length) writer.appendFrame(writer.endSeq, batch.length, codec.encode(batch, writer.endSeq));
    writer.close();
  } catch (e) {
    writer.abort();
    rmSync(path, { force: true });
    throw e;
  }
  return { records: writer.recordCount, bytes: writer.bytesWritten, frames: writer.frameCount };
}

/** Throws CODEC_MISMATCH unless the log's header names this codec. */
export function checkCodec(reader: LogReader, codec: RecordCodec<unknown>): void {
  if (reader.header.codec !== codec.name) {
    throw new LogFormatError('CODEC_MISMATCH', 16, `the log's records are encoded with '${reader.header.codec}', not '${codec.name}'`, reader.path);
  }
}

/** The records of frame i, checking the codec returns exactly the frame's count. */
export function decodeFrame<R>(reader: LogReader, codec: RecordCodec<R>, i: number): R[] {
  const f = reader.frames[i];
  const records = codec.decode(reader.readFrame(i), f.firstSeq, f.count);
  if (records.length !== f.count) {
    throw new LogFormatError('PAYLOAD_COUNT', f.offset, `frame ${i}: codec '${codec.name}' decoded ${records.length} records, not ${f.count}`, reader.path);
  }
  return records;
}

/** Every record of the intact frames, in seq order (record k has seq reader.startSeq + k). */
export function readAllRecords<R>(reader: LogReader, codec: RecordCodec<R>): R[] {
  checkCodec(reader, codec);
  const out: R[] = [];
  for (let i = 0; i < reader.frames.length; i++) {
    for (const r of decodeFrame(reader, codec, i)) out.push(r);
  }
  return out;
}

/** The records from `fromSeq` (default: the first) to the end, with their seqs, one frame decoded at a time. */
export function* iterRecords<R>(reader: LogReader, codec: RecordCodec<R>, fromSeq = reader.startSeq): Generator<{ seq: number; record: R }> {
  checkCodec(reader, codec);
  let i = fromSeq <= reader.startSeq ? 0 : reader.frameIndexForSeq(fromSeq);
  if (i < 0) return;
  for (; i < reader.frames.length; i++) {
    const f = reader.frames[i];
    const records = decodeFrame(reader, codec, i);
    for (let k = Math.max(0, fromSeq - f.firstSeq); k < records.length; k++) yield { seq: f.firstSeq + k, record: records[k] };
  }
}
