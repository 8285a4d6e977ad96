/**
 * The parts a checkpoint is made of, and how each is written and read: pool records
 * (restored from a per-class template of link words plus the free list), the globals
 * (arena vector, list heads, counters, stand-ins, arena map), the raw-block sets and
 * changes, and pool vectors. CheckpointStore puts them together.
 */
import { AddressTable } from './AddressTable.js';
import { Bytes, CodecError, Reader } from './log/bytes.js';
import { ALLOCATED, NONE, type ArenaMapNode, type ObmallocState } from './state.js';

/**
 * A pool record: (szidx << 1 | explicit), nextoffset, next + 1, prev + 1, then for a pool
 * of a size class its free list (length, then the units as zigzag deltas). count,
 * freeblock and maxnextoffset follow from the rest (count = carved blocks - free list
 * length, freeblock = the list's head, maxnextoffset = POOL_SIZE - block size, as
 * init_pool sets it); where they do not (a pool never initialised) they are written out
 * and `explicit` is set.
 */
export function encodePool(s: ObmallocState, pid: number, b: Bytes): void {
  const g = s.geometry;
  const szidx = s.poolSzidx[pid];
  const base = pid * g.unitsPerPool;
  let n = 0;
  let explicit = szidx >= g.nClasses;
  if (!explicit) {
    for (let u = s.poolFreeblock[pid]; u !== 0 && n <= g.unitsPerPool; u = s.links[base + u]) n++;
    const size = g.blockSizeBytes[szidx];
    const carved = Math.max(0, Math.floor((s.poolNextoffset[pid] - s.profile.poolOverheadBytes + size - 1) / size));
    explicit = s.poolCount[pid] !== carved - n || s.poolMaxnextoffset[pid] !== s.poolSizeBytes - size;
  }
  b.varuint(szidx * 2 + (explicit ? 1 : 0));
  b.varuint(s.poolNextoffset[pid]);
  b.varuint(s.poolNext[pid] + 1);
  b.varuint(s.poolPrev[pid] + 1);
  if (explicit) {
    b.varuint(s.poolCount[pid]);
    b.varuint(s.poolFreeblock[pid]);
    b.varuint(s.poolMaxnextoffset[pid]);
  }
  if (szidx < g.nClasses) {
    // The free list, in order, as alignment units: deltas (LIFO lists are mostly runs of +-1 block)
    b.varuint(n);
    let prev = 0;
    for (let u = s.poolFreeblock[pid]; u !== 0 && n-- > 0; u = s.links[base + u]) {
      b.varint(u - prev);
      prev = u;
    }
  }
}

/** Skips one pool record (for finding where each version starts). */
export function skipPool(r: Reader, nClasses: number): void {
  const head = r.varuint();
  const szidx = Math.floor(head / 2);
  for (let k = 0; k < ((head & 1) === 1 ? 6 : 3); k++) r.varuint();
  if (szidx < nClasses) {
    const n = r.varuint();
    for (let k = 0; k < n; k++) r.varuint();
  }
}

/**
 * Link words of a pool whose blocks below nextoffset are all allocated, per size class:
 * ALLOCATED at each block start, 0 elsewhere. Restoring a pool copies a prefix of it (a
 * native copy) and then writes only the free list.
 */
const templates = new WeakMap<object, Int16Array[]>();

export function linkTemplates(s: ObmallocState): Int16Array[] {
  let t = templates.get(s.geometry);
  if (t === undefined) {
    const g = s.geometry;
    t = [];
    for (let c = 0; c < g.nClasses; c++) {
      const links = new Int16Array(g.unitsPerPool);
      const step = g.blockSizeBytes[c] >> g.alignmentShift;
      for (let u = s.profile.poolOverheadBytes >> g.alignmentShift; u < g.unitsPerPool; u += step) links[u] = ALLOCATED;
      t.push(links);
    }
    templates.set(s.geometry, t);
  }
  return t;
}

