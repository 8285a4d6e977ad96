/**
 * Minimal growable byte writer and bounds-checked reader for the codec's streams.
 * (Kept local so the allocator package stays free of dependencies; the container format
 * itself is @pymm/eventlog's.)
 */
export class CodecError extends Error {
  override readonly name = 'CodecError';
  readonly code = 'PAYLOAD_CORRUPT';
}

export class Bytes {
  buf = new Uint8Array(256);
  length = 0;
  private grow(n: number): void {
    let size = this.buf.length * 2;
    while (size < this.length + n) size *= 2;
    const b = new Uint8Array(size);
    b.set(this.buf.subarray(0, this.length));
    this.buf = b;
  }
  /** Makes room for `n` more bytes at once. */
  reserve(n: number): void {
    if (this.length + n > this.buf.length) this.grow(n);
  }
  u8(x: number): void {
    if (this.length + 1 > this.buf.length) this.grow(1);
    this.buf[this.length++] = x;
  }
  /** LEB128, for whole numbers 0 .. 2^53 (int32 arithmetic below 2^31: no float modulo). */
  varuint(x: number): void {
    if (this.length + 8 > this.buf.length) this.grow(8);
    const buf = this.buf;
    if (x < 0x8000_0000) {
      let v = x | 0;
      while (v >= 128) {
        buf[this.length++] = (v & 127) | 128;
        v >>>= 7;
      }
      buf[this.length++] = v;
      return;
    }
    while (x >= 128) {
      buf[this.length++] = (x % 128) | 128;
      x = Math.floor(x / 128);
    }
    buf[this.length++] = x;
  }
  /** A signed delta: zigzag, then LEB128. |x| < 2^52. */
  varint(x: number): void {
    this.varuint(x >= 0 ? 2 * x : -2 * x - 1);
  }
  /** An address delta: multiples of 16 (the common case) cost 4 bits less. */
  delta16(x: number): void {
    if (x > -0x1000_0000 && x < 0x1000_0000) {
      // int32 fast path: |x| < 2^28
      const v = x | 0;
      if ((v & 15) === 0) {
        const h = v >> 4;
        this.varuint(((h << 1) ^ (h >> 31)) << 1); // zigzag(x/16) * 2, even, < 2^26
        return;
      }
    } else if (x % 16 === 0) {
      this.varuint((x >= 0 ? x / 8 : -x / 8 - 1) * 2); // = zigzag(x/16) * 2, even
      return;
    }
    this.varuint(1);
    this.varint(x);
  }
  bytes(b: Uint8Array): void {
    if (this.length + b.length > this.buf.length) this.grow(b.length);
    this.buf.set(b, this.length);
    this.length += b.length;
  }
  view(): Uint8Array {
    return this.buf.subarray(0, this.length);
  }
  reset(): void {
    this.length = 0;
  }
}

export class Reader {
  pos: number;
  constructor(
    readonly buf: Uint8Array,
    start = 0,
    readonly end = buf.length,
  ) {
    this.pos = start;
  }
  get done(): boolean {
    return this.pos >= this.end;
  }
  u8(): number {
    if (this.pos >= this.end) throw new CodecError('payload ends inside a value');
    return this.buf[this.pos++];
  }
  varuint(): number {
    // one-byte values first (most of them)
    if (this.pos < this.end) {
      const b0 = this.buf[this.pos];
      if (b0 < 128) {
        this.pos++;
        return b0;
      }
    }
    let x = 0, mul = 1;
    for (let i = 0; i < 8; i++) {
      if (this.pos >= this.end) throw new CodecError('payload ends inside a varint');
      const b = this.buf[this.pos++];
      x += (b & 127) * mul;
      if (b < 128) return x;
      mul *= 128;
    }
    throw new CodecError('varint longer than 8 bytes');
  }
  varint(): number {
    const z = this.varuint();
    return z % 2 === 0 ? z / 2 : -(z + 1) / 2;
  }
  delta16(): number {
    const z = this.varuint();
    if (z === 1) return this.varint();
    if (z < 0x8000_0000) {
      if ((z & 1) !== 0) throw new CodecError('bad address delta');
      const h = z >>> 1;
      return ((h >>> 1) ^ -(h & 1)) * 16;
    }
    if (z % 2 !== 0) throw new CodecError('bad address delta');
    const h = z / 2;
    return (h % 2 === 0 ? h / 2 : -(h + 1) / 2) * 16;
  }
  /** A sub-reader over the next `n` bytes (bounded by this one). */
  take(n: number): Reader {
    if (n < 0 || this.pos + n > this.end) throw new CodecError(`a stream of ${n} bytes does not fit in the payload`);
    const r = new Reader(this.buf, this.pos, this.pos + n);
    this.pos += n;
    return r;
  }
}
