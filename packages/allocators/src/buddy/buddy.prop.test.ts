/**
 * Property tests of the buddy family: random Malloc / Calloc / Realloc / Free sequences
 * through the router (raw sizes 0 and above maxRequestBytes, invalid frees and reallocs
 * included) keep every invariant; the events fold to the executed heap; and the
 * lowest-address structure (MinBitset, and the family's choices built on it) agrees with
 * naive references made of plain arrays and linear scans.
 * Seed: PYMM_SEED (default 20261127).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  AllocatorError, HEAP_BASE, RAW_BASE, decideAllocator, evolveAllocator, executeAllocator, type Address, type AllocatorCommand,
  type AllocatorConfig, type AllocatorEvent,
} from '@pymm/obmalloc';
import { MinBitset } from './bitset.js';
import { buddy, type BuddyHeap } from './buddy.js';

const SEED = Number(process.env.PYMM_SEED ?? 20261127);

// --- commands --------------------------------------------------------------------------

type Size = { k: 'small'; x: number } | { k: 'zero' } | { k: 'big'; x: number };
type Target = { k: 'live'; x: number } | { k: 'null' } | { k: 'bad'; how: 'inside' | 'freed' | 'heap' | 'misaligned' | 'raw'; x: number };
type Op =
  | { op: 'Malloc' | 'Calloc'; size: Size }
  | { op: 'Realloc'; target: Target; size: Size }
  | { op: 'Free'; target: Target };

const sizeArb: fc.Arbitrary<Size> = fc.oneof(
  { weight: 12, arbitrary: fc.record({ k: fc.constant('small' as const), x: fc.nat(1 << 16) }) },
  { weight: 1, arbitrary: fc.constant({ k: 'zero' as const }) },
  { weight: 1, arbitrary: fc.record({ k: fc.constant('big' as const), x: fc.nat(1 << 16) }) },
);
const targetArb: fc.Arbitrary<Target> = fc.oneof(
  { weight: 12, arbitrary: fc.record({ k: fc.constant('live' as const), x: fc.nat() }) },
  { weight: 1, arbitrary: fc.constant({ k: 'null' as const }) },
  { weight: 3, arbitrary: fc.record({ k: fc.constant('bad' as const), how: fc.constantFrom('inside', 'freed', 'heap', 'misaligned', 'raw' as const), x: fc.nat() }) },
);
const opArb: fc.Arbitrary<Op> = fc.oneof(
  { weight: 8, arbitrary: fc.record({ op: fc.constantFrom('Malloc', 'Calloc' as const), size: sizeArb }) },
  { weight: 2, arbitrary: fc.record({ op: fc.constant('Realloc' as const), target: targetArb, size: sizeArb }) },
  { weight: 5, arbitrary: fc.record({ op: fc.constant('Free' as const), target: targetArb }) },
);

function sizeOf(s: BuddyHeap, z: Size): number {
  if (z.k === 'zero') return 0;
  return z.k === 'small' ? 1 + (z.x % s.maxRequestBytes) : s.maxRequestBytes + 1 + (z.x % (3 * s.maxRequestBytes));
}

/** Every live start (family and raw), lowest first. */
function liveStarts(s: BuddyHeap): number[] {
  return [...s.liveBlockList().map((b) => b.payloadAddress), ...s.rawBlocks().map((r) => r.address)].sort((a, b) => a - b);
}

function addressOf(s: BuddyHeap, t: Target, freed: number[]): number {
  const live = liveStarts(s);
  if (t.k === 'null') return 0;
  if (t.k === 'live') return live.length === 0 ? 0 : live[t.x % live.length];
  const blocks = s.liveBlockList();
  switch (t.how) {
    case 'inside': {
      const big = blocks.filter((b) => b.blockBytes > s.alignmentBytes);
      return big.length === 0 ? HEAP_BASE + 3 * s.alignmentBytes : big[t.x % big.length].payloadAddress + s.alignmentBytes * (1 + (t.x % (big[t.x % big.length].blockBytes / s.alignmentBytes - 1)));
    }
    case 'freed':
      return freed.length === 0 ? HEAP_BASE + s.regionBytes * 7 : freed[t.x % freed.length];
    case 'heap':
      return HEAP_BASE + (t.x % (4 * s.regionBytes));
    case 'misaligned':
      return blocks.length === 0 ? HEAP_BASE + 1 : blocks[t.x % blocks.length].payloadAddress + 1 + (t.x % (s.alignmentBytes - 1));
    case 'raw':
      return RAW_BASE + 0x10_0000 + 16 * (t.x % 1000);
  }
}

