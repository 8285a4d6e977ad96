/**
 * The classic examples of segregated free lists (Wilson et al. 1995, §3.6), one behaviour
 * each, on a small geometry (1 KiB regions, requests up to 64 bytes, 256-byte pages) so
 * that regions are mapped and unmapped within a few calls.
 */
import {
  AllocatorError, HEAP_BASE, evolveAllocator, executeAllocator,
  type Address, type AllocatorCommand, type AllocatorEvent, type AllocatorFamily, type RoutedHeap,
} from '@pymm/obmalloc';
import { describe, expect, it } from 'vitest';
import { SimpleSegregatedHeap, simpleSegregated } from './simpleSegregated.js';
import { RECORD_WORDS, SegregatedFitHeap, segregatedFit } from './segregatedFit.js';

const SMALL = { regionBytes: 1024, maxRequestBytes: 64, pageBytes: 256 };
const R0 = HEAP_BASE, R1 = HEAP_BASE + 1024;

/** A heap and the calls on it, each call's events kept; every call is checked as it goes. */
function session<S extends RoutedHeap>(family: AllocatorFamily<S>, config = SMALL) {
  const s = family.initialState(config);
  const all: AllocatorEvent[] = [];
  const run = (c: AllocatorCommand): { result: number; events: AllocatorEvent[] } => {
    const events: AllocatorEvent[] = [];
    const result = executeAllocator(family, s, c, (e) => events.push(e));
    all.push(...events);
    expect(family.findViolations(s)).toEqual([]);
    return { result, events };
  };
  const malloc = (n: number) => run({ type: 'Malloc', requestBytes: n });
  const free = (a: number) => run({ type: 'Free', address: a as Address });
  /** The fold of every event so far from a fresh heap equals the heap. */
  const checkFold = () => {
    let t = family.initialState(config);
    for (const e of all) t = evolveAllocator(family, t, e);
    expect(family.diff(t, s)).toBeNull();
  };
  return { s, run, malloc, free, checkFold };
}

const types = (events: AllocatorEvent[]) => events.map((e) => e.type);

