/**
 * The timeline: a log's records, replayed once to build checkpoints and indexes, then
 * navigable: seek to any seq, step back and forward, run to a condition, and ask of the
 * past ("when was this block freed, and by what", "what pins this arena").
 *
 * Positions: `position` counts the records applied to `state` (0 = the initial state).
 * The state "at seq n" is the state after record n, i.e. at position n + 1.
 *
 *   operation        cost
 *   open             one pass over the log (commands re-executed, checked against it)
 *   seek(n)          restore the nearest checkpoint at or before n (unless the current
 *                    state is already between it and n), then replay forward
 *   stepBack()       seek(current - 1)
 *   history(addr)    walk a per-address chain built during open
 *   pins(n, arena)   seek(n), list the arena's live blocks, look up each one's allocation
 *
 * Whole groups (a command and its events) are replayed by re-executing the command
 * (fast, no objects), checked against the result the log recorded; a partial group, or
 * a frame with escaped records, is applied event by event with `evolve`.
 */
import {
  AddressTable, EVENT_BIT, debugMallocStats, decodeFrame, diffStates, evolve, initialState, newCommandColumns,
  objFree, objMalloc, objRealloc, restoreSnapshot, summarize, takeSnapshot,
  type CommandColumns, type ObmallocCodec, type ObmallocEvent, type ObmallocRecord, type ObmallocState, type Snapshot,
} from '@pymm/obmalloc';
import { deflateRawSync, inflateRawSync } from 'node:zlib';
import type { FrameSource } from './FrameSource.js';

/**
 * A bounded cache of inflated bytes (least recently used goes first): restores and frame
 * reads that hit it allocate nothing, which keeps V8's external-memory GCs (7-10 ms full
 * collections) away from seeks.
 */
class InflatedCache {
  private readonly map = new Map<Uint8Array, Uint8Array>();
  private bytes = 0;
  constructor(private readonly capacityBytes: number) {}
  get(key: Uint8Array, make: () => Uint8Array): Uint8Array {
    let v = this.map.get(key);
    if (v !== undefined) {
      this.map.delete(key);
      this.map.set(key, v);
      return v;
    }
    v = make();
    this.map.set(key, v);
    this.bytes += v.byteLength;
    while (this.bytes > this.capacityBytes) {
      const [k, old] = this.map.entries().next().value as [Uint8Array, Uint8Array];
      this.map.delete(k);
      this.bytes -= old.byteLength;
    }
    return v;
  }
}

export class TimelineError extends Error {
  override readonly name = 'TimelineError';
  constructor(readonly seq: number, message: string) {
    super(message);
  }
}

export type HistoryKind = 'allocated' | 'freed' | 'reallocated-from' | 'reallocated-to' | 'resized';
const KIND: HistoryKind[] = ['allocated', 'freed', 'reallocated-from', 'reallocated-to', 'resized'];

export interface HistoryEntry {
  /** Seq of the command record. */
  readonly seq: number;
  readonly kind: HistoryKind;
  /** The command: Malloc, Calloc, Realloc or Free. */
  readonly command: 'Malloc' | 'Calloc' | 'Realloc' | 'Free';
  readonly requestBytes: number;
  /** For reallocations: the other address. */
  readonly otherAddress?: number;
}

export type PoolEventKind = 'initialized' | 'reused' | 'full' | 'emptied';
const POOL_KIND: PoolEventKind[] = ['initialized', 'reused', 'full', 'emptied'];
export interface PoolHistoryEntry {
  readonly seq: number;
  readonly kind: PoolEventKind;
  /** The size class the pool served at that point. */
  readonly sizeIndex: number;
}

export interface PinnedBlock {
  readonly address: number;
  readonly sizeIndex: number;
  /** Seq of the command that allocated it (or moved it here), -1 if unknown. */
  readonly allocatedAt: number;
}
export interface ArenaPins {
  readonly arenaIndex: number;
  readonly baseAddress: number;
  readonly freePools: number;
  readonly totalPools: number;
  readonly liveBlocks: PinnedBlock[];
}

export interface ArenaEvent {
  readonly seq: number;
  readonly kind: 'allocated' | 'freed';
  readonly baseAddress: number;
  /** Arenas in use after it. */
  readonly arenasInUse: number;
}

