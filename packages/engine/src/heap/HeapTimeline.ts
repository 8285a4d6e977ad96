/**
 * The heap timeline: a heap log (objects, the collector and the pymalloc events under
 * them) with its index (HeapIndex, in LOG.idx), so any position can be visited in either
 * direction and asked about:
 *
 *   stateAt(position)        the heap, collector and allocator after records [0, position):
 *                            the nearest full checkpoint, folded forward (or the last state
 *                            asked for, moved forward); the timeline's own state, not a copy
 *   refcountHistory(id)      every change of an object's refcount, with its cause (index)
 *   whyAlive(id, position)   a path of referrers from an object held from outside (index)
 *   arenaPins(arena, pos)    the objects (and their storage) holding an arena
 *   collections()            each collection: where, which generation, its results (index)
 *
 * Per-object questions read the object's own index entries and never fold the log.
 */
import { existsSync } from 'node:fs';
import { LogFormatError, LogReader, type Recovery } from '@pymm/eventlog';
import { cloneGcState, evolve, HeapCodec, heapCodecProblem, scanMicrosteps, type GcState, type HeapRecord, type HeapVisitor, type ScanStep } from '@pymm/gc';
import { arenaOf } from '@pymm/obmalloc';
import {
  applySlotSet, F_ALIVE, F_SPLIT, F_STATIC, heapFor, Kind, LIST_HEADS, NULL_ID, traverse, type ObjectId, type ObjectsState,
} from '@pymm/objects';
import { fingerprintOf, indexPathFor, IndexReader, IndexUnusable, IndexWriter, type LogFingerprint } from '../index/IndexFile.js';
import { HeapIndex } from './HeapIndex.js';
import { checkUsable } from '../logHeader.js';
import { HeapIndexBuilder, type HeapIndexOptions } from './HeapIndexBuilder.js';

export interface RefcountChange {
  readonly seq: number;
  /** 'created' (refcount 1), 'changed' (by delta), 'destroyed'. */
  readonly what: 'created' | 'changed' | 'destroyed';
  readonly delta: number;
  readonly refcount: number;
  readonly cause: number;
  /** The command record at `cause`. */
  readonly command: Readonly<Record<string, unknown>> | null;
}

export interface PathStep {
  readonly id: ObjectId;
  readonly description: string;
  /** How the previous step refers to this one ('' for the root). */
  readonly via: string;
}

export interface WhyAlive {
  readonly alive: boolean;
  /** From an object with external references (held by no heap object: the program's variables) to the target. */
  readonly path: readonly PathStep[];
  /** Set when no root reaches it: the objects that refer to it (a cycle waiting for the collector). */
  readonly referrers: readonly PathStep[];
  readonly explanation: string;
}

export interface ArenaPin {
  readonly id: ObjectId;
  readonly description: string;
  /** 'object' (its own block) or 'storage' (its item array, keys, values, table). */
  readonly part: 'object' | 'storage';
  readonly address: number;
}

export interface CollectionSummary {
  readonly seq: number;
  readonly generation: number;
  readonly automatic: boolean;
  readonly collected: number;
  readonly uncollectable: number;
  readonly endSeq: number;
}

export class HeapTimelineError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'HeapTimelineError';
  }
}

/** Where a timeline's records come from: frames decoded on demand. */
interface RecordSource {
  readonly length: number;
  readonly frames: readonly { readonly firstSeq: number; readonly count: number }[];
  payload(i: number): Uint8Array;
  /** Bytes of the log (or of the encoded frames in memory). */
  readonly byteLength: number;
}

const MEMORY_FRAME_RECORDS = 8192;
/** Records a forward fold from the current state covers before a checkpoint restore is cheaper. */
const FOLD_AHEAD_RECORDS = 2_000_000;

export interface HeapOpenOptions {
  readonly onProgress?: (recordsDone: number, recordsTotal: number) => void;
  readonly onNotice?: (message: string) => void;
  readonly indexPath?: string;
  /** Never write an index file. */
  readonly readOnly?: boolean;
}

/**
 * Folds a heap log's frames into `sink` (one HeapCodec visitor), checking each frame's
 * record count: the pass that builds an index and the pass that moves a state forward.
 */