describe('simple segregated storage', () => {
  it('reuses the block freed last first (LIFO within a class)', () => {
    const { s, malloc, free, checkFold } = session(simpleSegregated);
    const a = malloc(20).result, b = malloc(30).result, c = malloc(25).result;
    // One page of class 32, carved lowest first, no header: blocks 32 bytes apart.
    expect([a, b, c]).toEqual([R0, R0 + 32, R0 + 64]);
    free(a);
    free(b);
    expect(s.freeList(1)).toEqual([b, a]);
    expect(malloc(17).result).toBe(b);
    expect(malloc(32).result).toBe(a);
    // The list is empty again: the next block is carved after c.
    expect(malloc(31).result).toBe(R0 + 96);
    checkFold();
  });

  it('gives an emptied page back to its region, and another class reuses it before carving a new page', () => {
    const { s, malloc, free, checkFold } = session(simpleSegregated);
    const x = malloc(16);
    expect(types(x.events)).toEqual(['RegionMapped', 'PageTaken', 'BlockHandedOut']);
    expect(x.events[1]).toMatchObject({ family: 'simple-segregated', address: R0, classBytes: 16 });
    const y = malloc(64).result;
    expect(y).toBe(R0 + 256); // page 1: the high-water mark
    const freed = free(x.result);
    expect(types(freed.events)).toEqual(['BlockReturned', 'PageReleased']);
    expect(freed.events[1]).toMatchObject({ address: R0, classBytes: 16 });
    expect(s.pageAt(R0).classBytes).toBe(0);
    const z = malloc(48);
    expect(z.events[0]).toMatchObject({ type: 'PageTaken', address: R0, classBytes: 48 });
    expect(z.result).toBe(R0);
    expect(simpleSegregated.usableBytes(s, z.result)).toBe(48);
    checkFold();
  });

  it('maps a region when no page is free, unmaps it when its last page empties, takes pages from the lowest region first', () => {
    const { s, malloc, free, checkFold } = session(simpleSegregated);
    // Four pages of four 64-byte blocks fill region 0.
    const blocks = Array.from({ length: 16 }, () => malloc(64).result);
    expect(blocks[15]).toBe(R0 + 1024 - 64);
    expect(s.regions()).toEqual([{ address: R0, sizeBytes: 1024 }]);
    const far = malloc(64);
    expect(types(far.events)).toEqual(['RegionMapped', 'PageTaken', 'BlockHandedOut']);
    expect(far.result).toBe(R1);
    // Empty page 0 of region 0: both regions now have a page to give.
    for (const b of blocks.slice(0, 4)) free(b);
    expect(s.freePages(0)).toEqual([0]);
    expect(malloc(16).result).toBe(R0); // region 0's emptied page, not region 1's high-water page
    const last = free(far.result);
    expect(types(last.events)).toEqual(['BlockReturned', 'PageReleased', 'RegionUnmapped']);
    expect(last.events[2]).toMatchObject({ address: R1, sizeBytes: 1024 });
    expect(s.regions()).toEqual([{ address: R0, sizeBytes: 1024 }]);
    expect(s.regionsMapped).toBe(2);
    expect(s.regionsUnmapped).toBe(1);
    checkFold();
  });

  it('reports free space: listed and carvable blocks, free pages one each', () => {
    const { s, malloc } = session(simpleSegregated);
    malloc(64);
    // Page 0: 3 carvable 64-byte blocks; pages 1-3 free.
    expect(s.freeSpace()).toEqual({ freeBytes: 1024 - 64, freeBlocks: 3 + 3, largestFreeBytes: 64 });
    malloc(64); malloc(64); malloc(64);
    malloc(16); malloc(32); malloc(48);
    // Every page taken: only the carvable blocks of classes 16, 32, 48 remain.
    expect(s.freeSpace()).toEqual({ freeBytes: 1024 - 4 * 64 - 16 - 32 - 48, freeBlocks: 15 + 7 + 4, largestFreeBytes: 48 });
  });
});

