/**
 * The allocator's state, struct-of-arrays. Nothing here allocates per block: a replay
 * of tens of millions of calls mutates these arrays in place.
 *
 * Mirrors  Objects/obmalloc.c (3.11) statics: arenas[], maxarenas, usable_arenas,
 *          unused_arena_objects, nfp2lasta[], usedpools[], the pool headers, the free-list
 *          links stored inside free blocks, narenas_*, raw_allocated_blocks, arena_map_*.
 * Differs  pools are numbered, not addressed: pool id = nClasses + arena * MAX_POOLS + slot,
 *          where slot counts pools from the arena's first pool-aligned address. Ids
 *          0..nClasses-1 are the usedpools sentinels (CPython's "fake pool header" trick).
 *          A free block's link is kept in `links[pool * unitsPerPool + unit]` (0 = NULL),
 *          an allocated block's entry holds ALLOCATED, so a bad free is caught.
 *
 * Lists (all intrusive, -1 = NULL):
 *   usedpools[i]      circular, sentinel i, via poolNext/poolPrev: pools of class i with
 *                     0 < count < NUMBLOCKS(i); front = next pool to serve class i
 *   arena.freepools   singly linked via poolNext: emptied pools, LIFO
 *   usable_arenas     doubly linked via arenaNext/arenaPrev, ascending nfreepools
 *   unused_arena_objects  singly linked via arenaNext: slots with address 0, LIFO
 */
import { AddressTable } from './AddressTable.js';
import { geometryOf, type Geometry, type Profile } from './profile.js';

/** Marks an allocated block's link entry. */
export const ALLOCATED = -1;
/** DUMMY_SIZE_IDX: the class of a freshly carved, never initialised pool. */
export const DUMMY_SIZE_IDX = 0xffff;
export const NONE = -1;

/** One bottom node of the arena map: for each "ideal" (ARENA_SIZE aligned) slot, the arena
 * that starts in it at offset tailHi, and the arena that ends in it below offset tailLo. */
export interface ArenaMapNode {
  readonly hiArena: Int32Array;
  readonly tailHi: Int32Array;
  readonly loArena: Int32Array;
  readonly tailLo: Int32Array;
}

export interface StandInState {
  /** Fresh arena mappings handed out so far by the mmap stand-in. */
  mmapFresh: number;
  /** Bases given back (munmap), reused most recent first. */
  mmapFreed: number[];
  /** Next address of the raw (malloc) stand-in. */
  rawNext: number;
}

export class ObmallocState {
  readonly geometry: Geometry;
  readonly profile: Profile;

  // Hot constants, copied out of the profile so the inner loops load them in one step.
  readonly nClasses: number;
  readonly unitsPerPool: number;
  readonly alignmentShift: number;
  readonly smallRequestThresholdBytes: number;
  readonly poolSizeBytes: number;
  readonly arenaSizeBytes: number;
  readonly maxPoolsInArena: number;
  /** 1 / POOL_SIZE, 1 / ARENA_SIZE, 1 / (span of an arena-map bottom node): exact powers of two. */
  readonly invPoolSize: number;
  readonly invArenaSize: number;
  readonly invBotSpan: number;
  /** Ideal arena slots per arena-map bottom node. */
  readonly slotsPerBot: number;

  // arena vector (struct arena_object)
  maxarenas = 0;
  arenaAddress = new Float64Array(0);
  /** First pool-aligned address of the arena (pool_address at creation). */
  arenaFirstPool = new Float64Array(0);
  /** Pools carved so far: pool_address = firstPool + carved * POOL_SIZE. */
  arenaCarved = new Int32Array(0);
  arenaNfreepools = new Int32Array(0);
  arenaNtotalpools = new Int32Array(0);
  arenaFreepools = new Int32Array(0);
  arenaNext = new Int32Array(0);
  arenaPrev = new Int32Array(0);
  usableArenas = NONE;
  unusedArenaObjects = NONE;
  readonly nfp2lasta: Int32Array;

  // pool headers (struct pool_header), indexed by pool id
  poolCount: Int32Array;
  /** Offset of the first free block, in alignment units; 0 = NULL. */
  poolFreeblock: Int32Array;
  poolNextoffset: Int32Array;
  poolMaxnextoffset: Int32Array;
  poolSzidx: Int32Array;
  /** The pool's address (set when it is carved). */
  poolBase: Float64Array;
  poolNext: Int32Array;
  poolPrev: Int32Array;
  /** Free-list links, unitsPerPool entries per pool id. */
  links: Int16Array;
  /**
   * 1 for each pool id whose header or links changed since the last snapshot took it
   * (ours: lets a checkpoint cost only what changed). Sentinels are always snapshotted.
   */
  poolDirty: Uint8Array;

