/**
 * A heap log's index, read back (HeapIndexBuilder wrote it): per-object questions answered
 * from the object's own entries, without rebuilding the heap.
 *
 *   question                 how
 *   refcountHistory(id)      the object's CREATED / REFCOUNT / DESTROYED entries
 *   project(id, seq)         fold of the object's entries up to seq: refcount, references
 *                            held by other objects (and by whom), GC list, slots, storage
 *   whyAlive(id, seq)        from the object back along its referrers (a breadth-first
 *                            search over projections) to one held from outside the heap
 *   objectsOfType(t, seq)    the object table: alive at seq, of that type
 *   bindings(name)           the name runs: dict entries and frame locals called `name`
 *   lineAt(seq), seqsOfLine  the statement table
 *
 * `seq` means "after record seq" (-1: before the first record).
 */
import { ByteReader } from '@pymm/eventlog';
import { CheckpointStore, resolveProfile } from '@pymm/obmalloc';
import {
  Kind, KIND_NAMES, LIST_HEADS, NULL_ID, type ObjectId, type ObjectsState, type TypeSpec,
} from '@pymm/objects';
import { readValue, type AtomValue, type GcState } from '@pymm/gc';
import { decodeDirectories, RunsReader, type DecodedBlock } from '../index/KeyedRuns.js';
import type { IndexReader } from '../index/IndexFile.js';
import { decodeHeapCheckpoint } from './heapCheckpoint.js';
import { ExecutionTables, type FrameInfo } from './ExecutionTables.js';
import { miniState, sizeAndLabels } from './objectSize.js';
import { holdersOf, type Holders } from './holders.js';
import { describeObject, reprObject, summarizeObject } from './values.js';
import { refcountHistoryOf, type RefcountHistoryPage } from './refcountHistory.js';
import { A, ADDRESS_RUNS, E, LABEL_CLASS, LABEL_DICT, N, NAME_RUNS, NOT_TRACKED, PER_OBJECT_RUNS, unzigzag, zlibCompression, type Marker } from './HeapIndexBuilder.js';

export type { FrameInfo } from './ExecutionTables.js';
export type { Holder, Holders } from './holders.js';

export interface ObjectProjection {
  readonly id: ObjectId;
  readonly seq: number;
  readonly exists: boolean;
  readonly alive: boolean;
  readonly isStatic: boolean;
  readonly kind: number;
  readonly typeId: number;
  readonly refcount: number;
  /** References from other live objects (their slots, an instance's class or __dict__). */
  readonly inref: number;
  readonly referrers: readonly { readonly container: ObjectId; readonly label: number }[];
  /** The GC list head it is on (0..2 generations, 3 permanent, ...), or -1 if not tracked. */
  readonly list: number;
  readonly finalized: boolean;
  readonly slots: readonly ObjectId[];
  readonly storageCapacity: number;
  readonly storageAddress: number;
  readonly unicode: boolean;
  readonly split: boolean;
  readonly dict: ObjectId;
  readonly createdSeq: number;
  readonly destroyedSeq: number;
}

export interface HeapMeta {
  readonly records: number;
  readonly profile: string;
  readonly source: { filename: string; text: string } | null;
  readonly mainGlobals: number;
  readonly checkpoints: readonly { seq: number; part: string }[];
  /** REFCOUNTS entries sum an object's changes in windows of 2^refcountWindowBits records. */
  readonly refcountWindowBits: number;
  readonly nextId: number;
  /** Frames entered in all, and the first (the module's, in a program's log): depth, entered and left seq (null: never left). */
  readonly frames: number;
  readonly firstFrame: { readonly depth: number; readonly enteredSeq: number; readonly leftSeq: number | null } | null;
}

export interface Binding {
  readonly seq: number;
  /** 'namespace': a dict entry (dict: the dict; 'module' when it is __main__'s); 'local': a frame's variable. */
  readonly scope: 'module' | 'namespace' | 'local';
  readonly dict: number;
  readonly frame: number;
  /** The object bound, NULL_ID (-1) when unbound (deleted, or the frame left). */
  readonly value: ObjectId;
}

/** One refcount change as the log records it. */
export interface RefcountChangeRecord {
  readonly seq: number;
  readonly delta: number;
  readonly cause: number;
}
/** The refcount changes of an object in records [from, to), read from the log. */
export type RefcountChangesSource = (id: number, from: number, to: number) => readonly RefcountChangeRecord[];


const u32 = (b: Uint8Array): Uint32Array => new Uint32Array(b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength));
const json = <T>(b: Uint8Array): T => JSON.parse(new TextDecoder().decode(b)) as T;
const UNSET = 0xffff_ffff;

/** What an object is, from its first entries: made when, destroyed when, kind, type, block. */
interface Basics {
  readonly created: number;
  readonly destroyed: number;
  readonly kind: number;
  readonly typeId: number;
  readonly isStatic: boolean;
  readonly split: boolean;
  readonly requestBytes: number;
  readonly address: number;
}
const NO_OBJECT: Basics = { created: UNSET, destroyed: Infinity, kind: 0, typeId: -1, isStatic: false, split: false, requestBytes: 0, address: 0 };

