/**
 * What an allocator log's timeline needs to open at once: checkpoints (a CheckpointStore
 * and the position of each), the per-address and per-pool keyed runs, and the arena
 * events. Built in one pass (while `pymm log build` writes the log, or over an existing
 * log whose index is missing or damaged), written to the index file, read back on open.
 *
 *   part            what                                           memory when open
 *   checkpoints     CheckpointStore bytes (pool versions, globals) all of it (below the log's size)
 *   positions       position and frame of each checkpoint          8 bytes a checkpoint
 *   addresses       keyed runs: address -> allocations, frees, reallocations   directories + 64 cached blocks
 *   pools           keyed runs: pool -> initialised, reused, full, emptied     same
 *   arenas          each arena allocation and release              a few bytes each
 *
 * Address kinds: 0 allocated, 1 freed, 2 reallocated-from, 3 reallocated-to, 4 resized
 * (op: 1 Malloc, 2 Calloc, 3 Realloc, 4 Free; aux: requested bytes; other: the other
 * address of a move). Pool kinds: 0 initialised, 1 reused, 2 full, 3 emptied (aux: the
 * size class the pool served).
 */
import {
  AddressTable, CheckpointStore, EVENT_BIT, type CommandColumns, type ObmallocCodec, type ObmallocState, type Profile,
} from '@pymm/obmalloc';
import { ByteReader, ByteWriter } from '@pymm/eventlog';
import { deflateRawSync, inflateRawSync } from 'node:zlib';
import { decodeDirectories, encodeDirectories, RunsBuilder, RunsReader } from '../index/KeyedRuns.js';
import type { IndexReader, IndexWriter } from '../index/IndexFile.js';

export interface ArenaEvent {
  readonly seq: number;
  readonly kind: 'allocated' | 'freed';
  readonly baseAddress: number;
  /** Arenas in use after it. */
  readonly arenasInUse: number;
}

/**
 * The checkpoints' share of the log's size (memory below the log's size, with a margin):
 * over it, every k-th checkpoint is kept, the smallest k that fits.
 */
const CHECKPOINT_BUDGET = 0.95;
/** Kinds whose address entries keep the other address (a realloc that moved). */
const MOVE_KINDS = (1 << 2) | (1 << 3);

export interface AllocatorIndexOptions {
  /** Records between checkpoints (taken at the first frame boundary past it; default 16384). */
  readonly checkpointEveryRecords?: number;
  /**
   * Most bytes the checkpoints may hold (default CHECKPOINT_BUDGET of the log's size);
   * over it, every k-th is kept, the smallest k that fits. Infinity keeps them all.
   */
  readonly checkpointBudgetBytes?: number;
}

/** The globals of each checkpoint are small and alike: deflated, they cost a third. */
const zlib = { compress: (b: Uint8Array) => deflateRawSync(b, { level: 9 }), decompress: (b: Uint8Array) => inflateRawSync(b) };

export class AllocatorIndex {
  constructor(
    readonly checkpoints: CheckpointStore,
    /** Position (records applied) of each checkpoint. */
    readonly positions: Float64Array,
    readonly addresses: RunsReader,
    readonly pools: RunsReader,
    readonly arenaEvents: readonly ArenaEvent[],
    /** Per frame: 1 if it opens with a command (a group starts there), 0 if with events. */
    readonly opensWithCommand: Int8Array,
  ) {}

  /** Memory the indexes take (checkpoints apart). */
  get indexBytes(): number {
    return this.addresses.byteLength + this.pools.byteLength + 40 * this.arenaEvents.length + this.positions.byteLength;
  }

