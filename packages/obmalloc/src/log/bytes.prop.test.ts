import fc from 'fast-check';
import { expect, it } from 'vitest';
import { Bytes, Reader } from './bytes.js';

const seed = Number(process.env.PYMM_SEED ?? 20261127);
const big = fc.integer({ min: -(2 ** 52) + 1, max: 2 ** 52 - 1 });
const value = fc.oneof(fc.integer({ min: -300, max: 300 }).map((x) => x * 16), fc.integer(), big, big.map((x) => x - (x % 16)), fc.constantFrom(0, 1, -1, 16, -16, 2 ** 28, -(2 ** 28), 2 ** 31, -(2 ** 31)));

it('varuint, varint and delta16 round-trip every value (int32 fast paths and the slow ones)', () => {
  fc.assert(
    fc.property(fc.array(value, { maxLength: 50 }), (xs) => {
      const b = new Bytes();
      for (const x of xs) {
        b.delta16(x);
        b.varint(x);
        b.varuint(Math.abs(x));
      }
      const r = new Reader(b.view());
      for (const x of xs) {
        expect(r.delta16()).toBe(x);
        expect(r.varint()).toBe(x);
        expect(r.varuint()).toBe(Math.abs(x));
      }
      expect(r.done).toBe(true);
    }),
    { seed, numRuns: 500 },
  );
});
