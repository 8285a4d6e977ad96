/**
 * pymalloc, call by call: what PyObject_Malloc, _Calloc, _Realloc and _Free do to the
 * allocator's state. Each public routine validates first (a rejected call throws an
 * ObmallocError and changes nothing), then applies the same primitives `evolve` uses,
 * telling an optional sink which events happened.
 *
 * Mirrors  Objects/obmalloc.c (3.11): _PyObject_Malloc, _PyObject_Calloc,
 *          _PyObject_Realloc, _PyObject_Free, pymalloc_alloc, pymalloc_pool_extend,
 *          allocate_from_new_pool, new_arena, pymalloc_free, insert_to_usedpool,
 *          insert_to_freepool, pymalloc_realloc, arena_map_mark_used, arena_map_is_used.
 * Differs  no usedpools pointer trick: a sentinel pool id per size class; blocks are
 *          never read or written, so calloc's zeroing and realloc's memcpy are not modelled.
 *
 * Pool lifecycle (usedpools[i] = used pools of class i, front serves the next request):
 *
 *   from     trigger                                   to       list after
 *   carved   allocate_from_new_pool at pool_address    used     only element of usedpools[i]
 *   empty    allocate_from_new_pool, head arena's      used     only element of usedpools[i]
 *            freepools (same class: free list kept)
 *   used     alloc hands out the last free block       full     none
 *   full     a block is freed                          used     FRONT of usedpools[i]
 *   used     a block is freed, others remain           used     unchanged position
 *   used     the last allocated block is freed         empty    front of arena.freepools
 *
 * Arena lifecycle (usable_arenas sorted by ascending nfreepools; nfp2lasta[n] = rightmost
 * arena with n free pools):
 *
 *   from       trigger                                 to
 *   unused     no usable arena when a pool is needed   usable (the only one)
 *   usable     its last available pool is taken        full (on no list)
 *   full       one of its pools empties                usable, at the head (case 2)
 *   usable     one of its pools empties                usable, first among arenas with
 *                                                      the new count (case 3 / case 4)
 *   usable     all its pools are empty and it is not   unused (munmap; case 1)
 *              the tail of usable_arenas
 *
 * Invariants (checked by checkObmallocInvariants, after every step of the model tests):
 *   pool on usedpools[i]  <=>  0 < count < NUMBLOCKS(i)
 *   arena on usable_arenas <=>  nfreepools > 0;   list ascending by nfreepools
 *   nfreepools = pools on freepools + pools not yet carved
 */
import { ObmallocError, hex } from './errors.js';
import type { EventSink } from './events.js';
import type { Address, ArenaIndex, SizeIndex } from './ids.js';
import { MAX_ADDRESS } from './ids.js';
import { nextArenaBase, nextRawAddress, takeArenaBase, takeRawAddress } from './placement.js';
import { ALLOCATED, DUMMY_SIZE_IDX, NONE, type ArenaMapNode, type ObmallocState } from './state.js';

// ---------------------------------------------------------------------------------------
// Arena map (radix tree): "is this address inside a live arena, and which one?"

function arenaMapNode(s: ObmallocState, address: number, create: boolean): ArenaMapNode | null {
  const g = s.geometry;
  const key = Math.floor(address / g.arenaMapBotSpanBytes);
  if (key === s.arenaMapCacheKey) return s.arenaMapCacheNode;
  let node = s.arenaMapBot.get(key);
  if (node === undefined) {
    if (!create) return null;
    const n = 1 << g.profile.arenaMapBits.bot;
    node = {
      hiArena: new Int32Array(n).fill(NONE),
      tailHi: new Int32Array(n),
      loArena: new Int32Array(n).fill(NONE),
      tailLo: new Int32Array(n),
    };
    s.arenaMapBot.set(key, node);
    s.arenaMapMidKeys.add(Math.floor(address / g.arenaMapMidSpanBytes));
  }
  s.arenaMapCacheKey = key;
  s.arenaMapCacheNode = node;
  return node;
}