  static read(r: IndexReader, profile: Profile): AllocatorIndex {
    const checkpoints = CheckpointStore.fromBytes(profile, r.blob('checkpoints'), zlib);
    const pr = new ByteReader(r.part('positions'));
    const n = pr.count(pr.varuint());
    if (n !== checkpoints.count) throw new RangeError(`the index lists ${n} checkpoint positions for ${checkpoints.count} checkpoints`);
    const positions = new Float64Array(n);
    for (let i = 0; i < n; i++) positions[i] = (i > 0 ? positions[i - 1] : 0) + pr.varuint();
    pr.expectEnd();
    const blocks = r.sectionCount;
    const read = (id: number) => r.section(id);
    const addresses = new RunsReader(decodeDirectories(r.part('addresses'), blocks), read, { otherKinds: MOVE_KINDS });
    const pools = new RunsReader(decodeDirectories(r.part('pools'), blocks), read);
    const ar = new ByteReader(r.part('arenas'));
    const m = ar.count(ar.varuint(), 3);
    const arenaEvents: ArenaEvent[] = [];
    let seq = 0, inUse = 0;
    for (let i = 0; i < m; i++) {
      seq += ar.varuint();
      const kind = ar.u8() === 0 ? 'allocated' : 'freed';
      inUse += kind === 'allocated' ? 1 : -1;
      arenaEvents.push({ seq, kind, baseAddress: ar.varuint(), arenasInUse: inUse });
    }
    ar.expectEnd();
    const starts = r.part('frames');
    return new AllocatorIndex(checkpoints, positions, addresses, pools, arenaEvents, Int8Array.from(starts, (b) => (b === 1 ? 1 : 0)));
  }
}

/**
 * Builds an AllocatorIndex from a pass over the log, one frame at a time (the frame's
 * columns and the state after it). With a writer, blocks stream to the index file and
 * `finish` writes the rest; without, everything stays in memory.
 */
export class AllocatorIndexBuilder {
  private store: CheckpointStore;
  private positions: number[] = [];
  private readonly addresses: RunsBuilder;
  private readonly pools: RunsBuilder;
  private readonly arenaEvents: ArenaEvent[] = [];
  private readonly frameStarts: number[] = [];
  private readonly memoryBlocks: Uint8Array[] = [];
  /** The size class each pool last served (for the entry of its emptying). */
  private readonly poolClass = new AddressTable(1024);
  private sinceCheckpoint = 0;
  private arenasInUse = 0;
  private readonly every: number;
  private readonly poolSize: number;

  constructor(
    private readonly codec: ObmallocCodec,
    private readonly writer: IndexWriter | null,
    private readonly options: AllocatorIndexOptions = {},
  ) {
    this.store = new CheckpointStore(codec.profile, zlib);
    this.every = options.checkpointEveryRecords ?? 16384;
    this.poolSize = codec.profile.poolSizeBytes;
    const sink = (b: Uint8Array): number => {
      if (writer !== null) return writer.section(b);
      this.memoryBlocks.push(b);
      return this.memoryBlocks.length - 1;
    };
    this.addresses = new RunsBuilder(sink, { otherKinds: MOVE_KINDS });
    this.pools = new RunsBuilder(sink);
  }

  /** The initial state (position 0): call once, before the first frame. */
  start(initial: ObmallocState): void {
    this.store.take(initial);
    this.positions.push(0);
  }

