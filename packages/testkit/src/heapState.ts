/**
 * "Some heap": allocator states reached by random valid command sequences, for properties
 * about states rather than about sequences (stats add up, a checkpoint restores it, a
 * free of any live block keeps the invariants).
 */
import fc from 'fast-check';
import { execute, initialState, type ObmallocCommand, type ObmallocState, type Profile } from '@pymm/obmalloc';
import { allocatorCommands, type AllocatorCommandsOptions } from './allocatorCommands.js';

/** The commands that built a heapState value (non-enumerable, so state diffs ignore it). */
export const heapHistory: unique symbol = Symbol('pymm.heapHistory');

function decorate(state: ObmallocState, profile: Profile, commands: readonly ObmallocCommand[]): ObmallocState {
  Object.defineProperties(state, {
    [heapHistory]: { value: commands },
    // fast-check hands the predicate a fresh clone each time it uses the value, so a
    // property may mutate the heap it is given.
    [fc.cloneMethod]: { value: () => decorate(state.clone(), profile, commands) },
    // The report shows how to rebuild the heap, not its typed arrays.
    [fc.toStringMethod]: { value: () => `heapState(${profile.name}) after ${fc.stringify(commands)}` },
  });
  return state;
}

/** The commands a heapState value was built by (undefined for other states). */
export function historyOf(state: ObmallocState): readonly ObmallocCommand[] | undefined {
  return (state as unknown as { [heapHistory]?: readonly ObmallocCommand[] })[heapHistory];
}

/**
 * ObmallocState values reached by a random valid command sequence of up to `maxCommands`
 * plan steps (allocatorCommands; `options` bias it the same way). Each value is a fresh
 * state fast-check clones before each use, and prints as the commands that built it.
 */
export function heapState(profile: Profile, maxCommands = 100, options: Omit<AllocatorCommandsOptions, 'maxCommands'> = {}): fc.Arbitrary<ObmallocState> {
  return allocatorCommands(profile, { ...options, maxCommands }).map((commands) => {
    const state = initialState({ profile });
    for (const c of commands) execute(state, c);
    return decorate(state, profile, commands);
  });
}
