/**
 * The buddy system's classic cases, event by event, on a small heap: 1 KiB regions of
 * 16-byte units (K = 6: blocks of 16, 32, 64, 128, 256, 512 and 1024 bytes), requests up
 * to 64 bytes.
 */
import { describe, expect, it } from 'vitest';
import {
  AllocatorError, HEAP_BASE, evolveAllocator, executeAllocator, type Address, type AllocatorCommand, type AllocatorEvent,
} from '@pymm/obmalloc';
import { buddy, BuddyHeap, FREE, LIVE } from './buddy.js';

const SMALL = { regionBytes: 1024, maxRequestBytes: 64 };
const B = HEAP_BASE;

function exec(s: BuddyHeap, command: AllocatorCommand): { result: number; events: AllocatorEvent[] } {
  const events: AllocatorEvent[] = [];
  const result = executeAllocator(buddy, s, command, (e) => events.push(e));
  expect(buddy.findViolations(s)).toEqual([]);
  return { result, events };
}
const malloc = (s: BuddyHeap, n: number) => exec(s, { type: 'Malloc', requestBytes: n });
const free = (s: BuddyHeap, address: number) => exec(s, { type: 'Free', address: address as Address });

/** The free blocks, lowest address first, as [offset from the heap base, bytes]. */
function freeBlocks(s: BuddyHeap): [number, number][] {
  const out: [number, number][] = [];
  for (let u = 0; u < s.tag.length; u++) if ((s.tag[u] & FREE) !== 0) out.push([u * 16, 16 << (s.tag[u] & 0x3f)]);
  return out;
}

const split = (at: number, size: number) => ({ type: 'BlockSplit', address: B + at, sizeBytes: size, remainderAddress: B + at + size / 2, remainderBytes: size / 2 });
const merged = (at: number, size: number, absorbed: number) => ({ type: 'BlocksCoalesced', address: B + at, sizeBytes: size, absorbedAddress: B + absorbed });

describe('buddy: allocation (Algorithm R)', () => {
  it('a 10-byte request maps a region and splits it down to a 16-byte block, keeping the lower half each time', () => {
    const s = buddy.initialState(SMALL);
    const { result, events } = malloc(s, 10);
    expect(result).toBe(B);
    expect(events).toEqual([
      { type: 'RegionMapped', address: B, sizeBytes: 1024 },
      split(0, 1024), split(0, 512), split(0, 256), split(0, 128), split(0, 64), split(0, 32),
      { type: 'BlockHandedOut', address: B, sizeBytes: 16, payloadAddress: B, requestBytes: 10 },
    ]);
    // One free upper buddy of each order is left.
    expect(freeBlocks(s)).toEqual([[16, 16], [32, 32], [64, 64], [128, 128], [256, 256], [512, 512]]);
    expect(s.freeSpace()).toEqual({ freeBytes: 1008, freeBlocks: 6, largestFreeBytes: 64 });
    expect(buddy.usableBytes(s, B)).toBe(16);
    expect(s.liveBlockList()).toEqual([{ payloadAddress: B, usableBytes: 16, requestBytes: 10, blockAddress: B, blockBytes: 16 }]);
    expect([s.liveBlocks, s.requestedBytes, s.blockBytes, s.mappedBytes]).toEqual([1, 10, 16, 1024]);
  });

  it('a request takes the smallest power of two that holds it (no header): 16 -> 16, 17 -> 32, 33 -> 64', () => {
    const s = buddy.initialState(SMALL);
    expect(malloc(s, 16).result).toBe(B);
    expect(malloc(s, 17).result).toBe(B + 32); // the free 32-byte block, no split
    expect(malloc(s, 33).result).toBe(B + 64); // the free 64-byte block
    expect([16, 32, 64].map((n, i) => buddy.usableBytes(s, [B, B + 32, B + 64][i]) === n)).toEqual([true, true, true]);
    expect(s.blockBytes).toBe(112);
  });

  it('the smallest sufficient order wins over a lower address; within an order, the lowest address wins', () => {
    const s = buddy.initialState(SMALL);
    const a = malloc(s, 64).result; // B: 64 at B+64, 128 at B+128, ...
    const b = malloc(s, 16).result; // splits B+64: 16 at B+80, 32 at B+96 free
    expect([a, b]).toEqual([B, B + 64]);
    free(s, a); // 64 at B is free; its buddy B+64 is split: no merge
    expect(freeBlocks(s)).toEqual([[0, 64], [80, 16], [96, 32], [128, 128], [256, 256], [512, 512]]);
    // 16 bytes: the 16-byte block at B+80, not the lower 64-byte block at B.
    expect(malloc(s, 16).events).toEqual([{ type: 'BlockHandedOut', address: B + 80, sizeBytes: 16, payloadAddress: B + 80, requestBytes: 16 }]);
    // 32 bytes twice: first the 32 at B+96, then (none of order 1 left) the 64 at B, split.
    expect(malloc(s, 32).result).toBe(B + 96);
    const { result, events } = malloc(s, 32);
    expect(result).toBe(B);
    expect(events).toEqual([split(0, 64), { type: 'BlockHandedOut', address: B, sizeBytes: 32, payloadAddress: B, requestBytes: 32 }]);
  });

  it('maps a second region only when no free block of a sufficient order is left, in the lowest free slot', () => {
    const s = buddy.initialState(SMALL);
    const firsts: number[] = [];
    for (let i = 0; i < 16; i++) firsts.push(malloc(s, 64).result);
    expect(firsts).toEqual(Array.from({ length: 16 }, (_, i) => B + 64 * i));
    expect(s.freeSpace()).toEqual({ freeBytes: 0, freeBlocks: 0, largestFreeBytes: 0 });
    const { result, events } = malloc(s, 1);
    expect(result).toBe(B + 1024);
    expect(events[0]).toEqual({ type: 'RegionMapped', address: B + 1024, sizeBytes: 1024 });
    // Empty the first region: it is unmapped; the next region goes into its slot again.
    for (const p of firsts) free(s, p);
    expect(s.regions()).toEqual([{ address: B + 1024, sizeBytes: 1024 }]);
    for (let i = 0; i < 64 + 1; i++) malloc(s, 16); // 63 fill the second region, then slot 0
    expect(s.regions().map((r) => r.address)).toEqual([B, B + 1024]);
  });
});

