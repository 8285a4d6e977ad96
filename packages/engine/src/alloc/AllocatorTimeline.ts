/**
 * The allocator's timeline: a log's records, navigable with the help of its index
 * (AllocatorIndex: checkpoints, per-address and per-pool runs, arena events): seek to any
 * seq, step back and forward, run to a condition, and ask of the past ("when was this
 * block freed, and by what", "what pins this arena").
 *
 * Positions: `position` counts the records applied to `state` (0 = the initial state).
 * The state "at seq n" is the state after record n, i.e. at position n + 1.
 *
 *   operation        cost
 *   open             read the index (or build it: one pass over the log)
 *   seek(n)          restore the nearest checkpoint at or before n (unless the current
 *                    state is already between it and n, or close before it), rewriting
 *                    only the pools that differ, then replay forward (FrameReplayer)
 *   stepBack()       seek(current - 1)
 *   history(addr)    the address's keyed runs (one or two index blocks)
 *   pins(n, arena)   seek(n), list the arena's live blocks, look up each one's allocation
 */
import {
  debugMallocStats, diffStates, initialState, summarize,
  type ObmallocCodec, type ObmallocEvent, type ObmallocRecord, type ObmallocState,
} from '@pymm/obmalloc';
import type { FrameSource } from '../FrameSource.js';
import { AllocatorIndex, AllocatorIndexBuilder, type AllocatorIndexOptions, type ArenaEvent } from './AllocatorIndex.js';
import { CMD_NAME, FrameReplayer, TimelineError } from './FrameReplayer.js';
import type { IndexWriter } from '../index/IndexFile.js';

export { TimelineError };
export type { ArenaEvent };

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

export interface TimelineOptions extends AllocatorIndexOptions {
  readonly onProgress?: (recordsDone: number, recordsTotal: number) => void;
}

/** Address entry kinds that make a block live: allocated (0), reallocated-to (3). */
const ALLOCATION_KINDS = (1 << 0) | (1 << 3);
/** Records that replay in about the time a checkpoint restore takes. */
const RESTORE_COST_RECORDS = 8192;

export class AllocatorTimeline {
  private readonly replayer: FrameReplayer;
  readonly length: number;
  readonly arenaEvents: readonly ArenaEvent[];

  private constructor(
    readonly source: FrameSource,
    readonly codec: ObmallocCodec,
    private readonly index: AllocatorIndex,
  ) {
    if (index.opensWithCommand.length !== source.frames.length) throw new TimelineError(0, `the index describes ${index.opensWithCommand.length} frames; the log has ${source.frames.length}`);
    this.replayer = new FrameReplayer(source, codec, initialState({ profile: codec.profile }), index.opensWithCommand);
    this.length = source.recordCount;
    this.arenaEvents = index.arenaEvents;
  }

  get state(): ObmallocState {
    return this.replayer.state;
  }
  get position(): number {
    return this.replayer.position;
  }

  /** Replays the whole log once, building its index in memory (logs in memory, tests). */
  static open(source: FrameSource, codec: ObmallocCodec, options: TimelineOptions = {}): AllocatorTimeline {
    return new AllocatorTimeline(source, codec, AllocatorTimeline.buildIndex(source, codec, null, options)!);
  }

  /** A timeline over a log whose index was read from its index file. */
  static withIndex(source: FrameSource, codec: ObmallocCodec, index: AllocatorIndex): AllocatorTimeline {
    return new AllocatorTimeline(source, codec, index);
  }

  /**
   * One pass over the log: every command re-executed and checked against it, the index
   * built from the frames (streamed to `writer` if given: then null is returned, and the
   * index is read back from the file).
   */
  static buildIndex(source: FrameSource, codec: ObmallocCodec, writer: IndexWriter | null, options: TimelineOptions = {}): AllocatorIndex | null {
    const r = new FrameReplayer(source, codec, initialState({ profile: codec.profile }));
    const b = new AllocatorIndexBuilder(codec, writer, options);
    b.start(r.state);
    const frames = source.frames;
    for (let f = 0; f < frames.length; f++) {
      const frame = frames[f];
      if (frame.firstSeq !== r.position) throw new TimelineError(frame.firstSeq, `frame ${f} starts at seq ${frame.firstSeq}, expected ${r.position}`);
      r.applyFrame(f, frame.firstSeq + frame.count);
      b.onFrame(r.columns(f), frame.firstSeq, r.state, r.position);
      options.onProgress?.(r.position, r.length);
    }
    if (r.position !== r.length) throw new TimelineError(r.position, `the log's frames hold ${r.position} records, its index says ${r.length}`);
    b.end(r.state, r.position);
    return b.finish(source.byteLength);
  }

  /** Sum of what the checkpoints hold (pool versions counted once). */
  get checkpointBytes(): number {
    return this.index.checkpoints.byteLength;
  }
  get checkpointCount(): number {
    return this.index.checkpoints.count;
  }
  /** Memory the indexes take: run directories, cached blocks, checkpoint positions. */
  get indexBytes(): number {
    return this.index.indexBytes;
  }

