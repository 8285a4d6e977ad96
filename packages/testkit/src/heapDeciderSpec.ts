/**
 * The heap with its collector as the eventlog contract helpers see a decider, and a
 * command arbitrary for them. Object ids are drawn from a small range, so most commands
 * name an object that exists (the first user objects get ids just above the builtins)
 * and some name nothing or a dead object: decide rejects those, and the helpers skip them.
 *
 *   assertReplayDeterministic(heapDeciderSpec(), heapDeciderCommands());
 *   assertCheckpointEquivalence(heapDeciderSpec(), heapDeciderCommands());
 */
import fc from 'fast-check';
import type { DeciderSpec } from '@pymm/eventlog';
import { cloneGcState, decide, diffGcStates, evolve, initialState, type GcCommand, type GcEvent, type GcState } from '@pymm/gc';
import type { ObjectId } from '@pymm/objects';

export function heapDeciderSpec(profile: 'cpython-3.11' | 'tiny' = 'tiny'): DeciderSpec<GcState, GcCommand, GcEvent> {
  return {
    name: `objects+gc(${profile})`,
    initialState: () => initialState({ profile }),
    decide: (s, c) => decide(s, c),
    evolve: (s, e) => { evolve(s, e); return s; },
    clone: cloneGcState,
    diff: diffGcStates,
  };
}

/** The id the first object a program makes gets (after the interpreter's statics), read from a fresh state. */
export const FIRST_PROGRAM_ID: number = initialState({ profile: 'tiny' }).objects.nextId;

/** Command lists over ids in [firstId, firstId + span). */
export function heapDeciderCommands(maxCommands = 40, firstId = FIRST_PROGRAM_ID, span = 24): fc.Arbitrary<GcCommand[]> {
  const id = fc.integer({ min: firstId, max: firstId + span - 1 }).map((n) => n as ObjectId);
  const name = fc.constantFrom('a', 'b', 'c');
  const command: fc.Arbitrary<GcCommand> = fc.oneof(
    fc.constant<GcCommand>({ type: 'NewList', items: [] }),
    fc.array(id, { maxLength: 3 }).map((items): GcCommand => ({ type: 'NewList', items })),
    fc.array(id, { minLength: 1, maxLength: 3 }).map((items): GcCommand => ({ type: 'NewTuple', items })),
    fc.constant<GcCommand>({ type: 'NewDict' }),
    fc.integer({ min: -10, max: 1 << 40 }).map((v): GcCommand => ({ type: 'NewInt', value: String(v) })),
    // keys that collide in a set's small table
    fc.integer({ min: 0, max: 12 }).map((v): GcCommand => ({ type: 'NewInt', value: String(v * 8) })),
    fc.array(id, { maxLength: 3 }).map((items): GcCommand => ({ type: 'NewSet', items })),
    fc.tuple(id, id).map(([set, item]): GcCommand => ({ type: 'SetAdd', set, item })),
    fc.tuple(id, id).map(([set, item]): GcCommand => ({ type: 'SetAdd', set, item })),
    fc.tuple(id, id).map(([set, item]): GcCommand => ({ type: 'SetDiscard', set, item })),
    id.map((set): GcCommand => ({ type: 'SetPop', set })),
    id.map((set): GcCommand => ({ type: 'SetClear', set })),
    fc.constantFrom('x', 'hello', 'weak').map((v): GcCommand => ({ type: 'NewStr', value: v })),
    fc.constantFrom(false, true).map((hasDel): GcCommand => ({ type: 'NewClass', name: 'C', options: { hasDel } })),
    id.map((classId): GcCommand => ({ type: 'NewInstance', classId })),
    fc.tuple(id, id).map(([list, item]): GcCommand => ({ type: 'ListAppend', list, item })),
    fc.tuple(id, fc.integer({ min: -2, max: 3 })).map(([list, index]): GcCommand => ({ type: 'ListDelItem', list, index })),
    fc.tuple(id, id, id).map(([dict, key, value]): GcCommand => ({ type: 'DictSetItem', dict, key, value })),
    fc.tuple(id, id).map(([dict, key]): GcCommand => ({ type: 'DictDelItem', dict, key })),
    fc.tuple(id, name, id).map(([obj, n, value]): GcCommand => ({ type: 'SetAttr', obj, name: n, value })),
    fc.tuple(id, name).map(([obj, n]): GcCommand => ({ type: 'DelAttr', obj, name: n })),
    id.map((obj): GcCommand => ({ type: 'MaterializeDict', obj })),
    fc.tuple(id, fc.option(id, { nil: -1 as ObjectId })).map(([referent, callback]): GcCommand => ({ type: 'NewWeakref', referent, callback })),
    id.map((i): GcCommand => ({ type: 'IncRef', id: i })),
    id.map((i): GcCommand => ({ type: 'DecRef', id: i })),
    id.map((i): GcCommand => ({ type: 'DecRef', id: i })),
    fc.integer({ min: -1, max: 3 }).map((generation): GcCommand => ({ type: 'Collect', generation })),
    fc.constantFrom<GcCommand>({ type: 'Freeze' }, { type: 'Unfreeze' }, { type: 'Enable' }, { type: 'Disable' }),
    fc.constant<GcCommand>({ type: 'SetThreshold', thresholds: [3, 2, 2] }),
  );
  return fc.array(command, { minLength: maxCommands >> 1, maxLength: maxCommands });
}
