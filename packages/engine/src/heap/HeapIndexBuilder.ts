/**
 * Builds a heap log's index in one folding pass: every record is applied to a GcState
 * (the state before each event gives what the event replaced: the old value of a slot,
 * the members of a merged list), and what the questions need is kept:
 *
 *   part        what                                                    key
 *   objects     per id: created / destroyed seq, kind, type, static     the id (table)
 *   values      the payload of every atom (int, str, float, bytes)      id
 *   perObject   keyed runs, one entry per change of an object (below)   object id
 *   names       keyed runs, one entry per binding of a name             name number
 *   addresses   keyed runs: blocks allocated, freed, objects made there block address
 *   nameTable   the names (strings) the name runs are keyed by
 *   frames      per frame entered: depth, function, entered / left seq  frame number
 *   code        per function: its qualified name and local names
 *   statements  seq, line and frame depth of every statement command
 *   types       each type's spec, and its shared keys' names in order
 *   markers     collections, finalizers, unraisable errors, arenas
 *   heap.N      full checkpoints (heapCheckpoint.ts), at `checkpoints` seqs
 *   mem         the CheckpointStore their allocator parts share
 *
 * Per-object entry kinds (E), `other` and `aux` as noted; every entry keeps its cause:
 *   CREATED       op kind, aux type id + 1, other createdBits (request bytes, split, static)
 *   BLOCK         other the block address it was made in
 *   REFCOUNT      aux zigzag(delta)                          (the initial state's counts only)
 *   REFCOUNTS     the object's refcount changes in one window of 2^meta.refcountWindowBits
 *                 records (seq >> bits), from the first: aux zigzag(net delta),
 *                 other how many; the changes themselves are read from the log's records
 *   DESTROYED
 *   REF_ADDED     aux label (0 __class__, 1 __dict__, k + 2 slot k), other container id
 *   REF_REMOVED   the same, when the container lets go
 *   GC_LIST       aux the list head it moved to (NOT_TRACKED when untracked)
 *   FINALIZED
 *   SLOT_SET      aux index, other value + 1                (the object's own slots)
 *   SPLICED       aux index, other deleteCount, then INSERTED entries (aux k, other value + 1)
 *   STORAGE       aux capacity, other address, op flags (1 unicode set, 2 unicode, 4 split set, 8 split)
 *   DICT_SET      other dict + 1                            (an instance's __dict__)
 * Address entries (A, keyed by block address): ALLOCATED (aux request bytes), FREED,
 * OBJECT (aux kind, other the object made in the block).
 * Name entry kinds (N): NS_SET (aux dict id, other value + 1), LOCAL_SET (aux frame
 * number, other value + 1), FRAME_LEFT (aux frame number).
 */
import { ByteWriter } from '@pymm/eventlog';
import { evolve, initialGcState, writeValue, type AtomValue, type GcEvent, type GcState, type HeapRecord, type HeapVisitor } from '@pymm/gc';
import { CheckpointStore, resolveProfile } from '@pymm/obmalloc';
import { applySlotSet, F_ALIVE, F_SPLIT, F_STATIC, F_TRACKED, F_UNICODE, Kind, LIST_HEADS, NULL_ID } from '@pymm/objects';
import { deflateRawSync, inflateRawSync } from 'node:zlib';
import { encodeDirectories, RunsBuilder } from '../index/KeyedRuns.js';
import type { IndexSink } from '../index/IndexFile.js';
import { encodeHeapCheckpoint } from './heapCheckpoint.js';

export const E = {
  CREATED: 0, REFCOUNT: 1, DESTROYED: 2, REF_ADDED: 3, REF_REMOVED: 4, GC_LIST: 5, FINALIZED: 6,
  SLOT_SET: 7, SPLICED: 8, INSERTED: 9, STORAGE: 10, DICT_SET: 11, BLOCK: 12, REFCOUNTS: 13,
} as const;

/**
 * Refcount changes are 55% of a program's records, and most objects change many times in
 * a few thousand records: one REFCOUNTS entry per object and window of 2^13 records keeps
 * their sum and count; a question about the single changes decodes that window.
 */
export const REFCOUNT_WINDOW_BITS = 13;
/** An entry's signed number as a whole one (0, -1, 1, -2 ... as 0, 1, 2, 3 ...), and back. */
export const zigzag = (x: number): number => (x >= 0 ? 2 * x : -2 * x - 1);
export const unzigzag = (z: number): number => (z % 2 === 0 ? z / 2 : -(z + 1) / 2);

