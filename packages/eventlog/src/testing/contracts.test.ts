import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { assertCheckpointEquivalence, assertReplayDeterministic, contractSeed, type DeciderSpec } from './index.js';

// A toy decider: a set of small ints. Add of a member and Remove of a non-member are invalid.
type Command = { type: 'Add'; n: number } | { type: 'Remove'; n: number } | { type: 'Clear' };
type Event = { type: 'Added'; n: number } | { type: 'Removed'; n: number };
interface IntSet {
  members: Set<number>;
  version: number;
}

const intSet: DeciderSpec<IntSet, Command, Event> = {
  name: 'int-set',
  initialState: () => ({ members: new Set(), version: 0 }),
  decide(s, c) {
    switch (c.type) {
      case 'Add':
        if (s.members.has(c.n)) throw new Error(`${c.n} is already a member`);
        return [{ type: 'Added', n: c.n }];
      case 'Remove':
        if (!s.members.has(c.n)) throw new Error(`${c.n} is not a member`);
        return [{ type: 'Removed', n: c.n }];
      case 'Clear':
        return [...s.members].sort((a, b) => a - b).map((n) => ({ type: 'Removed', n }));
    }
  },
  evolve(s, e) {
    if (e.type === 'Added') s.members.add(e.n);
    else s.members.delete(e.n);
    s.version++;
    return s;
  },
  clone: (s) => ({ members: new Set(s.members), version: s.version }),
  diff(a, b) {
    if (a.version !== b.version) return `version ${a.version} vs ${b.version}`;
    for (const n of a.members) if (!b.members.has(n)) return `${n} only in the first`;
    for (const n of b.members) if (!a.members.has(n)) return `${n} only in the second`;
    return null;
  },
};

const n = fc.integer({ min: 0, max: 7 });
const commands: fc.Arbitrary<Command[]> = fc.array(
  fc.oneof(
    { weight: 4, arbitrary: n.map((n) => ({ type: 'Add' as const, n })) },
    { weight: 3, arbitrary: n.map((n) => ({ type: 'Remove' as const, n })) },
    { weight: 1, arbitrary: fc.constant({ type: 'Clear' as const }) },
  ),
  { maxLength: 40 },
);

describe('contract helpers on a toy decider (Given events / When command / Then events)', () => {
  it('the decider itself: given Added 1, Added 2, when Clear, then Removed 1, Removed 2', () => {
    const s = [{ type: 'Added', n: 1 } as const, { type: 'Added', n: 2 } as const].reduce(intSet.evolve, intSet.initialState());
    expect(intSet.decide(s, { type: 'Clear' })).toEqual([{ type: 'Removed', n: 1 }, { type: 'Removed', n: 2 }]);
    expect(() => intSet.decide(s, { type: 'Add', n: 1 })).toThrow('already a member');
  });

  it('a correct decider passes all three lines', () => {
    assertReplayDeterministic(intSet, commands);
    assertCheckpointEquivalence(intSet, commands);
    expect(contractSeed()).toBe(Number(process.env.PYMM_SEED ?? 20261127));
  });
});

describe('the helpers fail for broken deciders', () => {
  it('decide that depends on hidden mutable state: replay is not deterministic', () => {
    let ticket = 0;
    const leaky: DeciderSpec<IntSet, Command, Event & { ticket?: number }> = {
      ...intSet,
      name: 'leaky',
      decide: (s, c) => intSet.decide(s, c).map((e) => ({ ...e, ticket: ticket++ })),
    };
    expect(() => assertReplayDeterministic(leaky, commands)).toThrow(/leaky: replay is not deterministic: event 0 was \{"type":"Added","n":\d,"ticket":\d+\} then/);
  });

  it('decide that changes the state it is given', () => {
    const eager: DeciderSpec<IntSet, Command, Event> = {
      ...intSet,
      name: 'eager',
      decide(s, c) {
        const events = intSet.decide(s, c);
        if (c.type === 'Add') s.members.add(c.n);
        return events;
      },
    };
    expect(() => assertReplayDeterministic(eager, commands)).toThrow(/eager: decide\(\{ type: 'Add', n: \d \}\) \(command 0\) changed the state: \d only in the second/);
    assertReplayDeterministic(eager, commands, {}, { checkDecidePure: false }); // opted out: only determinism is checked
  });

  it('a shallow clone: the checkpoint changes when the original evolves', () => {
    const shallow: DeciderSpec<IntSet, Command, Event> = { ...intSet, name: 'shallow', clone: (s) => ({ ...s }) };
    // decide-unchanged checking relies on clone too, so replay notices nothing...
    assertReplayDeterministic(shallow, commands);
    // ...but the checkpoint property does.
    expect(() => assertCheckpointEquivalence(shallow, commands)).toThrow(/shallow: the checkpoint taken at k changed when the original evolved further/);
  });

  it('evolve that reads a global: the split fold differs from the full fold', () => {
    let evolved = 0;
    const counting: DeciderSpec<IntSet, Command, Event> = {
      ...intSet,
      name: 'counting',
      evolve(s, e) {
        intSet.evolve(s, e);
        s.version = ++evolved;
        return s;
      },
    };
    expect(() => assertCheckpointEquivalence(counting, commands)).toThrow(/counting: the fold of the events differs|counting: fold\(events\[0\.\.k\)\)/);
  });

  it('a decider that accepts no command tested nothing: the helpers say so', () => {
    const refuses: DeciderSpec<IntSet, Command, Event> = {
      ...intSet,
      name: 'refuses',
      decide: () => {
        throw new Error('no');
      },
    };
    expect(() => assertReplayDeterministic(refuses, commands)).toThrow(/refuses\): no command was accepted in 100 runs/);
    expect(() => assertCheckpointEquivalence(refuses, commands, { numRuns: 10 })).toThrow(/no command was accepted in 10 runs/);
  });
});