function visitFrames(source: RecordSource, codec: HeapCodec, from: number, to: number, v: HeapVisitor, onFrame?: (end: number) => void): void {
  const frames = source.frames;
  let lo = 0, hi = frames.length - 1;
  while (lo < hi) { const mid = (lo + hi + 1) >> 1; if (frames[mid]!.firstSeq <= from) lo = mid; else hi = mid - 1; }
  for (let f = lo; f < frames.length && frames[f]!.firstSeq < to; f++) {
    const fr = frames[f]!;
    codec.visit(source.payload(f), fr.firstSeq, fr.count, v);
    onFrame?.(fr.firstSeq + fr.count);
  }
}

export class HeapTimeline {
  readonly profile: string;
  readonly index: HeapIndex;
  private readonly source: RecordSource;
  private readonly codec = new HeapCodec();
  /** Set when the log file had a torn or corrupt tail: the timeline holds the intact prefix. */
  recovered: Recovery | null = null;
  /** Whether the index was read from its file or built now. */
  indexOrigin: 'read' | 'built' = 'built';
  private readonly cache = new Map<number, HeapRecord[]>();
  /** The last state a seek produced (position = records applied), to move forward from. */
  private current: { position: number; state: GcState } | null = null;

  private constructor(source: RecordSource, profile: string, index: HeapIndex) {
    this.source = source;
    this.profile = profile;
    this.index = index;
    if (index.meta.records !== source.length) throw new HeapTimelineError(`the index describes ${index.meta.records} records; the log has ${source.length}`);
    index.refcountChanges = (id, from, to) => this.refcountChanges(id, from, to);
  }

  /** Every refcount change in one REFCOUNTS window, as columns (a few windows are kept). */
  private readonly windows = new Map<number, { n: number; id: Int32Array; seq: Uint32Array; delta: Int32Array; back: Uint32Array }>();

  private refcountWindow(w: number): { n: number; id: Int32Array; seq: Uint32Array; delta: Int32Array; back: Uint32Array } {
    let win = this.windows.get(w);
    if (win !== undefined) return win;
    const size = this.index.refcountWindow;
    const from = w * size, to = Math.min(this.length, from + size);
    const cap = Math.max(0, to - from);
    const c = { n: 0, id: new Int32Array(cap), seq: new Uint32Array(cap), delta: new Int32Array(cap), back: new Uint32Array(cap) };
    visitFrames(this.source, this.codec, from, to, {
      record: () => {},
      refcount: (seq, cause, id, delta) => {
        if (seq < from || seq >= to) return;
        const k = c.n++;
        c.id[k] = id; c.seq[k] = seq; c.delta[k] = delta; c.back[k] = seq - cause;
      },
    });
    if (this.windows.size >= 16) this.windows.delete(this.windows.keys().next().value!);
    this.windows.set(w, (win = c));
    return win;
  }

  /** The refcount changes of `id` in records [from, to), in order: read from the log (the index keeps their sums). */
  refcountChanges(id: number, from: number, to: number): { seq: number; delta: number; cause: number }[] {
    const out: { seq: number; delta: number; cause: number }[] = [];
    const end = Math.min(to, this.length);
    const size = this.index.refcountWindow;
    for (let w = Math.floor(Math.max(0, from) / size); w * size < end; w++) {
      const c = this.refcountWindow(w);
      for (let k = 0; k < c.n; k++) {
        if (c.id[k] === id && c.seq[k]! >= from && c.seq[k]! < end) out.push({ seq: c.seq[k]!, delta: c.delta[k]!, cause: c.seq[k]! - c.back[k]! });
      }
    }
    return out;
  }

