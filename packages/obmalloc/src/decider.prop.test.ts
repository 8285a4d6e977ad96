import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  decide, diffStates, evolve, execute, initialState, ObmallocError, tiny, cpython311,
  type ObmallocEvent, type ObmallocEventType, type Address,
} from './index.js';
import { commandPlans, planCommands } from './testing/index.js';

const seed = Number(process.env.PYMM_SEED ?? 20261127);

function runPlan(profile: typeof tiny, plan: Parameters<typeof planCommands>[0]) {
  const state = initialState({ profile });
  const events: ObmallocEvent[] = [];
  for (const _ of planCommands(plan, (c) => execute(state, c, (e) => events.push(e)))) void _;
  return { state, events };
}

describe('pymalloc decider contract', () => {
  it('state = fold(evolve, events) (tiny and cpython-3.11)', () => {
    for (const profile of [tiny, cpython311]) {
      fc.assert(
        fc.property(commandPlans(profile, 300), (plan) => {
          const { state, events } = runPlan(profile, plan);
          const folded = events.reduce(evolve, initialState({ profile }));
          expect(diffStates(folded, state)).toBeNull();
        }),
        { seed, numRuns: profile === tiny ? 200 : 30 },
      );
    }
  });

  it('decide returns the events execute applies, and leaves its state unchanged', () => {
    fc.assert(
      fc.property(commandPlans(tiny, 150), (plan) => {
        const state = initialState({ profile: tiny });
        for (const _ of planCommands(plan, (c) => {
          const before = state.clone();
          const decided = decide(state, c);
          expect(diffStates(before, state)).toBeNull();
          const applied: ObmallocEvent[] = [];
          const r = execute(state, c, (e) => applied.push(e));
          expect(applied).toEqual(decided);
          return r;
        })) void _;
      }),
      { seed, numRuns: 100 },
    );
  });

  it('a sink with the blockAllocated/blockFreed fast paths receives the same events, in order', () => {
    fc.assert(
      fc.property(commandPlans(tiny, 200), (plan) => {
        const plain = runPlan(tiny, plan).events;
        const state = initialState({ profile: tiny });
        const got: ObmallocEvent[] = [];
        const sink = Object.assign((e: ObmallocEvent) => void got.push(e), {
          blockAllocated: (address: number, sizeIndex: number, requestBytes: number) =>
            void got.push({ type: 'BlockAllocated', address: address as Address, sizeIndex: sizeIndex as never, requestBytes }),
          blockFreed: (address: number) => void got.push({ type: 'BlockFreed', address: address as Address }),
        });
        for (const _ of planCommands(plan, (c) => execute(state, c, sink))) void _;
        expect(got).toEqual(plain);
      }),
      { seed, numRuns: 100 },
    );
  });

  it('replay is deterministic: the same commands give the same events', () => {
    fc.assert(
      fc.property(commandPlans(tiny, 200), (plan) => {
        expect(JSON.stringify(runPlan(tiny, plan).events)).toBe(JSON.stringify(runPlan(tiny, plan).events));
      }),
      { seed, numRuns: 50 },
    );
  });

  it('the tiny profile reaches every event type (so the properties above can fail)', () => {
    const seen = new Set<ObmallocEventType>();
    fc.assert(
      fc.property(commandPlans(tiny, 300), (plan) => {
        for (const e of runPlan(tiny, plan).events) seen.add(e.type);
      }),
      { seed, numRuns: 200 },
    );
    expect([...seen].sort()).toEqual([
      'ArenaAllocated', 'ArenaFreed', 'BlockAllocated', 'BlockFreed', 'BlockResized', 'PoolFreed',
      'PoolFull', 'PoolInitialized', 'PoolReused', 'RawAllocated', 'RawFreed', 'RawReallocated',
    ]);
  });

  it('an invalid free or realloc is a typed error that changes nothing', () => {
    fc.assert(
      fc.property(commandPlans(tiny, 120), fc.nat(), fc.integer({ min: 1, max: 64 }), (plan, pick, n) => {
        const { state } = runPlan(tiny, plan);
        const before = state.clone();
        // An address inside a live pool that is not a live block start, or a raw address never returned.
        const candidates: number[] = [0x1234_5670];
        for (let a = 0; a < state.maxarenas; a++) {
          if (state.arenaAddress[a] !== 0) candidates.push(state.arenaFirstPool[a] + 16 * (pick % 64), state.arenaFirstPool[a] + 8);
        }
        for (const address of candidates) {
          let live = false;
          try { decide(state, { type: 'Free', address: address as Address }); live = true; } catch (e) { expect(e).toBeInstanceOf(ObmallocError); }
          if (live) continue;
          expect(() => execute(state, { type: 'Free', address: address as Address })).toThrow(ObmallocError);
          expect(() => execute(state, { type: 'Realloc', address: address as Address, requestBytes: n })).toThrow(ObmallocError);
          expect(diffStates(before, state)).toBeNull();
        }
      }),
      { seed, numRuns: 100 },
    );
  });
});