describe('segregated fit', () => {
  it('splits the first fitting block and files the remainder in its class', () => {
    const { s, malloc, checkFold } = session(segregatedFit);
    const a = malloc(10);
    expect(a.events).toEqual([
      { type: 'RegionMapped', address: R0, sizeBytes: 1024 },
      { type: 'BlockSplit', address: R0, sizeBytes: 1024, remainderAddress: R0 + 32, remainderBytes: 992 },
      { type: 'BlockHandedOut', address: R0, sizeBytes: 32, payloadAddress: R0 + 16, requestBytes: 10 },
    ]);
    expect(a.result).toBe(R0 + 16);
    expect(s.freeList(s.classOf(992 / 16))).toEqual([R0 + 32]);
    const b = malloc(40); // block 64
    expect(b.events[0]).toEqual({ type: 'BlockSplit', address: R0 + 32, sizeBytes: 992, remainderAddress: R0 + 96, remainderBytes: 928 });
    expect(s.freeList(s.classOf(928 / 16))).toEqual([R0 + 96]);
    expect(s.freeList(s.classOf(992 / 16))).toEqual(s.classOf(992 / 16) === s.classOf(928 / 16) ? [R0 + 96] : []);
    checkFold();
  });

  it('serves an exact class LIFO without splitting, and splits a larger class when its own is empty', () => {
    const { s, malloc, free, checkFold } = session(segregatedFit);
    const a = malloc(10).result, g1 = malloc(10).result, b = malloc(10).result, g2 = malloc(40).result, c = malloc(40).result, g3 = malloc(10).result;
    void g1; void g2; void g3;
    free(a);
    free(b);
    free(c);
    expect(s.freeList(0)).toEqual([b - 16, a - 16]); // class of 32-byte blocks, newest first
    const again = malloc(7);
    expect(types(again.events)).toEqual(['BlockHandedOut']);
    expect(again.result).toBe(b);
    expect(malloc(16).result).toBe(a);
    // Class 32 is empty: the 64-byte block is the first that fits (the bitmap skips 48),
    // split in two, its upper half filed in class 32.
    const split = malloc(1);
    expect(split.events[0]).toEqual({ type: 'BlockSplit', address: c - 16, sizeBytes: 64, remainderAddress: c + 16, remainderBytes: 32 });
    expect(s.freeList(0)).toEqual([c + 16]);
    checkFold();
  });

  it('hands a block out whole when the rest would be smaller than the smallest block', () => {
    const { s, malloc, free, checkFold } = session(segregatedFit);
    const a = malloc(20).result; // block 48
    malloc(10);
    free(a);
    const r = malloc(3); // needs 32; 48 - 32 = 16 < 32: not split
    expect(types(r.events)).toEqual(['BlockHandedOut']);
    expect(r.events[0]).toMatchObject({ sizeBytes: 48 });
    expect(segregatedFit.usableBytes(s, r.result)).toBe(32);
    checkFold();
  });

  it('coalesces a freed block with both neighbours at once', () => {
    const { s, malloc, free, checkFold } = session(segregatedFit);
    const a = malloc(10).result, b = malloc(20).result, c = malloc(40).result;
    malloc(10); // keeps c away from the rest of the region
    free(a);
    free(c);
    const r = free(b);
    expect(r.events).toEqual([
      { type: 'BlockReturned', address: b - 16, sizeBytes: 48, payloadAddress: b },
      { type: 'BlocksCoalesced', address: a - 16, sizeBytes: 32 + 48, absorbedAddress: b - 16 },
      { type: 'BlocksCoalesced', address: a - 16, sizeBytes: 32 + 48 + 64, absorbedAddress: c - 16 },
    ]);
    expect(s.blocksOf(0).slice(0, 2).map((x) => [x.unit * 16 + HEAP_BASE, x.units * 16])).toEqual([[R0, 144], [R0 + 144, 32]]);
    expect(s.freeList(s.classOf(144 / 16))).toEqual([R0]);
    checkFold();
  });

  it('maps a region when no block fits, unmaps a region that becomes one free block', () => {
    const { s, malloc, free, checkFold } = session(segregatedFit);
    const blocks = Array.from({ length: 12 }, () => malloc(64).result); // 12 x 80 bytes: 64 left
    expect(s.freeSpace()).toEqual({ freeBytes: 64, freeBlocks: 1, largestFreeBytes: 48 });
    const far = malloc(64);
    expect(types(far.events)).toEqual(['RegionMapped', 'BlockSplit', 'BlockHandedOut']);
    expect(far.result).toBe(R1 + 16);
    const back = free(far.result);
    expect(back.events.map((e) => e.type)).toEqual(['BlockReturned', 'BlocksCoalesced', 'RegionUnmapped']);
    expect(back.events[2]).toEqual({ type: 'RegionUnmapped', address: R1, sizeBytes: 1024 });
    for (const b of blocks.slice(0, 11)) free(b);
    expect(s.regions()).toHaveLength(1);
    expect(types(free(blocks[11]).events)).toEqual(['BlockReturned', 'BlocksCoalesced', 'BlocksCoalesced', 'RegionUnmapped']);
    expect(s.regions()).toEqual([]);
    expect(s.mappedBytes).toBe(0);
    checkFold();
  });

  it('has one exact class per request block size, then power-of-two classes up to the region (default geometry)', () => {
    const s = segregatedFit.initialState();
    expect(s.exactClasses).toBe(32); // 32 .. 528 bytes
    expect(s.classCount).toBe(32 + 12); // [512, 1024) .. [2^20, 2^21)
    expect(s.classOf(33)).toBe(31); // 528 bytes: the largest block a request needs
    expect(s.classOf(34)).toBe(32); // 544 bytes: [512, 1024)
    expect(s.classLowBytes(32)).toBe(544);
    expect(s.classLowBytes(s.classCount - 1)).toBe(1 << 20);
  });
});