export interface TimelineOptions {
  /**
   * Records between the checkpoints taken while opening (at frame boundaries; default
   * 32768). Afterwards every k-th is kept, the smallest k that fits the budget.
   */
  readonly checkpointEveryRecords?: number;
  /**
   * Most bytes the checkpoints may hold, as a fraction of the log's (default 0.9), shared
   * parts counted once. Infinity keeps them all.
   */
  readonly checkpointBudget?: number;
  readonly onProgress?: (recordsDone: number, recordsTotal: number) => void;
}

const CMD_NAME = ['', 'Malloc', 'Calloc', 'Realloc', 'Free'] as const;
/** Decoded frames kept (least recently used goes first). */
const COLUMNS_CACHED = 8;
/** Thrown (not an Error: no stack to capture) to stop a frame decode early. */
const STOP = Symbol('stop');
/** Records that replay in about the time a checkpoint restore takes. */
const RESTORE_COST_RECORDS = 32768;

/**
 * Growable parallel arrays: a chain per key (an address), newest first. About 13 bytes an
 * entry: seq (u32), link to the previous entry of the same key (i32), kind and op (u8),
 * a size (u32; larger ones kept aside), and for moves the other address (kept aside).
 */
class Chains {
  head = new AddressTable(1024);
  seq: Uint32Array;
  prev: Int32Array;
  kind: Uint8Array;
  op: Uint8Array;
  aux: Uint32Array;
  readonly bigAux = new Map<number, number>();
  readonly other = new Map<number, number>();
  count = 0;
  constructor(capacity: number) {
    const n = Math.max(1024, capacity);
    this.seq = new Uint32Array(n);
    this.prev = new Int32Array(n);
    this.kind = new Uint8Array(n);
    this.op = new Uint8Array(n);
    this.aux = new Uint32Array(n);
  }
  add(key: number, seq: number, kind: number, op: number, aux: number, other: number): void {
    if (this.count === this.seq.length) {
      const n = Math.ceil(this.count * 1.5);
      const g = <T extends Uint32Array | Int32Array | Uint8Array>(a: T): T => { const b = new (a.constructor as new (n: number) => T)(n); b.set(a); return b; };
      this.seq = g(this.seq); this.prev = g(this.prev); this.kind = g(this.kind); this.op = g(this.op); this.aux = g(this.aux);
    }
    if (seq > 0xffff_ffff) throw new RangeError('the index holds seqs below 2^32');
    const i = this.count++;
    const h = this.head.get(key);
    this.prev[i] = h === undefined ? -1 : h;
    this.head.set(key, i);
    this.seq[i] = seq; this.kind[i] = kind; this.op[i] = op;
    if (aux >= 0 && aux < 0xffff_ffff) this.aux[i] = aux;
    else { this.aux[i] = 0xffff_ffff; this.bigAux.set(i, aux); }
    if (other !== 0) this.other.set(i, other);
  }
  auxOf(i: number): number {
    return this.aux[i] === 0xffff_ffff ? this.bigAux.get(i)! : this.aux[i];
  }
  /**
   * Entries sorted by key, then seq (built once, after the last add): `order` holds entry
   * indices; a key's run starts at runStart.get(key) and is runLength.get(key) long. Lets
   * "the newest entry at or before seq" be a binary search instead of a chain walk.
   */
  order: Int32Array | null = null;
  /** Distinct keys, ascending; run r (entries of keys[r], by seq) is order[runStart[r] .. + runLength[r]). */
  keys = new Float64Array(0);
  runStart = new Int32Array(0);
  runLength = new Int32Array(0);
  /** seq and kind in run order too: a search touches one array, not two through `order`. */
  orderSeq = new Uint32Array(0);
  orderKind = new Uint8Array(0);
  finish(): void {
    const keys = new Float64Array(this.head.size);
    let nk = 0;
    for (const [key] of this.head.entries()) keys[nk++] = key;
    keys.sort();
    const order = new Int32Array(this.count);
    this.runStart = new Int32Array(keys.length);
    this.runLength = new Int32Array(keys.length);
    let at = 0;
    for (let r = 0; r < keys.length; r++) {
      const head = this.head.get(keys[r])!;
      let n = 0;
      for (let i = head; i >= 0; i = this.prev[i]) n++;
      this.runStart[r] = at;
      this.runLength[r] = n;
      let j = at + n - 1;
      for (let i = head; i >= 0; i = this.prev[i]) order[j--] = i;
      at += n;
    }
    this.keys = keys;
    this.order = order;
    // The chains were for building; the sorted runs answer every query from here on.
    this.prev = new Int32Array(0);
    this.head = new AddressTable(16);
    this.orderSeq = new Uint32Array(order.length);
    this.orderKind = new Uint8Array(order.length);
    for (let p = 0; p < order.length; p++) {
      this.orderSeq[p] = this.seq[order[p]];
      this.orderKind[p] = this.kind[order[p]];
    }
  }
  /** The first run whose key is >= key. */
  runIndexAtOrAfter(key: number): number {
    const keys = this.keys;
    let lo = 0, hi = keys.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (keys[mid] < key) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }
  /** The run number of `key`, or -1 (binary search over the sorted keys, from `from`). */
  runIndex(key: number, from = 0): number {
    const keys = this.keys;
    let lo = from, hi = keys.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      const k = keys[mid];
      if (k === key) return mid;
      if (k < key) lo = mid + 1;
      else hi = mid - 1;
    }
    return -1;
  }
  /** Position in run order of key run r's newest entry with seq <= maxSeq, or its start - 1. */
  lastAtOrBefore(r: number, maxSeq: number): number {
    const seq = this.orderSeq;
    let lo = this.runStart[r], hi = lo + this.runLength[r] - 1;
    let found = lo - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (seq[mid] <= maxSeq) { found = mid; lo = mid + 1; }
      else hi = mid - 1;
    }
    return found;
  }
  /** The allocation (kind 0 or 3) of run r at or before maxSeq, or -1. */
  allocatedIn(r: number, maxSeq: number): number {
    const start = this.runStart[r];
    for (let p = this.lastAtOrBefore(r, maxSeq); p >= start; p--) {
      const kind = this.orderKind[p];
      if (kind === 0 || kind === 3) return this.orderSeq[p];
    }
    return -1;
  }

  /** Entry indices for key, oldest first. */
  list(key: number): number[] {
    if (this.order !== null) {
      const r = this.runIndex(key);
      return r < 0 ? [] : Array.from(this.order.subarray(this.runStart[r], this.runStart[r] + this.runLength[r]));
    }
    const out: number[] = [];
    for (let i = this.head.get(key) ?? -1; i >= 0; i = this.prev[i]) out.push(i);
    return out.reverse();
  }
  get bytes(): number {
    return this.seq.byteLength + this.prev.byteLength + this.kind.byteLength + this.op.byteLength + this.aux.byteLength
      + (this.order?.byteLength ?? 0) + this.head.capacityBytes
      + this.keys.byteLength + this.runStart.byteLength + this.runLength.byteLength + this.orderSeq.byteLength + this.orderKind.byteLength + 32 * (this.bigAux.size + this.other.size);
  }
}