export function decodePool(s: ObmallocState, pid: number, r: Reader, templ: Int16Array[]): void {
  const rb = r.buf, re = r.end;
  at = r.pos;
  const head = vu(rb, re);
  const szidx = head >>> 1;
  s.poolSzidx[pid] = szidx;
  const nextoffset = vu(rb, re);
  s.poolNextoffset[pid] = nextoffset;
  s.poolNext[pid] = vu(rb, re) - 1;
  s.poolPrev[pid] = vu(rb, re) - 1;
  const explicit = (head & 1) === 1;
  if (explicit) {
    s.poolCount[pid] = vu(rb, re);
    s.poolFreeblock[pid] = vu(rb, re);
    s.poolMaxnextoffset[pid] = vu(rb, re);
  }
  r.pos = at;
  const upp = s.unitsPerPool;
  const base = pid * upp;
  const links = s.links;
  if (szidx < templ.length) {
    const used = Math.min(upp, nextoffset >> s.alignmentShift);
    links.set(templ[szidx], base);
    if (used < upp) links.fill(0, base + used, base + upp);
    at = r.pos;
    const n = vu(rb, re);
    // the free list: zigzag deltas, decoded inline (this loop is most of a restore)
    let pos = at;
    let prev = -1, u = 0, first = 0;
    for (let k = 0; k < n; k++) {
      let z = pos < re ? rb[pos++] : 255;
      if (z >= 128) {
        z &= 127;
        let mul = 128;
        for (;;) {
          if (pos >= re || mul > 2 ** 49) throw new CodecError('a free list ends inside a varint');
          const b = rb[pos++];
          z += (b & 127) * mul;
          if (b < 128) break;
          mul *= 128;
        }
      }
      u += (z >>> 1) ^ -(z & 1); // zigzag; unit deltas are far below 2^31
      if (prev >= 0) links[base + prev] = u;
      else first = u;
      prev = u;
    }
    r.pos = pos;
    if (prev >= 0) links[base + prev] = 0;
    if (!explicit) {
      const size = s.geometry.blockSizeBytes[szidx];
      s.poolCount[pid] = Math.max(0, Math.floor((nextoffset - s.profile.poolOverheadBytes + size - 1) / size)) - n;
      s.poolFreeblock[pid] = first;
      s.poolMaxnextoffset[pid] = s.poolSizeBytes - size;
    }
  } else links.fill(0, base, base + upp);
}

export function encodeGlobals(s: ObmallocState): Bytes {
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
  return gl;
}

/** Reads the globals into `s` (whose arrays may be reused) and rebuilds the arena map and pool table. */
export function decodeGlobals(s: ObmallocState, r: Reader): void {
  const g = s.geometry;
  const maxarenas = r.varuint();
  // Clear the arena-map entries the state's own arenas set (not whole nodes: they are large)
  // and their pools' entries in the direct pool table.
  {
    const size = s.profile.arenaSizeBytes;
    const botSpan = g.arenaMapBotSpanBytes;
    for (let a = 0; a < s.maxarenas; a++) {
      const base = s.arenaAddress[a];
      if (base === 0) continue;
      const ideal = Math.floor(base / size) * size;
      for (const at of [ideal, ideal + size]) {
        const node = s.arenaMapBot.get(Math.floor(at / botSpan));
        if (node === undefined) continue;
        const i = (at % botSpan) / size;
        node.hiArena[i] = NONE; node.loArena[i] = NONE; node.tailHi[i] = 0; node.tailLo[i] = 0;
      }
      for (let slot = 0; slot < s.arenaCarved[a]; slot++) {
        const rel = s.arenaFirstPool[a] + slot * s.poolSizeBytes - s.poolTableBase;
        if (rel >= 0 && rel < s.poolTableBytes) s.poolTable[rel / s.poolSizeBytes] = NONE;
      }
    }
  }
  s.standIn.mmapFreed.length = 0;
  s.arenaMapMidKeys.clear();
  s.arenaMapCacheKey = -1;
  s.arenaMapCacheNode = null;
  // Arrays long enough already (a state reused for restores) are only re-bounded: every
  // arena field below maxarenas is written here, and the pools by the restore.
  if (maxarenas > s.arenaAddress.length) s.growArenas(maxarenas);
  else s.maxarenas = maxarenas;
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
    } else {
      s.arenaFirstPool[a] = 0;
      s.arenaCarved[a] = 0;
      s.arenaNfreepools[a] = 0;
      s.arenaNtotalpools[a] = 0;
      s.arenaFreepools[a] = NONE;
      s.arenaPrev[a] = NONE;
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
    if (node === undefined) {
      node = { hiArena: new Int32Array(n).fill(NONE), tailHi: new Int32Array(n), loArena: new Int32Array(n).fill(NONE), tailLo: new Int32Array(n) } satisfies ArenaMapNode;
    }
    s.arenaMapBot.set(key, node);
  }
  for (let i = 0; i < g.nClasses; i++) {
    s.poolNext[i] = r.varuint();
    s.poolPrev[i] = r.varuint();
  }
  // The arena map and the direct pool table of every live arena.
  const size = s.profile.arenaSizeBytes;
  const botSpan = g.arenaMapBotSpanBytes;
  for (let a = 0; a < maxarenas; a++) {
    const base = s.arenaAddress[a];
    if (base === 0) continue;
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
    for (let slot = 0; slot < s.arenaCarved[a]; slot++) {
      const pid = s.poolId(a, slot);
      const poolBase = s.arenaFirstPool[a] + slot * s.poolSizeBytes;
      s.poolBase[pid] = poolBase;
      const rel = poolBase - s.poolTableBase;
      if (rel >= 0 && rel < s.poolTableBytes) s.poolTable[rel / s.poolSizeBytes] = pid;
    }
  }
}

