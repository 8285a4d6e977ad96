/**
 * Sequential fit: first fit, next fit and best fit over one address-ordered free list
 * with boundary tags, immediate coalescing and splitting, as three allocator families
 * sharing one heap (SequentialFitHeap.ts). README.md has the full description.
 *
 * Follows  Wilson, Johnstone, Neely & Boles, "Dynamic Storage Allocation: A Survey and
 *          Critical Review" (IWMM 1995), §3.4 Sequential Fits; Knuth, TAOCP vol. 1,
 *          §2.5 (Algorithm A, first fit, with exercise 6's roving pointer for next fit;
 *          Algorithm C, liberation with boundary tags).
 * Differs  the free list is not a linked list but its exact answers from search trees
 *          (first and next fit: max trees over free-block starts by address; best fit:
 *          exact-size bins ordered by address plus a (size, address) heap), so a search
 *          costs O(log n) and not O(free blocks); blocks are never read or written.
 *
 *   policy     takes                                                   ties
 *   first fit  the lowest-address free block that fits                -
 *   next fit   the lowest fitting free block at or after the rover;   -
 *              none: the lowest fitting one (wrap around once)
 *   best fit   the smallest free block that fits                      lowest address
 *
 *   event            emitted when                                       evolve (apply method)
 *   RegionMapped     no free block fits: the lowest unmapped slot       mapAt: the region is
 *                                                                       one free block
 *   BlockSplit       the chosen block exceeds the need by at least     splitAt: front part of
 *                    the minimum block (32 bytes)                       `need` + free remainder
 *   BlockHandedOut   the (front part of the) chosen block               handOutAt: live; rover
 *                                                                       moves past it
 *   BlockReturned    free of a live block                               returnAt: free
 *   BlocksCoalesced  the freed block's next neighbour is free (first),  coalesceAt: the lower
 *                    then its previous one                               block absorbs; a rover
 *                                                                       on the absorbed block
 *                                                                       moves to the absorber
 *   RegionUnmapped   the free left the region one whole free block     unmapAt: a rover in it
 *                                                                       moves to the next slot
 */
import {
  AllocatorError, HEAP_BASE, MAX_REGIONS,
  type AllocatorConfig, type AllocatorEvent, type AllocatorFamily, type AllocatorSink, type CommonAllocatorEvent,
} from '@pymm/obmalloc';
import { FIT_FAMILY_NAMES, FOOTER, SequentialFitHeap, type FitPolicy } from './SequentialFitHeap.js';
import { sequentialFitViolations } from './violations.js';

export { SequentialFitHeap, HEADER_BYTES, MIN_BLOCK_BYTES, FOOTER } from './SequentialFitHeap.js';
export type { FitPolicy, FitBlock } from './SequentialFitHeap.js';

const REFERENCE =
  'Wilson, Johnstone, Neely & Boles, "Dynamic Storage Allocation: A Survey and Critical Review" (1995), §3.4; Knuth, TAOCP vol. 1, §2.5 (boundary tags)';

// Event objects are built out of line, only when there is a sink: the hot paths stay small
// enough for V8 to inline them whole. Without a sink (a replay's timed run), malloc and free
// take one step each (takeAt, freeAt): the same state as the events' apply methods, which
// the property tests check after every command.

function emitMapped(sink: AllocatorSink, s: SequentialFitHeap, slot: number): void {
  sink({ type: 'RegionMapped', address: s.regionAddress(slot), sizeBytes: s.regionBytes });
}

function emitUnmapped(sink: AllocatorSink, s: SequentialFitHeap, slot: number): void {
  sink({ type: 'RegionUnmapped', address: s.regionAddress(slot), sizeBytes: s.regionBytes });
}

function emitSplit(sink: AllocatorSink, s: SequentialFitHeap, slot: number, unit: number, total: number, front: number): void {
  const address = s.regionAddress(slot) + unit * s.alignmentBytes;
  sink({ type: 'BlockSplit', address, sizeBytes: total * s.alignmentBytes, remainderAddress: address + front * s.alignmentBytes, remainderBytes: (total - front) * s.alignmentBytes });
}

