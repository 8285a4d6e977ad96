/**
 * Sequential fit by hand: the classic examples, each on a free list built on purpose.
 * Default config unless said: 16-byte units, a block of request n takes
 * max(32, roundup(n + 16, 16)) bytes, its payload 16 bytes in.
 */
import { describe, expect, it } from 'vitest';
import { AllocatorError, HEAP_BASE, type Address, decideAllocator, evolveAllocator, executeAllocator, type AllocatorConfig, type AllocatorEvent, type AllocatorFamily } from '@pymm/obmalloc';
import { bestFit, firstFit, nextFit, type SequentialFitHeap } from './sequentialFit.js';

const SMALL: AllocatorConfig = { regionBytes: 1024, maxRequestBytes: 64 };

function session(family: AllocatorFamily<SequentialFitHeap>, config: AllocatorConfig = {}) {
  const s = family.initialState(config);
  let events: AllocatorEvent[] = [];
  const sink = (e: AllocatorEvent): void => void events.push(e);
  return {
    s,
    malloc(n: number): number {
      events = [];
      const a = executeAllocator(family, s, { type: 'Malloc', requestBytes: n }, sink);
      expect(family.findViolations(s)).toEqual([]);
      return a;
    },
    free(address: number): void {
      events = [];
      executeAllocator(family, s, { type: 'Free', address: address as Address }, sink);
      expect(family.findViolations(s)).toEqual([]);
    },
    events: () => events,
    /** Free blocks as [offset from HEAP_BASE, bytes]. */
    freeList: () => s.blocks().filter((b) => b.free).map((b) => [b.address - HEAP_BASE, b.sizeBytes]),
  };
}

/**
 * The hand-made free list (one region):
 *   offset   0  96 B free   (a, was malloc(80))
 *           96  32 B live   (separator)
 *          128  48 B free   (c, was malloc(32))
 *          176  32 B live   (separator: the last allocation, rover at 208)
 *          208  the rest of the region, free
 */
function handMade(family: AllocatorFamily<SequentialFitHeap>) {
  const t = session(family);
  const a = t.malloc(80);
  t.malloc(16);
  const c = t.malloc(32);
  t.malloc(16);
  t.free(a);
  t.free(c);
  expect(t.freeList()).toEqual([[0, 96], [128, 48], [208, (1 << 20) - 208]]);
  expect([t.s.roverSlot, t.s.roverUnit]).toEqual([0, 208 / 16]);
  return t;
}

describe('sequential fit: which block a request takes', () => {
  it('malloc(32) (a 48-byte block): first fit splits the lowest block, best fit takes the exact one, next fit the one at the rover', () => {
    const first = handMade(firstFit);
    expect(first.malloc(32)).toBe(HEAP_BASE + 16);
    expect(first.events()).toEqual([
      { type: 'BlockSplit', address: HEAP_BASE, sizeBytes: 96, remainderAddress: HEAP_BASE + 48, remainderBytes: 48 },
      { type: 'BlockHandedOut', address: HEAP_BASE, sizeBytes: 48, payloadAddress: HEAP_BASE + 16, requestBytes: 32 },
    ]);
    expect(first.freeList()).toEqual([[48, 48], [128, 48], [208, (1 << 20) - 208]]);

    const best = handMade(bestFit);
    expect(best.malloc(32)).toBe(HEAP_BASE + 128 + 16);
    expect(best.events()).toEqual([{ type: 'BlockHandedOut', address: HEAP_BASE + 128, sizeBytes: 48, payloadAddress: HEAP_BASE + 144, requestBytes: 32 }]);
    expect(best.freeList()).toEqual([[0, 96], [208, (1 << 20) - 208]]);

    const next = handMade(nextFit);
    expect(next.malloc(32)).toBe(HEAP_BASE + 208 + 16);
    expect(next.freeList()).toEqual([[0, 96], [128, 48], [256, (1 << 20) - 256]]);
  });

  it('a remainder under 32 bytes is not split off: the whole block goes (best fit, 64-byte hole for a 48-byte need)', () => {
    const t = session(bestFit);
    const a = t.malloc(48); // 64-byte block
    t.malloc(16);
    t.free(a);
    expect(t.malloc(20)).toBe(HEAP_BASE + 16); // needs 48: 16 bytes would remain
    expect(t.events()).toEqual([{ type: 'BlockHandedOut', address: HEAP_BASE, sizeBytes: 64, payloadAddress: HEAP_BASE + 16, requestBytes: 20 }]);
    expect(bestFit.usableBytes(t.s, HEAP_BASE + 16)).toBe(48);
  });

  it('best fit breaks ties by address, and takes a smaller block that is higher up', () => {
    const t = session(bestFit);
    const p = [t.malloc(64), t.malloc(16), t.malloc(32), t.malloc(16), t.malloc(32), t.malloc(16)];
    t.free(p[0]); // 80 B at 0
    t.free(p[4]); // 48 B at 192
    t.free(p[2]); // 48 B at 112
    expect(t.malloc(30)).toBe(HEAP_BASE + 112 + 16); // the two 48s tie: the lower one
    expect(t.malloc(30)).toBe(HEAP_BASE + 192 + 16);
    expect(t.malloc(30)).toBe(HEAP_BASE + 16); // now the 80-byte block, split
  });
});