interface Checkpoint {
  readonly position: number;
  readonly frame: number;
  readonly snapshot: Snapshot;
}

export class Timeline {
  state: ObmallocState;
  position = 0;
  readonly length: number;
  private readonly checkpoints: Checkpoint[] = [];
  private readonly addresses: Chains;
  private readonly pools = new Chains(1024);
  readonly arenaEvents: ArenaEvent[] = [];
  private readonly columnsCache = new Map<number, CommandColumns>();
  /** Per frame: 1 if its first record is a command, 0 if not, -1 not yet known. */
  private readonly opensWithCommand: Int8Array;
  /** Sum of what the checkpoints hold (shared pool records counted once). */
  checkpointBytes = 0;
  /** Inflated checkpoint parts, kept while they fit (a cache, not counted as checkpoint memory). */
  private readonly inflated = new InflatedCache(8 << 20);
  private readonly zlib = {
    compress: (b: Uint8Array): Uint8Array => deflateRawSync(b),
    decompress: (b: Uint8Array): Uint8Array => this.inflated.get(b, () => inflateRawSync(b)),
  };

  private constructor(
    readonly source: FrameSource,
    readonly codec: ObmallocCodec,
    private readonly options: TimelineOptions,
  ) {
    this.length = source.recordCount;
    this.state = initialState({ profile: codec.profile });
    // About one entry per command, and a command is at least two records.
    this.addresses = new Chains(Math.ceil(source.recordCount / 2) + 1024);
    this.opensWithCommand = new Int8Array(source.frames.length).fill(-1);
  }

  /** Replays the whole log once: checks it, takes checkpoints, builds the indexes. */
  static open(source: FrameSource, codec: ObmallocCodec, options: TimelineOptions = {}): Timeline {
    const t = new Timeline(source, codec, options);
    t.build();
    return t;
  }