/** CREATED's `other`: request bytes * 4, + 2 made a split dict, + 1 a static. */
export function createdBits(requestBytes: number, split: boolean, isStatic: boolean): number {
  return requestBytes * 4 + (split ? 2 : 0) + (isStatic ? 1 : 0);
}
export const N = { NS_SET: 0, LOCAL_SET: 1, FRAME_LEFT: 2 } as const;
/** Address entry kinds (as the allocator index's: 0 allocated, 1 freed), and 5: an object made at the address. */
export const A = { ALLOCATED: 0, FREED: 1, OBJECT: 5 } as const;
export const ADDRESS_RUNS = { otherKinds: 1 << A.OBJECT, withBack: true, blockEntries: 1024 };
export const NOT_TRACKED = 0xffff;
export const LABEL_CLASS = 0;
export const LABEL_DICT = 1;
export const PER_OBJECT_RUNS = {
  otherKinds: (1 << E.CREATED) | (1 << E.REF_ADDED) | (1 << E.REF_REMOVED) | (1 << E.SLOT_SET) | (1 << E.SPLICED) | (1 << E.INSERTED) | (1 << E.STORAGE) | (1 << E.DICT_SET) | (1 << E.BLOCK)
    | (1 << E.REFCOUNTS),
  withBack: true,
  blockEntries: 4096,
  // runs are cut between windows only, so a window's REFCOUNTS entries can still be patched
  cutWhenAsked: true,
};
export const NAME_RUNS = { otherKinds: (1 << N.NS_SET) | (1 << N.LOCAL_SET), withBack: false, blockEntries: 4096 };

export const zlibCompression = { compress: (b: Uint8Array) => deflateRawSync(b, { level: 6 }), decompress: (b: Uint8Array) => inflateRawSync(b) };

export interface Marker {
  readonly seq: number;
  readonly kind: 'collection' | 'finalizer' | 'error' | 'arena-allocated' | 'arena-freed';
  /** collection: its end seq, generation, automatic, collected, uncollectable. */
  readonly endSeq?: number;
  readonly generation?: number;
  readonly automatic?: boolean;
  readonly collected?: number;
  readonly uncollectable?: number;
  /** finalizer: the object; error: the object (or -1) and message; arena: its base. */
  readonly id?: number;
  readonly message?: string;
  readonly address?: number;
}

class U32 {
  a: Uint32Array;
  length = 0;
  constructor(cap = 1024) { this.a = new Uint32Array(cap); }
  push(x: number): void {
    if (this.length === this.a.length) { const b = new Uint32Array(this.a.length * 2); b.set(this.a); this.a = b; }
    this.a[this.length++] = x;
  }
  view(): Uint32Array { return this.a.subarray(0, this.length); }
}

/**
 * Atoms' payloads by id: varuint count, the ids (ascending deltas), then each value's byte
 * offset into the data (varuint deltas), then the data: per value what HeapCodec's
 * writeValue writes (a tag, then a UTF-8 string, an f64 or a long text's pieces). Read lazily, one value at a time (HeapIndex).
 * Encoded as they arrive, which keeps millions of atoms out of the JS heap: ids are handed
 * out in increasing order (the heap never reuses one), so they come sorted.
 */
class ValuesWriter {
  private readonly ids = new U32();
  private readonly offsets = new U32();
  private readonly data = new ByteWriter(1 << 16);

  add(id: number, v: AtomValue): void {
    const n = this.ids.length;
    if (n > 0 && id <= this.ids.a[n - 1]!) throw new RangeError(`object ${id} made after object ${this.ids.a[n - 1]} (ids are handed out in increasing order)`);
    this.ids.push(id);
    this.offsets.push(this.data.length);
    writeValue(this.data, v);
  }

  finish(): Uint8Array {
    const w = new ByteWriter(1 << 16).varuint(this.ids.length);
    for (const column of [this.ids.view(), this.offsets.view()]) {
      let last = 0;
      for (const x of column) { w.varuint(x - last); last = x; }
    }
    return w.bytes(this.data.finish()).finish();
  }
}

/** A growable Float64Array indexed by object id (0 where unset). */
class F64ById {
  a = new Float64Array(1024);
  set(id: number, x: number): void {
    if (id >= this.a.length) { const b = new Float64Array(Math.max(this.a.length * 2, id + 1)); b.set(this.a); this.a = b; }
    this.a[id] = x;
  }
}

