/**
 * The timeline: one type for every .pymmlog, whatever produced it.
 *
 *   log kind    written by                 engine inside      what it holds
 *   allocator   pymm log build (a trace)   AllocatorTimeline  pymalloc commands and events
 *   heap        pymm run --log (pylite)    HeapTimeline       objects, collector, pymalloc
 *
 * Both open from their index file (LOG.idx; built with a notice when missing or stale).
 * Positions are seqs: "at seq n" is the state after record n (-1: the initial state). The
 * allocator's view exists for both kinds (a heap log's allocator is its objects' memory);
 * object questions need a heap log and say so otherwise.
 *
 *   question                       allocator log           heap log
 *   allocatorAt(seq)               checkpoint + replay     checkpoint + fold, .objects.mem
 *   heapAt(seq)                    (refused)               checkpoint + fold
 *   addressHistory(address)        per-address index       per-address index (with objects)
 *   pins(seq, arena)               live blocks + index     the same, with the object in each
 *   objectHistory / show / why     (refused)               per-object index
 *   objects(type, line, seq)       (refused)               object table
 *   resolveName(name, seq)         (refused)               name index and frames
 *   step(seq, dir, by)             event, command,         event, statement, collection
 *                                  arena event
 *   diff(a, b), branch(seq)        allocator summaries     allocator and heap summaries
 */
import { LogReader, type Recovery } from '@pymm/eventlog';
import { attachRuntime, cloneGcState, type GcCommand, type GcEvent, type GcState } from '@pymm/gc';
import { debugMallocStats, poolOf, resolveProfile, type ObmallocState } from '@pymm/obmalloc';
import { heapFor, LIST_HEADS, type ObjectId } from '@pymm/objects';
import { execute as executeGc } from '@pymm/gc';
import { AllocatorTimeline, diffSummaries, liveBlocksOf, summarizeAt, type ArenaPins, type HistoryEntry, type TimelineDiff } from './alloc/AllocatorTimeline.js';
import { Branch } from './Branch.js';
import { HeapTimeline, type HeapOpenOptions } from './heap/HeapTimeline.js';
import type { Marker } from './heap/HeapIndexBuilder.js';
import type { Holders, ObjectProjection } from './heap/HeapIndex.js';
import { openAllocatorLog, type OpenLogOptions } from './openLog.js';
import { checkLogDomain } from './logHeader.js';

export type LogKind = 'allocator' | 'heap';
export type StepUnit = 'event' | 'command' | 'statement' | 'collection';

/** A question this kind of log cannot answer (a clear error, not a wrong answer). */
export class TimelineQuestionError extends Error {
  override readonly name = 'TimelineQuestionError';
}

export interface AddressEntry {
  readonly seq: number;
  readonly kind: string;
  readonly requestBytes: number;
  /** The command behind it (an allocator log's call), or the record that caused it. */
  readonly cause: number;
  readonly command?: string;
  readonly otherAddress?: number;
  /** Heap logs: the object made in the block. */
  readonly object?: ObjectId;
}

export interface ObjectShow {
  readonly id: ObjectId;
  readonly seq: number;
  readonly alive: boolean;
  readonly description: string;
  readonly type: string;
  readonly refcount: number;
  readonly external: number;
  readonly getsizeof: number;
  /** id(): the address of the PyObject (after the GC header and any pre-header). */
  readonly address: number;
  /** The pymalloc block the object lives in (its start; `address` is inside it), 0 for a static object. */
  readonly block: number;
  /** An immortal object of the interpreter: its refcount is not a real count. */
  readonly static: boolean;
  /** A short value: `[1, 2, <Node>] (3 items)`, `<Node: i=3>`, `'text'`, `None`. */
  readonly value: string;
  readonly tracked: boolean;
  readonly generation: number | 'permanent' | null;
  readonly finalized: boolean;
  readonly createdSeq: number;
  readonly destroyedSeq: number | null;
  /** The first `limit` of each (the counts say how many there are). */
  readonly references: readonly { to: ObjectId; via: string; description: string }[];
  readonly referrers: readonly { from: ObjectId; via: string; description: string }[];
  readonly referenceCount: number;
  readonly referrerCount: number;
}

export interface HeapSummary {
  readonly liveObjects: number;
  readonly byType: ReadonlyMap<string, number>;
  readonly gcCounts: readonly number[];
  readonly collections: readonly number[];
}

