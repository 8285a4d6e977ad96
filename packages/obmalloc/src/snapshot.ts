/**
 * Checkpoints of the allocator state that cost only what changed since the previous
 * one: the "copy-on-write pages" of the architecture, with a pool as the page.
 *
 * A snapshot holds the small global part (arena vector, list heads, counters, the raw
 * blocks, the stand-ins) in full, compactly encoded, and one record per pool. Records of
 * pools that did not change since the previous snapshot (state.poolDirty) are shared with
 * it, by reference, a whole arena's worth at a time. A pool record keeps only what has
 * meaning: the header, and for the blocks below nextoffset, the free list in order (every
 * other carved block is allocated). Free-list link words of allocated or virgin blocks
 * are garbage in CPython and are not kept, so a restored state equals the original
 * under `diffStates(a, b, { semantic: true })`.
 */
import { AddressTable } from './AddressTable.js';
import { Bytes, Reader } from './log/bytes.js';
import { ALLOCATED, DUMMY_SIZE_IDX, NONE, ObmallocState, type ArenaMapNode } from './state.js';
import type { Profile } from './profile.js';

export interface Snapshot {
  readonly profile: Profile;
  /** Arena vector, heads, nfp2lasta, counters, stand-ins, arena-map keys, sentinels. */
  readonly globals: Uint8Array;
  /**
   * Live raw blocks: a full set (sorted, delta-encoded) every RAW_FULL_EVERY snapshots,
   * and between them the changes since it, one delta per snapshot (shared by reference).
   */
  readonly rawFull: Uint8Array;
  readonly rawDeltas: readonly Uint8Array[];
  /**
   * Per arena slot: the records of its carved pools, length-prefixed, in one block
   * (compressed if a compressor was given); undefined for slots without an arena. A block
   * whose arena did not change since the previous snapshot is that snapshot's, shared.
   */
  readonly arenas: readonly (ArenaBlock | undefined)[];
  /** Bytes this snapshot added (records it shares with the previous one are not counted). */
  readonly ownBytes: number;
}

export interface ArenaBlock {
  readonly carved: number;
  /**
   * Compressed pool records: of every carved pool (a full block, `base` null), or only of
   * the pools in `slots` that changed since `base` (a delta block, at most
   * MAX_DELTA_DEPTH deep).
   */
  readonly bytes: Uint8Array;
  readonly base: ArenaBlock | null;
  readonly slots: Uint16Array | null;
  readonly depth: number;
}

/** Longest chain of delta blocks before a full one is written again. */
const MAX_DELTA_DEPTH = 3;

/** Optional compression of snapshot parts (node:zlib's deflateRawSync / inflateRawSync, say). */
export interface SnapshotCompression {
  compress(bytes: Uint8Array): Uint8Array;
  decompress(bytes: Uint8Array): Uint8Array;
}
const IDENTITY: SnapshotCompression = { compress: (b) => b, decompress: (b) => b };

/** A full raw-block set every this many snapshots; deltas in between. */
const RAW_FULL_EVERY = 16;

function encodePool(s: ObmallocState, pid: number, b: Bytes): void {
  const g = s.geometry;
  const szidx = s.poolSzidx[pid];
  b.varuint(s.poolCount[pid]);
  b.varuint(s.poolFreeblock[pid]);
  b.varuint(s.poolNextoffset[pid]);
  b.varuint(s.poolMaxnextoffset[pid]);
  b.varuint(szidx);
  b.varuint(s.poolNext[pid] + 1);
  b.varuint(s.poolPrev[pid] + 1);
  if (szidx < g.nClasses) {
    // The free list, in order, as alignment units.
    const base = pid * g.unitsPerPool;
    let n = 0;
    for (let u = s.poolFreeblock[pid]; u !== 0 && n <= g.unitsPerPool; u = s.links[base + u]) n++;
    b.varuint(n);
    // units as deltas from the previous one: LIFO free lists are mostly runs of +-1 block
    let prev = 0;
    for (let u = s.poolFreeblock[pid]; u !== 0 && n-- > 0; u = s.links[base + u]) {
      b.varint(u - prev);
      prev = u;
    }
  }
}