  private build(): void {
    const every = this.options.checkpointEveryRecords ?? 32768;
    let sinceCheckpoint = 0;
    this.checkpoint(0, 0);
    const poolSize = this.codec.profile.poolSizeBytes;
    let arenasInUse = 0;
    const B = EVENT_BIT;
    for (let f = 0; f < this.source.frames.length; f++) {
      const frame = this.source.frames[f];
      if (frame.firstSeq !== this.position) throw new TimelineError(frame.firstSeq, `frame ${f} starts at seq ${frame.firstSeq}, expected ${this.position}`);
      const c = this.columns(f);
      this.applyFrame(f, frame.firstSeq + frame.count);
      // Indexes, from the columns (the log's own record of each call).
      for (let k = 0; k < c.count; k++) {
        const seq = c.seq[k], op = c.op[k], n = c.n[k], mask = c.mask[k];
        if (c.events[k] === 0) continue; // Free(NULL), or a group cut by a frame end (its events are escaped records)
        const address = c.address[k], result = c.result[k];
        if (op === 4) {
          if (address !== 0) this.addresses.add(address, seq, 1, op, n, 0);
        } else if (op === 3 && address !== 0) {
          if (result === address) this.addresses.add(address, seq, 4, op, n, 0);
          else {
            this.addresses.add(address, seq, 2, op, n, result);
            this.addresses.add(result, seq, 3, op, n, address);
          }
        } else {
          this.addresses.add(result, seq, 0, op, n, 0);
        }
        if (mask & ((1 << B.PoolInitialized) | (1 << B.PoolReused) | (1 << B.PoolFull))) {
          const pool = Math.floor(result / poolSize) * poolSize;
          const cls = this.codec.sizeIndexOf(n);
          if (mask & (1 << B.PoolInitialized)) this.pools.add(pool, seq, 0, op, cls, 0);
          if (mask & (1 << B.PoolReused)) this.pools.add(pool, seq, 1, op, cls, 0);
          if (mask & (1 << B.PoolFull)) this.pools.add(pool, seq, 2, op, cls, 0);
        }
        if (mask & (1 << B.PoolFreed)) {
          const pool = Math.floor(address / poolSize) * poolSize;
          const h = this.pools.head.get(pool);
          this.pools.add(pool, seq, 3, op, h === undefined ? 0xffff_ffff : this.pools.aux[h], 0);
        }
        if (mask & (1 << B.ArenaAllocated)) this.arenaEvents.push({ seq, kind: 'allocated', baseAddress: c.arenaBase[k], arenasInUse: ++arenasInUse });
        if (mask & (1 << B.ArenaFreed)) this.arenaEvents.push({ seq, kind: 'freed', baseAddress: c.freedArenaBase[k], arenasInUse: --arenasInUse });
      }
      sinceCheckpoint += frame.count;
      if (sinceCheckpoint >= every || f === this.source.frames.length - 1) {
        this.checkpoint(this.position, f + 1);
        sinceCheckpoint = 0;
      }
      this.options.onProgress?.(this.position, this.length);
    }
    if (this.position !== this.length) throw new TimelineError(this.position, `the log's frames hold ${this.position} records, its index says ${this.length}`);
    this.addresses.finish();
    this.pools.finish();
    this.thinCheckpoints((this.options.checkpointBudget ?? 0.9) * this.source.byteLength);
  }

  /**
   * Keeps every k-th checkpoint (and the first), with the smallest k whose checkpoints fit
   * in `budget` bytes, counting each shared part once: uniform spacing, so no stretch of
   * the log seeks slower than another.
   */
  private thinCheckpoints(budget: number): void {
    const all = this.checkpoints.slice();
    const bytesOf = (kept: Checkpoint[]): number => {
      const seen = new Set<Uint8Array | Uint16Array>();
      let refs = 0;
      for (const c of kept) {
        const snap = c.snapshot;
        seen.add(snap.globals);
        seen.add(snap.rawFull);
        for (const d of snap.rawDeltas) seen.add(d);
        for (const a of snap.arenas) {
          for (let b = a ?? null; b !== null; b = b.base) {
            seen.add(b.bytes);
            if (b.slots !== null) seen.add(b.slots);
          }
        }
        refs += 1 + snap.rawDeltas.length + snap.arenas.length;
      }
      let bytes = 8 * refs;
      for (const b of seen) bytes += b.byteLength;
      return bytes;
    };
    let k = 1;
    let kept = all;
    let bytes = bytesOf(kept);
    while (bytes > budget && kept.length > 1) {
      k += 1;
      kept = all.filter((_, i) => i % k === 0);
      bytes = bytesOf(kept);
    }
    this.checkpoints.length = 0;
    this.checkpoints.push(...kept);
    this.checkpointBytes = bytes;
  }