export interface FullDiff {
  readonly fromSeq: number;
  readonly toSeq: number;
  readonly allocator: TimelineDiff;
  /** Heap logs: objects made and freed between the two seqs, and counts by type. */
  readonly heap: {
    readonly added: readonly ObjectId[];
    readonly removed: readonly ObjectId[];
    readonly changed: readonly { id: ObjectId; refcount: [number, number] }[];
    readonly byType: readonly { type: string; count: [number, number] }[];
  } | null;
}

export class Timeline {
  private constructor(
    readonly kind: LogKind,
    readonly allocator: AllocatorTimeline | null,
    readonly heap: HeapTimeline | null,
    readonly path: string | null,
    readonly recovered: Recovery | null,
    readonly indexOrigin: 'read' | 'built',
  ) {}

  /** Opens any .pymmlog with its index. */
  static open(path: string, options: OpenLogOptions & HeapOpenOptions = {}): Timeline {
    const header = LogReader.open(path, { verify: 'headers' });
    const domain = header.header.domain;
    header.close();
    checkLogDomain({ domain }, path);
    if (domain === 'heap') {
      const h = HeapTimeline.open(path, options);
      return new Timeline('heap', null, h, path, h.recovered, h.indexOrigin);
    }
    const o = openAllocatorLog(path, options);
    return new Timeline('allocator', o.timeline, null, path, o.reader.recovered, o.index);
  }

  static ofAllocator(t: AllocatorTimeline): Timeline {
    return new Timeline('allocator', t, null, null, null, 'built');
  }
  static ofHeap(t: HeapTimeline): Timeline {
    return new Timeline('heap', null, t, null, t.recovered, t.indexOrigin);
  }

  get length(): number {
    return this.allocator !== null ? this.allocator.length : this.heap!.length;
  }
  get profile(): string {
    return this.allocator !== null ? this.allocator.codec.profile.name : this.heap!.profile;
  }

  private checkSeq(seq: number): void {
    if (!Number.isInteger(seq) || seq < -1 || seq >= this.length) throw new RangeError(`seq ${seq} is outside the log (-1 .. ${this.length - 1})`);
  }

  private needHeap(what: string): HeapTimeline {
    if (this.heap === null) throw new TimelineQuestionError(`${what} needs a heap log (pymm run --log); this is an allocator log, which knows blocks, not objects`);
    return this.heap;
  }

  /** The allocator after record `seq` (the timeline's own state: clone it to keep it). */
  allocatorAt(seq: number): ObmallocState {
    this.checkSeq(seq);
    return this.allocator !== null ? this.allocator.seek(seq) : this.heap!.stateAt(seq + 1).objects.mem;
  }

  /** Heap logs: objects, collector and allocator after record `seq` (the timeline's own state). */
  heapAt(seq: number): GcState {
    this.checkSeq(seq);
    return this.needHeap('the object heap').stateAt(seq + 1);
  }

  /** sys._debugmallocstats() after record `seq`, and for heap logs the collector's counts. */
  statsAt(seq: number): { seq: number; text: string; liveObjects?: number; gcCounts?: number[]; thresholds?: number[]; gcStats?: unknown } {
    if (this.heap !== null) {
      const g = this.heapAt(seq);
      return { seq, text: debugMallocStats(g.objects.mem), liveObjects: g.objects.liveCount, gcCounts: [...g.objects.gcCounts], thresholds: [...g.thresholds], gcStats: g.stats };
    }
    return { seq, text: debugMallocStats(this.allocatorAt(seq)) };
  }

  /**
   * The next (direction 1) or previous (-1) seq from `seq` that ends a unit, or null at
   * an end. A unit ends at: each record (event); the last record of each call (command,
   * allocator logs); the record before each statement starts, i.e. with the previous
   * statement's effects done (statement, heap logs); each collection's last record.
   */
  step(seq: number, direction: 1 | -1, by: StepUnit): number | null {
    this.checkSeq(seq);
    const n = this.length;
    if (by === 'event') {
      const s = seq + direction;
      return s < -1 || s >= n ? null : s;
    }
    if (by === 'collection') return nearest(this.markers().filter((m) => m.kind === 'collection').map((m) => m.endSeq!), seq, direction);
    if (this.heap !== null) {
      // statement k's end: the record before statement k + 1 (the log's last record for the last one)
      const st = this.heap.index.statementSeqs();
      const end = (k: number) => (k + 1 < st.length ? st[k + 1]! - 1 : n - 1);
      let lo = 0, hi = st.length - 1, k = -1;
      while (lo <= hi) { const mid = (lo + hi) >> 1; if (end(mid) <= seq) { k = mid; lo = mid + 1; } else hi = mid - 1; }
      // k: the last statement ending at or before seq
      if (direction > 0) return k + 1 < st.length ? end(k + 1) : null;
      if (k >= 0 && end(k) < seq) return end(k);
      return k - 1 >= 0 ? end(k - 1) : null;
    }
    if (by === 'statement') throw new TimelineQuestionError('stepping by statement needs a heap log; an allocator log steps by event or command');
    return this.allocator!.stepCommand(seq, direction);
  }