export interface HeapIndexOptions {
  /**
   * Records between full checkpoints. By default the spacing follows the size of a
   * checkpoint (which holds every object id made so far): CHECKPOINT_RECORDS_PER_OBJECT
   * records per id, within [CHECKPOINT_MIN_RECORDS, CHECKPOINT_MAX_RECORDS] (a seek
   * replays at most that many). Checkpoints then take about 4 raw bytes per record, and
   * the index can be built as the log is written, without knowing its length: built
   * while a program runs or from the finished log, it is the same index.
   */
  readonly checkpointEveryRecords?: number;
  /** REFCOUNTS windows of 2^bits records (default REFCOUNT_WINDOW_BITS; tests use small ones). */
  readonly refcountWindowBits?: number;
}

export const CHECKPOINT_MIN_RECORDS = 65536;
export const CHECKPOINT_RECORDS_PER_OBJECT = 16;
export const CHECKPOINT_MAX_RECORDS = 1 << 23;

export class HeapIndexBuilder {
  readonly state: GcState;
  private readonly perObject: RunsBuilder;
  private readonly names: RunsBuilder;
  private readonly addressRuns: RunsBuilder;
  private readonly memoryBlocks: Uint8Array[] = [];
  private readonly nameIds = new Map<string, number>();
  private readonly created = new U32();
  private readonly destroyed = new U32();
  private readonly addresses = new F64ById();
  /** Per object id: window + 1 of its open REFCOUNTS entry (0: none), that entry's place, net delta and count. */
  private rcWindow = new Int32Array(1024);
  private rcPlace = new Int32Array(1024);
  private rcNet = new Int32Array(1024);
  private rcCount = new Int32Array(1024);
  private readonly requests = new U32();
  private readonly values = new ValuesWriter();
  private readonly statementSeq = new U32();
  private readonly statementLine = new U32();
  private readonly statementDepth = new U32();
  private readonly frameDepth = new U32();
  private readonly frameFunc = new U32();
  private readonly frameEnter = new U32();
  private readonly frameLeave = new U32();
  /** The frames entered and not left: their numbers and the function of each. */
  private readonly stack: { serial: number; func: number }[] = [];
  private readonly code = new Map<number, { name: string; names: string[] }>();
  private readonly types: { id: number; seq: number; spec: unknown }[] = [];
  /** Per type: its shared keys' changes (a name added or null, dk_usable after, seq). */
  private readonly sharedNames = new Map<number, [string | null, number, number][]>();
  private readonly markers: Marker[] = [];
  private readonly open: { seq: number; generation: number; automatic: boolean }[] = [];
  private source: { filename: string; text: string } | null = null;
  private mainGlobals = -1;
  private readonly mem: CheckpointStore;
  private readonly checkpoints: { seq: number; part: string }[] = [];
  private readonly checkpointBlobs: Uint8Array[] = [];
  private sinceCheckpoint = 0;
  private seq = 0;
  /** One bit per record: a command (events must name one as their cause). */
  private commandBits = new Uint8Array(1 << 16);
  /** The fixed spacing asked for, or 0: the spacing follows the heap's size. */
  private readonly every: number;
  /** Records until the next checkpoint. */
  private due: number;
  private readonly windowBits: number;

  constructor(
    readonly profile: string,
    private readonly writer: IndexSink | null,
    options: HeapIndexOptions = {},
  ) {
    this.state = initialGcState({ profile });
    this.mem = new CheckpointStore(resolveProfile(profile), zlibCompression);
    this.every = options.checkpointEveryRecords ?? 0;
    this.windowBits = options.refcountWindowBits ?? REFCOUNT_WINDOW_BITS;
    if (!(Number.isInteger(this.windowBits) && this.windowBits >= 0 && this.windowBits <= 24)) throw new RangeError(`refcountWindowBits ${this.windowBits} is not 0 .. 24`);
    this.due = this.every || CHECKPOINT_MIN_RECORDS;
    const sink = (b: Uint8Array): number => {
      if (writer !== null) return writer.section(b);
      this.memoryBlocks.push(b);
      return this.memoryBlocks.length - 1;
    };
    this.perObject = new RunsBuilder(sink, PER_OBJECT_RUNS);
    this.names = new RunsBuilder(sink, NAME_RUNS);
    this.addressRuns = new RunsBuilder(sink, ADDRESS_RUNS);
    this.describeInitialState();
    this.checkpoint();
  }

