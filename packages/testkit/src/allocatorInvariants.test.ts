import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  allocatedBlocks, cpython311, diffStates, execute, initialState, objFree, tiny, type Address, type ObmallocCommand,
  type ObmallocState,
} from '@pymm/obmalloc';
import { contractSeed } from '@pymm/eventlog/testing';
import {
  allocatorInvariants, AllocatorInvariantViolation, checkAllocatorInvariants, findAllocatorViolations, heapState, historyOf,
  liveBlocksOf, type LiveBlock,
} from './index.js';

const seed = contractSeed();

/** The live addresses after `cmds`, followed independently of the state: what each call returned minus what was freed. */
function liveAddresses(cmds: readonly ObmallocCommand[]): Set<number> {
  const state = initialState({ profile: tiny });
  const live = new Set<number>();
  for (const c of cmds) {
    const r = execute(state, c);
    if (c.type === 'Free') live.delete(c.address);
    else {
      if (c.type === 'Realloc') live.delete(c.address);
      live.add(r);
    }
  }
  return live;
}

/** A small heap: two 64-byte blocks and a raw one, in tiny. */
function smallHeap(): { state: ObmallocState; live: LiveBlock[] } {
  const state = initialState({ profile: tiny });
  const a = execute(state, { type: 'Malloc', requestBytes: 64 });
  const b = execute(state, { type: 'Malloc', requestBytes: 50 });
  const r = execute(state, { type: 'Malloc', requestBytes: 100 });
  return {
    state,
    live: [
      { address: a, requestBytes: 64, pymalloc: true, classBytes: 64 },
      { address: b, requestBytes: 50, pymalloc: true, classBytes: 64 },
      { address: r, requestBytes: 100, pymalloc: false, classBytes: 0 },
    ],
  };
}

describe('allocatorInvariants hold on every heap random valid commands reach', () => {
  it('tiny and cpython-3.11; liveBlocksOf finds exactly the blocks the calls returned and did not free', () => {
    for (const [profile, numRuns] of [[tiny, 150], [cpython311, 8]] as const) {
      fc.assert(
        fc.property(heapState(profile, 120, { arenaChurn: profile === tiny }), (state) => {
          expect(findAllocatorViolations(state)).toEqual([]);
          const blocks = liveBlocksOf(state);
          expect(blocks).toHaveLength(allocatedBlocks(state));
          if (profile === tiny) expect(new Set(blocks.map((b) => b.address))).toEqual(liveAddresses(historyOf(state)!));
        }),
        { seed, numRuns },
      );
    }
  });
});

describe('each invariant catches what it states', () => {
  it('the example heap is clean', () => {
    const { state, live } = smallHeap();
    expect(findAllocatorViolations(state, live)).toEqual([]);
    expect(() => checkAllocatorInvariants(state, live)).not.toThrow();
  });

  it('pymalloc: a pool count that disagrees with its blocks', () => {
    const { state, live } = smallHeap();
    const pid = state.poolNext[3]; // the used pool of class 3 (64 bytes)
    state.poolCount[pid] += 1;
    const v = findAllocatorViolations(state, live);
    expect(v.filter((x) => x.invariant === 'pymalloc').map((x) => x.message)).toContainEqual(expect.stringMatching(/count 3 but 2 blocks marked allocated/));
  });

  it('noOverlap: two live blocks sharing bytes', () => {
    const { state, live } = smallHeap();
    const bad = [...live, { ...live[2], address: live[2].address + 50 }];
    expect(allocatorInvariants.noOverlap.check(state, bad)).toEqual([
      `block 0x${(live[2].address + 50).toString(16)} (100 B) overlaps block 0x${live[2].address.toString(16)} (100 B)`,
    ]);
    expect(allocatorInvariants.noOverlap.check(state, live)).toEqual([]);
  });

  it('blocksInLiveArenas: a pymalloc block outside every arena, in a pool of another class, in a pool header; a raw block in an arena', () => {
    const { state, live } = smallHeap();
    const [a, , r] = live;
    const check = (b: LiveBlock) => allocatorInvariants.blocksInLiveArenas.check(state, [b]);
    expect(check({ ...a, address: r.address, pymalloc: true })).toEqual([expect.stringMatching(/is not inside a live arena/)]);
    expect(check({ ...a, classBytes: 32, requestBytes: 32 })).toEqual([expect.stringMatching(/\(32-byte class\) is in pool 0x[0-9a-f]+ of the 64-byte class/)]);
    expect(check({ ...a, address: (a.address - 48) as Address })).toEqual([expect.stringMatching(/sits at offset 0 of its pool/)]);
    expect(check({ ...r, address: a.address })).toEqual([expect.stringMatching(/raw block 0x[0-9a-f]+ lies inside arena 0/)]);
    expect(check({ ...a, address: (a.address + 4 * 256) as Address })).toEqual([expect.stringMatching(/not inside a live arena/)]);
  });

  it('liveBlocksAllocated: a live block the state freed, a block the state holds that nobody holds, a raw size mismatch', () => {
    const { state, live } = smallHeap();
    expect(allocatorInvariants.liveBlocksAllocated.check(state, live.slice(1))).toEqual([
      `the state holds pymalloc block 0x${live[0].address.toString(16)} allocated, which is not live`,
    ]);
    expect(allocatorInvariants.liveBlocksAllocated.check(state, [...live.slice(0, 2), { ...live[2], requestBytes: 99 }])).toEqual([
      `raw block 0x${live[2].address.toString(16)} has 99 B but the state records 100 B`,
    ]);
    objFree(state, live[1].address);
    expect(allocatorInvariants.liveBlocksAllocated.check(state, live)).toEqual([
      `live pymalloc block 0x${live[1].address.toString(16)} is not allocated in the state`,
    ]);
  });

  it('allocatedBlocks: the count differs from the live blocks', () => {
    const { state, live } = smallHeap();
    expect(allocatorInvariants.allocatedBlocks.check(state, live.slice(1))).toEqual(['getallocatedblocks() = 3, 2 blocks are live']);
    const e = (() => {
      try {
        checkAllocatorInvariants(state, live.slice(1), 'after Free(#0)');
      } catch (x) {
        return x;
      }
    })();
    expect(e).toBeInstanceOf(AllocatorInvariantViolation);
    expect((e as Error).message).toMatch(/^allocator invariants violated after Free\(#0\):\n {2}liveBlocksAllocated: .*\n {2}allocatedBlocks: getallocatedblocks\(\) = 3, 2 blocks are live$/);
  });
});

describe('heapState values', () => {
  it('fast-check hands out clones (a property may mutate its heap) and prints the commands, not the arrays', () => {
    const [s] = fc.sample(heapState(tiny, 40), { seed, numRuns: 1 });
    const c = (s as unknown as { [fc.cloneMethod]: () => ObmallocState })[fc.cloneMethod]();
    expect(c).not.toBe(s);
    expect(diffStates(c, s)).toBeNull();
    const live = liveBlocksOf(c);
    if (live.length) objFree(c, live[0].address);
    expect(findAllocatorViolations(s)).toEqual([]);
    expect(allocatedBlocks(s)).toBe(live.length);
    expect(historyOf(c)).toBe(historyOf(s));
    const details = fc.check(fc.property(heapState(tiny, 60), (h) => h.narenasCurrentlyAllocated < 2), { seed });
    expect(details.failed).toBe(true);
    const report = fc.defaultReportMessage(details)!;
    expect(report).toMatch(/Counterexample: \[heapState\(tiny\) after \[\{"type":"Malloc"/);
    expect(report).not.toMatch(/Array/);
  });
});
