/**
 * The object heap: CPython 3.11's objects, reference counts and deallocation over
 * simulated pymalloc memory. Every operation validates first (throwing an ObjectsError
 * and changing nothing), then emits primitive events; `emit` applies each one with
 * `evolve` before reporting it, so state = fold(evolve, events) by construction.
 *
 * Mirrors  Objects/{longobject,floatobject,unicodeobject,bytesobject,tupleobject,
 *          listobject,dictobject,setobject,typeobject,funcobject,classobject,
 *          weakrefobject,descrobject}.c, Objects/object.c (_Py_Dealloc, trashcan),
 *          Modules/gcmodule.c (gc_alloc, _PyObject_GC_Link, PyObject_GC_Del).
 * Differs  class creation
 *          allocates the type, its dict, bases / mro tuples, cached keys and getset
 *          descriptors but not type_new's temporaries, and no tp_subclasses weakrefs.
 *
 * Reference discipline: every operation that returns an object returns a NEW reference
 * owned by the caller ("external"), except the documented borrowed getters. Containers
 * take their own references to what they store.
 *
 * Slots (the references an object holds, in storage order), per kind:
 *   tuple, list     items                      traverse last to first
 *   dict combined   key0 value0 key1 value1 …  (NULL pairs for deleted entries)
 *   dict split      values by shared-key index
 *   set             its hash table: keys where CPython's probing puts them (NULL: unused or dummy)
 *   instance        __slots__ values, then inline values by shared-key index
 *   type            tp_dict, tp_mro, tp_bases, tp_base
 *   function        code globals module defaults kwdefaults doc name dict closure annotations qualname
 *   cell [contents]  method [func, self]  weakref [callback]  getset [type]  module [dict]
 */
import type { ObmallocEvent } from '@pymm/obmalloc';
import { ObjectsError } from './errors.js';
import type { ObjectIdSequence, ObjectsEvent, ObjectsHotSink, ObjectsSink } from './events.js';
import { applyDestroyed, applySlotSet, applyTracked, applyUntracked, evolve, keyIdentity } from './evolve.js';
import { traverse as traverseState } from './traverse.js';
import { checkRepeatSize, ListObjects, repeatedIds, type ListHeapOps } from './listobject.js';
import { SetObjects } from './setobject.js';
import { LIST_HEADS, NULL_ID, type ObjectId } from './ids.js';
import { Kind, KIND_NAMES, kindIsGc } from './kinds.js';
import { HEAP_TYPE_BYTES, objectSizeof, preheaderBytes, SHARED_KEYS_LOG2 } from './sizeof.js';
import { LongText, LongTextError, type Text } from './longText.js';
import { ObjectMemory } from './objmemory.js';
import {
  bytesBytes, dictKeysBytes, intRequestBytes, LAYOUT_311, log2Keysize, strBytes, usableFraction,
} from './layout.js';
import {
  F_ALIVE, F_FINALIZED, F_SPLIT, F_STATIC, F_TRACKED, F_UNICODE, FL_DICT, FL_FLOAT, FL_KEYS, FL_LIST, FL_TUPLE,
  type ObjectsState,
} from './ObjectsState.js';
import { BUILTIN_TYPES, builtinSpec, type TypeSpec } from './types.js';

/** What runs Python code for the heap: finalizer and weakref-callback bodies. */
export interface ObjectsHost {
  /** `__del__` (legacy = tp_del) of `self`; the heap holds a temporary reference. */
  callFinalizer(heap: Heap, self: ObjectId, legacy: boolean): void;
  /** `callback(wr)`; the heap holds a reference to `wr` for the call. */
  callWeakrefCallback(heap: Heap, callback: ObjectId, wr: ObjectId): void;
  /** A `gc.callbacks` entry: callback(phase, info). */
  callGcCallback?(heap: Heap, callback: ObjectId, phase: 'start' | 'stop', info: ObjectId): void;
}

/** The cycle collector's seam: called right after every GC allocation is counted. */
export interface GcAllocationHook {
  gcAllocated(heap: Heap): void;
}

/** Function fields, in func_traverse order. */
export const FUNC_CODE = 0, FUNC_GLOBALS = 1, FUNC_MODULE = 2, FUNC_DEFAULTS = 3, FUNC_KWDEFAULTS = 4,
  FUNC_DOC = 5, FUNC_NAME = 6, FUNC_DICT = 7, FUNC_CLOSURE = 8, FUNC_ANNOTATIONS = 9, FUNC_QUALNAME = 10;
const FUNC_SLOTS = 11;
/** Type object fields. */
const TYPE_DICT = 0, TYPE_MRO = 1, TYPE_BASES = 2, TYPE_BASE = 3;

const TRASH_UNWIND_LEVEL = 50;
const FLOAT_FREELIST_MAX = 100;
const TUPLE_FREELIST_MAX = 2000;
const TUPLE_MAXSAVESIZE = 20;
const LIST_FREELIST_MAX = 80;
const DICT_FREELIST_MAX = 80;
const KEYS_FREELIST_MAX = 80;
const MEMBER_DEF_BYTES = 40;

export interface NewClassOptions {
  /** Base classes (type objects); default (object,). */
  readonly bases?: readonly ObjectId[];
  /** `__slots__` names; absent = instances get a __dict__ and __weakref__. */
  readonly slots?: readonly string[];
  /** The class body defines `__del__` (tp_finalize). */
  readonly hasDel?: boolean;
  /** `_testcapi.with_tp_del`: a legacy tp_del finalizer. */
  readonly legacyDel?: boolean;
  /** Class attributes set by the body, in order (values: new references are taken). */
  readonly attributes?: readonly (readonly [string, ObjectId])[];
}

export interface NewFunctionOptions {
  readonly name: string;
  readonly qualname?: string;
  readonly globals?: ObjectId;
  readonly defaults?: ObjectId;
  readonly closure?: ObjectId;
  readonly code?: ObjectId;
}

export class Heap {
  readonly state: ObjectsState;
  private readonly sets: SetObjects;
  private readonly lists: ListObjects;
  private sinkFn: ObjectsSink | null = null;
  /** The sink's `hot` methods (null without): RefcountChanged and SlotSet without event objects. */
  private hotSink: ObjectsHotSink | null = null;
  host: ObjectsHost | null;
  collector: GcAllocationHook | null = null;
  /** PyThreadState.trash_delete_nesting / trash_delete_later (empty between operations). */
  private trashNesting = 0;
  private readonly trashLater: ObjectId[] = [];
  private readonly memSink: ((e: ObmallocEvent) => void) | null;
  private readonly memory: ObjectMemory;
  readonly typeIds = new Map<string, ObjectId>();
  readonly noneId: ObjectId;
  readonly trueId: ObjectId;
  readonly falseId: ObjectId;
  readonly emptyTupleId: ObjectId;
  readonly emptyStrId: ObjectId;
  private readonly statics = new Map<string, ObjectId>();