  /**
   * The objects of the initial state (the interpreter's statics, gc.garbage, ...) exist
   * before record 0: entries at seq 0 say what each is then, as if it was made there.
   */
  private describeInitialState(): void {
    const s = this.state.objects;
    const po = this.perObject;
    for (let id = LIST_HEADS; id < s.nextId; id++) {
      if ((s.flags[id]! & F_ALIVE) === 0) continue;
      while (this.created.length <= id) { this.created.push(0xffff_ffff); this.destroyed.push(0xffff_ffff); this.requests.push(0); }
      this.created.a[id] = 0;
      this.requests.a[id] = s.requestBytes[id]!;
      if (s.address[id] !== 0) this.addresses.set(id, s.address[id]!);
      if (s.payload[id] !== undefined) this.values.add(id, s.payload[id]!);
      const isStatic = (s.flags[id]! & F_STATIC) !== 0;
      po.add(id, 0, E.CREATED, s.kind[id]!, s.typeOf[id]! + 1, createdBits(s.requestBytes[id]!, (s.flags[id]! & F_SPLIT) !== 0, isStatic), 0);
      if (s.address[id] !== 0) {
        po.add(id, 0, E.BLOCK, 0, 0, s.address[id]!, 0);
        this.initialBlocks.push([s.address[id]!, s.requestBytes[id]!, id, s.kind[id]!]);
      }
      if (s.storageAddr[id] !== 0 && (s.flags[id]! & F_SPLIT) === 0) this.initialBlocks.push([s.storageAddr[id]!, 0, -1, 0]);
      if (!isStatic && s.refcnt[id] !== 1) po.add(id, 0, E.REFCOUNT, 0, zigzag(s.refcnt[id]! - 1), 0, 0);
    }
    for (let id = LIST_HEADS; id < s.nextId; id++) {
      if ((s.flags[id]! & F_ALIVE) === 0) continue;
      const n = s.slotLen[id]!;
      if (n > 0) {
        po.add(id, 0, E.SPLICED, 0, 0, 0, 0);
        for (let k = 0; k < n; k++) {
          const v = s.slotPool[s.slotOff[id]! + k]!;
          po.add(id, 0, E.INSERTED, 0, k, v + 1, 0);
          if (v !== NULL_ID) po.add(v, 0, E.REF_ADDED, 0, k + 2, id, 0);
        }
      }
      if (s.kind[id] === Kind.Instance) po.add(s.typeOf[id]!, 0, E.REF_ADDED, 0, LABEL_CLASS, id, 0);
      if (s.storageCap[id] !== 0 || s.storageAddr[id] !== 0) po.add(id, 0, E.STORAGE, (s.flags[id]! & F_UNICODE) !== 0 ? 3 : 1, s.storageCap[id]!, s.storageAddr[id]!, 0);
      if ((s.flags[id]! & F_TRACKED) !== 0) po.add(id, 0, E.GC_LIST, 0, s.listOf(id), 0, 0);
    }
    // the blocks of the initial state (made before record 0): allocated, and the object in each
    this.initialBlocks.sort((a, b) => a[0] - b[0]);
    for (const [address, bytes, id, kind] of this.initialBlocks) {
      this.addressRuns.add(address, 0, A.ALLOCATED, 0, bytes, 0, 0);
      if (id >= 0) this.addressRuns.add(address, 0, A.OBJECT, 0, kind, id, 0);
    }
  }
  private readonly initialBlocks: [number, number, number, number][] = [];

  private nameId(name: string): number {
    let id = this.nameIds.get(name);
    if (id === undefined) { id = this.nameIds.size; this.nameIds.set(name, id); }
    return id;
  }

  private checkpoint(): void {
    const bytes = encodeHeapCheckpoint(this.state, this.mem);
    const part = `heap.${this.checkpoints.length}`;
    this.checkpoints.push({ seq: this.seq, part });
    if (this.writer !== null) this.writer.blob(part, bytes);
    else this.checkpointBlobs.push(bytes);
    this.sinceCheckpoint = 0;
    this.due = this.every || Math.min(CHECKPOINT_MAX_RECORDS, Math.max(CHECKPOINT_MIN_RECORDS, CHECKPOINT_RECORDS_PER_OBJECT * this.state.objects.nextId));
  }

  /** Applies record `seq` (the next one) and indexes it; throws on a record that does not apply. */
  add(r: HeapRecord): void {
    const seq = this.seq;
    if (r.kind === 'command') {
      this.markCommand(seq);
      this.command(seq, r.command);
    } else {
      this.checkCause(seq, r.cause);
      this.event(seq, seq - r.cause, r.event);
    }
    this.next();
  }

  private markCommand(seq: number): void {
    if ((seq >> 3) >= this.commandBits.length) {
      const b = new Uint8Array(this.commandBits.length * 2);
      b.set(this.commandBits);
      this.commandBits = b;
    }
    this.commandBits[seq >> 3]! |= 1 << (seq & 7);
  }

  private checkCause(seq: number, cause: number): void {
    if (!(cause >= 0 && cause < seq && (this.commandBits[cause >> 3]! & (1 << (cause & 7))) !== 0)) {
      throw new RangeError(`record ${seq}: its cause ${cause} is not an earlier command record`);
    }
  }