describe('both families', () => {
  const families = [simpleSegregated, segregatedFit] as unknown as AllocatorFamily<RoutedHeap>[];

  it('validate their geometry with RangeErrors', () => {
    expect(() => simpleSegregated.initialState({ ...SMALL, pageBytes: 100 })).toThrow(RangeError);
    expect(() => simpleSegregated.initialState({ ...SMALL, pageBytes: 32 })).toThrow(/largest class \(64\)/);
    expect(() => simpleSegregated.initialState({ ...SMALL, pageBytes: 2048 })).toThrow(RangeError);
    expect(() => simpleSegregated.initialState({ ...SMALL, pageBytes: '256' })).toThrow(RangeError);
    expect(simpleSegregated.initialState({ regionBytes: 1024, maxRequestBytes: 64 }).pageBytes).toBe(1024);
    expect(simpleSegregated.initialState().pageBytes).toBe(4096);
    expect(() => segregatedFit.initialState({ regionBytes: 256, maxRequestBytes: 64, alignmentBytes: 256 })).toThrow(/must fit in a region/);
    expect(() => segregatedFit.initialState({ regionBytes: 1000 })).toThrow(RangeError);
  });

  it('throw on an event they do not know', () => {
    for (const f of families) {
      const s = f.initialState(SMALL);
      expect(() => f.evolve(s, { type: 'PageTaken', family: 'buddy', address: R0 })).toThrow(TypeError);
    }
    expect(() => simpleSegregated.evolve(simpleSegregated.initialState(SMALL), { type: 'BlockSplit', address: R0, sizeBytes: 64, remainderAddress: R0 + 32, remainderBytes: 32 })).toThrow(TypeError);
  });

  it('refuse a free of an address where no live block starts, changing nothing', () => {
    for (const f of families) {
      const s = f.initialState(SMALL);
      const a = executeAllocator(f, s, { type: 'Malloc', requestBytes: 40 });
      executeAllocator(f, s, { type: 'Malloc', requestBytes: 40 });
      const before = f.clone(s);
      for (const bad of [a + 16, a + 8, a - 16, R1, HEAP_BASE - 16]) {
        const events: AllocatorEvent[] = [];
        expect(() => executeAllocator(f, s, { type: 'Free', address: bad as Address }, (e) => events.push(e))).toThrow(AllocatorError);
        expect(events).toEqual([]);
        expect(f.diff(before, s)).toBeNull();
      }
      executeAllocator(f, s, { type: 'Free', address: a as Address });
      expect(f.diff(before, s)).not.toBeNull();
      expect(() => executeAllocator(f, s, { type: 'Free', address: a as Address })).toThrow(AllocatorError);
    }
  });

  it('reach the same heap with and without a sink', () => {
    for (const f of families) {
      const quiet = f.initialState(SMALL), loud = f.initialState(SMALL);
      const live: number[] = [];
      for (let i = 0; i < 200; i++) {
        const c: AllocatorCommand = i % 3 === 2 && live.length > 0
          ? { type: 'Free', address: live.splice((i * 7) % live.length, 1)[0] as Address }
          : { type: 'Malloc', requestBytes: 1 + ((i * 37) % 64) };
        const a = executeAllocator(f, quiet, c, null);
        const b = executeAllocator(f, loud, c, () => {});
        expect(a).toBe(b);
        if (c.type === 'Malloc') live.push(a);
      }
      expect(f.diff(quiet, loud)).toBeNull();
      expect(quiet.regionsMapped).toBeGreaterThan(1);
    }
  });

  it('list their live blocks lowest address first, with sizes', () => {
    const s = segregatedFit.initialState(SMALL);
    const a = executeAllocator(segregatedFit, s, { type: 'Malloc', requestBytes: 30 });
    const b = executeAllocator(segregatedFit, s, { type: 'Malloc', requestBytes: 1 });
    expect(s.liveBlockList()).toEqual([
      { payloadAddress: a, usableBytes: 32, requestBytes: 30, blockAddress: a - 16, blockBytes: 48 },
      { payloadAddress: b, usableBytes: 16, requestBytes: 1, blockAddress: b - 16, blockBytes: 32 },
    ]);
    const t = simpleSegregated.initialState(SMALL);
    const c = executeAllocator(simpleSegregated, t, { type: 'Malloc', requestBytes: 30 });
    const d = executeAllocator(simpleSegregated, t, { type: 'Malloc', requestBytes: 1 });
    expect(t.liveBlockList()).toEqual([
      { payloadAddress: c, usableBytes: 32, requestBytes: 30, blockAddress: c, blockBytes: 32 },
      { payloadAddress: d, usableBytes: 16, requestBytes: 1, blockAddress: d, blockBytes: 16 },
    ]);
    expect(t.blockBytes).toBe(48);
    expect(s.blockBytes).toBe(80);
  });
});