describe('next fit: the rover', () => {
  /** Region of 1024 bytes (64 units) filled by sixteen 64-byte blocks (malloc(48)). */
  function filled() {
    const t = session(nextFit, SMALL);
    const p = Array.from({ length: 16 }, () => t.malloc(48));
    expect(p.at(-1)).toBe(HEAP_BASE + 960 + 16);
    expect([t.s.roverSlot, t.s.roverUnit]).toEqual([1, 0]); // past the region's end
    return { t, p };
  }

  it('searches at or after the rover, wraps around once, and then goes on from the new rover', () => {
    const { t, p } = filled();
    t.free(p[1]);
    expect(t.malloc(48)).toBe(p[1]); // nothing after the rover: wrap to the lowest fit
    expect([t.s.roverSlot, t.s.roverUnit]).toEqual([0, 8]);
    t.free(p[0]);
    t.free(p[3]);
    expect(t.malloc(48)).toBe(p[3]); // first fit would take p[0]
    expect(firstFit.name).toBe('first-fit');
    expect(t.malloc(48)).toBe(p[0]); // wrapped again
  });

  it('when the block at the rover is absorbed by its lower neighbour, the rover moves to the merged block', () => {
    const { t, p } = filled();
    t.free(p[1]);
    t.free(p[5]);
    const q = t.malloc(48); // wraps to p[1]'s place; rover at unit 8 (p[2], live)
    expect(q).toBe(p[1]);
    t.free(q);
    t.free(p[2]); // p[2] (at the rover) is returned, then absorbed by the block at unit 4
    expect(t.events().map((e) => e.type)).toEqual(['BlockReturned', 'BlocksCoalesced']);
    expect(t.events()[1]).toMatchObject({ address: HEAP_BASE + 64, absorbedAddress: HEAP_BASE + 128, sizeBytes: 128 });
    expect([t.s.roverSlot, t.s.roverUnit]).toEqual([0, 4]);
    expect(t.malloc(48)).toBe(p[1]); // from the merged block, not p[5]'s hole above
  });

  it('when the rover\'s region is unmapped, the rover moves to the next slot', () => {
    const { t } = filled();
    const r = t.malloc(48);
    expect(t.events()[0]).toEqual({ type: 'RegionMapped', address: HEAP_BASE + 1024, sizeBytes: 1024 });
    expect([t.s.roverSlot, t.s.roverUnit]).toEqual([1, 4]);
    t.free(r);
    expect(t.events().at(-1)).toEqual({ type: 'RegionUnmapped', address: HEAP_BASE + 1024, sizeBytes: 1024 });
    expect([t.s.roverSlot, t.s.roverUnit]).toEqual([2, 0]);
  });
});