/** arena_map_mark_used: record (or erase) the arena covering [base, base + ARENA_SIZE). */
function arenaMapMarkUsed(s: ObmallocState, base: number, arena: number, isUsed: boolean): void {
  const g = s.geometry;
  const size = g.profile.arenaSizeBytes;
  const botSpan = g.arenaMapBotSpanBytes;
  const ideal = Math.floor(base / size) * size;
  const tail = base - ideal;
  const hi = arenaMapNode(s, base, isUsed)!;
  const i3 = (ideal - Math.floor(ideal / botSpan) * botSpan) / size;
  hi.hiArena[i3] = isUsed ? arena : NONE;
  hi.tailHi[i3] = isUsed ? tail : 0;
  if (tail !== 0) {
    const next = ideal + size;
    const lo = arenaMapNode(s, next, isUsed)!;
    const j3 = (next - Math.floor(next / botSpan) * botSpan) / size;
    lo.loArena[j3] = isUsed ? arena : NONE;
    lo.tailLo[j3] = isUsed ? tail : 0;
  }
}

/** arena_map_is_used, returning the arena index, or -1 when no live arena holds `p`. */
export function arenaOf(s: ObmallocState, p: number): number {
  const key = Math.floor(p * s.invBotSpan);
  let node = s.arenaMapCacheNode;
  if (key !== s.arenaMapCacheKey) {
    const found = s.arenaMapBot.get(key);
    if (found === undefined) return NONE;
    node = found;
    s.arenaMapCacheKey = key;
    s.arenaMapCacheNode = node;
  }
  const slot = Math.floor(p * s.invArenaSize);
  const i3 = slot - key * s.slotsPerBot;
  const o = p - slot * s.arenaSizeBytes;
  const lo = node!.loArena[i3];
  if (lo !== NONE && o < node!.tailLo[i3]) return lo;
  const hi = node!.hiArena[i3];
  if (hi !== NONE && o >= node!.tailHi[i3]) return hi;
  return NONE;
}

/** The pool id holding address `p`, or -1 when `p` is not inside a carved pool. */
export function poolOf(s: ObmallocState, p: number): number {
  const rel = p - s.poolTableBase;
  if (rel >= 0 && rel < s.poolTableBytes) return s.poolTable[(rel * s.invPoolSize) | 0];
  const a = arenaOf(s, p);
  if (a === NONE) return NONE;
  const slot = Math.floor((p - s.arenaFirstPool[a]) * s.invPoolSize);
  if (slot < 0 || slot >= s.arenaCarved[a]) return NONE;
  return s.nClasses + a * s.maxPoolsInArena + slot;
}

// ---------------------------------------------------------------------------------------
// Primitives. Each applies one event to the state without validating; `evolve` calls them
// directly, the public routines after validation.

/** new_arena + the linking done by allocate_from_new_pool (event ArenaAllocated). */
export function applyArenaAllocated(s: ObmallocState, arena: number, base: number): void {
  const g = s.geometry;
  const poolSize = g.profile.poolSizeBytes;
  if (s.unusedArenaObjects === NONE) {
    s.growArenas(s.maxarenas === 0 ? g.profile.initialArenaObjects : s.maxarenas * 2);
  }
  // The slot is the head of unused_arena_objects (the event names it; they agree on a valid log).
  if (s.unusedArenaObjects === arena) s.unusedArenaObjects = s.arenaNext[arena];
  else unlinkUnused(s, arena);
  s.arenaAddress[arena] = base;
  if (Number.isNaN(s.poolTableBase)) {
    // Centre the direct pool table's window on the first arena (pool aligned).
    const half = Math.floor(s.poolTableBytes / 2 / poolSize) * poolSize;
    s.poolTableBase = Math.max(0, Math.floor(base / poolSize) * poolSize - half);
  }
  arenaMapMarkUsed(s, base, arena, true);
  takeArenaBase(s, base);
  s.narenasCurrentlyAllocated += 1;
  s.ntimesArenaAllocated += 1;
  if (s.narenasCurrentlyAllocated > s.narenasHighwater) s.narenasHighwater = s.narenasCurrentlyAllocated;
  s.arenaFreepools[arena] = NONE;
  s.arenaCarved[arena] = 0;
  const excess = base % poolSize;
  let nfree = g.maxPoolsInArena;
  let first = base;
  if (excess !== 0) {
    nfree -= 1;
    first += poolSize - excess;
  }
  s.arenaFirstPool[arena] = first;
  s.arenaNfreepools[arena] = nfree;
  s.arenaNtotalpools[arena] = nfree;
  // allocate_from_new_pool: usable_arenas was empty; the new arena is the whole list.
  s.usableArenas = arena;
  s.arenaNext[arena] = NONE;
  s.arenaPrev[arena] = NONE;
  s.nfp2lasta[nfree] = arena;
}