describe('the invariant checkers catch a broken heap', () => {
  function simpleHeap(): SimpleSegregatedHeap {
    const s = simpleSegregated.initialState(SMALL);
    const a = executeAllocator(simpleSegregated, s, { type: 'Malloc', requestBytes: 30 });
    executeAllocator(simpleSegregated, s, { type: 'Malloc', requestBytes: 30 });
    executeAllocator(simpleSegregated, s, { type: 'Free', address: a as Address });
    expect(simpleSegregated.findViolations(s)).toEqual([]);
    return s;
  }
  function fitHeap(): SegregatedFitHeap {
    const s = segregatedFit.initialState(SMALL);
    const a = executeAllocator(segregatedFit, s, { type: 'Malloc', requestBytes: 30 });
    executeAllocator(segregatedFit, s, { type: 'Malloc', requestBytes: 30 });
    executeAllocator(segregatedFit, s, { type: 'Free', address: a as Address });
    expect(segregatedFit.findViolations(s)).toEqual([]);
    return s;
  }

  it('simple segregated: counts, lists, pages, accounting', () => {
    let s = simpleHeap();
    s.pageUsed[0] += 1;
    expect(simpleSegregated.findViolations(s).join()).toMatch(/live blocks, counted/);
    s = simpleHeap();
    s.head[1] = -1; // the freed block falls off its list
    expect(simpleSegregated.findViolations(s).join()).toMatch(/free carved blocks, 0 on the list/);
    s = simpleHeap();
    s.blockBytes += 16;
    expect(simpleSegregated.findViolations(s).join()).toMatch(/blockBytes/);
    s = simpleHeap();
    s.pageClass[1] = 0; // a free page claimed by a class
    expect(simpleSegregated.findViolations(s).length).toBeGreaterThan(0);
    s = simpleHeap();
    s.available.fill(0);
    expect(simpleSegregated.findViolations(s).join()).toMatch(/available bit/);
  });

  it('segregated fit: tiling, coalescing, lists, bitmap, accounting', () => {
    let s = fitHeap();
    const free0 = s.head[s.classOf(3)];
    s.meta[0]![free0 * RECORD_WORDS] = 4; // a block grows over its neighbour
    expect(segregatedFit.findViolations(s).length).toBeGreaterThan(0);
    s = fitHeap();
    s.nonEmpty.fill(0);
    expect(segregatedFit.findViolations(s).join()).toMatch(/bitmap bit/);
    s = fitHeap();
    // Two adjacent free blocks: the region's remainder (after two 48-byte blocks) cut in two
    // by an event a decider would never emit without handing out the first part.
    segregatedFit.evolve(s, { type: 'BlockSplit', address: R0 + 96, sizeBytes: 928, remainderAddress: R0 + 128, remainderBytes: 896 });
    expect(segregatedFit.findViolations(s)).toEqual([`free block ${'0x' + (R0 + 128).toString(16)} follows a free block (not coalesced)`]);
    s = fitHeap();
    s.requestedBytes -= 1;
    expect(segregatedFit.findViolations(s).join()).toMatch(/requestedBytes/);
  });
});
