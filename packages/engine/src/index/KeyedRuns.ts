/**
 * Keyed runs: "every entry of key K, in seq order" for millions of entries, kept on disk
 * and read a block at a time, so an index costs almost nothing in memory.
 *
 * Entries arrive in seq order (a pass over a log). Every `entriesPerRun` of them become a
 * run: the entries sorted by key (a counting sort on dense key numbers: linear, and stable,
 * so each key's entries stay in seq order), cut into blocks of BLOCK_ENTRIES, each block
 * encoded and handed to a sink (a frame of the index file). A run's directory keeps the
 * first key of each block: a lookup is a binary search per run, then one or two blocks.
 * Runs cover consecutive seq ranges, so a key's entries are its entries in run 0, then
 * run 1, and so on.
 *
 * An entry: key (an address, an object id: a whole number below 2^53), seq (below 2^32),
 * kind and op (bytes), aux (a whole number below 2^53), and `other` (a second address,
 * kept only for kinds in `otherKinds`).
 *
 * Block encoding (deflated by the sink if it likes):
 *   varuint n, f64 first key, then n entries of
 *   varuint key delta (0: the same key), varuint seq (absolute at a new key, else the
 *   delta), u8 kind (+ 128 when an op byte follows), [u8 op], varuint aux, [varuint other
 *   if kind is in otherKinds],
 *   [varuint back (seq - the seq of the entry's cause) if the runs keep causes]
 */
import { AddressTable } from '@pymm/obmalloc';
import { ByteReader, ByteWriter } from '@pymm/eventlog';

/** Entries per block unless a builder says otherwise. */
export const BLOCK_ENTRIES = 1024;

export interface RunDirectory {
  /** Smallest and largest seq of the run's entries. */
  readonly minSeq: number;
  readonly maxSeq: number;
  /** Id (the sink's) and first key of each block, in key order. */
  readonly blocks: readonly number[];
  readonly firstKeys: Float64Array;
}

export interface DecodedBlock {
  readonly n: number;
  /** seq - cause (0 where the runs keep no causes). */
  readonly back: Uint32Array;
  readonly key: Float64Array;
  readonly seq: Uint32Array;
  readonly kind: Uint8Array;
  readonly op: Uint8Array;
  readonly aux: Float64Array;
  readonly other: Float64Array;
}

export interface RunEntry {
  readonly back: number;
  readonly key: number;
  readonly seq: number;
  readonly kind: number;
  readonly op: number;
  readonly aux: number;
  readonly other: number;
}

class Growable {
  key: Float64Array; seq: Uint32Array; kind: Uint8Array; op: Uint8Array; aux: Float64Array; other: Float64Array; back: Uint32Array;
  n = 0;
  constructor(cap: number) {
    this.key = new Float64Array(cap); this.seq = new Uint32Array(cap); this.kind = new Uint8Array(cap);
    this.op = new Uint8Array(cap); this.aux = new Float64Array(cap); this.other = new Float64Array(cap); this.back = new Uint32Array(cap);
  }
  grow(): void {
    const cap = this.key.length * 2;
    const g = <T extends Float64Array | Uint32Array | Uint8Array>(a: T): T => { const b = new (a.constructor as new (n: number) => T)(cap); b.set(a); return b; };
    this.key = g(this.key); this.seq = g(this.seq); this.kind = g(this.kind); this.op = g(this.op); this.aux = g(this.aux); this.other = g(this.other);
    this.back = g(this.back);
  }
}

export interface RunsOptions {
  /** Bit (1 << kind) for kinds whose entries keep `other` (default none). */
  readonly otherKinds?: number;
  /** Keep each entry's cause (as seq - cause). */
  readonly withBack?: boolean;
  /** Entries per block (default BLOCK_ENTRIES): larger blocks, fewer and better compressed sections, slower single lookups. */
  readonly blockEntries?: number;
  /**
   * Cut a run only when the caller asks (flushIfFull), never inside add(): entries added
   * since the last cut stay in the buffer, where patch() can still change them.
   */
  readonly cutWhenAsked?: boolean;
}

