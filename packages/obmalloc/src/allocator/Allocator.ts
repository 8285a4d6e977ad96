/**
 * The allocator interface: what pymalloc and every other allocator family in pymm have in
 * common, so that the same trace replay, time travel, comparison and property tests run
 * on any of them (including one a user writes).
 *
 * An allocator is a decider over a heap kept in typed arrays, the shape pymalloc has:
 *
 *   function      what
 *   initialState  a fresh heap (no region mapped)
 *   malloc        serve 1..maxRequestBytes bytes: return the payload address, report events
 *   free          give a live block back (the router has checked that one starts there)
 *   usableBytes   how many bytes the live block at an address can hold (realloc keeps it
 *                 when the new size fits and shrinks it by less than a quarter)
 *   evolve        apply one event; a heap is the fold of its events (tested for each family)
 *
 * Every command (Malloc, Calloc, Realloc, Free: obmalloc's own commands) goes through the
 * router (`executeAllocator`, route.ts), which does what PyObject_Malloc does around
 * pymalloc: requests of 0 bytes or above `maxRequestBytes` go to the raw allocator (the
 * same stand-in for every family, so footprints compare the small-object domain), a
 * realloc across the threshold moves the block, a free of an address where no live
 * block starts is refused with an AllocatorError and changes nothing.
 *
 * Events are past tense, in one vocabulary for every family:
 *
 *   event             meaning                                           fields
 *   RegionMapped      the system layer mapped a region (mmap)           address, sizeBytes
 *   RegionUnmapped    a region went back to the system (munmap)        address, sizeBytes
 *   BlockSplit        a free block was cut in two free blocks          address, sizeBytes (before),
 *                                                                      remainderAddress, remainderBytes
 *   BlocksCoalesced   adjacent free blocks became one                  address, sizeBytes (after),
 *                                                                      absorbedAddress (the block merged in)
 *   BlockHandedOut    a free block was given to a caller               address (the block), sizeBytes,
 *                                                                      payloadAddress, requestBytes
 *   BlockReturned     a caller's block became free again               address, sizeBytes, payloadAddress
 *   BlockResized      realloc kept the block in place                  payloadAddress, requestBytes
 *   RawAllocated      a request outside the domain went to malloc       address, requestBytes
 *   RawFreed          ... and was freed                                address
 *
 * A family may add events of its own (say, a page given to a size class); they carry
 * `type` and `family`, and only that family's evolve reads them.
 */
import type { ObmallocCommand } from '../commands.js';

export interface RegionMapped { readonly type: 'RegionMapped'; readonly address: number; readonly sizeBytes: number }
export interface RegionUnmapped { readonly type: 'RegionUnmapped'; readonly address: number; readonly sizeBytes: number }
export interface BlockSplit {
  readonly type: 'BlockSplit';
  readonly address: number;
  readonly sizeBytes: number;
  readonly remainderAddress: number;
  readonly remainderBytes: number;
}
export interface BlocksCoalesced {
  readonly type: 'BlocksCoalesced';
  readonly address: number;
  readonly sizeBytes: number;
  readonly absorbedAddress: number;
}
export interface BlockHandedOut {
  readonly type: 'BlockHandedOut';
  readonly address: number;
  readonly sizeBytes: number;
  readonly payloadAddress: number;
  readonly requestBytes: number;
}
export interface BlockReturned {
  readonly type: 'BlockReturned';
  readonly address: number;
  readonly sizeBytes: number;
  readonly payloadAddress: number;
}
export interface BlockResized { readonly type: 'BlockResized'; readonly payloadAddress: number; readonly requestBytes: number }
export interface RawAllocated { readonly type: 'RawAllocated'; readonly address: number; readonly requestBytes: number }
export interface RawFreed { readonly type: 'RawFreed'; readonly address: number }
/** An event only one family knows (its evolve applies it). */
export interface FamilyEvent {
  readonly type: string;
  readonly family: string;
  readonly [field: string]: unknown;
}

export type CommonAllocatorEvent =
  | RegionMapped | RegionUnmapped | BlockSplit | BlocksCoalesced | BlockHandedOut | BlockReturned | BlockResized | RawAllocated | RawFreed;
export type AllocatorEvent = CommonAllocatorEvent | FamilyEvent;
export type AllocatorSink = (event: AllocatorEvent) => void;

