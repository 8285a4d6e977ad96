/**
 * The heap's core, as Objects/object.c is CPython's: events, memory, reference counts,
 * object creation and validation, _Py_Dealloc through the type table, the trashcan, and
 * the finalizer calls. Each type's file (tupleobject.ts, dictobject.ts, typeobject.ts, ...)
 * works through this core; Heap (Heap.ts) is the public facade over all of them.
 *
 * `types[kind]` is the TypeSlots of that kind of object (its tp_dealloc, tp_clear, and
 * whether tp_dealloc uses the trashcan), made from the state's type table (kinds.ts) when
 * the heap is; _Py_Dealloc and the collector's tp_clear dispatch through it. Each type's
 * file is a class made once per heap by `file(Class)`, which hands it this core.
 *
 * Reference discipline inside the heap: `incref` / `decref` are Py_INCREF / Py_XDECREF.
 * They do not validate (the type files validate their arguments first, with `live` and
 * `expectKind`), statics are not counted, and NULL_ID is ignored.
 */
import type { ObmallocEvent } from '@pymm/obmalloc';
import { ObjectsError } from './errors.js';
import type { ObjectsEvent, ObjectsHotSink, ObjectsSink } from './events.js';
import {
  applyDestroyed, applyGcAllocCounted, applyGcFreeCounted, applySlotSet, applyStorage, applyTracked, applyUntracked, evolve, keyIdentity,
} from './evolve.js';
import type { GcAllocationHook, Heap, ObjectsHost } from './Heap.js';
import { LIST_HEADS, NULL_ID, type ObjectId } from './ids.js';
import { Kind } from './kinds.js';
import { LongText } from './longText.js';
import { ObjectMemory } from './objmemory.js';
import { F_ALIVE, F_FINALIZED, F_STATIC, F_TRACKED, type ObjectsState } from './ObjectsState.js';
import { BUILTIN_TYPES, builtinSpec } from './types.js';

/** A type's slots, as its PyTypeObject has them: what _Py_Dealloc and the collector call. */
export interface TypeSlots {
  /**
   * tp_dealloc opens with PyObject_GC_UnTrack and Py_TRASHCAN_BEGIN (the containers):
   * _Py_Dealloc untracks and may defer the object, then calls `dealloc`.
   */
  readonly trashcan?: boolean;
  /** tp_dealloc (its body after the trashcan). */
  dealloc(id: ObjectId): void;
  /** tp_clear, when the type has one (the collector breaks cycles with it). */
  readonly clear?: (id: ObjectId) => void;
}

const TRASH_UNWIND_LEVEL = 50;

export class HeapCore {
  readonly state: ObjectsState;
  /** The public facade (what host callbacks and the collector receive). */
  facade!: Heap;
  /** The type table, by kind (Heap's constructor fills it). */
  readonly types: (TypeSlots | undefined)[] = [];
  /** The type files' classes, one of each per heap (file()). */
  private readonly files = new Map<abstract new (h: HeapCore) => unknown, unknown>();
  sinkFn: ObjectsSink | null = null;
  /** The sink's `hot` methods (null without): RefcountChanged and SlotSet without event objects. */
  private hotSink: ObjectsHotSink | null = null;
  host: ObjectsHost | null = null;
  collector: GcAllocationHook | null = null;
  /** PyThreadState.trash_delete_nesting / trash_delete_later (empty between operations). */
  private trashNesting = 0;
  private readonly trashLater: ObjectId[] = [];
  private readonly memSink = (e: ObmallocEvent): void => { if (this.sinkFn !== null) this.sinkFn({ type: 'MemoryChanged', event: e }); };
  readonly memory: ObjectMemory;
  readonly typeIds = new Map<string, ObjectId>();
  readonly noneId: ObjectId;
  readonly trueId: ObjectId;
  readonly falseId: ObjectId;
  readonly emptyTupleId: ObjectId;
  readonly emptyStrId: ObjectId;
  /** Static atoms and objects by key ('i' int, 's' str, 'b' bytes, 'o' opaque statics). */
  readonly statics = new Map<string, ObjectId>();

