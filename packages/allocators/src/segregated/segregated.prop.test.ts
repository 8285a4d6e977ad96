/**
 * Properties of both segregated families over random call sequences run through the
 * router (`executeAllocator`): Malloc, Calloc, Realloc and Free of live blocks, requests
 * of 0 and above maxRequestBytes (the raw allocator), and frees and reallocs of addresses
 * where no live block starts (refused with an AllocatorError, changing nothing).
 *
 * After every command: the family's invariants hold; the live blocks are aligned, inside
 * mapped regions, disjoint, and exactly the ones the model holds with their requests;
 * the fold of every event so far through `evolveAllocator` from a fresh heap equals the
 * heap; and `decideAllocator` (on the heap before) returned the events execute applied.
 * Each property also checks that its runs reached what it is about (regions unmapped,
 * pages released, blocks split and coalesced, refusals), so that it cannot pass vacuously.
 * Then testkit's assertFamilyProperties, which every family runs.
 */
import fc from 'fast-check';
import {
  AllocatorError, HEAP_BASE, RAW_BASE, decideAllocator, evolveAllocator, executeAllocator,
  type Address, type AllocatorCommand, type AllocatorConfig, type AllocatorEvent, type AllocatorFamily, type RoutedHeap,
} from '@pymm/obmalloc';
import { assertFamilyProperties } from '@pymm/testkit';
import { describe, expect, it } from 'vitest';
import { simpleSegregated } from './simpleSegregated.js';
import { segregatedFit } from './segregatedFit.js';

const seed = Number(process.env.PYMM_SEED ?? 20261127);

type Step =
  | { readonly t: 'malloc'; readonly n: number }
  | { readonly t: 'calloc'; readonly n: number }
  | { readonly t: 'realloc'; readonly pick: number; readonly n: number }
  | { readonly t: 'free'; readonly pick: number }
  | { readonly t: 'bad'; readonly kind: 'inside' | 'unaligned' | 'freed' | 'wild' | 'unmapped'; readonly pick: number; readonly realloc: boolean };

function steps(max: number, maxLength: number): fc.Arbitrary<Step[]> {
  const size = fc.oneof(
    { weight: 12, arbitrary: fc.integer({ min: 1, max }) },
    { weight: 1, arbitrary: fc.constant(0) },
    { weight: 1, arbitrary: fc.constant(max) },
    { weight: 1, arbitrary: fc.integer({ min: max + 1, max: 4 * max }) },
  );
  const pick = fc.nat(1000);
  const step: fc.Arbitrary<Step> = fc.oneof(
    { weight: 6, arbitrary: fc.record({ t: fc.constant('malloc' as const), n: size }) },
    { weight: 1, arbitrary: fc.record({ t: fc.constant('calloc' as const), n: size }) },
    { weight: 2, arbitrary: fc.record({ t: fc.constant('realloc' as const), pick: fc.integer({ min: -1, max: 1000 }), n: size }) },
    { weight: 6, arbitrary: fc.record({ t: fc.constant('free' as const), pick }) },
    {
      weight: 1,
      arbitrary: fc.record({ t: fc.constant('bad' as const), kind: fc.constantFrom('inside', 'unaligned', 'freed', 'wild', 'unmapped' as const), pick, realloc: fc.boolean() }),
    },
  );
  return fc.array(step, { minLength: 1, maxLength, size: 'max' });
}

interface Held { readonly address: number; readonly n: number; readonly raw: boolean }

/** An address where no live block (family or raw) starts, or null if this kind has none now. */
function badAddress(s: RoutedHeap, live: Held[], freed: number[], kind: Step & { t: 'bad' }): number | null {
  const starts = new Set(live.map((h) => h.address));
  const fam = live.filter((h) => !h.raw);
  let a: number | null = null;
  switch (kind.kind) {
    case 'inside': if (fam.length) a = fam[kind.pick % fam.length].address + s.alignmentBytes; break;
    case 'unaligned': if (live.length) a = live[kind.pick % live.length].address + 8; break;
    case 'freed': if (freed.length) a = freed[kind.pick % freed.length]; break;
    case 'wild': a = [HEAP_BASE - s.alignmentBytes, RAW_BASE + 8, 0x1000, HEAP_BASE + 3][kind.pick % 4]; break;
    case 'unmapped': a = HEAP_BASE + (s.regions().length + 1 + (kind.pick % 4)) * s.regionBytes + s.alignmentBytes; break;
  }
  return a === null || starts.has(a) ? null : a;
}

/** Aligned, inside a mapped region, disjoint, and exactly the model's family blocks. */
function checkLiveBlocks(family: AllocatorFamily<RoutedHeap>, s: RoutedHeap, live: Held[]): void {
  const blocks = s.liveBlockList();
  const regions = s.regions();
  let end = -Infinity;
  for (const b of blocks) {
    expect(b.payloadAddress % s.alignmentBytes).toBe(0);
    expect(b.blockAddress).toBeGreaterThanOrEqual(end);
    end = b.blockAddress + b.blockBytes;
    expect(b.payloadAddress).toBeGreaterThanOrEqual(b.blockAddress);
    expect(b.payloadAddress + b.usableBytes).toBeLessThanOrEqual(end);
    expect(b.usableBytes).toBeGreaterThanOrEqual(b.requestBytes);
    expect(family.usableBytes(s, b.payloadAddress)).toBe(b.usableBytes);
    const r = regions.find((x) => x.address <= b.blockAddress && b.blockAddress < x.address + x.sizeBytes);
    expect(r, `block 0x${b.blockAddress.toString(16)} in no mapped region`).toBeDefined();
    expect(end).toBeLessThanOrEqual(r!.address + r!.sizeBytes);
  }
  const expected = live.filter((h) => !h.raw).map((h) => [h.address, h.n]).sort((x, y) => x[0] - y[0]);
  expect(blocks.map((b) => [b.payloadAddress, b.requestBytes])).toEqual(expected);
  expect(s.rawBlocks().map((b) => [b.address, b.requestBytes])).toEqual(live.filter((h) => h.raw).map((h) => [h.address, h.n]).sort((x, y) => x[0] - y[0]));
  expect(s.liveBlocks).toBe(expected.length);
  expect(s.blockBytes).toBe(blocks.reduce((t, b) => t + b.blockBytes, 0));
  const fs = s.freeSpace();
  expect(fs.freeBytes).toBe(s.mappedBytes - s.blockBytes);
  expect(fs.largestFreeBytes).toBeLessThanOrEqual(s.maxRequestBytes);
  if (fs.freeBlocks === 0) expect(fs.largestFreeBytes).toBe(0);
}

