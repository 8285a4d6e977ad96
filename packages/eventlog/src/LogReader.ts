/**
 * LogReader: opens a log, finds its intact prefix of frames, reads frames on demand.
 *
 * Opening (verify 'all', the default) scans the frames from the end of the file header,
 * checking each frame's header CRC, fields and whole-frame CRC. The first frame that fails
 * ends the intact prefix; nothing after it is used (no resynchronisation: a reader never
 * guesses where the next frame starts). Then, if the scan stopped at an index marker, the
 * trailer and the index are checked against the frames found. Outcomes:
 *
 *   scan stopped at                        frames               recovered
 *   index marker, trailer + index agree    all                  null
 *   index marker, trailer or index bad     all                  TRAILER_INVALID / INDEX_INVALID
 *   end of file (writer did not close)     all                  INDEX_MISSING
 *   a torn or damaged frame k              0 .. k-1             FRAME_* at frame k's offset
 *
 * verify 'headers' trusts a trailer and index that are consistent with every frame's
 * header (one small read per frame, no payload read): open is then O(frames), and payload
 * checksums are checked by readFrame only. If anything disagrees, it falls back to 'all'.
 *
 * Damage to the file header (magic, version, JSON, its CRC) leaves nothing to recover:
 * open throws LogFormatError.
 */
import { inflateRawSync } from 'node:zlib';
import { crc32 } from './crc32.js';
import { FileSource, MemorySource, crc32Of, type ByteSource } from './ByteSource.js';
import { LogFormatError, type LogFormatErrorCode } from './errors.js';
import {
  FILE_HEADER_FIXED_BYTES, FRAME_FLAG_DEFLATE, FRAME_HEADER_BYTES, FRAME_MARKER, FRAME_OVERHEAD_BYTES, INDEX_ENTRY_BYTES,
  INDEX_HEADER_BYTES, INDEX_MARKER, MAX_FRAME_PAYLOAD_BYTES, TRAILER_BYTES, TRAILER_MAGIC, getU64, startsWith, viewOf,
} from './format.js';
import { decodeFileHeader, fileHeaderLength, type LogHeader } from './LogHeader.js';
import type { FrameInfo } from './LogWriter.js';

/** A torn or corrupt tail (or a missing or corrupt index/trailer) that the reader cut off. */
export interface Recovery {
  /** Bytes from the start of the file to the end of the last intact frame. */
  readonly validBytes: number;
  /** Where the problem was found. */
  readonly offset: number;
  readonly reason: string;
  readonly code: LogFormatErrorCode;
}

export interface LogReaderOptions {
  /** 'all' (default): every frame checksum is verified on open. 'headers': see the module comment. */
  readonly verify?: 'all' | 'headers';
}

type FrameHeader = { flags: number; firstSeq: number; count: number; stored: number; raw: number; headerCrc: number };

/** Parses and checks a frame header (FRAME_HEADER_BYTES at `at` in `bytes`): a header or the problem. */
function parseFrameHeader(bytes: Uint8Array): FrameHeader | { code: LogFormatErrorCode; reason: string } {
  if (!startsWith(bytes, 0, FRAME_MARKER)) {
    return { code: 'FRAME_MARKER', reason: 'no frame marker "PYMF" (nor the index marker "PYMI") where a frame should start' };
  }
  const view = viewOf(bytes);
  const headerCrc = view.getUint32(28, true);
  if (crc32(bytes.subarray(0, 28)) !== headerCrc) return { code: 'FRAME_HEADER_CHECKSUM', reason: 'frame header checksum mismatch' };
  const flags = view.getUint32(4, true);
  const firstSeq = getU64(view, 8);
  const count = view.getUint32(16, true);
  const stored = view.getUint32(20, true);
  const raw = view.getUint32(24, true);
  const bad = (reason: string) => ({ code: 'FRAME_HEADER_INVALID' as const, reason });
  if ((flags & ~FRAME_FLAG_DEFLATE) !== 0) return bad(`unknown frame flags 0x${flags.toString(16)}`);
  if (firstSeq < 0) return bad('firstSeq is 2^53 or more');
  if (count === 0) return bad('frame holds 0 records');
  if (firstSeq + count > Number.MAX_SAFE_INTEGER) return bad('frame ends at seq 2^53 or more');
  if (stored > MAX_FRAME_PAYLOAD_BYTES || raw > MAX_FRAME_PAYLOAD_BYTES) return bad(`payload length exceeds ${MAX_FRAME_PAYLOAD_BYTES} bytes`);
  if ((flags & FRAME_FLAG_DEFLATE) === 0 && raw !== stored) return bad('raw and stored lengths of an uncompressed frame differ');
  return { flags, firstSeq, count, stored, raw, headerCrc };
}