export type AllocatorErrorCode = 'INVALID_SIZE' | 'NOT_ALLOCATED' | 'INVALID_ADDRESS' | 'OUT_OF_ADDRESS_SPACE';

/** A command the allocator refuses. A refused command changes nothing. */
export class AllocatorError extends Error {
  override readonly name = 'AllocatorError';
  constructor(readonly code: AllocatorErrorCode, message: string) {
    super(message);
  }
}

export interface AllocatorConfig {
  /** Bytes of one region the system layer maps (default 1 MiB, pymalloc's arena size). */
  readonly regionBytes?: number;
  /** Largest request the family serves; larger ones (and 0) go to the raw allocator (default 512, as pymalloc). */
  readonly maxRequestBytes?: number;
  /** Payload alignment (default 16, as pymalloc on 64-bit). */
  readonly alignmentBytes?: number;
  /** Family-specific settings (documented by each family). */
  readonly [option: string]: unknown;
}

/** Free space inside the mapped regions, as `pymm compare` reports it. */
export interface FreeSpace {
  /** Bytes inside regions that no live block holds (free blocks, carved or not). */
  readonly freeBytes: number;
  /** Free blocks a request could be served from. */
  readonly freeBlocks: number;
  /** The largest request (bytes) one free block could serve now, up to maxRequestBytes. */
  readonly largestFreeBytes: number;
}

/** A live block as the property tests and the time-travel views see it. */
export interface LiveBlockInfo {
  readonly payloadAddress: number;
  /** Bytes the caller may use (at least the request). */
  readonly usableBytes: number;
  readonly requestBytes: number;
  /** The block's whole extent, overhead included. */
  readonly blockAddress: number;
  readonly blockBytes: number;
}

/**
 * What every family's heap exposes. `AllocatorHeap` (heap.ts) implements the shared parts
 * (the regions, the raw blocks, the counters); a family adds its own typed arrays.
 */
export interface AllocatorHeapView {
  readonly familyName: string;
  readonly maxRequestBytes: number;
  readonly alignmentBytes: number;
  readonly regionBytes: number;
  /** Bytes mapped now, and the most ever mapped at once. */
  readonly mappedBytes: number;
  readonly peakMappedBytes: number;
  /** Live blocks of the family (not raw ones), their requests and their whole extents. */
  readonly liveBlocks: number;
  readonly requestedBytes: number;
  readonly blockBytes: number;
  readonly regionsMapped: number;
  readonly regionsUnmapped: number;
  /** The mapped regions, lowest address first. */
  regions(): { address: number; sizeBytes: number }[];
  /** The live family blocks, lowest address first. */
  liveBlockList(): LiveBlockInfo[];
  /** The live raw blocks: address and request. */
  rawBlocks(): { address: number; requestBytes: number }[];
  freeSpace(): FreeSpace;
  /** The request of the live family block whose payload starts at `address`, else 0. */
  requestAt(address: number): number;
}

/**
 * An allocator family: the functions the router and the tools call. `S` is the family's
 * heap type.
 */
export interface AllocatorFamily<S extends AllocatorHeapView = AllocatorHeapView> {
  /** Short name used on the command line: 'first-fit', 'buddy'. */
  readonly name: string;
  /** One line: what it is. */
  readonly title: string;
  /** The classic description it follows. */
  readonly reference: string;
  initialState(config?: AllocatorConfig): S;
  /** Serve 1..maxRequestBytes bytes; returns the payload address. */
  malloc(state: S, requestBytes: number, sink: AllocatorSink | null): number;
  /** Give back the live block whose payload starts at `address` (checked by the router). */
  free(state: S, address: number, sink: AllocatorSink | null): void;
  /** Bytes the live block at `address` can hold. */
  usableBytes(state: S, address: number): number;
  /** Apply one event (never validates). */
  evolve(state: S, event: AllocatorEvent): S;
  clone(state: S): S;
  /** null when equal, else the first difference. */
  diff(a: S, b: S): string | null;
  /**
   * The family's own structural invariants (free lists consistent with the blocks,
   * coalescing complete where the family promises it, accounting): one line per
   * violation, empty when all hold. The property tests call it after every command.
   */
  findViolations(state: S): string[];
}

export type AllocatorCommand = ObmallocCommand;