  private checkpoint(position: number, frame: number): void {
    const previous = this.checkpoints.length ? this.checkpoints[this.checkpoints.length - 1].snapshot : null;
    const snapshot = takeSnapshot(this.state, previous, this.zlib);
    this.checkpointBytes += snapshot.ownBytes;
    this.checkpoints.push({ position, frame, snapshot });
  }

  get checkpointCount(): number {
    return this.checkpoints.length;
  }
  get indexBytes(): number {
    return this.addresses.bytes + this.pools.bytes;
  }

  private columns(f: number): CommandColumns {
    let c = this.columnsCache.get(f);
    if (c === undefined) {
      // Reuse the least recently decoded columns' arrays once the cache is full.
      if (this.columnsCache.size >= COLUMNS_CACHED) {
        const oldest = this.columnsCache.keys().next().value!;
        c = this.columnsCache.get(oldest)!;
        this.columnsCache.delete(oldest);
        c.count = 0;
        c.escaped = false;
      } else c = newCommandColumns(16384);
      const frame = this.source.frames[f];
      decodeFrame(this.codec, this.source.payload(f), frame.firstSeq, null, c);
      this.columnsCache.set(f, c);
    } else {
      this.columnsCache.delete(f);
      this.columnsCache.set(f, c);
    }
    return c;
  }

  /** Index of the frame holding record `pos` (binary search). */
  private frameOf(pos: number): number {
    const frames = this.source.frames;
    let lo = 0, hi = frames.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (frames[mid].firstSeq <= pos) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  }

  /**
   * Apply records of frame f from `position` up to `until` (exclusive, within the frame).
   * Whole groups by re-execution; a partial group with evolve.
   */
  private applyFrame(f: number, until: number): void {
    const c = this.columns(f);
    if (c.escaped) {
      this.applyRecords(f, until);
      return;
    }
    let k = lowerBound(c.seq, c.count, this.position);
    if (k < c.count && c.seq[k] !== this.position) {
      // we are inside the group k-1: finish it event by event first
      this.applyRecords(f, Math.min(until, c.seq[k]));
    } else if (k === c.count && this.position < until) {
      this.applyRecords(f, until);
      return;
    }
    // A frame may end inside a group (frames written by a generic writer, or a log cut
    // short): then its last command's events open the next frame (as escaped records), or
    // are gone, and the command must not be re-executed here; the event-by-event path
    // applies exactly what each frame holds.
    const splitLast = this.nextFrameOpensWithEvents(f);
    for (; k < c.count; k++) {
      const seq = c.seq[k];
      const end = seq + 1 + c.events[k];
      if (end > until) break;
      if (splitLast && k === c.count - 1) break;
      this.reexecute(seq, c.op[k], c.n[k], c.address[k], c.result[k], c.arenaBase[k]);
      this.position = end;
    }
    if (this.position < until) this.applyRecords(f, until);
  }

  /** True when frame f's last command may not have all its events in f. */
  private nextFrameOpensWithEvents(f: number): boolean {
    const frames = this.source.frames;
    if (f + 1 >= frames.length) return true; // the log's last frame: its end may cut a group
    let known = this.opensWithCommand[f + 1];
    if (known < 0) {
      const next = this.columns(f + 1);
      known = next.count > 0 && next.seq[0] === frames[f + 1].firstSeq ? 1 : 0;
      this.opensWithCommand[f + 1] = known;
    }
    return known === 0;
  }

  /** Apply records of frame f one by one (objects, evolve) up to `until`. */
  private applyRecords(f: number, until: number): void {
    const frame = this.source.frames[f];
    const s = this.state;
    const from = this.position;
    let seq = from;
    try {
      decodeFrame(this.codec, this.source.payload(f), frame.firstSeq, (r: ObmallocRecord) => {
        if (seq >= until) throw STOP;
        if (r.kind === 'event') evolve(s, r.event);
        seq += 1;
      }, undefined, from);
    } catch (e) {
      if (e !== STOP) throw e;
    }
    this.position = Math.min(until, frame.firstSeq + frame.count);
  }

