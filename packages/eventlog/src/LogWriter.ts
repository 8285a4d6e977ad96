/**
 * LogWriter: appends frames to a new log file, synchronously.
 *
 * Crash safety comes from the order of writes, not from the operating system: the file
 * header, then each frame in one positioned fs.writeSync of header + payload + CRC, then on
 * close the index and trailer in one write, fsync, close. A process that dies at any point
 * leaves the file header, whole frames, and at most one torn frame (or a torn index); the
 * reader keeps the whole frames and reports the rest (LogReader.recovered).
 *
 * Frame layout (FRAME_HEADER_BYTES = 32, then the payload, then 4 bytes of CRC):
 *
 *   offset  bytes  field
 *   0       4      FRAME_MARKER "PYMF"
 *   4       4      flags (u32): bit 0 = payload deflated (raw deflate); others 0
 *   8       8      firstSeq (u64)
 *   16      4      count (u32) >= 1
 *   20      4      storedBytes (u32): payload bytes in the file
 *   24      4      rawBytes (u32): payload bytes after inflating (= storedBytes if not deflated)
 *   28      4      headerCrc: CRC-32 of bytes [0, 28)
 *   32      s      payload
 *   32+s    4      frameCrc: CRC-32 of bytes [0, 28) then the payload, i.e. crc32(payload, headerCrc)
 *
 * Why not a CRC of bytes [0, 32+s)? Because a CRC run over a message followed by its own
 * CRC always ends in the same state, the header would contribute a constant and a header
 * could be paired with another frame's payload. Continuing from headerCrc binds the two.
 */
import { closeSync, fdatasyncSync, fsyncSync, openSync, renameSync, rmSync, statSync, writeSync, type Stats } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { threadId } from 'node:worker_threads';
import { deflateRawSync } from 'node:zlib';
import { crc32 } from './crc32.js';
import { LogWriteError } from './errors.js';
import {
  FRAME_FLAG_DEFLATE, FRAME_HEADER_BYTES, FRAME_MARKER, FRAME_OVERHEAD_BYTES, INDEX_ENTRY_BYTES, INDEX_HEADER_BYTES,
  INDEX_MARKER, MAX_FRAME_PAYLOAD_BYTES, MAX_FRAME_RECORDS, TRAILER_BYTES, TRAILER_MAGIC, setU64, viewOf,
} from './format.js';
import { encodeFileHeader, type LogHeader } from './LogHeader.js';

/** Where a frame sits in the file and what it holds. */
export interface FrameInfo {
  /** Position among the log's frames, from 0. */
  readonly index: number;
  /** Seq of its first record; the next frame starts at firstSeq + count. */
  readonly firstSeq: number;
  /** Records in the frame (>= 1). */
  readonly count: number;
  /** Byte offset of the frame (its marker) in the file. */
  readonly offset: number;
  /** Bytes the whole frame takes in the file: header, stored payload and CRC. */
  readonly byteLength: number;
  /** Whether the payload is stored deflated. */
  readonly compressed: boolean;
  /** Bytes of the payload as the codec wrote it (after inflating). */
  readonly rawByteLength: number;
  /** Bytes of the payload as stored (= byteLength - FRAME_OVERHEAD_BYTES). */
  readonly storedByteLength: number;
}

export interface LogWriterOptions {
  /** 'auto' (default): deflate each payload and keep the result only if it is smaller. */
  readonly compress?: 'auto' | 'never';
  /** zlib level for 'auto' (1 fastest .. 9 smallest; default 6). */
  readonly compressLevel?: number;
  /** Replace an existing file (default: refuse). */
  readonly overwrite?: boolean;
  /** Seq of the first record (default 0). */
  readonly startSeq?: number;
  /** 'close' (default): fsync once, on close. 'frame': also fdatasync after every frame. */
  readonly sync?: 'close' | 'frame';
  /**
   * Write to a temporary file beside `path`, renamed onto it by close(); abort() and a
   * failure remove it. An existing file at `path` stays as it was until the new log is
   * complete (with overwrite), and a path that is not a regular file is refused.
   */
  readonly viaTemporary?: boolean;
}

let temporaries = 0;
/** A name beside `path` no other writer (process or thread) picks. */
function temporaryBeside(path: string): string {
  return join(dirname(path), `.${basename(path)}.${process.pid}.${threadId}.${temporaries++}.tmp`);
}

function writeAll(fd: number, bytes: Uint8Array, position: number): void {
  for (let done = 0; done < bytes.length; ) {
    done += writeSync(fd, bytes, done, bytes.length - done, position + done);
  }
}