/** Event types seen over a property's runs, and refused commands ('Refused'): what the runs reached. */
type Seen = Map<string, number>;

function runSteps(family: AllocatorFamily<RoutedHeap>, config: AllocatorConfig, plan: Step[], decide: boolean, seen: Seen): void {
  const count = (k: string) => seen.set(k, (seen.get(k) ?? 0) + 1);
  const s = family.initialState(config);
  let folded = family.initialState(config);
  const live: Held[] = [];
  const freed: number[] = [];
  const take = (pick: number): Held | null => (live.length ? live.splice(pick % live.length, 1)[0] : null);
  for (const step of plan) {
    let command: AllocatorCommand;
    let held: Held | null = null;
    if (step.t === 'bad') {
      const a = badAddress(s, live, freed, step);
      if (a === null) continue;
      command = step.realloc ? { type: 'Realloc', address: a as Address, requestBytes: 16 } : { type: 'Free', address: a as Address };
      const before = family.clone(s);
      const events: AllocatorEvent[] = [];
      let error: unknown = null;
      try {
        executeAllocator(family, s, command, (e) => events.push(e));
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(AllocatorError);
      expect((error as AllocatorError).code).toBe('NOT_ALLOCATED');
      expect(events).toEqual([]);
      expect(family.diff(before, s)).toBeNull();
      count('Refused');
      continue;
    }
    if (step.t === 'malloc') command = { type: 'Malloc', requestBytes: step.n };
    else if (step.t === 'calloc') command = { type: 'Calloc', requestBytes: step.n };
    else if (step.t === 'realloc') {
      held = step.pick < 0 ? null : take(step.pick);
      command = { type: 'Realloc', address: (held?.address ?? 0) as Address, requestBytes: step.n };
    } else {
      held = take(step.pick);
      if (held === null) continue;
      command = { type: 'Free', address: held.address as Address };
    }
    const decided = decide ? decideAllocator(family, s, command) : null;
    const events: AllocatorEvent[] = [];
    const result = executeAllocator(family, s, command, (e) => events.push(e));
    if (decided) expect(events).toEqual(decided);
    if (held !== null && result !== held.address) freed.push(held.address);
    if (command.type !== 'Free') {
      const n = command.requestBytes;
      live.push({ address: result, n, raw: n === 0 || n > s.maxRequestBytes });
      const i = freed.indexOf(result);
      if (i >= 0) freed.splice(i, 1);
    }
    expect(family.findViolations(s)).toEqual([]);
    checkLiveBlocks(family, s, live);
    for (const e of events) {
      folded = evolveAllocator(family, folded, e);
      count(e.type);
    }
    expect(family.diff(folded, s)).toBeNull();
  }
}

const FAMILIES = [simpleSegregated, segregatedFit] as unknown as AllocatorFamily<RoutedHeap>[];
const CONFIGS: { name: string; config: AllocatorConfig; max: number; runs: number; length: number; decide: boolean }[] = [
  { name: 'small', config: { regionBytes: 1024, maxRequestBytes: 64, pageBytes: 256 }, max: 64, runs: 100, length: 200, decide: true },
  { name: 'small, 8-byte alignment, whole-region pages', config: { regionBytes: 512, maxRequestBytes: 100, alignmentBytes: 8 }, max: 100, runs: 60, length: 150, decide: true },
  { name: 'default', config: {}, max: 512, runs: 20, length: 150, decide: false },
];

/** What the runs must reach for the properties to mean something, per family. */
const MUST_REACH: Record<string, string[]> = {
  'simple-segregated': ['PageTaken', 'PageReleased'],
  'segregated-fit': ['BlockSplit', 'BlocksCoalesced'],
};

describe.each(FAMILIES.map((f) => [f.name, f] as const))('%s', (_name, family) => {
  for (const c of CONFIGS) {
    it(`keeps its invariants, refuses bad frees unchanged, and is the fold of its events (${c.name})`, () => {
      const seen: Seen = new Map();
      fc.assert(fc.property(steps(c.max, c.length), (plan) => runSteps(family, c.config, plan, c.decide, seen)), { seed, numRuns: c.runs });
      for (const k of ['RegionMapped', 'BlockHandedOut', 'BlockReturned', 'BlockResized', 'RawAllocated', 'RawFreed', 'Refused', ...MUST_REACH[family.name]]) {
        expect(seen.get(k) ?? 0, `${k} never happened`).toBeGreaterThan(0);
      }
      if (c.name !== 'default') expect(seen.get('RegionUnmapped') ?? 0, 'RegionUnmapped never happened').toBeGreaterThan(0);
    });
  }

  it('has the properties every family must have (@pymm/testkit)', () => {
    assertFamilyProperties(family, { config: CONFIGS[0].config, numRuns: 60 });
  });
});
