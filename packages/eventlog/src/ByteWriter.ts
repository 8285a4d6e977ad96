/**
 * ByteWriter: the growable byte buffer codecs encode payloads into.
 *
 *   u8        1 byte
 *   u32       4 bytes, little-endian
 *   f64       8 bytes, IEEE 754 little-endian
 *   varuint   unsigned LEB128, 1..8 bytes, values 0 .. 2^53-1
 *   varint    zigzag then LEB128: 0->0, -1->1, 1->2, -2->3 ...; values -2^52 .. 2^52-1
 *   blob      varuint length + bytes
 *   string    varuint length + UTF-8 bytes
 *
 * Numbers up to 2^32 take a bit-operation fast path; nothing allocates until the buffer
 * must grow (it doubles). finish() copies out the bytes; reset() reuses the buffer.
 */
export class ByteWriter {
  private buf: Uint8Array;
  private view: DataView;
  private pos = 0;

  constructor(initialCapacity = 256) {
    this.buf = new Uint8Array(Math.max(16, initialCapacity));
    this.view = new DataView(this.buf.buffer);
  }

  /** Bytes written so far. */
  get length(): number {
    return this.pos;
  }

  private grow(need: number): void {
    let cap = this.buf.length * 2;
    while (cap < this.pos + need) cap *= 2;
    const next = new Uint8Array(cap);
    next.set(this.buf.subarray(0, this.pos));
    this.buf = next;
    this.view = new DataView(next.buffer);
  }

  u8(value: number): this {
    if (this.pos + 1 > this.buf.length) this.grow(1);
    this.buf[this.pos++] = value;
    return this;
  }

  u32(value: number): this {
    if (this.pos + 4 > this.buf.length) this.grow(4);
    this.view.setUint32(this.pos, value, true);
    this.pos += 4;
    return this;
  }

  f64(value: number): this {
    if (this.pos + 8 > this.buf.length) this.grow(8);
    this.view.setFloat64(this.pos, value, true);
    this.pos += 8;
    return this;
  }

  /** Unsigned LEB128 of an integer 0 .. 2^53-1 (RangeError otherwise). */
  varuint(value: number): this {
    if (this.pos + 8 > this.buf.length) this.grow(8);
    const buf = this.buf;
    let pos = this.pos;
    let v = value;
    if (v >>> 0 === v) {
      while (v >= 0x80) {
        buf[pos++] = (v & 0x7f) | 0x80;
        v >>>= 7;
      }
    } else {
      if (!Number.isSafeInteger(v) || v < 0) throw new RangeError(`varuint takes an integer 0 .. 2^53-1, not ${value}`);
      while (v >= 0x80) {
        buf[pos++] = (v % 128) | 0x80;
        v = Math.floor(v / 128);
      }
    }
    buf[pos++] = v;
    this.pos = pos;
    return this;
  }

  /** Zigzag + LEB128 of an integer -2^52 .. 2^52-1 (RangeError otherwise). */
  varint(value: number): this {
    if ((value | 0) === value) return this.varuint(((value << 1) ^ (value >> 31)) >>> 0);
    if (!Number.isSafeInteger(value) || value < -(2 ** 52) || value >= 2 ** 52) {
      throw new RangeError(`varint takes an integer -2^52 .. 2^52-1, not ${value}`);
    }
    return this.varuint(value >= 0 ? value * 2 : -value * 2 - 1);
  }

  /** The bytes as they are (no length). */
  bytes(bytes: Uint8Array): this {
    if (this.pos + bytes.length > this.buf.length) this.grow(bytes.length);
    this.buf.set(bytes, this.pos);
    this.pos += bytes.length;
    return this;
  }

  /** varuint length + the bytes. */
  blob(bytes: Uint8Array): this {
    return this.varuint(bytes.length).bytes(bytes);
  }

  /** varuint length + UTF-8 (a short ASCII string is copied as is, without an encoder call). */
  string(value: string): this {
    const n = value.length;
    if (n <= SHORT_STRING) {
      let ascii = true;
      for (let i = 0; i < n; i++) if (value.charCodeAt(i) >= 0x80) { ascii = false; break; }
      if (ascii) {
        this.varuint(n);
        if (this.pos + n > this.buf.length) this.grow(n);
        const buf = this.buf;
        let pos = this.pos;
        for (let i = 0; i < n; i++) buf[pos++] = value.charCodeAt(i);
        this.pos = pos;
        return this;
      }
    }
    return this.blob(encoder.encode(value));
  }

  /**
   * Room for `n` more bytes: the buffer to write into from `length` on, for encoders that
   * write a whole record with one bounds check (putVaruint32); then advanceTo(their end).
   */
  room(n: number): Uint8Array {
    if (this.pos + n > this.buf.length) this.grow(n);
    return this.buf;
  }

  /** After writing into room()'s buffer: the bytes up to `pos` are written. */
  advanceTo(pos: number): this {
    if (!Number.isInteger(pos) || pos < this.pos || pos > this.buf.length) throw new RangeError(`cannot advance from ${this.pos} to ${pos}`);
    this.pos = pos;
    return this;
  }

  /** A copy of the bytes written. */
  finish(): Uint8Array {
    return this.buf.slice(0, this.pos);
  }

  /** Forget the bytes written; keep the buffer. */
  reset(): this {
    this.pos = 0;
    return this;
  }

  /** Forget the bytes written after the first `length` (to take back the last item). */
  truncate(length: number): this {
    if (!Number.isInteger(length) || length < 0 || length > this.pos) throw new RangeError(`cannot truncate ${this.pos} bytes to ${length}`);
    this.pos = length;
    return this;
  }
}

const encoder = new TextEncoder();
/** Strings up to this long take string()'s ASCII path (ints' decimal text, names). */
const SHORT_STRING = 64;

/** LEB128 of `v` (a whole number below 2^32) into `buf` at `pos` (room() made space); returns the position after it. */
export function putVaruint32(buf: Uint8Array, pos: number, v: number): number {
  while (v >= 0x80) {
    buf[pos++] = (v & 0x7f) | 0x80;
    v >>>= 7;
  }
  buf[pos++] = v;
  return pos;
}
