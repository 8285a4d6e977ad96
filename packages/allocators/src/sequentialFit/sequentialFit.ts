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
import { FOOTER, SequentialFitHeap, type FitPolicy } from './SequentialFitHeap.js';
import { sequentialFitViolations } from './violations.js';

export { SequentialFitHeap, HEADER_BYTES, MIN_BLOCK_BYTES, FOOTER } from './SequentialFitHeap.js';
export type { FitPolicy, FitBlock } from './SequentialFitHeap.js';

const REFERENCE =
  'Wilson, Johnstone, Neely & Boles, "Dynamic Storage Allocation: A Survey and Critical Review" (1995), §3.4; Knuth, TAOCP vol. 1, §2.5 (boundary tags)';

/** Serve `requestBytes` (1..maxRequestBytes) from the block `find` chooses (or a new region). */
function mallocWith(s: SequentialFitHeap, requestBytes: number, sink: AllocatorSink | null, found: boolean): number {
  const need = s.needUnits(requestBytes);
  let slot: number;
  let unit: number;
  if (found) {
    slot = s.foundSlot;
    unit = s.foundUnit;
  } else {
    slot = s.nextRegionSlot();
    if (slot >= MAX_REGIONS) throw new AllocatorError('OUT_OF_ADDRESS_SPACE', `more than ${MAX_REGIONS} regions of ${s.regionBytes} bytes mapped at once`);
    if (sink !== null) sink({ type: 'RegionMapped', address: s.regionAddress(slot), sizeBytes: s.regionBytes });
    s.mapAt(slot);
    unit = 0;
  }
  const shift = s.alignmentShift;
  const address = s.regionAddress(slot) + (unit << shift);
  const total = s.tags[slot]![unit];
  let units = total;
  if (total - need >= s.minUnits) {
    if (sink !== null) {
      sink({ type: 'BlockSplit', address, sizeBytes: total << shift, remainderAddress: address + (need << shift), remainderBytes: (total - need) << shift });
    }
    s.splitAt(slot, unit, need);
    units = need;
  }
  const payloadAddress = address + s.headerBytes;
  if (sink !== null) sink({ type: 'BlockHandedOut', address, sizeBytes: units << shift, payloadAddress, requestBytes });
  s.handOutAt(slot, unit, units, requestBytes);
  return payloadAddress;
}

/** Give back the live block whose payload is at `payloadAddress`, coalescing both ways. */
function freeBlock(s: SequentialFitHeap, payloadAddress: number, sink: AllocatorSink | null): void {
  const slot = s.slotOf(payloadAddress);
  const shift = s.alignmentShift;
  const base = s.regionAddress(slot);
  const tags = s.tags[slot]!;
  let unit = ((payloadAddress - base) >> shift) - s.headerUnits;
  let address = base + (unit << shift);
  const units = -tags[unit];
  if (sink !== null) sink({ type: 'BlockReturned', address, sizeBytes: units << shift, payloadAddress });
  s.returnAt(slot, unit);
  const next = unit + units;
  if (next < s.unitsPerRegion && tags[next] > 0) {
    if (sink !== null) sink({ type: 'BlocksCoalesced', address, sizeBytes: (units + tags[next]) << shift, absorbedAddress: base + (next << shift) });
    s.coalesceAt(slot, unit, next);
  }
  if (unit > 0) {
    const footer = tags[unit - 1];
    if (footer < FOOTER) {
      const before = FOOTER - footer;
      const prev = unit - before;
      if (sink !== null) sink({ type: 'BlocksCoalesced', address: base + (prev << shift), sizeBytes: (before + tags[unit]) << shift, absorbedAddress: address });
      s.coalesceAt(slot, prev, unit);
      unit = prev;
      address = base + (prev << shift);
    }
  }
  if (unit === 0 && tags[0] === s.unitsPerRegion) {
    if (sink !== null) sink({ type: 'RegionUnmapped', address: base, sizeBytes: s.regionBytes });
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

function family(policy: FitPolicy, title: string, find: (s: SequentialFitHeap, need: number) => boolean): AllocatorFamily<SequentialFitHeap> {
  const name = policy === 'first' ? 'first-fit' : policy === 'next' ? 'next-fit' : 'best-fit';
  return {
    name,
    title,
    reference: REFERENCE,
    initialState: (config?: AllocatorConfig) => new SequentialFitHeap(policy, config),
    malloc: (s, requestBytes, sink) => mallocWith(s, requestBytes, sink, find(s, s.needUnits(requestBytes))),
    free: freeBlock,
    usableBytes(s, address) {
      const slot = s.slotOf(address);
      const unit = ((address - s.regionAddress(slot)) >> s.alignmentShift) - s.headerUnits;
      return (-s.tags[slot]![unit] << s.alignmentShift) - s.headerBytes;
    },
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
  (s, need) => s.findFirst(need),
);

/** Next fit: first fit starting at the rover (just past the last block handed out), wrapping around once. */
export const nextFit: AllocatorFamily<SequentialFitHeap> = family(
  'next',
  'next fit: first fit from a roving pointer past the last allocation, wrapping around once',
  (s, need) => s.findNext(need),
);

/** Best fit: the smallest free block that fits, the lowest address among equals. */
export const bestFit: AllocatorFamily<SequentialFitHeap> = family(
  'best',
  'best fit: the smallest free block that fits (lowest address among equals), split, boundary tags, immediate coalescing',
  (s, need) => s.findBest(need),
);