export function encodeRawFull(table: AddressTable): Uint8Array {
  const raw = new Bytes();
  const entries = [...table.entries()].sort((x, y) => x[0] - y[0]);
  raw.u8(1);
  raw.varuint(entries.length);
  let last = 0;
  for (const [address, bytes] of entries) {
    raw.varuint(address - last);
    raw.varuint(bytes);
    last = address;
  }
  return raw.view().slice();
}

/** Changes as (address, bytes) pairs, bytes -1 = removed. */
export function encodeRawDelta(journal: readonly number[]): Uint8Array {
  const d = new Bytes();
  d.u8(0);
  d.varuint(journal.length / 2);
  for (let k = 0; k < journal.length; k += 2) {
    d.varuint(journal[k]);
    d.varuint(journal[k + 1] + 1);
  }
  return d.view().slice();
}

export function applyRaw(table: AddressTable, bytes: Uint8Array): void {
  const end = bytes.length;
  at = 0;
  if (vu(bytes, end) === 1) {
    table.clear();
    const n = vu(bytes, end);
    let last = 0;
    for (let k = 0; k < n; k++) {
      last += vu(bytes, end);
      table.insertNew(last, vu(bytes, end)); // a full set: ascending, distinct addresses
    }
    return;
  }
  const n = vu(bytes, end);
  for (let k = 0; k < n; k++) {
    const address = vu(bytes, end);
    const size = vu(bytes, end) - 1;
    if (size < 0) table.delete(address);
    else table.set(address, size);
  }
}

/**
 * A LEB128 reader for the restore loops, without an object per read: `at` is the
 * position, advanced by `vu`. One-byte values (nearly all) take one load and a compare;
 * the others go through a bounds-checked Reader.
 */
let at = 0;
function vu(buf: Uint8Array, end: number): number {
  let b = at < end ? buf[at] : 255;
  if (b < 128) {
    at++;
    return b;
  }
  let x = 0, mul = 1;
  for (let i = 0; i < 8; i++) {
    if (at >= end) throw new CodecError('checkpoint data ends inside a varint');
    b = buf[at++];
    x += (b & 127) * mul;
    if (b < 128) return x;
    mul *= 128;
  }
  throw new CodecError('varint longer than 8 bytes');
}

/** Applies a pool-vector part to `scratch` (grown as needed, new entries `clean`); returns it. */
export function applyVector(scratch: Int32Array, bytes: Uint8Array, clean: number): Int32Array {
  const end = bytes.length;
  at = 1;
  const n = vu(bytes, end);
  let pid = 0;
  for (let e = 0; e < n; e++) {
    pid += vu(bytes, end);
    const v = vu(bytes, end) - 1;
    if (pid >= scratch.length) {
      const grown = new Int32Array(Math.max(pid + 1, scratch.length * 2)).fill(clean);
      grown.set(scratch);
      scratch = grown;
    }
    scratch[pid] = v;
  }
  return scratch;
}
