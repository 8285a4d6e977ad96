/**
 * ByteReader: reads what ByteWriter wrote, never trusting the bytes. Every read checks it
 * stays inside the buffer and throws LogFormatError PAYLOAD_TRUNCATED instead of reading
 * past the end; a length read from the bytes is checked against what remains before
 * anything is sliced (and `count` bounds an element count before a codec allocates for it).
 * Malformed values (a varuint longer than 8 bytes or above 2^53-1, bad UTF-8, trailing
 * bytes) throw PAYLOAD_INVALID. Offsets in errors are payload positions.
 */
import { LogFormatError } from './errors.js';

// ignoreBOM: a string that starts with U+FEFF keeps it (the default drops a leading BOM)
const decoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

export class ByteReader {
  private pos: number;
  private readonly end: number;
  private readonly view: DataView;

  constructor(
    private readonly buf: Uint8Array,
    start = 0,
    end = buf.length,
  ) {
    if (start < 0 || end > buf.length || start > end) throw new RangeError(`bad ByteReader range ${start}..${end} of ${buf.length}`);
    this.pos = start;
    this.end = end;
    this.view = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
  }

  get position(): number {
    return this.pos;
  }
  /** Back to an earlier position (one `position` gave), to read the same bytes another way. */
  rewind(to: number): void {
    if (!(Number.isInteger(to) && to >= 0 && to <= this.pos)) throw new RangeError(`cannot rewind from ${this.pos} to ${to}`);
    this.pos = to;
  }

  get remaining(): number {
    return this.end - this.pos;
  }
  get atEnd(): boolean {
    return this.pos === this.end;
  }

  private truncated(what: string, need: number): LogFormatError {
    return new LogFormatError('PAYLOAD_TRUNCATED', this.pos, `payload ends inside ${what} (${need} bytes needed, ${this.end - this.pos} left)`);
  }

  private invalid(what: string, at = this.pos): LogFormatError {
    return new LogFormatError('PAYLOAD_INVALID', at, `invalid payload: ${what}`);
  }

  u8(): number {
    if (this.pos >= this.end) throw this.truncated('a u8', 1);
    return this.buf[this.pos++];
  }

  u32(): number {
    if (this.pos + 4 > this.end) throw this.truncated('a u32', 4);
    const v = this.view.getUint32(this.pos, true);
    this.pos += 4;
    return v;
  }

  f64(): number {
    if (this.pos + 8 > this.end) throw this.truncated('an f64', 8);
    const v = this.view.getFloat64(this.pos, true);
    this.pos += 8;
    return v;
  }

  varuint(): number {
    const buf = this.buf;
    const start = this.pos;
    let pos = start;
    if (pos < this.end) {
      const b = buf[pos];
      if (b < 0x80) {
        this.pos = pos + 1;
        return b;
      }
    }
    let result = 0;
    let mul = 1;
    for (let i = 0; i < 8; i++) {
      if (pos >= this.end) {
        this.pos = pos;
        throw this.truncated('a varuint', 1);
      }
      const b = buf[pos++];
      result += (b & 0x7f) * mul;
      if (b < 0x80) {
        if (result > Number.MAX_SAFE_INTEGER) throw this.invalid('varuint above 2^53-1', start);
        this.pos = pos;
        return result;
      }
      mul *= 128;
    }
    throw this.invalid('varuint longer than 8 bytes', start);
  }

  varint(): number {
    const u = this.varuint();
    if (u <= 0xffff_ffff) return (u >>> 1) ^ -(u & 1);
    return u % 2 === 0 ? u / 2 : -(u + 1) / 2;
  }

  /** The next n bytes (a view, not a copy). */
  bytes(n: number): Uint8Array {
    if (!Number.isInteger(n) || n < 0) throw new RangeError(`byte count ${n}`);
    if (n > this.end - this.pos) throw this.truncated('a byte string', n);
    const out = this.buf.subarray(this.pos, this.pos + n);
    this.pos += n;
    return out;
  }

  /** varuint length + bytes (a view). */
  blob(): Uint8Array {
    return this.bytes(this.varuint());
  }

  /** varuint length + UTF-8. */
  string(): string {
    const at = this.pos;
    const bytes = this.blob();
    // short ASCII (ints' decimal text, names): no decoder call
    if (bytes.length <= 32) {
      let s = '';
      let i = 0;
      for (; i < bytes.length && bytes[i]! < 0x80; i++) s += String.fromCharCode(bytes[i]!);
      if (i === bytes.length) return s;
    }
    try {
      return decoder.decode(bytes);
    } catch {
      throw this.invalid('string is not UTF-8', at);
    }
  }

  /**
   * Checks an element count read from the payload before allocating for it: each element
   * takes at least `minBytesEach` bytes, so more than remaining / minBytesEach is truncation.
   */
  count(n: number, minBytesEach = 1): number {
    if (n * minBytesEach > this.end - this.pos) throw this.truncated(`${n} elements`, n * minBytesEach);
    return n;
  }

  /** Throws PAYLOAD_INVALID if bytes remain. */
  expectEnd(): void {
    if (this.pos !== this.end) throw this.invalid(`${this.end - this.pos} trailing bytes`);
  }
}
