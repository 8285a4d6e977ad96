import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { cpython311, diffStates, execute, initialState, tiny, type Address } from './index.js';
import { deflateRawSync, inflateRawSync } from 'node:zlib';
import { restoreSnapshot, takeSnapshot, type Snapshot } from './snapshot.js';

const zlib = { compress: (b: Uint8Array) => deflateRawSync(b), decompress: (b: Uint8Array) => inflateRawSync(b) };
import { commandPlans, planCommands } from './testing/index.js';

const seed = Number(process.env.PYMM_SEED ?? 20261127);

describe('snapshots (checkpoints)', () => {
  it('restore(snapshot) equals the state it was taken of, at every cut, sharing unchanged pools', () => {
    for (const profile of [tiny, cpython311]) {
      fc.assert(
        fc.property(commandPlans(profile, 250), fc.array(fc.nat(), { maxLength: 5 }), (plan, cutsRaw) => {
          const state = initialState({ profile });
          const cuts = new Set(cutsRaw.map((c) => c % (plan.length + 1)));
          let previous: Snapshot | null = null;
          const zstate = initialState({ profile });
          let zprevious: Snapshot | null = null;
          let step = 0;
          const scratch = initialState({ profile });
          for (let k = 0; k < 40; k++) execute(scratch, { type: 'Malloc', requestBytes: 1 + ((k * 37) % profile.smallRequestThresholdBytes) });
          const check = () => {
            const snap = takeSnapshot(state, previous);
            const restored = restoreSnapshot(snap);
            expect(diffStates(restored, state, { semantic: true })).toBeNull();
            // and into a state that held something else (its arrays are reused)
            expect(restoreSnapshot(snap, scratch)).toBe(scratch);
            expect(diffStates(scratch, state, { semantic: true })).toBeNull();
            // and compressed (a separate chain, so that sharing is exercised too)
            const z = takeSnapshot(zstate, zprevious, zlib);
            zprevious = z;
            expect(diffStates(restoreSnapshot(z, undefined, zlib), zstate, { semantic: true })).toBeNull();
            // Replaying the rest from the restored state gives what the original gives.
            previous = snap;
            return restored;
          };
          for (const _ of planCommands(plan, (c) => {
            if (cuts.has(step)) check();
            step++;
            execute(zstate, c);
            return execute(state, c);
          })) void _;
          check();
        }),
        { seed, numRuns: profile === tiny ? 150 : 30 },
      );
    }
  });

  it('a restored state continues exactly like the original (checkpoint + rest == full fold)', () => {
    fc.assert(
      fc.property(commandPlans(tiny, 200), fc.nat(), (plan, cut) => {
        const original = initialState({ profile: tiny });
        let restored: ReturnType<typeof restoreSnapshot> | null = null;
        const k = cut % (plan.length + 1);
        let step = 0;
        for (const _ of planCommands(plan, (c) => {
          if (step++ === k) restored = restoreSnapshot(takeSnapshot(original, null));
          const r = execute(original, c);
          if (restored) expect(execute(restored, c)).toBe(r);
          return r as Address;
        })) void _;
        if (restored) expect(diffStates(restored, original, { semantic: true })).toBeNull();
      }),
      { seed, numRuns: 150 },
    );
  });
});

describe('clones and snapshots', () => {
  it('a clone shares nothing with its original, including the raw-block journal', () => {
    const s = initialState({ profile: tiny });
    takeSnapshot(s, null); // starts the journal
    const c = s.clone();
    execute(c, { type: 'Malloc', requestBytes: 1000 });
    expect(s.rawJournal).toEqual([]);
    expect(c.rawJournal!.length).toBe(2);
  });
});

describe('restoring into a state that holds another checkpoint', () => {
  it('skips only the arenas it still holds unchanged, and ends equal to a fresh restore', () => {
    fc.assert(
      fc.property(commandPlans(tiny, 250), fc.nat(), fc.nat(), fc.array(fc.nat(), { maxLength: 30 }), (plan, i, j, extra) => {
        // Snapshots after every 20 commands, sharing unchanged arenas.
        const s = initialState({ profile: tiny });
        const snaps: Snapshot[] = [];
        let step = 0;
        for (const _ of planCommands(plan, (c) => {
          if (step++ % 20 === 0) snaps.push(takeSnapshot(s, snaps.at(-1) ?? null, zlib));
          return execute(s, c);
        })) void _;
        snaps.push(takeSnapshot(s, snaps.at(-1) ?? null, zlib));
        const a = snaps[i % snaps.length], b = snaps[j % snaps.length];
        const work = restoreSnapshot(a, undefined, zlib);
        // wander off: a few more commands on the restored state (marks pools dirty)
        for (const n of extra) execute(work, { type: 'Malloc', requestBytes: 1 + (n % 64) });
        restoreSnapshot(b, work, zlib);
        expect(diffStates(work, restoreSnapshot(b, undefined, zlib), { semantic: true })).toBeNull();
      }),
      { seed, numRuns: 200 },
    );
  });
});