function decodePool(s: ObmallocState, pid: number, r: Reader): void {
  const g = s.geometry;
  s.poolCount[pid] = r.varuint();
  s.poolFreeblock[pid] = r.varuint();
  s.poolNextoffset[pid] = r.varuint();
  s.poolMaxnextoffset[pid] = r.varuint();
  const szidx = r.varuint();
  s.poolSzidx[pid] = szidx;
  s.poolNext[pid] = r.varuint() - 1;
  s.poolPrev[pid] = r.varuint() - 1;
  if (szidx < g.nClasses) {
    const base = pid * g.unitsPerPool;
    const links = s.links;
    const size = g.blockSizeBytes[szidx];
    const overhead = s.profile.poolOverheadBytes;
    for (let off = overhead; off < s.poolNextoffset[pid]; off += size) links[base + (off >> g.alignmentShift)] = ALLOCATED;
    const n = r.varuint();
    let prev = -1, u = 0;
    for (let k = 0; k < n; k++) {
      u += r.varint();
      if (prev >= 0) links[base + prev] = u;
      prev = u;
    }
    if (prev >= 0) links[base + prev] = 0;
  }
}

/** Take a snapshot, sharing unchanged pool records with `previous`. Clears poolDirty. */
export function takeSnapshot(s: ObmallocState, previous: Snapshot | null, compression: SnapshotCompression = IDENTITY): Snapshot {
  const g = s.geometry;
  const gl = new Bytes();
  gl.varuint(s.maxarenas);
  for (let a = 0; a < s.maxarenas; a++) {
    gl.varuint(s.arenaAddress[a]);
    if (s.arenaAddress[a] !== 0) {
      gl.varuint(s.arenaFirstPool[a]);
      gl.varuint(s.arenaCarved[a]);
      gl.varuint(s.arenaNfreepools[a]);
      gl.varuint(s.arenaNtotalpools[a]);
      gl.varuint(s.arenaFreepools[a] + 1);
      gl.varuint(s.arenaPrev[a] + 1);
    }
    gl.varuint(s.arenaNext[a] + 1);
  }
  gl.varuint(s.usableArenas + 1);
  gl.varuint(s.unusedArenaObjects + 1);
  for (let n = 0; n < s.nfp2lasta.length; n++) gl.varuint(s.nfp2lasta[n] + 1);
  gl.varuint(s.narenasCurrentlyAllocated);
  gl.varuint(s.ntimesArenaAllocated);
  gl.varuint(s.narenasHighwater);
  gl.varuint(s.rawAllocatedBlocks);
  gl.varuint(Number.isNaN(s.poolTableBase) ? 0 : s.poolTableBase + 1);
  gl.varuint(s.standIn.mmapFresh);
  gl.varuint(s.standIn.rawNext);
  gl.varuint(s.standIn.mmapFreed.length);
  for (const base of s.standIn.mmapFreed) gl.varuint(base);
  gl.varuint(s.arenaMapMidKeys.size);
  for (const k of s.arenaMapMidKeys) gl.varuint(k);
  gl.varuint(s.arenaMapBot.size);
  for (const k of s.arenaMapBot.keys()) gl.varuint(k);
  for (let i = 0; i < g.nClasses; i++) {
    gl.varuint(s.poolNext[i]);
    gl.varuint(s.poolPrev[i]);
  }
  let rawFull: Uint8Array;
  let rawDeltas: Uint8Array[];
  let ownBytes = gl.length;
  if (previous !== null && s.rawJournal !== null && previous.rawDeltas.length < RAW_FULL_EVERY) {
    const d = new Bytes();
    const j = s.rawJournal;
    d.varuint(j.length / 2);
    for (let k = 0; k < j.length; k += 2) {
      d.varuint(j[k]);
      d.varuint(j[k + 1] + 1);
    }
    rawFull = previous.rawFull;
    const delta = compression.compress(d.view()).slice();
    rawDeltas = [...previous.rawDeltas, delta];
    ownBytes += delta.length + 8 * rawDeltas.length;
  } else {
    const raw = new Bytes();
    const entries = [...s.rawBlocks.entries()].sort((x, y) => x[0] - y[0]);
    raw.varuint(entries.length);
    let last = 0;
    for (const [address, bytes] of entries) {
      raw.varuint(address - last);
      raw.varuint(bytes);
      last = address;
    }
    rawFull = compression.compress(raw.view()).slice();
    rawDeltas = [];
    ownBytes += rawFull.length;
  }
  s.rawJournal = [];
  const arenas: (ArenaBlock | undefined)[] = [];
  const block = new Bytes();
  for (let a = 0; a < s.maxarenas; a++) {
    if (s.arenaAddress[a] === 0) {
      arenas.push(undefined);
      continue;
    }
    const prev = previous?.arenas[a];
    let changed = prev === undefined || prev.carved !== s.arenaCarved[a];
    for (let slot = 0; slot < s.arenaCarved[a] && !changed; slot++) if (s.poolDirty[s.poolId(a, slot)]) changed = true;
    if (!changed) {
      arenas.push(prev);
      continue;
    }
    const carved = s.arenaCarved[a];
    const dirty: number[] = [];
    for (let slot = 0; slot < carved; slot++) if (s.poolDirty[s.poolId(a, slot)] || prev === undefined || slot >= prev.carved) dirty.push(slot);
    block.reset();
    if (prev !== undefined && prev.depth < MAX_DELTA_DEPTH && dirty.length * 2 < carved) {
      for (const slot of dirty) encodePool(s, s.poolId(a, slot), block);
      const bytes = compression.compress(block.view()).slice();
      const slots = Uint16Array.from(dirty);
      ownBytes += bytes.length + slots.byteLength + 32;
      arenas.push({ carved, bytes, base: prev, slots, depth: prev.depth + 1 });
    } else {
      for (let slot = 0; slot < carved; slot++) encodePool(s, s.poolId(a, slot), block);
      const bytes = compression.compress(block.view()).slice();
      ownBytes += bytes.length + 32;
      arenas.push({ carved, bytes, base: null, slots: null, depth: 0 });
    }
  }
  s.poolDirty.fill(0);
  const globals = compression.compress(gl.view()).slice();
  ownBytes += globals.length - gl.length;
  return { profile: s.profile, globals, rawFull, rawDeltas, arenas, ownBytes };
}

