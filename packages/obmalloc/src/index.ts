/**
 * @pymm/obmalloc: CPython 3.11's pymalloc (Objects/obmalloc.c), exact to the address.
 * Trace import and replay live at '@pymm/obmalloc/trace'; test helpers at
 * '@pymm/obmalloc/testing'.
 */
export { cpython311, tiny, profiles, geometryOf } from './profile.js';
export type { Profile, Geometry } from './profile.js';
export type { Address, ArenaIndex, SizeIndex } from './ids.js';
export { MAX_ADDRESS } from './ids.js';
export { ObmallocError, hex } from './errors.js';
export type { ObmallocErrorCode } from './errors.js';
export type {
  ObmallocEvent, ObmallocEventType, EventSink, ArenaAllocated, ArenaFreed, PoolInitialized, PoolReused,
  PoolFull, PoolFreed, BlockAllocated, BlockFreed, BlockResized, RawAllocated, RawReallocated, RawFreed,
} from './events.js';
export type { ObmallocCommand, Malloc, Calloc, Realloc, Free } from './commands.js';
export { ObmallocState, diffStates, ALLOCATED, DUMMY_SIZE_IDX } from './state.js';
export { initialState, decide, evolve, execute, resolveProfile } from './decider.js';
export type { ObmallocConfig } from './decider.js';
export { objMalloc, objCalloc, objRealloc, objFree, arenaOf, poolOf } from './pymalloc.js';
export { debugMallocStats, printone, summarize, allocatedBlocks } from './stats.js';
export type { MallocStatsSummary } from './stats.js';
export { checkObmallocInvariants, findInvariantViolations, InvariantViolation } from './invariants.js';
export { defaultPlacement, nextArenaBase, nextRawAddress } from './placement.js';
export type { PlacementConfig } from './placement.js';
export { ObmallocCodec, GroupEncoder, OBMALLOC_CODEC, EVENT_BIT, decodeFrame, newCommandColumns } from './log/codec.js';
export type { CommandColumns, CommandVisitor } from './log/codec.js';
export { CodecError } from './log/bytes.js';
export { executeRecorded, commandAsExecuted } from './log/records.js';
export type { ObmallocRecord, CommandRecord, EventRecord } from './log/records.js';
export { CheckpointStore } from './CheckpointStore.js';
export type { SnapshotCompression } from './CheckpointStore.js';
export { AddressTable } from './AddressTable.js';
export { obmallocLogHeader } from './log/header.js';

// The allocator interface every family implements (pymm's other allocators, or yours).
export { AllocatorError } from './allocator/Allocator.js';
export type {
  AllocatorFamily, AllocatorHeapView, AllocatorConfig, AllocatorEvent, CommonAllocatorEvent, FamilyEvent, AllocatorSink,
  AllocatorErrorCode, AllocatorCommand, FreeSpace, LiveBlockInfo, RegionMapped, RegionUnmapped, BlockSplit, BlocksCoalesced,
  BlockHandedOut, BlockReturned,
} from './allocator/Allocator.js';
export type {
  BlockResized as AllocatorBlockResized, RawAllocated as AllocatorRawAllocated, RawFreed as AllocatorRawFreed,
} from './allocator/Allocator.js';
export { AllocatorHeap, DEFAULT_REGION_BYTES, DEFAULT_MAX_REQUEST_BYTES, DEFAULT_ALIGNMENT_BYTES, HEAP_BASE, RAW_BASE, MAX_REGIONS } from './allocator/heap.js';
export {
  allocatorMalloc, allocatorFree, allocatorRealloc, executeAllocator, decideAllocator, evolveAllocator, MAX_REQUEST_BYTES,
} from './allocator/route.js';
export type { RoutedHeap } from './allocator/route.js';