function unlinkUnused(s: ObmallocState, arena: number): void {
  let prev = NONE;
  for (let a = s.unusedArenaObjects; a !== NONE; prev = a, a = s.arenaNext[a]) {
    if (a === arena) {
      if (prev === NONE) s.unusedArenaObjects = s.arenaNext[a];
      else s.arenaNext[prev] = s.arenaNext[a];
      return;
    }
  }
}

/**
 * The first half of allocate_from_new_pool: take a pool from arena `a` (the head of
 * usable_arenas), from its freepools if `pid` heads them, else by carving, and make it
 * the only pool of usedpools[i]. Events PoolInitialized / PoolReused.
 */
export function applyPoolTaken(s: ObmallocState, a: number, pid: number, i: number, reinit: boolean): void {
  const nfp2lasta = s.nfp2lasta;
  const nf = s.arenaNfreepools[a];
  if (nfp2lasta[nf] === a) nfp2lasta[nf] = NONE;
  if (nf > 1) nfp2lasta[nf - 1] = a;
  if (s.arenaFreepools[a] === pid) {
    s.arenaFreepools[a] = s.poolNext[pid];
  } else {
    const poolBase = s.arenaFirstPool[a] + s.arenaCarved[a] * s.poolSizeBytes;
    s.poolBase[pid] = poolBase;
    const rel = poolBase - s.poolTableBase;
    if (rel >= 0 && rel < s.poolTableBytes) s.poolTable[rel * s.invPoolSize] = pid;
    s.arenaCarved[a] += 1;
    s.poolSzidx[pid] = DUMMY_SIZE_IDX;
    // A carved pool is fresh arena memory (mmap gives zeroed pages): no stale link words,
    // so a checkpoint restore need not clear the pools a state no longer carves.
    s.links.fill(0, pid * s.unitsPerPool, (pid + 1) * s.unitsPerPool);
  }
  s.arenaNfreepools[a] = nf - 1;
  if (nf - 1 === 0) {
    const next = s.arenaNext[a];
    s.usableArenas = next;
    if (next !== NONE) s.arenaPrev[next] = NONE;
  }
  // Frontlink to used pools (the list is empty, by construction).
  s.poolDirty[pid] = 1;
  s.poolNext[pid] = i;
  s.poolPrev[pid] = i;
  s.poolNext[i] = pid;
  s.poolPrev[i] = pid;
  s.poolCount[pid] = 0;
  if (reinit) {
    // Set up so that taking one block leaves the pool as CPython's initialisation does:
    // block 0 handed out, block 1 on the free list, nextoffset at block 2.
    const size = s.geometry.blockSizeBytes[i];
    const overhead = s.profile.poolOverheadBytes;
    const u = overhead >> s.geometry.alignmentShift;
    s.poolSzidx[pid] = i;
    s.poolFreeblock[pid] = u;
    s.links[pid * s.geometry.unitsPerPool + u] = 0;
    s.poolNextoffset[pid] = overhead + size;
    s.poolMaxnextoffset[pid] = s.profile.poolSizeBytes - size;
  }
}

/**
 * pymalloc_alloc's fast path on pool `pid`: hand out its first free block; extend the
 * free list into virgin space when it runs dry (pymalloc_pool_extend). Returns the block's
 * offset in units, negated when the pool has just become full (PoolFull must follow).
 */
export function applyBlockAllocated(s: ObmallocState, pid: number): number {
  const base = pid * s.unitsPerPool;
  const links = s.links;
  s.poolDirty[pid] = 1;
  s.poolCount[pid] += 1;
  const b = s.poolFreeblock[pid];
  const next = links[base + b];
  links[base + b] = ALLOCATED;
  if (next !== 0) {
    s.poolFreeblock[pid] = next;
    return b;
  }
  const nextoffset = s.poolNextoffset[pid];
  if (nextoffset <= s.poolMaxnextoffset[pid]) {
    const u = nextoffset >> s.alignmentShift;
    s.poolFreeblock[pid] = u;
    links[base + u] = 0;
    s.poolNextoffset[pid] = nextoffset + s.geometry.blockSizeBytes[s.poolSzidx[pid]];
    return b;
  }
  s.poolFreeblock[pid] = 0;
  return -b;
}

