import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ByteReader, ByteWriter, LogFormatError, putVaruint32 } from './index.js';
import { seed } from './testlog.fixture.js';

type Op =
  | { t: 'u8'; v: number }
  | { t: 'u32'; v: number }
  | { t: 'f64'; v: number }
  | { t: 'varuint'; v: number }
  | { t: 'varint'; v: number }
  | { t: 'string'; v: string }
  | { t: 'blob'; v: Uint8Array };

const op: fc.Arbitrary<Op> = fc.oneof(
  fc.integer({ min: 0, max: 255 }).map((v) => ({ t: 'u8' as const, v })),
  fc.nat({ max: 0xffffffff }).map((v) => ({ t: 'u32' as const, v })),
  fc.double().map((v) => ({ t: 'f64' as const, v })),
  fc.oneof(fc.nat({ max: 300 }), fc.nat({ max: 0xffffffff }), fc.maxSafeNat()).map((v) => ({ t: 'varuint' as const, v })),
  fc.oneof(fc.integer({ min: -300, max: 300 }), fc.integer(), fc.integer({ min: -(2 ** 52), max: 2 ** 52 - 1 })).map((v) => ({ t: 'varint' as const, v })),
  fc.string({ unit: 'grapheme', maxLength: 20 }).map((v) => ({ t: 'string' as const, v })),
  // around the short-ASCII paths of string() (64 units written, 32 bytes read), with one non-ASCII character or none
  fc.tuple(fc.string({ unit: 'grapheme-ascii', minLength: 28, maxLength: 70 }), fc.constantFrom('', 'é', '€')).map(([a, b]) => ({ t: 'string' as const, v: a + b })),
  fc.uint8Array({ maxLength: 20 }).map((v) => ({ t: 'blob' as const, v })),
  // a leading U+FEFF is a character like any other, not a byte order mark to drop
  fc.string({ maxLength: 5 }).map((v) => ({ t: 'string' as const, v: `\ufeff${v}` })),
);

function write(ops: readonly Op[]): Uint8Array {
  const w = new ByteWriter(16);
  for (const o of ops) (w[o.t] as (v: unknown) => ByteWriter)(o.v);
  return w.finish();
}

function read(bytes: Uint8Array, ops: readonly Op[]): unknown[] {
  const r = new ByteReader(bytes);
  const out = ops.map((o) => r[o.t]());
  r.expectEnd();
  return out;
}

