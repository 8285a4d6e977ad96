/**
 * Checkpoints of the allocator state that cost only what changed, and restore by
 * rewriting only the pools that differ: the "copy-on-write pages" of the architecture,
 * with a pool as the page and each page version stored once.
 *
 * A checkpoint is three small parts and a vector:
 *   globals   the arena vector, list heads, nfp2lasta, counters, stand-ins, arena-map
 *             keys, the usedpools sentinels (compressed when a compressor is given)
 *   raw       the live raw (malloc) blocks: the whole set at the first checkpoint of
 *             each group of GROUP, the changes since the previous checkpoint in between
 *   vector    pool id -> pool version, for every carved pool: the whole vector every
 *             group's first checkpoint, the entries that changed in between; a group's
 *             parts are one compressed blob (alike, they compress well together)
 * A pool version is one pool's record (its header and its free list in order; the other
 * blocks below nextoffset are allocated), written once when the pool was dirty at a
 * checkpoint (state.poolDirty, one byte store in the primitives) and shared by every
 * later checkpoint until the pool changes again.
 *
 *   operation       cost
 *   take(state)     the globals, the raw-block journal, one record per dirty pool
 *   restore(i, s)   the globals, and one record per pool whose version in `s` differs
 *                   from checkpoint i's (s.poolVersion, kept while the pool is clean);
 *                   random seeks rewrite most pools, seeks near the last one few
 *   select(kept)    a store of some of the checkpoints only (versions no kept
 *                   checkpoint uses are dropped): how a timeline fits a memory budget
 *
 * Free-list link words of allocated or virgin blocks are garbage in CPython too and are
 * not kept, so a restored state equals the original under diffStates(…, {semantic}).
 * Only block starts of allocated blocks hold ALLOCATED (pymalloc's bad-free check relies
 * on it), so a decoded pool's links are cleared first.
 */
import { AddressTable } from './AddressTable.js';
import {
  applyRaw, applyVector, decodeGlobals, decodePool, encodeGlobals, encodePool, encodeRawDelta, encodeRawFull, linkTemplates, skipPool,
} from './checkpointParts.js';
import { Bytes, CodecError, Reader } from './log/bytes.js';
import { geometryOf, type Profile } from './profile.js';
import { ObmallocState } from './state.js';

/** Optional compression of the checkpoint groups (node:zlib's deflateRawSync / inflateRawSync, say). */
export interface SnapshotCompression {
  compress(bytes: Uint8Array): Uint8Array;
  decompress(bytes: Uint8Array): Uint8Array;
}
const IDENTITY: SnapshotCompression = { compress: (b) => b, decompress: (b) => b };

/**
 * Checkpoints per group: a group's first checkpoint has the whole raw-block set and the
 * whole pool vector, the others the changes since the previous one; a group's parts are
 * stored (compressed) as one blob, so a restore reads one group.
 */
const GROUP = 16;
/** Decoded groups kept. */
const GROUPS_CACHED = 4;
/** poolVersion of a pool whose content is not known to match any version. */
const UNKNOWN = -2;
/** poolVersion / vector entry of a pool that is not carved (clean: no class, no links). */
const CLEAN = -1;

/** A growable Int32Array. */
class Ints {
  a = new Int32Array(1024);
  length = 0;
  push(x: number): void {
    if (this.length === this.a.length) {
      const b = new Int32Array(this.a.length * 2);
      b.set(this.a);
      this.a = b;
    }
    this.a[this.length++] = x;
  }
}

interface CheckpointParts {
  readonly globals: Uint8Array;
  readonly raw: Uint8Array;
  /** Flag byte (1 full, 0 changes), count, then (pool id, version + 1) pairs. */
  readonly vector: Uint8Array;
}

/** A pool vector part: flag (1 whole, 0 changes), count, (pool id delta, version + 1) pairs. */
function encodeVector(full: boolean, changes: readonly number[]): Uint8Array {
  const b = new Bytes();
  b.u8(full ? 1 : 0);
  b.varuint(changes.length / 2);
  let last = 0;
  for (let k = 0; k < changes.length; k += 2) {
    b.varuint(changes[k] - last);
    b.varuint(changes[k + 1]);
    last = changes[k];
  }
  return b.view().slice();
}

