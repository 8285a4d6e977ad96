/**
 * One timeline for all three layers: a heap log (objects, the collector and the pymalloc
 * events under them) folded from the initial state, with checkpoints, so any seq can be
 * visited in either direction and asked about:
 *
 *   stateAt(seq)             the heap, collector and allocator after records [0, seq)
 *   refcountHistory(id)      every change of an object's refcount, with its cause
 *   whyAlive(id, seq)        a path of references from an external root, or why none
 *   arenaPins(arena, seq)    the objects (and their storage) holding an arena
 *   collections()            each collection: where, which generation, its results
 *
 * States returned are copies: callers may keep or change them.
 */
import { LogFormatError, LogReader, type Recovery } from '@pymm/eventlog';
import { cloneGcState, evolve, HEAP_CODEC, HeapCodec, initialGcState, scanMicrosteps, type GcState, type HeapRecord, type ScanStep } from '@pymm/gc';
import { arenaOf } from '@pymm/obmalloc';
import {
  F_ALIVE, F_SPLIT, F_STATIC, heapFor, Kind, LIST_HEADS, NULL_ID, traverse, type ObjectId, type ObjectsState,
} from '@pymm/objects';

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
  decode(i: number): HeapRecord[];
}

const MEMORY_FRAME_RECORDS = 8192;
/** Checkpoints may hold this much state in all (their interval doubles when they would not fit). */
const CHECKPOINT_BUDGET_BYTES = 384 * 1024 * 1024;

function stateBytes(g: GcState): number {
  const s = g.objects;
  let n = s.pool.byteLength + s.mem.arenaAddress.byteLength * 8;
  for (const a of [s.kind, s.flags, s.typeOf, s.refcnt, s.address, s.requestBytes, s.gcNext, s.gcPrev, s.gcRefs, s.slotOff, s.slotLen, s.slotCap, s.storageAddr, s.storageCap, s.aux, s.inref]) n += a.byteLength;
  return n + 64 * s.nextId;
}

export class HeapTimeline {
  readonly profile: string;
  private readonly source: RecordSource;
  private readonly checkpoints: { seq: number; state: GcState; bytes: number }[] = [];
  /** Records between checkpoints (it doubles when the checkpoints outgrow their budget). */
  checkpointInterval: number;
  /** Set when the log file had a torn or corrupt tail: the timeline holds the intact prefix. */
  recovered: Recovery | null = null;
  private readonly cache = new Map<number, HeapRecord[]>();

  private constructor(source: RecordSource, profile: string) {
    this.source = source;
    this.profile = profile;
    this.checkpointInterval = Math.max(8192, Math.ceil(source.length / 24));
    // one pass: check every cause, fold every event, keep checkpoints at frame boundaries
    const isCommand = new Uint8Array(source.length);
    const s = initialGcState({ profile });
    this.checkpoints.push({ seq: 0, state: cloneGcState(s), bytes: stateBytes(s) });
    let last = 0;
    source.frames.forEach((f, fi) => {
      const recs = source.decode(fi);
      for (let k = 0; k < recs.length; k++) {
        const i = f.firstSeq + k;
        const r = recs[k]!;
        if (r.kind === 'command') { isCommand[i] = 1; continue; }
        if (r.cause < 0 || r.cause >= i || isCommand[r.cause] !== 1) {
          throw new HeapTimelineError(`record ${i}: its cause ${r.cause} is not an earlier command record`);
        }
        try {
          evolve(s, r.event);
        } catch (err) {
          throw new HeapTimelineError(`record ${i} (${r.event.type}) does not apply: ${(err as Error).message}`);
        }
      }
      const end = f.firstSeq + f.count;
      if (end - last >= this.checkpointInterval && end < source.length) {
        this.checkpoints.push({ seq: end, state: cloneGcState(s), bytes: stateBytes(s) });
        last = end;
        this.thin();
      }
    });
  }

  /** Keeps the checkpoints within their budget: drop every other one, double the interval. */
  private thin(): void {
    const total = () => this.checkpoints.reduce((a, c) => a + c.bytes, 0);
    while (total() > CHECKPOINT_BUDGET_BYTES && this.checkpoints.length > 2) {
      const kept = this.checkpoints.filter((_, i) => i % 2 === 0);
      this.checkpoints.length = 0;
      this.checkpoints.push(...kept);
      this.checkpointInterval *= 2;
    }
  }

  static fromRecords(records: readonly HeapRecord[], profile = 'cpython-3.11'): HeapTimeline {
    const frames: { firstSeq: number; count: number }[] = [];
    for (let at = 0; at < records.length; at += MEMORY_FRAME_RECORDS) frames.push({ firstSeq: at, count: Math.min(MEMORY_FRAME_RECORDS, records.length - at) });
    return new HeapTimeline({ length: records.length, frames, decode: (i) => records.slice(frames[i]!.firstSeq, frames[i]!.firstSeq + frames[i]!.count) as HeapRecord[] }, profile);
  }