export class RunsBuilder {
  private buf: Growable;
  readonly runs: RunDirectory[] = [];
  private lastSeq = -1;
  private readonly otherKinds: number;
  private readonly withBack: boolean;
  private readonly blockEntries: number;
  private readonly cutWhenAsked: boolean;
  constructor(
    /** Receives each encoded block; returns its id. */
    private readonly sink: (block: Uint8Array) => number,
    options: RunsOptions = {},
    private readonly entriesPerRun = 1 << 22,
  ) {
    this.otherKinds = options.otherKinds ?? 0;
    this.withBack = options.withBack ?? false;
    this.blockEntries = options.blockEntries ?? BLOCK_ENTRIES;
    this.cutWhenAsked = options.cutWhenAsked ?? false;
    this.buf = new Growable(Math.min(entriesPerRun, 1 << 16));
  }

  /** Adds an entry; returns its place in the buffer (for patch, until the next cut). */
  add(key: number, seq: number, kind: number, op: number, aux: number, other = 0, back = 0): number {
    if (seq < this.lastSeq) throw new RangeError(`entries must come in seq order (${seq} after ${this.lastSeq})`);
    if (seq > 0xffff_ffff) throw new RangeError('the index holds seqs below 2^32');
    this.lastSeq = seq;
    const b = this.buf;
    if (b.n === b.key.length) b.grow();
    const i = b.n++;
    b.key[i] = key; b.seq[i] = seq; b.kind[i] = kind; b.op[i] = op; b.aux[i] = aux; b.other[i] = other; b.back[i] = back;
    if (b.n >= this.entriesPerRun && !this.cutWhenAsked) this.flushRun();
    return i;
  }

  /** Changes `aux` and `other` of the entry add() put at `place` (with cutWhenAsked, before the next flushIfFull). */
  patch(place: number, aux: number, other: number): void {
    this.buf.aux[place] = aux;
    this.buf.other[place] = other;
  }

  /** With cutWhenAsked: cuts a run if the buffer holds enough entries for one. */
  flushIfFull(): void {
    if (this.buf.n >= this.entriesPerRun) this.flushRun();
  }

  private flushRun(): void {
    const b = this.buf;
    const n = b.n;
    if (n === 0) return;
    // a counting sort by key: keys that are small whole numbers (object ids) index the
    // counts directly; others (addresses) get dense numbers, in key order, first
    let maxKey = 0, small = true;
    for (let i = 0; i < n && small; i++) {
      const k = b.key[i];
      if (k > maxKey) maxKey = k;
      small = k >= 0 && k < 1 << 26 && Number.isInteger(k);
    }
    const bucket = new Int32Array(n);
    let buckets: number;
    if (small && maxKey < 4 * n + (1 << 20)) {
      for (let i = 0; i < n; i++) bucket[i] = b.key[i];
      buckets = maxKey + 1;
    } else {
      const ids = new AddressTable(1024);
      const distinct: number[] = [];
      for (let i = 0; i < n; i++) if (!ids.has(b.key[i])) { ids.set(b.key[i], 0); distinct.push(b.key[i]); }
      const sortedKeys = Float64Array.from(distinct).sort();
      for (let r = 0; r < sortedKeys.length; r++) ids.set(sortedKeys[r], r);
      for (let i = 0; i < n; i++) bucket[i] = ids.get(b.key[i])!;
      buckets = sortedKeys.length;
    }
    const start = new Int32Array(buckets + 1);
    for (let i = 0; i < n; i++) start[bucket[i] + 1]++;
    for (let r = 0; r < buckets; r++) start[r + 1] += start[r];
    const order = new Int32Array(n);
    for (let i = 0; i < n; i++) order[start[bucket[i]]++] = i;
    // blocks
    const blocks: number[] = [];
    const firstKeys: number[] = [];
    const out = new ByteWriter(1 << 16);
    const otherKinds = this.otherKinds, withBack = this.withBack;
    const { key: keys, seq: seqs, kind: kinds, op: ops, aux: auxes, other: others, back: backs } = b;
    let minSeq = Infinity, maxSeq = -1;
    for (let at = 0; at < n; at += this.blockEntries) {
      const end = Math.min(n, at + this.blockEntries);
      out.reset();
      out.varuint(end - at);
      const k0 = keys[order[at]!]!;
      out.f64(k0);
      firstKeys.push(k0);
      let prevKey = k0, prevSeq = -1;
      for (let p = at; p < end; p++) {
        const i = order[p]!;
        const key = keys[i]!, seq = seqs[i]!, kind = kinds[i]!, op = ops[i]!;
        if (seq < minSeq) minSeq = seq;
        if (seq > maxSeq) maxSeq = seq;
        out.varuint(key - prevKey);
        out.varuint(key !== prevKey || prevSeq < 0 ? seq : seq - prevSeq);
        // kind, with bit 7 set when an op byte follows (most entries have none)
        if (op === 0) out.u8(kind);
        else out.u8(kind | 128).u8(op);
        out.varuint(auxes[i]!);
        if (otherKinds & (1 << kind)) out.varuint(others[i]!);
        if (withBack) out.varuint(backs[i]!);
        prevKey = key;
        prevSeq = seq;
      }
      // finish() copies exactly the block's bytes, into a buffer of their own (the sink may
      // hand it to another thread)
      blocks.push(this.sink(out.finish()));
    }
    this.runs.push({ minSeq, maxSeq, blocks, firstKeys: Float64Array.from(firstKeys) });
    b.n = 0;
  }