  constructor(state: ObjectsState, sink: ObjectsSink | null) {
    this.state = state;
    this.sink = sink;
    this.memory = new ObjectMemory(state.mem);
    if (state.nextId === LIST_HEADS) this.bootstrap();
    // builtin ids are fixed by bootstrap order
    let id = LIST_HEADS;
    for (const b of BUILTIN_TYPES) this.typeIds.set(b.name, id++ as ObjectId);
    this.noneId = id++ as ObjectId;
    this.trueId = id++ as ObjectId;
    this.falseId = id++ as ObjectId;
    this.emptyTupleId = id++ as ObjectId;
    this.emptyStrId = id++ as ObjectId;
    // static types made later (staticType)
    for (const [t, spec] of state.types) if (!spec.isHeap && !this.typeIds.has(spec.name)) this.typeIds.set(spec.name, t as ObjectId);
    for (let i = LIST_HEADS; i < state.nextId; i++) {
      if ((state.flags[i]! & F_STATIC) !== 0 && state.payload[i] !== undefined) {
        const k = state.kind[i]!;
        if (k === Kind.Int || k === Kind.Str) this.statics.set((k === Kind.Int ? 'i' : 's') + state.payload[i], i as ObjectId);
      }
    }
  }

  /** Builtin type objects and the singletons, as statics (no memory, never freed). */
  private bootstrap(): void {
    const first = LIST_HEADS as ObjectId;
    const typeType = first;
    const objectType = (first + 1) as ObjectId;
    BUILTIN_TYPES.forEach((b, i) => {
      const id = (first + i) as ObjectId;
      this.emit({ type: 'ObjectCreated', id, kind: Kind.Type, typeId: typeType, address: 0, requestBytes: 0, isStatic: true, value: b.name });
      this.emit({ type: 'TypeDefined', id, spec: builtinSpec(b, typeType, objectType, id) });
    });
    const t = (name: string) => (first + BUILTIN_TYPES.findIndex((b) => b.name === name)) as ObjectId;
    const mk = (kind: number, type: string, bytes: number, value?: string | number) =>
      this.emit({ type: 'ObjectCreated', id: this.state.nextId as ObjectId, kind, typeId: t(type), address: 0, requestBytes: bytes, isStatic: true, ...(value !== undefined ? { value } : {}) });
    mk(Kind.None, 'NoneType', 16);
    mk(Kind.Bool, 'bool', 28, '1');
    mk(Kind.Bool, 'bool', 28, '0'); // int.__sizeof__ counts at least one digit
    mk(Kind.Tuple, 'tuple', 24);
    mk(Kind.Str, 'str', 49, '');
  }

  /**
   * The heap's one instance of a type file's class, made on first use with this core
   * (its constructor may ask for the files it uses in turn: they form a tree).
   */
  file<T>(ctor: new (h: HeapCore) => T): T {
    let f = this.files.get(ctor) as T | undefined;
    if (f === undefined) {
      f = new ctor(this);
      this.files.set(ctor, f);
    }
    return f;
  }

  /** Fills `types` from the state's type table (once, when the heap is made). */
  bindTypes(): void {
    const table = this.state.typeTable;
    for (let k = 0; k < table.length; k++) this.types[k] = table[k]!.slots?.(this);
  }

  // --- events ------------------------------------------------------------------------

  get sink(): ObjectsSink | null { return this.sinkFn; }
  set sink(s: ObjectsSink | null) {
    this.sinkFn = s;
    this.hotSink = s?.hot ?? null;
  }

  emit(e: ObjectsEvent): void {
    evolve(this.state, e);
    if (this.sinkFn !== null) this.sinkFn(e);
  }

  // The hottest events: without a sink, apply them directly (the same functions evolve
  // uses) instead of building an event object.

  /** SlotSet. */
  slotSet(id: ObjectId, index: number, value: ObjectId): void {
    if (this.sinkFn === null) applySlotSet(this.state, id, index, value);
    else if (this.hotSink !== null) { applySlotSet(this.state, id, index, value); this.hotSink.slotSet(id, index, value); }
    else this.emit({ type: 'SlotSet', id, index, value });
  }

  /** RefcountChanged: applied as evolve does, then told to the sink (its hot path when it has one). */
  refcountChanged(id: ObjectId, delta: number): void {
    this.state.refcnt[id]! += delta;
    if (this.sinkFn === null) return;
    if (this.hotSink !== null) this.hotSink.refcountChanged(id, delta);
    else this.sinkFn({ type: 'RefcountChanged', id, delta });
  }

  /** ObjectTracked. */
  tracked(id: ObjectId): void {
    if (this.sinkFn === null) applyTracked(this.state, id);
    else this.emit({ type: 'ObjectTracked', id });
  }

  /** ObjectUntracked. */
  untracked(id: ObjectId): void {
    if (this.sinkFn === null) applyUntracked(this.state, id);
    else this.emit({ type: 'ObjectUntracked', id });
  }