function encodeParts(parts: readonly CheckpointParts[]): Uint8Array {
  const b = new Bytes();
  b.varuint(parts.length);
  for (const p of parts) {
    for (const part of [p.globals, p.raw, p.vector]) {
      b.varuint(part.length);
      b.bytes(part);
    }
  }
  return b.view().slice();
}

function decodeParts(bytes: Uint8Array): CheckpointParts[] {
  const r = new Reader(bytes);
  const n = r.varuint();
  if (n > GROUP) throw new CodecError(`a checkpoint group holds ${n} checkpoints (at most ${GROUP})`);
  const out: CheckpointParts[] = [];
  const take = (): Uint8Array => {
    const sub = r.take(r.varuint());
    return bytes.subarray(sub.pos, sub.end);
  };
  for (let i = 0; i < n; i++) out.push({ globals: take(), raw: take(), vector: take() });
  if (!r.done) throw new CodecError('trailing bytes in a checkpoint group');
  return out;
}

export class CheckpointStore {
  readonly profile: Profile;
  private readonly compression: SnapshotCompression;
  /** Pool records, one after another; version v starts at versionStart[v]. */
  private records = new Bytes();
  private readonly versionStart = new Ints();
  /** Whole groups of GROUP checkpoints, each one blob (compressed). */
  private readonly groups: Uint8Array[] = [];
  /** The checkpoints of the group being filled. */
  private pending: CheckpointParts[] = [];
  /** Decoded groups, least recently used first. */
  private readonly groupCache = new Map<number, CheckpointParts[]>();
  /** Building: the version of each pool id at the last take (CLEAN if not carved). */
  private current = new Int32Array(0);
  /** Restoring: scratch vector. */
  private scratch: Int32Array = new Int32Array(0);
  private scratchFor = -1;

  constructor(profile: Profile, compression: SnapshotCompression = IDENTITY) {
    this.profile = profile;
    this.compression = compression;
  }

  get count(): number {
    return this.groups.length * GROUP + this.pending.length;
  }
  get versionCount(): number {
    return this.versionStart.length;
  }
  /** Bytes held: pool records and the checkpoint groups (a cache of decoded groups apart). */
  get byteLength(): number {
    let n = this.records.length + 4 * this.versionStart.length;
    for (const g of this.groups) n += g.byteLength + 16;
    for (const p of this.pending) n += p.globals.byteLength + p.raw.byteLength + p.vector.byteLength + 24;
    return n;
  }

  private push(parts: CheckpointParts): void {
    this.pending.push(parts);
    if (this.pending.length === GROUP) this.seal();
  }

  private seal(): void {
    if (this.pending.length === 0) return;
    this.groups.push(this.compression.compress(encodeParts(this.pending)).slice());
    this.pending = [];
  }

  /** The parts of checkpoint i. */
  private partsOf(i: number): CheckpointParts {
    const g = Math.floor(i / GROUP);
    if (g === this.groups.length) return this.pending[i - g * GROUP];
    let parts = this.groupCache.get(g);
    if (parts === undefined) {
      parts = decodeParts(this.compression.decompress(this.groups[g]));
      if (this.groupCache.size >= GROUPS_CACHED) this.groupCache.delete(this.groupCache.keys().next().value!);
    } else this.groupCache.delete(g);
    this.groupCache.set(g, parts);
    return parts[i - g * GROUP];
  }

  /** Checkpoint `s` (the next number); clears its poolDirty and starts its raw journal. */
  take(s: ObmallocState): number {
    if (s.profile !== this.profile) throw new Error('a checkpoint store holds states of one profile');
    const i = this.count;
    const nPools = s.poolCount.length;
    if (this.current.length < nPools) {
      const c = new Int32Array(Math.max(nPools, this.current.length * 2)).fill(CLEAN);
      c.set(this.current);
      this.current = c;
    }
    const full = i % GROUP === 0;
    const changes: number[] = [];
    const nClasses = s.nClasses;
    const end = nClasses + s.maxarenas * s.maxPoolsInArena;
    for (let pid = nClasses; pid < this.current.length; pid++) {
      let v = CLEAN;
      if (pid < end) {
        const a = s.poolArena(pid);
        if (s.arenaAddress[a] !== 0 && s.poolSlot(pid) < s.arenaCarved[a]) {
          v = this.current[pid];
          if (v < 0 || s.poolDirty[pid]) {
            v = this.versionStart.length;
            this.versionStart.push(this.records.length);
            encodePool(s, pid, this.records);
          }
        }
      }
      if (v !== this.current[pid] || (full && v >= 0)) changes.push(pid, v + 1);
      this.current[pid] = v;
    }
    s.poolDirty.fill(0);
    const raw = full || s.rawJournal === null ? encodeRawFull(s.rawBlocks) : encodeRawDelta(s.rawJournal);
    s.rawJournal = [];
    this.push({ globals: encodeGlobals(s).view().slice(), raw, vector: encodeVector(full, changes) });
    return i;
  }