  /** A timeline over records in memory (tests, branches): the index is built in memory. */
  static fromRecords(records: readonly HeapRecord[], profile = 'cpython-3.11', options: HeapIndexOptions = {}): HeapTimeline {
    records.forEach((r, i) => {
      if (r.kind === 'event' && !(Number.isInteger(r.cause) && r.cause >= 0 && r.cause < i && records[r.cause]!.kind === 'command')) {
        throw new HeapTimelineError(`record ${i}: its cause ${r.cause} is not an earlier command record`);
      }
    });
    const codec = new HeapCodec();
    const frames: { firstSeq: number; count: number }[] = [];
    const payloads: Uint8Array[] = [];
    for (let at = 0; at < records.length; at += MEMORY_FRAME_RECORDS) {
      const part = records.slice(at, at + MEMORY_FRAME_RECORDS);
      frames.push({ firstSeq: at, count: part.length });
      payloads.push(codec.encode(part, at));
    }
    const source: RecordSource = { length: records.length, frames, payload: (i) => payloads[i]!, byteLength: payloads.reduce((a, p) => a + p.length, 0) };
    const b = new HeapIndexBuilder(profile, null, options);
    try {
      visitFrames(source, codec, 0, records.length, b.visitor);
    } catch (err) {
      throw new HeapTimelineError(`record ${b.length} does not apply: ${(err as Error).message}`);
    }
    const { parts, blocks } = b.finish();
    return new HeapTimeline(source, profile, HeapIndex.fromParts(parts, blocks));
  }

  /**
   * Opens a heap log (its torn tail, if any, is dropped as the container reports) with its
   * index (LOG.idx): read when it belongs to this log, else built now (one folding pass,
   * with progress and a notice) and written for next time.
   */
  static open(path: string, options: HeapOpenOptions = {}): HeapTimeline {
    // With an index beside it, the log's frames are checked as they are read (opening
    // trusts a consistent trailer and frame headers); without one, every frame now (the
    // index is built from all of them): a damaged log opens as its intact prefix, and says so.
    const indexPath = options.indexPath ?? indexPathFor(path);
    const reader = LogReader.open(path, existsSync(indexPath) ? { verify: 'headers' } : {});
    const problem = heapCodecProblem(path, reader.header.codec);
    if (problem !== null) {
      reader.close();
      throw new LogFormatError('CODEC_MISMATCH', 0, problem);
    }
    const frames = reader.frames.map((f) => ({ firstSeq: f.firstSeq - reader.startSeq, count: f.count }));
    const length = frames.reduce((a, f) => a + f.count, 0);
    try {
      checkUsable(length, reader.recovered, path);
    } catch (e) {
      reader.close();
      throw e;
    }
    const source: RecordSource = { length, frames, payload: (i) => reader.readFrame(i), byteLength: reader.byteLength };
    const profile = reader.header.profile;
    const fp = fingerprintOf(reader, path);
    let t: HeapTimeline | null = null;
    let why = '';
    try {
      const r = IndexReader.open(indexPath, 'heap', fp);
      try {
        t = new HeapTimeline(source, profile, HeapIndex.read(r));
        t.indexOrigin = 'read';
      } catch (e) {
        r.close();
        throw e instanceof IndexUnusable ? e : new IndexUnusable(`the index file is damaged (${(e as Error).message})`);
      }
    } catch (e) {
      if (!(e instanceof IndexUnusable)) throw e;
      why = e.message;
    }
    if (t === null) {
      options.onNotice?.(`${indexPath}: ${why}; indexing the log (${length.toLocaleString('en-US')} records)`);
      t = HeapTimeline.buildIndexFile(source, profile, path, indexPath, fp, options);
    }
    t.recovered = reader.recovered;
    return t;
  }

  /** Builds the index of a log in one pass and writes it (in memory only, with a notice, if it cannot be written). */
  private static buildIndexFile(source: RecordSource, profile: string, logPath: string, indexPath: string, fp: LogFingerprint, options: HeapOpenOptions): HeapTimeline {
    const codec = new HeapCodec();
    let w: IndexWriter | null = null;
    if (!options.readOnly) {
      try {
        w = new IndexWriter(indexPath, profile);
      } catch (e) {
        options.onNotice?.(`${indexPath}: cannot write the index (${(e as Error).message}); keeping it in memory`);
      }
    }
    const b = new HeapIndexBuilder(profile, w);
    try {
      visitFrames(source, codec, 0, source.length, b.visitor, (end) => options.onProgress?.(end, source.length));
    } catch (err) {
      w?.abort();
      if (err instanceof LogFormatError) throw err;
      throw new HeapTimelineError(`record ${b.length} does not apply: ${(err as Error).message}`);
    }
    const built = b.finish();
    if (w === null) return new HeapTimeline(source, profile, HeapIndex.fromParts(built.parts, built.blocks));
    try {
      w.finish('heap', fp, { records: source.length, log: logPath });
    } catch (e) {
      w.abort();
      throw e;
    }
    const t = new HeapTimeline(source, profile, HeapIndex.read(IndexReader.open(indexPath, 'heap', fp)));
    return t;
  }

