import fc from 'fast-check';
import * as zlib from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { crc32, crc32IsNative, crc32Portable } from './crc32.js';
import { seed } from './testlog.fixture.js';

const ascii = (s: string) => new TextEncoder().encode(s);

describe('crc32', () => {
  // The CRC-32/ISO-HDLC check values (the "catalogue of parametrised CRC algorithms").
  const vectors: [string, number][] = [
    ['', 0x00000000],
    ['a', 0xe8b7be43],
    ['123456789', 0xcbf43926],
    ['The quick brown fox jumps over the lazy dog', 0x414fa339],
  ];

  it.each(vectors)('crc32(%j) = known value, both implementations', (s, expected) => {
    expect(crc32Portable(ascii(s))).toBe(expected);
    expect(crc32(ascii(s))).toBe(expected);
  });

  it('continues from a previous CRC (split anywhere gives the same result)', () => {
    const bytes = ascii('123456789');
    for (let k = 0; k <= bytes.length; k++) {
      expect(crc32Portable(bytes.subarray(k), crc32Portable(bytes.subarray(0, k)))).toBe(0xcbf43926);
      expect(crc32(bytes.subarray(k), crc32(bytes.subarray(0, k)))).toBe(0xcbf43926);
    }
  });

  it('an empty view, of any buffer, leaves the CRC as it was (Node 20 native returned 0 for a view of an empty buffer)', () => {
    for (const empty of [new Uint8Array(0), new Uint8Array(0).subarray(0, 16), new Uint8Array(3).subarray(3, 3)]) {
      expect(crc32(empty, 0x12345678)).toBe(0x12345678);
      expect(crc32Portable(empty, 0x12345678)).toBe(0x12345678);
    }
  });

  it('the portable implementation agrees with node:zlib on random bytes', () => {
    expect(crc32IsNative).toBe(typeof (zlib as { crc32?: unknown }).crc32 === 'function');
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), fc.nat({ max: 0xffffffff }), (bytes, init) => {
        expect(crc32Portable(bytes, init)).toBe(crc32(bytes, init));
      }),
      { seed, numRuns: 300 },
    );
  });
});