interface Scan {
  frames: FrameInfo[];
  recovered: Recovery | null;
}

export class LogReader {
  readonly frames: readonly FrameInfo[];
  readonly recordCount: number;
  readonly recovered: Recovery | null;
  /** Bytes the file header takes (the first frame starts here). */
  readonly headerByteLength: number;
  /** Whether every frame's payload checksum was verified on open (verify 'all' or a fallback to it). */
  readonly payloadsVerified: boolean;

  private constructor(
    private readonly source: ByteSource,
    readonly header: LogHeader,
    headerBytes: number,
    scan: Scan,
    payloadsVerified: boolean,
    /** The file, or undefined for fromBytes. */
    readonly path: string | undefined,
  ) {
    this.headerByteLength = headerBytes;
    this.frames = Object.freeze(scan.frames);
    this.recovered = scan.recovered;
    this.payloadsVerified = payloadsVerified;
    let records = 0;
    for (const f of scan.frames) records += f.count;
    this.recordCount = records;
  }

  /** Opens a log file; throws LogFormatError if its magic, version or header is bad. */
  static open(path: string, options: LogReaderOptions = {}): LogReader {
    const source = new FileSource(path);
    try {
      return LogReader.load(source, path, options);
    } catch (e) {
      source.close();
      throw e;
    }
  }

  /** Reads a log held in memory (the bytes are not copied; do not change them). */
  static fromBytes(bytes: Uint8Array, options: LogReaderOptions = {}): LogReader {
    return LogReader.load(new MemorySource(bytes), undefined, options);
  }

  private static load(source: ByteSource, path: string | undefined, options: LogReaderOptions): LogReader {
    const fixed = source.view(0, FILE_HEADER_FIXED_BYTES);
    const headerBytes = fileHeaderLength(fixed, source.size, path);
    const header = decodeFileHeader(source.copy(0, headerBytes), path);
    if (options.verify === 'headers') {
      const frames = trustIndex(source, headerBytes);
      if (frames !== null) return new LogReader(source, header, headerBytes, { frames, recovered: null }, false, path);
    }
    return new LogReader(source, header, headerBytes, scanFrames(source, headerBytes), true, path);
  }

  /** Bytes in the file (when opened). */
  get byteLength(): number {
    return this.source.size;
  }
  /** Seq of the first record (0 for a log without frames). */
  get startSeq(): number {
    return this.frames.length ? this.frames[0].firstSeq : 0;
  }
  /** One past the seq of the last record. */
  get endSeq(): number {
    const last = this.frames[this.frames.length - 1];
    return last ? last.firstSeq + last.count : 0;
  }

  /**
   * The payload of frame i, inflated if stored deflated. Verifies the frame's checksum:
   * LogFormatError (with the frame's offset) if the file changed since open, or, with
   * verify 'headers', if the payload is damaged.
   */
  readFrame(i: number): Uint8Array {
    const f = this.frames[i];
    if (!Number.isInteger(i) || f === undefined) throw new RangeError(`frame ${i} does not exist (the log has ${this.frames.length})`);
    const fail = (code: LogFormatErrorCode, reason: string) => new LogFormatError(code, f.offset, `frame ${i}: ${reason}`, this.path);
    const bytes = this.source.copy(f.offset, f.byteLength);
    if (bytes.length < f.byteLength) throw fail('FRAME_TRUNCATED', 'the file is shorter than when it was opened');
    const h = parseFrameHeader(bytes.subarray(0, FRAME_HEADER_BYTES));
    if ('code' in h) throw fail(h.code, h.reason);
    if (h.firstSeq !== f.firstSeq || h.count !== f.count || h.stored !== f.storedByteLength || h.raw !== f.rawByteLength) {
      throw fail('FRAME_CHANGED', 'the frame header differs from the one read on open (the file changed)');
    }
    const end = FRAME_HEADER_BYTES + h.stored;
    const stored = bytes.subarray(FRAME_HEADER_BYTES, end);
    if (crc32(stored, h.headerCrc) !== viewOf(bytes).getUint32(end, true)) throw fail('FRAME_CHECKSUM', 'frame checksum mismatch');
    if (!f.compressed) return stored;
    let raw: Uint8Array;
    try {
      raw = new Uint8Array(inflateRawSync(stored, { maxOutputLength: Math.max(1, h.raw) }));
    } catch (e) {
      throw fail('FRAME_DECOMPRESS', `cannot inflate the payload: ${(e as Error).message}`);
    }
    if (raw.length !== h.raw) throw fail('FRAME_DECOMPRESS', `payload inflates to ${raw.length} bytes, not ${h.raw}`);
    return raw;
  }