  get length(): number {
    return this.source.length;
  }

  private frameOf(seq: number): number {
    const fr = this.source.frames;
    let lo = 0, hi = fr.length - 1;
    while (lo < hi) { const mid = (lo + hi + 1) >> 1; if (fr[mid]!.firstSeq <= seq) lo = mid; else hi = mid - 1; }
    return lo;
  }

  private frame(i: number): HeapRecord[] {
    let recs = this.cache.get(i);
    if (recs === undefined) {
      const f = this.source.frames[i]!;
      recs = this.codec.decode(this.source.payload(i), f.firstSeq, f.count);
      if (this.cache.size >= 8) this.cache.delete(this.cache.keys().next().value!);
      this.cache.set(i, recs);
    }
    return recs;
  }

  /** The record at `seq` (decoding its frame if needed). */
  recordAt(seq: number): HeapRecord | undefined {
    if (!Number.isInteger(seq) || seq < 0 || seq >= this.length) return undefined;
    const fi = this.frameOf(seq);
    return this.frame(fi)[seq - this.source.frames[fi]!.firstSeq];
  }

  /** Records [from, to) in order, one frame at a time. */
  *entries(from = 0, to = this.length): Generator<[number, HeapRecord]> {
    if (from >= to) return;
    for (let fi = this.frameOf(from); fi < this.source.frames.length; fi++) {
      const f = this.source.frames[fi]!;
      if (f.firstSeq >= to) return;
      const recs = this.frame(fi);
      for (let k = Math.max(0, from - f.firstSeq); k < recs.length && f.firstSeq + k < to; k++) yield [f.firstSeq + k, recs[k]!];
    }
  }

  private checkPosition(position: number): void {
    if (!Number.isInteger(position) || position < 0 || position > this.length) {
      throw new HeapTimelineError(`position ${position} is outside the log (0 .. ${this.length})`);
    }
  }

  /**
   * The state after records [0, position): restored from the nearest checkpoint (or
   * moved forward from the last state asked for, when that is nearer), then folded
   * forward. The state returned is the timeline's own: a later call may change it (clone
   * it to keep it).
   */
  stateAt(position: number): GcState {
    this.checkPosition(position);
    const cps = this.index.meta.checkpoints;
    let k = cps.length - 1;
    while (k > 0 && cps[k]!.seq > position) k--;
    const cp = cps[k]!;
    let cur = this.current;
    if (cur === null || cur.position > position || (position - cur.position > FOLD_AHEAD_RECORDS && cp.seq > cur.position)) {
      cur = { position: cp.seq, state: this.index.checkpointState(k) };
    }
    if (cur.position < position) {
      const s = cur.state;
      const stop = position;
      let at = cur.position;
      const v: HeapVisitor = {
        record: (seq, r) => { if (seq < at || seq >= stop) return; if (r.kind === 'event') evolve(s, r.event); at = seq + 1; },
        refcount: (seq, _c, id, delta) => { if (seq < at || seq >= stop) return; s.objects.refcnt[id]! += delta; at = seq + 1; },
        slotSet: (seq, _c, id, index, value) => { if (seq < at || seq >= stop) return; applySlotSet(s.objects, id, index, value); at = seq + 1; },
      };
      visitFrames(this.source, this.codec, cur.position, stop, v);
      cur.position = position;
    }
    this.current = cur;
    return cur.state;
  }

  /** A copy of the state after records [0, position). */
  stateCopyAt(position: number): GcState {
    return cloneGcState(this.stateAt(position));
  }

  /** The command record at `seq` (a statement is `{ line }`), or null for an event. */
  commandAt(seq: number): Readonly<Record<string, unknown>> | null {
    // the statement table when it is in memory; else the log's frame (reading the whole
    // table costs more than one question asks for, on a large log)
    if (this.index.statementsLoaded) {
      const line = this.index.statementAt(seq);
      if (line !== null) return { line };
    }
    const r = this.recordAt(seq);
    return r !== undefined && r.kind === 'command' ? r.command : null;
  }

  /** Every refcount change of `id`, in order, with the command that caused it (from the index). */
  refcountHistory(id: ObjectId): RefcountChange[] {
    return this.refcountHistoryPage(id, 0, Infinity).entries;
  }