  /** The record at `seq`, in one line: an allocator call or event, a program statement, a heap event and its cause. */
  recordText(seq: number): string {
    if (seq < 0) return '(initial state)';
    this.checkSeq(seq);
    if (this.allocator !== null) {
      const r = this.allocator.recordAt(seq);
      if (r.kind === 'command') {
        const c = r.command;
        return c.type === 'Free' ? `Free(0x${c.address.toString(16)})` : c.type === 'Realloc' ? `Realloc(0x${c.address.toString(16)}, ${c.requestBytes})` : `${c.type}(${c.requestBytes})`;
      }
      return `${eventText(r.event as unknown as Record<string, unknown>)}  (caused by seq ${r.cause})`;
    }
    const h = this.heap!;
    const r = h.recordAt(seq)!;
    if (r.kind === 'command') {
      const line = r.command['line'];
      if (typeof line === 'number') {
        const text = h.index.meta.source?.text.split('\n')[line - 1]?.trim();
        return line === 0 ? 'interpreter start-up' : `line ${line}${text !== undefined ? `: ${text}` : ''}`;
      }
      if (typeof r.command['run'] === 'string') return `${r.command['run']} (the program's start-up and exit)`;
      if (typeof r.command['code'] === 'number') return `function ${String(r.command['name'])} (locals ${(r.command['names'] as string[]).join(', ')})`;
      return JSON.stringify(r.command);
    }
    return `${eventText(r.event as unknown as Record<string, unknown>)}  (caused by seq ${r.cause})`;
  }

  /**
   * The seq of the call that allocated the block live at `address` after record `seq`
   * (or moved it there), -1 if none.
   */
  allocatedAt(address: number, seq: number): number {
    if (this.allocator !== null) return this.allocator.allocatedAt(address, seq);
    const e = this.heap!.index.addresses.lastMatching(address, seq, (k) => k === 0);
    return e === null ? -1 : e.seq;
  }

  /** Collections, arena allocations and releases, finalizers and errors, in seq order. */
  markers(): Marker[] {
    if (this.heap !== null) return [...this.heap.index.markers].sort((a, b) => a.seq - b.seq);
    return this.allocator!.arenaEvents.map((e) => ({ seq: e.seq, kind: e.kind === 'allocated' ? 'arena-allocated' as const : 'arena-freed' as const, address: e.baseAddress }));
  }

  /** Every allocation, free and reallocation at `address` (and, in heap logs, the objects made there). */
  addressHistory(address: number): AddressEntry[] {
    if (this.allocator !== null) {
      return this.allocator.history(address).map((h: HistoryEntry) => ({
        seq: h.seq, kind: h.kind, requestBytes: h.requestBytes, cause: h.seq, command: h.command,
        ...(h.otherAddress !== undefined ? { otherAddress: h.otherAddress } : {}),
      }));
    }
    return this.heap!.index.addressHistory(address).map((h) => ({ seq: h.seq, kind: h.kind, requestBytes: h.requestBytes, cause: h.cause, ...(h.object >= 0 ? { object: h.object } : {}) }));
  }

