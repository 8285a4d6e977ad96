/**
 * Events of the pymalloc decider, past tense. Each records the choice that was made
 * (which address, which pool, which arena), so `evolve` applies it without deciding.
 *
 *   event             emitted by                          evolve does
 *   ArenaAllocated    new_arena (no usable arena left)    take the slot, map it, make it usable_arenas
 *   PoolInitialized   allocate_from_new_pool              take a pool (carve or reuse), set its class
 *   PoolReused        allocate_from_new_pool, same class  take the pool, keep its free list
 *   BlockAllocated    pymalloc_alloc                      pop the front pool's free block
 *   PoolFull          pymalloc_pool_extend, no room        unlink the pool from usedpools
 *   BlockFreed        pymalloc_free                       push the block; full pool -> front of usedpools
 *   PoolFreed         insert_to_freepool                  pool -> arena.freepools; reorder usable_arenas
 *   ArenaFreed        insert_to_freepool, case 1          unlink, unmap, slot -> unused_arena_objects
 *   BlockResized      pymalloc_realloc, kept in place     nothing (recorded for history)
 *   RawAllocated      _PyObject_Malloc fallback           count the raw block
 *   RawReallocated    _PyObject_Realloc of a raw block    the raw block moves
 *   RawFreed          _PyObject_Free of a raw block       forget the raw block
 */
import type { Address, ArenaIndex, SizeIndex } from './ids.js';

export interface ArenaAllocated {
  readonly type: 'ArenaAllocated';
  readonly arenaIndex: ArenaIndex;
  readonly baseAddress: Address;
  /** 64, or 63 when the base is not pool aligned (cpython-3.11). */
  readonly totalPools: number;
}
export interface PoolInitialized {
  readonly type: 'PoolInitialized';
  readonly poolAddress: Address;
  readonly arenaIndex: ArenaIndex;
  readonly sizeIndex: SizeIndex;
  /** true: carved at the arena's high-water mark; false: an emptied pool re-initialised. */
  readonly carved: boolean;
}
export interface PoolReused {
  readonly type: 'PoolReused';
  readonly poolAddress: Address;
  readonly arenaIndex: ArenaIndex;
  readonly sizeIndex: SizeIndex;
}
export interface BlockAllocated {
  readonly type: 'BlockAllocated';
  readonly address: Address;
  readonly sizeIndex: SizeIndex;
  readonly requestBytes: number;
}
export interface PoolFull {
  readonly type: 'PoolFull';
  readonly poolAddress: Address;
}
export interface BlockFreed {
  readonly type: 'BlockFreed';
  readonly address: Address;
}
export interface PoolFreed {
  readonly type: 'PoolFreed';
  readonly poolAddress: Address;
  readonly arenaIndex: ArenaIndex;
}
export interface ArenaFreed {
  readonly type: 'ArenaFreed';
  readonly arenaIndex: ArenaIndex;
  readonly baseAddress: Address;
}
export interface BlockResized {
  readonly type: 'BlockResized';
  readonly address: Address;
  readonly requestBytes: number;
}
export interface RawAllocated {
  readonly type: 'RawAllocated';
  readonly address: Address;
  readonly requestBytes: number;
}
export interface RawReallocated {
  readonly type: 'RawReallocated';
  readonly oldAddress: Address;
  readonly address: Address;
  readonly requestBytes: number;
}
export interface RawFreed {
  readonly type: 'RawFreed';
  readonly address: Address;
}

export type ObmallocEvent =
  | ArenaAllocated
  | PoolInitialized
  | PoolReused
  | BlockAllocated
  | PoolFull
  | BlockFreed
  | PoolFreed
  | ArenaFreed
  | BlockResized
  | RawAllocated
  | RawReallocated
  | RawFreed;

export type ObmallocEventType = ObmallocEvent['type'];

/**
 * Receives events as they happen. Pass `null` where nobody listens: nothing is built then.
 * A sink may also carry `blockAllocated` / `blockFreed`: it then receives those two
 * events (most of any trace) as arguments instead of objects, in the same order; every
 * other event still comes as an object.
 */
export interface EventSink {
  (event: ObmallocEvent): void;
  blockAllocated?: (address: number, sizeIndex: number, requestBytes: number) => void;
  blockFreed?: (address: number) => void;
}