  // counters
  narenasCurrentlyAllocated = 0;
  ntimesArenaAllocated = 0;
  narenasHighwater = 0;
  rawAllocatedBlocks = 0;
  /** Live raw blocks (address -> request bytes); CPython only counts them. */
  rawBlocks = new AddressTable();
  /**
   * Raw-block changes since the last snapshot, as (address, bytes) pairs (bytes -1 =
   * removed), so a checkpoint stores a delta instead of the whole set (ours). Null until a
   * snapshot is taken: replays that take none keep nothing.
   */
  rawJournal: number[] | null = null;
  /**
   * Per pool id, the version of `poolVersionOf`'s (a CheckpointStore) records this pool
   * holds since the last restore, while poolDirty is clear: lets a restore rewrite only
   * the pools that differ (ours; null until a restore).
   */
  poolVersion: Int32Array | null = null;
  poolVersionOf: unknown = null;

  // arena map (radix tree); nodes are never freed, as in CPython
  arenaMapBot = new Map<number, ArenaMapNode>();
  arenaMapMidKeys = new Set<number>();
  arenaMapCacheKey = -1;
  arenaMapCacheNode: ArenaMapNode | null = null;

  standIn: StandInState;

  /**
   * Direct pool table (ours): pool id of each carved pool whose address lies in
   * [poolTableBase, poolTableBase + poolTablePools * POOL_SIZE), else -1. The window is
   * placed around the first arena ever mapped; addresses outside it use the arena map.
   */
  poolTableBase = NaN;
  readonly poolTableBytes: number;
  readonly poolTable: Int32Array;

  constructor(profile: Profile) {
    this.profile = profile;
    this.geometry = geometryOf(profile);
    const g = this.geometry;
    this.nClasses = g.nClasses;
    this.unitsPerPool = g.unitsPerPool;
    this.alignmentShift = g.alignmentShift;
    this.smallRequestThresholdBytes = profile.smallRequestThresholdBytes;
    this.poolSizeBytes = profile.poolSizeBytes;
    this.arenaSizeBytes = profile.arenaSizeBytes;
    this.maxPoolsInArena = g.maxPoolsInArena;
    this.invPoolSize = 1 / profile.poolSizeBytes;
    this.invArenaSize = 1 / profile.arenaSizeBytes;
    this.invBotSpan = 1 / g.arenaMapBotSpanBytes;
    this.slotsPerBot = g.arenaMapBotSpanBytes / profile.arenaSizeBytes;
    this.poolTableBytes = profile.poolTablePools * profile.poolSizeBytes;
    this.poolTable = new Int32Array(profile.poolTablePools).fill(NONE);
    this.nfp2lasta = new Int32Array(g.maxPoolsInArena + 1).fill(NONE);
    const nPools = g.nClasses;
    this.poolCount = new Int32Array(nPools);
    this.poolFreeblock = new Int32Array(nPools);
    this.poolNextoffset = new Int32Array(nPools);
    this.poolMaxnextoffset = new Int32Array(nPools);
    this.poolSzidx = new Int32Array(nPools);
    this.poolBase = new Float64Array(nPools);
    this.poolNext = new Int32Array(nPools);
    this.poolPrev = new Int32Array(nPools);
    for (let i = 0; i < g.nClasses; i++) {
      this.poolNext[i] = i;
      this.poolPrev[i] = i;
      this.poolSzidx[i] = i;
    }
    this.links = new Int16Array(nPools * g.unitsPerPool);
    this.poolDirty = new Uint8Array(nPools);
    this.standIn = { mmapFresh: 0, mmapFreed: [], rawNext: 0 };
  }

  /** Pool id of (arena, slot). */
  poolId(arena: number, slot: number): number {
    return this.geometry.nClasses + arena * this.geometry.maxPoolsInArena + slot;
  }
  poolArena(pid: number): number {
    return Math.floor((pid - this.geometry.nClasses) / this.geometry.maxPoolsInArena);
  }
  poolSlot(pid: number): number {
    return (pid - this.geometry.nClasses) % this.geometry.maxPoolsInArena;
  }
  poolAddress(pid: number): number {
    const rel = pid - this.nClasses;
    const arena = Math.floor(rel / this.maxPoolsInArena);
    return this.arenaFirstPool[arena] + (rel - arena * this.maxPoolsInArena) * this.poolSizeBytes;
  }