/** pymalloc_pool_extend, no room left: unlink the full pool from usedpools (PoolFull). */
export function applyPoolFull(s: ObmallocState, pid: number): void {
  const next = s.poolNext[pid];
  const prev = s.poolPrev[pid];
  s.poolDirty[next] = 1;
  s.poolDirty[prev] = 1;
  s.poolPrev[next] = prev;
  s.poolNext[prev] = next;
}

/**
 * pymalloc_free up to insert_to_freepool: push the block on its pool's free list; a pool
 * that was full goes to the FRONT of usedpools (insert_to_usedpool). Returns true when
 * the pool is now empty (PoolFreed must follow).
 */
export function applyBlockFreed(s: ObmallocState, pid: number, unit: number): boolean {
  const last = s.poolFreeblock[pid];
  s.poolDirty[pid] = 1;
  s.links[pid * s.unitsPerPool + unit] = last;
  s.poolFreeblock[pid] = unit;
  const count = s.poolCount[pid] - 1;
  s.poolCount[pid] = count;
  if (last === 0) {
    const first = s.poolSzidx[pid];
    const next = s.poolNext[first];
    const prev = s.poolPrev[next];
    s.poolNext[pid] = next;
    s.poolPrev[pid] = prev;
    s.poolPrev[next] = pid;
    s.poolNext[prev] = pid;
    s.poolDirty[next] = 1;
    s.poolDirty[prev] = 1;
    return false;
  }
  return count === 0;
}

/**
 * insert_to_freepool: the empty pool leaves usedpools for the front of its arena's
 * freepools, and the arena moves to keep usable_arenas sorted. Returns true when the
 * arena is now wholly free and not the tail of usable_arenas (ArenaFreed must follow).
 */
export function applyPoolFreed(s: ObmallocState, pid: number): boolean {
  const nfp2lasta = s.nfp2lasta;
  const next = s.poolNext[pid];
  const prev = s.poolPrev[pid];
  s.poolPrev[next] = prev;
  s.poolNext[prev] = next;
  s.poolDirty[next] = 1;
  s.poolDirty[prev] = 1;
  s.poolDirty[pid] = 1;
  const ao = s.poolArena(pid);
  s.poolNext[pid] = s.arenaFreepools[ao];
  s.arenaFreepools[ao] = pid;
  let nf = s.arenaNfreepools[ao];
  const lastnf = nfp2lasta[nf];
  if (lastnf === ao) {
    const p = s.arenaPrev[ao];
    nfp2lasta[nf] = p !== NONE && s.arenaNfreepools[p] === nf ? p : NONE;
  }
  nf += 1;
  s.arenaNfreepools[ao] = nf;
  // Case 1: wholly free and not the last arena of the list: ArenaFreed gives it back.
  if (nf === s.arenaNtotalpools[ao] && s.arenaNext[ao] !== NONE) return true;
  // Case 2: it was full (on no list): it becomes the head.
  if (nf === 1) {
    s.arenaNext[ao] = s.usableArenas;
    s.arenaPrev[ao] = NONE;
    if (s.usableArenas !== NONE) s.arenaPrev[s.usableArenas] = ao;
    s.usableArenas = ao;
    if (nfp2lasta[1] === NONE) nfp2lasta[1] = ao;
    return false;
  }
  if (nfp2lasta[nf] === NONE) nfp2lasta[nf] = ao;
  // Case 4: it was the rightmost with the old count: still in order.
  if (ao === lastnf) return false;
  // Case 3: move it right, to just after lastnf.
  const aprev = s.arenaPrev[ao];
  const anext = s.arenaNext[ao];
  if (aprev !== NONE) s.arenaNext[aprev] = anext;
  else s.usableArenas = anext;
  s.arenaPrev[anext] = aprev;
  s.arenaPrev[ao] = lastnf;
  const after = s.arenaNext[lastnf];
  s.arenaNext[ao] = after;
  if (after !== NONE) s.arenaPrev[after] = ao;
  s.arenaNext[lastnf] = ao;
  return false;
}

