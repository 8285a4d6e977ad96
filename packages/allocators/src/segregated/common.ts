/**
 * Helpers both segregated families share: typed-array growth, the bitmap search, the
 * unit-range check, reading fields of an event, walking a linked list.
 *
 * Units: every region slot i covers units [i * unitsPerRegion, (i + 1) * unitsPerRegion)
 * of one global unit space, one unit per alignment step. Since the system layer puts
 * slot i at HEAP_BASE + i * regionBytes, unit g is the address HEAP_BASE + g * alignmentBytes
 * exactly, for any slot: the per-unit arrays of a family are indexed by g.
 */
import { AllocatorError, type AllocatorEvent } from '@pymm/obmalloc';

/** No block / no page / empty list. */
export const NIL = -1;

/** The largest global unit index the Int32 link arrays can hold. */
export const MAX_UNITS = 2 ** 31 - 1;

/** An Int32Array of `length`, the old contents first, the rest filled with `fill`. */
export function growInt32(a: Int32Array<ArrayBuffer>, length: number, fill: number): Int32Array<ArrayBuffer> {
  if (length <= a.length) return a;
  const b = new Int32Array(length);
  b.set(a);
  if (fill !== 0) b.fill(fill, a.length);
  return b;
}

export function growInt16(a: Int16Array<ArrayBuffer>, length: number, fill: number): Int16Array<ArrayBuffer> {
  if (length <= a.length) return a;
  const b = new Int16Array(length);
  b.set(a);
  if (fill !== 0) b.fill(fill, a.length);
  return b;
}

/** Refuse a region slot whose units a 32-bit unit index cannot reach. */
export function checkUnitRange(slot: number, unitsPerRegion: number): void {
  if ((slot + 1) * unitsPerRegion > MAX_UNITS) {
    throw new AllocatorError('OUT_OF_ADDRESS_SPACE', `region slot ${slot} is beyond what 32-bit unit indices address`);
  }
}

/**
 * The slot capacity to grow to so that `slot` fits (doubling), refusing a slot whose words
 * (`wordsPerRegion` entries of a per-unit array) an Int32 index cannot reach.
 */
export function slotCapacityFor(slot: number, capacity: number, wordsPerRegion: number): number {
  checkUnitRange(slot, wordsPerRegion);
  let c = Math.max(capacity, 4);
  while (c <= slot) c *= 2;
  return Math.min(c, Math.floor(MAX_UNITS / wordsPerRegion));
}

/** Index of the lowest set bit at or above `from` in a bitmap of 32-bit words, else -1. */
export function firstSetAtOrAbove(bits: Int32Array, from: number): number {
  let w = from >> 5;
  if (w >= bits.length) return -1;
  let word = bits[w] & (-1 << (from & 31));
  while (word === 0) {
    if (++w >= bits.length) return -1;
    word = bits[w];
  }
  return (w << 5) + (31 - Math.clz32(word & -word));
}

export function setBit(bits: Int32Array, i: number): void {
  bits[i >> 5] |= 1 << (i & 31);
}

export function clearBit(bits: Int32Array, i: number): void {
  bits[i >> 5] &= ~(1 << (i & 31));
}

export function testBit(bits: Int32Array, i: number): boolean {
  return (bits[i >> 5] & (1 << (i & 31))) !== 0;
}

export function hex(a: number): string {
  return '0x' + a.toString(16);
}

/** A numeric field of an event (evolve never validates: the decider wrote it). */
export function field(e: AllocatorEvent, name: string): number {
  return (e as { readonly [k: string]: unknown })[name] as number;
}

/** An event this family's evolve does not know: a programming error, not a refused command. */
export function unknownEvent(family: string, e: AllocatorEvent): never {
  const f = (e as { readonly family?: unknown }).family;
  throw new TypeError(`${family}: cannot apply event ${e.type}${typeof f === 'string' ? ` of family ${f}` : ''}`);
}

export const isPow2 = (x: number): boolean => Number.isInteger(x) && x > 0 && (x & (x - 1)) === 0;

/**
 * The walk of a doubly linked list: the next link of unit g at next[g * stride + at], the
 * previous at prev[g * stride + at + (next === prev ? 1 : 0)]. Its units, or a message when
 * it is broken.
 */
export function walkList(head: number, next: Int32Array, prev: Int32Array, stride: number, at: number, limit: number): { units: number[]; error: string | null } {
  const units: number[] = [];
  const prevAt = at + (next === prev ? 1 : 0);
  let before = NIL;
  for (let g = head; g !== NIL; g = next[g * stride + at]) {
    if (g < 0 || g * stride >= next.length) return { units, error: `link to unit ${g} outside the arrays` };
    const p = prev[g * stride + prevAt];
    if (p !== before) return { units, error: `unit ${g}: prev ${p}, expected ${before}` };
    units.push(g);
    if (units.length > limit) return { units, error: 'cycle (longer than the heap)' };
    before = g;
  }
  return { units, error: null };
}