  /** ObjectDestroyed. */
  destroyed(id: ObjectId): void {
    if (this.sinkFn === null) applyDestroyed(this.state, id);
    else this.emit({ type: 'ObjectDestroyed', id });
  }

  private gcAllocCounted(): void {
    if (this.sinkFn === null) applyGcAllocCounted(this.state);
    else this.emit({ type: 'GcAllocCounted' });
  }

  gcFreeCounted(): void {
    if (this.sinkFn === null) applyGcFreeCounted(this.state);
    else this.emit({ type: 'GcFreeCounted' });
  }

  /** StorageChanged to no storage (address 0, capacity 0). */
  storageCleared(id: ObjectId): void {
    if (this.sinkFn === null) applyStorage(this.state, id, 0, 0);
    else this.emit({ type: 'StorageChanged', id, address: 0, capacity: 0 });
  }

  // --- memory ------------------------------------------------------------------------

  malloc(requestBytes: number): number {
    return this.memory.malloc(requestBytes, this.sinkFn === null ? null : this.memSink);
  }

  realloc(address: number, requestBytes: number): number {
    return this.memory.realloc(address, requestBytes, this.sinkFn === null ? null : this.memSink);
  }

  free(address: number): void {
    this.memory.free(address, this.sinkFn === null ? null : this.memSink);
  }

  /** gc_alloc / _PyType_AllocNoTrack: the block, then _PyObject_GC_Link (count0 += 1, maybe a collection). */
  gcAllocBlock(requestBytes: number): number {
    const address = this.malloc(requestBytes);
    this.gcAllocCounted();
    if (this.collector !== null) this.collector.gcAllocated(this.facade);
    return address;
  }

  /** A block from free list `list` if it has one (no count0 change), else a new one. */
  fromFreeList(list: number, requestBytes: number, gc: boolean): number {
    const fl = this.state.freeLists[list]!;
    if (fl.length > 0) {
      const address = fl[fl.length - 1]!;
      this.emit({ type: 'FreeListPopped', list });
      return address;
    }
    return gc ? this.gcAllocBlock(requestBytes) : this.malloc(requestBytes);
  }

  create(kind: number, typeId: ObjectId, address: number, requestBytes: number, value?: string | number | LongText, split?: boolean): ObjectId {
    this.expectTableKind(kind);
    const id = this.state.nextId as ObjectId;
    this.emit({
      type: 'ObjectCreated', id, kind, typeId, address, requestBytes,
      ...(value !== undefined ? { value } : {}), ...(split ? { split } : {}),
    });
    return id;
  }

  typeId(name: string): ObjectId {
    return this.typeIds.get(name)!;
  }

  /**
   * The static type object `name` (made once, as the builtin ones are at start): for a
   * type added beside the builtins, whose instances are of `kind`.
   */
  staticType(name: string, kind: number, basicBytes: number, weakrefable = false): ObjectId {
    const known = this.typeIds.get(name);
    if (known !== undefined) return known;
    this.expectTableKind(kind);
    const id = this.state.nextId as ObjectId;
    const b = { name, kind, gc: this.state.isGcKind(kind), basicBytes, weakrefable };
    this.emit({ type: 'ObjectCreated', id, kind: Kind.Type, typeId: this.typeId('type'), address: 0, requestBytes: 0, isStatic: true, value: name });
    this.emit({ type: 'TypeDefined', id, spec: builtinSpec(b, this.typeId('type'), this.typeId('object'), id) });
    this.typeIds.set(name, id);
    return id;
  }

  // --- validation ----------------------------------------------------------------------

  /** A kind the state's type table has (a type added beside the builtins needs a state made with it). */
  expectTableKind(kind: number): void {
    if (this.state.typeTable[kind] === undefined) {
      throw new ObjectsError('WRONG_KIND', `kind ${kind} is not in this state's type table (${this.state.typeTable.length} kinds): make the state with a table that has it`);
    }
  }

  live(id: ObjectId, what = 'object'): void {
    const s = this.state;
    if (!Number.isInteger(id) || id < LIST_HEADS || id >= s.nextId) throw new ObjectsError('UNKNOWN_OBJECT', `no ${what} with id ${id}`);
    if ((s.flags[id]! & F_ALIVE) === 0) throw new ObjectsError('DEAD_OBJECT', `${what} ${id} (${this.describe(id)}) was already deallocated`);
  }

