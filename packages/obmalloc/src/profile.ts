/**
 * Allocator profiles: every constant of Objects/obmalloc.c that decides placement or
 * appears in `_PyObject_DebugMallocStats`, for one CPython build.
 *
 * Mirrors  Objects/obmalloc.c (3.11): ALIGNMENT, SMALL_REQUEST_THRESHOLD, POOL_SIZE,
 *          POOL_OVERHEAD, ARENA_SIZE, INITIAL_ARENA_OBJECTS, the arena map bit split.
 * Differs  `tiny` is ours: a profile small enough that property tests reach full pools,
 *          empty pools and arena release within a few dozen commands.
 */

/** An obmalloc build configuration. All sizes in bytes. */
export interface Profile {
  readonly name: string;
  /** ALIGNMENT: block sizes are multiples of it. */
  readonly alignmentBytes: number;
  /** SMALL_REQUEST_THRESHOLD: requests above it go to the raw allocator. */
  readonly smallRequestThresholdBytes: number;
  /** POOL_SIZE. */
  readonly poolSizeBytes: number;
  /** POOL_OVERHEAD: sizeof(struct pool_header) rounded up to ALIGNMENT. */
  readonly poolOverheadBytes: number;
  /** ARENA_SIZE. */
  readonly arenaSizeBytes: number;
  /** INITIAL_ARENA_OBJECTS: first length of the arena vector, which then doubles. */
  readonly initialArenaObjects: number;
  /** Page size the arena allocator guarantees for bases (mmap). */
  readonly systemPageSizeBytes: number;
  /** Arena map (radix tree) split of the address bits above ARENA_BITS: top, mid, bot. */
  readonly arenaMapBits: { readonly top: number; readonly mid: number; readonly bot: number };
  /** Bytes per arena-map leaf entry (two int32: tail_hi, tail_lo) and per interior pointer. */
  readonly arenaMapLeafEntryBytes: number;
  readonly pointerBytes: number;
  /**
   * Pools covered by the model's direct pool table (ours, not CPython's): addresses within
   * that many pools of the first arena find their pool in one array load.
   */
  readonly poolTablePools: number;
}

/** CPython 3.11, 64-bit Linux, release build (radix tree, 16 KiB pools, 1 MiB arenas). */
export const cpython311: Profile = Object.freeze({
  name: 'cpython-3.11',
  alignmentBytes: 16,
  smallRequestThresholdBytes: 512,
  poolSizeBytes: 16 * 1024,
  poolOverheadBytes: 48,
  arenaSizeBytes: 1 << 20,
  initialArenaObjects: 16,
  systemPageSizeBytes: 4096,
  // ADDRESS_BITS 64, IGNORE_BITS 0, ARENA_BITS 20: 44 interior bits split 15/15/14.
  arenaMapBits: Object.freeze({ top: 15, mid: 15, bot: 14 }),
  arenaMapLeafEntryBytes: 8,
  pointerBytes: 8,
  poolTablePools: 1 << 17, // 2 GiB of address space, 512 KiB of table
});

/**
 * A toy build for property tests: 4 size classes (16..64), 256-byte pools holding
 * 13/6/4/3 blocks, 4 pools per 1 KiB arena, an arena vector that starts at 2 slots.
 */
export const tiny: Profile = Object.freeze({
  name: 'tiny',
  alignmentBytes: 16,
  smallRequestThresholdBytes: 64,
  poolSizeBytes: 256,
  poolOverheadBytes: 48,
  arenaSizeBytes: 1024,
  initialArenaObjects: 2,
  systemPageSizeBytes: 256,
  arenaMapBits: Object.freeze({ top: 23, mid: 23, bot: 8 }),
  arenaMapLeafEntryBytes: 8,
  pointerBytes: 8,
  poolTablePools: 1 << 4, // 4 arenas: property tests cross the window edge and use both paths
});

export const profiles: Readonly<Record<string, Profile>> = Object.freeze({
  'cpython-3.11': cpython311,
  tiny,
});

/** Quantities derived from a profile, computed once. */
export interface Geometry {
  readonly profile: Profile;
  /** NB_SMALL_SIZE_CLASSES */
  readonly nClasses: number;
  /** ALIGNMENT_SHIFT */
  readonly alignmentShift: number;
  /** MAX_POOLS_IN_ARENA */
  readonly maxPoolsInArena: number;
  /** POOL_SIZE / ALIGNMENT: 16-byte units per pool (free-list links are kept per unit). */
  readonly unitsPerPool: number;
  /** INDEX2SIZE(i) */
  readonly blockSizeBytes: Int32Array;
  /** NUMBLOCKS(i) */
  readonly blocksPerPool: Int32Array;
  /** 2^(mid+bot+ARENA_BITS): span of one arena-map bottom node. */
  readonly arenaMapBotSpanBytes: number;
  /** 2^(mid+bot+ARENA_BITS) * 2^mid: span of one mid node. */
  readonly arenaMapMidSpanBytes: number;
  readonly arenaBits: number;
}

export function geometryOf(profile: Profile): Geometry {
  const p = profile;
  const isPow2 = (n: number): boolean => n > 0 && (n & (n - 1)) === 0;
  for (const [k, v] of [
    ['alignmentBytes', p.alignmentBytes],
    ['poolSizeBytes', p.poolSizeBytes],
    ['arenaSizeBytes', p.arenaSizeBytes],
    ['systemPageSizeBytes', p.systemPageSizeBytes],
  ] as const) {
    if (!isPow2(v)) throw new RangeError(`profile ${p.name}: ${k} must be a power of two, got ${v}`);
  }
  if (p.smallRequestThresholdBytes % p.alignmentBytes !== 0) {
    throw new RangeError(`profile ${p.name}: smallRequestThresholdBytes must be a multiple of alignmentBytes`);
  }
  if (p.poolOverheadBytes % p.alignmentBytes !== 0) {
    throw new RangeError(`profile ${p.name}: poolOverheadBytes must be a multiple of alignmentBytes`);
  }
  const nClasses = p.smallRequestThresholdBytes / p.alignmentBytes;
  const blockSizeBytes = new Int32Array(nClasses);
  const blocksPerPool = new Int32Array(nClasses);
  for (let i = 0; i < nClasses; i++) {
    blockSizeBytes[i] = (i + 1) * p.alignmentBytes;
    blocksPerPool[i] = Math.floor((p.poolSizeBytes - p.poolOverheadBytes) / blockSizeBytes[i]);
    // A pool must hold two blocks: pymalloc hands out block 0 and threads block 1 at once.
    if (blocksPerPool[i] < 2) throw new RangeError(`profile ${p.name}: class ${i} holds fewer than 2 blocks per pool`);
  }
  const unitsPerPool = p.poolSizeBytes / p.alignmentBytes;
  if (unitsPerPool > 32767) throw new RangeError(`profile ${p.name}: at most 32767 alignment units per pool`);
  const arenaBits = Math.log2(p.arenaSizeBytes);
  return Object.freeze({
    profile: p,
    nClasses,
    alignmentShift: Math.log2(p.alignmentBytes),
    maxPoolsInArena: p.arenaSizeBytes / p.poolSizeBytes,
    unitsPerPool,
    blockSizeBytes,
    blocksPerPool,
    arenaMapBotSpanBytes: 2 ** (arenaBits + p.arenaMapBits.bot),
    arenaMapMidSpanBytes: 2 ** (arenaBits + p.arenaMapBits.bot + p.arenaMapBits.mid),
    arenaBits,
  });
}