/** The object table, for scans over every object (loaded when a scan first needs it). */
interface Tables {
  readonly created: Uint32Array;
  readonly destroyed: Uint32Array;
  readonly kinds: Uint8Array;
  readonly typeIds: Int32Array;
  readonly statics: Uint8Array;
}

export class HeapIndex {
  readonly meta: HeapMeta;
  readonly perObject: RunsReader;
  readonly names: RunsReader;
  readonly addresses: RunsReader;
  private tablesCache: Tables | null = null;
  private readonly basicsCache = new Map<number, Basics>();
  private valuesCache: { ids: Uint32Array; offsets: Uint32Array; data: Uint8Array } | null = null;
  private readonly nameTable: string[];
  private nameIndex: Map<string, number> | null = null;
  private readonly typeSpecs = new Map<number, { seq: number; spec: TypeSpec }>();
  private readonly sharedKeys = new Map<number, [string | null, number, number][]>();
  readonly markers: readonly Marker[];
  /**
   * Where the single refcount changes are read (the log's records; HeapTimeline sets it):
   * the index keeps their sum per window (REFCOUNTS entries).
   */
  refcountChanges: RefcountChangesSource | null = null;

  /** Records per REFCOUNTS window. */
  get refcountWindow(): number {
    return 2 ** this.meta.refcountWindowBits;
  }

  /** The first seq after the REFCOUNTS window of `seq`. */
  windowEnd(seq: number): number {
    const w = this.refcountWindow;
    return (Math.floor(seq / w) + 1) * w;
  }
  private readonly execution: ExecutionTables;
  private mem: CheckpointStore | null = null;

  private constructor(private readonly part: (name: string) => Uint8Array, readBlock: (id: number) => Uint8Array) {
    this.meta = json<HeapMeta>(part('meta'));
    const bits = this.meta.refcountWindowBits;
    if (!(Number.isInteger(bits) && bits >= 0 && bits <= 24)) throw new RangeError(`the index's refcount window (${bits} bits) is not 0 .. 24`);
    this.perObject = new RunsReader(decodeDirectories(part('perObject'), Number.MAX_SAFE_INTEGER), readBlock, PER_OBJECT_RUNS);
    this.names = new RunsReader(decodeDirectories(part('names'), Number.MAX_SAFE_INTEGER), readBlock, NAME_RUNS);
    this.addresses = new RunsReader(decodeDirectories(part('addresses'), Number.MAX_SAFE_INTEGER), readBlock, ADDRESS_RUNS);
    this.nameTable = json<string[]>(part('nameTable'));
    const types = json<{ types: { id: number; seq: number; spec: TypeSpec }[]; sharedNames: [number, [string | null, number, number][]][] }>(part('types'));
    for (const x of types.types) this.typeSpecs.set(x.id, { seq: x.seq, spec: x.spec });
    for (const [k, v] of types.sharedNames) this.sharedKeys.set(k, v);
    this.markers = json<Marker[]>(part('markers'));
    this.execution = new ExecutionTables(part, this.meta);
  }

  static read(r: IndexReader): HeapIndex {
    return new HeapIndex((name) => r.blob(name), (id) => r.section(id));
  }

  static fromParts(parts: Map<string, Uint8Array>, blocks: Uint8Array[]): HeapIndex {
    return new HeapIndex((name) => {
      const p = parts.get(name);
      if (p === undefined) throw new RangeError(`the index has no part '${name}'`);
      return p;
    }, (id) => blocks[id]!);
  }

  /** Memory the index holds (tables loaded, directories, cached blocks). */
  get byteLength(): number {
    const t = this.tablesCache;
    return (t ? t.created.byteLength * 2 + t.kinds.byteLength * 2 + t.typeIds.byteLength : 0) + this.perObject.byteLength + this.names.byteLength + this.addresses.byteLength
      + this.execution.byteLength
      + (this.valuesCache ? this.valuesCache.data.byteLength + this.valuesCache.ids.byteLength * 2 : 0);
  }

  get objectCount(): number {
    return this.meta.nextId;
  }

  private tables(): Tables {
    if (this.tablesCache === null) {
      const t = this.part('objects.type');
      const tables = {
        created: u32(this.part('objects.created')), destroyed: u32(this.part('objects.destroyed')), kinds: this.part('objects.kind').slice(),
        typeIds: new Int32Array(t.buffer.slice(t.byteOffset, t.byteOffset + t.byteLength)), statics: this.part('objects.static').slice(),
      };
      if (tables.created.length !== this.meta.nextId || tables.kinds.length !== this.meta.nextId) throw new RangeError('the object table does not match the index');
      this.tablesCache = tables;
    }
    return this.tablesCache;
  }

