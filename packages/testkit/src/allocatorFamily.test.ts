/**
 * The family properties fail on planted bugs, one bug per property: a property that
 * cannot fail is a defect. Each bug is a small change to the README's toy allocator,
 * which passes them all (familyReadme.example.ts).
 */
import { type AllocatorEvent, type AllocatorFamily, type AllocatorSink } from '@pymm/obmalloc';
import { describe, expect, it } from 'vitest';
import { assertFamilyProperties, type FamilyPropertyOptions } from './allocatorFamily.js';
import { passed, toy } from './familyReadme.example.js';

type Toy = typeof toy;
type ToyHeap = ReturnType<Toy['initialState']>;
const config = { regionBytes: 1024, maxRequestBytes: 64 };

function planted(overrides: Partial<AllocatorFamily<ToyHeap>>): AllocatorFamily<ToyHeap> {
  return { ...toy, ...overrides, name: 'toy-with-a-bug' };
}

function failure(family: AllocatorFamily<ToyHeap>, options: FamilyPropertyOptions = {}): string {
  try {
    assertFamilyProperties(family, { config, numRuns: 200, ...options });
  } catch (e) {
    return (e as Error).message;
  }
  return 'no failure';
}

/** A toy malloc that hands out `a + shift` or re-hands a live block. */
function mallocWith(bug: (h: ToyHeap, n: number, a: number) => number): Toy['malloc'] {
  return (h, n, sink) => {
    const a = toy.malloc(h, n, sink);
    return bug(h, n, a);
  };
}

describe('assertFamilyProperties', () => {
  it('passes on the README toy allocator', () => {
    expect(passed).toBe(true);
    expect(failure(toy)).toBe('no failure');
  });

  it('noOverlap: a block handed out twice', () => {
    let last = 0;
    const bug = planted({
      malloc: mallocWith((h, n, a) => {
        // every fifth malloc of a 16-byte class hands out the previous block again
        const again = last !== 0 && h.requestAt(last) > 0 && n <= 16 && h.liveBlocks % 5 === 0 ? last : a;
        last = a;
        return again;
      }),
    });
    expect(failure(bug, { only: ['model'] })).toMatch(/noOverlap|matchesModel|already holds/);
  });

  it('aligned: a payload 8 bytes off', () => {
    // the heap reports its blocks 8 bytes off alignment
    const misaligned = planted({
      initialState: (c) => {
        const h = toy.initialState(c);
        const list = h.liveBlockList.bind(h);
        h.liveBlockList = () => list().map((b) => ({ ...b, payloadAddress: b.payloadAddress + 8, blockAddress: b.blockAddress + 8 }));
        return h;
      },
    });
    expect(failure(misaligned, { only: ['model'] })).toMatch(/aligned/);
  });

  it('inRegions: a block past the end of its region', () => {
    const bug = planted({
      initialState: (c) => {
        const h = toy.initialState(c);
        const list = h.liveBlockList.bind(h);
        // blocks of 48 bytes and more are reported 64 regions further up
        const far = (a: number, size: number): number => (size >= 48 ? a + 64 * h.regionBytes : a);
        h.liveBlockList = () => list().map((b) => ({ ...b, payloadAddress: far(b.payloadAddress, b.blockBytes), blockAddress: far(b.blockAddress, b.blockBytes) }));
        return h;
      },
    });
    expect(failure(bug, { only: ['model'] })).toMatch(/inRegions/);
  });

  it('accounting: a block smaller than its request', () => {
    const bug = planted({
      malloc: (h, n, sink) => toy.malloc(h, n > 16 && n % 16 === 1 ? n - 1 : n, sink),
    });
    expect(failure(bug, { only: ['model'] })).toMatch(/accounting|matchesModel/);
  });

  it('reuse: freed blocks never used again', () => {
    const bug = planted({
      malloc(h, n, sink) {
        // a free block of the class is forgotten, and the request served from a new region
        const list = h.freeLists[Math.ceil(n / 16)];
        if (list !== undefined && list.length > 0) {
          list.length = 0;
          h.top = h.regionBytes;
        }
        return toy.malloc(h, n, sink);
      },
    });
    expect(failure(bug, { only: ['model'] })).toMatch(/reuse/);
  });

  it('realloc keeps the size: usableBytes below the request', () => {
    const bug = planted({ usableBytes: (h, a) => Math.max(1, h.classOf.get(a)! - 16) });
    expect(failure(bug, { only: ['model'] })).toMatch(/usable/);
  });

  it('refusal: a free of a never-allocated address accepted', () => {
    const bug = planted({
      initialState: (c) => {
        const h = toy.initialState(c);
        const at = h.requestAt.bind(h);
        // claims a block at any address inside a region
        h.requestAt = (a) => at(a) || (h.slotOf(a) >= 0 && !h.freeLists.flat().includes(a) ? 1 : 0);
        return h;
      },
      free(h, a, sink) {
        if (!h.classOf.has(a)) return; // accepts it and does nothing
        toy.free(h, a, sink);
      },
    });
    expect(failure(bug, { only: ['model'] })).toMatch(/refusal|accounting|matchesModel/);
  });

  it('decider: an evolve that forgets returned blocks', () => {
    const bug = planted({
      evolve: (h, e: AllocatorEvent) => (e.type === 'BlockReturned' ? h : toy.evolve(h, e)),
    });
    expect(failure(bug, { only: ['decider'] })).toMatch(/fold of the events differs/);
  });

  it('deterministic: events that depend on something outside the heap', () => {
    let calls = 0;
    const bug = planted({
      malloc(h: ToyHeap, n: number, sink: AllocatorSink | null) {
        calls += 1;
        return toy.malloc(h, n, sink === null ? null : (e) => sink(e.type === 'BlockHandedOut' ? { ...e, note: calls } : e));
      },
    });
    expect(failure(bug, { only: ['deterministic'] })).toMatch(/different events/);
  });

  it('family: the family’s own invariants are checked after every command', () => {
    const bug = planted({ findViolations: (h) => (h.liveBlocks > 3 ? ['planted: more than three live blocks'] : []) });
    expect(failure(bug, { only: ['model'] })).toMatch(/planted: more than three live blocks/);
  });
});