  /** The changes [offset, offset + limit) of refcountHistory, and how many there are in all. */
  refcountHistoryPage(id: ObjectId, offset: number, limit: number): { total: number; entries: RefcountChange[] } {
    const { total, entries } = this.index.refcountHistory(id, offset, limit);
    return { total, entries: entries.map((c) => ({ ...c, command: this.commandAt(c.cause) })) };
  }

  /** Each collection, from its CollectionStarted to its CollectionFinished. */
  collections(): CollectionSummary[] {
    return this.index.markers.filter((m) => m.kind === 'collection').map((m) => ({
      seq: m.seq, generation: m.generation!, automatic: m.automatic!, collected: m.collected!, uncollectable: m.uncollectable!, endSeq: m.endSeq!,
    }));
  }

  /**
   * The collector's per-object microsteps of the scan recorded at `seq` (a YoungScanned
   * event), recomputed from the state just before it: each object's refcount, its
   * references from outside the scanned set, and whether move_unreachable kept it.
   */
  scanSteps(seq: number): ScanStep[] {
    const r = this.recordAt(seq);
    if (r === undefined || r.kind !== 'event' || r.event.type !== 'YoungScanned') {
      throw new HeapTimelineError(`record ${seq} is not a collector scan (a YoungScanned event)`);
    }
    return scanMicrosteps(this.stateCopyAt(seq).objects, r.event.young);
  }

  /** Why `id` is alive after records [0, position): from the index (the object's referrers, backwards). */
  whyAlive(id: ObjectId, position: number = this.length): WhyAlive {
    this.checkPosition(position);
    return this.index.whyAlive(id, position - 1);
  }

  /** The objects whose block or storage lies in arena `arena` after records [0, position). */
  arenaPins(arena: number, position: number = this.length): ArenaPin[] {
    return arenaPins(this.stateAt(position).objects, arena);
  }
}

/** References of `id` with a readable label each, in tp_traverse order. */
export function labelledReferents(s: ObjectsState, id: number): { to: ObjectId; via: string }[] {
  const h = heapFor(s);
  const out: { to: ObjectId; via: string }[] = [];
  const slots = s.slots(id);
  switch (s.kind[id]) {
    case Kind.List: case Kind.Tuple:
      slots.forEach((x, i) => { if (x !== NULL_ID) out.push({ to: x, via: `[${i}]` }); });
      return out;
    case Kind.Dict: {
      const split = (s.flags[id]! & F_SPLIT) !== 0;
      if (split) {
        slots.forEach((x, i) => { if (x !== NULL_ID) out.push({ to: x, via: `[${i}]` }); });
        return out;
      }
      for (let i = 0; i < slots.length; i += 2) {
        if (slots[i] === NULL_ID) continue;
        out.push({ to: slots[i + 1]!, via: `[${h.repr(slots[i]!)}]` });
        out.push({ to: slots[i]!, via: `key ${h.repr(slots[i]!)}` });
      }
      return out;
    }
    case Kind.Instance: {
      const spec = s.types.get(s.typeOf[id]!)!;
      const names = s.sharedKeys.get(s.typeOf[id]!)?.names ?? [];
      slots.forEach((x, i) => {
        if (x === NULL_ID) return;
        const name = i < spec.slotNames.length ? spec.slotNames[i]! : names[i - spec.slotNames.length] ?? `<value ${i}>`;
        out.push({ to: x, via: `.${name}` });
      });
      if (s.aux[id] !== NULL_ID) out.push({ to: s.aux[id]! as ObjectId, via: '.__dict__' });
      out.push({ to: s.typeOf[id]! as ObjectId, via: '.__class__' });
      return out;
    }
    case Kind.Type: {
      const names = ['.__dict__', '.__mro__', '.__bases__', '.__base__'];
      slots.forEach((x, i) => { if (x !== NULL_ID) out.push({ to: x, via: names[i] ?? `<${i}>` }); });
      return out;
    }
    case Kind.Function: {
      const names = ['.__code__', '.__globals__', '.__module__', '.__defaults__', '.__kwdefaults__', '.__doc__', '.__name__', '.__dict__', '.__closure__', '.__annotations__', '.__qualname__'];
      slots.forEach((x, i) => { if (x !== NULL_ID) out.push({ to: x, via: names[i]! }); });
      return out;
    }
    case Kind.Method:
      if (slots[0] !== NULL_ID) out.push({ to: slots[0]!, via: '.__func__' });
      if (slots[1] !== NULL_ID) out.push({ to: slots[1]!, via: '.__self__' });
      return out;
    case Kind.Cell:
      if (slots[0] !== NULL_ID) out.push({ to: slots[0]!, via: '.cell_contents' });
      return out;
    default:
      traverse(s, id, (x) => out.push({ to: x, via: '<ref>' }));
      return out;
  }
}