  /** Frame `c` (its columns) has been applied; `state` is the state at `position`, its end. */
  onFrame(c: CommandColumns, firstSeq: number, state: ObmallocState, position: number): void {
    const B = EVENT_BIT;
    const poolSize = this.poolSize;
    this.frameStarts.push(c.count > 0 && !c.escaped && c.seq[0] === firstSeq ? 1 : 0);
    for (let k = 0; k < c.count; k++) {
      const seq = c.seq[k], op = c.op[k], n = c.n[k], mask = c.mask[k];
      if (c.events[k] === 0) continue; // Free(NULL), or a group cut by a frame end (its events are escaped records)
      const address = c.address[k], result = c.result[k];
      if (op === 4) {
        if (address !== 0) this.addresses.add(address, seq, 1, op, n);
      } else if (op === 3 && address !== 0) {
        if (result === address) this.addresses.add(address, seq, 4, op, n);
        else {
          // two entries of one seq: keys differ, so each key's entries stay in seq order
          this.addresses.add(address, seq, 2, op, n, result);
          this.addresses.add(result, seq, 3, op, n, address);
        }
      } else {
        this.addresses.add(result, seq, 0, op, n);
      }
      if (mask & ((1 << B.PoolInitialized) | (1 << B.PoolReused) | (1 << B.PoolFull))) {
        const pool = Math.floor(result / poolSize) * poolSize;
        const cls = this.codec.sizeIndexOf(n);
        this.poolClass.set(pool, cls);
        if (mask & (1 << B.PoolInitialized)) this.pools.add(pool, seq, 0, op, cls);
        if (mask & (1 << B.PoolReused)) this.pools.add(pool, seq, 1, op, cls);
        if (mask & (1 << B.PoolFull)) this.pools.add(pool, seq, 2, op, cls);
      }
      if (mask & (1 << B.PoolFreed)) {
        const pool = Math.floor(address / poolSize) * poolSize;
        this.pools.add(pool, seq, 3, op, this.poolClass.get(pool) ?? 0xffff_ffff);
      }
      if (mask & (1 << B.ArenaAllocated)) this.arenaEvents.push({ seq, kind: 'allocated', baseAddress: c.arenaBase[k], arenasInUse: ++this.arenasInUse });
      if (mask & (1 << B.ArenaFreed)) this.arenaEvents.push({ seq, kind: 'freed', baseAddress: c.freedArenaBase[k], arenasInUse: --this.arenasInUse });
    }
    this.sinceCheckpoint = position - this.positions[this.positions.length - 1];
    if (this.sinceCheckpoint >= this.every) this.checkpoint(state, position);
  }

  /** The log ended at `position` with `state`: its last checkpoint. */
  end(state: ObmallocState, position: number): void {
    this.checkpoint(state, position);
  }

  private checkpoint(state: ObmallocState, position: number): void {
    if (this.positions[this.positions.length - 1] === position) return;
    this.store.take(state);
    this.positions.push(position);
  }

  /**
   * Thins the checkpoints to the budget and, with a writer, writes the parts (then read
   * the index back from the file: its blocks are there, not here) and returns null;
   * without one, returns the index.
   */
  finish(logBytes: number): AllocatorIndex | null {
    const budget = this.options.checkpointBudgetBytes ?? CHECKPOINT_BUDGET * logBytes;
    let k = 1;
    let store = this.store;
    let kept = this.positions.map((_, i) => i);
    while (store.byteLength > budget && kept.length > 2) {
      k += 1;
      kept = this.positions.map((_, i) => i).filter((i) => i % k === 0);
      store = this.store.select(kept);
    }
    const positions = Float64Array.from(kept.map((i) => this.positions[i]));
    const addressRuns = this.addresses.finish();
    const poolRuns = this.pools.finish();
    if (this.writer === null) {
      const read = (id: number) => this.memoryBlocks[id];
      return new AllocatorIndex(store, positions, new RunsReader(addressRuns, read, { otherKinds: MOVE_KINDS }), new RunsReader(poolRuns, read), this.arenaEvents, Int8Array.from(this.frameStarts));
    }
    const w = this.writer;
    w.blob('checkpoints', store.toBytes());
    const pw = new ByteWriter(1024).varuint(positions.length);
    for (let i = 0; i < positions.length; i++) pw.varuint(positions[i] - (i > 0 ? positions[i - 1] : 0));
    w.part('positions', pw.finish().slice());
    w.part('addresses', encodeDirectories(addressRuns));
    w.part('pools', encodeDirectories(poolRuns));
    const aw = new ByteWriter(1024).varuint(this.arenaEvents.length);
    let seq = 0;
    for (const e of this.arenaEvents) {
      aw.varuint(e.seq - seq);
      seq = e.seq;
      aw.u8(e.kind === 'allocated' ? 0 : 1);
      aw.varuint(e.baseAddress);
    }
    w.part('arenas', aw.finish().slice());
    w.part('frames', Uint8Array.from(this.frameStarts));
    this.info = { checkpoints: positions.length, checkpointBytes: store.byteLength, poolVersions: store.versionCount };
    return null;
  }

  /** Figures for the manifest, after finish. */
  info: Record<string, number> = {};
}
