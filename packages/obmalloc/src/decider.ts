/**
 * pymalloc as a decider: initialState(config), decide(state, command) -> events,
 * evolve(state, event). State = fold(evolve, events), proven by decider.prop.test.ts.
 *
 * `execute` is the fused fast path (validate, apply, report), what a replay of millions
 * of calls uses; `decide` runs `execute` on a copy and returns the events, so it never
 * changes the state it is given (see docs/adr/0002-decider-over-typed-arrays.md).
 */
import type { ObmallocCommand } from './commands.js';
import type { EventSink, ObmallocEvent } from './events.js';
import type { Address } from './ids.js';
import { cpython311, profiles, type Profile } from './profile.js';
import {
  applyArenaAllocated, applyArenaFreed, applyBlockAllocated, applyBlockFreed, applyPoolFreed,
  applyPoolFull, applyPoolTaken, applyRawAllocated, applyRawFreed, applyRawReallocated,
  objFree, objMalloc, objRealloc, poolOf,
} from './pymalloc.js';
import { ObmallocState } from './state.js';

export interface ObmallocConfig {
  /** A profile, or the name of one ('cpython-3.11', 'tiny'). Default cpython-3.11. */
  readonly profile?: Profile | string;
}

export function resolveProfile(profile: Profile | string | undefined): Profile {
  if (profile === undefined) return cpython311;
  if (typeof profile !== 'string') return profile;
  const p = Object.hasOwn(profiles, profile) ? profiles[profile] : undefined; // not '__proto__', 'toString', ...
  if (p === undefined) throw new RangeError(`unknown profile '${profile}' (known: ${Object.keys(profiles).join(', ')})`);
  return p;
}

export function initialState(config: ObmallocConfig = {}): ObmallocState {
  return new ObmallocState(resolveProfile(config.profile));
}

/**
 * Apply a command: validate it (throwing an ObmallocError and changing nothing if it is
 * invalid), mutate the state, report each event to `sink`. Returns the address the call
 * returned (0 for Free).
 */
export function execute(state: ObmallocState, command: ObmallocCommand, sink: EventSink | null = null): Address {
  switch (command.type) {
    case 'Malloc':
    case 'Calloc':
      return objMalloc(state, command.requestBytes, command.arenaBase ?? NaN, command.rawAddress ?? NaN, sink) as Address;
    case 'Realloc':
      return objRealloc(state, command.address, command.requestBytes, command.arenaBase ?? NaN, command.rawAddress ?? NaN, sink) as Address;
    case 'Free':
      objFree(state, command.address, sink);
      return 0 as Address;
    default: {
      const never: never = command;
      throw new TypeError(`unknown command ${JSON.stringify(never)}`);
    }
  }
}

/** The events `command` would cause in `state`. Throws ObmallocError if invalid. Pure. */
export function decide(state: ObmallocState, command: ObmallocCommand): ObmallocEvent[] {
  const events: ObmallocEvent[] = [];
  execute(state.clone(), command, (e) => events.push(e));
  return events;
}

function poolIdAt(s: ObmallocState, poolAddress: number, arena: number): number {
  const slot = Math.floor((poolAddress - s.arenaFirstPool[arena]) / s.profile.poolSizeBytes);
  return s.poolId(arena, slot);
}

/** Apply one event. Never validates: a valid log folds to the state that produced it. */
export function evolve(state: ObmallocState, event: ObmallocEvent): ObmallocState {
  const s = state;
  switch (event.type) {
    case 'ArenaAllocated':
      applyArenaAllocated(s, event.arenaIndex, event.baseAddress);
      break;
    case 'PoolInitialized':
    case 'PoolReused':
      applyPoolTaken(s, event.arenaIndex, poolIdAt(s, event.poolAddress, event.arenaIndex), event.sizeIndex, event.type === 'PoolInitialized');
      break;
    case 'BlockAllocated':
      applyBlockAllocated(s, poolOf(s, event.address));
      break;
    case 'PoolFull':
      applyPoolFull(s, poolOf(s, event.poolAddress + s.profile.poolOverheadBytes));
      break;
    case 'BlockFreed': {
      const pid = poolOf(s, event.address);
      applyBlockFreed(s, pid, (event.address - s.poolAddress(pid)) >> s.geometry.alignmentShift);
      break;
    }
    case 'PoolFreed':
      applyPoolFreed(s, poolIdAt(s, event.poolAddress, event.arenaIndex));
      break;
    case 'ArenaFreed':
      applyArenaFreed(s, event.arenaIndex);
      break;
    case 'BlockResized':
      break;
    case 'RawAllocated':
      applyRawAllocated(s, event.address, event.requestBytes);
      break;
    case 'RawReallocated':
      applyRawReallocated(s, event.oldAddress, event.address, event.requestBytes);
      break;
    case 'RawFreed':
      applyRawFreed(s, event.address);
      break;
    default: {
      const never: never = event;
      throw new TypeError(`unknown event ${JSON.stringify(never)}`);
    }
  }
  return s;
}
