/**
 * Sequential fit against random command sequences (Malloc, Calloc, Realloc, Free, with raw
 * sizes 0 and above maxRequestBytes and invalid frees), run through the router. After
 * every command:
 *   - findViolations is empty;
 *   - the fold of the events so far through evolveAllocator equals the executed heap;
 *   - every block the family chose, and the whole tiling and the rover, equal what a naive
 *     reference computes by the classic linear scan of an address-ordered list of plain
 *     objects (NaiveFit below: no trees, no bins);
 *   - a refused command throws AllocatorError, reports no event and changes nothing.
 * A run without a sink (whose malloc and free take the one-step paths takeAt and freeAt)
 * keeps its invariants and equals the run with one, after every command too.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  AllocatorError, HEAP_BASE, evolveAllocator, executeAllocator,
  type Address, type AllocatorCommand, type AllocatorConfig, type AllocatorEvent, type AllocatorFamily,
} from '@pymm/obmalloc';
import { bestFit, firstFit, nextFit, type FitBlock, type FitPolicy, type SequentialFitHeap } from './sequentialFit.js';

const seed = Number(process.env.PYMM_SEED ?? 20261127);

interface NaiveBlock { unit: number; size: number; free: boolean }
interface NaiveRegion { slot: number; blocks: NaiveBlock[] }

/** The textbook allocator: a list of blocks per region, searched from the lowest address. */
class NaiveFit {
  readonly units: number;
  readonly unitBytes: number;
  readonly headerBytes: number;
  readonly minUnits: number;
  regions: NaiveRegion[] = []; // ascending slot
  rover = { slot: 0, unit: 0 };

  constructor(readonly policy: FitPolicy, readonly regionBytes: number, alignmentBytes: number) {
    this.unitBytes = alignmentBytes;
    this.units = regionBytes / alignmentBytes;
    this.headerBytes = Math.max(16, alignmentBytes);
    this.minUnits = Math.max(Math.ceil(32 / alignmentBytes), this.headerBytes / alignmentBytes + 1);
  }

  private base(slot: number): number {
    return HEAP_BASE + slot * this.regionBytes;
  }

  private moveRover(slot: number, end: number): void {
    this.rover = end === this.units ? { slot: slot + 1, unit: 0 } : { slot, unit: end };
  }

  malloc(requestBytes: number): number {
    const need = Math.max(this.minUnits, Math.ceil((requestBytes + this.headerBytes) / this.unitBytes));
    const fits: { r: NaiveRegion; b: NaiveBlock }[] = [];
    for (const r of this.regions) for (const b of r.blocks) if (b.free && b.size >= need) fits.push({ r, b });
    let pick: { r: NaiveRegion; b: NaiveBlock } | undefined;
    if (this.policy === 'first') pick = fits[0];
    else if (this.policy === 'next') {
      const { slot, unit } = this.rover;
      pick = fits.find(({ r, b }) => r.slot > slot || (r.slot === slot && b.unit >= unit)) ?? fits[0];
    } else for (const f of fits) if (pick === undefined || f.b.size < pick.b.size) pick = f;
    if (pick === undefined) {
      let slot = 0;
      while (this.regions.some((r) => r.slot === slot)) slot++;
      const r = { slot, blocks: [{ unit: 0, size: this.units, free: true }] };
      this.regions.push(r);
      this.regions.sort((x, y) => x.slot - y.slot);
      pick = { r, b: r.blocks[0] };
    }
    const { r, b } = pick;
    if (b.size - need >= this.minUnits) {
      r.blocks.splice(r.blocks.indexOf(b) + 1, 0, { unit: b.unit + need, size: b.size - need, free: true });
      b.size = need;
    }
    b.free = false;
    this.moveRover(r.slot, b.unit + b.size);
    return this.base(r.slot) + b.unit * this.unitBytes + this.headerBytes;
  }