  /** One object's basics, from its CREATED / BLOCK / DESTROYED entries (no table loaded). */
  private basics(id: number): Basics {
    if (!Number.isInteger(id) || id < LIST_HEADS || id >= this.meta.nextId) return NO_OBJECT;
    let b = this.basicsCache.get(id);
    if (b !== undefined) return b;
    let created = UNSET, destroyed = Infinity, kind = 0, typeId = -1, isStatic = false, split = false, requestBytes = 0, address = 0;
    // CREATED and BLOCK are an object's first entries, DESTROYED its last
    let seen = 0;
    this.perObject.forEach(id, (blk, p) => {
      switch (blk.kind[p]) {
        case E.CREATED: {
          created = blk.seq[p]; kind = blk.op[p]; typeId = blk.aux[p] - 1;
          const bits = blk.other[p];
          isStatic = bits % 2 === 1; split = Math.floor(bits / 2) % 2 === 1; requestBytes = Math.floor(bits / 4);
          break;
        }
        case E.BLOCK: address = blk.other[p]; break;
        default:
      }
      return ++seen < 2;
    });
    if (created !== UNSET) {
      // after DESTROYED only REF_REMOVED entries follow (dead containers letting go of it)
      const last = this.perObject.lastEntry(id, 1 << E.REF_REMOVED);
      if (last !== null && last.kind === E.DESTROYED) destroyed = last.seq;
    }
    b = { created, destroyed, kind, typeId, isStatic, split, requestBytes, address };
    if (this.basicsCache.size >= 100_000) this.basicsCache.clear();
    this.basicsCache.set(id, b);
    return b;
  }

  /** The full checkpoint states, by the seq they were taken at ("after records [0, seq)"). */
  checkpointState(i: number): GcState {
    this.mem ??= CheckpointStore.fromBytes(resolveProfile(this.meta.profile), this.part('mem'), zlibCompression);
    return decodeHeapCheckpoint(this.part(this.meta.checkpoints[i]!.part), this.mem);
  }

  exists(id: number): boolean {
    return this.basics(id).created !== UNSET;
  }
  createdAt(id: number): number {
    return this.basics(id).created;
  }
  destroyedAt(id: number): number {
    return this.basics(id).destroyed;
  }
  aliveAt(id: number, seq: number): boolean {
    const b = this.basics(id);
    return b.created !== UNSET && b.created <= seq && b.destroyed > seq;
  }
  kindOf(id: number): number {
    return this.basics(id).kind;
  }
  typeIdOf(id: number): number {
    return this.basics(id).typeId;
  }
  isStatic(id: number): boolean {
    return this.basics(id).isStatic;
  }
  /** The block the object lives in (0 for statics). */
  blockAddressOf(id: number): number {
    return this.basics(id).address;
  }