  /**
   * The blocks containing `address` when no block starts there (an object's id(), say,
   * which lies after its GC header): after record `seq`, the small or raw block live or
   * carved there; without `seq`, every small block that ever held an allocation around
   * that place (a pool can serve one size class, then another), oldest size first.
   */
  blocksContaining(address: number, seq?: number): { block: number; blockBytes: number }[] {
    const profile = resolveProfile(this.profile);
    const size = (request: number): number => (request <= 0 || request > profile.smallRequestThresholdBytes ? 0 : Math.ceil(request / profile.alignmentBytes) * profile.alignmentBytes);
    if (seq !== undefined) {
      const s = this.allocatorAt(seq);
      const pid = poolOf(s, address);
      if (pid >= 0) {
        const bytes = s.geometry.blockSizeBytes[s.poolSzidx[pid]]!;
        const off = address - s.poolBase[pid] - profile.poolOverheadBytes;
        return off < 0 || bytes === 0 ? [] : [{ block: address - (off % bytes), blockBytes: bytes }];
      }
      for (const [start, bytes] of s.rawBlocks.entries()) if (address > start && address < start + bytes) return [{ block: start, blockBytes: bytes }];
      return [];
    }
    const pool = Math.floor(address / profile.poolSizeBytes) * profile.poolSizeBytes;
    const off = address - pool - profile.poolOverheadBytes;
    if (off < 0) return [];
    const out: { block: number; blockBytes: number; first: number }[] = [];
    for (let bytes = profile.alignmentBytes; bytes <= profile.smallRequestThresholdBytes; bytes += profile.alignmentBytes) {
      const block = address - (off % bytes);
      if (block === address) continue;
      const first = this.addressHistory(block).find((h) => h.requestBytes > 0 && size(h.requestBytes) === bytes);
      if (first !== undefined) out.push({ block, blockBytes: bytes, first: first.seq });
    }
    return out.sort((a, b) => a.first - b.first).map(({ block, blockBytes }) => ({ block, blockBytes }));
  }

  /** What keeps each arena mapped after record `seq`: its live blocks, when each was allocated, and (heap logs) the object in it. */
  pins(seq: number, arena?: number): (ArenaPins & { objects?: (ObjectId | null)[] })[] {
    this.checkSeq(seq);
    if (this.allocator !== null) return this.allocator.pins(seq, arena);
    const h = this.heap!;
    const s = this.allocatorAt(seq);
    const out: (ArenaPins & { objects: (ObjectId | null)[] })[] = [];
    for (let a = 0; a < s.maxarenas; a++) {
      if (s.arenaAddress[a] === 0 || (arena !== undefined && a !== arena)) continue;
      const { addresses, classes } = liveBlocksOf(s, a);
      // one walk of the address runs for the whole arena (blocks come in address order)
      const { allocatedAt, objects } = h.index.blocksAt(Float64Array.from(addresses), seq);
      const liveBlocks = addresses.map((address, i) => ({ address, sizeIndex: classes[i]!, allocatedAt: allocatedAt[i]! }));
      out.push({ arenaIndex: a, baseAddress: s.arenaAddress[a], freePools: s.arenaNfreepools[a], totalPools: s.arenaNtotalpools[a], liveBlocks, objects });
    }
    if (arena !== undefined && out.length === 0) throw new RangeError(`no arena ${arena} is live at seq ${seq}`);
    return out;
  }

  /** Every refcount change of an object, with the command behind it. */
  objectHistory(id: ObjectId): ReturnType<HeapTimeline['refcountHistory']> {
    return this.needHeap('an object\'s history').refcountHistory(id);
  }

  /** A page of an object's refcount changes, and how many there are in all. */
  objectHistoryPage(id: ObjectId, offset: number, limit: number): ReturnType<HeapTimeline['refcountHistoryPage']> {
    return this.needHeap('an object\'s history').refcountHistoryPage(id, offset, limit);
  }

  /**
   * An object after record `seq`: from its own index entries (no heap rebuilt). Its
   * references and referrers are listed up to `limit` each (counted in full).
   */
  show(id: ObjectId, seq: number, limit = 100): ObjectShow {
    this.checkSeq(seq);
    const ix = this.needHeap('an object').index;
    if (!ix.exists(id)) throw new TimelineQuestionError(`no object ${id} in this log (ids go up to ${ix.objectCount - 1})`);
    const p: ObjectProjection = ix.project(id, seq);
    const { getsizeof, address, references } = p.alive ? ix.sizeAndLabels(p, limit) : { getsizeof: -1, address: 0, references: [] };
    return {
      referenceCount: p.slots.filter((x) => x >= 0).length + (p.kind === 12 ? 1 + (p.dict >= 0 ? 1 : 0) : 0),
      referrerCount: p.referrers.length,
      id, seq, alive: p.alive, description: ix.describe(id, seq), type: ix.typeName(id), refcount: p.refcount, external: p.refcount - p.inref,
      getsizeof, address, block: p.isStatic ? 0 : ix.blockAddressOf(id), static: p.isStatic, value: p.alive ? ix.summary(id, seq, p) : ix.repr(id), tracked: p.list >= 0, generation: p.list < 0 ? null : p.list === 3 ? 'permanent' : p.list, finalized: p.finalized,
      createdSeq: p.createdSeq, destroyedSeq: Number.isFinite(p.destroyedSeq) ? p.destroyedSeq : null,
      references: references.map((r) => ({ ...r, description: ix.describe(r.to, seq) })),
      referrers: p.referrers.slice(0, limit).map((r) => ({ from: r.container, via: ix.labelOf(r.container, r.label, seq), description: ix.describe(r.container, seq) })),
    };
  }

