import { describe, expect, it } from 'vitest';
import { assertCheckpointEquivalence, assertReplayDeterministic } from '@pymm/eventlog/testing';
import { heapDeciderCommands, heapDeciderSpec } from './index.js';
import fc from 'fast-check';
import { contractSeed } from '@pymm/eventlog/testing';
import { execute, initialState, type GcEvent } from '@pymm/gc';
import { ObjectsError } from '@pymm/objects';

describe('objects + gc satisfy the decider contracts', () => {
  it('replay is deterministic, decide is pure, checkpoint + rest = whole fold (state = fold(evolve, events))', () => {
    assertReplayDeterministic(heapDeciderSpec(), heapDeciderCommands(), { numRuns: 60 });
    assertCheckpointEquivalence(heapDeciderSpec(), heapDeciderCommands(), { numRuns: 60 });
  });

  it('the command arbitrary reaches collections that free objects, rejected commands and most event types', () => {
    const types = new Set<string>();
    const codes = new Set<string>();
    fc.assert(fc.property(heapDeciderCommands(60), (cmds) => {
      const s = initialState({ profile: 'tiny' });
      for (const c of cmds) {
        try {
          execute(s, c, (e: GcEvent) => types.add(e.type));
        } catch (err) {
          if (!(err instanceof ObjectsError)) throw err;
          codes.add(err.code);
        }
      }
    }), { seed: contractSeed(), numRuns: 1000 });
    for (const t of ['ObjectCreated', 'ObjectDestroyed', 'CollectionStarted', 'YoungScanned', 'CollectionFinished', 'WeakrefLinked', 'WeakrefUnlinked', 'FreeListPushed', 'FreeListPopped', 'ObjectUntracked', 'GcListsMerged']) {
      expect(types, t).toContain(t);
    }
    expect(codes).toContain('DEAD_OBJECT');
    expect(codes).toContain('WRONG_KIND');
    expect(codes).toContain('REFCOUNT_UNDERFLOW');
  });
});
