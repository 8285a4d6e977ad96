import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  allocatedBlocks, checkObmallocInvariants, cpython311, execute, geometryOf, initialState, tiny,
  type Address, type ObmallocCommand, type ObmallocEventType, type Profile,
} from '@pymm/obmalloc';
import { contractSeed } from '@pymm/eventlog/testing';
import {
  allocatorCommands, allocatorPlans, expandPlan, materializePlan, type AllocatorCommandsOptions, type AllocatorPlanStep,
} from './index.js';

const seed = contractSeed();

/** Runs commands on a fresh heap; throws if any is rejected. */
function run(profile: Profile, cmds: readonly ObmallocCommand[]) {
  const state = initialState({ profile });
  const events: Record<string, number> = {};
  const results: Address[] = [];
  for (const c of cmds) results.push(execute(state, c, (e) => void (events[e.type] = (events[e.type] ?? 0) + 1)));
  return { state, events: events as Partial<Record<ObmallocEventType, number>>, results };
}

function eventTotals(profile: Profile, options: AllocatorCommandsOptions, numRuns: number) {
  const totals: Partial<Record<ObmallocEventType, number>> = {};
  for (const cmds of fc.sample(allocatorCommands(profile, options), { seed, numRuns })) {
    for (const [k, n] of Object.entries(run(profile, cmds).events)) totals[k as ObmallocEventType] = (totals[k as ObmallocEventType] ?? 0) + n;
  }
  return totals;
}

describe('allocatorCommands: valid sequences', () => {
  const cases: [Profile, AllocatorCommandsOptions, number][] = [
    [tiny, {}, 100],
    [tiny, { hotClasses: 2, arenaChurn: true }, 100],
    [tiny, { raw: false, hotClasses: 1, maxCommands: 300 }, 30],
    [cpython311, { maxCommands: 100 }, 6],
  ];
  for (const [profile, options, numRuns] of cases) {
    it(`every command runs on a fresh heap and the invariants hold after it (${profile.name} ${JSON.stringify(options)})`, () => {
      fc.assert(
        fc.property(allocatorCommands(profile, options), (cmds) => {
          const state = initialState({ profile });
          for (const c of cmds) {
            execute(state, c);
            checkObmallocInvariants(state);
          }
        }),
        { seed, numRuns },
      );
    });
  }

  it('shrunk counterexamples are valid sequences too, and short', () => {
    const details = fc.check(
      fc.property(allocatorCommands(tiny), (cmds) => cmds.filter((c) => c.type === 'Free').length < 3),
      { seed },
    );
    expect(details.failed).toBe(true);
    const [cmds] = details.counterexample!;
    expect(() => run(tiny, cmds)).not.toThrow();
    expect(cmds.filter((c) => c.type === 'Free')).toHaveLength(3);
    expect(cmds.length).toBeLessThanOrEqual(6);
  });
});

describe('allocatorCommands: the options bias what happens', () => {
  it('raw: false never asks the raw allocator; the default does', () => {
    expect(eventTotals(tiny, { raw: false }, 40).RawAllocated).toBeUndefined();
    expect(eventTotals(tiny, {}, 40).RawAllocated).toBeGreaterThan(0);
    for (const cmds of fc.sample(allocatorCommands(tiny, { raw: false }), { seed, numRuns: 40 })) {
      const sizes = cmds.flatMap((c) => (c.type === 'Free' ? [] : [c.requestBytes]));
      expect(sizes.filter((n) => n < 1 || n > tiny.smallRequestThresholdBytes)).toEqual([]);
    }
  });

  it('hotClasses: 1 sends four requests in five to one size class', () => {
    const g = geometryOf(cpython311);
    let hot = 0, all = 0;
    for (const cmds of fc.sample(allocatorCommands(cpython311, { hotClasses: 1, maxCommands: 200 }), { seed, numRuns: 20 })) {
      const perClass = new Array<number>(g.nClasses).fill(0);
      for (const c of cmds) if (c.type !== 'Free' && c.requestBytes >= 1 && c.requestBytes <= 512) perClass[(c.requestBytes - 1) >> 4]++;
      hot += Math.max(...perClass);
      all += perClass.reduce((a, b) => a + b, 0);
    }
    expect(hot / all).toBeGreaterThan(0.7);
    // without the bias, the commonest class gets far fewer
    let hot0 = 0, all0 = 0;
    for (const cmds of fc.sample(allocatorCommands(cpython311, { maxCommands: 200 }), { seed, numRuns: 20 })) {
      const perClass = new Array<number>(g.nClasses).fill(0);
      for (const c of cmds) if (c.type !== 'Free' && c.requestBytes >= 1 && c.requestBytes <= 512) perClass[(c.requestBytes - 1) >> 4]++;
      hot0 += Math.max(...perClass);
      all0 += perClass.reduce((a, b) => a + b, 0);
    }
    expect(hot0 / all0).toBeLessThan(0.4);
  });

  it('arenaChurn maps, empties and gives back whole arenas (cpython-3.11 too, where 100 plain steps never do)', () => {
    expect(eventTotals(tiny, { arenaChurn: true }, 40).ArenaFreed).toBeGreaterThan(10);
    // cpython-3.11: a fill of two arenas of 512-byte blocks after a 1-byte block spans three (misaligned, 63-pool)
    // arenas; draining it leaves two wholly free, and pymalloc gives back all but the one it keeps
    const plan: AllocatorPlanStep[] = [{ kind: 'malloc', pick: 0, requestBytes: 1 }, { kind: 'fill', sizeIndex: 31, arenas: 2 }, { kind: 'drain', order: 2 }];
    const churn = run(cpython311, materializePlan(cpython311, plan)).events;
    expect(churn).toMatchObject({ ArenaAllocated: 3, ArenaFreed: 1, BlockAllocated: 1 + 2 * 64 * 31, BlockFreed: 2 * 64 * 31 });
    expect(eventTotals(cpython311, { maxCommands: 100 }, 20).ArenaFreed).toBeUndefined();
  });
});

