/**
 * pymalloc as the eventlog contract helpers see a decider, and the arbitraries to feed
 * them. A package's contract test is three lines:
 *
 *   assertReplayDeterministic(obmallocDeciderSpec(tiny), obmallocDeciderCommands(tiny));
 *   assertCheckpointEquivalence(obmallocDeciderSpec(tiny), obmallocDeciderCommands(tiny));
 *   assertCodecRoundTrip(new ObmallocCodec(tiny), obmallocRecords(tiny));
 */
import fc from 'fast-check';
import type { DeciderSpec } from '@pymm/eventlog';
import {
  decide, diffStates, evolve, executeRecorded, geometryOf, initialState, type Address, type ObmallocCommand, type ObmallocEvent,
  type ObmallocRecord, type ObmallocState, type Profile,
} from '@pymm/obmalloc';
import { allocatorCommands, type AllocatorCommandsOptions } from './allocatorCommands.js';

/** initialState / decide / evolve of `profile`; clone = state.clone(); diff = diffStates. */
export function obmallocDeciderSpec(profile: Profile): DeciderSpec<ObmallocState, ObmallocCommand, ObmallocEvent> {
  return {
    name: `obmalloc(${profile.name})`,
    initialState: () => initialState({ profile }),
    decide,
    evolve,
    clone: (s) => s.clone(),
    diff: (a, b) => diffStates(a, b),
  };
}

/** Most blocks a churn burst allocates in contract runs (decide clones the heap per command). */
const CONTRACT_BURST_BLOCKS = 512;

/**
 * Valid lists: plain ones, and (when the profile has a class whose arena holds at most
 * CONTRACT_BURST_BLOCKS blocks, as tiny does) shorter ones with arena churn.
 */
function validLists(profile: Profile, maxCommands: number, churnBias: AllocatorCommandsOptions): fc.Arbitrary<ObmallocCommand[]> {
  const plain = allocatorCommands(profile, { maxCommands });
  const g = geometryOf(profile);
  if (g.maxPoolsInArena * Math.min(...g.blocksPerPool) > CONTRACT_BURST_BLOCKS) return plain;
  const churn = { maxArenas: 2, maxBurstBlocks: CONTRACT_BURST_BLOCKS };
  return fc.oneof(plain, allocatorCommands(profile, { ...churnBias, maxCommands: Math.max(1, maxCommands >> 2), arenaChurn: churn }));
}

/**
 * Commands that do not belong in a valid sequence, inserted into one. Most are rejected
 * (decide throws an ObmallocError and the helpers skip them); some happen to be valid
 * (a "double" free of an address reused since, an explicit arena base) and change the
 * course of the rest, whose commands may then be rejected in turn.
 */
export type NoiseKind = 'doubleFree' | 'interiorFree' | 'wildFree' | 'wildRealloc' | 'badSize' | 'badArenaBase' | 'explicitArenaBase' | 'nullFree';
const NOISE: readonly NoiseKind[] = ['doubleFree', 'interiorFree', 'wildFree', 'wildRealloc', 'badSize', 'badArenaBase', 'explicitArenaBase', 'nullFree'];

function noiseCommand(profile: Profile, kind: NoiseKind, k: number, earlier: readonly ObmallocCommand[]): ObmallocCommand {
  const seen = earlier.filter((c): c is Extract<ObmallocCommand, { address: Address }> => (c.type === 'Free' || c.type === 'Realloc') && c.address !== 0);
  const old = seen.length ? seen[k % seen.length].address : (0x1234_5670 as Address);
  const size = 1 + (k % profile.smallRequestThresholdBytes);
  switch (kind) {
    case 'doubleFree':
      return { type: 'Free', address: old };
    case 'interiorFree':
      return { type: 'Free', address: (old + profile.alignmentBytes / 2) as Address };
    case 'wildFree':
      return { type: 'Free', address: (0x1234_5670 + 16 * k) as Address };
    case 'wildRealloc':
      return { type: 'Realloc', address: (0x1234_5670 + 16 * k) as Address, requestBytes: size };
    case 'badSize':
      return { type: k % 2 ? 'Calloc' : 'Malloc', requestBytes: k % 3 === 0 ? -1 : 0.5 };
    case 'badArenaBase':
      return { type: 'Malloc', requestBytes: size, arenaBase: (profile.arenaSizeBytes * (k + 1) + 8) as Address };
    case 'explicitArenaBase':
      return { type: 'Malloc', requestBytes: size, arenaBase: (profile.arenaSizeBytes * (k + 1) * 4) as Address };
    case 'nullFree':
      return { type: 'Free', address: 0 as Address };
  }
}

/**
 * Command lists for the decider contracts: a valid allocatorCommands sequence (some with
 * arena churn) with up to a quarter as many noise commands (NoiseKind) inserted.
 */
export function obmallocDeciderCommands(profile: Profile, maxCommands = 60): fc.Arbitrary<ObmallocCommand[]> {
  const valid = validLists(profile, maxCommands, {});
  const noise = fc.array(fc.record({ at: fc.nat(), kind: fc.constantFrom(...NOISE), k: fc.nat({ max: 1 << 16 }) }), { maxLength: Math.max(1, maxCommands >> 2) });
  return fc.tuple(valid, noise).map(([cmds, extra]) => {
    const out = [...cmds];
    for (const n of extra) {
      const at = n.at % (out.length + 1);
      out.splice(at, 0, noiseCommand(profile, n.kind, n.k, out.slice(0, at)));
    }
    return out;
  });
}

/** The records (each command, then its events) of running valid command lists on a fresh heap. */
export function obmallocRecords(profile: Profile, maxCommands = 60): fc.Arbitrary<ObmallocRecord[]> {
  return validLists(profile, maxCommands, { hotClasses: 1 }).map((cmds) => {
    const heap = initialState({ profile });
    const out: ObmallocRecord[] = [];
    for (const c of cmds) executeRecorded(heap, c, out.length, out);
    return out;
  });
}