  /** The pool vector of checkpoint i, in `this.scratch` (CLEAN where no pool is carved). */
  private vectorOf(i: number): Int32Array {
    if (this.scratchFor === i) return this.scratch;
    const from = i - (i % GROUP);
    this.scratch.fill(CLEAN);
    for (let k = from; k <= i; k++) this.scratch = applyVector(this.scratch, this.partsOf(k).vector, CLEAN);
    this.scratchFor = i;
    return this.scratch;
  }

  /**
   * The state at checkpoint i: `into` (of the same profile) is overwritten and returned,
   * reusing its arrays and every pool it already holds as checkpoint i has it; else a
   * fresh state is made.
   */
  restore(i: number, into?: ObmallocState): ObmallocState {
    if (!Number.isInteger(i) || i < 0 || i >= this.count) throw new RangeError(`no checkpoint ${i} (the store holds ${this.count})`);
    const s = into !== undefined && into.profile === this.profile ? into : new ObmallocState(this.profile);
    const parts = this.partsOf(i);
    if (s.poolVersionOf !== this || s.poolVersion === null) {
      s.poolVersion = new Int32Array(s.poolCount.length).fill(UNKNOWN);
      s.poolVersionOf = this;
    }
    decodeGlobals(s, new Reader(parts.globals));
    if (s.poolVersion.length < s.poolCount.length) {
      const grown = new Int32Array(s.poolCount.length).fill(UNKNOWN);
      grown.set(s.poolVersion);
      s.poolVersion = grown;
    }
    const from = i - (i % GROUP);
    for (let k = from; k <= i; k++) applyRaw(s.rawBlocks, this.partsOf(k).raw);
    const vec = this.vectorOf(i);
    const have = s.poolVersion;
    const dirty = s.poolDirty;
    const starts = this.versionStart.a;
    const nPools = s.poolCount.length;
    const reader = new Reader(this.records.buf, 0, this.records.length);
    const templ = linkTemplates(s);
    for (let pid = s.nClasses; pid < nPools; pid++) {
      const v = pid < vec.length ? vec[pid] : CLEAN;
      if (have[pid] === v && dirty[pid] === 0) continue;
      // A pool checkpoint i does not carve is garbage there (its arena is gone or has not
      // carved it yet); carving clears a pool's links, so nothing is written for it.
      if (v < 0) {}
      else {
        reader.pos = starts[v];
        decodePool(s, pid, reader, templ);
      }
      have[pid] = v;
    }
    dirty.fill(0);
    s.rawJournal = [];
    return s;
  }