  private next(): void {
    this.seq += 1;
    // a new window: no REFCOUNTS entry is patched again, so a run may be cut here
    if ((this.seq & ((1 << this.windowBits) - 1)) === 0) this.perObject.flushIfFull();
    if (++this.sinceCheckpoint >= this.due) this.checkpoint();
  }

  /**
   * A HeapCodec visitor that feeds this builder: the two hot events (three records in
   * five) are indexed and applied without event objects.
   */
  readonly visitor: HeapVisitor = {
    record: (seq, r) => {
      if (seq !== this.seq) throw new RangeError(`record ${seq} arrived where ${this.seq} was due`);
      this.add(r);
    },
    refcount: (seq, cause, id, delta) => {
      if (seq !== this.seq) throw new RangeError(`record ${seq} arrived where ${this.seq} was due`);
      this.checkCause(seq, cause);
      this.refcountChanged(id, seq, delta, seq - cause);
      this.state.objects.refcnt[id]! += delta;
      this.next();
    },
    slotSet: (seq, cause, id, index, value) => {
      if (seq !== this.seq) throw new RangeError(`record ${seq} arrived where ${this.seq} was due`);
      this.checkCause(seq, cause);
      this.slotSet(seq, seq - cause, id, index, value);
      applySlotSet(this.state.objects, id, index, value);
      this.next();
    },
  };

  /** A refcount change: into the object's REFCOUNTS entry of this window (a new one at its first change there). */
  private refcountChanged(id: number, seq: number, delta: number, back: number): void {
    if (id >= this.rcWindow.length) {
      const n = Math.max(this.rcWindow.length * 2, id + 1);
      const grow = (a: Int32Array) => { const b = new Int32Array(n); b.set(a); return b; };
      this.rcWindow = grow(this.rcWindow); this.rcPlace = grow(this.rcPlace); this.rcNet = grow(this.rcNet); this.rcCount = grow(this.rcCount);
    }
    const w = (seq >>> this.windowBits) + 1;
    if (this.rcWindow[id] === w) {
      const net = (this.rcNet[id]! += delta);
      const count = ++this.rcCount[id]!;
      this.perObject.patch(this.rcPlace[id]!, zigzag(net), count);
      return;
    }
    this.rcWindow[id] = w;
    this.rcNet[id] = delta;
    this.rcCount[id] = 1;
    this.rcPlace[id] = this.perObject.add(id, seq, E.REFCOUNTS, 0, zigzag(delta), 1, back);
  }

  private slotSet(seq: number, back: number, id: number, index: number, value: number): void {
    const s = this.state.objects;
    const po = this.perObject;
    const was = s.slotPool[s.slotOff[id]! + index]!;
    if (was !== NULL_ID) po.add(was, seq, E.REF_REMOVED, 0, index + 2, id, back);
    if (value !== NULL_ID) po.add(value, seq, E.REF_ADDED, 0, index + 2, id, back);
    po.add(id, seq, E.SLOT_SET, 0, index, value + 1, back);
    if (s.kind[id] === Kind.Dict && (s.flags[id]! & F_SPLIT) === 0) {
      // an entry's value set: a binding; its key cleared (a deletion clears the key first): unbound
      if (index % 2 === 1) this.binding(seq, id, s.slotPool[s.slotOff[id]! + index - 1]!, value);
      else if (value === NULL_ID && was !== NULL_ID) this.binding(seq, id, was, NULL_ID);
    }
  }

  private command(seq: number, c: Readonly<Record<string, unknown>>): void {
    if (typeof c['line'] === 'number' && Object.keys(c).length === 1) {
      this.statementSeq.push(seq);
      this.statementLine.push(c['line']);
      this.statementDepth.push(this.stack.length);
      return;
    }
    const frame = c['frame'];
    if (frame === 'enter') {
      const serial = this.frameDepth.length;
      const func = c['func'] as number;
      this.frameDepth.push(c['depth'] as number);
      this.frameFunc.push(func + 1);
      this.frameEnter.push(seq);
      this.frameLeave.push(0xffff_ffff);
      this.stack.push({ serial, func });
      const names = this.code.get(func)?.names;
      const slots = c['slots'] as readonly number[];
      if (names !== undefined) slots.forEach((v, i) => { if (v !== NULL_ID && i < names.length) this.names.add(this.nameId(names[i]!), seq, N.LOCAL_SET, 0, serial, v + 1); });
      return;
    }
    if (frame === 'leave') {
      const f = this.stack.pop();
      if (f !== undefined) {
        this.frameLeave.a[f.serial] = seq;
        const names = this.code.get(f.func)?.names;
        // one entry per name of the frame: "from here on, that frame's x is gone"
        if (names !== undefined) for (const n of names) this.names.add(this.nameId(n), seq, N.FRAME_LEFT, 0, f.serial, 0);
      }
      return;
    }
    if (typeof c['local'] === 'number') {
      const f = this.stack[this.stack.length - 1];
      const names = f !== undefined ? this.code.get(f.func)?.names : undefined;
      const name = names?.[c['local']];
      if (f !== undefined && name !== undefined) this.names.add(this.nameId(name), seq, N.LOCAL_SET, 0, f.serial, (c['value'] as number) + 1);
      return;
    }
    if (typeof c['code'] === 'number') {
      this.code.set(c['code'], { name: String(c['name']), names: (c['names'] as string[]).map(String) });
      return;
    }
    if (typeof c['run'] === 'string' && typeof c['source'] === 'string') this.source = { filename: c['run'], text: c['source'] };
  }