function emitHandedOut(sink: AllocatorSink, s: SequentialFitHeap, slot: number, unit: number, units: number, requestBytes: number): void {
  const address = s.regionAddress(slot) + unit * s.alignmentBytes;
  sink({ type: 'BlockHandedOut', address, sizeBytes: units * s.alignmentBytes, payloadAddress: address + s.headerBytes, requestBytes });
}

function emitReturned(sink: AllocatorSink, s: SequentialFitHeap, slot: number, unit: number, units: number): void {
  const address = s.regionAddress(slot) + unit * s.alignmentBytes;
  sink({ type: 'BlockReturned', address, sizeBytes: units * s.alignmentBytes, payloadAddress: address + s.headerBytes });
}

function emitCoalesced(sink: AllocatorSink, s: SequentialFitHeap, slot: number, unit: number, units: number, absorbed: number): void {
  const base = s.regionAddress(slot);
  sink({ type: 'BlocksCoalesced', address: base + unit * s.alignmentBytes, sizeBytes: units * s.alignmentBytes, absorbedAddress: base + absorbed * s.alignmentBytes });
}

/** No free block fits: map the lowest free slot (RegionMapped); its one free block is the found one. */
function mapForRequest(s: SequentialFitHeap, sink: AllocatorSink | null): void {
  const slot = s.nextRegionSlot();
  if (slot >= MAX_REGIONS) throw new AllocatorError('OUT_OF_ADDRESS_SPACE', `more than ${MAX_REGIONS} regions of ${s.regionBytes} bytes mapped at once`);
  if (sink !== null) emitMapped(sink, s, slot);
  s.mapAt(slot);
  s.foundSlot = slot;
  s.foundUnit = 0;
}

/** Hand out `need` units of the found free block (split off the front when the rest is a block). */
function takeFound(s: SequentialFitHeap, requestBytes: number, need: number, sink: AllocatorSink | null): number {
  const slot = s.foundSlot;
  const unit = s.foundUnit;
  if (sink === null) return s.takeAt(slot, unit, need, requestBytes);
  const total = s.tags[slot]![unit];
  let units = total;
  if (total - need >= s.minUnits) {
    if (sink !== null) emitSplit(sink, s, slot, unit, total, need);
    s.splitAt(slot, unit, need);
    units = need;
  }
  if (sink !== null) emitHandedOut(sink, s, slot, unit, units, requestBytes);
  return s.handOutAt(slot, unit, units, requestBytes);
}

function mallocFirst(s: SequentialFitHeap, requestBytes: number, sink: AllocatorSink | null): number {
  const need = s.needUnits(requestBytes);
  if (!s.findFirst(need)) mapForRequest(s, sink);
  return takeFound(s, requestBytes, need, sink);
}

function mallocNext(s: SequentialFitHeap, requestBytes: number, sink: AllocatorSink | null): number {
  const need = s.needUnits(requestBytes);
  if (!s.findNext(need)) mapForRequest(s, sink);
  return takeFound(s, requestBytes, need, sink);
}

function mallocBest(s: SequentialFitHeap, requestBytes: number, sink: AllocatorSink | null): number {
  const need = s.needUnits(requestBytes);
  if (!s.findBest(need)) mapForRequest(s, sink);
  return takeFound(s, requestBytes, need, sink);
}

/** Give back the live block whose payload is at `payloadAddress`, coalescing both ways. */
function freeBlock(s: SequentialFitHeap, payloadAddress: number, sink: AllocatorSink | null): void {
  const off = payloadAddress - HEAP_BASE;
  const slot = Math.floor(off * s.invRegionBytes); // the router checked that a live block starts there
  const tags = s.tags[slot]!;
  let unit = ((off - slot * s.regionBytes) >> s.alignmentShift) - s.headerUnits;
  if (sink === null) {
    if (s.freeAt(slot, unit)) s.unmapAt(slot);
    return;
  }
  const units = -tags[unit];
  if (sink !== null) emitReturned(sink, s, slot, unit, units);
  s.returnAt(slot, unit);
  const next = unit + units;
  if (next < s.unitsPerRegion && tags[next] > 0) {
    if (sink !== null) emitCoalesced(sink, s, slot, unit, units + tags[next], next);
    s.coalesceAt(slot, unit, next);
  }
  if (unit > 0) {
    const footer = tags[unit - 1];
    if (footer < FOOTER) {
      const prev = unit - (FOOTER - footer);
      if (sink !== null) emitCoalesced(sink, s, slot, prev, FOOTER - footer + tags[unit], unit);
      s.coalesceAt(slot, prev, unit);
      unit = prev;
    }
  }
  if (unit === 0 && tags[0] === s.unitsPerRegion) {
    if (sink !== null) emitUnmapped(sink, s, slot);
    s.unmapAt(slot);
  }
}

