import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { deflateRawSync, inflateRawSync } from 'node:zlib';
import { CheckpointStore, cpython311, diffStates, execute, initialState, tiny, type Address } from './index.js';
import { commandPlans, planCommands } from './testing/index.js';

const zlib = { compress: (b: Uint8Array) => deflateRawSync(b), decompress: (b: Uint8Array) => inflateRawSync(b) };
const seed = Number(process.env.PYMM_SEED ?? 20261127);

describe('checkpoints', () => {
  it('restore(i) equals the state checkpoint i was taken of, fresh, into a reused state, compressed, and after a round trip through bytes', () => {
    for (const profile of [tiny, cpython311]) {
      fc.assert(
        fc.property(commandPlans(profile, 250), fc.array(fc.nat(), { maxLength: 6 }), (plan, cutsRaw) => {
          const state = initialState({ profile });
          const cuts = new Set(cutsRaw.map((c) => c % (plan.length + 1)));
          const store = new CheckpointStore(profile);
          const zstore = new CheckpointStore(profile, zlib);
          const zstate = initialState({ profile });
          const taken: ReturnType<typeof state.clone>[] = [];
          const scratch = initialState({ profile });
          for (let k = 0; k < 40; k++) execute(scratch, { type: 'Malloc', requestBytes: 1 + ((k * 37) % profile.smallRequestThresholdBytes) });
          let step = 0;
          const check = () => {
            const i = store.take(state);
            zstore.take(zstate);
            taken.push(state.clone());
            expect(diffStates(store.restore(i), state, { semantic: true })).toBeNull();
            expect(store.restore(i, scratch)).toBe(scratch);
            expect(diffStates(scratch, state, { semantic: true })).toBeNull();
            expect(diffStates(zstore.restore(i), zstate, { semantic: true })).toBeNull();
          };
          for (const _ of planCommands(plan, (c) => {
            if (cuts.has(step)) check();
            step++;
            execute(zstate, c);
            return execute(state, c);
          })) void _;
          check();
          // every checkpoint, in an order that jumps back and forth, into one reused state
          const back = CheckpointStore.fromBytes(profile, store.toBytes());
          const work = initialState({ profile });
          for (let k = 0; k < taken.length; k++) {
            const i = k % 2 === 0 ? k : taken.length - 1 - k;
            expect(diffStates(back.restore(i, work), taken[i], { semantic: true })).toBeNull();
          }
        }),
        { seed, numRuns: profile === tiny ? 150 : 30 },
      );
    }
  });

  it('a restored state continues exactly like the original (checkpoint + rest == full fold)', () => {
    fc.assert(
      fc.property(commandPlans(tiny, 200), fc.nat(), (plan, cut) => {
        const original = initialState({ profile: tiny });
        let restored: ReturnType<typeof original.clone> | null = null;
        const k = cut % (plan.length + 1);
        let step = 0;
        for (const _ of planCommands(plan, (c) => {
          if (step++ === k) {
            const store = new CheckpointStore(tiny);
            restored = store.restore(store.take(original));
          }
          const r = execute(original, c);
          if (restored) expect(execute(restored, c)).toBe(r);
          return r as Address;
        })) void _;
        if (restored) expect(diffStates(restored, original, { semantic: true })).toBeNull();
      }),
      { seed, numRuns: 150 },
    );
  });

  it('restoring into a state that wandered off (dirty pools) or holds another checkpoint equals a fresh restore; select keeps what it keeps', () => {
    fc.assert(
      fc.property(commandPlans(tiny, 250), fc.nat(), fc.nat(), fc.array(fc.nat(), { maxLength: 30 }), fc.array(fc.boolean(), { minLength: 1 }), (plan, i, j, extra, keepMask) => {
        const s = initialState({ profile: tiny });
        const store = new CheckpointStore(tiny, zlib);
        const states: ReturnType<typeof s.clone>[] = [];
        let step = 0;
        for (const _ of planCommands(plan, (c) => {
          if (step++ % 7 === 0) { store.take(s); states.push(s.clone()); }
          return execute(s, c);
        })) void _;
        store.take(s);
        states.push(s.clone());
        const a = i % store.count, b = j % store.count;
        const work = store.restore(a);
        for (const n of extra) execute(work, { type: 'Malloc', requestBytes: 1 + (n % 64) });
        store.restore(b, work);
        expect(diffStates(work, states[b], { semantic: true })).toBeNull();
        const kept = states.map((_, k) => k).filter((k) => keepMask[k % keepMask.length]);
        if (kept.length === 0) return;
        const sub = store.select(kept);
        expect(sub.count).toBe(kept.length);
        expect(sub.versionCount).toBeLessThanOrEqual(store.versionCount);
        const w2 = initialState({ profile: tiny });
        for (let k = kept.length - 1; k >= 0; k--) expect(diffStates(sub.restore(k, w2), states[kept[k]], { semantic: true })).toBeNull();
      }),
      { seed, numRuns: 200 },
    );
  });
});

describe('clones', () => {
  it('a clone shares nothing with its original, including the raw-block journal', () => {
    const s = initialState({ profile: tiny });
    new CheckpointStore(tiny).take(s); // starts the journal
    const c = s.clone();
    execute(c, { type: 'Malloc', requestBytes: 1000 });
    expect(s.rawJournal).toEqual([]);
    expect(c.rawJournal!.length).toBe(2);
  });
});