describe('expandPlan: a drain frees exactly the blocks its fill made that are still live', () => {
  const basic = fc.record({
    kind: fc.constantFrom<'malloc' | 'calloc' | 'free' | 'realloc'>('malloc', 'calloc', 'free', 'realloc'),
    pick: fc.nat({ max: 1000 }),
    requestBytes: fc.integer({ min: 0, max: 100 }),
  });
  it('fill, then any steps, then drain (tiny)', () => {
    fc.assert(
      fc.property(
        fc.array(basic, { maxLength: 30 }), fc.integer({ min: 0, max: 3 }), fc.integer({ min: 1, max: 2 }), fc.array(basic, { maxLength: 30 }), fc.nat(),
        (before, sizeIndex, arenas, middle, order) => {
          const plan: AllocatorPlanStep[] = [...before, { kind: 'fill', sizeIndex, arenas }, ...middle, { kind: 'drain', order }];
          const expanded = expandPlan(tiny, plan);
          const cmds = materializePlan(tiny, plan);
          expect(cmds).toHaveLength(expanded.length);
          const { results } = run(tiny, cmds);
          const burstSize = arenas * geometryOf(tiny).maxPoolsInArena * geometryOf(tiny).blocksPerPool[sizeIndex];
          // the burst's live addresses, followed through the middle steps
          const burst = new Set(results.slice(before.length, before.length + burstSize));
          expect(burst.size).toBe(burstSize);
          const middleEnd = before.length + burstSize + middle.length;
          for (let i = before.length + burstSize; i < middleEnd; i++) {
            const c = cmds[i];
            if (c.type === 'Free' && burst.delete(c.address)) continue;
            if (c.type === 'Realloc' && burst.delete(c.address)) burst.add(results[i]);
          }
          const drained = cmds.slice(middleEnd);
          expect(drained.every((c) => c.type === 'Free')).toBe(true);
          expect(new Set(drained.map((c) => (c as { address: number }).address))).toEqual(burst);
          expect(drained).toHaveLength(burst.size);
        },
      ),
      { seed, numRuns: 150 },
    );
  });

  it('an immediate fill + drain leaves the heap holding what it held before, and frees an arena', () => {
    fc.assert(
      fc.property(allocatorPlans(tiny, { maxCommands: 20 }), fc.integer({ min: 0, max: 3 }), fc.nat(), (plan, sizeIndex, order) => {
        const before = run(tiny, materializePlan(tiny, plan)).state;
        const after = run(tiny, materializePlan(tiny, [...plan, { kind: 'fill', sizeIndex, arenas: 2 }, { kind: 'drain', order }]));
        expect(allocatedBlocks(after.state)).toBe(allocatedBlocks(before));
        expect(after.events.ArenaFreed ?? 0).toBeGreaterThanOrEqual(1);
      }),
      { seed, numRuns: 100 },
    );
  });
});