  /** Index of the frame holding `seq` (binary search), or -1. */
  frameIndexForSeq(seq: number): number {
    const frames = this.frames;
    let lo = 0;
    let hi = frames.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >>> 1;
      const f = frames[mid];
      if (seq < f.firstSeq) hi = mid - 1;
      else if (seq >= f.firstSeq + f.count) lo = mid + 1;
      else return mid;
    }
    return -1;
  }

  close(): void {
    this.source.close();
  }
}

/** The intact prefix of frames from `start`, and what ended it. */
function scanFrames(source: ByteSource, start: number): Scan {
  const size = source.size;
  const frames: FrameInfo[] = [];
  let p = start;
  let expectedSeq = -1;
  const stop = (code: LogFormatErrorCode, offset: number, reason: string): Scan => ({
    frames, recovered: { validBytes: p, offset, reason, code },
  });
  for (;;) {
    if (p === size) {
      return stop('INDEX_MISSING', p, 'no index or trailer (the writer did not close the log); frames found by scanning');
    }
    const left = size - p;
    if (left >= INDEX_MARKER.length && startsWith(source.view(p, INDEX_MARKER.length), 0, INDEX_MARKER)) {
      const problem = checkIndex(source, p, frames);
      return problem === null ? { frames, recovered: null } : stop(problem.code, problem.offset, problem.reason);
    }
    if (left < FRAME_HEADER_BYTES) return stop('FRAME_TRUNCATED', p, `the file ends ${left} bytes into frame ${frames.length} (torn write)`);
    const h = parseFrameHeader(source.view(p, FRAME_HEADER_BYTES));
    if ('code' in h) return stop(h.code, p, `frame ${frames.length}: ${h.reason}`);
    if (expectedSeq >= 0 && h.firstSeq !== expectedSeq) {
      return stop('FRAME_SEQ', p, `frame ${frames.length} starts at seq ${h.firstSeq}, expected ${expectedSeq}`);
    }
    const total = FRAME_OVERHEAD_BYTES + h.stored;
    if (total > left) return stop('FRAME_TRUNCATED', p, `the file ends inside frame ${frames.length} (${left} of ${total} bytes; torn write)`);
    const end = p + FRAME_HEADER_BYTES + h.stored;
    const crc = crc32Of(source, p + FRAME_HEADER_BYTES, h.stored, h.headerCrc);
    const tail = source.view(end, 4);
    if (crc < 0 || tail.length < 4 || crc !== viewOf(tail).getUint32(0, true)) {
      return stop('FRAME_CHECKSUM', p, `frame ${frames.length}: frame checksum mismatch`);
    }
    frames.push({
      index: frames.length, firstSeq: h.firstSeq, count: h.count, offset: p, byteLength: total,
      compressed: (h.flags & FRAME_FLAG_DEFLATE) !== 0, rawByteLength: h.raw, storedByteLength: h.stored,
    });
    p += total;
    expectedSeq = h.firstSeq + h.count;
  }
}

type Problem = { code: LogFormatErrorCode; offset: number; reason: string };

interface Trailer {
  indexOffset: number;
  indexBytes: number;
  recordCount: number;
}

/** The trailer at the end of the file if it is intact and points just before itself, else a problem. */
function readTrailer(source: ByteSource, minIndexOffset: number): Trailer | Problem {
  const size = source.size;
  const at = size - TRAILER_BYTES;
  const bad = (reason: string, offset = Math.max(at, minIndexOffset)): Problem => ({ code: 'TRAILER_INVALID', offset, reason });
  if (at < minIndexOffset + INDEX_HEADER_BYTES + 4) return bad('no trailer (the file ends inside the index or trailer)');
  const t = source.copy(at, TRAILER_BYTES);
  if (t.length < TRAILER_BYTES) return bad('the file is shorter than when it was opened');
  const view = viewOf(t);
  if (!startsWith(t, 0, TRAILER_MAGIC)) return bad('no trailer magic "PYMMEND\\n" at the end of the file');
  if (crc32(t.subarray(0, 32)) !== view.getUint32(32, true)) return bad('trailer checksum mismatch');
  const indexOffset = getU64(view, 8);
  const indexBytes = getU64(view, 16);
  const recordCount = getU64(view, 24);
  if (indexOffset < minIndexOffset || indexBytes < 0 || recordCount < 0 || indexOffset + indexBytes !== at) {
    return bad('the trailer does not point at an index just before it');
  }
  return { indexOffset, indexBytes, recordCount };
}