  finish(): RunDirectory[] {
    this.flushRun();
    return this.runs;
  }
}

export function decodeBlock(bytes: Uint8Array, options: RunsOptions = {}): DecodedBlock {
  const otherKinds = options.otherKinds ?? 0;
  const withBack = options.withBack ?? false;
  const r = new ByteReader(bytes);
  const n = r.count(r.varuint());
  const blk: DecodedBlock = {
    n, key: new Float64Array(n), seq: new Uint32Array(n), kind: new Uint8Array(n), op: new Uint8Array(n),
    aux: new Float64Array(n), other: new Float64Array(n), back: new Uint32Array(n),
  };
  let key = r.f64(), seq = -1, prevKey = key;
  for (let p = 0; p < n; p++) {
    key += r.varuint();
    if (key !== prevKey || seq < 0) seq = r.varuint();
    else seq += r.varuint();
    prevKey = key;
    blk.key[p] = key;
    blk.seq[p] = seq;
    const k = r.u8();
    blk.kind[p] = k & 127;
    blk.op[p] = k >= 128 ? r.u8() : 0;
    blk.aux[p] = r.varuint();
    if (otherKinds & (1 << blk.kind[p])) blk.other[p] = r.varuint();
    if (withBack) blk.back[p] = r.varuint();
  }
  r.expectEnd();
  return blk;
}

/** The directories as bytes (a section of the index file). */
export function encodeDirectories(runs: readonly RunDirectory[]): Uint8Array {
  const w = new ByteWriter(1024);
  w.varuint(runs.length);
  for (const run of runs) {
    w.varuint(run.minSeq === Infinity ? 0 : run.minSeq);
    w.varuint(Math.max(0, run.maxSeq));
    w.varuint(run.blocks.length);
    for (let b = 0; b < run.blocks.length; b++) {
      w.varuint(run.blocks[b]);
      w.f64(run.firstKeys[b]);
    }
  }
  return w.finish().slice();
}

export function decodeDirectories(bytes: Uint8Array, blockCount: number): RunDirectory[] {
  const r = new ByteReader(bytes);
  const n = r.count(r.varuint());
  const runs: RunDirectory[] = [];
  for (let k = 0; k < n; k++) {
    const minSeq = r.varuint(), maxSeq = r.varuint();
    const nb = r.count(r.varuint());
    const blocks: number[] = [];
    const firstKeys = new Float64Array(nb);
    for (let b = 0; b < nb; b++) {
      const id = r.varuint();
      if (id >= blockCount) throw new RangeError(`a run names block ${id}; the index has ${blockCount}`);
      blocks.push(id);
      firstKeys[b] = r.f64();
    }
    runs.push({ minSeq, maxSeq, blocks, firstKeys });
  }
  r.expectEnd();
  return runs;
}