  /** A store holding only the checkpoints `kept` (ascending indices), renumbered 0, 1, … */
  select(kept: readonly number[]): CheckpointStore {
    const out = new CheckpointStore(this.profile, this.compression);
    const map = new Map<number, number>();
    const raw = new AddressTable();
    let prevRaw = new AddressTable();
    let prevVec = new Int32Array(0);
    for (let j = 0; j < kept.length; j++) {
      const i = kept[j];
      if (j > 0 && i <= kept[j - 1]) throw new RangeError('kept checkpoints must be ascending');
      const vec = this.vectorOf(i).slice();
      const full = j % GROUP === 0;
      const changes: number[] = [];
      for (let pid = 0; pid < Math.max(vec.length, prevVec.length); pid++) {
        const v = pid < vec.length ? vec[pid] : CLEAN;
        let nv = CLEAN;
        if (v >= 0) {
          let m = map.get(v);
          if (m === undefined) {
            m = out.versionStart.length;
            map.set(v, m);
            out.versionStart.push(out.records.length);
            const start = this.versionStart.a[v];
            const end = v + 1 < this.versionStart.length ? this.versionStart.a[v + 1] : this.records.length;
            out.records.bytes(this.records.buf.subarray(start, end));
          }
          nv = m;
        }
        const before = pid < prevVec.length ? prevVec[pid] : CLEAN;
        if (nv !== before || (full && nv >= 0)) changes.push(pid, nv + 1);
        vec[pid] = nv;
      }
      prevVec = vec;
      // raw blocks: the whole set at i, then as a full part or as the changes since the previous kept one
      const from = i - (i % GROUP);
      raw.clear();
      for (let k = from; k <= i; k++) applyRaw(raw, this.partsOf(k).raw);
      let rawPart: Uint8Array;
      if (full) rawPart = encodeRawFull(raw);
      else {
        const journal: number[] = [];
        for (const [address] of prevRaw.entries()) if (!raw.has(address)) journal.push(address, -1);
        for (const [address, bytes] of raw.entries()) if (prevRaw.get(address) !== bytes) journal.push(address, bytes);
        rawPart = encodeRawDelta(journal);
      }
      prevRaw = raw.clone();
      out.push({ globals: this.partsOf(i).globals, raw: rawPart, vector: encodeVector(full, changes) });
    }
    return out;
  }

  /** The store as bytes (see fromBytes). */
  toBytes(): Uint8Array {
    const b = new Bytes();
    b.varuint(this.records.length);
    b.bytes(this.records.view());
    const groups = this.pending.length > 0 ? [...this.groups, this.compression.compress(encodeParts(this.pending))] : this.groups;
    b.varuint(groups.length);
    for (const g of groups) {
      b.varuint(g.length);
      b.bytes(g);
    }
    return b.view().slice();
  }

  /** Reads what toBytes wrote; CodecError if it is malformed. */
  static fromBytes(profile: Profile, bytes: Uint8Array, compression: SnapshotCompression = IDENTITY): CheckpointStore {
    const st = new CheckpointStore(profile, compression);
    const r = new Reader(bytes);
    const rec = r.take(r.varuint());
    st.records.bytes(bytes.subarray(rec.pos, rec.end));
    // where each version starts: records are self-delimiting
    const scan = new Reader(st.records.buf, 0, st.records.length);
    const nClasses = geometryOf(profile).nClasses;
    while (!scan.done) {
      st.versionStart.push(scan.pos);
      skipPool(scan, nClasses);
    }
    const n = r.varuint();
    for (let g = 0; g < n; g++) {
      const sub = r.take(r.varuint());
      st.groups.push(bytes.slice(sub.pos, sub.end));
    }
    if (!r.done) throw new CodecError('trailing bytes after the checkpoints');
    // every group decodes, holds GROUP checkpoints (the last may hold fewer), and names stored versions only
    for (let g = 0; g < n; g++) {
      let parts: CheckpointParts[];
      try {
        parts = decodeParts(compression.decompress(st.groups[g]));
      } catch (e) {
        throw e instanceof CodecError ? e : new CodecError(`checkpoint group ${g} does not decode: ${(e as Error).message}`);
      }
      if (parts.length !== GROUP && g !== n - 1) throw new CodecError(`checkpoint group ${g} holds ${parts.length} checkpoints`);
      for (const p of parts) {
        const v = new Reader(p.vector);
        if (v.u8() > 1) throw new CodecError('bad checkpoint vector flag');
        const m = v.varuint();
        for (let e = 0; e < m; e++) {
          v.varuint();
          if (v.varuint() - 1 >= st.versionStart.length) throw new CodecError('a checkpoint names a pool version that is not stored');
        }
      }
    }
    // a last group that is not whole is the one being filled
    if (n > 0) {
      const last = decodeParts(compression.decompress(st.groups[n - 1]));
      if (last.length < GROUP) {
        st.groups.pop();
        st.pending = last.map((p) => ({ globals: p.globals.slice(), raw: p.raw.slice(), vector: p.vector.slice() }));
      }
    }
    return st;
  }
}