  /**
   * Every holder of an object after record `seq`, named as the program names it (the
   * variables holding it, and each object referring to it with an expression from a
   * variable, 'b.other'); `explanation` says it in one sentence.
   */
  holders(id: ObjectId, seq: number, limit = 50): Holders {
    this.checkSeq(seq);
    return this.needHeap('why an object is alive').index.holders(id, seq, limit);
  }

  /**
   * The end of the program (heap logs): the record before the module's frame is left,
   * before interpreter shutdown clears __main__; the log's last record otherwise.
   */
  programEnd(): number {
    return this.heap !== null ? Math.min(this.length - 1, this.heap.index.programEnd()) : this.length - 1;
  }

  /** Why an object is alive after record `seq`. */
  whyAlive(id: ObjectId, seq: number): ReturnType<HeapTimeline['whyAlive']> {
    this.checkSeq(seq);
    return this.needHeap('why an object is alive').whyAlive(id, seq + 1);
  }

  /** Live objects after record `seq`, by type name and/or made by a source line (the statement of the frame that made each). */
  objects(seq: number, filter: { type?: string; line?: number } = {}): ObjectId[] {
    this.checkSeq(seq);
    const ix = this.needHeap('listing objects').index;
    const out: ObjectId[] = [];
    ix.forEachAlive(seq, (id, type, isStatic, created) => {
      if (isStatic) return;
      if (filter.type !== undefined && type !== filter.type) return;
      if (filter.line !== undefined) {
        // the statement of the frame that made it (not the last line of a call that returned before)
        const w = ix.whereAt(created);
        if (w.kind !== 'statement' || w.line !== filter.line) return;
      }
      out.push(id);
    });
    return out;
  }

  /** The object a variable named `name` held after record `seq` (innermost frame first, then the module). */
  resolveName(name: string, seq: number): ReturnType<HeapTimeline['index']['resolveName']> {
    this.checkSeq(seq);
    return this.needHeap('a variable').index.resolveName(name, seq);
  }

  /**
   * The seq just after the k-th run (from 0) of source line `line` ended: its last record,
   * the calls it made included.
   */
  seqOfLine(line: number, k = 0): number {
    const ix = this.needHeap('a source line').index;
    const { seqs, total } = ix.seqsOfLine(line, k, 1);
    if (seqs.length === 0) throw new TimelineQuestionError(total === 0 ? `line ${line} never ran` : `line ${line} ran ${total} time${total === 1 ? '' : 's'}; there is no run ${k + 1}`);
    return ix.statementEnd(seqs[0]!, this.length);
  }

  /** What changed between two seqs. */
  diff(fromSeq: number, toSeq: number): FullDiff {
    this.checkSeq(fromSeq);
    this.checkSeq(toSeq);
    const a = summarizeAt(this.allocatorAt(fromSeq));
    const b = summarizeAt(this.allocatorAt(toSeq));
    const allocator = diffSummaries(fromSeq, toSeq, a, b);
    if (this.heap === null) return { fromSeq, toSeq, allocator, heap: null };
    const ix = this.heap.index;
    const added: ObjectId[] = [], removed: ObjectId[] = [];
    const countA = new Map<string, number>(), countB = new Map<string, number>();
    const inA = new Set<number>();
    ix.forEachAlive(fromSeq, (id, type, isStatic) => { if (!isStatic) { inA.add(id); countA.set(type, (countA.get(type) ?? 0) + 1); } });
    ix.forEachAlive(toSeq, (id, type, isStatic) => {
      if (isStatic) return;
      countB.set(type, (countB.get(type) ?? 0) + 1);
      if (!inA.delete(id)) added.push(id);
    });
    for (const id of inA) removed.push(id as ObjectId);
    const removedSet = new Set<number>(removed);
    const ra = this.heapAt(fromSeq).objects.refcnt.slice();
    const sb = this.heapAt(toSeq).objects;
    const changed: { id: ObjectId; refcount: [number, number] }[] = [];
    const fresh = new Set<number>(added);
    for (let id = LIST_HEADS; id < Math.min(ra.length, sb.nextId); id++) {
      if (!sb.isAlive(id) || fresh.has(id) || removedSet.has(id) || (sb.flags[id]! & 2) !== 0) continue;
      if (ra[id] !== sb.refcnt[id]) changed.push({ id: id as ObjectId, refcount: [ra[id]!, sb.refcnt[id]!] });
    }
    const types = [...new Set([...countA.keys(), ...countB.keys()])].sort();
    const byType = types.map((type) => ({ type, count: [countA.get(type) ?? 0, countB.get(type) ?? 0] as [number, number] })).filter((t) => t.count[0] !== t.count[1]);
    return { fromSeq, toSeq, allocator, heap: { added, removed, changed, byType } };
  }