/** (slot, unit) of an address inside the region space (no checks: events are trusted). */
function slotUnit(s: SequentialFitHeap, address: number): [number, number] {
  const off = address - HEAP_BASE;
  const slot = Math.floor(off / s.regionBytes);
  return [slot, (off - slot * s.regionBytes) >> s.alignmentShift];
}

function evolve(s: SequentialFitHeap, event: AllocatorEvent): SequentialFitHeap {
  const e = event as CommonAllocatorEvent;
  switch (e.type) {
    case 'RegionMapped':
      s.mapAt(slotUnit(s, e.address)[0]);
      return s;
    case 'RegionUnmapped':
      s.unmapAt(slotUnit(s, e.address)[0]);
      return s;
    case 'BlockSplit': {
      const [slot, unit] = slotUnit(s, e.address);
      s.splitAt(slot, unit, (e.remainderAddress - e.address) >> s.alignmentShift);
      return s;
    }
    case 'BlockHandedOut': {
      const [slot, unit] = slotUnit(s, e.address);
      s.handOutAt(slot, unit, e.sizeBytes >> s.alignmentShift, e.requestBytes);
      return s;
    }
    case 'BlockReturned': {
      const [slot, unit] = slotUnit(s, e.address);
      s.returnAt(slot, unit);
      return s;
    }
    case 'BlocksCoalesced': {
      const [slot, unit] = slotUnit(s, e.address);
      s.coalesceAt(slot, unit, slotUnit(s, e.absorbedAddress)[1]);
      return s;
    }
    default:
      throw new TypeError(`${s.familyName} cannot apply a ${event.type} event`);
  }
}

function usableBytes(s: SequentialFitHeap, address: number): number {
  const off = address - HEAP_BASE;
  const slot = Math.floor(off * s.invRegionBytes);
  const unit = ((off - slot * s.regionBytes) >> s.alignmentShift) - s.headerUnits;
  return -s.tags[slot]![unit] * s.alignmentBytes - s.headerBytes;
}

function family(
  policy: FitPolicy,
  title: string,
  malloc: (s: SequentialFitHeap, requestBytes: number, sink: AllocatorSink | null) => number,
): AllocatorFamily<SequentialFitHeap> {
  return {
    name: FIT_FAMILY_NAMES[policy],
    title,
    reference: REFERENCE,
    initialState: (config?: AllocatorConfig) => new SequentialFitHeap(policy, config),
    malloc,
    free: freeBlock,
    usableBytes,
    evolve,
    clone: (s) => s.clone(),
    diff: (a, b) => a.diff(b),
    findViolations: sequentialFitViolations,
  };
}

/** First fit: the lowest-address free block that fits. */
export const firstFit: AllocatorFamily<SequentialFitHeap> = family(
  'first',
  'first fit: the lowest-address free block that fits, split, boundary tags, immediate coalescing',
  mallocFirst,
);

/** Next fit: first fit starting at the rover (just past the last block handed out), wrapping around once. */
export const nextFit: AllocatorFamily<SequentialFitHeap> = family(
  'next',
  'next fit: first fit from a roving pointer past the last allocation, wrapping around once',
  mallocNext,
);

/** Best fit: the smallest free block that fits, the lowest address among equals. */
export const bestFit: AllocatorFamily<SequentialFitHeap> = family(
  'best',
  'best fit: the smallest free block that fits (lowest address among equals), split, boundary tags, immediate coalescing',
  mallocBest,
);