  private event(seq: number, back: number, e: GcEvent): void {
    const s = this.state.objects;
    const po = this.perObject;
    switch (e.type) {
      case 'ObjectCreated': {
        const id = e.id;
        while (this.created.length <= id) { this.created.push(0xffff_ffff); this.destroyed.push(0xffff_ffff); this.requests.push(0); }
        this.created.a[id] = seq;
        this.requests.a[id] = e.requestBytes;
        if (e.address !== 0) this.addresses.set(id, e.address);
        po.add(id, seq, E.CREATED, e.kind, e.typeId + 1, createdBits(e.requestBytes, e.split === true, e.isStatic === true), back);
        if (e.address !== 0) po.add(id, seq, E.BLOCK, 0, 0, e.address, back);
        if (e.kind === Kind.Instance) po.add(e.typeId, seq, E.REF_ADDED, 0, LABEL_CLASS, id, back);
        if (e.value !== undefined) this.values.add(id, e.value);
        if (e.address !== 0) this.addressRuns.add(e.address, seq, A.OBJECT, 0, e.kind, id, back);
        break;
      }
      case 'RefcountChanged':
        this.refcountChanged(e.id, seq, e.delta, back);
        break;
      case 'SlotSet':
        this.slotSet(seq, back, e.id, e.index, e.value);
        break;
      case 'SlotsSpliced': {
        const off = s.slotOff[e.id]!;
        if (e.deleteCount > 0 && s.kind[e.id] === Kind.Dict && (s.flags[e.id]! & F_SPLIT) === 0 && e.index % 2 === 0) {
          // entries cleared (PyDict_Clear, a namespace's tp_clear): their names unbound, unless set again here (a resize)
          const kept = new Set<number>();
          for (let k = 0; k + 1 < e.insert.length; k += 2) kept.add(e.insert[k]!);
          this.unbind(seq, e.id, e.index, e.deleteCount, kept);
        }
        for (let k = 0; k < e.deleteCount; k++) {
          const v = s.slotPool[off + e.index + k]!;
          if (v !== NULL_ID) po.add(v, seq, E.REF_REMOVED, 0, e.index + k + 2, e.id, back);
        }
        e.insert.forEach((v, k) => { if (v !== NULL_ID) po.add(v, seq, E.REF_ADDED, 0, e.index + k + 2, e.id, back); });
        po.add(e.id, seq, E.SPLICED, 0, e.index, e.deleteCount, back);
        e.insert.forEach((v, k) => po.add(e.id, seq, E.INSERTED, 0, k, v + 1, back));
        if (s.kind[e.id] === Kind.Dict && (s.flags[e.id]! & F_SPLIT) === 0 && e.index % 2 === 0) {
          for (let k = 0; k + 1 < e.insert.length; k += 2) this.binding(seq, e.id, e.insert[k]!, e.insert[k + 1]!);
        }
        break;
      }
      case 'InstanceDictSet': {
        const was = s.aux[e.id]!;
        if (was !== NULL_ID) po.add(was, seq, E.REF_REMOVED, 0, LABEL_DICT, e.id, back);
        if (e.dict !== NULL_ID) po.add(e.dict, seq, E.REF_ADDED, 0, LABEL_DICT, e.id, back);
        po.add(e.id, seq, E.DICT_SET, 0, 0, e.dict + 1, back);
        break;
      }
      case 'StorageChanged': {
        const flags = (e.unicode === undefined ? 0 : 1 | (e.unicode ? 2 : 0)) | (e.split === undefined ? 0 : 4 | (e.split ? 8 : 0));
        po.add(e.id, seq, E.STORAGE, flags, e.capacity, e.address, back);
        break;
      }
      case 'ObjectTracked':
        po.add(e.id, seq, E.GC_LIST, 0, 0, 0, back);
        break;
      case 'ObjectUntracked':
        po.add(e.id, seq, E.GC_LIST, 0, NOT_TRACKED, 0, back);
        break;
      case 'GcListMoved':
        po.add(e.id, seq, E.GC_LIST, 0, e.list, 0, back);
        break;
      case 'GcListsMerged':
        for (let g = s.gcNext[e.from]!; g !== e.from; g = s.gcNext[g]!) po.add(g, seq, E.GC_LIST, 0, e.to, 0, back);
        break;
      case 'FinalizedMarked':
        po.add(e.id, seq, E.FINALIZED, 0, 0, 0, back);
        break;
      case 'ObjectDestroyed': {
        const id = e.id;
        const off = s.slotOff[id]!;
        // a namespace freed (dict_dealloc; __main__'s at exit): its names unbound
        if (s.kind[id] === Kind.Dict && (s.flags[id]! & F_SPLIT) === 0) this.unbind(seq, id, 0, s.slotLen[id]!, null);
        for (let k = 0; k < s.slotLen[id]!; k++) {
          const v = s.slotPool[off + k]!;
          if (v !== NULL_ID) po.add(v, seq, E.REF_REMOVED, 0, k + 2, id, back);
        }
        if (s.kind[id] === Kind.Instance) {
          po.add(s.typeOf[id]!, seq, E.REF_REMOVED, 0, LABEL_CLASS, id, back);
          if (s.aux[id] !== NULL_ID) po.add(s.aux[id]!, seq, E.REF_REMOVED, 0, LABEL_DICT, id, back);
        }
        po.add(id, seq, E.DESTROYED, 0, 0, 0, back);
        if (id < this.destroyed.length) this.destroyed.a[id] = seq;
        break;
      }
      case 'TypeDefined':
        this.types.push({ id: e.id, seq, spec: e.spec });
        break;
      case 'SharedKeysChanged': {
        let l = this.sharedNames.get(e.typeId);
        if (l === undefined) this.sharedNames.set(e.typeId, (l = []));
        l.push([e.addedName ?? null, e.usable, seq]);
        break;
      }
      case 'CollectionStarted':
        this.open.push({ seq, generation: e.generation, automatic: e.automatic });
        break;
      case 'CollectionFinished': {
        const o = this.open.pop();
        if (o !== undefined) this.markers.push({ seq: o.seq, kind: 'collection', endSeq: seq, generation: o.generation, automatic: o.automatic, collected: e.collected, uncollectable: e.uncollectable });
        break;
      }
      case 'YoungScanned':
        for (const id of e.unreachable) po.add(id, seq, E.GC_LIST, 0, e.into, 0, back);
        break;
      case 'FinalizerCalled':
        this.markers.push({ seq, kind: 'finalizer', id: e.id });
        break;
      case 'UnraisableReported':
        this.markers.push({ seq, kind: 'error', id: e.id, message: e.message });
        break;
      case 'MemoryChanged': {
        const m = e.event;
        switch (m.type) {
          case 'BlockAllocated': case 'RawAllocated': this.addressRuns.add(m.address, seq, A.ALLOCATED, 0, m.requestBytes, 0, back); break;
          case 'BlockFreed': case 'RawFreed': this.addressRuns.add(m.address, seq, A.FREED, 0, 0, 0, back); break;
          case 'RawReallocated':
            this.addressRuns.add(m.oldAddress, seq, A.FREED, 0, 0, 0, back);
            this.addressRuns.add(m.address, seq, A.ALLOCATED, 0, m.requestBytes, 0, back);
            break;
          case 'ArenaAllocated': this.markers.push({ seq, kind: 'arena-allocated', address: m.baseAddress }); break;
          case 'ArenaFreed': this.markers.push({ seq, kind: 'arena-freed', address: m.baseAddress }); break;
          default:
        }
        break;
      }
      default:
    }
    evolve(this.state, e);
  }