  expectKind(id: ObjectId, kind: number, ...others: number[]): void {
    this.live(id);
    const k = this.state.kind[id]!;
    if (k === kind) return;
    const kinds = [kind, ...others];
    if (!kinds.includes(k)) {
      throw new ObjectsError('WRONG_KIND', `expected ${kinds.map((x) => this.state.typeTable[x]?.name ?? x).join(' or ')}, got '${this.typeName(id)}' object ${id}`);
    }
  }

  liveOrNull(id: ObjectId): void {
    if (id !== NULL_ID) this.live(id);
  }

  checkHashable(key: ObjectId): void {
    const k = this.state.kind[key]!;
    if (k === Kind.List || k === Kind.Dict || k === Kind.Set) throw new ObjectsError('TYPE_ERROR', `unhashable type: '${this.typeName(key)}'`);
    if (k === Kind.Tuple) for (const x of this.state.slots(key)) this.checkHashable(x);
  }

  keyOf(id: ObjectId): string {
    return keyIdentity(this.state, id);
  }

  // --- reference counts --------------------------------------------------------------

  /** Py_INCREF (no validation; statics are not counted). */
  incref(id: ObjectId): void {
    if (id === NULL_ID) return;
    if ((this.state.flags[id]! & F_STATIC) !== 0) return;
    this.refcountChanged(id, 1);
  }

  /** `times` increfs of one object as one refcount change. */
  increfBy(id: ObjectId, times: number): void {
    if (id === NULL_ID || times === 0 || (this.state.flags[id]! & F_STATIC) !== 0) return;
    this.refcountChanged(id, times);
  }

  /** Py_XDECREF (the caller knows the reference exists): at zero, _Py_Dealloc. */
  decref(id: ObjectId): void {
    if (id === NULL_ID) return;
    // statics (None, small ints, builtin types, …) never die and their counts belong to the
    // interpreter: they are not counted (and not logged)
    if ((this.state.flags[id]! & F_STATIC) !== 0) return;
    // RefcountChanged without an event object: the hot path of cascades
    this.refcountChanged(id, -1);
    if (this.state.refcnt[id] === 0) this.dealloc(id);
  }

  // --- deallocation ----------------------------------------------------------------------

  /** _Py_Dealloc: the type's tp_dealloc (from the type table). */
  dealloc(id: ObjectId): void {
    const s = this.state;
    if ((s.flags[id]! & F_STATIC) !== 0) return;
    const t = this.types[s.kind[id]!];
    if (t === undefined) throw new ObjectsError('WRONG_KIND', `no tp_dealloc for kind ${s.typeTable[s.kind[id]!]?.name ?? s.kind[id]}`);
    if (!t.trashcan) { t.dealloc(id); return; }
    this.untrack(id);
    if (!this.trashBegin(id)) return;
    t.dealloc(id);
    this.trashEnd();
  }

  private trashBegin(id: ObjectId): boolean {
    if (this.trashNesting >= TRASH_UNWIND_LEVEL) {
      this.trashLater.push(id);
      this.emit({ type: 'DeallocDeferred', id });
      return false;
    }
    this.trashNesting++;
    return true;
  }

  private trashEnd(): void {
    this.trashNesting--;
    if (this.trashNesting <= 0 && this.trashLater.length > 0) {
      // _PyTrash_thread_destroy_chain: LIFO, with nesting 1 while it runs; each object's
      // whole tp_dealloc runs again, Py_TRASHCAN_BEGIN included (so it nests one deeper)
      this.trashNesting++;
      while (this.trashLater.length > 0) this.dealloc(this.trashLater.pop()!);
      this.trashNesting--;
    }
  }

  /** PyObject_GC_UnTrack (if tracked). */
  untrack(id: ObjectId): void {
    if ((this.state.flags[id]! & F_TRACKED) !== 0) this.untracked(id);
  }

  /** PyObject_GC_Track (if not tracked). */
  track(id: ObjectId): void {
    if ((this.state.flags[id]! & F_TRACKED) === 0) this.tracked(id);
  }

  /** PyObject_GC_Del: unlink if still tracked, free the block, count0 -= 1 if > 0. */
  gcDel(id: ObjectId): void {
    this.untrack(id);
    this.free(this.state.address[id]!);
    this.gcFreeCounted();
    this.destroyed(id);
  }

  /** PyObject_Free of a non-GC object's block. */
  freeObject(id: ObjectId): void {
    this.free(this.state.address[id]!);
    this.destroyed(id);
  }

  /** The object's block goes to free list `list` (a type's free list, as its dealloc keeps it). */
  toFreeList(id: ObjectId, list: number): void {
    this.emit({ type: 'FreeListPushed', list, address: this.state.address[id]! });
    this.destroyed(id);
  }