  /**
   * Grow the arena vector to `n` slots (PyMem_RawRealloc(arenas, n * sizeof)). The arrays
   * may already be longer (a state reused by a checkpoint restore): then only the new
   * slots are initialised.
   */
  growArenas(n: number): void {
    const g = this.geometry;
    const old = this.maxarenas;
    const nPools = g.nClasses + n * g.maxPoolsInArena;
    if (this.arenaAddress.length < n) {
      const grow = <T extends Float64Array | Int32Array | Int16Array | Uint8Array>(a: T, len: number): T => {
        const b = new (a.constructor as new (n: number) => T)(len);
        b.set(a.subarray(0, Math.min(a.length, len)));
        return b;
      };
      this.arenaAddress = grow(this.arenaAddress, n);
      this.arenaFirstPool = grow(this.arenaFirstPool, n);
      this.arenaCarved = grow(this.arenaCarved, n);
      this.arenaNfreepools = grow(this.arenaNfreepools, n);
      this.arenaNtotalpools = grow(this.arenaNtotalpools, n);
      this.arenaFreepools = grow(this.arenaFreepools, n);
      this.arenaNext = grow(this.arenaNext, n);
      this.arenaPrev = grow(this.arenaPrev, n);
      this.poolCount = grow(this.poolCount, nPools);
      this.poolFreeblock = grow(this.poolFreeblock, nPools);
      this.poolNextoffset = grow(this.poolNextoffset, nPools);
      this.poolMaxnextoffset = grow(this.poolMaxnextoffset, nPools);
      this.poolSzidx = grow(this.poolSzidx, nPools);
      this.poolBase = grow(this.poolBase, nPools);
      this.poolNext = grow(this.poolNext, nPools);
      this.poolPrev = grow(this.poolPrev, nPools);
      this.links = grow(this.links, nPools * g.unitsPerPool);
      this.poolDirty = grow(this.poolDirty, nPools);
    }
    const firstPool = g.nClasses + old * g.maxPoolsInArena;
    this.arenaAddress.fill(0, old, n);
    this.arenaFirstPool.fill(0, old, n);
    this.arenaCarved.fill(0, old, n);
    this.arenaNfreepools.fill(0, old, n);
    this.arenaNtotalpools.fill(0, old, n);
    this.arenaFreepools.fill(NONE, old, n);
    this.arenaPrev.fill(NONE, old, n);
    this.poolCount.fill(0, firstPool, nPools);
    this.poolFreeblock.fill(0, firstPool, nPools);
    this.poolNextoffset.fill(0, firstPool, nPools);
    this.poolMaxnextoffset.fill(0, firstPool, nPools);
    this.poolSzidx.fill(DUMMY_SIZE_IDX, firstPool, nPools);
    this.poolBase.fill(0, firstPool, nPools);
    this.poolNext.fill(NONE, firstPool, nPools);
    this.poolPrev.fill(NONE, firstPool, nPools);
    this.links.fill(0, firstPool * g.unitsPerPool, nPools * g.unitsPerPool);
    this.poolDirty.fill(1, firstPool, nPools);
    // Chain the new slots in increasing index order onto unused_arena_objects.
    for (let i = old; i < n; i++) this.arenaNext[i] = i < n - 1 ? i + 1 : NONE;
    this.unusedArenaObjects = old;
    this.maxarenas = n;
  }

  /** A deep copy: the copy and the original share nothing. */
  clone(): ObmallocState {
    const c = new ObmallocState(this.profile);
    for (const key of Object.keys(this) as (keyof ObmallocState)[]) {
      const v = this[key] as unknown;
      let copy: unknown = v;
      if (ArrayBuffer.isView(v)) copy = (v as Int32Array).slice();
      else if (v instanceof AddressTable) copy = v.clone();
      else if (v instanceof Map) {
        copy = new Map([...(v as Map<number, ArenaMapNode>)].map(([k, n]) => [k, {
          hiArena: n.hiArena.slice(), tailHi: n.tailHi.slice(), loArena: n.loArena.slice(), tailLo: n.tailLo.slice(),
        }]));
      } else if (v instanceof Set) copy = new Set(v as Set<number>);
      else if (Array.isArray(v)) copy = v.slice();
      else if (key === 'standIn') copy = { ...this.standIn, mmapFreed: [...this.standIn.mmapFreed] };
      (c as unknown as Record<string, unknown>)[key] = copy;
    }
    c.arenaMapCacheKey = -1;
    c.arenaMapCacheNode = null;
    c.poolVersionOf = this.poolVersionOf;
    return c;
  }
}

/**
 * Names the first field in which two states differ, or returns null when they are equal.
 * With `semantic`, words that are garbage in CPython too are not compared: fields of
 * arena slots that hold no arena, pools of such slots, and free-list link words other
 * than those of carved blocks (a restored checkpoint does not rebuild them).
 */