/** insert_to_freepool, case 1: unlink the arena, unmap it, free its slot (ArenaFreed). */
export function applyArenaFreed(s: ObmallocState, ao: number): void {
  const prev = s.arenaPrev[ao];
  const next = s.arenaNext[ao];
  if (prev === NONE) s.usableArenas = next;
  else s.arenaNext[prev] = next;
  if (next !== NONE) s.arenaPrev[next] = prev;
  s.arenaNext[ao] = s.unusedArenaObjects;
  s.unusedArenaObjects = ao;
  const base = s.arenaAddress[ao];
  for (let slot = 0; slot < s.arenaCarved[ao]; slot++) {
    const rel = s.arenaFirstPool[ao] + slot * s.poolSizeBytes - s.poolTableBase;
    if (rel >= 0 && rel < s.poolTableBytes) s.poolTable[rel * s.invPoolSize] = NONE;
  }
  arenaMapMarkUsed(s, base, ao, false);
  s.standIn.mmapFreed.push(base);
  s.arenaAddress[ao] = 0;
  s.narenasCurrentlyAllocated -= 1;
}

export function applyRawAllocated(s: ObmallocState, address: number, requestBytes: number): void {
  s.rawBlocks.set(address, requestBytes);
  s.rawJournal?.push(address, requestBytes);
  s.rawAllocatedBlocks += 1;
  takeRawAddress(s, requestBytes);
}

export function applyRawReallocated(s: ObmallocState, oldAddress: number, address: number, requestBytes: number): void {
  s.rawBlocks.delete(oldAddress);
  s.rawBlocks.set(address, requestBytes);
  s.rawJournal?.push(oldAddress, -1, address, requestBytes);
  takeRawAddress(s, requestBytes);
}

export function applyRawFreed(s: ObmallocState, address: number): void {
  s.rawBlocks.delete(address);
  s.rawJournal?.push(address, -1);
  s.rawAllocatedBlocks -= 1;
}

// ---------------------------------------------------------------------------------------
// Validation helpers

function checkSize(n: number): void {
  if (!Number.isSafeInteger(n) || n < 0) {
    throw new ObmallocError('INVALID_SIZE', `request size must be a whole number of bytes >= 0, got ${n}`);
  }
}

function checkAddress(p: number, what: string): void {
  if (!Number.isSafeInteger(p) || p < 0 || p >= MAX_ADDRESS) {
    throw new ObmallocError('INVALID_ADDRESS', `${what} must be an address in [0, 2^52), got ${p}`);
  }
}

/** Where a new arena goes: the command's base, or the mmap stand-in's. Validated. */
function arenaBaseFor(s: ObmallocState, requested: number): number {
  const base = Number.isNaN(requested) ? nextArenaBase(s) : requested;
  checkAddress(base, 'arena base');
  const p = s.profile;
  if (base === 0 || base % p.systemPageSizeBytes !== 0) {
    throw new ObmallocError('ARENA_BASE_INVALID', `arena base ${hex(base)} is not a non-null multiple of the page size (${p.systemPageSizeBytes})`);
  }
  const last = base + p.arenaSizeBytes - 1;
  if (last >= MAX_ADDRESS || arenaOf(s, base) !== NONE || arenaOf(s, last) !== NONE) {
    throw new ObmallocError('ARENA_OVERLAP', `arena base ${hex(base)} overlaps a live arena`);
  }
  return base;
}

function rawAddressFor(s: ObmallocState, requested: number): number {
  const p = Number.isNaN(requested) ? nextRawAddress(s) : requested;
  checkAddress(p, 'raw block address');
  if (p === 0) throw new ObmallocError('INVALID_ADDRESS', 'raw allocation returned NULL: allocation failures are not modelled');
  if (s.rawBlocks.has(p)) {
    throw new ObmallocError('RAW_ADDRESS_IN_USE', `raw block ${hex(p)} is returned while it is still allocated`);
  }
  if (arenaOf(s, p) !== NONE) {
    throw new ObmallocError('RAW_ADDRESS_IN_USE', `raw block ${hex(p)} lies inside a live pymalloc arena`);
  }
  return p;
}

/**
 * The unit (offset / ALIGNMENT) of live pymalloc block `p` in pool `pid`; throws
 * FREE_OF_UNALLOCATED or DOUBLE_FREE when `p` is not the start of an allocated block.
 * Only block starts of allocated blocks hold ALLOCATED: a pool is re-initialised for
 * another class only once empty, when every mark has been overwritten by a free.
 */