function commandOf(s: BuddyHeap, o: Op, freed: number[]): AllocatorCommand {
  switch (o.op) {
    case 'Malloc':
    case 'Calloc':
      return { type: o.op, requestBytes: sizeOf(s, o.size) };
    case 'Realloc':
      return { type: 'Realloc', address: addressOf(s, o.target, freed) as Address, requestBytes: sizeOf(s, o.size) };
    case 'Free':
      return { type: 'Free', address: addressOf(s, o.target, freed) as Address };
  }
}

// --- checks ----------------------------------------------------------------------------

const isPow2 = (x: number) => x > 0 && (x & (x - 1)) === 0;

/** Live blocks don't overlap, are aligned to their size and lie inside mapped regions: the problems found. */
function layoutProblems(s: BuddyHeap): string[] {
  const out: string[] = [];
  const regions = s.regions();
  const blocks = s.liveBlockList();
  if (blocks.length !== s.liveBlocks) out.push(`${blocks.length} live blocks listed, liveBlocks ${s.liveBlocks}`);
  const payloads = s.livePayloads();
  if (payloads.length !== blocks.length || payloads.some((p, i) => p !== blocks[i].payloadAddress)) out.push('liveBlockList and livePayloads differ');
  let end = -Infinity;
  for (const b of blocks) {
    const at = `block 0x${b.blockAddress.toString(16)} (${b.blockBytes} bytes, request ${b.requestBytes})`;
    if (b.blockAddress !== b.payloadAddress) out.push(`${at}: payload elsewhere`);
    if (b.blockAddress < end) out.push(`${at}: overlaps the block before`);
    end = b.blockAddress + b.blockBytes;
    if (!isPow2(b.blockBytes) || b.blockBytes < s.alignmentBytes) out.push(`${at}: size not a power of two of at least one unit`);
    if ((b.blockAddress - HEAP_BASE) % b.blockBytes !== 0) out.push(`${at}: not aligned to its size`);
    if (b.usableBytes !== b.blockBytes || buddy.usableBytes(s, b.payloadAddress) !== b.blockBytes) out.push(`${at}: usable ${b.usableBytes}`);
    if (b.requestBytes < 1 || b.requestBytes > b.blockBytes) out.push(`${at}: request does not fit`);
    // the smallest block that fits: half of it would not
    if (b.blockBytes > s.alignmentBytes && b.requestBytes <= b.blockBytes / 2) out.push(`${at}: half the block would do`);
    if (!regions.some((r) => r.address <= b.blockAddress && end <= r.address + r.sizeBytes)) out.push(`${at}: outside every mapped region`);
  }
  // no mapped region is wholly free (it would have been unmapped)
  for (const r of regions) {
    if (!blocks.some((b) => b.blockAddress >= r.address && b.blockAddress < r.address + r.sizeBytes)) out.push(`region 0x${r.address.toString(16)} has no live block`);
  }
  return out;
}