export function diffStates(a: ObmallocState, b: ObmallocState, options: { semantic?: boolean } = {}): string | null {
  if (a.profile !== b.profile) return 'profile';
  const skip = new Set(['geometry', 'profile', 'arenaMapCacheKey', 'arenaMapCacheNode', 'poolDirty', 'rawJournal', 'poolVersion', 'poolVersionOf']);
  if (options.semantic) {
    for (const k of ['arenaAddress', 'arenaFirstPool', 'arenaCarved', 'arenaNfreepools', 'arenaNtotalpools', 'arenaFreepools', 'arenaNext', 'arenaPrev',
      'poolCount', 'poolFreeblock', 'poolNextoffset', 'poolMaxnextoffset', 'poolSzidx', 'poolNext', 'poolPrev', 'poolBase', 'links']) skip.add(k);
    const d = diffLiveParts(a, b);
    if (d !== null) return d;
  }
  for (const key of Object.keys(a)) {
    if (skip.has(key)) continue;
    const x = (a as unknown as Record<string, unknown>)[key];
    const y = (b as unknown as Record<string, unknown>)[key];
    if (!deepEqual(x, y)) return key;
  }
  return null;
}

function diffLiveParts(a: ObmallocState, b: ObmallocState): string | null {
  if (a.maxarenas !== b.maxarenas) return 'maxarenas';
  const g = a.geometry;
  for (let i = 0; i < g.nClasses; i++) {
    if (a.poolNext[i] !== b.poolNext[i] || a.poolPrev[i] !== b.poolPrev[i]) return `usedpools[${i}]`;
  }
  for (let ar = 0; ar < a.maxarenas; ar++) {
    if (a.arenaAddress[ar] !== b.arenaAddress[ar]) return `arenas[${ar}].address`;
    if (a.arenaNext[ar] !== b.arenaNext[ar]) return `arenas[${ar}].nextarena`;
    if (a.arenaAddress[ar] === 0) continue;
    for (const k of ['arenaFirstPool', 'arenaCarved', 'arenaNfreepools', 'arenaNtotalpools', 'arenaFreepools', 'arenaPrev'] as const) {
      if (a[k][ar] !== b[k][ar]) return `arenas[${ar}].${k}`;
    }
    for (let slot = 0; slot < a.arenaCarved[ar]; slot++) {
      const pid = a.poolId(ar, slot);
      for (const k of ['poolCount', 'poolFreeblock', 'poolNextoffset', 'poolMaxnextoffset', 'poolSzidx', 'poolNext', 'poolPrev', 'poolBase'] as const) {
        if (a[k][pid] !== b[k][pid]) return `pools[${pid}].${k}`;
      }
      const szidx = a.poolSzidx[pid];
      if (szidx >= g.nClasses) continue;
      const size = g.blockSizeBytes[szidx];
      const base = pid * g.unitsPerPool;
      for (let off = a.profile.poolOverheadBytes; off < a.poolNextoffset[pid]; off += size) {
        const u = base + (off >> g.alignmentShift);
        if (a.links[u] !== b.links[u]) return `pools[${pid}].links[${off}]`;
      }
    }
  }
  return null;
}

function deepEqual(x: unknown, y: unknown): boolean {
  if (x === y) return true;
  if (x instanceof AddressTable && y instanceof AddressTable) return x.equals(y);
  if (ArrayBuffer.isView(x) && ArrayBuffer.isView(y)) {
    const a = x as unknown as ArrayLike<number>, b = y as unknown as ArrayLike<number>;
    if (a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) if (!Object.is(a[i], b[i])) return false;
    return true;
  }
  if (x instanceof Map && y instanceof Map) {
    if (x.size !== y.size) return false;
    for (const [k, v] of x) if (!y.has(k) || !deepEqual(v, y.get(k))) return false;
    return true;
  }
  if (x instanceof Set && y instanceof Set) {
    if (x.size !== y.size) return false;
    for (const k of x) if (!y.has(k)) return false;
    return true;
  }
  if (Array.isArray(x) && Array.isArray(y)) {
    return x.length === y.length && x.every((v, i) => deepEqual(v, y[i]));
  }
  if (x && y && typeof x === 'object' && typeof y === 'object') {
    const kx = Object.keys(x), ky = Object.keys(y);
    return kx.length === ky.length && kx.every((k) => deepEqual((x as Record<string, unknown>)[k], (y as Record<string, unknown>)[k]));
  }
  return Number.isNaN(x) && Number.isNaN(y);
}