function liveBlock(s: ObmallocState, p: number, pid: number, what: string): number {
  const off = (p - s.poolBase[pid]) | 0;
  const unit = off >> s.alignmentShift;
  if ((unit << s.alignmentShift) !== off || s.links[pid * s.unitsPerPool + unit] !== ALLOCATED) {
    badBlock(s, p, pid, what);
  }
  return unit;
}

function badBlock(s: ObmallocState, p: number, pid: number, what: string): never {
  const g = s.geometry;
  const poolAddr = s.poolBase[pid];
  const off = p - poolAddr;
  const szidx = s.poolSzidx[pid];
  if (s.poolCount[pid] === 0 || szidx >= g.nClasses) {
    throw new ObmallocError('FREE_OF_UNALLOCATED', `${what} of ${hex(p)}: its pool ${hex(poolAddr)} holds no allocated block`);
  }
  const size = g.blockSizeBytes[szidx];
  const overhead = s.profile.poolOverheadBytes;
  if (off < overhead || (off - overhead) % size !== 0 || off >= s.poolNextoffset[pid]) {
    throw new ObmallocError('FREE_OF_UNALLOCATED', `${what} of ${hex(p)}: not the start of an allocated ${size}-byte block`);
  }
  throw new ObmallocError('DOUBLE_FREE', `${what} of ${hex(p)}: the block is already free`);
}

// ---------------------------------------------------------------------------------------
// The calls

/**
 * pymalloc_alloc: a block of class (n-1) >> ALIGNMENT_SHIFT, from the front used pool of
 * that class, else from a new pool (allocate_from_new_pool, which may need new_arena).
 * `n` must be in 1..SMALL_REQUEST_THRESHOLD.
 */
function pymallocAlloc(s: ObmallocState, n: number, arenaBase: number, sink: EventSink | null): number {
  const i = (n - 1) >> s.alignmentShift;
  let pid = s.poolNext[i];
  if (pid === i) {
    // allocate_from_new_pool
    if (s.usableArenas === NONE) {
      const base = arenaBaseFor(s, arenaBase);
      const arena = s.unusedArenaObjects === NONE ? s.maxarenas : s.unusedArenaObjects;
      applyArenaAllocated(s, arena, base);
      if (sink !== null) {
        sink({ type: 'ArenaAllocated', arenaIndex: arena as ArenaIndex, baseAddress: base as Address, totalPools: s.arenaNtotalpools[arena] });
      }
    }
    const a = s.usableArenas;
    const free = s.arenaFreepools[a];
    const carved = free === NONE;
    pid = carved ? s.nClasses + a * s.maxPoolsInArena + s.arenaCarved[a] : free;
    const reinit = carved || s.poolSzidx[pid] !== i;
    applyPoolTaken(s, a, pid, i, reinit);
    if (sink !== null) {
      const poolAddress = s.poolBase[pid] as Address;
      sink(reinit
        ? { type: 'PoolInitialized', poolAddress, arenaIndex: a as ArenaIndex, sizeIndex: i as SizeIndex, carved }
        : { type: 'PoolReused', poolAddress, arenaIndex: a as ArenaIndex, sizeIndex: i as SizeIndex });
    }
  }
  let unit = applyBlockAllocated(s, pid);
  const full = unit < 0;
  if (full) unit = -unit;
  const address = s.poolBase[pid] + (unit << s.alignmentShift);
  if (sink !== null) {
    if (sink.blockAllocated !== undefined) sink.blockAllocated(address, i, n);
    else sink({ type: 'BlockAllocated', address: address as Address, sizeIndex: i as SizeIndex, requestBytes: n });
  }
  if (full) {
    applyPoolFull(s, pid);
    if (sink !== null) sink({ type: 'PoolFull', poolAddress: s.poolBase[pid] as Address });
  }
  return address;
}

function rawMalloc(s: ObmallocState, n: number, rawAddress: number, sink: EventSink | null): number {
  const p = rawAddressFor(s, rawAddress);
  applyRawAllocated(s, p, n);
  if (sink !== null) sink({ type: 'RawAllocated', address: p as Address, requestBytes: n });
  return p;
}

/**
 * _PyObject_Malloc: pymalloc for 1..512 bytes, else the raw allocator (0 bytes become a
 * raw malloc(1)). Returns the block's address.
 */