  /** Move to position p (records applied). */
  private goto(p: number): void {
    if (!Number.isInteger(p) || p < 0 || p > this.length) throw new RangeError(`position ${p} is outside 0..${this.length}`);
    const r = this.replayer;
    if (p === r.position) return;
    const positions = this.index.positions;
    let lo = 0, hi = positions.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (positions[mid] <= p) lo = mid;
      else hi = mid - 1;
    }
    // Going forward from here beats restoring unless the checkpoint is much closer.
    const forward = r.position <= p && p - r.position <= p - positions[lo] + RESTORE_COST_RECORDS;
    if (!forward) {
      r.state = this.index.checkpoints.restore(lo, r.state);
      r.position = positions[lo];
    }
    r.advance(p);
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
      this.goto(this.replayer.groupEndAfter(this.position));
      if (predicate(this.state, this.seq)) return this.seq;
    }
    return null;
  }

  /**
   * The last record of the call after (direction 1) or before (-1) the one record `seq`
   * belongs to, or null at an end: stepping call by call.
   */
  stepCommand(seq: number, direction: 1 | -1): number | null {
    const r = this.replayer;
    if (direction > 0) return seq + 1 >= this.length ? null : r.groupEndAfter(seq + 1) - 1;
    if (seq < 0) return null;
    return r.commandOf(seq) - 1;
  }

  /** The first seq at which more than `k` arenas are in use, or null. */
  firstSeqArenasExceed(k: number): number | null {
    for (const e of this.arenaEvents) if (e.arenasInUse > k) return this.replayer.lastRecordOfGroup(e.seq);
    return null;
  }

  /** Every allocation, free and reallocation that touched `address`, oldest first. */
  history(address: number): HistoryEntry[] {
    return this.index.addresses.entries(address).map((e) => ({
      seq: e.seq,
      kind: KIND[e.kind],
      command: CMD_NAME[e.op] as HistoryEntry['command'],
      requestBytes: e.aux,
      ...(e.kind === 2 || e.kind === 3 ? { otherAddress: e.other } : {}),
    }));
  }

  /**
   * Seq of the command that allocated the block that is live at `address` at `seq` (or
   * moved it there), -1 if none: the newest allocation with a command seq <= `seq` (a
   * later one cannot exist while the block is live).
   */
  allocatedAt(address: number, seq: number): number {
    return this.index.addresses.lastSeqs(Float64Array.of(address), seq, ALLOCATION_KINDS)[0];
  }

  /** Pool events (initialised, reused, full, emptied) of the pool at `poolAddress`, oldest first. */
  poolHistory(poolAddress: number): PoolHistoryEntry[] {
    return this.index.pools.entries(poolAddress).map((e) => ({ seq: e.seq, kind: POOL_KIND[e.kind], sizeIndex: e.aux === 0xffff_ffff ? -1 : e.aux }));
  }

  /** What keeps arenas from being returned at `seq`: each live arena's live blocks. */
  pins(seq: number, arenaIndex?: number): ArenaPins[] {
    const s = this.seek(seq);
    const out: ArenaPins[] = [];
    for (let a = 0; a < s.maxarenas; a++) {
      if (s.arenaAddress[a] === 0 || (arenaIndex !== undefined && a !== arenaIndex)) continue;
      const { addresses, classes } = liveBlocksOf(s, a);
      // blocks come in address order (pools by slot, blocks by offset): one walk of the runs
      const at = this.index.addresses.lastSeqs(Float64Array.from(addresses), seq, ALLOCATION_KINDS);
      const liveBlocks = addresses.map((address, i) => ({ address, sizeIndex: classes[i], allocatedAt: at[i] }));
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
    return this.replayer.recordAt(seq);
  }

  /** A branch: the state at `seq`, on which other commands can be applied. */
  stateAt(seq: number): ObmallocState {
    return this.seek(seq).clone();
  }
}

/** The live blocks of arena `a` (address order: pools by slot, blocks by offset) and their size classes. */
export function liveBlocksOf(s: ObmallocState, a: number): { addresses: number[]; classes: number[] } {
  const g = s.geometry;
  const addresses: number[] = [];
  const classes: number[] = [];
  for (let slot = 0; slot < s.arenaCarved[a]; slot++) {
    const pid = s.poolId(a, slot);
    if (s.poolCount[pid] === 0) continue;
    const szidx = s.poolSzidx[pid];
    const size = g.blockSizeBytes[szidx];
    const base = pid * g.unitsPerPool;
    for (let off = s.profile.poolOverheadBytes; off < s.poolNextoffset[pid]; off += size) {
      if (s.links[base + (off >> g.alignmentShift)] !== -1) continue;
      addresses.push(s.poolBase[pid] + off);
      classes.push(szidx);
    }
  }
  return { addresses, classes };
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
