/**
 * Where a timeline's records come from: frames of obmalloc-v1 payloads, from a .pymmlog
 * file or built in memory (branches, tests, the testkit).
 */
import type { LogReader } from '@pymm/eventlog';
import type { ObmallocCodec, ObmallocRecord } from '@pymm/obmalloc';

export interface FrameInfoLite {
  readonly firstSeq: number;
  readonly count: number;
}

export interface FrameSource {
  readonly recordCount: number;
  readonly frames: readonly FrameInfoLite[];
  payload(i: number): Uint8Array;
  /** Bytes the records take (the log file, or the encoded frames in memory). */
  readonly byteLength: number;
}

export function logSource(reader: LogReader): FrameSource {
  return {
    recordCount: reader.recordCount,
    frames: reader.frames,
    payload: (i) => reader.readFrame(i),
    byteLength: reader.byteLength,
  };
}

/** Encodes records into frames of about `recordsPerFrame`, cut at command boundaries. */
export function memorySource(codec: ObmallocCodec, records: readonly ObmallocRecord[], recordsPerFrame = 16384): FrameSource {
  const frames: FrameInfoLite[] = [];
  const payloads: Uint8Array[] = [];
  let start = 0;
  while (start < records.length) {
    let end = Math.min(records.length, start + recordsPerFrame);
    while (end < records.length && records[end].kind !== 'command') end++;
    payloads.push(codec.encode(records.slice(start, end), start));
    frames.push({ firstSeq: start, count: end - start });
    start = end;
  }
  return {
    recordCount: records.length,
    frames,
    payload: (i) => payloads[i],
    byteLength: payloads.reduce((n, p) => n + p.length, 0),
  };
}