  /** Move to position p (records applied). */
  private goto(p: number): void {
    if (!Number.isInteger(p) || p < 0 || p > this.length) throw new RangeError(`position ${p} is outside 0..${this.length}`);
    if (p === this.position) return;
    // Best checkpoint at or before p.
    let lo = 0, hi = this.checkpoints.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.checkpoints[mid].position <= p) lo = mid;
      else hi = mid - 1;
    }
    const cp = this.checkpoints[lo];
    // Going forward from here beats restoring unless the checkpoint is much closer.
    const forward = this.position <= p && p - this.position <= p - cp.position + RESTORE_COST_RECORDS;
    if (!forward) {
      this.state = restoreSnapshot(cp.snapshot, this.state, this.zlib);
      this.position = cp.position;
    }
    while (this.position < p) {
      const f = this.frameOf(this.position);
      const frame = this.source.frames[f];
      const until = Math.min(p, frame.firstSeq + frame.count);
      const cached = this.columnsCache.get(f);
      if (cached !== undefined) this.applyFrame(f, until);
      else {
        this.replayFast(f, until);
        if (this.position < until) this.applyRecords(f, until);
      }
    }
  }

  private readonly visitor = {
    timeline: this as Timeline,
    until: 0,
    frameEnd: 0,
    splitLast: false,
    command(seq: number, op: number, n: number, address: number, result: number, arenaBase: number, events: number): void {
      const t = this.timeline;
      if (seq < t.position) return;
      const end = seq + 1 + events;
      if (seq !== t.position || end > this.until || (this.splitLast && end === this.frameEnd)) throw STOP;
      t.reexecute(seq, op, n, address, result, arenaBase);
      t.position = end;
    },
    escaped(seq: number): void {
      if (seq >= this.timeline.position) throw STOP;
    },
  };

  /**
   * @internal Re-executes one logged command on the state (no events built), checking the
   * address it returns against the one the log recorded.
   */
  reexecute(seq: number, op: number, n: number, address: number, result: number, arenaBase: number): void {
    const s = this.state;
    let r = 0;
    if (op === 4) objFree(s, address, null);
    else if (op === 3) r = objRealloc(s, address, n, arenaBase, result, null);
    else r = objMalloc(s, n, arenaBase, result, null);
    if (r !== result) {
      throw new TimelineError(seq, `the log and the model disagree at seq ${seq} (${CMD_NAME[op]}): the log says it returned 0x${result.toString(16)}, the model returns 0x${r.toString(16)} (pymm verify checks every event)`);
    }
  }

  /**
   * Re-executes whole groups of frame f straight from its payload (no columns, no
   * objects), from `position` (a group boundary) up to `until`; stops early at an escaped
   * record, at a group past `until`, or at a last group the frame may have cut.
   */
  private replayFast(f: number, until: number): void {
    const frame = this.source.frames[f];
    const v = this.visitor;
    v.until = until;
    v.frameEnd = frame.firstSeq + frame.count;
    v.splitLast = this.opensWithCommand[f + 1] !== 1;
    try {
      decodeFrame(this.codec, this.source.payload(f), frame.firstSeq, null, undefined, 0, v);
    } catch (e) {
      if (e !== STOP) throw e;
    }
  }

  /** The state after record `seq` (seq -1: the initial state). */
  seek(seq: number): ObmallocState {
    this.goto(seq + 1);
    return this.state;
  }
  /** Seq of the last applied record (-1 at the start). */
  get seq(): number {
    return this.position - 1;
  }
  stepForward(): number {
    if (this.position < this.length) this.goto(this.position + 1);
    return this.seq;
  }
  stepBack(): number {
    if (this.position > 0) this.goto(this.position - 1);
    return this.seq;
  }

  /**
   * The first seq >= from at which `predicate(state)` holds, checked after every command
   * group; null if it never does. Leaves the timeline there (or at the end).
   */
  runTo(predicate: (state: ObmallocState, seq: number) => boolean, fromSeq = -1): number | null {
    this.goto(fromSeq + 1);
    if (predicate(this.state, this.seq)) return this.seq;
    while (this.position < this.length) {
      const f = this.frameOf(this.position);
      const c = this.columns(f);
      const k = lowerBound(c.seq, c.count, this.position);
      let end = this.position + 1;
      if (k < c.count && c.seq[k] === this.position) end = c.seq[k] + 1 + c.events[k];
      else if (k > 0 && this.position < c.seq[k - 1] + 1 + c.events[k - 1]) end = c.seq[k - 1] + 1 + c.events[k - 1];
      this.goto(end);
      if (predicate(this.state, this.seq)) return this.seq;
    }
    return null;
  }

  /** The first seq at which more than `k` arenas are in use, or null. */
  firstSeqArenasExceed(k: number): number | null {
    for (const e of this.arenaEvents) if (e.arenasInUse > k) return this.lastRecordOfGroup(e.seq);
    return null;
  }

  private lastRecordOfGroup(commandSeq: number): number {
    const f = this.frameOf(commandSeq);
    const c = this.columns(f);
    const k = lowerBound(c.seq, c.count, commandSeq);
    return k < c.count && c.seq[k] === commandSeq ? commandSeq + c.events[k] : commandSeq;
  }

  /** Every allocation, free and reallocation that touched `address`, oldest first. */
  history(address: number): HistoryEntry[] {
    const a = this.addresses;
    return a.list(address).map((i) => ({
      seq: a.seq[i],
      kind: KIND[a.kind[i]],
      command: CMD_NAME[a.op[i]] as HistoryEntry['command'],
      requestBytes: a.auxOf(i),
      ...(a.other.has(i) ? { otherAddress: a.other.get(i)! } : {}),
    }));
  }

  /**
   * Seq of the command that allocated the block that is live at `address` at `seq` (or
   * moved it there), -1 if none: the newest allocation with a command seq <= `seq` (a
   * later one cannot exist while the block is live).
   */
  allocatedAt(address: number, seq: number): number {
    const r = this.addresses.runIndex(address);
    return r < 0 ? -1 : this.addresses.allocatedIn(r, seq);
  }

  /** Pool events (initialised, reused, full, emptied) of the pool at `poolAddress`, oldest first. */
  poolHistory(poolAddress: number): PoolHistoryEntry[] {
    const p = this.pools;
    return p.list(poolAddress).map((i) => ({ seq: p.seq[i], kind: POOL_KIND[p.kind[i]], sizeIndex: p.aux[i] === 0xffff_ffff ? -1 : p.aux[i] }));
  }

  /** What keeps arenas from being returned at `seq`: each live arena's live blocks. */
  pins(seq: number, arenaIndex?: number): ArenaPins[] {
    const s = this.seek(seq);
    const g = s.geometry;
    const out: ArenaPins[] = [];
    const idx = this.addresses;
    const keys = idx.keys;
    for (let a = 0; a < s.maxarenas; a++) {
      if (s.arenaAddress[a] === 0 || (arenaIndex !== undefined && a !== arenaIndex)) continue;
      const liveBlocks: PinnedBlock[] = [];
      // Blocks come in increasing address order: one binary search per arena, then a cursor.
      let cursor = Math.max(0, idx.runIndexAtOrAfter(s.arenaFirstPool[a]));
      for (let slot = 0; slot < s.arenaCarved[a]; slot++) {
        const pid = s.poolId(a, slot);
        if (s.poolCount[pid] === 0) continue;
        const szidx = s.poolSzidx[pid];
        const size = g.blockSizeBytes[szidx];
        const base = pid * g.unitsPerPool;
        for (let off = s.profile.poolOverheadBytes; off < s.poolNextoffset[pid]; off += size) {
          if (s.links[base + (off >> g.alignmentShift)] !== -1) continue;
          const address = s.poolBase[pid] + off;
          while (cursor < keys.length && keys[cursor] < address) cursor++;
          const allocatedAt = cursor < keys.length && keys[cursor] === address ? idx.allocatedIn(cursor, seq) : -1;
          liveBlocks.push({ address, sizeIndex: szidx, allocatedAt });
        }
      }
      out.push({ arenaIndex: a, baseAddress: s.arenaAddress[a], freePools: s.arenaNfreepools[a], totalPools: s.arenaNtotalpools[a], liveBlocks });
    }
    if (arenaIndex !== undefined && out.length === 0) throw new RangeError(`no arena ${arenaIndex} is live at seq ${seq}`);
    return out;
  }

  /** What changed between two seqs: per size class, per arena, and the stats lines. */
  diff(fromSeq: number, toSeq: number): TimelineDiff {
    const a = summarizeAt(this.seek(fromSeq));
    const b = summarizeAt(this.seek(toSeq));
    return diffSummaries(fromSeq, toSeq, a, b);
  }

  /** The record at `seq` (decoded from its frame). */
  recordAt(seq: number): ObmallocRecord {
    if (!Number.isInteger(seq) || seq < 0 || seq >= this.length) throw new RangeError(`seq ${seq} is outside 0..${this.length - 1}`);
    const f = this.frameOf(seq);
    let found: ObmallocRecord | undefined;
    let at = seq;
    try {
      decodeFrame(this.codec, this.source.payload(f), this.source.frames[f].firstSeq, (r) => {
        if (at === seq) {
          found = r;
          throw STOP;
        }
        at++;
      }, undefined, seq);
    } catch (e) {
      if (e !== STOP) throw e;
    }
    return found!;
  }

  /** A branch: the state at `seq`, on which other commands can be applied. */
  stateAt(seq: number): ObmallocState {
    return this.seek(seq).clone();
  }
}