function runSequence(config: AllocatorConfig, ops: Op[]): void {
  const s = buddy.initialState(config);
  let folded = buddy.initialState(config);
  const freed: number[] = [];
  for (const o of ops) {
    const command = commandOf(s, o, freed);
    const target = command.type === 'Free' || command.type === 'Realloc' ? command.address : 0;
    const refused = target !== 0 && !liveStarts(s).includes(target);
    const before = buddy.clone(s);
    const events: AllocatorEvent[] = [];
    if (refused) {
      expect(() => decideAllocator(buddy, s, command)).toThrow(AllocatorError);
      let error: unknown;
      try {
        executeAllocator(buddy, s, command, (e) => events.push(e));
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(AllocatorError);
      expect((error as AllocatorError).code).toBe('NOT_ALLOCATED');
      expect(events).toEqual([]);
      expect(buddy.diff(before, s)).toBeNull();
    } else {
      const decided = decideAllocator(buddy, s, command);
      expect(buddy.diff(before, s)).toBeNull(); // decide changes nothing
      const result = executeAllocator(buddy, s, command, (e) => events.push(e));
      expect(events).toEqual(decided);
      if (target !== 0) freed.push(target);
      if (command.type !== 'Free') {
        const n = command.requestBytes;
        if (n >= 1 && n <= s.maxRequestBytes) expect(s.requestAt(result)).toBe(n);
        else expect(s.raw.get(result)).toBe(n);
      }
      for (const e of events) folded = evolveAllocator(buddy, folded, e);
    }
    expect(buddy.findViolations(s)).toEqual([]);
    expect(buddy.diff(folded, s)).toBeNull();
    expect(layoutProblems(s)).toEqual([]);
  }
}

const CONFIGS: [string, AllocatorConfig, number][] = [
  ['1 KiB regions, requests up to 64', { regionBytes: 1024, maxRequestBytes: 64 }, 100],
  ['256-byte regions, 8-byte units', { regionBytes: 256, maxRequestBytes: 64, alignmentBytes: 8 }, 100],
  ['4 KiB regions, 32-byte units, requests up to 512', { regionBytes: 4096, maxRequestBytes: 512, alignmentBytes: 32 }, 80],
  ['the defaults (1 MiB regions)', {}, 10],
];

describe('buddy: random command sequences through the router', () => {
  for (const [label, config, numRuns] of CONFIGS) {
    it(`keeps every invariant, refuses invalid frees unchanged, and folds to the executed heap: ${label}`, () => {
      fc.assert(fc.property(fc.array(opArb, { minLength: 1, maxLength: 250, size: 'max' }), (ops) => runSequence(config, ops)), { seed: SEED, numRuns });
    });
  }

  it('sequences heavy enough to map and unmap several regions do so (the properties above are not vacuous)', () => {
    const s = buddy.initialState({ regionBytes: 256, maxRequestBytes: 64, alignmentBytes: 8 });
    const live: number[] = [];
    for (let i = 0; i < 200; i++) live.push(executeAllocator(buddy, s, { type: 'Malloc', requestBytes: 1 + (i % 64) }));
    for (const p of live) executeAllocator(buddy, s, { type: 'Free', address: p as Address });
    expect(s.regionsMapped).toBeGreaterThan(20);
    expect(s.regionsUnmapped).toBe(s.regionsMapped);
  });
});

// --- naive references ------------------------------------------------------------------

/** The buddy system on plain arrays: unsorted free lists, a linear scan for the lowest address. */
class NaiveBuddy {
  readonly free: number[][] = [];
  readonly live = new Map<number, number>();
  readonly slots: number[] = [];
  constructor(readonly unit: number, readonly top: number) {
    for (let k = 0; k <= top; k++) this.free.push([]);
  }
  private take(k: number, address: number): void {
    this.free[k].splice(this.free[k].indexOf(address), 1);
  }
  malloc(n: number): number {
    let want = 0;
    while (this.unit << want < n) want++;
    let k = want;
    while (k <= this.top && this.free[k].length === 0) k++;
    let a: number;
    if (k > this.top) {
      let slot = 0;
      while (this.slots.includes(slot)) slot++;
      this.slots.push(slot);
      k = this.top;
      a = HEAP_BASE + slot * (this.unit << this.top);
    } else {
      a = this.free[k][0];
      for (const x of this.free[k]) if (x < a) a = x;
      this.take(k, a);
    }
    for (; k > want; k--) this.free[k - 1].push(a + (this.unit << (k - 1)));
    this.live.set(a, want);
    return a;
  }
  release(a: number): void {
    let k = this.live.get(a)!;
    this.live.delete(a);
    for (; k < this.top; k++) {
      const buddyAddress = HEAP_BASE + ((a - HEAP_BASE) ^ (this.unit << k));
      if (!this.free[k].includes(buddyAddress)) break;
      this.take(k, buddyAddress);
      a = Math.min(a, buddyAddress);
    }
    if (k === this.top) this.slots.splice(this.slots.indexOf((a - HEAP_BASE) / (this.unit << this.top)), 1);
    else this.free[k].push(a);
  }
}

describe('buddy: the lowest-address structure against naive references', () => {
  it('MinBitset agrees with a plain array of members (add, delete, min, has, grow) across 1 to 4 levels', () => {
    type BitOp = { op: 'toggle'; x: number; near: boolean } | { op: 'grow'; by: number };
    const bitOp: fc.Arbitrary<BitOp> = fc.oneof(
      { weight: 20, arbitrary: fc.record({ op: fc.constant('toggle' as const), x: fc.nat(), near: fc.boolean() }) },
      { weight: 1, arbitrary: fc.record({ op: fc.constant('grow' as const), by: fc.integer({ min: 1, max: 40_000 }) }) },
    );
    fc.assert(fc.property(fc.integer({ min: 1, max: 70_000 }), fc.array(bitOp, { maxLength: 300 }), (capacity, ops) => {
      const set = new MinBitset(capacity);
      const members: number[] = [];
      let cap = capacity;
      for (const o of ops) {
        if (o.op === 'grow') {
          cap += o.by;
          set.grow(cap);
        } else {
          // near: cluster around a word boundary so words fill and empty
          const i = o.near ? Math.min(cap - 1, (o.x % 70) + 32 * 31) % cap : o.x % cap;
          const at = members.indexOf(i);
          expect(set.has(i)).toBe(at >= 0);
          if (at >= 0) {
            members.splice(at, 1);
            set.delete(i);
          } else {
            members.push(i);
            set.add(i);
          }
        }
        let min = -1;
        for (const m of members) if (min < 0 || m < min) min = m;
        expect(set.min()).toBe(min);
        expect(set.check()).toBeNull();
      }
      expect(set.members()).toEqual([...members].sort((a, b) => a - b));
      expect(set.capacity).toBe(cap);
    }), { seed: SEED, numRuns: 200 });
  });

  it('the family picks the same blocks as the naive buddy system, and its free sets hold the same blocks', () => {
    const configs: AllocatorConfig[] = [{ regionBytes: 1024, maxRequestBytes: 64 }, { regionBytes: 2048, maxRequestBytes: 512, alignmentBytes: 16 }];
    fc.assert(fc.property(
      fc.constantFrom(...configs),
      fc.array(fc.tuple(fc.boolean(), fc.nat()), { minLength: 1, maxLength: 400, size: 'max' }),
      (config, steps) => {
        const s = buddy.initialState(config);
        const naive = new NaiveBuddy(s.alignmentBytes, s.topOrder);
        const live: number[] = [];
        for (const [isMalloc, x] of steps) {
          if (isMalloc || live.length === 0) {
            const n = 1 + (x % s.maxRequestBytes);
            const a = executeAllocator(buddy, s, { type: 'Malloc', requestBytes: n });
            expect(a).toBe(naive.malloc(n));
            live.push(a);
          } else {
            const a = live.splice(x % live.length, 1)[0];
            executeAllocator(buddy, s, { type: 'Free', address: a as Address });
            naive.release(a);
          }
          for (let k = 0; k <= s.topOrder; k++) {
            const fast = s.free[k].members().map((i) => s.addressOf(i << k));
            expect(fast).toEqual([...naive.free[k]].sort((a, b) => a - b));
          }
          expect(s.regions().map((r) => (r.address - HEAP_BASE) / r.sizeBytes)).toEqual([...naive.slots].sort((a, b) => a - b));
        }
      },
    ), { seed: SEED, numRuns: 60 });
  });
});