/** Reads runs through a small cache of decoded blocks. */
export class RunsReader {
  private readonly cache = new Map<number, DecodedBlock>();
  constructor(
    readonly runs: readonly RunDirectory[],
    private readonly readBlock: (id: number) => Uint8Array,
    private readonly options: RunsOptions = {},
    private readonly cachedBlocks = 256,
  ) {}

  /** Bytes the directories and the cached blocks take. */
  get byteLength(): number {
    let n = 0;
    for (const r of this.runs) n += r.firstKeys.byteLength + 8 * r.blocks.length + 32;
    for (const b of this.cache.values()) n += b.n * 34;
    return n;
  }

  block(id: number): DecodedBlock {
    let b = this.cache.get(id);
    if (b !== undefined) {
      this.cache.delete(id);
      this.cache.set(id, b);
      return b;
    }
    b = decodeBlock(this.readBlock(id), this.options);
    if (this.cache.size >= this.cachedBlocks) this.cache.delete(this.cache.keys().next().value!);
    this.cache.set(id, b);
    return b;
  }

  /** Index of the first block of run r that may hold `key`. */
  private firstBlock(r: RunDirectory, key: number): number {
    const fk = r.firstKeys;
    let lo = 0, hi = fk.length - 1, found = 0;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (fk[mid] < key) { found = mid; lo = mid + 1; } else hi = mid - 1;
    }
    return found;
  }

  /** Calls fn for each entry of `key` in run r, oldest first; fn returning false stops (and so does this, returning false). */
  private scanRun(r: RunDirectory, key: number, fn: (b: DecodedBlock, p: number) => boolean | void): boolean {
    for (let bi = this.firstBlock(r, key); bi < r.blocks.length && r.firstKeys[bi] <= key; bi++) {
      const b = this.block(r.blocks[bi]);
      let lo = 0, hi = b.n;
      while (lo < hi) { const mid = (lo + hi) >> 1; if (b.key[mid] < key) lo = mid + 1; else hi = mid; }
      for (let p = lo; p < b.n && b.key[p] === key; p++) if (fn(b, p) === false) return false;
    }
    return true;
  }

  /** Every entry of `key`, oldest first (fn returning false stops early). */
  forEach(key: number, fn: (b: DecodedBlock, p: number) => boolean | void): void {
    for (const r of this.runs) if (!this.scanRun(r, key, fn)) return;
  }

  entries(key: number): RunEntry[] {
    const out: RunEntry[] = [];
    this.forEach(key, (b, p) => { out.push({ key, seq: b.seq[p], kind: b.kind[p], op: b.op[p], aux: b.aux[p], other: b.other[p], back: b.back[p] }); });
    return out;
  }

  /**
   * For each key of `keys` (ascending), the seq of its newest entry with seq <= maxSeq and
   * a kind in `kindMask` (bit 1 << kind), or -1: lastMatching for many keys at once,
   * walking each run's blocks in key order.
   */
  lastSeqs(keys: Float64Array, maxSeq: number, kindMask: number): Float64Array {
    return this.lastEntriesMany(keys, maxSeq, kindMask).seq;
  }

  /** lastSeqs with each entry's kind (-1: none) and `other` too. */
  lastEntriesMany(keys: Float64Array, maxSeq: number, kindMask: number): { seq: Float64Array; kind: Int8Array; other: Float64Array } {
    const out = new Float64Array(keys.length).fill(-1);
    const outKind = new Int8Array(keys.length).fill(-1);
    const outOther = new Float64Array(keys.length);
    for (let ri = this.runs.length - 1; ri >= 0; ri--) {
      const r = this.runs[ri];
      if (r.minSeq > maxSeq) continue;
      let bi = -1;
      let b: DecodedBlock | null = null;
      let p = 0;
      for (let k = 0; k < keys.length; k++) {
        if (out[k] >= 0) continue;
        const key = keys[k];
        // the block that may hold key: stay while key is below the next block's first key
        if (bi < 0 || (bi + 1 < r.blocks.length && r.firstKeys[bi + 1] <= key) || (b !== null && key < b.key[0])) {
          const nb = this.firstBlock(r, key);
          if (nb !== bi) { bi = nb; b = this.block(r.blocks[bi]); p = 0; }
        }
        // entries of key may continue into the following blocks
        for (let cb = bi; cb < r.blocks.length && r.firstKeys[cb] <= key; cb++) {
          const blk = cb === bi ? b! : this.block(r.blocks[cb]);
          let lo = cb === bi ? p : 0, hi = blk.n;
          while (lo < hi) { const mid = (lo + hi) >> 1; if (blk.key[mid] < key) lo = mid + 1; else hi = mid; }
          if (cb === bi) p = lo;
          for (let q = lo; q < blk.n && blk.key[q] === key && blk.seq[q] <= maxSeq; q++) {
            if (kindMask & (1 << blk.kind[q])) { out[k] = blk.seq[q]; outKind[k] = blk.kind[q]; outOther[k] = blk.other[q]; }
          }
        }
      }
    }
    return { seq: out, kind: outKind, other: outOther };
  }

  /**
   * The newest entry of `key` whose kind is not in `skipKinds` (bit 1 << kind), reading
   * backwards from the key's last block (only as far as it must), or null.
   */
  lastEntry(key: number, skipKinds = 0): RunEntry | null {
    for (let ri = this.runs.length - 1; ri >= 0; ri--) {
      const r = this.runs[ri];
      const fk = r.firstKeys;
      // the last block whose first key is <= key holds the key's last entries, if the run has any
      let lo = 0, hi = fk.length - 1, bi = -1;
      while (lo <= hi) { const mid = (lo + hi) >> 1; if (fk[mid] <= key) { bi = mid; lo = mid + 1; } else hi = mid - 1; }
      for (; bi >= 0; bi--) {
        const b = this.block(r.blocks[bi]);
        let p = b.n - 1;
        while (p >= 0 && b.key[p] > key) p--;
        for (; p >= 0 && b.key[p] === key; p--) {
          if ((skipKinds & (1 << b.kind[p])) === 0) return { key, seq: b.seq[p], kind: b.kind[p], op: b.op[p], aux: b.aux[p], other: b.other[p], back: b.back[p] };
        }
        if (p >= 0 || fk[bi] < key) break; // the key starts in this block: nothing of it before
      }
    }
    return null;
  }

  /** The newest entry of `key` with seq <= maxSeq for which accept(block, position) holds, or null. */
  lastWhere(key: number, maxSeq: number, accept: (b: DecodedBlock, p: number) => boolean): RunEntry | null {
    for (let ri = this.runs.length - 1; ri >= 0; ri--) {
      const r = this.runs[ri];
      if (r.minSeq > maxSeq) continue;
      let found: RunEntry | null = null;
      this.scanRun(r, key, (b, p) => {
        if (b.seq[p] > maxSeq) return false;
        if (accept(b, p)) found = { key, seq: b.seq[p], kind: b.kind[p], op: b.op[p], aux: b.aux[p], other: b.other[p], back: b.back[p] };
        return true;
      });
      if (found !== null) return found;
    }
    return null;
  }

  /** The newest entry of `key` with seq <= maxSeq and accept(kind) true, or null. */
  lastMatching(key: number, maxSeq: number, accept: (kind: number) => boolean): RunEntry | null {
    for (let ri = this.runs.length - 1; ri >= 0; ri--) {
      const r = this.runs[ri];
      if (r.minSeq > maxSeq) continue;
      let found: RunEntry | null = null;
      this.scanRun(r, key, (b, p) => {
        if (b.seq[p] > maxSeq) return false;
        if (accept(b.kind[p])) found = { key, seq: b.seq[p], kind: b.kind[p], op: b.op[p], aux: b.aux[p], other: b.other[p], back: b.back[p] };
        return true;
      });
      if (found !== null) return found;
    }
    return null;
  }
}