describe('buddy: freeing (Algorithm S)', () => {
  it('freeing buddies merges them back up to the whole region, which is unmapped at once', () => {
    const s = buddy.initialState(SMALL);
    const a = malloc(s, 16).result, b = malloc(s, 16).result;
    expect([a, b]).toEqual([B, B + 16]);
    // a's buddy b is live: a only becomes free.
    expect(free(s, a).events).toEqual([{ type: 'BlockReturned', address: B, sizeBytes: 16, payloadAddress: B }]);
    expect(s.tag[0]).toBe(FREE | 0);
    const { events } = free(s, b);
    expect(events).toEqual([
      { type: 'BlockReturned', address: B + 16, sizeBytes: 16, payloadAddress: B + 16 },
      merged(0, 32, 16), merged(0, 64, 32), merged(0, 128, 64), merged(0, 256, 128), merged(0, 512, 256), merged(0, 1024, 512),
      { type: 'RegionUnmapped', address: B, sizeBytes: 1024 },
    ]);
    expect(s.regions()).toEqual([]);
    expect([s.mappedBytes, s.peakMappedBytes, s.regionsMapped, s.regionsUnmapped, s.liveBlocks, s.blockBytes]).toEqual([0, 1024, 1, 1, 0, 0]);
    expect(s.freeSpace()).toEqual({ freeBytes: 0, freeBlocks: 0, largestFreeBytes: 0 });
    expect(Array.from(s.tag).every((t) => t === 0)).toBe(true);
  });

  it('an upper buddy freed last merges downward: the merged block starts at the lower buddy', () => {
    const s = buddy.initialState(SMALL);
    const a = malloc(s, 64).result, b = malloc(s, 64).result, c = malloc(s, 64).result;
    expect([a, b, c]).toEqual([B, B + 64, B + 128]);
    free(s, c); // buddy B+192 is free: merges into 128 at B+128, whose buddy B is split
    free(s, a); // buddy B+64 (b) is live
    const { events } = free(s, b);
    expect(events).toEqual([
      { type: 'BlockReturned', address: B + 64, sizeBytes: 64, payloadAddress: B + 64 },
      merged(0, 128, 64), merged(0, 256, 128), merged(0, 512, 256), merged(0, 1024, 512),
      { type: 'RegionUnmapped', address: B, sizeBytes: 1024 },
    ]);
  });

  it('a freed block whose buddy is split does not merge, even when the buddy address holds a free smaller block', () => {
    const s = buddy.initialState(SMALL);
    const a = malloc(s, 64).result; // B, order 2
    const b = malloc(s, 16).result; // B+64, order 0 (B+64 split down)
    const c = malloc(s, 16).result; // B+80
    expect([a, b, c]).toEqual([B, B + 64, B + 80]);
    free(s, b); // its buddy c is live: a free 16-byte block now starts at a's buddy address
    expect(s.tag[4]).toBe(FREE | 0);
    expect(free(s, a).events).toEqual([{ type: 'BlockReturned', address: B, sizeBytes: 64, payloadAddress: B }]);
    expect(freeBlocks(s)).toEqual([[0, 64], [64, 16], [96, 32], [128, 128], [256, 256], [512, 512]]);
    // c's free completes both buddy pairs at last.
    expect(free(s, c).events.at(-1)).toEqual({ type: 'RegionUnmapped', address: B, sizeBytes: 1024 });
  });
});

