/**
 * CRC-32 (ISO-HDLC: the zlib/PNG/gzip one, polynomial 0xEDB88320 reflected, initial and
 * final xor 0xFFFFFFFF). node:zlib has it natively from Node 20.15 (`zlib.crc32`); older
 * Nodes get the table-driven version below, which crc32.test.ts checks against the
 * standard check values and against zlib's.
 */
import * as zlib from 'node:zlib';

let table: Uint32Array | null = null;

function makeTable(): Uint32Array {
  const t = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    t[n] = c >>> 0;
  }
  return t;
}

/** The portable CRC-32: `initial` is the CRC of the bytes before (0 for none), as zlib.crc32. */
export function crc32Portable(bytes: Uint8Array, initial = 0): number {
  const t = (table ??= makeTable());
  let c = (initial ^ 0xffffffff) >>> 0;
  for (let i = 0; i < bytes.length; i++) c = t[(c ^ bytes[i]) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

type Crc32 = (bytes: Uint8Array, initial?: number) => number;
const native = (zlib as { crc32?: Crc32 }).crc32;

/** CRC-32 of `bytes`, continuing from `initial` (the CRC of the preceding bytes; 0 to start). */
export const crc32: Crc32 = typeof native === 'function'
  // Node 20's zlib.crc32 returns 0 for an empty view of an empty buffer (`new Uint8Array(0).subarray(0, 1)`),
  // not `initial`: the CRC of nothing more is what came before.
  ? (bytes, initial = 0) => (bytes.length === 0 ? initial >>> 0 : native(bytes, initial))
  : crc32Portable;

/** Whether `crc32` is node:zlib's native one. */
export const crc32IsNative: boolean = typeof native === 'function';