/** Objects with references from outside the heap (the program's variables, the stack). */
export function externalRoots(s: ObjectsState): ObjectId[] {
  const out: ObjectId[] = [];
  for (let id = LIST_HEADS; id < s.nextId; id++) {
    if ((s.flags[id]! & F_ALIVE) === 0 || (s.flags[id]! & F_STATIC) !== 0) continue;
    if (s.refcnt[id]! > s.inref[id]!) out.push(id as ObjectId);
  }
  return out;
}

export function whyAlive(s: ObjectsState, id: ObjectId): WhyAlive {
  const h = heapFor(s);
  const describe = (x: number) => h.describe(x as ObjectId);
  if (!s.isAlive(id)) return { alive: false, path: [], referrers: [], explanation: `${describe(id)} is not alive` };
  if ((s.flags[id]! & F_STATIC) !== 0) {
    return { alive: true, path: [{ id, description: describe(id), via: '' }], referrers: [], explanation: `${describe(id)} is a static object of the interpreter (never freed)` };
  }
  const roots = externalRoots(s);
  const parent = new Map<number, { from: number; via: string }>();
  const queue: number[] = [];
  for (const r of roots) { parent.set(r, { from: -1, via: '' }); queue.push(r); }
  for (let qi = 0; qi < queue.length && !parent.has(id); qi++) {
    const x = queue[qi]!;
    for (const { to, via } of labelledReferents(s, x)) {
      if (parent.has(to) || (s.flags[to]! & F_STATIC) !== 0) continue;
      parent.set(to, { from: x, via });
      queue.push(to);
    }
  }
  if (parent.has(id)) {
    const path: PathStep[] = [];
    for (let x = id as number; x !== -1; x = parent.get(x)!.from) path.push({ id: x as ObjectId, description: describe(x), via: parent.get(x)!.via });
    path.reverse();
    const root = path[0]!;
    const ext = s.refcnt[root.id]! - s.inref[root.id]!;
    return {
      alive: true, path, referrers: [],
      explanation: `${root.description} has ${ext} reference${ext === 1 ? '' : 's'} from outside the heap; ` + path.slice(1).map((p) => `${p.via} -> ${p.description}`).join(', '),
    };
  }
  const referrers: PathStep[] = [];
  for (let x = LIST_HEADS; x < s.nextId; x++) {
    if (!s.isAlive(x)) continue;
    for (const { to, via } of labelledReferents(s, x)) if (to === id) referrers.push({ id: x as ObjectId, description: describe(x), via });
  }
  return {
    alive: true, path: [], referrers,
    explanation: `no external reference reaches ${describe(id)}: it is kept alive only by ${referrers.map((r) => `${r.description}${r.via}`).join(', ')} — garbage the cycle collector will free`,
  };
}

export function arenaPins(s: ObjectsState, arena: number): ArenaPin[] {
  const h = heapFor(s);
  const out: ArenaPin[] = [];
  const arenaOfAddress = (a: number) => (a === 0 ? -1 : arenaOf(s.mem, a));
  for (let id = LIST_HEADS; id < s.nextId; id++) {
    if ((s.flags[id]! & F_ALIVE) === 0 || (s.flags[id]! & F_STATIC) !== 0) continue;
    if (arenaOfAddress(s.address[id]!) === arena) out.push({ id: id as ObjectId, description: h.describe(id as ObjectId), part: 'object', address: s.address[id]! });
    if (arenaOfAddress(s.storageAddr[id]!) === arena) out.push({ id: id as ObjectId, description: h.describe(id as ObjectId), part: 'storage', address: s.storageAddr[id]! });
  }
  return out;
}