describe('buddy: the router, the fold and the checks', () => {
  it('realloc keeps a block when the new size is within its order, moves it otherwise; raw sizes go to the raw allocator', () => {
    const s = buddy.initialState(SMALL);
    const p = malloc(s, 40).result; // 64-byte block
    expect(exec(s, { type: 'Realloc', address: p as Address, requestBytes: 60 }).events).toEqual([{ type: 'BlockResized', payloadAddress: p, requestBytes: 60 }]);
    expect(s.requestAt(p)).toBe(60);
    const moved = exec(s, { type: 'Realloc', address: p as Address, requestBytes: 20 });
    expect(moved.result).not.toBe(p);
    expect(buddy.usableBytes(s, moved.result)).toBe(32);
    expect(exec(s, { type: 'Malloc', requestBytes: 65 }).events.map((e) => e.type)).toEqual(['RawAllocated']);
  });

  it('folding the events through evolve from a fresh heap gives the executed heap', () => {
    const s = buddy.initialState(SMALL);
    const all: AllocatorEvent[] = [];
    const live: number[] = [];
    for (let i = 0; i < 300; i++) {
      const r = (i * 7919) % 13;
      const sink = (e: AllocatorEvent) => all.push(e);
      if (r < 7 || live.length === 0) live.push(executeAllocator(buddy, s, { type: 'Malloc', requestBytes: 1 + ((i * 31) % 64) }, sink));
      else executeAllocator(buddy, s, { type: 'Free', address: live.splice((i * 17) % live.length, 1)[0] as Address }, sink);
    }
    expect(s.regionsMapped).toBeGreaterThan(1);
    let f = buddy.initialState(SMALL);
    for (const e of all) f = evolveAllocator(buddy, f, e);
    expect(buddy.diff(f, s)).toBeNull();
    // ... and diff sees a difference.
    executeAllocator(buddy, f, { type: 'Malloc', requestBytes: 1 });
    expect(buddy.diff(f, s)).not.toBeNull();
  });

  it('findViolations reports a broken free set, an unmerged pair and wrong accounting', () => {
    const s = buddy.initialState(SMALL);
    malloc(s, 16);
    const t1 = s.clone();
    t1.free[0].delete(1); // the free 16 at B+16 vanishes from its set
    expect(buddy.findViolations(t1).join('\n')).toMatch(/not in free set 0/);
    const t2 = s.clone();
    t2.tag[0] = FREE | 0; // B claims to be free while its request stays: and B+16 is its free buddy
    expect(buddy.findViolations(t2).join('\n')).toMatch(/not merged/);
    const t3 = s.clone();
    t3.blockBytes += 16;
    expect(buddy.findViolations(t3)).toEqual(['blockBytes is 32, the live blocks hold 16']);
    const t4 = s.clone();
    t4.tag[0] = LIVE | 1; // a 32-byte block overlapping the free block at B+16
    expect(buddy.findViolations(t4).join('\n')).toMatch(/inside the block/);
  });

  it('refuses an invalid free and an unknown event; rejects a region of more than 2^30 units', () => {
    const s = buddy.initialState(SMALL);
    const p = malloc(s, 32).result;
    const before = s.clone();
    expect(() => executeAllocator(buddy, s, { type: 'Free', address: (p + 16) as Address })).toThrow(AllocatorError);
    expect(buddy.diff(before, s)).toBeNull();
    expect(() => buddy.evolve(s, { type: 'PoolCarved', family: 'segregated' })).toThrow(TypeError);
    expect(() => buddy.initialState({ regionBytes: 2 ** 36, alignmentBytes: 16 })).toThrow(RangeError);
  });

  it('the default geometry: 1 MiB regions (K = 16), 16..512-byte blocks', () => {
    const s = buddy.initialState();
    expect(s.topOrder).toBe(16);
    const { events } = malloc(s, 512);
    expect(events.filter((e) => e.type === 'BlockSplit')).toHaveLength(11); // 1 MiB -> 512 bytes
    expect([1, 16, 17, 256, 257, 512].map((n) => 16 << s.orderForRequest[n])).toEqual([16, 16, 32, 256, 512, 512]);
    expect(s.freeSpace().largestFreeBytes).toBe(512);
  });
});
