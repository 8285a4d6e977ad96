/**
 * Random access to a log's bytes: a file read on demand through a 1 MiB window, or bytes
 * in memory. Callers never allocate from a length read out of the file: every length is
 * checked against `size` (and the format's bounds) before `view` or `copy` is called.
 */
import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import { crc32 } from './crc32.js';

export interface ByteSource {
  /** Size when opened. */
  readonly size: number;
  /** Bytes [offset, offset+length), valid until the next call; fewer if the file shrank. */
  view(offset: number, length: number): Uint8Array;
  /** A fresh copy of bytes [offset, offset+length); fewer if the file shrank. */
  copy(offset: number, length: number): Uint8Array;
  close(): void;
}

const WINDOW_BYTES = 1 << 20;

export class MemorySource implements ByteSource {
  readonly size: number;
  constructor(private readonly bytes: Uint8Array) {
    this.size = bytes.length;
  }
  view(offset: number, length: number): Uint8Array {
    return this.bytes.subarray(offset, offset + length);
  }
  copy(offset: number, length: number): Uint8Array {
    return this.bytes.slice(offset, offset + length);
  }
  close(): void {}
}

export class FileSource implements ByteSource {
  readonly size: number;
  private fd: number;
  private window = new Uint8Array(0);
  private windowStart = 0;
  private windowLength = 0;

  constructor(path: string) {
    this.fd = openSync(path, 'r');
    try {
      this.size = fstatSync(this.fd).size;
    } catch (e) {
      closeSync(this.fd);
      throw e;
    }
  }

  private readInto(into: Uint8Array, offset: number): number {
    if (this.fd < 0) throw new Error('the log reader is closed');
    let got = 0;
    while (got < into.length) {
      const n = readSync(this.fd, into, got, into.length - got, offset + got);
      if (n === 0) break;
      got += n;
    }
    return got;
  }

  view(offset: number, length: number): Uint8Array {
    if (offset >= this.windowStart && offset + length <= this.windowStart + this.windowLength) {
      return this.window.subarray(offset - this.windowStart, offset - this.windowStart + length);
    }
    if (length > WINDOW_BYTES) return this.copy(offset, length);
    if (this.window.length === 0) this.window = new Uint8Array(WINDOW_BYTES);
    this.windowStart = offset;
    this.windowLength = this.readInto(this.window, offset);
    return this.window.subarray(0, Math.min(length, this.windowLength));
  }

  copy(offset: number, length: number): Uint8Array {
    const into = new Uint8Array(length);
    const got = this.readInto(into, offset);
    return got === length ? into : into.subarray(0, got);
  }

  close(): void {
    if (this.fd >= 0) closeSync(this.fd);
    this.fd = -1;
    this.window = new Uint8Array(0);
    this.windowLength = 0;
  }
}

/**
 * CRC-32 of bytes [offset, offset+length) read in window-sized pieces (bounded memory for
 * 64 MiB frames), or -1 if the source has fewer bytes than that.
 */
export function crc32Of(source: ByteSource, offset: number, length: number, initial = 0): number {
  let crc = initial;
  for (let at = offset, left = length; left > 0; ) {
    const n = Math.min(left, WINDOW_BYTES);
    const piece = source.view(at, n);
    if (piece.length < n) return -1;
    crc = crc32(piece, crc);
    at += n;
    left -= n;
  }
  return crc;
}
