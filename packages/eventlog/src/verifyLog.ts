/**
 * verifyLog: checks a whole file, for `pymm log verify` and CI. Every frame is read back
 * (checksum, inflation, length) and optionally decoded; seqs must be dense; a torn tail
 * or a missing or inconsistent index is a problem.
 */
import { LogFormatError } from './errors.js';
import { LogReader, type Recovery } from './LogReader.js';
import type { RecordCodec } from './RecordCodec.js';
import { decodeFrame } from './records.js';

export interface VerifyResult {
  readonly ok: boolean;
  /** Intact frames. */
  readonly frames: number;
  /** Records in the intact frames. */
  readonly records: number;
  /** File size. */
  readonly bytes: number;
  readonly problems: string[];
  readonly recovered: Recovery | null;
}

export function verifyLog(path: string, options: { codec?: RecordCodec<unknown> } = {}): VerifyResult {
  let reader: LogReader;
  try {
    reader = LogReader.open(path);
  } catch (e) {
    if (e instanceof LogFormatError) return { ok: false, frames: 0, records: 0, bytes: 0, problems: [e.message], recovered: null };
    throw e;
  }
  const problems: string[] = [];
  try {
    const r = reader.recovered;
    if (r !== null) {
      const lost = reader.byteLength - r.validBytes;
      problems.push(`${r.reason} (at byte offset ${r.offset})${lost ? `; ${lost} bytes after byte ${r.validBytes} are not part of the log` : ''}`);
    }
    const codec = options.codec;
    if (codec !== undefined && codec.name !== reader.header.codec) {
      problems.push(`the log's records are encoded with '${reader.header.codec}', not '${codec.name}'`);
    }
    let expected = reader.startSeq;
    for (let i = 0; i < reader.frames.length; i++) {
      const f = reader.frames[i];
      if (f.firstSeq !== expected) problems.push(`frame ${i} starts at seq ${f.firstSeq}, expected ${expected}`);
      expected = f.firstSeq + f.count;
      try {
        if (codec !== undefined && codec.name === reader.header.codec) decodeFrame(reader, codec, i);
        else reader.readFrame(i);
      } catch (e) {
        if (!(e instanceof LogFormatError)) throw e;
        problems.push(e.code.startsWith('PAYLOAD') ? `frame ${i} (at byte offset ${f.offset}): ${e.message}` : e.message);
      }
    }
    return { ok: problems.length === 0, frames: reader.frames.length, records: reader.recordCount, bytes: reader.byteLength, problems, recovered: r };
  } finally {
    reader.close();
  }
}