  free(payloadAddress: number): void {
    const r = this.regions.find((x) => payloadAddress > this.base(x.slot) && payloadAddress < this.base(x.slot) + this.regionBytes)!;
    const unit = (payloadAddress - this.headerBytes - this.base(r.slot)) / this.unitBytes;
    let i = r.blocks.findIndex((b) => b.unit === unit);
    expect(r.blocks[i].free).toBe(false);
    r.blocks[i].free = true;
    const absorb = (j: number): void => {
      const [a, b] = [r.blocks[j], r.blocks[j + 1]];
      a.size += b.size;
      r.blocks.splice(j + 1, 1);
      if (this.rover.slot === r.slot && this.rover.unit === b.unit) this.rover = { slot: r.slot, unit: a.unit };
    };
    if (r.blocks[i + 1]?.free) absorb(i);
    if (r.blocks[i - 1]?.free) absorb(--i);
    if (r.blocks.length === 1) {
      this.regions.splice(this.regions.indexOf(r), 1);
      if (this.rover.slot === r.slot) this.rover = { slot: r.slot + 1, unit: 0 };
    }
  }

  blocks(): FitBlock[] {
    return this.regions.flatMap((r) => r.blocks.map((b) => ({ address: this.base(r.slot) + b.unit * this.unitBytes, sizeBytes: b.size * this.unitBytes, free: b.free })));
  }
}

/** The family, with every malloc and free also done by the reference (and the choices compared). */
function checkedAgainst(family: AllocatorFamily<SequentialFitHeap>, naive: NaiveFit): AllocatorFamily<SequentialFitHeap> {
  return {
    ...family,
    malloc(s, n, sink) {
      const got = family.malloc(s, n, sink);
      expect(got).toBe(naive.malloc(n));
      return got;
    },
    free(s, address, sink) {
      family.free(s, address, sink);
      naive.free(address);
    },
  };
}

type Op =
  | { t: 'Malloc'; n: number }
  | { t: 'Calloc'; n: number }
  | { t: 'Realloc'; pick: number; n: number }
  | { t: 'Free'; pick: number }
  | { t: 'Bad'; kind: number; pick: number; n: number };

function ops(config: Required<Pick<AllocatorConfig, 'maxRequestBytes'>>, maxLength: number, minLength = 0): fc.Arbitrary<Op[]> {
  const m = config.maxRequestBytes;
  const size = fc.oneof(
    { weight: 12, arbitrary: fc.integer({ min: 1, max: m }) },
    { weight: 1, arbitrary: fc.constant(0) },
    { weight: 1, arbitrary: fc.integer({ min: m + 1, max: 4 * m }) },
  );
  const pick = fc.nat();
  return fc.array(
    fc.oneof(
      { weight: 5, arbitrary: fc.record({ t: fc.constant('Malloc' as const), n: size }) },
      { weight: 1, arbitrary: fc.record({ t: fc.constant('Calloc' as const), n: size }) },
      { weight: 2, arbitrary: fc.record({ t: fc.constant('Realloc' as const), pick, n: size }) },
      { weight: 5, arbitrary: fc.record({ t: fc.constant('Free' as const), pick }) },
      { weight: 1, arbitrary: fc.record({ t: fc.constant('Bad' as const), kind: fc.integer({ min: 0, max: 4 }), pick, n: size }) },
    ),
    { minLength, maxLength, size: 'max' }, // 'max': lengths spread up to maxLength (the default keeps them under 10)
  );
}

/** Turn ops into commands as the run goes (frees pick among the live addresses). */
function* commands(list: Op[], live: number[], dead: number[], regionBytes: number): Generator<AllocatorCommand | { bad: AllocatorCommand }> {
  for (const op of list) {
    const at = (k: number): Address => (live.length === 0 ? 0 : live[k % live.length]) as Address;
    if (op.t === 'Malloc' || op.t === 'Calloc') yield { type: op.t, requestBytes: op.n };
    else if (op.t === 'Realloc') yield { type: 'Realloc', address: op.pick % 7 === 0 ? (0 as Address) : at(op.pick), requestBytes: op.n };
    else if (op.t === 'Free') yield { type: 'Free', address: at(op.pick) };
    else {
      const p = at(op.pick) || HEAP_BASE + 16;
      const address = ([dead[op.pick % Math.max(1, dead.length)] ?? HEAP_BASE + 32, p + 16, p - 8, HEAP_BASE + 37 * regionBytes + 16, p + 1][op.kind]) as Address;
      if (live.includes(address)) continue;
      yield { bad: op.pick % 2 === 0 ? { type: 'Free', address } : { type: 'Realloc', address, requestBytes: op.n } };
    }
  }
}

const FAMILIES = [firstFit, nextFit, bestFit] as const;
const POLICY: Record<string, FitPolicy> = { 'first-fit': 'first', 'next-fit': 'next', 'best-fit': 'best' };