export class LogWriter {
  private fd: number;
  private state: 'open' | 'closed' | 'failed' = 'open';
  private position: number;
  private nextSeq: number;
  private records = 0;
  private readonly offsets: number[] = [];
  private readonly firstSeqs: number[] = [];
  private readonly counts: number[] = [];
  private readonly frameBytes: number[] = [];

  private constructor(
    fd: number,
    readonly path: string,
    readonly header: LogHeader,
    headerBytes: number,
    private readonly compress: 'auto' | 'never',
    private readonly syncEachFrame: boolean,
    startSeq: number,
    private readonly compressLevel: number,
  ) {
    this.fd = fd;
    this.position = headerBytes;
    this.nextSeq = startSeq;
  }

  /** Creates `path` (refusing to replace an existing file unless `overwrite`) and writes the file header. */
  static create(path: string, header: LogHeader, options: LogWriterOptions = {}): LogWriter {
    const startSeq = options.startSeq ?? 0;
    if (!Number.isSafeInteger(startSeq) || startSeq < 0) {
      throw new LogWriteError('SEQ_NOT_DENSE', `startSeq must be a non-negative safe integer, not ${startSeq}`);
    }
    const bytes = encodeFileHeader(header);
    if (typeof bytes === 'string') throw new LogWriteError('INVALID_HEADER', `cannot write the log header: ${bytes}`);
    let fd: number;
    const tmp = options.viaTemporary ? temporaryBeside(path) : null;
    try {
      if (tmp !== null) {
        let existing: Stats | null = null;
        try { existing = statSync(path); } catch (e) { if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e; }
        if (existing !== null && !existing.isFile()) throw new LogWriteError('NOT_A_FILE', `${path} is not a regular file; a log is written only to a file`);
        if (existing !== null && !options.overwrite) throw Object.assign(new Error('exists'), { code: 'EEXIST' });
      }
      fd = openSync(tmp ?? path, tmp !== null || !options.overwrite ? 'wx' : 'w');
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'EEXIST') {
        throw new LogWriteError('FILE_EXISTS', `${path} already exists; pass { overwrite: true } to replace it`);
      }
      throw e;
    }
    const giveUp = (e: unknown): never => {
      closeSync(fd);
      if (tmp !== null) rmSync(tmp, { force: true });
      throw e;
    };
    try {
      writeAll(fd, bytes, 0);
    } catch (e) {
      giveUp(e);
    }
    const level = options.compressLevel ?? 6;
    if (!Number.isInteger(level) || level < 1 || level > 9) giveUp(new RangeError(`compressLevel must be 1..9, not ${level}`));
    const w = new LogWriter(fd, path, header, bytes.length, options.compress ?? 'auto', options.sync === 'frame', startSeq, level);
    w.tmp = tmp;
    return w;
  }

  /** Bytes in the file so far. */
  get bytesWritten(): number {
    return this.position;
  }
  get recordCount(): number {
    return this.records;
  }
  get frameCount(): number {
    return this.offsets.length;
  }
  /** The firstSeq the next frame must have. */
  get endSeq(): number {
    return this.nextSeq;
  }
  get closed(): boolean {
    return this.state !== 'open';
  }

  /**
   * Appends one frame: `payload` is the codec's bytes for records firstSeq .. firstSeq+count-1.
   * firstSeq must be the previous frame's firstSeq + count (the first frame's: startSeq).
   */
  appendFrame(firstSeq: number, count: number, payload: Uint8Array): FrameInfo {
    if (this.state !== 'open') {
      throw new LogWriteError(this.state === 'closed' ? 'CLOSED' : 'FAILED', `${this.path}: the log writer is ${this.state}`);
    }
    if (firstSeq !== this.nextSeq) {
      throw new LogWriteError('SEQ_NOT_DENSE', `${this.path}: frame starts at seq ${firstSeq}, expected ${this.nextSeq} (seqs are dense)`);
    }
    if (!Number.isInteger(count) || count < 1 || count > MAX_FRAME_RECORDS || firstSeq + count > Number.MAX_SAFE_INTEGER) {
      throw new LogWriteError('INVALID_COUNT', `${this.path}: a frame holds 1 to ${MAX_FRAME_RECORDS} records ending below 2^53, not ${count}`);
    }
    if (!(payload instanceof Uint8Array)) throw new TypeError('payload must be a Uint8Array');
    if (payload.length > MAX_FRAME_PAYLOAD_BYTES) {
      throw new LogWriteError('FRAME_TOO_LARGE', `${this.path}: payload of ${payload.length} bytes exceeds ${MAX_FRAME_PAYLOAD_BYTES}; use smaller frames`);
    }
    let stored = payload;
    let flags = 0;
    if (this.compress === 'auto' && payload.length > 0) {
      // memLevel 9 (zlib's largest hash state): the same deflate stream format, 1.25 to 1.6x
      // faster at the low levels logs are written with, the same size within 0.5%
      const deflated = deflateRawSync(payload, { level: this.compressLevel, memLevel: 9 });
      if (deflated.length < payload.length) {
        stored = deflated;
        flags = FRAME_FLAG_DEFLATE;
      }
    }
    const frame = new Uint8Array(FRAME_OVERHEAD_BYTES + stored.length);
    const view = viewOf(frame);
    frame.set(FRAME_MARKER, 0);
    view.setUint32(4, flags, true);
    setU64(view, 8, firstSeq);
    view.setUint32(16, count, true);
    view.setUint32(20, stored.length, true);
    view.setUint32(24, payload.length, true);
    const headerCrc = crc32(frame.subarray(0, 28));
    view.setUint32(28, headerCrc, true);
    frame.set(stored, FRAME_HEADER_BYTES);
    view.setUint32(FRAME_HEADER_BYTES + stored.length, crc32(stored, headerCrc), true);

    const offset = this.position;
    try {
      writeAll(this.fd, frame, offset);
      if (this.syncEachFrame) fdatasyncSync(this.fd);
    } catch (e) {
      this.fail();
      throw e;
    }
    const info: FrameInfo = {
      index: this.offsets.length, firstSeq, count, offset, byteLength: frame.length,
      compressed: flags !== 0, rawByteLength: payload.length, storedByteLength: stored.length,
    };
    this.position += frame.length;
    this.nextSeq = firstSeq + count;
    this.records += count;
    this.offsets.push(offset);
    this.firstSeqs.push(firstSeq);
    this.counts.push(count);
    this.frameBytes.push(frame.length);
    return info;
  }

  /**
   * Writes the index and the trailer pointing at it, fsyncs and closes. A second call does
   * nothing. Index: "PYMI", frameCount (u32), 24-byte entries, CRC-32. Trailer: "PYMMEND\n",
   * indexOffset, indexBytes, recordCount (u64 each), CRC-32 of the 32 bytes before it.
   */
  close(): void {
    if (this.state === 'closed') return;
    if (this.state === 'failed') {
      this.release();
      this.removeTemporary();
      this.state = 'closed';
      return;
    }
    const n = this.offsets.length;
    const indexBytes = INDEX_HEADER_BYTES + n * INDEX_ENTRY_BYTES + 4;
    const tail = new Uint8Array(indexBytes + TRAILER_BYTES);
    const view = viewOf(tail);
    tail.set(INDEX_MARKER, 0);
    view.setUint32(4, n, true);
    for (let i = 0, at = INDEX_HEADER_BYTES; i < n; i++, at += INDEX_ENTRY_BYTES) {
      setU64(view, at, this.offsets[i]);
      setU64(view, at + 8, this.firstSeqs[i]);
      view.setUint32(at + 16, this.counts[i], true);
      view.setUint32(at + 20, this.frameBytes[i], true);
    }
    view.setUint32(indexBytes - 4, crc32(tail.subarray(0, indexBytes - 4)), true);
    const t = indexBytes;
    tail.set(TRAILER_MAGIC, t);
    setU64(view, t + 8, this.position);
    setU64(view, t + 16, indexBytes);
    setU64(view, t + 24, this.records);
    view.setUint32(t + 32, crc32(tail.subarray(t, t + 32)), true);
    try {
      writeAll(this.fd, tail, this.position);
      fsyncSync(this.fd);
    } catch (e) {
      this.fail();
      this.removeTemporary();
      throw e;
    }
    this.position += tail.length;
    this.release();
    if (this.tmp !== null) {
      try {
        renameSync(this.tmp, this.path);
      } catch (e) {
        this.state = 'failed';
        this.removeTemporary();
        throw e;
      }
      this.tmp = null;
    }
    this.state = 'closed';
  }

  /** viaTemporary: the file being written (renamed onto `path` by close()), else null. */
  private tmp: string | null = null;

  private removeTemporary(): void {
    if (this.tmp === null) return;
    this.release();
    rmSync(this.tmp, { force: true });
    this.tmp = null;
  }

  /**
   * Closes the file without writing the index and trailer, leaving it as a crash would (the
   * reader finds the frames by scanning and reports the missing index). For tests and for
   * giving up on a log that will be deleted.
   */
  abort(): void {
    if (this.state === 'closed') return;
    this.release();
    // viaTemporary: nothing was written at `path`; the partial file goes
    this.removeTemporary();
    this.state = 'closed';
  }

  private fail(): void {
    this.state = 'failed';
  }

  private release(): void {
    if (this.fd >= 0) closeSync(this.fd);
    this.fd = -1;
  }
}