  /** A branch: the state after record `seq`, on which other commands can be applied and compared with the trunk. */
  branch(seq: number): Branch | HeapBranch {
    this.checkSeq(seq);
    if (this.allocator !== null) return new Branch(this.allocator, seq);
    return new HeapBranch(this, seq);
  }
}

/**
 * A heap log's branch: the heap, collector and allocator after record `forkSeq`, on
 * which other collector commands (another threshold, a gc.collect() inserted, gc turned
 * off) are applied; each records the events it causes.
 */
export class HeapBranch {
  readonly state: GcState;
  readonly events: GcEvent[][] = [];
  constructor(
    readonly trunk: Timeline,
    readonly forkSeq: number,
  ) {
    this.state = cloneGcState(trunk.heapAt(forkSeq));
  }

  /** Applies a collector command (`{ type: 'Collect', generation: 2 }`, `{ type: 'SetThreshold', ... }`); returns its events. */
  apply(command: GcCommand): GcEvent[] {
    const events: GcEvent[] = [];
    const rt = attachRuntime(this.state, { sink: (e) => events.push(e) });
    executeGc(rt.state, command, rt.heap.sink as never, rt.heap.host);
    this.events.push(events);
    return events;
  }

  /** The branch now against the trunk at `trunkSeq` (default: the fork point). */
  compare(trunkSeq = this.forkSeq): { allocator: TimelineDiff; heap: { trunk: HeapSummary; branch: HeapSummary } } {
    const trunk = this.trunk.heapAt(trunkSeq);
    const allocator = diffSummaries(trunkSeq, this.forkSeq, summarizeAt(trunk.objects.mem), summarizeAt(this.state.objects.mem));
    return { allocator, heap: { trunk: heapSummary(trunk), branch: heapSummary(this.state) } };
  }
}

function eventText(e: Record<string, unknown>): string {
  // a heap log's allocator event is nested in a MemoryChanged: say it as the event it is
  if (e['type'] === 'MemoryChanged' && e['event'] !== null && typeof e['event'] === 'object') return eventText(e['event'] as Record<string, unknown>);
  const fields = Object.entries(e).filter(([k]) => k !== 'type').map(([k, v]) => {
    if (typeof v === 'number' && /address|Address/.test(k)) return `${k}=0x${v.toString(16)}`;
    if (v !== null && typeof v === 'object') return `${k}=${JSON.stringify(v)}`;
    return `${k}=${String(v)}`;
  });
  return `${String(e['type'])} ${fields.join(' ')}`;
}

/** The first value after `seq` (direction 1) or the last before it (-1) in ascending `values`, or null. */
function nearest(values: readonly number[], seq: number, direction: 1 | -1): number | null {
  if (direction > 0) { for (const v of values) if (v > seq) return v; return null; }
  for (let i = values.length - 1; i >= 0; i--) if (values[i]! < seq) return values[i]!;
  return null;
}

export function heapSummary(g: GcState): HeapSummary {
  const s = g.objects;
  const h = heapFor(s);
  const byType = new Map<string, number>();
  for (let id = LIST_HEADS; id < s.nextId; id++) {
    if (!s.isAlive(id) || (s.flags[id]! & 2) !== 0) continue;
    const t = h.typeName(id as ObjectId);
    byType.set(t, (byType.get(t) ?? 0) + 1);
  }
  return { liveObjects: s.liveCount, byType, gcCounts: [...s.gcCounts], collections: g.stats.map((x) => x.collections) };
}