export function objMalloc(s: ObmallocState, n: number, arenaBase = NaN, rawAddress = NaN, sink: EventSink | null = null): number {
  if (n >= 1 && n <= s.smallRequestThresholdBytes && (n | 0) === n) return pymallocAlloc(s, n, arenaBase, sink);
  checkSize(n);
  return rawMalloc(s, n, rawAddress, sink);
}

/** _PyObject_Calloc(nelem, elsize) with n = nelem * elsize: placement is malloc's. */
export const objCalloc = objMalloc;

/** pymalloc_free's part before insert_to_freepool, plus the empty-pool and arena steps. */
function pymallocFree(s: ObmallocState, p: number, pid: number, unit: number, sink: EventSink | null): void {
  const empty = applyBlockFreed(s, pid, unit);
  if (sink !== null) {
    if (sink.blockFreed !== undefined) sink.blockFreed(p);
    else sink({ type: 'BlockFreed', address: p as Address });
  }
  if (!empty) return;
  const ao = s.poolArena(pid);
  const release = applyPoolFreed(s, pid);
  if (sink !== null) sink({ type: 'PoolFreed', poolAddress: s.poolBase[pid] as Address, arenaIndex: ao as ArenaIndex });
  if (!release) return;
  const base = s.arenaAddress[ao];
  applyArenaFreed(s, ao);
  if (sink !== null) sink({ type: 'ArenaFreed', arenaIndex: ao as ArenaIndex, baseAddress: base as Address });
}

/** _PyObject_Free: NULL is a no-op; an address outside every arena is a raw block. */
export function objFree(s: ObmallocState, p: number, sink: EventSink | null = null): void {
  if (p === 0) return;
  const pid = poolOf(s, p);
  if (pid === NONE) {
    if (!s.rawBlocks.has(p)) {
      checkAddress(p, 'free');
      throw new ObmallocError('FREE_OF_UNALLOCATED', `free of ${hex(p)}: no allocated block starts there`);
    }
    applyRawFreed(s, p);
    if (sink !== null) sink({ type: 'RawFreed', address: p as Address });
    return;
  }
  const unit = liveBlock(s, p, pid, 'free');
  pymallocFree(s, p, pid, unit, sink);
}

/**
 * _PyObject_Realloc / pymalloc_realloc: NULL reallocs like malloc; a raw block stays raw
 * (even when n <= 512); a pymalloc block stays in place when n fits its class and it
 * does not shrink by 25 % or more (4n > 3 * size); otherwise malloc(n) first, then free.
 */
export function objRealloc(s: ObmallocState, p: number, n: number, arenaBase = NaN, rawAddress = NaN, sink: EventSink | null = null): number {
  if (p === 0) return objMalloc(s, n, arenaBase, rawAddress, sink);
  checkSize(n);
  const pid = poolOf(s, p);
  if (pid === NONE) {
    if (!s.rawBlocks.has(p)) {
      checkAddress(p, 'realloc');
      throw new ObmallocError('FREE_OF_UNALLOCATED', `realloc of ${hex(p)}: no allocated block starts there`);
    }
    const q = Number.isNaN(rawAddress) ? nextRawAddress(s) : rawAddress;
    checkAddress(q, 'raw block address');
    if (q === 0) throw new ObmallocError('INVALID_ADDRESS', 'raw realloc returned NULL: allocation failures are not modelled');
    if (q !== p && (s.rawBlocks.has(q) || arenaOf(s, q) !== NONE)) {
      throw new ObmallocError('RAW_ADDRESS_IN_USE', `raw realloc returned ${hex(q)}, which is in use`);
    }
    applyRawReallocated(s, p, q, n);
    if (sink !== null) sink({ type: 'RawReallocated', oldAddress: p as Address, address: q as Address, requestBytes: n });
    return q;
  }
  const unit = liveBlock(s, p, pid, 'realloc');
  const size = s.geometry.blockSizeBytes[s.poolSzidx[pid]];
  if (n <= size && 4 * n > 3 * size) {
    if (sink !== null) sink({ type: 'BlockResized', address: p as Address, requestBytes: n });
    return p;
  }
  // malloc may move pools and arenas, but never p's pool (it holds p): pid and unit stay valid.
  const q = objMalloc(s, n, arenaBase, rawAddress, sink);
  pymallocFree(s, p, pid, unit, sink);
  return q;
}