/** Run `list` through `family` with every check; returns the heap and the payloads returned. */
function checkedRun(family: AllocatorFamily<SequentialFitHeap>, config: AllocatorConfig, list: Op[], checkEvery: boolean): { s: SequentialFitHeap; returned: number[] } {
  const s = family.initialState(config);
  const folded = family.initialState(config);
  const silent = family.initialState(config);
  const naive = new NaiveFit(POLICY[family.name], s.regionBytes, s.alignmentBytes);
  const checked = checkedAgainst(family, naive);
  const live: number[] = [];
  const dead: number[] = [];
  const returned: number[] = [];
  for (const c of commands(list, live, dead, s.regionBytes)) {
    const events: AllocatorEvent[] = [];
    if ('bad' in c) {
      const before = family.clone(s);
      expect(() => executeAllocator(checked, s, c.bad, (e) => events.push(e))).toThrow(AllocatorError);
      expect(events).toEqual([]);
      expect(family.diff(before, s)).toBeNull();
      continue;
    }
    const r = executeAllocator(checked, s, c, (e) => events.push(e));
    expect(executeAllocator(family, silent, c, null)).toBe(r);
    if (c.type !== 'Malloc' && c.type !== 'Calloc' && c.address !== 0) {
      live.splice(live.indexOf(c.address), 1);
      if (c.address !== r) dead.push(c.address);
    }
    if (r !== 0) live.push(r);
    returned.push(r);
    for (const e of events) evolveAllocator(family, folded, e);
    if (checkEvery) {
      expect(family.findViolations(s)).toEqual([]);
      expect(family.findViolations(silent)).toEqual([]);
      expect(family.diff(silent, s)).toBeNull();
      expect(family.diff(folded, s)).toBeNull();
      expect(s.blocks()).toEqual(naive.blocks());
      expect([s.roverSlot, s.roverUnit]).toEqual([naive.rover.slot, naive.rover.unit]);
    }
  }
  expect(family.findViolations(s)).toEqual([]);
  expect(family.diff(folded, s)).toBeNull();
  expect(family.diff(silent, s)).toBeNull();
  expect(family.findViolations(silent)).toEqual([]);
  expect(s.blocks()).toEqual(naive.blocks());
  expect(s.liveBlockList().map((b) => b.payloadAddress).sort((a, b) => a - b)).toEqual(live.filter((a) => a >= HEAP_BASE).sort((a, b) => a - b));
  return { s, returned };
}

const SMALL_CONFIGS: { config: AllocatorConfig; maxRequestBytes: number }[] = [
  { config: { regionBytes: 1024, maxRequestBytes: 64 }, maxRequestBytes: 64 },
  { config: { regionBytes: 1024, maxRequestBytes: 64, alignmentBytes: 8 }, maxRequestBytes: 64 },
  { config: { regionBytes: 2048, maxRequestBytes: 200, alignmentBytes: 32 }, maxRequestBytes: 200 },
  { config: { regionBytes: 4096, maxRequestBytes: 512 }, maxRequestBytes: 512 },
];

describe('sequential fit: random commands', () => {
  for (const family of FAMILIES) {
    it(`${family.name}: invariants, fold = execute, and the naive linear scan's choices, after every command (small regions)`, () => {
      for (const { config, maxRequestBytes } of SMALL_CONFIGS) {
        fc.assert(
          fc.property(ops({ maxRequestBytes }, 250), (list) => void checkedRun(family, config, list, true)),
          { seed, numRuns: 40 },
        );
      }
    });

    it(`${family.name}: the same on 1 MiB regions (checked at the end)`, () => {
      fc.assert(
        fc.property(ops({ maxRequestBytes: 512 }, 600), (list) => void checkedRun(family, {}, list, false)),
        { seed, numRuns: 15 },
      );
    });
  }

  it('the three policies choose differently on the same commands (so a wrong policy would fail the reference)', () => {
    const list = fc.sample(ops({ maxRequestBytes: 64 }, 400, 400), { seed, numRuns: 1 })[0];
    const config = { regionBytes: 1024, maxRequestBytes: 64 };
    const [first, next, best] = FAMILIES.map((f) => checkedRun(f, config, list, false).returned);
    expect(first.length).toBeGreaterThan(100);
    expect(next).not.toEqual(first);
    expect(best).not.toEqual(first);
    expect(best).not.toEqual(next);
  });
});