function lowerBound(a: Float64Array, n: number, x: number): number {
  let lo = 0, hi = n;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (a[mid] < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

export interface StateSummary {
  readonly stats: string;
  readonly classes: { pools: number; blocks: number }[];
  readonly arenas: Map<number, { base: number; usedPools: number; blocks: number }>;
  readonly rawBlocks: number;
}

export function summarizeAt(s: ObmallocState): StateSummary {
  const sum = summarize(s);
  const arenas = new Map<number, { base: number; usedPools: number; blocks: number }>();
  for (let a = 0; a < s.maxarenas; a++) {
    if (s.arenaAddress[a] === 0) continue;
    let usedPools = 0, blocks = 0;
    for (let slot = 0; slot < s.arenaCarved[a]; slot++) {
      const c = s.poolCount[s.poolId(a, slot)];
      if (c > 0) { usedPools++; blocks += c; }
    }
    arenas.set(s.arenaAddress[a], { base: s.arenaAddress[a], usedPools, blocks });
  }
  return {
    stats: debugMallocStats(s),
    classes: sum.numPools.map((p, i) => ({ pools: p, blocks: sum.numBlocks[i] })),
    arenas,
    rawBlocks: s.rawAllocatedBlocks,
  };
}

export interface TimelineDiff {
  readonly fromSeq: number;
  readonly toSeq: number;
  /** Classes whose pools or blocks changed. */
  readonly classes: { sizeIndex: number; blockBytes: number; pools: [number, number]; blocks: [number, number] }[];
  /** Arenas (by base) that appeared, disappeared or changed. */
  readonly arenas: { baseAddress: number; status: 'gained' | 'lost' | 'changed'; usedPools: [number, number]; blocks: [number, number] }[];
  readonly rawBlocks: [number, number];
  /** Stats lines that differ: [line in from, line in to]. */
  readonly statsLines: { from: string | null; to: string | null }[];
}

export function diffSummaries(fromSeq: number, toSeq: number, a: StateSummary, b: StateSummary): TimelineDiff {
  const classes = [];
  for (let i = 0; i < a.classes.length; i++) {
    const x = a.classes[i], y = b.classes[i];
    if (x.pools !== y.pools || x.blocks !== y.blocks) classes.push({ sizeIndex: i, blockBytes: (i + 1) * 16, pools: [x.pools, y.pools] as [number, number], blocks: [x.blocks, y.blocks] as [number, number] });
  }
  const arenas: TimelineDiff['arenas'] = [];
  const bases = [...new Set([...a.arenas.keys(), ...b.arenas.keys()])].sort((x, y) => x - y);
  for (const base of bases) {
    const x = a.arenas.get(base), y = b.arenas.get(base);
    if (x && y && x.usedPools === y.usedPools && x.blocks === y.blocks) continue;
    arenas.push({
      baseAddress: base,
      status: !x ? 'gained' : !y ? 'lost' : 'changed',
      usedPools: [x?.usedPools ?? 0, y?.usedPools ?? 0],
      blocks: [x?.blocks ?? 0, y?.blocks ?? 0],
    });
  }
  const la = a.stats.split('\n'), lb = b.stats.split('\n');
  const statsLines: TimelineDiff['statsLines'] = [];
  const setA = new Set(la), setB = new Set(lb);
  const onlyA = la.filter((l) => !setB.has(l)), onlyB = lb.filter((l) => !setA.has(l));
  for (let i = 0; i < Math.max(onlyA.length, onlyB.length); i++) statsLines.push({ from: onlyA[i] ?? null, to: onlyB[i] ?? null });
  return { fromSeq, toSeq, classes, arenas, rawBlocks: [a.rawBlocks, b.rawBlocks], statsLines };
}

export { diffStates };
export type { ObmallocEvent };
