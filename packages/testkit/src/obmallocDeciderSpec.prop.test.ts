import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { DeciderSpec, RecordCodec } from '@pymm/eventlog';
import { assertCheckpointEquivalence, assertCodecRoundTrip, assertReplayDeterministic, contractSeed } from '@pymm/eventlog/testing';
import {
  cpython311, execute, ObmallocCodec, ObmallocError, tiny, type ObmallocCommand, type ObmallocEvent, type ObmallocEventType,
  type ObmallocRecord, type ObmallocState,
} from '@pymm/obmalloc';
import { obmallocDeciderCommands, obmallocDeciderSpec, obmallocRecords } from './index.js';

const seed = contractSeed();

describe('pymalloc satisfies the decider contracts (the three lines)', () => {
  it('tiny', () => {
    assertReplayDeterministic(obmallocDeciderSpec(tiny), obmallocDeciderCommands(tiny), { numRuns: 60 });
    assertCheckpointEquivalence(obmallocDeciderSpec(tiny), obmallocDeciderCommands(tiny), { numRuns: 60 });
    assertCodecRoundTrip(new ObmallocCodec(tiny), obmallocRecords(tiny), { numRuns: 40 });
  });

  it('cpython-3.11 (a few short runs: decide copies the whole heap)', () => {
    assertReplayDeterministic(obmallocDeciderSpec(cpython311), obmallocDeciderCommands(cpython311, 20), { numRuns: 4 });
    assertCheckpointEquivalence(obmallocDeciderSpec(cpython311), obmallocDeciderCommands(cpython311, 20), { numRuns: 4 });
    assertCodecRoundTrip(new ObmallocCodec(cpython311), obmallocRecords(cpython311, 40), { numRuns: 10 });
  });
});

describe('the contract arbitraries reach far enough for the contracts to fail', () => {
  it('command lists hold valid commands, commands the allocator rejects (several codes), and reach every event', () => {
    const codes = new Set<string>();
    const events = new Set<ObmallocEventType>();
    let accepted = 0;
    for (const cmds of fc.sample(obmallocDeciderCommands(tiny), { seed, numRuns: 100 })) {
      const spec = obmallocDeciderSpec(tiny);
      const state = spec.initialState();
      for (const c of cmds) {
        try {
          for (const e of spec.decide(state, c)) {
            spec.evolve(state, e);
            events.add(e.type);
          }
          accepted++;
        } catch (e) {
          expect(e).toBeInstanceOf(ObmallocError);
          codes.add((e as ObmallocError).code);
        }
      }
    }
    expect(accepted).toBeGreaterThan(1000);
    expect([...codes].sort()).toEqual(expect.arrayContaining(['ARENA_BASE_INVALID', 'DOUBLE_FREE', 'FREE_OF_UNALLOCATED', 'INVALID_SIZE']));
    expect(events.size).toBe(12);
  });

  it('a clone that shares its arrays fails checkpoint equivalence', () => {
    const shallow: DeciderSpec<ObmallocState, ObmallocCommand, ObmallocEvent> = {
      ...obmallocDeciderSpec(tiny),
      name: 'shallow',
      clone: (s) => Object.assign(Object.create(Object.getPrototypeOf(s)), s),
    };
    expect(() => assertCheckpointEquivalence(shallow, obmallocDeciderCommands(tiny), { numRuns: 60 })).toThrow(/shallow: the checkpoint taken at k changed/);
  });

  it('a decide that applies its command fails replay determinism', () => {
    const eager: DeciderSpec<ObmallocState, ObmallocCommand, ObmallocEvent> = {
      ...obmallocDeciderSpec(tiny),
      name: 'eager',
      decide(s, c) {
        const events: ObmallocEvent[] = [];
        execute(s, c, (e) => events.push(e));
        return events;
      },
    };
    expect(() => assertReplayDeterministic(eager, obmallocDeciderCommands(tiny), { numRuns: 60 })).toThrow(/eager: decide\(.*\) \(command \d+\) changed the state/);
  });

  it('an evolve that reads a hidden global (now and then it skips a BlockFreed) fails checkpoint equivalence', () => {
    let n = 0;
    const base = obmallocDeciderSpec(tiny);
    const counting: DeciderSpec<ObmallocState, ObmallocCommand, ObmallocEvent> = {
      ...base,
      name: 'counting',
      evolve: (s, e) => (++n % 97 === 0 && e.type === 'BlockFreed' ? s : base.evolve(s, e)),
    };
    expect(() => assertCheckpointEquivalence(counting, obmallocDeciderCommands(tiny), { numRuns: 60 })).toThrow(/counting: /);
  });

  it('a codec that loses a PoolFreed field fails the round trip', () => {
    const codec = new ObmallocCodec(tiny);
    const lossy: RecordCodec<ObmallocRecord> = {
      name: codec.name,
      encode: (records, firstSeq) => codec.encode(records, firstSeq),
      decode: (payload, firstSeq, count) =>
        codec.decode(payload, firstSeq, count).map((r) => (r.kind === 'event' && r.event.type === 'PoolFreed' ? { ...r, event: { ...r.event, arenaIndex: 0 as never } } : r)),
    };
    expect(() => assertCodecRoundTrip(lossy, obmallocRecords(tiny), { numRuns: 40 })).toThrow(/codec obmalloc-v1: decode\(encode\(records.*differs: record \d+ is .*PoolFreed/);
  });
});