describe('splitting, coalescing, regions', () => {
  it('a freed block coalesces with its next neighbour, then its previous one', () => {
    const t = session(firstFit);
    const [a, b, c] = [t.malloc(16), t.malloc(16), t.malloc(16), t.malloc(16)];
    t.free(a);
    t.free(c);
    t.free(b);
    expect(t.events()).toEqual([
      { type: 'BlockReturned', address: HEAP_BASE + 32, sizeBytes: 32, payloadAddress: b },
      { type: 'BlocksCoalesced', address: HEAP_BASE + 32, sizeBytes: 64, absorbedAddress: HEAP_BASE + 64 },
      { type: 'BlocksCoalesced', address: HEAP_BASE, sizeBytes: 96, absorbedAddress: HEAP_BASE + 32 },
    ]);
    expect(t.freeList()).toEqual([[0, 96], [128, (1 << 20) - 128]]);
    expect(t.s.freeSpace()).toEqual({ freeBytes: (1 << 20) - 32, freeBlocks: 2, largestFreeBytes: 512 });
  });

  it('maps a region when nothing fits (the lowest free slot) and unmaps one as soon as it holds no live block', () => {
    const t = session(firstFit, SMALL);
    const first = t.malloc(64);
    expect(t.events()).toEqual([
      { type: 'RegionMapped', address: HEAP_BASE, sizeBytes: 1024 },
      { type: 'BlockSplit', address: HEAP_BASE, sizeBytes: 1024, remainderAddress: HEAP_BASE + 80, remainderBytes: 944 },
      { type: 'BlockHandedOut', address: HEAP_BASE, sizeBytes: 80, payloadAddress: HEAP_BASE + 16, requestBytes: 64 },
    ]);
    const inFirst = [first, ...Array.from({ length: 11 }, () => t.malloc(64))]; // 12 * 80 = 960 bytes
    const tail = t.malloc(40); // the last 64 bytes, exactly
    expect(t.s.freeSpace()).toEqual({ freeBytes: 0, freeBlocks: 0, largestFreeBytes: 0 });
    const second = t.malloc(1);
    expect(t.events()[0]).toEqual({ type: 'RegionMapped', address: HEAP_BASE + 1024, sizeBytes: 1024 });
    expect(second).toBe(HEAP_BASE + 1024 + 16);
    for (const p of [...inFirst, tail]) t.free(p);
    expect(t.events().at(-1)).toEqual({ type: 'RegionUnmapped', address: HEAP_BASE, sizeBytes: 1024 });
    expect(t.s.regions()).toEqual([{ address: HEAP_BASE + 1024, sizeBytes: 1024 }]);
    // fill the second region: the next region goes to slot 0 again
    while (t.s.regionsMapped === 2) t.malloc(64);
    expect(t.s.regions().map((r) => r.address)).toEqual([HEAP_BASE, HEAP_BASE + 1024]);
    expect(t.s.mappedBytes).toBe(2048);
    expect(t.s.peakMappedBytes).toBe(2048);
  });

  it('liveBlockList, usableBytes and raw requests', () => {
    const t = session(bestFit, SMALL);
    const a = t.malloc(1);
    const b = t.malloc(17);
    const raw = t.malloc(65); // above maxRequestBytes: the raw allocator
    expect(t.s.liveBlockList()).toEqual([
      { payloadAddress: a, usableBytes: 16, requestBytes: 1, blockAddress: a - 16, blockBytes: 32 },
      { payloadAddress: b, usableBytes: 32, requestBytes: 17, blockAddress: b - 16, blockBytes: 48 },
    ]);
    expect(t.s.rawBlocks()).toEqual([{ address: raw, requestBytes: 65 }]);
    expect(t.s.freeSpace()).toEqual({ freeBytes: 1024 - 80, freeBlocks: 1, largestFreeBytes: 64 });
  });

  it('a free where no live block starts throws and changes nothing; decide leaves the state alone', () => {
    for (const family of [firstFit, nextFit, bestFit]) {
      const t = session(family, SMALL);
      const a = t.malloc(20);
      let before = family.clone(t.s);
      for (const bad of [a + 16, a - 16, HEAP_BASE + 4096, a + 1]) {
        expect(() => executeAllocator(family, t.s, { type: 'Free', address: bad as Address })).toThrow(AllocatorError);
      }
      expect(family.diff(before, t.s)).toBeNull();
      t.free(a);
      before = family.clone(t.s);
      expect(() => executeAllocator(family, t.s, { type: 'Free', address: a as Address })).toThrow(AllocatorError);
      expect(family.diff(before, t.s)).toBeNull();
      const events = decideAllocator(family, t.s, { type: 'Malloc', requestBytes: 20 });
      expect(family.diff(before, t.s)).toBeNull();
      expect(events.map((e) => e.type)).toEqual(['RegionMapped', 'BlockSplit', 'BlockHandedOut']);
      const again = events.reduce((s, e) => evolveAllocator(family, s, e), family.clone(t.s));
      t.malloc(20);
      expect(family.diff(again, t.s)).toBeNull();
      expect(family.diff(before, t.s)).toMatch(/mappedBytes/);
    }
  });
});

describe('findViolations sees a broken heap', () => {
  function broken(family: AllocatorFamily<SequentialFitHeap>) {
    const t = session(family, SMALL);
    const p = [t.malloc(20), t.malloc(20), t.malloc(20), t.malloc(20)];
    t.free(p[1]);
    return t.s;
  }

  it('reports a lost footer, a missed coalesce, stale search structures, bad accounting and a stray rover', () => {
    for (const family of [firstFit, nextFit, bestFit]) {
      let s = broken(family);
      s.tags[0]![5] = 0; // the free block at unit 3 (3 units) loses its footer
      expect(family.findViolations(s).join('\n')).toMatch(/footer tag 0/);

      s = broken(family);
      s.tags[0]![6] = -s.tags[0]![6]; // the live block after the hole turns free, uncoalesced
      expect(family.findViolations(s).join('\n')).toMatch(/coalescing missed/);

      s = broken(family);
      if (s.best === null) s.tree[0]![s.groups] = 0; // group 0 (units 0..15) forgets its free blocks
      else s.best.remove(0, 3, 3); // bin 3 forgets the hole at unit 3
      expect(family.findViolations(s).join('\n')).toMatch(family === bestFit ? /missing from its bin/ : /tree leaf 0 for a group/);

      s = broken(family);
      if (s.best === null) s.top[s.topLeaves] = 0; // the slot tree forgets region 0
      else s.best.largeLen = 0; // the large heap forgets the rest of the region
      expect(family.findViolations(s).join('\n')).toMatch(family === bestFit ? /large: 0 blocks indexed, 1 large/ : /slot tree: leaf 0/);

      s = broken(family);
      s.blockBytes += 16;
      expect(family.findViolations(s).join('\n')).toMatch(/blockBytes/);

      s = broken(family);
      s.roverUnit = 4; // inside the free block at unit 3
      expect(family.findViolations(s).join('\n')).toMatch(/not a block start/);

      s = broken(family);
      const other = broken(family);
      other.roverUnit = 3;
      expect(family.diff(s, other)).toMatch(/rover/);
    }
  });
});
