/**
 * Deterministic stand-ins for the two things CPython's allocator gets from the OS:
 * arena bases (mmap of ARENA_SIZE) and raw blocks (malloc, for 0-byte and large
 * requests). A command may name them (a replay takes them from the trace); when it
 * does not, these choose, as a pure function of the state, so the same commands give
 * the same addresses on every run.
 *
 * mmap stand-in: Linux hands out anonymous mappings top-down and fills the hole a
 * munmap leaves, so the stand-in reuses the most recently freed base first, else maps
 * the next ARENA_SIZE below the previous fresh one, starting below `top`. Bases keep
 * `residueBytes` modulo POOL_SIZE: with the default (one page) every arena is not pool
 * aligned and has MAX_POOLS_IN_ARENA - 1 pools, what about three processes in four see
 * (see docs/adr/0003-arena-placement.md).
 *
 * malloc stand-in: a bump pointer in a region far below the arenas, 16-byte aligned;
 * raw blocks are opaque to pymalloc, so their addresses only need to be distinct.
 */
import type { ObmallocState } from './state.js';

export interface PlacementConfig {
  /** Highest address (exclusive) of the stand-in's arena region. */
  readonly mmapTop: number;
  /** base mod POOL_SIZE for fresh arenas; a multiple of the page size. */
  readonly residueBytes: number;
  /** First address of the raw stand-in's region. */
  readonly rawBase: number;
}

export function defaultPlacement(state: ObmallocState): PlacementConfig {
  const p = state.profile;
  return {
    mmapTop: p.name === 'tiny' ? 0x10_0000_0000 : 0x7f00_0000_0000,
    residueBytes: p.poolSizeBytes > p.systemPageSizeBytes ? p.systemPageSizeBytes : 0,
    rawBase: p.name === 'tiny' ? 0x1_0000_0000 : 0x5555_5555_0000,
  };
}

/** The base the mmap stand-in would return now (does not change the state). */
export function nextArenaBase(state: ObmallocState, config: PlacementConfig = defaultPlacement(state)): number {
  const s = state.standIn;
  if (s.mmapFreed.length > 0) return s.mmapFreed[s.mmapFreed.length - 1];
  const size = state.profile.arenaSizeBytes;
  return config.mmapTop - (s.mmapFresh + 2) * size + config.residueBytes;
}

/** The address the malloc stand-in would return now (does not change the state). */
export function nextRawAddress(state: ObmallocState, config: PlacementConfig = defaultPlacement(state)): number {
  return config.rawBase + state.standIn.rawNext;
}

/** Record that the stand-in's arena base was taken. */
export function takeArenaBase(state: ObmallocState, base: number): void {
  const s = state.standIn;
  const i = s.mmapFreed.lastIndexOf(base);
  if (i >= 0) s.mmapFreed.splice(i, 1);
  else s.mmapFresh += 1;
}

/** Record that the stand-in's raw address was taken for `requestBytes`. */
export function takeRawAddress(state: ObmallocState, requestBytes: number): void {
  state.standIn.rawNext += Math.max(32, Math.ceil((requestBytes + 8) / 16) * 16);
}