  /** The payload of an atom (int as its decimal text, float, str, bytes), read from the values part. */
  valueOf(id: number): AtomValue | undefined {
    if (this.valuesCache === null) {
      const bytes = this.part('values');
      const r = new ByteReader(bytes);
      const n = r.count(r.varuint());
      const ids = new Uint32Array(n), offsets = new Uint32Array(n);
      let last = 0;
      for (let i = 0; i < n; i++) { last += r.varuint(); ids[i] = last; }
      last = 0;
      for (let i = 0; i < n; i++) { last += r.varuint(); offsets[i] = last; }
      this.valuesCache = { ids, offsets, data: bytes.subarray(r.position) };
    }
    const { ids, offsets, data } = this.valuesCache;
    let lo = 0, hi = ids.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (ids[mid]! < id) lo = mid + 1;
      else if (ids[mid]! > id) hi = mid - 1;
      else {
        return readValue(new ByteReader(data.subarray(offsets[mid]!)));
      }
    }
    return undefined;
  }

  typeSpec(typeId: number): TypeSpec | undefined {
    return this.typeSpecs.get(typeId)?.spec;
  }

  /** The Python type name, as Heap.typeName says it. */
  typeName(id: number): string {
    const t = this.tablesCache;
    return this.typeNameOf(id, t !== null ? t.kinds[id]! : this.kindOf(id), t !== null ? t.typeIds[id]! : this.typeIdOf(id));
  }

  private typeNameOf(id: number, k: number, typeId: number): string {
    if (k === Kind.Builtin) return String(this.valueOf(id) ?? '').split(':')[0]!;
    if (k === Kind.Opaque || k === Kind.OpaqueAtom) return String(this.valueOf(id) ?? 'opaque');
    return this.typeSpec(typeId)?.name ?? KIND_NAMES[k] ?? '?';
  }

  /** `Node#159`, `int#40 "7"`, `None`, `True`: as Heap.describe (singletons by name, an opaque object without its type twice), with "(dead)" when not alive at seq. */
  describe(id: number, seq = Infinity): string {
    return describeObject(this, id, seq);
  }

  /** A short value of the object after record seq: `[1, 2, <Node>] (3 items)`, `<Node: i=3, other=<Node>>`, `'text'` (see values.ts). */
  summary(id: number, seq: number, projected?: ObjectProjection): string {
    return summarizeObject(this, id, seq, projected);
  }

  /** Every entry of object `id`, oldest first (fn returning false stops). */
  forEachEntry(id: number, fn: (b: DecodedBlock, p: number) => boolean | void): void {
    this.perObject.forEach(id, fn);
  }

  /** The object as it was after record `seq`, from its own entries. */
  project(id: number, seq: number): ObjectProjection {
    const exists = this.exists(id) && this.createdAt(id) <= seq;
    const slots: ObjectId[] = [];
    const refs = new Map<string, number>();
    let refcount = 0, inref = 0, list = -1, finalized = false, cap = 0, addr = 0, unicode = false, split = false, dict = NULL_ID as number;
    let spliceAt = 0, spliceDelete = 0, inserted: ObjectId[] = [];
    const flushSplice = () => {
      slots.splice(spliceAt, spliceDelete, ...inserted);
      inserted = [];
      spliceDelete = -1;
    };
    spliceDelete = -1;
    this.perObject.forEach(id, (b, p) => {
      if (b.seq[p] > seq) return false;
      const kind = b.kind[p];
      if (spliceDelete >= 0 && kind !== E.INSERTED) flushSplice();
      switch (kind) {
        case E.CREATED: { const bits = b.other[p]; refcount = bits % 2 === 1 ? 999_999_999 : 1; split = Math.floor(bits / 2) % 2 === 1; break; }
        case E.REFCOUNT: refcount += unzigzag(b.aux[p]); break;
        case E.REFCOUNTS: {
          const from = b.seq[p];
          if (this.windowEnd(from) <= seq + 1) refcount += unzigzag(b.aux[p]);
          else for (const c of this.changesOf(id, from, seq + 1, -1)) refcount += c.delta;
          break;
        }
        case E.REF_ADDED: { inref++; const k = `${b.other[p]}:${b.aux[p]}`; refs.set(k, (refs.get(k) ?? 0) + 1); break; }
        case E.REF_REMOVED: {
          inref--;
          const k = `${b.other[p]}:${b.aux[p]}`;
          const n = (refs.get(k) ?? 0) - 1;
          if (n <= 0) refs.delete(k); else refs.set(k, n);
          break;
        }
        case E.GC_LIST: list = b.aux[p] === NOT_TRACKED ? -1 : b.aux[p]; break;
        case E.FINALIZED: finalized = true; break;
        case E.SLOT_SET: slots[b.aux[p]] = (b.other[p] - 1) as ObjectId; break;
        case E.SPLICED: spliceAt = b.aux[p]; spliceDelete = b.other[p]; inserted = []; break;
        case E.INSERTED: inserted.push((b.other[p] - 1) as ObjectId); break;
        case E.STORAGE: {
          cap = b.aux[p]; addr = b.other[p];
          const f = b.op[p];
          if (f & 1) unicode = (f & 2) !== 0;
          if (f & 4) split = (f & 8) !== 0;
          break;
        }
        case E.DICT_SET: dict = b.other[p] - 1; break;
        case E.DESTROYED: slots.length = 0; list = -1; break;
        default:
      }
      return true;
    });
    if (spliceDelete >= 0) flushSplice();
    const referrers = [...refs.keys()].map((k) => { const [c, l] = k.split(':'); return { container: Number(c) as ObjectId, label: Number(l) }; });
    const alive = exists && this.destroyedAt(id) > seq;
    return {
      id: id as ObjectId, seq, exists, alive, isStatic: this.isStatic(id), kind: this.kindOf(id), typeId: this.typeIdOf(id),
      refcount, inref, referrers, list: alive ? list : -1, finalized, slots: alive ? slots : [], storageCapacity: cap, storageAddress: addr,
      unicode, split, dict: dict as ObjectId, createdSeq: this.createdAt(id), destroyedSeq: this.destroyedAt(id),
    };
  }

  /**
   * Each refcount change of `id` (created, +/-delta, destroyed) with its cause, the
   * entries [offset, offset + limit) of them; `total` counts them all (refcountHistory.ts).
   */
  refcountHistory(id: number, offset = 0, limit = Infinity): RefcountHistoryPage {
    return refcountHistoryOf(this, id, offset, limit);
  }

  /**
   * The refcount changes of `id` in records [from, to), from the log; `expected` (or -1)
   * is how many its REFCOUNTS entry counts from `from` to the window's end.
   */
  changesOf(id: number, from: number, to: number, expected: number): readonly RefcountChangeRecord[] {
    if (this.refcountChanges === null) throw new Error('the single refcount changes are read from the log: open the index with its log (HeapTimeline)');
    const changes = this.refcountChanges(id, from, to);
    if (expected >= 0 && changes.length !== expected) {
      throw new Error(`the index counts ${expected} refcount changes of object ${id} from record ${from}; the log has ${changes.length}`);
    }
    return changes;
  }

  /** How a container refers to an object, as labelledReferents says it. */
  labelOf(container: number, label: number, seq: number): string {
    if (label === LABEL_CLASS) return '.__class__';
    if (label === LABEL_DICT) return '.__dict__';
    const i = label - 2;
    switch (this.kindOf(container)) {
      case Kind.List: case Kind.Tuple: return `[${i}]`;
      case Kind.Dict: {
        const p = this.project(container, seq);
        if (p.split) {
          // a split dict's values: named by its instance's shared keys
          const owner = p.referrers.find((r) => r.label === LABEL_DICT)?.container;
          const name = owner !== undefined ? this.labelOf(owner, label, seq) : '';
          return /^\.[A-Za-z_]\w*$/.test(name) ? `['${name.slice(1)}']` : `[${i}]`;
        }
        if (i % 2 === 0) return `key ${this.repr(p.slots[i]!)}`;
        return `[${this.repr(p.slots[i - 1]!)}]`;
      }
      case Kind.Instance: {
        const t = this.typeIdOf(container);
        const spec = this.typeSpec(t);
        const slotNames = spec?.slotNames ?? [];
        if (i < slotNames.length) return `.${slotNames[i]}`;
        const names = (this.sharedKeys.get(t) ?? []).filter(([n, , at]) => n !== null && at <= seq).map(([n]) => n!);
        return `.${names[i - slotNames.length] ?? `<value ${i}>`}`;
      }
      case Kind.Type: return ['.__dict__', '.__mro__', '.__bases__', '.__base__'][i] ?? `<${i}>`;
      case Kind.Function: return ['.__code__', '.__globals__', '.__module__', '.__defaults__', '.__kwdefaults__', '.__doc__', '.__name__', '.__dict__', '.__closure__', '.__annotations__', '.__qualname__'][i] ?? `<${i}>`;
      case Kind.Method: return i === 0 ? '.__func__' : '.__self__';
      case Kind.Cell: return '.cell_contents';
      default: return '<ref>';
    }
  }

  /** What Python's repr would say, one level deep: `'a'`, `1.5`, `None`, `<Node>` (see values.ts). */
  repr(id: number): string {
    return reprObject(this, id);
  }

  /**
   * Every holder of `id` after record `seq`, named as the program names it: the
   * variables (module and function locals) holding it, and each object referring to it
   * with an expression from a variable ('b.other'); see holders.ts.
   */
  holders(id: number, seq: number, limit = 50): Holders {
    return holdersOf(this, id, seq, limit);
  }

  /**
   * Why `id` is alive after record `seq`: the shortest chain of referrers from an object
   * held from outside the heap (refcount above its references from live objects), found
   * backwards from `id`; or, when none holds it, its referrers (a cycle the collector
   * will free). Statics are interpreter-owned roots.
   */
  whyAlive(id: number, seq: number, maxVisited = 200_000): { alive: boolean; path: { id: ObjectId; description: string; via: string }[]; referrers: { id: ObjectId; description: string; via: string }[]; explanation: string } {
    const d = (x: number) => this.describe(x, seq);
    if (!this.aliveAt(id, seq)) return { alive: false, path: [], referrers: [], explanation: `${d(id)} is not alive at seq ${seq}` };
    if (this.isStatic(id)) return { alive: true, path: [{ id: id as ObjectId, description: d(id), via: '' }], referrers: [], explanation: `${d(id)} is a static object of the interpreter (never freed)` };
    const start = this.project(id, seq);
    const external = (p: ObjectProjection) => p.refcount - p.inref;
    if (external(start) > 0) {
      const ext = external(start);
      return { alive: true, path: [{ id: id as ObjectId, description: d(id), via: '' }], referrers: [], explanation: `${d(id)} has ${ext} reference${ext === 1 ? '' : 's'} from outside the heap` };
    }
    // breadth-first, backwards: child -> (parent, label)
    const next = new Map<number, { to: number; label: number }>();
    const queue: ObjectProjection[] = [start];
    next.set(id, { to: -1, label: -1 });
    let root: ObjectProjection | null = null;
    for (let qi = 0; qi < queue.length && root === null && next.size < maxVisited; qi++) {
      const x = queue[qi]!;
      for (const r of x.referrers) {
        if (next.has(r.container) || this.isStatic(r.container)) continue;
        next.set(r.container, { to: x.id, label: r.label });
        const p = this.project(r.container, seq);
        if (!p.alive) continue;
        if (external(p) > 0) { root = p; break; }
        queue.push(p);
      }
    }
    if (root !== null) {
      const path: { id: ObjectId; description: string; via: string }[] = [];
      let prevLabel = -1, prevFrom = -1;
      for (let x = root.id as number; x !== -1; x = next.get(x)!.to) {
        path.push({ id: x as ObjectId, description: d(x), via: prevFrom < 0 ? '' : this.labelOf(prevFrom, prevLabel, seq) });
        prevFrom = x;
        prevLabel = next.get(x)!.label;
      }
      const ext = external(root);
      return {
        alive: true, path, referrers: [],
        explanation: `${path[0]!.description} has ${ext} reference${ext === 1 ? '' : 's'} from outside the heap; ` + path.slice(1).map((p) => `${p.via} -> ${p.description}`).join(', '),
      };
    }
    const referrers = start.referrers.map((r) => ({ id: r.container, description: d(r.container), via: this.labelOf(r.container, r.label, seq) }));
    return {
      alive: true, path: [], referrers,
      explanation: `no external reference reaches ${d(id)}: it is kept alive only by ${referrers.map((r) => `${r.description}${r.via}`).join(', ')} — garbage the cycle collector will free`,
    };
  }

  /** A small heap holding a projected object and what its size and description depend on (see objectSize). */
  miniState(p: ObjectProjection, slotCount = p.slots.length): ObjectsState { return miniState(this, p, slotCount); }

  /** sys.getsizeof and id() of a projected object, and its first `limit` references, labelled. */
  sizeAndLabels(p: ObjectProjection, limit = Infinity): { getsizeof: number; address: number; references: { to: ObjectId; via: string }[] } { return sizeAndLabels(this, p, limit); }

  /** The bytes requested for object id's block. */
  requestBytesOf(id: number): number { return this.basics(id).requestBytes; }

  /** The type specs defined at or before record seq. */
  typeSpecsUpTo(seq: number): [number, TypeSpec][] {
    const out: [number, TypeSpec][] = [];
    for (const [t, { spec, seq: at }] of this.typeSpecs) if (at <= seq) out.push([t, spec]);
    return out;
  }

  /** Each type's shared-keys changes: [name added (null: only the usable size changed), usable, seq]. */
  sharedKeyChanges(): ReadonlyMap<number, readonly [string | null, number, number][]> { return this.sharedKeys; }

  /** Blocks allocated and freed at `address`, and the objects made there, oldest first. */
  addressHistory(address: number): { seq: number; kind: 'allocated' | 'freed' | 'object'; requestBytes: number; object: ObjectId; cause: number }[] {
    return this.addresses.entries(address).map((e) => ({
      seq: e.seq, kind: e.kind === A.ALLOCATED ? 'allocated' : e.kind === A.FREED ? 'freed' : 'object',
      requestBytes: e.kind === A.ALLOCATED ? e.aux : 0, object: (e.kind === A.OBJECT ? e.other : -1) as ObjectId, cause: e.seq - e.back,
    }));
  }

  /**
   * For blocks live after record `seq` (addresses ascending): the seq that allocated each
   * (-1 if unknown) and the object made in it, if that object is alive then (else null:
   * a block kept on a free list, or the storage of an object).
   */
  blocksAt(addresses: Float64Array, seq: number): { allocatedAt: Float64Array; objects: (ObjectId | null)[] } {
    const allocatedAt = this.addresses.lastSeqs(addresses, seq, 1 << A.ALLOCATED);
    const last = this.addresses.lastEntriesMany(addresses, seq, (1 << A.OBJECT) | (1 << A.FREED));
    const t = this.tables();
    const objects = Array.from(addresses, (_, i): ObjectId | null => {
      if (last.kind[i] !== A.OBJECT) return null;
      const id = last.other[i]!;
      const d = t.destroyed[id];
      return t.created[id]! <= seq && (d === UNSET || d! > seq) ? (id as ObjectId) : null;
    });
    return { allocatedAt, objects };
  }

  /** The object made in the block live at `address` after record `seq`, or null. */
  objectAt(address: number, seq: number): ObjectId | null {
    const e = this.addresses.lastMatching(address, seq, (k) => k === A.OBJECT || k === A.FREED);
    return e !== null && e.kind === A.OBJECT && this.aliveAt(e.other, seq) ? (e.other as ObjectId) : null;
  }

  /** Calls fn for every object alive after record `seq` (statics included when asked), with its type name. */
  forEachAlive(seq: number, fn: (id: ObjectId, typeName: string, isStatic: boolean, createdSeq: number) => void): void {
    const t = this.tables();
    for (let id = LIST_HEADS; id < this.meta.nextId; id++) {
      if (t.created[id] === UNSET || t.created[id]! > seq || (t.destroyed[id] !== UNSET && t.destroyed[id]! <= seq)) continue;
      fn(id as ObjectId, this.typeNameOf(id, t.kinds[id]!, t.typeIds[id]!), t.statics[id] === 1, t.created[id]!);
    }
  }

  /** Live objects of a type (by name) after record `seq`. */
  objectsOfType(typeName: string, seq: number): ObjectId[] {
    const out: ObjectId[] = [];
    const t = this.tables();
    for (let id = LIST_HEADS; id < this.meta.nextId; id++) {
      if (t.created[id] === UNSET || t.created[id]! > seq || (t.destroyed[id] !== UNSET && t.destroyed[id]! <= seq)) continue;
      if (this.typeNameOf(id, t.kinds[id]!, t.typeIds[id]!) === typeName) out.push(id as ObjectId);
    }
    return out;
  }

  /**
   * For each seq range [from, to] (in order, not overlapping; a collection, say): the
   * objects destroyed in it, by id. One pass over the object table.
   */
  destroyedIn(ranges: readonly { readonly from: number; readonly to: number }[]): ObjectId[][] {
    const out = ranges.map((): ObjectId[] => []);
    if (ranges.length === 0) return out;
    const t = this.tables();
    for (let id = LIST_HEADS; id < this.meta.nextId; id++) {
      const d = t.destroyed[id]!;
      if (d === UNSET) continue;
      let lo = 0, hi = ranges.length - 1, k = -1;
      while (lo <= hi) { const mid = (lo + hi) >> 1; if (ranges[mid]!.from <= d) { k = mid; lo = mid + 1; } else hi = mid - 1; }
      if (k >= 0 && d <= ranges[k]!.to) out[k]!.push(id as ObjectId);
    }
    return out;
  }

  /** Counts of live objects by type name after record `seq`. */
  typeCounts(seq: number): Map<string, number> {
    const out = new Map<string, number>();
    const tb = this.tables();
    for (let id = LIST_HEADS; id < this.meta.nextId; id++) {
      if (tb.created[id] === UNSET || tb.created[id]! > seq || (tb.destroyed[id] !== UNSET && tb.destroyed[id]! <= seq) || tb.statics[id] === 1) continue;
      const t = this.typeNameOf(id, tb.kinds[id]!, tb.typeIds[id]!);
      out.set(t, (out.get(t) ?? 0) + 1);
    }
    return out;
  }

  /** The last record of the statement run whose command is at `statementSeq` (see ExecutionTables). */
  statementEnd(statementSeq: number, records: number): number { return this.execution.statementEnd(statementSeq, records); }
  /** The line of the statement being run at record `seq`, or null. */
  lineAt(seq: number): { line: number; statementSeq: number } | null { return this.execution.lineAt(seq); }
  /** Whether the statement table is in memory (it is read in full when first needed). */
  get statementsLoaded(): boolean { return this.execution.statementsLoaded; }
  /** The statement command at exactly `seq`, if that record is one. */
  statementAt(seq: number): number | null { return this.execution.statementAt(seq); }
  /** Seqs of the statement commands of `line`, paged. */
  seqsOfLine(line: number, offset = 0, limit = Infinity): { seqs: number[]; total: number } { return this.execution.seqsOfLine(line, offset, limit); }
  /** The seqs of every statement command, in order. */
  statementSeqs(): Uint32Array { return this.execution.statementSeqs(); }
  frame(n: number): FrameInfo { return this.execution.frame(n); }
  /** How many frames were entered in all (0 in a log without frames). */
  get frameCount(): number { return this.execution.frameCount; }
  /** The frame running after record `seq` (the innermost on the stack), -1 when none is. */
  innermostFrameAt(seq: number): number { return this.execution.innermostFrameAt(seq); }
  /** The statement frame n was running after record seq (calls it made since are part of it; `caller`: it had run none, this is the call). */
  statementOfFrame(n: number, seq: number): { line: number; statementSeq: number; caller: boolean } | null { return this.execution.statementOfFrame(n, seq); }

  /**
   * Where the program was after record `seq`: the statement of the frame running then
   * (not a statement of a call that has returned), the interpreter's start-up (before
   * the module's frame is entered), or its exit (after the module's frame is left:
   * __main__ cleared, the last collection).
   */
  whereAt(seq: number): { kind: 'statement'; line: number; statementSeq: number; frame: number } | { kind: 'start-up' } | { kind: 'exit' } {
    if (this.frameCount === 0) {
      // a log without frames (HeapRecorder): the last statement
      const l = this.lineAt(seq);
      return l === null || l.line === 0 ? { kind: 'start-up' } : { kind: 'statement', line: l.line, statementSeq: l.statementSeq, frame: -1 };
    }
    const n = this.innermostFrameAt(seq);
    if (n < 0) return seq < this.execution.firstFrame()!.enteredSeq ? { kind: 'start-up' } : { kind: 'exit' };
    const st = this.statementOfFrame(n, seq);
    return st === null || st.line === 0 ? { kind: 'start-up' } : { kind: 'statement', line: st.line, statementSeq: st.statementSeq, frame: n };
  }

  /**
   * The end of the program: the record before the module's frame is left (its last
   * statement done, before interpreter shutdown clears __main__), or the log's last
   * record when the module's frame is never left (or the log has no frames).
   */
  programEnd(): number {
    const last = this.meta.records - 1;
    const f = this.execution.firstFrame();
    return f !== null && f.depth === 1 && Number.isFinite(f.leftSeq) ? Math.min(last, Math.max(f.enteredSeq, f.leftSeq - 1)) : last;
  }

  /**
   * The last time variable `name` (a module variable or a function's local) held an
   * object other than None: the object, where, the seq it was bound and the last seq it
   * still held it (the record before it was rebound, deleted or its frame left); null
   * when it never did.
   */
  lastHeld(name: string): { value: ObjectId; scope: 'module' | 'local'; frame: number; boundAt: number; until: number } | null {
    const all = this.bindings(name);
    for (let i = all.length - 1; i >= 0; i--) {
      const b = all[i]!;
      if (b.scope === 'namespace' || b.value < 0 || this.kindOf(b.value) === Kind.None) continue;
      const same = (x: Binding) => x.scope === b.scope && (b.scope === 'local' ? x.frame === b.frame : x.dict === b.dict);
      const next = all.slice(i + 1).find(same);
      const until = next !== undefined ? Math.max(b.seq, next.seq - 1) : this.meta.records - 1;
      return { value: b.value, scope: b.scope === 'local' ? 'local' : 'module', frame: b.frame, boundAt: b.seq, until };
    }
    return null;
  }
  /** The frames on the stack after record `seq`, outermost first. */
  framesAt(seq: number): FrameInfo[] { return this.execution.framesAt(seq); }
  /** The local names of the function run by frame n. */
  frameNames(n: number): string[] { return this.execution.frameNames(n); }

  /** Every binding of `name` (dict entries and frame locals), oldest first. */
  bindings(name: string): Binding[] {
    this.nameIndex ??= new Map(this.nameTable.map((n, i) => [n, i]));
    const key = this.nameIndex.get(name);
    if (key === undefined) return [];
    return this.names.entries(key).map((e) => {
      if (e.kind === N.NS_SET) return { seq: e.seq, scope: e.aux === this.meta.mainGlobals ? 'module' : 'namespace', dict: e.aux, frame: -1, value: (e.other - 1) as ObjectId };
      return { seq: e.seq, scope: 'local', dict: -1, frame: e.aux, value: (e.kind === N.FRAME_LEFT ? -1 : e.other - 1) as ObjectId };
    });
  }

  /** What `name` named after record `seq`: in the innermost frame that has it, else in __main__'s globals. */
  resolveName(name: string, seq: number): { value: ObjectId; scope: 'module' | 'local'; frame: number; boundAt: number } | null {
    this.nameIndex ??= new Map(this.nameTable.map((n, i) => [n, i]));
    const key = this.nameIndex.get(name);
    if (key === undefined) return null;
    const frames = this.framesAt(seq);
    for (let i = frames.length - 1; i >= 0; i--) {
      const f = frames[i]!;
      if (f.depth === 1) continue;
      const e = this.names.lastWhere(key, seq, (b, p) => (b.kind[p] === N.LOCAL_SET || b.kind[p] === N.FRAME_LEFT) && b.aux[p] === f.frame);
      if (e !== null && e.kind === N.LOCAL_SET && e.other > 0) return { value: (e.other - 1) as ObjectId, scope: 'local', frame: f.frame, boundAt: e.seq };
    }
    const g = this.meta.mainGlobals;
    const e = this.names.lastWhere(key, seq, (b, p) => b.kind[p] === N.NS_SET && b.aux[p] === g);
    if (e !== null && e.other > 0) return { value: (e.other - 1) as ObjectId, scope: 'module', frame: -1, boundAt: e.seq };
    return null;
  }

  /** The variables of frame n after record seq (its locals; for the module, __main__'s globals). */
  variablesAt(frame: FrameInfo, seq: number): { name: string; value: ObjectId }[] {
    if (frame.depth === 1) return this.dictEntriesAt(this.meta.mainGlobals, seq);
    this.nameIndex ??= new Map(this.nameTable.map((n, i) => [n, i]));
    const out: { name: string; value: ObjectId }[] = [];
    for (const name of this.frameNames(frame.frame)) {
      const key = this.nameIndex.get(name);
      if (key === undefined) continue;
      const e = this.names.lastWhere(key, seq, (b, p) => (b.kind[p] === N.LOCAL_SET || b.kind[p] === N.FRAME_LEFT) && b.aux[p] === frame.frame);
      if (e !== null && e.kind === N.LOCAL_SET && e.other > 0) out.push({ name, value: (e.other - 1) as ObjectId });
    }
    return out;
  }

  /** A combined dict's str-keyed entries after record seq (e.g. a module's globals). */
  dictEntriesAt(dict: number, seq: number): { name: string; value: ObjectId }[] {
    if (dict < 0) return [];
    const p = this.project(dict, seq);
    const out: { name: string; value: ObjectId }[] = [];
    for (let i = 0; i + 1 < p.slots.length; i += 2) {
      const k = p.slots[i]!, v = p.slots[i + 1]!;
      if (k === NULL_ID || v === NULL_ID || this.kindOf(k) !== Kind.Str) continue;
      out.push({ name: String(this.valueOf(k)), value: v });
    }
    return out;
  }

}