  /** The entries of a combined dict in slots [from, from + count) go: each bound name (a key not in `kept`) is unbound. */
  private unbind(seq: number, dict: number, from: number, count: number, kept: ReadonlySet<number> | null): void {
    const s = this.state.objects;
    const off = s.slotOff[dict]!;
    for (let k = from; k + 1 < from + count; k += 2) {
      const key = s.slotPool[off + k]!, value = s.slotPool[off + k + 1]!;
      if (key !== NULL_ID && value !== NULL_ID && !(kept?.has(key) ?? false)) this.binding(seq, dict, key, NULL_ID);
    }
  }

  /** A combined dict's entry `key -> value` was set (value NULL_ID: removed). */
  private binding(seq: number, dict: number, key: number, value: number): void {
    const s = this.state.objects;
    if (key === NULL_ID || s.kind[key] !== Kind.Str) return;
    const name = s.payload[key] as string;
    if (this.mainGlobals < 0 && name === '__name__' && value !== NULL_ID && s.payload[value] === '__main__') this.mainGlobals = dict;
    this.names.add(this.nameId(name), seq, N.NS_SET, 0, dict, value + 1);
  }

  /** Bytes the builder holds in memory (for progress reports). */
  get length(): number {
    return this.seq;
  }

  /**
   * Ends the pass (a last checkpoint at the end) and writes every part; without a
   * writer, returns the parts (blocks and sections) for an in-memory index.
   */
  finish(): { parts: Map<string, Uint8Array>; blocks: Uint8Array[] } {
    if (this.checkpoints[this.checkpoints.length - 1]!.seq !== this.seq) this.checkpoint();
    const parts = new Map<string, Uint8Array>();
    const json = (v: unknown) => new TextEncoder().encode(JSON.stringify(v));
    const u32 = (a: Uint32Array) => new Uint8Array(a.buffer.slice(a.byteOffset, a.byteOffset + a.byteLength));
    const s = this.state.objects;
    const kinds = new Uint8Array(s.nextId);
    const typeOf = new Int32Array(s.nextId);
    const statics = new Uint8Array(s.nextId);
    for (let id = 0; id < s.nextId; id++) {
      kinds[id] = s.kind[id]!;
      typeOf[id] = s.typeOf[id]!;
      statics[id] = (s.flags[id]! & F_STATIC) !== 0 ? 1 : 0;
    }
    while (this.created.length < s.nextId) { this.created.push(0xffff_ffff); this.destroyed.push(0xffff_ffff); this.requests.push(0); }
    const address = new Float64Array(s.nextId);
    address.set(this.addresses.a.subarray(0, Math.min(s.nextId, this.addresses.a.length)));
    parts.set('objects.created', u32(this.created.view()));
    parts.set('objects.destroyed', u32(this.destroyed.view()));
    parts.set('objects.kind', kinds);
    parts.set('objects.type', new Uint8Array(typeOf.buffer));
    parts.set('objects.static', statics);
    parts.set('objects.address', new Uint8Array(address.buffer));
    parts.set('objects.request', u32(this.requests.view()));
    parts.set('values', this.values.finish());
    parts.set('perObject', encodeDirectories(this.perObject.finish()));
    parts.set('names', encodeDirectories(this.names.finish()));
    parts.set('addresses', encodeDirectories(this.addressRuns.finish()));
    parts.set('nameTable', json([...this.nameIds.keys()]));
    parts.set('frames.depth', u32(this.frameDepth.view()));
    parts.set('frames.func', u32(this.frameFunc.view()));
    parts.set('frames.enter', u32(this.frameEnter.view()));
    parts.set('frames.leave', u32(this.frameLeave.view()));
    parts.set('code', json([...this.code]));
    parts.set('statements.seq', u32(this.statementSeq.view()));
    parts.set('statements.line', u32(this.statementLine.view()));
    parts.set('statements.depth', u32(this.statementDepth.view()));
    parts.set('types', json({ types: this.types, sharedNames: [...this.sharedNames] }));
    parts.set('markers', json(this.markers));
    // the first frame (the module's, in a program's log): where the program starts and ends,
    // without reading the frame table
    const first = this.frameDepth.length === 0 ? null : {
      depth: this.frameDepth.a[0]!, enteredSeq: this.frameEnter.a[0]!, leftSeq: this.frameLeave.a[0] === 0xffff_ffff ? null : this.frameLeave.a[0]!,
    };
    parts.set('meta', json({
      records: this.seq, profile: this.profile, source: this.source, mainGlobals: this.mainGlobals,
      checkpoints: this.checkpoints, refcountWindowBits: this.windowBits, nextId: s.nextId, listHeads: LIST_HEADS, alive: F_ALIVE, frames: this.frameDepth.length, firstFrame: first,
    }));
    parts.set('mem', this.mem.toBytes());
    if (this.writer !== null) {
      for (const [name, bytes] of parts) this.writer.blob(name, bytes);
      return { parts: new Map(), blocks: [] };
    }
    this.checkpoints.forEach((c, i) => parts.set(c.part, this.checkpointBlobs[i]!));
    return { parts, blocks: this.memoryBlocks };
  }
}