  /**
   * Opens a heap log (its torn tail, if any, is dropped as the container reports). Frames
   * are decoded on demand: memory holds the checkpoints and a few frames, not the log.
   */
  static open(path: string): HeapTimeline {
    const reader = LogReader.open(path);
    if (reader.header.codec !== HEAP_CODEC) {
      reader.close();
      throw new LogFormatError('CODEC_MISMATCH', 0, `${path} holds '${reader.header.codec}' records, not a heap log ('${HEAP_CODEC}')`);
    }
    const codec = new HeapCodec();
    const frames = reader.frames.map((f) => ({ firstSeq: f.firstSeq - reader.startSeq, count: f.count }));
    const length = frames.reduce((a, f) => a + f.count, 0);
    const t = new HeapTimeline({
      length, frames,
      decode: (i) => {
        const f = reader.frames[i]!;
        const recs = codec.decode(reader.readFrame(i), f.firstSeq, f.count);
        if (recs.length !== f.count) throw new LogFormatError('PAYLOAD_COUNT', f.offset, `frame ${i}: ${recs.length} records, not ${f.count}`, path);
        return recs;
      },
    }, reader.header.profile);
    t.recovered = reader.recovered;
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
      recs = this.source.decode(i);
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

  /** Every record in order, one frame at a time (nothing is kept). */
  *entries(from = 0, to = this.length): Generator<[number, HeapRecord]> {
    if (from >= to) return;
    for (let fi = this.frameOf(from); fi < this.source.frames.length; fi++) {
      const f = this.source.frames[fi]!;
      if (f.firstSeq >= to) return;
      const recs = this.cache.get(fi) ?? this.source.decode(fi);
      for (let k = Math.max(0, from - f.firstSeq); k < recs.length && f.firstSeq + k < to; k++) yield [f.firstSeq + k, recs[k]!];
    }
  }

  private checkSeq(seq: number): void {
    if (!Number.isInteger(seq) || seq < 0 || seq > this.length) {
      throw new HeapTimelineError(`seq ${seq} is outside the log (0 .. ${this.length})`);
    }
  }

  /** The state after records [0, seq): a copy. */
  stateAt(seq: number): GcState {
    this.checkSeq(seq);
    let k = this.checkpoints.length - 1;
    while (this.checkpoints[k]!.seq > seq) k--;
    const cp = this.checkpoints[k]!;
    const s = cloneGcState(cp.state);
    for (const [, r] of this.entries(cp.seq, seq)) if (r.kind === 'event') evolve(s, r.event);
    return s;
  }

  commandAt(seq: number): Readonly<Record<string, unknown>> | null {
    const r = this.recordAt(seq);
    return r !== undefined && r.kind === 'command' ? r.command : null;
  }

  /** Every refcount change of `id`, in order, with the command that caused it. */
  refcountHistory(id: ObjectId): RefcountChange[] {
    const out: RefcountChange[] = [];
    let rc = 0;
    for (const [i, r] of this.entries()) {
      if (r.kind !== 'event') continue;
      const e = r.event;
      let change: Omit<RefcountChange, 'command'> | null = null;
      if (e.type === 'ObjectCreated' && e.id === id) {
        rc = e.isStatic ? 999_999_999 : 1;
        change = { seq: i, what: 'created', delta: rc, refcount: rc, cause: r.cause };
      } else if (e.type === 'RefcountChanged' && e.id === id) {
        rc += e.delta;
        change = { seq: i, what: 'changed', delta: e.delta, refcount: rc, cause: r.cause };
      } else if (e.type === 'ObjectDestroyed' && e.id === id) {
        change = { seq: i, what: 'destroyed', delta: 0, refcount: rc, cause: r.cause };
      }
      if (change !== null) out.push(change as RefcountChange);
    }
    return out.map((c) => ({ ...c, command: this.commandAt(c.cause) }));
  }

  /** Each collection, from its CollectionStarted to its CollectionFinished. */
  collections(): CollectionSummary[] {
    const out: CollectionSummary[] = [];
    const open: { seq: number; generation: number; automatic: boolean }[] = [];
    for (const [i, r] of this.entries()) {
      if (r.kind !== 'event') continue;
      if (r.event.type === 'CollectionStarted') open.push({ seq: i, generation: r.event.generation, automatic: r.event.automatic });
      else if (r.event.type === 'CollectionFinished') {
        const o = open.pop();
        if (o) out.push({ ...o, collected: r.event.collected, uncollectable: r.event.uncollectable, endSeq: i });
      }
    }
    return out;
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
    return scanMicrosteps(this.stateAt(seq).objects, r.event.young);
  }

  /** Why `id` is alive at `seq`: the shortest path of references from a root. */
  whyAlive(id: ObjectId, seq: number = this.length): WhyAlive {
    const g = this.stateAt(seq);
    return whyAlive(g.objects, id);
  }

  /** The objects whose block or storage lies in arena `arena` at `seq`. */
  arenaPins(arena: number, seq: number = this.length): ArenaPin[] {
    return arenaPins(this.stateAt(seq).objects, arena);
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