  constructor(state: ObjectsState, sink: ObjectsSink | null = null, host: ObjectsHost | null = null) {
    this.state = state;
    const ops: ListHeapOps = {
      state,
      emit: (e) => this.emit(e),
      slotSet: (id, index, value) => this.evSlotSet(id, index, value),
      tracked: (id) => this.evTracked(id),
      malloc: (n) => this.malloc(n),
      free: (a) => this.free(a),
      gcAllocBlock: (n) => this.gcAllocBlock(n),
      create: (kind, typeId, address, bytes) => this.create(kind, typeId, address, bytes),
      typeId: (name) => this.typeId(name),
      live: (id) => this.live(id),
      expectKind: (id, kind, ...others) => this.expectKind(id, kind, ...others),
      checkHashable: (key) => this.checkHashable(key),
      keyOf: (id) => this.keyOf(id),
      incref: (id) => this.increfUnchecked(id),
      decref: (id) => this.decrefUnchecked(id),
      realloc: (a, n) => this.realloc(a, n),
      fromFreeList: (list, n, gc) => this.fromFreeList(list, n, gc),
      increfBy: (id, times) => this.increfBy(id, times),
    };
    this.sets = new SetObjects(ops);
    this.lists = new ListObjects(ops);
    this.sink = sink;
    this.host = host;
    this.memSink = (e: ObmallocEvent) => { if (this.sink !== null) this.sink({ type: 'MemoryChanged', event: e }); };
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

  // --- events ------------------------------------------------------------------------

  /** Where events go (null: nowhere; the hottest are then applied without event objects). */
  get sink(): ObjectsSink | null { return this.sinkFn; }
  set sink(s: ObjectsSink | null) {
    this.sinkFn = s;
    this.hotSink = s?.hot ?? null;
  }

  emit(e: ObjectsEvent): void {
    evolve(this.state, e);
    if (this.sink !== null) this.sink(e);
  }

  // The hottest events: without a sink, apply them directly (the same functions evolve
  // uses) instead of building an event object.
  private evSlotSet(id: ObjectId, index: number, value: ObjectId): void {
    if (this.sinkFn === null) applySlotSet(this.state, id, index, value);
    else if (this.hotSink !== null) { applySlotSet(this.state, id, index, value); this.hotSink.slotSet(id, index, value); }
    else this.emit({ type: 'SlotSet', id, index, value });
  }

  /** RefcountChanged: applied as evolve does, then told to the sink (its hot path when it has one). */
  private evRefcount(id: ObjectId, delta: number): void {
    this.state.refcnt[id]! += delta;
    if (this.sinkFn === null) return;
    if (this.hotSink !== null) this.hotSink.refcountChanged(id, delta);
    else this.sinkFn({ type: 'RefcountChanged', id, delta });
  }

  private evTracked(id: ObjectId): void {
    if (this.sink === null) applyTracked(this.state, id);
    else this.emit({ type: 'ObjectTracked', id });
  }

  private evUntracked(id: ObjectId): void {
    if (this.sink === null) applyUntracked(this.state, id);
    else this.emit({ type: 'ObjectUntracked', id });
  }

  private evDestroyed(id: ObjectId): void {
    if (this.sink === null) applyDestroyed(this.state, id);
    else this.emit({ type: 'ObjectDestroyed', id });
  }

  private evGcAlloc(): void {
    if (this.sink === null) this.state.gcCounts[0]!++;
    else this.emit({ type: 'GcAllocCounted' });
  }

  private evGcFree(): void {
    if (this.sink === null) { if (this.state.gcCounts[0]! > 0) this.state.gcCounts[0]!--; }
    else this.emit({ type: 'GcFreeCounted' });
  }

  // --- memory ------------------------------------------------------------------------

  /**
   * The simulated machine's memory (a front end's limit, pylite's --max-memory; default
   * none): a request past it is NO_MEMORY before anything changes (objmemory.ts).
   */
  get memoryLimitBytes(): number { return this.memory.limitBytes; }
  set memoryLimitBytes(bytes: number) { this.memory.limitBytes = bytes; }

  private malloc(requestBytes: number): number {
    return this.memory.malloc(requestBytes, this.sink === null ? null : this.memSink);
  }

  private realloc(address: number, requestBytes: number): number {
    return this.memory.realloc(address, requestBytes, this.sink === null ? null : this.memSink);
  }

  private free(address: number): void {
    this.memory.free(address, this.sink === null ? null : this.memSink);
  }

  /** gc_alloc / _PyType_AllocNoTrack: the block, then _PyObject_GC_Link (count0 += 1, maybe a collection). */
  private gcAllocBlock(requestBytes: number): number {
    const address = this.malloc(requestBytes);
    this.evGcAlloc();
    if (this.collector !== null) this.collector.gcAllocated(this);
    return address;
  }

  /** A block from free list `list` if it has one (no count0 change), else a new one. */
  private fromFreeList(list: number, requestBytes: number, gc: boolean): number {
    const fl = this.state.freeLists[list]!;
    if (fl.length > 0) {
      const address = fl[fl.length - 1]!;
      this.emit({ type: 'FreeListPopped', list });
      return address;
    }
    return gc ? this.gcAllocBlock(requestBytes) : this.malloc(requestBytes);
  }

  private create(kind: number, typeId: ObjectId, address: number, requestBytes: number, value?: string | number | LongText, split?: boolean): ObjectId {
    const id = this.state.nextId as ObjectId;
    this.emit({
      type: 'ObjectCreated', id, kind, typeId, address, requestBytes,
      ...(value !== undefined ? { value } : {}), ...(split ? { split } : {}),
    });
    return id;
  }

  private typeId(name: string): ObjectId {
    return this.typeIds.get(name)!;
  }

  // --- validation ----------------------------------------------------------------------

  private live(id: ObjectId, what = 'object'): void {
    const s = this.state;
    if (!Number.isInteger(id) || id < LIST_HEADS || id >= s.nextId) throw new ObjectsError('UNKNOWN_OBJECT', `no ${what} with id ${id}`);
    if ((s.flags[id]! & F_ALIVE) === 0) throw new ObjectsError('DEAD_OBJECT', `${what} ${id} (${this.describe(id)}) was already deallocated`);
  }

  private expectKind(id: ObjectId, kind: number, ...others: number[]): void {
    this.live(id);
    const k = this.state.kind[id]!;
    if (k === kind) return;
    const kinds = [kind, ...others];
    if (!kinds.includes(k)) {
      throw new ObjectsError('WRONG_KIND', `expected ${kinds.map((x) => KIND_NAMES[x]).join(' or ')}, got '${this.typeName(id)}' object ${id}`);
    }
  }

  private liveOrNull(id: ObjectId): void {
    if (id !== NULL_ID) this.live(id);
  }

  // --- reference counts --------------------------------------------------------------

  /** Py_INCREF */
  incref(id: ObjectId): void {
    this.live(id);
    this.increfUnchecked(id);
  }

  /** Py_DECREF: at zero the object is deallocated at once, with its whole cascade. */
  decref(id: ObjectId): void {
    this.live(id);
    const s = this.state;
    if ((s.flags[id]! & F_STATIC) === 0 && s.refcnt[id]! <= s.inref[id]!) {
      throw new ObjectsError('REFCOUNT_UNDERFLOW', `decref of ${this.describe(id)}: its refcount ${s.refcnt[id]} is all held by other objects (no external reference left to drop)`);
    }
    this.decrefUnchecked(id);
  }

  /** Py_XDECREF inside the heap (the caller knows the reference exists). */
  decrefUnchecked(id: ObjectId): void {
    if (id === NULL_ID) return;
    // statics (None, small ints, builtin types, …) never die and their counts belong to the
    // interpreter: they are not counted (and not logged)
    if ((this.state.flags[id]! & F_STATIC) !== 0) return;
    // RefcountChanged without an event object: the hot path of cascades
    this.evRefcount(id, -1);
    if (this.state.refcnt[id] === 0) this.dealloc(id);
  }

  increfUnchecked(id: ObjectId): void {
    if (id === NULL_ID) return;
    if ((this.state.flags[id]! & F_STATIC) !== 0) return;
    this.evRefcount(id, 1);
  }

  // --- atoms -------------------------------------------------------------------------

  none(): ObjectId { this.increfUnchecked(this.noneId); return this.noneId; }

  bool(v: boolean): ObjectId { const id = v ? this.trueId : this.falseId; this.increfUnchecked(id); return id; }

  /**
   * An int: -5..256 are static small ints; others a new block of 24 + 4·digits.
   * `allocDigits`: the digits CPython's routine allocated before normalising (x_sub
   * allocates as many as its larger operand, PyLong_FromString sizes from the decimal
   * length): the block keeps that size, sys.getsizeof reports the normalised one.
   */
  int(value: bigint | number, allocDigits?: number): ObjectId {
    const v = BigInt(value);
    if (v >= -5n && v <= 256n) return this.staticAtom(Kind.Int, 'int', v.toString(), 28);
    const bytes = allocDigits === undefined ? intRequestBytes(v) : 24 + 4 * Math.max(1, allocDigits);
    const address = this.malloc(bytes);
    return this.create(Kind.Int, this.typeId('int'), address, bytes, v.toString());
  }

  /** PyFloat_FromDouble: the float free list first. */
  float(value: number): ObjectId {
    const address = this.fromFreeList(FL_FLOAT, LAYOUT_311.floatBytes, false);
    return this.create(Kind.Float, this.typeId('float'), address, LAYOUT_311.floatBytes, value);
  }

  /** A str: '' and 1-char Latin-1 strings are static; others PyUnicode_New. A LongText is a str longer than a host string. */
  str(value: Text): ObjectId {
    if (value instanceof LongText) {
      const bytes = strBytes(value);
      return this.create(Kind.Str, this.typeId('str'), this.malloc(bytes), bytes, value);
    }
    if (value === '') { this.increfUnchecked(this.emptyStrId); return this.emptyStrId; }
    const cps = [...value];
    if (cps.length === 1 && cps[0]!.codePointAt(0)! < 256) return this.staticAtom(Kind.Str, 'str', value, strBytes(value));
    const bytes = strBytes(value);
    const address = this.malloc(bytes);
    return this.create(Kind.Str, this.typeId('str'), address, bytes, value);
  }

  /** An interned identifier (attribute and class names): static, owned by the interpreter. */
  internedStr(value: string): ObjectId {
    const id = this.interned.get(value);
    if (id !== undefined) return id;
    const made = this.staticAtom(Kind.Str, 'str', value, strBytes(value));
    this.interned.set(value, made);
    return made;
  }

  private readonly interned = new Map<string, ObjectId>();

  /**
   * Borrowed: the value stored under the str key `name` in `dict` (NULL_ID if absent), for
   * name lookups (LOAD_GLOBAL, LOAD_NAME, class attributes). No validation beyond the kind.
   */
  dictGetStr(dict: ObjectId, name: string): ObjectId {
    const s = this.state;
    if (s.kind[dict] !== Kind.Dict) throw new ObjectsError('WRONG_KIND', `expected dict, got '${this.typeName(dict)}' object ${dict}`);
    if ((s.flags[dict]! & F_SPLIT) !== 0) {
      const ix = s.sharedKeys.get(this.splitOwner(dict))!.index.get(name);
      return ix === undefined || ix >= s.slotLen[dict]! ? NULL_ID : s.slot(dict, ix);
    }
    const ix = s.dictIndex.get(dict)!.get('s' + name);
    return ix === undefined ? NULL_ID : s.slot(dict, 2 * ix + 1);
  }

  /**
   * bytes of `value` (latin-1 code units): b'' and 1-byte bytes are static, except when
   * `fresh` (bytes_repeat and friends PyObject_Malloc a new object even for those).
   */
  bytes(value: string, options: { fresh?: boolean } = {}): ObjectId {
    if (value.length <= 1 && !options.fresh) return this.staticAtom(Kind.Bytes, 'bytes', value, bytesBytes(value.length));
    const bytes = bytesBytes(value.length);
    const address = this.malloc(bytes);
    return this.create(Kind.Bytes, this.typeId('bytes'), address, bytes, value);
  }

  /** `object()`: a plain non-GC object of 16 bytes. */
  object(): ObjectId {
    const address = this.malloc(16);
    return this.create(Kind.Object, this.typeId('object'), address, 16);
  }

  private staticAtom(kind: number, type: string, value: string, bytes: number): ObjectId {
    const key = (kind === Kind.Int ? 'i' : kind === Kind.Str ? 's' : 'b') + value;
    let id = this.statics.get(key);
    if (id === undefined) {
      id = this.state.nextId as ObjectId;
      this.emit({ type: 'ObjectCreated', id, kind, typeId: this.typeId(type), address: 0, requestBytes: bytes, value, isStatic: true });
      this.statics.set(key, id);
    }
    this.increfUnchecked(id);
    return id;
  }

  // --- tuple ---------------------------------------------------------------------------

  /** PyTuple_New + fill: the size-n free list for n < 20, else a GC block; tracked. */
  tuple(items: readonly ObjectId[]): ObjectId {
    for (const x of items) this.live(x);
    if (items.length === 0) { this.increfUnchecked(this.emptyTupleId); return this.emptyTupleId; }
    const id = this.tupleRaw(items.length);
    items.forEach((x, i) => {
      this.increfUnchecked(x);
      this.evSlotSet(id, i, x);
    });
    return id;
  }

  // --- list (listobject.ts) -----------------------------------------------------------

  /** PyList_New(n) with the items: object from the free list or a GC block, ob_item by PyMem_Calloc. */
  list(items: readonly ObjectId[] = [], capacity = items.length): ObjectId { return this.lists.make(items, capacity); }
  /** list_repeat: `items` `times` over in a new list (the increfs of one item as one refcount change). */
  listRepeat(items: readonly ObjectId[], times: number): ObjectId { return this.lists.repeat(items, times); }
  /** list.append(x) */
  listAppend(list: ObjectId, x: ObjectId): void { this.lists.append(list, x); }
  /** list.insert(i, x) (i clamped like CPython). */
  listInsert(list: ObjectId, index: number, x: ObjectId): void { this.lists.insert(list, index, x); }
  /** list[i] = x: the old item is released after the store. */
  listSetItem(list: ObjectId, index: number, x: ObjectId): void { this.lists.setItem(list, index, x); }
  /** list.pop(i): the item's reference passes to the caller. */
  listPop(list: ObjectId, index = -1): ObjectId { return this.lists.pop(list, index); }
  /** del list[i] */
  listDelItem(list: ObjectId, index: number): void { this.lists.delItem(list, index); }
  /** list_ass_slice (step 1): `list[lo:hi] = items` (items = [] deletes). */
  listAssignSlice(list: ObjectId, lo: number, hi: number, items: readonly ObjectId[]): void { this.lists.assignSlice(list, lo, hi, items); }
  /** list.extend(items) / list(iterable) (list_extend). */
  listExtend(list: ObjectId, items: readonly ObjectId[], source: 'sequence' | 'iterable', lengthHint = items.length): void {
    this.lists.extend(list, items, source, lengthHint);
  }
  /** `list *= n` (list_inplace_repeat). */
  listInplaceRepeat(list: ObjectId, n: number): void { this.lists.inplaceRepeat(list, n); }
  /** list.clear() / tp_clear. */
  listClear(list: ObjectId): void { this.lists.clear(list); }

  /** `times` increfs of one object at once. */
  private increfBy(id: ObjectId, times: number): void {
    if (id === NULL_ID || times === 0 || (this.state.flags[id]! & F_STATIC) !== 0) return;
    this.evRefcount(id, times);
  }

  // --- dict ----------------------------------------------------------------------------

  /** PyDict_New: object from the free list or a GC block; the shared empty keys; untracked. */
  dict(): ObjectId {
    return this.newDictObject(false);
  }

  /**
   * dict_new_presized(n, unicode) (BUILD_MAP, _PyDict_FromItems): up to 5 items PyDict_New;
   * more get a keys table sized for n (estimate_log2_keysize, at most 2^17 slots), made
   * before the dict object.
   */
  dictPresized(n: number, unicode: boolean): ObjectId {
    if (n <= usableFraction(8)) return this.dict();
    const log2 = n > usableFraction(1 << 17) ? 17 : log2Keysize((n * 3 + 1) >> 1);
    const address = this.malloc(dictKeysBytes(log2, unicode));
    const dict = this.newDictObject(false);
    this.emit({ type: 'StorageChanged', id: dict, address, capacity: log2, unicode });
    return dict;
  }

  private newDictObject(split: boolean): ObjectId {
    const bytes = LAYOUT_311.gcHeadBytes + LAYOUT_311.dictBasicBytes;
    const address = this.fromFreeList(FL_DICT, bytes, true);
    return this.create(Kind.Dict, this.typeId('dict'), address, bytes, undefined, split);
  }

  /** Borrowed: the value stored under `key`, or NULL_ID. */
  dictGetItem(dict: ObjectId, key: ObjectId): ObjectId {
    this.expectKind(dict, Kind.Dict);
    this.live(key);
    this.checkHashable(key);
    const s = this.state;
    if ((s.flags[dict]! & F_SPLIT) !== 0) {
      const name = this.strValue(key);
      const ix = name === undefined ? undefined : s.sharedKeys.get(this.splitOwner(dict))!.index.get(name);
      return ix === undefined || ix >= s.slotLen[dict]! ? NULL_ID : s.slot(dict, ix);
    }
    const ix = s.dictIndex.get(dict)!.get(this.keyOf(key));
    return ix === undefined ? NULL_ID : s.slot(dict, 2 * ix + 1);
  }

  /** d[key] = value (insertdict, with MAINTAIN_TRACKING). */
  dictSetItem(dict: ObjectId, key: ObjectId, value: ObjectId): void {
    this.expectKind(dict, Kind.Dict);
    this.live(key);
    this.live(value);
    this.checkHashable(key);
    const s = this.state;
    if ((s.flags[dict]! & F_SPLIT) !== 0) {
      // insertdict on a split table: an exact-str key is looked up in (or appended to) the
      // class's shared keys while they have room; anything else makes the table combined
      const name = this.strValue(key);
      const owner = this.splitOwner(dict);
      const keys = s.sharedKeys.get(owner)!;
      let ix = name === undefined ? undefined : keys.index.get(name);
      if (name !== undefined && ix === undefined && keys.usable > 0 && keys.names.length < s.slotLen[dict]!) {
        ix = keys.names.length;
        this.emit({ type: 'SharedKeysChanged', typeId: owner, usable: keys.usable - 1, addedName: name });
      }
      if (ix !== undefined && ix < s.slotLen[dict]!) {
        this.increfUnchecked(value);
        this.maintainTracking(dict, key, value);
        const old = s.slot(dict, ix);
        this.evSlotSet(dict, ix, value);
        this.decrefUnchecked(old);
        return;
      }
      this.combineSplitDict(dict, name !== undefined);
    }
    this.increfUnchecked(key);
    this.increfUnchecked(value);
    this.maintainTracking(dict, key, value);
    const ix = s.dictIndex.get(dict)!.get(this.keyOf(key));
    if (ix !== undefined) {
      const old = s.slot(dict, 2 * ix + 1);
      this.evSlotSet(dict, 2 * ix + 1, value);
      this.decrefUnchecked(old);
      this.decrefUnchecked(key);
      return;
    }
    const isStr = s.kind[key] === Kind.Str;
    if (s.storageCap[dict] === 0) {
      this.newKeysFor(dict, 3, isStr, []);
    } else {
      if ((s.flags[dict]! & F_UNICODE) !== 0 && !isStr) this.dictResize(dict, log2Keysize(this.dictUsed(dict) * 3), false);
      if (this.dictUsable(dict) <= 0) this.dictResize(dict, log2Keysize(this.dictUsed(dict) * 3), (s.flags[dict]! & F_UNICODE) !== 0);
    }
    this.emit({ type: 'SlotsSpliced', id: dict, index: s.slotLen[dict]!, deleteCount: 0, insert: [key, value] });
  }

  /** del d[key] */
  dictDelItem(dict: ObjectId, key: ObjectId): void {
    this.expectKind(dict, Kind.Dict);
    this.live(key);
    this.checkHashable(key);
    const s = this.state;
    if ((s.flags[dict]! & F_SPLIT) !== 0) {
      const name = this.strValue(key);
      const ix = name === undefined ? undefined : s.sharedKeys.get(this.splitOwner(dict))!.index.get(name);
      if (ix === undefined || ix >= s.slotLen[dict]! || s.slot(dict, ix) === NULL_ID) throw new ObjectsError('KEY_ERROR', `KeyError: ${this.repr(key)}`);
      const old = s.slot(dict, ix);
      this.evSlotSet(dict, ix, NULL_ID);
      this.decrefUnchecked(old);
      return;
    }
    const ix = s.dictIndex.get(dict)!.get(this.keyOf(key));
    if (ix === undefined) throw new ObjectsError('KEY_ERROR', `KeyError: ${this.repr(key)}`);
    const oldKey = s.slot(dict, 2 * ix);
    const oldValue = s.slot(dict, 2 * ix + 1);
    this.evSlotSet(dict, 2 * ix, NULL_ID);
    this.evSlotSet(dict, 2 * ix + 1, NULL_ID);
    this.decrefUnchecked(oldValue);
    this.decrefUnchecked(oldKey);
  }

  /** dict.clear() / tp_clear (PyDict_Clear): the empty keys first, then release the old contents. */
  dictClear(dict: ObjectId): void {
    this.expectKind(dict, Kind.Dict);
    this.dictClearUnchecked(dict);
  }

  private dictClearUnchecked(dict: ObjectId): void {
    const s = this.state;
    const slots = s.slots(dict);
    const split = (s.flags[dict]! & F_SPLIT) !== 0;
    const log2 = s.storageCap[dict]!;
    const address = s.storageAddr[dict]!;
    const unicode = (s.flags[dict]! & F_UNICODE) !== 0;
    if (slots.length === 0 && address === 0) return;
    this.emit({ type: 'SlotsSpliced', id: dict, index: 0, deleteCount: slots.length, insert: [] });
    this.emit({ type: 'StorageChanged', id: dict, address: 0, capacity: 0, unicode: false });
    if (split) {
      for (const v of slots) this.decrefUnchecked(v);
      this.free(address);
    } else {
      for (let i = 0; i < slots.length; i += 2) {
        this.decrefUnchecked(slots[i]!);
        this.decrefUnchecked(slots[i + 1]!);
      }
      this.freeKeys(address, log2, unicode);
    }
  }

  /** Number of live entries (ma_used). */
  dictUsed(dict: ObjectId): number {
    const s = this.state;
    if ((s.flags[dict]! & F_SPLIT) === 0) return s.dictIndex.get(dict)!.size;
    let n = 0;
    for (let i = 0; i < s.slotLen[dict]!; i++) if (s.slot(dict, i) !== NULL_ID) n++;
    return n;
  }

  /** len(set): the number of keys (the index holds exactly the live ones). */
  setUsedCount(set: ObjectId): number {
    return this.state.dictIndex.get(set)!.size;
  }

  private dictUsable(dict: ObjectId): number {
    const s = this.state;
    return usableFraction(1 << s.storageCap[dict]!) - (s.slotLen[dict]! >> 1);
  }

  /** new_keys_object for `dict` (the keys free list for 8-slot unicode tables), entries `pairs`. */
  private newKeysFor(dict: ObjectId, log2: number, unicode: boolean, pairs: readonly ObjectId[], unsplit = false): void {
    const address = log2 === 3 && unicode ? this.fromFreeList(FL_KEYS, dictKeysBytes(log2, unicode), false) : this.malloc(dictKeysBytes(log2, unicode));
    this.emit({ type: 'StorageChanged', id: dict, address, capacity: log2, unicode, ...(unsplit ? { split: false } : {}) });
    if (pairs.length > 0 || this.state.slotLen[dict]! > 0) {
      this.emit({ type: 'SlotsSpliced', id: dict, index: 0, deleteCount: this.state.slotLen[dict]!, insert: pairs });
    }
  }

  /** dictresize: the new keys are allocated before the old ones are released; holes are dropped. */
  private dictResize(dict: ObjectId, log2: number, unicode: boolean): void {
    const s = this.state;
    const oldAddress = s.storageAddr[dict]!;
    const oldLog2 = s.storageCap[dict]!;
    const oldUnicode = (s.flags[dict]! & F_UNICODE) !== 0;
    const pairs: ObjectId[] = [];
    for (let i = 0; i < s.slotLen[dict]!; i += 2) {
      const k = s.slot(dict, i);
      if (k !== NULL_ID) pairs.push(k, s.slot(dict, i + 1));
    }
    this.newKeysFor(dict, log2, unicode, pairs);
    this.freeKeys(oldAddress, oldLog2, oldUnicode);
  }

  private freeKeys(address: number, log2: number, unicode: boolean): void {
    if (address === 0) return;
    const fl = this.state.freeLists[FL_KEYS]!;
    if (log2 === 3 && unicode && fl.length < KEYS_FREELIST_MAX) this.emit({ type: 'FreeListPushed', list: FL_KEYS, address });
    else this.free(address);
  }

  /** A split (instance) dict gets a key that is not a shared attribute name: it becomes combined. */
  private combineSplitDict(dict: ObjectId, unicode: boolean): void {
    const s = this.state;
    const keys = s.sharedKeys.get(this.splitOwner(dict))!;
    const values = s.slots(dict);
    const valuesAddress = s.storageAddr[dict]!;
    const pairs: ObjectId[] = [];
    values.forEach((v, i) => { if (v !== NULL_ID) pairs.push(this.internedStr(keys.names[i]!), v); });
    for (let i = 0; i < pairs.length; i += 2) this.increfUnchecked(pairs[i]!);
    this.emit({ type: 'SlotsSpliced', id: dict, index: 0, deleteCount: values.length, insert: [] });
    this.splitOwners.delete(dict);
    // insertion_resize: calculate_log2_keysize(GROWTH_RATE) = used * 3
    this.newKeysFor(dict, log2Keysize((pairs.length / 2) * 3), unicode, pairs, true);
    this.free(valuesAddress);
  }



  /** _PyObject_GC_MAY_BE_TRACKED: PyObject_IS_GC (for type objects tp_is_gc = type_is_gc:
   *  heap types only, so a static builtin type is not a GC object), and no untracked tuple. */
  mayBeTracked(id: ObjectId): boolean {
    const s = this.state;
    if (id === NULL_ID || !kindIsGc(s.kind[id]!)) return false;
    if (s.kind[id] === Kind.Type) return (s.flags[id]! & F_STATIC) === 0;
    if (s.kind[id] === Kind.Tuple) return (s.flags[id]! & F_TRACKED) !== 0;
    return true;
  }

  private maintainTracking(dict: ObjectId, key: ObjectId, value: ObjectId): void {
    if ((this.state.flags[dict]! & F_TRACKED) !== 0) return;
    if (this.mayBeTracked(key) || this.mayBeTracked(value)) this.evTracked(dict);
  }

  private checkHashable(key: ObjectId): void {
    const k = this.state.kind[key]!;
    if (k === Kind.List || k === Kind.Dict || k === Kind.Set) throw new ObjectsError('TYPE_ERROR', `unhashable type: '${this.typeName(key)}'`);
    if (k === Kind.Tuple) for (const x of this.state.slots(key)) this.checkHashable(x);
  }

  private keyOf(id: ObjectId): string {
    return keyIdentity(this.state, id);
  }


  // --- set (setobject.ts) ------------------------------------------------------------

  /** set(items) / frozenset(items): 216-byte object with an 8-entry inline table; the items added in order. */
  set(items: readonly ObjectId[] = [], frozen = false): ObjectId { return this.sets.make(items, frozen); }
  /** `x in set` (set_contains): by the key's hash identity, without scanning the table. */
  setContains(set: ObjectId, x: ObjectId): boolean { return this.sets.contains(set, x); }
  /** PySet_Add: into a set, or into a frozenset still being built (nothing else holds it: refcount 1). */
  setAdd(set: ObjectId, x: ObjectId): void { this.sets.add(set, x); }
  /** set.discard(x): its slot becomes a dummy. */
  setDiscard(set: ObjectId, x: ObjectId): void { this.sets.discard(set, x); }
  /** set.pop() (set_pop): the set's reference to the key goes to the caller. */
  setPop(set: ObjectId): ObjectId { return this.sets.pop(set); }
  /** set.clear() (set_clear_internal). */
  setClear(set: ObjectId): void { this.sets.clear(set); }
  /** set_merge: `set` |= the keys of another set. */
  setMerge(set: ObjectId, other: ObjectId): void { this.sets.merge(set, other); }
  /** set_update_internal's presizing for a dict of `n` keys. */
  setPresize(set: ObjectId, n: number): void { this.sets.presize(set, n); }
  /** The end of set_difference_update_internal: dummies over a quarter of the table resized away. */
  setPurgeDummies(set: ObjectId): void { this.sets.purgeDummies(set); }
  /** The keys in table order (set_next), as iteration, repr and dealloc visit them. */
  setKeys(set: ObjectId): ObjectId[] { return this.sets.keys(set); }

  // --- classes and instances -----------------------------------------------------------

  /**
   * `class NAME(bases): body`: the type object (a GC block of PyHeapTypeObject + member
   * defs), its dict (__module__, __qualname__, __doc__, the body's attributes, then the
   * __dict__ / __weakref__ getset descriptors it adds), the bases tuple when none were
   * given, the cached keys (managed dict) and the mro tuple. Returns the new type.
   */
  newClass(name: string, options: NewClassOptions = {}): ObjectId {
    const objectType = this.typeId('object');
    const bases = options.bases ?? [];
    for (const b of bases) {
      this.expectKind(b, Kind.Type);
      const spec = this.state.types.get(b)!;
      if (spec.instanceKind !== Kind.Instance && b !== objectType) {
        throw new ObjectsError('TYPE_ERROR', `subclassing '${spec.name}' is outside the modelled subset`);
      }
    }
    for (const [, v] of options.attributes ?? []) this.live(v);
    const baseSpecs = bases.map((b) => this.state.types.get(b)!);
    const base = bases[0] ?? objectType;
    const baseSpec = this.state.types.get(base)!;
    const hasSlots = options.slots !== undefined;
    // type_new_descriptors: '__dict__' / '__weakref__' in __slots__ add the dict / weakref
    // support instead of member slots
    const slotsDict = options.slots?.includes('__dict__') ?? false;
    const slotsWeak = options.slots?.includes('__weakref__') ?? false;
    const memberSlots = (options.slots ?? []).filter((n) => n !== '__dict__' && n !== '__weakref__');
    const inheritsDict = baseSpecs.some((b) => b.managedDict);
    const managedDict = !hasSlots || inheritsDict || slotsDict;
    const weakrefable = !hasSlots || baseSpecs.some((b) => b.weakrefable) || slotsWeak;
    const addsWeakref = weakrefable && !baseSpec.weakrefable;
    const addsDict = managedDict && !inheritsDict;
    const slotNames = [...baseSpec.slotNames, ...memberSlots];
    const basicBytes = 16 + 8 * slotNames.length + (weakrefable ? 8 : 0);
    const hasFinalizer = (options.hasDel ?? false) || baseSpecs.some((b) => b.hasFinalizer);
    const legacyDel = (options.legacyDel ?? false) || baseSpecs.some((b) => b.legacyDel);

    // the namespace dict, as type_new copies it
    const dict = this.dict();
    const setItem = (key: string, value: ObjectId) => {
      const k = this.internedStr(key);
      this.dictSetItem(dict, k, value);
      this.decrefUnchecked(k);
    };
    const mod = this.internedStr('__main__');
    setItem('__module__', mod);
    this.decrefUnchecked(mod);
    const qn = this.internedStr(name);
    setItem('__qualname__', qn);
    this.decrefUnchecked(qn);
    for (const [k, v] of options.attributes ?? []) setItem(k, v);
    // type_new_set_names takes __qualname__ out of the dict; type_new_set_doc adds __doc__
    const qk = this.internedStr('__qualname__');
    this.dictDelItem(dict, qk);
    this.decrefUnchecked(qk);
    setItem('__doc__', this.noneId);

    // PyType_GenericAlloc(&PyType_Type, nslots): raw memory for a type object
    const nslots = memberSlots.length;
    const typeBytes = LAYOUT_311.gcHeadBytes + HEAP_TYPE_BYTES + MEMBER_DEF_BYTES * (nslots + 1);
    const address = this.gcAllocBlock(typeBytes);
    const type = this.create(Kind.Type, this.typeId('type'), address, typeBytes, name);
    this.increfUnchecked(this.typeId('type'));
    this.evTracked(type);
    let basesTuple: ObjectId;
    if (bases.length === 0) basesTuple = this.tuple([objectType]);
    else basesTuple = this.tuple(bases);
    const mro = [type, ...this.linearize(bases.length === 0 ? [objectType] : bases)];
    const spec: TypeSpec = {
      name, instanceKind: Kind.Instance, isHeap: true, instancesGc: true, basicBytes, managedDict,
      weakrefable, addsWeakref, slotNames, hasFinalizer, legacyDel, base, bases: bases.length ? bases : [objectType], mro,
    };
    this.emit({ type: 'TypeDefined', id: type, spec });
    this.emit({ type: 'SlotsSpliced', id: type, index: 0, deleteCount: 0, insert: [dict, NULL_ID, basesTuple, base] });
    this.increfUnchecked(base);
    if (managedDict) {
      const keysAddress = this.malloc(dictKeysBytes(SHARED_KEYS_LOG2, true));
      this.emit({ type: 'StorageChanged', id: type, address: keysAddress, capacity: SHARED_KEYS_LOG2 });
    }
    const mroTuple = this.tuple(mro);
    this.evSlotSet(type, TYPE_MRO, mroTuple);
    if (addsDict) this.addGetset(type, dict, '__dict__');
    if (addsWeakref) this.addGetset(type, dict, '__weakref__');
    return type;
  }

  /** The C3 linearisation of the bases' mros (type objects only). */
  private linearize(bases: readonly ObjectId[]): ObjectId[] {
    const seqs = bases.map((b) => [...this.state.types.get(b)!.mro]);
    seqs.push([...bases]);
    const out: ObjectId[] = [];
    for (;;) {
      const nonEmpty = seqs.filter((q) => q.length > 0);
      if (nonEmpty.length === 0) return out;
      const head = nonEmpty.map((q) => q[0]!).find((c) => !nonEmpty.some((q) => q.indexOf(c) > 0));
      if (head === undefined) throw new ObjectsError('TYPE_ERROR', 'Cannot create a consistent method resolution order (MRO)');
      out.push(head);
      for (const q of nonEmpty) if (q[0] === head) q.shift();
    }
  }

  private addGetset(type: ObjectId, dict: ObjectId, name: string): void {
    const bytes = LAYOUT_311.gcHeadBytes + 48;
    const address = this.gcAllocBlock(bytes);
    const d = this.create(Kind.GetSet, this.typeId('getset_descriptor'), address, bytes, name);
    this.increfUnchecked(type);
    this.emit({ type: 'SlotsSpliced', id: d, index: 0, deleteCount: 0, insert: [type] });
    this.evTracked(d);
    const k = this.internedStr(name);
    this.dictSetItem(dict, k, d);
    this.decrefUnchecked(k);
    this.decrefUnchecked(d);
  }

  /** Set a class attribute (in the type's dict); value NULL_ID deletes it (false if it had none). */
  setClassAttr(type: ObjectId, name: string, value: ObjectId): boolean {
    this.expectKind(type, Kind.Type);
    if (value !== NULL_ID) this.live(value);
    const dict = this.state.slot(type, TYPE_DICT);
    if (dict === NULL_ID) throw new ObjectsError('TYPE_ERROR', `type '${this.typeName(type)}' has no dict`);
    const k = this.internedStr(name);
    const had = value !== NULL_ID || this.dictGetItem(dict, k) !== NULL_ID;
    if (value !== NULL_ID) this.dictSetItem(dict, k, value);
    else if (had) this.dictDelItem(dict, k);
    this.decrefUnchecked(k);
    return had;
  }

  /**
   * `cls()`: object.__new__ -> PyType_GenericAlloc (pre-header + basicsize, tracked at
   * once, a new reference to the class), then init_inline_values: the values array by
   * PyMem_Malloc, sized by the class's shared keys.
   */
  instance(type: ObjectId): ObjectId {
    this.expectKind(type, Kind.Type);
    const spec = this.state.types.get(type)!;
    if (spec.instanceKind !== Kind.Instance) throw new ObjectsError('TYPE_ERROR', `instances of '${spec.name}' are made by their own constructor`);
    const pre = LAYOUT_311.gcHeadBytes + (spec.managedDict ? LAYOUT_311.managedDictPreHeaderBytes : 0);
    const itemsize = 0;
    const bytes = pre + ((spec.basicBytes + itemsize + 7) & ~7);
    const address = this.gcAllocBlock(bytes);
    const id = this.create(Kind.Instance, type, address, bytes);
    this.increfUnchecked(type);
    const nslots = spec.slotNames.length;
    if (nslots > 0) this.emit({ type: 'SlotsSpliced', id, index: 0, deleteCount: 0, insert: new Array(nslots).fill(NULL_ID) });
    this.evTracked(id);
    if (spec.managedDict) {
      const keys = this.state.sharedKeys.get(this.keysOwner(type))!;
      if (keys.usable > 1) this.emit({ type: 'SharedKeysChanged', typeId: this.keysOwner(type), usable: keys.usable - 1 });
      const size = keys.names.length + keys.usable;
      const prefix = (size + 2 + 7) & ~7;
      let va: number;
      try {
        va = this.malloc(prefix + 8 * size);
      } catch (e) {
        // init_inline_values failed (dk_usable already taken, as there): the object goes again
        this.decrefUnchecked(id);
        throw e;
      }
      this.emit({ type: 'StorageChanged', id, address: va, capacity: size });
      this.emit({ type: 'SlotsSpliced', id, index: nslots, deleteCount: 0, insert: new Array(size).fill(NULL_ID) });
    }
    return id;
  }

  /** The class whose shared keys an instance of `type` uses (the type itself in 3.11). */
  private keysOwner(type: ObjectId): ObjectId {
    return type;
  }

  /** Borrowed: attribute `name` of an instance (NULL_ID when absent). */
  getAttr(obj: ObjectId, name: string): ObjectId {
    this.expectKind(obj, Kind.Instance);
    const s = this.state;
    const type = s.typeOf[obj]! as ObjectId;
    const spec = s.types.get(type)!;
    const si = spec.slotNames.indexOf(name);
    if (si >= 0) return s.slot(obj, si);
    const dict = s.aux[obj]! as ObjectId;
    if (dict !== NULL_ID) {
      const k = this.internedStr(name);
      const v = this.dictGetItem(dict, k);
      this.decrefUnchecked(k);
      return v;
    }
    if (!spec.managedDict) return NULL_ID;
    const ix = s.sharedKeys.get(this.keysOwner(type))!.index.get(name);
    if (ix === undefined || ix >= s.storageCap[obj]!) return NULL_ID;
    return s.slot(obj, spec.slotNames.length + ix);
  }

  /** obj.name = value (_PyObject_StoreInstanceAttribute, __slots__ members, or the __dict__). */
  setAttr(obj: ObjectId, name: string, value: ObjectId): void {
    this.expectKind(obj, Kind.Instance);
    this.live(value);
    const s = this.state;
    const type = s.typeOf[obj]! as ObjectId;
    const spec = s.types.get(type)!;
    const si = spec.slotNames.indexOf(name);
    if (si >= 0) {
      const old = s.slot(obj, si);
      this.increfUnchecked(value);
      this.evSlotSet(obj, si, value);
      this.decrefUnchecked(old);
      return;
    }
    if (!spec.managedDict) throw new ObjectsError('ATTRIBUTE_ERROR', `'${spec.name}' object has no attribute '${name}'`);
    let dict = s.aux[obj]! as ObjectId;
    if (dict === NULL_ID) {
      const owner = this.keysOwner(type);
      const keys = s.sharedKeys.get(owner)!;
      let ix = keys.index.get(name);
      if (ix === undefined && keys.usable > 0 && keys.names.length < s.storageCap[obj]!) {
        ix = keys.names.length;
        this.emit({ type: 'SharedKeysChanged', typeId: owner, usable: keys.usable - 1, addedName: name });
      }
      if (ix !== undefined && ix < s.storageCap[obj]!) {
        const at = spec.slotNames.length + ix;
        const old = s.slot(obj, at);
        this.increfUnchecked(value);
        this.evSlotSet(obj, at, value);
        this.decrefUnchecked(old);
        return;
      }
      dict = this.materializeDict(obj);
    }
    const k = this.internedStr(name);
    this.dictSetItem(dict, k, value);
    this.decrefUnchecked(k);
  }

  /** del obj.name */
  delAttr(obj: ObjectId, name: string): void {
    this.expectKind(obj, Kind.Instance);
    const s = this.state;
    const spec = s.types.get(s.typeOf[obj]!)!;
    const si = spec.slotNames.indexOf(name);
    const missing = () => new ObjectsError('ATTRIBUTE_ERROR', `'${spec.name}' object has no attribute '${name}'`);
    if (si >= 0) {
      const old = s.slot(obj, si);
      if (old === NULL_ID) throw missing();
      this.evSlotSet(obj, si, NULL_ID);
      this.decrefUnchecked(old);
      return;
    }
    const dict = s.aux[obj]! as ObjectId;
    if (dict !== NULL_ID) {
      const k = this.internedStr(name);
      try {
        if (this.dictGetItem(dict, k) === NULL_ID) throw missing();
        this.dictDelItem(dict, k);
      } finally {
        this.decrefUnchecked(k);
      }
      return;
    }
    const ix = spec.managedDict ? s.sharedKeys.get(this.keysOwner(s.typeOf[obj]! as ObjectId))!.index.get(name) : undefined;
    if (ix === undefined || ix >= s.storageCap[obj]! || s.slot(obj, spec.slotNames.length + ix) === NULL_ID) throw missing();
    const at = spec.slotNames.length + ix;
    const old = s.slot(obj, at);
    this.evSlotSet(obj, at, NULL_ID);
    this.decrefUnchecked(old);
  }

  /**
   * `obj.__dict__` (borrowed): materialises the managed dict on first access
   * (_PyObject_MakeDictFromInstanceAttributes): a split dict that takes over the values
   * array, tracked if any value may be tracked.
   */
  instanceDict(obj: ObjectId): ObjectId {
    this.expectKind(obj, Kind.Instance);
    const spec = this.state.types.get(this.state.typeOf[obj]!)!;
    if (!spec.managedDict) throw new ObjectsError('ATTRIBUTE_ERROR', `'${spec.name}' object has no attribute '__dict__'`);
    const d = this.state.aux[obj]! as ObjectId;
    return d !== NULL_ID ? d : this.materializeDict(obj);
  }

  /** obj.__dict__ = dict (subtype_setdict): the inline values are made a dict first (_PyObject_GetDictPtr), then that dict is replaced. */
  setInstanceDict(obj: ObjectId, dict: ObjectId): void {
    this.expectKind(dict, Kind.Dict);
    const old = this.instanceDict(obj);
    this.increfUnchecked(dict);
    this.emit({ type: 'InstanceDictSet', id: obj, dict });
    this.decrefUnchecked(old);
  }

  private readonly splitOwners = new Map<number, ObjectId>();

  /** The class whose shared keys a split (instance) dict uses. */
  splitOwner(dict: ObjectId): ObjectId {
    const o = this.splitOwners.get(dict);
    if (o !== undefined) return o;
    // after a restore: find the instance whose dict this is
    for (let i = LIST_HEADS; i < this.state.nextId; i++) {
      if (this.state.kind[i] === Kind.Instance && this.state.aux[i] === dict && (this.state.flags[i]! & F_ALIVE) !== 0) {
        this.splitOwners.set(dict, this.state.typeOf[i]! as ObjectId);
        return this.state.typeOf[i]! as ObjectId;
      }
    }
    throw new ObjectsError('WRONG_KIND', `split dict ${dict} has no owner`);
  }

  private materializeDict(obj: ObjectId): ObjectId {
    const s = this.state;
    const spec = s.types.get(s.typeOf[obj]!)!;
    const nslots = spec.slotNames.length;
    const values = s.slots(obj).slice(nslots);
    const dict = this.newDictObject(true);
    this.splitOwners.set(dict, s.typeOf[obj]! as ObjectId);
    this.emit({ type: 'StorageChanged', id: dict, address: s.storageAddr[obj]!, capacity: s.storageCap[obj]!, unicode: true });
    this.emit({ type: 'SlotsSpliced', id: dict, index: 0, deleteCount: 0, insert: values });
    this.emit({ type: 'SlotsSpliced', id: obj, index: nslots, deleteCount: values.length, insert: [] });
    this.emit({ type: 'StorageChanged', id: obj, address: 0, capacity: 0 });
    this.emit({ type: 'InstanceDictSet', id: obj, dict });
    if (values.some((v) => this.mayBeTracked(v))) this.evTracked(dict);
    return dict;
  }

  // --- functions, cells, methods -------------------------------------------------------

  /** PyFunction_New: a 160-byte GC block, tracked; the fields take new references. */
  func(options: NewFunctionOptions): ObjectId {
    for (const x of [options.globals, options.defaults, options.closure, options.code]) if (x !== undefined && x !== NULL_ID) this.live(x);
    const bytes = LAYOUT_311.gcHeadBytes + LAYOUT_311.functionBytes;
    const address = this.gcAllocBlock(bytes);
    const id = this.create(Kind.Function, this.typeId('function'), address, bytes, options.name);
    const fields: ObjectId[] = new Array(FUNC_SLOTS).fill(NULL_ID);
    fields[FUNC_CODE] = options.code ?? NULL_ID;
    fields[FUNC_GLOBALS] = options.globals ?? NULL_ID;
    fields[FUNC_DEFAULTS] = options.defaults ?? NULL_ID;
    fields[FUNC_CLOSURE] = options.closure ?? NULL_ID;
    fields[FUNC_NAME] = this.internedStr(options.name);
    fields[FUNC_QUALNAME] = this.internedStr(options.qualname ?? options.name);
    for (const i of [FUNC_CODE, FUNC_GLOBALS, FUNC_DEFAULTS, FUNC_CLOSURE]) this.increfUnchecked(fields[i]!);
    this.emit({ type: 'SlotsSpliced', id, index: 0, deleteCount: 0, insert: fields });
    this.evTracked(id);
    return id;
  }

  /** A closure cell holding `contents` (or empty). */
  cell(contents: ObjectId = NULL_ID): ObjectId {
    this.liveOrNull(contents);
    const bytes = LAYOUT_311.gcHeadBytes + LAYOUT_311.cellBytes;
    const address = this.gcAllocBlock(bytes);
    const id = this.create(Kind.Cell, this.typeId('cell'), address, bytes);
    this.increfUnchecked(contents);
    this.emit({ type: 'SlotsSpliced', id, index: 0, deleteCount: 0, insert: [contents] });
    this.evTracked(id);
    return id;
  }

  cellSet(cell: ObjectId, contents: ObjectId): void {
    this.expectKind(cell, Kind.Cell);
    this.liveOrNull(contents);
    const old = this.state.slot(cell, 0);
    this.increfUnchecked(contents);
    this.evSlotSet(cell, 0, contents);
    this.decrefUnchecked(old);
  }

  /** func.__dict__ (borrowed): a new dict on first use, as PyObject_GenericGetDict makes it. */
  functionDict(func: ObjectId): ObjectId {
    this.expectKind(func, Kind.Function);
    let d = this.state.slot(func, FUNC_DICT);
    if (d === NULL_ID) {
      d = this.dict();
      this.evSlotSet(func, FUNC_DICT, d); // the slot owns the new reference
    }
    return d;
  }

  /** PyMethod_New(func, self): a bound method (no free list in 3.11). */
  method(func: ObjectId, self: ObjectId): ObjectId {
    this.live(func);
    this.live(self);
    const bytes = LAYOUT_311.gcHeadBytes + LAYOUT_311.methodBytes;
    const address = this.gcAllocBlock(bytes);
    const id = this.create(Kind.Method, this.typeId('method'), address, bytes);
    this.increfUnchecked(func);
    this.increfUnchecked(self);
    this.emit({ type: 'SlotsSpliced', id, index: 0, deleteCount: 0, insert: [func, self] });
    this.evTracked(id);
    return id;
  }

  /** A module object holding `dict` (tracked). */
  module(name: string, dict: ObjectId): ObjectId {
    this.expectKind(dict, Kind.Dict);
    const bytes = LAYOUT_311.gcHeadBytes + 56; // sizeof(PyModuleObject)
    const address = this.gcAllocBlock(bytes);
    const id = this.create(Kind.Module, this.typeId('module'), address, bytes, name);
    this.increfUnchecked(dict);
    this.emit({ type: 'SlotsSpliced', id, index: 0, deleteCount: 0, insert: [dict] });
    this.evTracked(id);
    return id;
  }

  // --- opaque objects: what the front end needs but the heap models only by size and references

  /**
   * An interpreter-owned static object (a builtin function, a module, a builtin exception
   * class): never allocated, never freed. `typeName` is what type(x).__name__ shows.
   */
  staticObject(typeName: string, name: string): ObjectId {
    const key = `o${typeName}:${name}`;
    let id = this.statics.get(key);
    if (id === undefined) {
      id = this.state.nextId as ObjectId;
      this.emit({ type: 'ObjectCreated', id, kind: Kind.Builtin, typeId: this.typeId('object'), address: 0, requestBytes: 0, value: `${typeName}:${name}`, isStatic: true });
      this.statics.set(key, id);
    }
    return id;
  }

  /**
   * An object CPython allocates with `requestBytes` (GC header included when `gc`) that
   * holds `refs` (new references are taken): iterators, bound builtin methods, range
   * objects… Tracked at creation when `gc`. type(x).__name__ is `typeName`.
   */
  opaque(typeName: string, requestBytes: number, refs: readonly ObjectId[], gc = true): ObjectId {
    for (const r of refs) this.liveOrNull(r);
    const address = gc ? this.gcAllocBlock(requestBytes) : this.malloc(requestBytes);
    const id = this.create(gc ? Kind.Opaque : Kind.OpaqueAtom, this.typeId('object'), address, requestBytes, typeName);
    for (const r of refs) this.increfUnchecked(r);
    if (refs.length > 0) this.emit({ type: 'SlotsSpliced', id, index: 0, deleteCount: 0, insert: refs });
    if (gc) this.evTracked(id);
    return id;
  }

  /** Replace reference `index` of an opaque object (an iterator advancing, a result tuple swapped). */
  opaqueSet(id: ObjectId, index: number, value: ObjectId): void {
    this.expectKind(id, Kind.Opaque, Kind.OpaqueAtom);
    this.liveOrNull(value);
    const old = this.state.slot(id, index);
    this.increfUnchecked(value);
    this.evSlotSet(id, index, value);
    this.decrefUnchecked(old);
  }

  // --- weak references -----------------------------------------------------------------

  /**
   * weakref.ref(referent[, callback]): without a callback the existing basic ref is
   * returned; a new basic ref goes to the head of the referent's list, a callback ref
   * right after the basic ref (so newer callback refs come first).
   */
  weakref(referent: ObjectId, callback: ObjectId = NULL_ID): ObjectId {
    this.live(referent);
    this.liveOrNull(callback);
    const s = this.state;
    if (!this.supportsWeakrefs(referent)) throw new ObjectsError('TYPE_ERROR', `cannot create weak reference to '${this.typeName(referent)}' object`);
    if (callback === this.noneId) callback = NULL_ID;
    const list = s.weaklists.get(referent) ?? [];
    const basic = list.length > 0 && s.slot(list[0]! as ObjectId, 0) === NULL_ID ? (list[0]! as ObjectId) : NULL_ID;
    if (callback === NULL_ID && basic !== NULL_ID) {
      this.increfUnchecked(basic);
      return basic;
    }
    const bytes = LAYOUT_311.gcHeadBytes + LAYOUT_311.weakrefBytes;
    const address = this.gcAllocBlock(bytes);
    const id = this.create(Kind.Weakref, this.typeId('weakref'), address, bytes);
    this.increfUnchecked(callback);
    this.emit({ type: 'SlotsSpliced', id, index: 0, deleteCount: 0, insert: [callback] });
    const index = callback === NULL_ID || basic === NULL_ID ? 0 : 1;
    // the referent may have died during gcAllocBlock's collection? It is referenced by the caller, so no.
    this.emit({ type: 'WeakrefLinked', wr: id, referent, index });
    this.evTracked(id);
    return id;
  }

  /** wr(): a new reference to the referent, or None once it is gone. */
  weakrefGet(wr: ObjectId): ObjectId {
    this.expectKind(wr, Kind.Weakref);
    const r = this.state.aux[wr]! as ObjectId;
    const out = r === NULL_ID ? this.noneId : r;
    this.increfUnchecked(out);
    return out;
  }

  supportsWeakrefs(id: ObjectId): boolean {
    const spec = this.state.types.get(this.state.typeOf[id]!);
    if (this.state.kind[id] === Kind.Type) return true;
    return spec !== undefined && spec.weakrefable;
  }

  /** Borrowed: the weakrefs to `id`, head first. */
  weakrefsOf(id: ObjectId): readonly ObjectId[] {
    return (this.state.weaklists.get(id) ?? []) as ObjectId[];
  }

  /** _PyWeakref_ClearRef: detach from the referent, keep the callback (the collector's step). */
  weakrefClearRef(wr: ObjectId): void {
    if (this.state.aux[wr] !== NULL_ID) this.emit({ type: 'WeakrefUnlinked', wr });
  }

  /** clear_weakref: detach and drop the callback. */
  private clearWeakref(wr: ObjectId): void {
    this.weakrefClearRef(wr);
    const cb = this.state.slot(wr, 0);
    if (cb !== NULL_ID) {
      this.evSlotSet(wr, 0, NULL_ID);
      this.decrefUnchecked(cb);
    }
  }

  /**
   * PyObject_ClearWeakRefs: the callback-less basic refs at the head are cleared; one
   * remaining ref is cleared and its callback called; several are collected in a
   * 2·n tuple (a GC allocation), all cleared, then called in list order.
   */
  clearWeakRefs(obj: ObjectId): void {
    const s = this.state;
    const list = () => s.weaklists.get(obj) ?? [];
    for (let k = 0; k < 2; k++) {
      const l = list();
      if (l.length > 0 && s.slot(l[0]! as ObjectId, 0) === NULL_ID) this.clearWeakref(l[0]! as ObjectId);
    }
    const refs = [...list()] as ObjectId[];
    if (refs.length === 0) return;
    if (refs.length === 1) {
      const wr = refs[0]!;
      const cb = s.slot(wr, 0);
      this.evSlotSet(wr, 0, NULL_ID);
      this.weakrefClearRef(wr);
      if (cb !== NULL_ID) {
        if (s.refcnt[wr]! > 0) this.handleCallback(wr, cb);
        this.decrefUnchecked(cb);
      }
      return;
    }
    const items: ObjectId[] = [];
    for (const wr of refs) {
      const cb = s.slot(wr, 0);
      if (s.refcnt[wr]! > 0) {
        items.push(wr, cb);
      } else {
        items.push(NULL_ID, NULL_ID);
        this.decrefUnchecked(cb);
      }
      this.evSlotSet(wr, 0, NULL_ID);
      this.weakrefClearRef(wr);
    }
    // PyTuple_New(count * 2): the refs take a new reference, the callbacks move into it
    const tuple = this.tupleRaw(items.length);
    for (let i = 0; i < items.length; i += 2) {
      if (items[i] !== NULL_ID) this.increfUnchecked(items[i]!);
      this.evSlotSet(tuple, i, items[i]!);
      this.evSlotSet(tuple, i + 1, items[i + 1]!);
    }
    for (let i = 0; i < items.length; i += 2) {
      const cb = items[i + 1]!;
      if (cb !== NULL_ID) this.handleCallback(items[i]!, cb);
    }
    this.decrefUnchecked(tuple);
  }

  /** PyTuple_New(n): NULL items (filled by the caller with SlotSet), or `items` already incref'd; tracked. */
  private tupleRaw(n: number, items: ObjectIdSequence | null = null): ObjectId {
    const bytes = LAYOUT_311.gcHeadBytes + LAYOUT_311.tupleBasicBytes + 8 * n;
    const address = n < TUPLE_MAXSAVESIZE ? this.fromFreeList(FL_TUPLE + n, bytes, true) : this.gcAllocBlock(bytes);
    const id = this.create(Kind.Tuple, this.typeId('tuple'), address, bytes);
    this.emit({ type: 'SlotsSpliced', id, index: 0, deleteCount: 0, insert: items ?? new Array(n).fill(NULL_ID) });
    this.evTracked(id);
    return id;
  }

  /** tuplerepeat: `items` `times` over in a new tuple (the increfs of one item as one change, as listRepeat). */
  tupleRepeat(items: readonly ObjectId[], times: number): ObjectId {
    for (const x of items) this.live(x);
    const n = items.length * times;
    if (n === 0) return this.tuple([]);
    checkRepeatSize(n, 'tuple');
    for (const x of items) this.increfBy(x, times);
    return this.tupleRaw(n, repeatedIds(items, times));
  }

  /** handle_callback: callback(wr); errors are unraisable. */
  handleCallback(wr: ObjectId, callback: ObjectId): void {
    this.emit({ type: 'WeakrefCallbackCalled', wr, callback });
    if (this.host !== null) {
      try {
        this.host.callWeakrefCallback(this, callback, wr);
      } catch (err) {
        this.emit({ type: 'UnraisableReported', id: callback, message: errorText(err) });
        if (!isUnraisable(err)) throw err;
      }
    }
    this.emit({ type: 'HostCallReturned', id: wr });
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

  /** finalize_garbage's step: FINALIZED first, then tp_finalize under a temporary reference. */
  finalizeGarbageObject(id: ObjectId): void {
    this.emit({ type: 'FinalizedMarked', id });
    this.increfUnchecked(id);
    this.callHostFinalizer(id, false);
    this.decrefUnchecked(id);
  }

  /** Runs a gc.callbacks entry through the host (errors are unraisable). */
  callGcCallback(callback: ObjectId, phase: 'start' | 'stop', info: ObjectId): void {
    if (this.host?.callGcCallback === undefined) return;
    try {
      this.host.callGcCallback(this, callback, phase, info);
    } catch (err) {
      this.emit({ type: 'UnraisableReported', id: callback, message: errorText(err) });
      if (!isUnraisable(err)) throw err;
    }
  }

  private callHostFinalizer(id: ObjectId, legacy: boolean): void {
    this.emit({ type: 'FinalizerCalled', id, legacy });
    if (this.host !== null) {
      try {
        this.host.callFinalizer(this, id, legacy);
      } catch (err) {
        this.emit({ type: 'UnraisableReported', id, message: errorText(err) });
        if (!isUnraisable(err)) throw err;
      }
    }
    this.emit({ type: 'HostCallReturned', id });
  }

  /** PyObject_CallFinalizerFromDealloc: refcount 1 for the call; true if it resurrected the object. */
  private finalizeFromDealloc(id: ObjectId, legacy: boolean): boolean {
    this.evRefcount(id, 1);
    if (legacy) this.callHostFinalizer(id, true);
    else this.callFinalizer(id);
    this.evRefcount(id, -1);
    return this.state.refcnt[id]! > 0;
  }

  // --- deallocation ----------------------------------------------------------------------

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

  private untrack(id: ObjectId): void {
    if ((this.state.flags[id]! & F_TRACKED) !== 0) this.evUntracked(id);
  }

  private track(id: ObjectId): void {
    if ((this.state.flags[id]! & F_TRACKED) === 0) this.evTracked(id);
  }

  /** PyObject_GC_Del: unlink if still tracked, free the block, count0 -= 1 if > 0. */
  private gcDel(id: ObjectId): void {
    this.untrack(id);
    this.free(this.state.address[id]!);
    this.evGcFree();
    this.evDestroyed(id);
  }

  private toFreeList(id: ObjectId, list: number): void {
    this.emit({ type: 'FreeListPushed', list, address: this.state.address[id]! });
    this.evDestroyed(id);
  }

  /** _Py_Dealloc: the type's tp_dealloc. */
  private dealloc(id: ObjectId): void {
    const s = this.state;
    if ((s.flags[id]! & F_STATIC) !== 0) return;
    switch (s.kind[id]) {
      case Kind.List: case Kind.Tuple: case Kind.Dict: case Kind.Set: case Kind.FrozenSet: case Kind.Instance:
        this.untrack(id);
        if (!this.trashBegin(id)) return;
        this.deallocBody(id);
        this.trashEnd();
        return;
      default:
        this.deallocBody(id);
    }
  }

  /** The body of each tp_dealloc (after untrack and Py_TRASHCAN_BEGIN for the containers). */
  private deallocBody(id: ObjectId): void {
    const s = this.state;
    switch (s.kind[id]) {
      case Kind.Int: case Kind.Str: case Kind.Bytes: case Kind.Object:
        this.free(s.address[id]!);
        this.evDestroyed(id);
        return;
      case Kind.Float:
        if (s.freeLists[FL_FLOAT]!.length < FLOAT_FREELIST_MAX) this.toFreeList(id, FL_FLOAT);
        else { this.free(s.address[id]!); this.evDestroyed(id); }
        return;
      case Kind.Tuple: {
        this.untrack(id);
        const n = s.slotLen[id]!;
        for (let i = n - 1; i >= 0; i--) this.decrefUnchecked(s.slot(id, i));
        if (n >= 1 && n <= TUPLE_MAXSAVESIZE && s.freeLists[FL_TUPLE + n]!.length < TUPLE_FREELIST_MAX) this.toFreeList(id, FL_TUPLE + n);
        else this.gcDel(id);
        return;
      }
      case Kind.List: {
        this.untrack(id);
        const n = s.slotLen[id]!;
        for (let i = n - 1; i >= 0; i--) this.decrefUnchecked(s.slot(id, i));
        this.free(s.storageAddr[id]!);
        if (s.freeLists[FL_LIST]!.length < LIST_FREELIST_MAX) this.toFreeList(id, FL_LIST);
        else this.gcDel(id);
        return;
      }
      case Kind.Dict: {
        this.untrack(id);
        const slots = s.slots(id);
        if ((s.flags[id]! & F_SPLIT) !== 0) {
          for (const v of slots) this.decrefUnchecked(v);
          this.free(s.storageAddr[id]!);
        } else {
          for (let i = 0; i < slots.length; i += 2) {
            this.decrefUnchecked(slots[i]!);
            this.decrefUnchecked(slots[i + 1]!);
          }
          this.freeKeys(s.storageAddr[id]!, s.storageCap[id]!, (s.flags[id]! & F_UNICODE) !== 0);
        }
        this.splitOwners.delete(id);
        if (s.freeLists[FL_DICT]!.length < DICT_FREELIST_MAX) this.toFreeList(id, FL_DICT);
        else this.gcDel(id);
        return;
      }
      case Kind.Set: case Kind.FrozenSet: {
        this.untrack(id);
        if (s.weaklists.has(id)) this.clearWeakRefs(id);
        for (const k of s.slots(id)) this.decrefUnchecked(k);
        this.free(s.storageAddr[id]!);
        this.gcDel(id);
        return;
      }
      case Kind.Instance:
        this.subtypeDealloc(id);
        return;
      case Kind.Type:
        this.typeDealloc(id);
        return;
      case Kind.Function: {
        this.untrack(id);
        if (s.weaklists.has(id)) this.clearWeakRefs(id);
        this.funcClear(id);
        this.decrefUnchecked(s.slot(id, FUNC_CODE));
        this.decrefUnchecked(s.slot(id, FUNC_NAME));
        this.decrefUnchecked(s.slot(id, FUNC_QUALNAME));
        this.gcDel(id);
        return;
      }
      case Kind.Method: {
        this.untrack(id);
        if (s.weaklists.has(id)) this.clearWeakRefs(id);
        this.decrefUnchecked(s.slot(id, 0));
        this.decrefUnchecked(s.slot(id, 1));
        this.gcDel(id);
        return;
      }
      case Kind.Weakref:
        this.untrack(id);
        this.clearWeakref(id);
        this.gcDel(id);
        return;
      case Kind.Cell: case Kind.GetSet: case Kind.Module: case Kind.Opaque:
        this.untrack(id);
        for (const x of s.slots(id)) this.decrefUnchecked(x);
        this.gcDel(id);
        return;
      case Kind.OpaqueAtom:
        for (const x of s.slots(id)) this.decrefUnchecked(x);
        this.free(s.address[id]!);
        this.evDestroyed(id);
        return;
      default:
        throw new ObjectsError('WRONG_KIND', `no tp_dealloc for kind ${KIND_NAMES[s.kind[id]!]}`);
    }
  }

  /** subtype_dealloc (Objects/typeobject.c) for a GC heap type: tp_finalize, PyObject_ClearWeakRefs, tp_del, slots, dict, type. */
  private subtypeDealloc(id: ObjectId): void {
    const s = this.state;
    const type = s.typeOf[id]! as ObjectId;
    const spec = s.types.get(type)!;
    if (spec.hasFinalizer) {
      this.track(id);
      if (this.finalizeFromDealloc(id, false)) return; // resurrected: stays tracked
      this.untrack(id);
    }
    if (spec.addsWeakref && s.weaklists.size > 0 && s.weaklists.has(id)) this.clearWeakRefs(id);
    if (spec.legacyDel) {
      this.track(id);
      if (this.finalizeFromDealloc(id, true)) return;
      this.untrack(id);
    }
    if ((spec.hasFinalizer || spec.legacyDel) && spec.addsWeakref) {
      for (const wr of [...(s.weaklists.get(id) ?? [])]) this.weakrefClearRef(wr as ObjectId);
    }
    const nslots = spec.slotNames.length;
    for (let i = 0; i < nslots; i++) {
      const v = s.slot(id, i);
      if (v !== NULL_ID) {
        this.evSlotSet(id, i, NULL_ID);
        this.decrefUnchecked(v);
      }
    }
    if (spec.managedDict) {
      const dict = s.aux[id]! as ObjectId;
      if (dict !== NULL_ID) {
        this.emit({ type: 'InstanceDictSet', id, dict: NULL_ID });
        this.decrefUnchecked(dict);
      } else {
        // _PyObject_FreeInstanceAttributes: values in index order, then the array
        // (read in place: the slots of an object being freed no longer change)
        const n = s.slotLen[id]!;
        for (let i = nslots; i < n; i++) this.decrefUnchecked(s.slot(id, i));
        this.free(s.storageAddr[id]!);
        if (this.sink === null) { s.storageAddr[id] = 0; s.storageCap[id] = 0; }
        else this.emit({ type: 'StorageChanged', id, address: 0, capacity: 0 });
      }
    }
    this.gcDel(id);
    this.decrefUnchecked(type);
  }

  /** type_dealloc (heap types). */
  private typeDealloc(id: ObjectId): void {
    const s = this.state;
    this.untrack(id);
    if (s.weaklists.has(id)) this.clearWeakRefs(id);
    const [dict, mro, bases, base] = [TYPE_DICT, TYPE_MRO, TYPE_BASES, TYPE_BASE].map((i) => s.slot(id, i));
    this.decrefUnchecked(base!);
    this.decrefUnchecked(dict!);
    this.decrefUnchecked(bases!);
    this.decrefUnchecked(mro!);
    this.free(s.storageAddr[id]!);
    this.gcDel(id);
    this.decrefUnchecked(s.typeOf[id]! as ObjectId);
  }

  /** func_clear */
  private funcClear(id: ObjectId): void {
    const s = this.state;
    for (const f of [FUNC_GLOBALS, FUNC_MODULE, FUNC_DEFAULTS, FUNC_KWDEFAULTS, FUNC_DOC, FUNC_DICT, FUNC_CLOSURE, FUNC_ANNOTATIONS]) {
      const v = s.slot(id, f);
      if (v !== NULL_ID) {
        this.evSlotSet(id, f, NULL_ID);
        this.decrefUnchecked(v);
      }
    }
    for (const f of [FUNC_NAME, FUNC_QUALNAME]) {
      const v = s.slot(id, f);
      if (v !== this.emptyStrId) {
        this.increfUnchecked(this.emptyStrId);
        this.evSlotSet(id, f, this.emptyStrId);
        this.decrefUnchecked(v);
      }
    }
  }

  // --- the collector's interface ---------------------------------------------------------

  /** tp_traverse: calls visit(referent) in CPython's order (NULLs skipped). */
  traverse(id: ObjectId, visit: (referent: ObjectId) => void): void {
    traverseState(this.state, id, visit);
  }

  /** gc.get_referents(obj) for one object: its tp_traverse visits (non-GC objects have none). */
  referents(id: ObjectId): ObjectId[] {
    this.live(id);
    const out: ObjectId[] = [];
    if (!kindIsGc(this.state.kind[id]!)) return out;
    this.traverse(id, (x) => out.push(x));
    return out;
  }

  /** Whether the type has a tp_clear. */
  hasClear(id: ObjectId): boolean {
    switch (this.state.kind[id]) {
      case Kind.List: case Kind.Dict: case Kind.Set: case Kind.Instance: case Kind.Type:
      case Kind.Function: case Kind.Cell: case Kind.Weakref: case Kind.Module:
        return true;
      default:
        return false;
    }
  }

  /** tp_clear: drop the references that can make cycles. */
  clear(id: ObjectId): void {
    const s = this.state;
    switch (s.kind[id]) {
      case Kind.List: this.lists.clearUnchecked(id); return;
      case Kind.Dict: this.dictClearUnchecked(id); return;
      case Kind.Set: case Kind.FrozenSet: this.sets.clearUnchecked(id); return;
      case Kind.Instance: {
        // subtype_clear: __slots__, inline values in index order, then the dict pointer
        const spec = s.types.get(s.typeOf[id]!)!;
        const n = s.slotLen[id]!;
        for (let i = 0; i < n; i++) {
          const v = s.slot(id, i);
          if (v !== NULL_ID) {
            this.evSlotSet(id, i, NULL_ID);
            this.decrefUnchecked(v);
          }
        }
        const dict = s.aux[id]! as ObjectId;
        if (spec.managedDict && dict !== NULL_ID) {
          this.emit({ type: 'InstanceDictSet', id, dict: NULL_ID });
          this.decrefUnchecked(dict);
        }
        return;
      }
      case Kind.Type: {
        // type_clear: PyDict_Clear(tp_dict), then Py_CLEAR(tp_mro)
        const dict = s.slot(id, TYPE_DICT);
        if (dict !== NULL_ID) this.dictClearUnchecked(dict);
        const mro = s.slot(id, TYPE_MRO);
        if (mro !== NULL_ID) {
          this.evSlotSet(id, TYPE_MRO, NULL_ID);
          this.decrefUnchecked(mro);
        }
        return;
      }
      case Kind.Function: this.funcClear(id); return;
      case Kind.Cell: case Kind.Module: {
        const v = s.slot(id, 0);
        if (v !== NULL_ID) {
          this.evSlotSet(id, 0, NULL_ID);
          this.decrefUnchecked(v);
        }
        return;
      }
      case Kind.Weakref: this.clearWeakref(id); return;
      default:
    }
  }

  /** Free lists emptied by a generation-2 collection (clear_freelists), tuples first. */
  clearFreeLists(): void {
    const s = this.state;
    const drain = (list: number, gc: boolean) => {
      const fl = s.freeLists[list]!;
      while (fl.length > 0) {
        const a = fl[fl.length - 1]!;
        this.emit({ type: 'FreeListPopped', list });
        this.free(a);
        if (gc) this.evGcFree();
      }
    };
    for (let n = 1; n <= TUPLE_MAXSAVESIZE; n++) drain(FL_TUPLE + n, true);
    drain(FL_FLOAT, false);
    drain(FL_LIST, true);
    drain(FL_DICT, true);
    drain(FL_KEYS, false);
  }

  // --- queries -------------------------------------------------------------------------

  isAlive(id: ObjectId): boolean { return this.state.isAlive(id); }

  refcount(id: ObjectId): number { this.live(id); return this.state.refcnt[id]!; }

  isTracked(id: ObjectId): boolean { this.live(id); return (this.state.flags[id]! & F_TRACKED) !== 0; }

  isFinalized(id: ObjectId): boolean {
    this.live(id);
    return kindIsGc(this.state.kind[id]!) && (this.state.flags[id]! & F_FINALIZED) !== 0;
  }

  isGc(id: ObjectId): boolean { return kindIsGc(this.state.kind[id]!); }

  /** id(obj): the address CPython would print (block + pre-header); statics get a made-up one. */
  addressOf(id: ObjectId): number {
    const s = this.state;
    if ((s.flags[id]! & F_STATIC) !== 0) return 0x1000 + 16 * id;
    return s.address[id]! + this.preheaderBytes(id);
  }

  /** The GC header (and a managed dict's pre-header) before the object (sizeof.ts). */
  preheaderBytes(id: ObjectId): number { return preheaderBytes(this.state, id); }

  /** sys.getsizeof(obj): each type's __sizeof__ plus the GC pre-header (sizeof.ts). */
  getsizeof(id: ObjectId): number {
    this.live(id);
    return objectSizeof(this.state, id, (dict) => this.splitOwner(dict));
  }

  /** The Python type name of an object. */
  typeName(id: ObjectId): string {
    const s = this.state;
    const k = s.kind[id];
    if (k === Kind.Builtin) return (s.payload[id] as string).split(':')[0]!;
    if (k === Kind.Opaque || k === Kind.OpaqueAtom) return s.payload[id] as string;
    const spec = s.types.get(s.typeOf[id]!);
    return spec?.name ?? KIND_NAMES[s.kind[id]!] ?? '?';
  }

  kindOf(id: ObjectId): number { return this.state.kind[id]!; }

  /**
   * The payload of an atom (int as bigint, float, str / bytes as string). A str longer than
   * a host string throws LongTextError: `text` gives it to the callers that handle one.
   */
  value(id: ObjectId): bigint | number | string | boolean | null | undefined {
    const s = this.state;
    switch (s.kind[id]) {
      case Kind.Int: return BigInt(s.payload[id] as string);
      case Kind.Bool: return s.payload[id] === '1';
      case Kind.None: return null;
      default: {
        const v = s.payload[id];
        if (v instanceof LongText) throw new LongTextError('this operation', v.length);
        return v;
      }
    }
  }

  /** The characters of a str or bytes: a string, or a LongText (a str longer than a host string). */
  text(id: ObjectId): Text {
    const k = this.state.kind[id];
    if (k !== Kind.Str && k !== Kind.Bytes) throw new ObjectsError('WRONG_KIND', `expected str or bytes, got '${this.typeName(id)}' object ${id}`);
    return this.state.payload[id] as Text;
  }

  private strValue(id: ObjectId): string | undefined {
    return this.state.kind[id] === Kind.Str ? (this.state.payload[id] as string) : undefined;
  }

  /** Borrowed: the items of a tuple / list, the slots of anything else. */
  items(id: ObjectId): ObjectId[] { this.live(id); return this.state.slots(id); }

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
function isUnraisable(err: unknown): boolean {
  return typeof err === 'object' && err !== null && (err as { unraisable?: unknown }).unraisable === true;
}

function errorText(err: unknown): string {
  return err instanceof Error ? `${err.name}: ${err.message}` : String(err);
}