  /** The tp_dealloc of a GC object that only holds references: untrack, release them in order, PyObject_GC_Del. */
  deallocContainer(id: ObjectId): void {
    this.untrack(id);
    for (const x of this.state.slots(id)) this.decref(x);
    this.gcDel(id);
  }

  // --- finalizers ----------------------------------------------------------------------

  hasFinalizer(id: ObjectId): boolean {
    const spec = this.state.types.get(this.state.typeOf[id]!);
    return spec !== undefined && spec.isHeap && spec.hasFinalizer && this.state.kind[id] === Kind.Instance;
  }

  hasLegacyDel(id: ObjectId): boolean {
    const spec = this.state.types.get(this.state.typeOf[id]!);
    return spec !== undefined && spec.isHeap && spec.legacyDel && this.state.kind[id] === Kind.Instance;
  }

  /** PyObject_CallFinalizer: tp_finalize once per object life (the FINALIZED bit). */
  callFinalizer(id: ObjectId): void {
    if (!this.hasFinalizer(id)) return;
    if ((this.state.flags[id]! & F_FINALIZED) !== 0) return;
    this.callHostFinalizer(id, false);
    if ((this.state.flags[id]! & F_ALIVE) !== 0) this.emit({ type: 'FinalizedMarked', id });
  }

  /** Runs a gc.callbacks entry through the host (errors are unraisable). */
  callGcCallback(callback: ObjectId, phase: 'start' | 'stop', info: ObjectId): void {
    if (this.host?.callGcCallback === undefined) return;
    try {
      this.host.callGcCallback(this.facade, callback, phase, info);
    } catch (err) {
      this.emit({ type: 'UnraisableReported', id: callback, message: errorText(err) });
      if (!isUnraisable(err)) throw err;
    }
  }

  callHostFinalizer(id: ObjectId, legacy: boolean): void {
    this.emit({ type: 'FinalizerCalled', id, legacy });
    if (this.host !== null) {
      try {
        this.host.callFinalizer(this.facade, id, legacy);
      } catch (err) {
        this.emit({ type: 'UnraisableReported', id, message: errorText(err) });
        if (!isUnraisable(err)) throw err;
      }
    }
    this.emit({ type: 'HostCallReturned', id });
  }

  /** PyObject_CallFinalizerFromDealloc: refcount 1 for the call; true if it resurrected the object. */
  finalizeFromDealloc(id: ObjectId, legacy: boolean): boolean {
    this.refcountChanged(id, 1);
    if (legacy) this.callHostFinalizer(id, true);
    else this.callFinalizer(id);
    this.refcountChanged(id, -1);
    return this.state.refcnt[id]! > 0;
  }

  // --- names (for errors and queries) -------------------------------------------------

  /** The Python type name of an object. */
  typeName(id: ObjectId): string {
    const s = this.state;
    const k = s.kind[id];
    if (k === Kind.Builtin) return (s.payload[id] as string).split(':')[0]!;
    if (k === Kind.Opaque || k === Kind.OpaqueAtom) return s.payload[id] as string;
    const spec = s.types.get(s.typeOf[id]!);
    return spec?.name ?? s.typeTable[s.kind[id]!]?.name ?? '?';
  }

  /** A short human description: `list#42 [3 items]`. */
  describe(id: ObjectId): string {
    const s = this.state;
    if (id < LIST_HEADS || id >= s.nextId) return `#${id}`;
    const name = this.typeName(id);
    const v = s.payload[id];
    const alive = (s.flags[id]! & F_ALIVE) !== 0 ? '' : ' (dead)';
    if (v instanceof LongText) return `${name}#${id} ${v.preview()}${alive}`;
    if (v !== undefined) return `${name}#${id} ${JSON.stringify(v)}${alive}`;
    return `${name}#${id}${alive}`;
  }

  repr(id: ObjectId): string {
    const v = this.state.payload[id];
    if (this.state.kind[id] === Kind.Str) return `'${v as string}'`;
    if (v !== undefined) return String(v);
    return `<${this.typeName(id)} object>`;
  }
}

/**
 * A host error the heap reports and goes on from (PyErr_WriteUnraisable): one with
 * `unraisable: true`. Any other error (a bug, a construct the front end refuses) is
 * reported and propagates: the run cannot go on truthfully.
 */
export function isUnraisable(err: unknown): boolean {
  return typeof err === 'object' && err !== null && (err as { unraisable?: unknown }).unraisable === true;
}

export function errorText(err: unknown): string {
  return err instanceof Error ? `${err.name}: ${err.message}` : String(err);
}