describe('ByteWriter / ByteReader', () => {
  it('round-trip any sequence of values (growing the buffer as needed)', () => {
    fc.assert(
      fc.property(fc.array(op, { maxLength: 60 }), (ops) => {
        const back = read(write(ops), ops);
        expect(back.map((v) => (v instanceof Uint8Array ? Array.from(v) : v))).toEqual(ops.map((o) => (o.v instanceof Uint8Array ? Array.from(o.v) : o.v)));
      }),
      { seed, numRuns: 500 },
    );
  });

  it('room() + putVaruint32 write what varuint() writes, between any other values', () => {
    fc.assert(
      fc.property(fc.array(op, { maxLength: 20 }), fc.array(fc.oneof(fc.nat({ max: 300 }), fc.nat({ max: 0xffffffff })), { minLength: 1, maxLength: 6 }), fc.array(op, { maxLength: 20 }), (before, values, after) => {
        const direct = write([...before, ...values.map((v) => ({ t: 'varuint' as const, v })), ...after]);
        const w = new ByteWriter(16);
        for (const o of before) (w[o.t] as (v: unknown) => ByteWriter)(o.v);
        const buf = w.room(5 * values.length);
        let pos = w.length;
        for (const v of values) pos = putVaruint32(buf, pos, v);
        w.advanceTo(pos);
        for (const o of after) (w[o.t] as (v: unknown) => ByteWriter)(o.v);
        expect(Array.from(w.finish())).toEqual(Array.from(direct));
      }),
      { seed, numRuns: 300 },
    );
  });

  it('every strict prefix of an encoding throws PAYLOAD_TRUNCATED, never reads past the end', () => {
    fc.assert(
      fc.property(fc.array(op, { minLength: 1, maxLength: 20 }), fc.nat(), (ops, cut) => {
        const bytes = write(ops);
        if (bytes.length === 0) return;
        const prefix = bytes.subarray(0, cut % bytes.length);
        let error: unknown = null;
        try {
          read(prefix, ops);
        } catch (e) {
          error = e;
        }
        expect(error).toBeInstanceOf(LogFormatError);
        expect((error as LogFormatError).code).toBe('PAYLOAD_TRUNCATED');
      }),
      { seed, numRuns: 500 },
    );
  });

  it('varuint: LEB128 boundaries and byte lengths', () => {
    const cases: [number, number[]][] = [
      [0, [0]],
      [127, [0x7f]],
      [128, [0x80, 0x01]],
      [300, [0xac, 0x02]],
      [2 ** 32 - 1, [0xff, 0xff, 0xff, 0xff, 0x0f]],
      [2 ** 32, [0x80, 0x80, 0x80, 0x80, 0x10]],
      [Number.MAX_SAFE_INTEGER, [0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x0f]],
    ];
    for (const [v, bytes] of cases) {
      expect(Array.from(new ByteWriter().varuint(v).finish())).toEqual(bytes);
      expect(new ByteReader(Uint8Array.from(bytes)).varuint()).toBe(v);
    }
  });

  it('varint: zigzag order and the extremes', () => {
    const w = new ByteWriter();
    for (const v of [0, -1, 1, -2, 2]) w.varint(v);
    expect(Array.from(w.finish())).toEqual([0, 1, 2, 3, 4]);
    for (const v of [2 ** 31 - 1, -(2 ** 31), 2 ** 31, -(2 ** 31) - 1, 2 ** 52 - 1, -(2 ** 52)]) {
      expect(new ByteReader(new ByteWriter().varint(v).finish()).varint()).toBe(v);
    }
  });

  it('rejects values it cannot encode exactly', () => {
    for (const v of [-1, 1.5, NaN, Infinity, 2 ** 53]) expect(() => new ByteWriter().varuint(v)).toThrow(RangeError);
    for (const v of [2 ** 52, -(2 ** 52) - 1, 0.5, NaN]) expect(() => new ByteWriter().varint(v)).toThrow(RangeError);
  });

  it('malformed bytes are PAYLOAD_INVALID: overlong varuint, above 2^53-1, bad UTF-8, trailing bytes', () => {
    const code = (f: () => unknown) => {
      try {
        f();
      } catch (e) {
        return (e as LogFormatError).code;
      }
      return 'no error';
    };
    expect(code(() => new ByteReader(new Uint8Array([0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x01])).varuint())).toBe('PAYLOAD_INVALID');
    expect(code(() => new ByteReader(new Uint8Array([0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x10])).varuint())).toBe('PAYLOAD_INVALID');
    expect(code(() => new ByteReader(new Uint8Array([2, 0xc3, 0x28])).string())).toBe('PAYLOAD_INVALID');
    expect(code(() => new ByteReader(new Uint8Array([1, 2])).expectEnd())).toBe('PAYLOAD_INVALID');
  });

  it('an untrusted length is checked before anything is sliced or allocated', () => {
    // A blob claiming 2^50 bytes in a 9-byte payload.
    const bytes = new ByteWriter().varuint(2 ** 50).finish();
    expect(() => new ByteReader(bytes).blob()).toThrow(/payload ends inside a byte string/);
    const r = new ByteReader(new Uint8Array([1, 2, 3]));
    expect(r.count(3)).toBe(3);
    expect(() => r.count(2, 2)).toThrow(LogFormatError);
    expect(() => r.count(1e12)).toThrow(expect.objectContaining({ code: 'PAYLOAD_TRUNCATED' }));
  });

  it('reads a sub-range of a buffer and reports positions', () => {
    const bytes = Uint8Array.from([9, 9, 5, 6, 9]);
    const r = new ByteReader(bytes, 2, 4);
    expect([r.u8(), r.remaining, r.u8(), r.atEnd, r.position]).toEqual([5, 1, 6, true, 4]);
    expect(() => r.u8()).toThrow(expect.objectContaining({ code: 'PAYLOAD_TRUNCATED', offset: 4 }));
  });

  it('reset reuses the buffer; finish copies', () => {
    const w = new ByteWriter();
    const a = w.u8(1).u8(2).finish();
    w.reset().u8(3);
    expect([Array.from(a), Array.from(w.finish()), w.length]).toEqual([[1, 2], [3], 1]);
  });
});