/** The index entries at `at` (checked against the trailer and its own CRC), or a problem. */
function readIndex(source: ByteSource, at: number, trailer: Trailer): DataView | Problem {
  const bad = (reason: string): Problem => ({ code: 'INDEX_INVALID', offset: at, reason });
  if (trailer.indexOffset !== at) return bad(`the trailer points at an index at byte ${trailer.indexOffset}, but the frames end at ${at}`);
  const n = (trailer.indexBytes - INDEX_HEADER_BYTES - 4) / INDEX_ENTRY_BYTES;
  if (!Number.isInteger(n) || n < 0) return bad('the index length is not a whole number of entries');
  const bytes = source.copy(at, trailer.indexBytes);
  if (bytes.length < trailer.indexBytes) return bad('the file is shorter than when it was opened');
  const view = viewOf(bytes);
  if (!startsWith(bytes, 0, INDEX_MARKER)) return bad('no index marker "PYMI"');
  const end = trailer.indexBytes - 4;
  if (crc32(bytes.subarray(0, end)) !== view.getUint32(end, true)) return bad('index checksum mismatch');
  if (view.getUint32(4, true) !== n) return bad('the index frame count does not match its length');
  return view;
}

/** Checks trailer and index against the scanned frames (the index starts at `at`). */
function checkIndex(source: ByteSource, at: number, frames: readonly FrameInfo[]): Problem | null {
  const trailer = readTrailer(source, at);
  if ('code' in trailer) return trailer;
  const view = readIndex(source, at, trailer);
  if ('code' in view) return view;
  const bad = (reason: string): Problem => ({ code: 'INDEX_INVALID', offset: at, reason });
  if (view.getUint32(4, true) !== frames.length) return bad(`the index lists ${view.getUint32(4, true)} frames; the scan found ${frames.length}`);
  let records = 0;
  for (let i = 0, e = INDEX_HEADER_BYTES; i < frames.length; i++, e += INDEX_ENTRY_BYTES) {
    const f = frames[i];
    if (getU64(view, e) !== f.offset || getU64(view, e + 8) !== f.firstSeq || view.getUint32(e + 16, true) !== f.count || view.getUint32(e + 20, true) !== f.byteLength) {
      return bad(`index entry ${i} does not match frame ${i}`);
    }
    records += f.count;
  }
  if (records !== trailer.recordCount) return { code: 'TRAILER_INVALID', offset: source.size - TRAILER_BYTES, reason: `the trailer counts ${trailer.recordCount} records; the frames hold ${records}` };
  return null;
}

/** verify 'headers': frames from a consistent trailer + index + frame headers, or null (then scan). */
function trustIndex(source: ByteSource, headerBytes: number): FrameInfo[] | null {
  const trailer = readTrailer(source, headerBytes);
  if ('code' in trailer) return null;
  const view = readIndex(source, trailer.indexOffset, trailer);
  if ('code' in view) return null;
  const n = view.getUint32(4, true);
  const frames: FrameInfo[] = [];
  let p = headerBytes;
  let expectedSeq = -1;
  let records = 0;
  for (let i = 0, e = INDEX_HEADER_BYTES; i < n; i++, e += INDEX_ENTRY_BYTES) {
    const offset = getU64(view, e);
    const byteLength = view.getUint32(e + 20, true);
    if (offset !== p || byteLength < FRAME_OVERHEAD_BYTES || p + byteLength > trailer.indexOffset) return null;
    const h = parseFrameHeader(source.view(p, FRAME_HEADER_BYTES));
    if ('code' in h) return null;
    if (h.firstSeq !== getU64(view, e + 8) || h.count !== view.getUint32(e + 16, true) || FRAME_OVERHEAD_BYTES + h.stored !== byteLength) return null;
    if (expectedSeq >= 0 && h.firstSeq !== expectedSeq) return null;
    frames.push({
      index: i, firstSeq: h.firstSeq, count: h.count, offset, byteLength,
      compressed: (h.flags & FRAME_FLAG_DEFLATE) !== 0, rawByteLength: h.raw, storedByteLength: h.stored,
    });
    p += byteLength;
    expectedSeq = h.firstSeq + h.count;
    records += h.count;
  }
  if (p !== trailer.indexOffset || records !== trailer.recordCount) return null;
  return frames;
}