/**
 * A state equal (semantically) to the one the snapshot was taken of: `into` (of the same
 * profile) is overwritten and returned, reusing its arrays, else a fresh state is made.
 */
export function restoreSnapshot(snap: Snapshot, into?: ObmallocState, compression: SnapshotCompression = IDENTITY): ObmallocState {
  const reuse = into !== undefined && into.profile === snap.profile;
  const s = reuse ? into : new ObmallocState(snap.profile);
  const g = s.geometry;
  const r = new Reader(compression.decompress(snap.globals));
  const maxarenas = r.varuint();
  // Arenas whose pools `into` already holds as the snapshot has them (the same block was
  // restored last, and no pool of the arena changed since) are not decoded again.
  const loaded = reuse ? s.restoredBlocks : null;
  const keep = new Uint8Array(maxarenas);
  // Slots that held an arena in `into`: if the snapshot has none there, their pools are
  // wiped below, so that no stale allocated mark outlives them.
  const wasLive = reuse ? s.arenaAddress.slice(0, Math.min(maxarenas, s.maxarenas)) : new Float64Array(0);
  if (reuse) {
    if (loaded !== null) {
      for (let a = 0; a < Math.min(maxarenas, s.maxarenas, loaded.length); a++) {
        const b = snap.arenas[a];
        if (b === undefined || b !== loaded[a]) continue;
        let clean = true;
        const first = s.poolId(a, 0);
        for (let p = first; p < first + s.maxPoolsInArena && clean; p++) if (s.poolDirty[p]) clean = false;
        if (clean) keep[a] = 1;
      }
    }
    s.poolTable.fill(NONE);
    s.standIn.mmapFreed.length = 0;
    s.arenaMapMidKeys.clear();
    s.arenaMapCacheKey = -1;
    s.arenaMapCacheNode = null;
    if (maxarenas > s.maxarenas) s.growArenas(maxarenas);
    else s.maxarenas = maxarenas;
  } else if (maxarenas > 0) s.growArenas(maxarenas);
  for (let a = 0; a < maxarenas; a++) {
    const address = r.varuint();
    s.arenaAddress[a] = address;
    if (address !== 0) {
      s.arenaFirstPool[a] = r.varuint();
      s.arenaCarved[a] = r.varuint();
      s.arenaNfreepools[a] = r.varuint();
      s.arenaNtotalpools[a] = r.varuint();
      s.arenaFreepools[a] = r.varuint() - 1;
      s.arenaPrev[a] = r.varuint() - 1;
    }
    s.arenaNext[a] = r.varuint() - 1;
  }
  s.usableArenas = r.varuint() - 1;
  s.unusedArenaObjects = r.varuint() - 1;
  for (let n = 0; n < s.nfp2lasta.length; n++) s.nfp2lasta[n] = r.varuint() - 1;
  s.narenasCurrentlyAllocated = r.varuint();
  s.ntimesArenaAllocated = r.varuint();
  s.narenasHighwater = r.varuint();
  s.rawAllocatedBlocks = r.varuint();
  const ptb = r.varuint();
  s.poolTableBase = ptb === 0 ? NaN : ptb - 1;
  s.standIn.mmapFresh = r.varuint();
  s.standIn.rawNext = r.varuint();
  const nFreed = r.varuint();
  for (let k = 0; k < nFreed; k++) s.standIn.mmapFreed.push(r.varuint());
  const nMid = r.varuint();
  for (let k = 0; k < nMid; k++) s.arenaMapMidKeys.add(r.varuint());
  const nBot = r.varuint();
  const n = 1 << s.profile.arenaMapBits.bot;
  const old = s.arenaMapBot;
  s.arenaMapBot = new Map();
  for (let k = 0; k < nBot; k++) {
    const key = r.varuint();
    let node = old.get(key);
    if (node === undefined) node = { hiArena: new Int32Array(n), tailHi: new Int32Array(n), loArena: new Int32Array(n), tailLo: new Int32Array(n) } satisfies ArenaMapNode;
    node.hiArena.fill(NONE); node.loArena.fill(NONE); node.tailHi.fill(0); node.tailLo.fill(0);
    s.arenaMapBot.set(key, node);
  }
  for (let i = 0; i < g.nClasses; i++) {
    s.poolNext[i] = r.varuint();
    s.poolPrev[i] = r.varuint();
  }
  const rr = new Reader(compression.decompress(snap.rawFull));
  const nRaw = rr.varuint();
  if (reuse) s.rawBlocks.clear();
  else s.rawBlocks = new AddressTable(nRaw);
  let last = 0;
  for (let k = 0; k < nRaw; k++) {
    last += rr.varuint();
    s.rawBlocks.set(last, rr.varuint());
  }
  for (const delta of snap.rawDeltas) {
    const d = new Reader(compression.decompress(delta));
    const n = d.varuint();
    for (let k = 0; k < n; k++) {
      const address = d.varuint();
      const bytes = d.varuint() - 1;
      if (bytes < 0) s.rawBlocks.delete(address);
      else s.rawBlocks.set(address, bytes);
    }
  }
  // Pools, the arena map and the direct pool table of every live arena.
  const size = s.profile.arenaSizeBytes;
  const botSpan = g.arenaMapBotSpanBytes;
  for (let a = 0; a < maxarenas; a++) {
    const base = s.arenaAddress[a];
    if (base === 0) {
      if (a < wasLive.length && wasLive[a] !== 0) {
        const firstPid = s.poolId(a, 0);
        s.links.fill(0, firstPid * g.unitsPerPool, (firstPid + s.maxPoolsInArena) * g.unitsPerPool);
        s.poolSzidx.fill(DUMMY_SIZE_IDX, firstPid, firstPid + s.maxPoolsInArena);
        s.poolCount.fill(0, firstPid, firstPid + s.maxPoolsInArena);
      }
      continue;
    }
    const ideal = Math.floor(base / size) * size;
    const tail = base - ideal;
    const hi = s.arenaMapBot.get(Math.floor(base / botSpan))!;
    hi.hiArena[(ideal % botSpan) / size] = a;
    hi.tailHi[(ideal % botSpan) / size] = tail;
    if (tail !== 0) {
      const next = ideal + size;
      const lo = s.arenaMapBot.get(Math.floor(next / botSpan))!;
      lo.loArena[(next % botSpan) / size] = a;
      lo.tailLo[(next % botSpan) / size] = tail;
    }
    const blk = snap.arenas[a];
    const carved = blk?.carved ?? 0;
    for (let slot = 0; slot < carved; slot++) {
      const pid = s.poolId(a, slot);
      const poolBase = s.arenaFirstPool[a] + slot * s.poolSizeBytes;
      s.poolBase[pid] = poolBase;
      const rel = poolBase - s.poolTableBase;
      if (rel >= 0 && rel < s.poolTableBytes) s.poolTable[rel / s.poolSizeBytes] = pid;
    }
    if (keep[a]) continue;
    // Clean slate for the arena's pools (no stale allocated marks), then the full block,
    // then each delta on top of it, oldest first.
    const firstPid = s.poolId(a, 0);
    s.links.fill(0, firstPid * g.unitsPerPool, (firstPid + s.maxPoolsInArena) * g.unitsPerPool);
    for (let slot = carved; slot < s.maxPoolsInArena; slot++) {
      const pid = s.poolId(a, slot);
      s.poolSzidx[pid] = DUMMY_SIZE_IDX;
      s.poolCount[pid] = 0;
    }
    const chain: ArenaBlock[] = [];
    for (let b: ArenaBlock | null = blk ?? null; b !== null; b = b.base) chain.push(b);
    for (let c = chain.length - 1; c >= 0; c--) {
      const b = chain[c];
      const pr = new Reader(compression.decompress(b.bytes));
      if (b.slots === null) for (let slot = 0; slot < b.carved; slot++) decodePool(s, s.poolId(a, slot), pr);
      else for (const slot of b.slots) decodePool(s, s.poolId(a, slot), pr);
    }
  }
  s.poolDirty.fill(0);
  s.rawJournal = [];
  s.restoredBlocks = snap.arenas.slice();
  return s;
}
