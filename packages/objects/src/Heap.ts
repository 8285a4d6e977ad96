/**
 * The object heap: CPython 3.11's objects, reference counts and deallocation over
 * simulated pymalloc memory. This is its public facade: each type lives in its own file
 * (atoms.ts, tupleobject.ts, listobject.ts, dictobject.ts, setobject.ts, typeobject.ts,
 * funcobject.ts, cellobject.ts, classobject.ts, moduleobject.ts, weakrefobject.ts,
 * opaque.ts) over the core of object.ts, and the type table (kinds.ts) says which file
 * deallocates, clears, traverses and sizes each kind of object. Every operation validates first (throwing
 * an ObjectsError and changing nothing), then emits primitive events; `emit` applies each
 * one with `evolve` before reporting it, so state = fold(evolve, events) by construction.
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
import { AtomObjects } from './atoms.js';
import { CellObjects } from './cellobject.js';
import { MethodObjects } from './classobject.js';
import { DictObjects } from './dictobject.js';
import { ObjectsError } from './errors.js';
import type { ObjectsEvent, ObjectsSink } from './events.js';
import { FuncObjects, type NewFunctionOptions } from './funcobject.js';
import { NULL_ID, type ObjectId } from './ids.js';
import { Kind } from './kinds.js';
import { ListObjects } from './listobject.js';
import { LongText, LongTextError, type Text } from './longText.js';
import { ModuleObjects } from './moduleobject.js';
import { HeapCore } from './object.js';
import { F_FINALIZED, F_STATIC, F_TRACKED, FL_DICT, FL_FLOAT, FL_KEYS, FL_LIST, flTuple, type ObjectsState } from './ObjectsState.js';
import { OpaqueObjects } from './opaque.js';
import { SetObjects } from './setobject.js';
import { objectSizeof, preheaderBytes } from './sizeof.js';
import { traverse as traverseState } from './traverse.js';
import { TUPLE_MAXSAVESIZE, TupleObjects } from './tupleobject.js';
import { TypeObjects, type NewClassOptions } from './typeobject.js';
import { WeakrefObjects } from './weakrefobject.js';

export {
  FUNC_CODE, FUNC_GLOBALS, FUNC_MODULE, FUNC_DEFAULTS, FUNC_KWDEFAULTS, FUNC_DOC, FUNC_NAME, FUNC_DICT, FUNC_CLOSURE, FUNC_ANNOTATIONS, FUNC_QUALNAME,
} from './funcobject.js';
export type { NewFunctionOptions } from './funcobject.js';
export type { NewClassOptions } from './typeobject.js';

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

export class Heap {
  readonly state: ObjectsState;
  private readonly core: HeapCore;
  private readonly atoms: AtomObjects;
  private readonly tuples: TupleObjects;
  private readonly lists: ListObjects;
  private readonly dicts: DictObjects;
  private readonly sets: SetObjects;
  private readonly types: TypeObjects;
  private readonly funcs: FuncObjects;
  private readonly cells: CellObjects;
  private readonly methods: MethodObjects;
  private readonly modules: ModuleObjects;
  private readonly weakrefs: WeakrefObjects;
  private readonly opaques: OpaqueObjects;
  readonly typeIds: Map<string, ObjectId>;
  readonly noneId: ObjectId;
  readonly trueId: ObjectId;
  readonly falseId: ObjectId;
  readonly emptyTupleId: ObjectId;
  readonly emptyStrId: ObjectId;

  constructor(state: ObjectsState, sink: ObjectsSink | null = null, host: ObjectsHost | null = null) {
    this.state = state;
    const h = (this.core = new HeapCore(state, sink));
    h.facade = this;
    h.host = host;
    // each type's file, once per heap (HeapCore.file); then the type table (kinds.ts) binds
    // each kind's tp_dealloc and tp_clear to them
    this.atoms = h.file(AtomObjects);
    this.tuples = h.file(TupleObjects);
    this.weakrefs = h.file(WeakrefObjects);
    this.lists = h.file(ListObjects);
    this.dicts = h.file(DictObjects);
    this.sets = h.file(SetObjects);
    this.types = h.file(TypeObjects);
    this.funcs = h.file(FuncObjects);
    this.cells = h.file(CellObjects);
    this.methods = h.file(MethodObjects);
    this.modules = h.file(ModuleObjects);
    this.opaques = h.file(OpaqueObjects);
    h.bindTypes();
    this.typeIds = h.typeIds;
    this.noneId = h.noneId;
    this.trueId = h.trueId;
    this.falseId = h.falseId;
    this.emptyTupleId = h.emptyTupleId;
    this.emptyStrId = h.emptyStrId;
  }

  // --- events ------------------------------------------------------------------------

  /** Where events go (null: nowhere; the hottest are then applied without event objects). */
  get sink(): ObjectsSink | null { return this.core.sink; }
  set sink(s: ObjectsSink | null) { this.core.sink = s; }

  /** What runs finalizers and weakref callbacks (null: they are recorded, not run). */
  get host(): ObjectsHost | null { return this.core.host; }
  set host(h: ObjectsHost | null) { this.core.host = h; }

  /** The cycle collector, told of every GC allocation. */
  get collector(): GcAllocationHook | null { return this.core.collector; }
  set collector(c: GcAllocationHook | null) { this.core.collector = c; }

  emit(e: ObjectsEvent): void { this.core.emit(e); }

  /**
   * A type file's class, one per heap, made with the heap's core (HeapCore.file): how a
   * type added beside the builtins (a longer type table, README "Adding a type") is used.
   */
  typeFile<T>(ctor: new (h: HeapCore) => T): T { return this.core.file(ctor); }

  /**
   * The simulated machine's memory (a front end's limit, pylite's --max-memory; default
   * none): a request past it is NO_MEMORY before anything changes (objmemory.ts).
   */
  get memoryLimitBytes(): number { return this.core.memory.limitBytes; }
  set memoryLimitBytes(bytes: number) { this.core.memory.limitBytes = bytes; }

  // --- reference counts --------------------------------------------------------------

  /** Py_INCREF */
  incref(id: ObjectId): void {
    this.core.live(id);
    this.core.incref(id);
  }

  /** Py_DECREF: at zero the object is deallocated at once, with its whole cascade. */
  decref(id: ObjectId): void {
    this.core.live(id);
    const s = this.state;
    if ((s.flags[id]! & F_STATIC) === 0 && s.refcnt[id]! <= s.inref[id]!) {
      throw new ObjectsError('REFCOUNT_UNDERFLOW', `decref of ${this.describe(id)}: its refcount ${s.refcnt[id]} is all held by other objects (no external reference left to drop)`);
    }
    this.core.decref(id);
  }

  /** Py_XDECREF inside the heap (the caller knows the reference exists). */
  decrefUnchecked(id: ObjectId): void { this.core.decref(id); }

  increfUnchecked(id: ObjectId): void { this.core.incref(id); }

  // --- atoms (atoms.ts) ----------------------------------------------------------------

  none(): ObjectId { return this.atoms.none(); }
  bool(v: boolean): ObjectId { return this.atoms.bool(v); }
  /** An int: -5..256 are static small ints; `allocDigits` the digits CPython's routine allocated. */
  int(value: bigint | number, allocDigits?: number): ObjectId { return this.atoms.int(value, allocDigits); }
  /** PyFloat_FromDouble: the float free list first. */
  float(value: number): ObjectId { return this.atoms.float(value); }
  /** A str: '' and 1-char Latin-1 strings are static; others PyUnicode_New. */
  str(value: Text): ObjectId { return this.atoms.str(value); }
  /** An interned identifier (attribute and class names): static, owned by the interpreter. */
  internedStr(value: string): ObjectId { return this.atoms.internedStr(value); }
  /** bytes of `value` (latin-1 code units); `fresh` makes even b'' and 1-byte bytes a new object. */
  bytes(value: string, options: { fresh?: boolean } = {}): ObjectId { return this.atoms.bytes(value, options.fresh ?? false); }
  /** `object()`: a plain non-GC object of 16 bytes. */
  object(): ObjectId { return this.atoms.object(); }

  // --- tuple (tupleobject.ts) ----------------------------------------------------------

  /** PyTuple_New + fill: the size-n free list for n < 20, else a GC block; tracked. */
  tuple(items: readonly ObjectId[]): ObjectId { return this.tuples.make(items); }
  /** PyTuple_SET_ITEM: `tuple[index] = value`, taking over the caller's reference (the old item is the caller's to release). */
  tupleSetItem(tuple: ObjectId, index: number, value: ObjectId): void { this.tuples.setItem(tuple, index, value); }
  /** tuplerepeat: `items` `times` over in a new tuple. */
  tupleRepeat(items: readonly ObjectId[], times: number): ObjectId { return this.tuples.repeat(items, times); }

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
  listClear(list: ObjectId): void { this.lists.clearList(list); }

  // --- dict (dictobject.ts) ------------------------------------------------------------

  /** PyDict_New: object from the free list or a GC block; the shared empty keys; untracked. */
  dict(): ObjectId { return this.dicts.make(); }
  /** dict_new_presized(n, unicode) (BUILD_MAP, _PyDict_FromItems). */
  dictPresized(n: number, unicode: boolean): ObjectId { return this.dicts.presized(n, unicode); }
  /** Borrowed: the value stored under `key`, or NULL_ID. */
  dictGetItem(dict: ObjectId, key: ObjectId): ObjectId { return this.dicts.getItem(dict, key); }
  /** Borrowed: the value under the str key `name` (NULL_ID if absent), for name lookups. */
  dictGetStr(dict: ObjectId, name: string): ObjectId { return this.dicts.getStr(dict, name); }
  /** d[key] = value (insertdict, with MAINTAIN_TRACKING). */
  dictSetItem(dict: ObjectId, key: ObjectId, value: ObjectId): void { this.dicts.setItem(dict, key, value); }
  /** del d[key] */
  dictDelItem(dict: ObjectId, key: ObjectId): void { this.dicts.delItem(dict, key); }
  /** dict.clear() (PyDict_Clear). */
  dictClear(dict: ObjectId): void { this.dicts.clearDict(dict); }
  /** Number of live entries (ma_used). */
  dictUsed(dict: ObjectId): number { return this.dicts.used(dict); }
  /** _PyObject_GC_MAY_BE_TRACKED. */
  mayBeTracked(id: ObjectId): boolean { return this.dicts.mayBeTracked(id); }
  /** The class whose shared keys a split (instance) dict uses. */
  splitOwner(dict: ObjectId): ObjectId { return this.dicts.splitOwner(dict); }

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
  setClear(set: ObjectId): void { this.sets.clearSet(set); }
  /** set_merge: `set` |= the keys of another set. */
  setMerge(set: ObjectId, other: ObjectId): void { this.sets.merge(set, other); }
  /** set_update_internal's presizing for a dict of `n` keys. */
  setPresize(set: ObjectId, n: number): void { this.sets.presize(set, n); }
  /** The end of set_difference_update_internal: dummies over a quarter of the table resized away. */
  setPurgeDummies(set: ObjectId): void { this.sets.purgeDummies(set); }
  /** The keys in table order (set_next), as iteration, repr and dealloc visit them. */
  setKeys(set: ObjectId): ObjectId[] { return this.sets.keys(set); }

  /** len(set): the number of keys (the index holds exactly the live ones). */
  setUsedCount(set: ObjectId): number { return this.state.dictIndex.get(set)!.size; }

  // --- classes and instances (typeobject.ts) -----------------------------------------------

  /** `class NAME(bases): body`: the type object, its dict, bases and mro tuples, cached keys. */
  newClass(name: string, options: NewClassOptions = {}): ObjectId { return this.types.newClass(name, options); }
  /** Set a class attribute (in the type's dict); value NULL_ID deletes it (false if it had none). */
  setClassAttr(type: ObjectId, name: string, value: ObjectId): boolean { return this.types.setClassAttr(type, name, value); }
  /** `cls()`: object.__new__ (tracked at once), then init_inline_values. */
  instance(type: ObjectId): ObjectId { return this.types.instance(type); }
  /** Borrowed: attribute `name` of an instance (NULL_ID when absent). */
  getAttr(obj: ObjectId, name: string): ObjectId { return this.types.getAttr(obj, name); }
  /** obj.name = value */
  setAttr(obj: ObjectId, name: string, value: ObjectId): void { this.types.setAttr(obj, name, value); }
  /** del obj.name */
  delAttr(obj: ObjectId, name: string): void { this.types.delAttr(obj, name); }
  /** `obj.__dict__` (borrowed): the managed dict, made on first access. */
  instanceDict(obj: ObjectId): ObjectId { return this.types.instanceDict(obj); }
  /** obj.__dict__ = dict (subtype_setdict). */
  setInstanceDict(obj: ObjectId, dict: ObjectId): void { this.types.setInstanceDict(obj, dict); }

  // --- functions, cells, methods, modules ------------------------------------------------

  /** PyFunction_New: a 160-byte GC block, tracked; the fields take new references. */
  func(options: NewFunctionOptions): ObjectId { return this.funcs.make(options); }
  /** func.__dict__ (borrowed): a new dict on first use. */
  functionDict(func: ObjectId): ObjectId { return this.funcs.dict(func); }
  /** A closure cell holding `contents` (or empty). */
  cell(contents: ObjectId = NULL_ID): ObjectId { return this.cells.make(contents); }
  cellSet(cell: ObjectId, contents: ObjectId): void { this.cells.set(cell, contents); }
  /** PyMethod_New(func, self): a bound method. */
  method(func: ObjectId, self: ObjectId): ObjectId { return this.methods.make(func, self); }
  /** A module object holding `dict` (tracked). */
  module(name: string, dict: ObjectId): ObjectId { return this.modules.make(name, dict); }

  // --- opaque objects (opaque.ts) ------------------------------------------------------

  /** An interpreter-owned static object (a builtin function, a module, a builtin exception class). */
  staticObject(typeName: string, name: string): ObjectId { return this.opaques.staticObject(typeName, name); }
  /** An object CPython allocates with `requestBytes` that holds `refs` (iterators, bound builtin methods, ...). */
  opaque(typeName: string, requestBytes: number, refs: readonly ObjectId[], gc = true): ObjectId { return this.opaques.opaque(typeName, requestBytes, refs, gc); }
  /** Replace reference `index` of an opaque object. */
  opaqueSet(id: ObjectId, index: number, value: ObjectId): void { this.opaques.opaqueSet(id, index, value); }

  // --- weak references (weakrefobject.ts) ------------------------------------------------

  /** weakref.ref(referent[, callback]) */
  weakref(referent: ObjectId, callback: ObjectId = NULL_ID): ObjectId { return this.weakrefs.make(referent, callback); }
  /** wr(): a new reference to the referent, or None once it is gone. */
  weakrefGet(wr: ObjectId): ObjectId { return this.weakrefs.get(wr); }
  supportsWeakrefs(id: ObjectId): boolean { return this.weakrefs.supportsWeakrefs(id); }
  /** Borrowed: the weakrefs to `id`, head first. */
  weakrefsOf(id: ObjectId): readonly ObjectId[] { return this.weakrefs.refsOf(id); }
  /** _PyWeakref_ClearRef: detach from the referent, keep the callback (the collector's step). */
  weakrefClearRef(wr: ObjectId): void { this.weakrefs.clearRef(wr); }
  /** PyObject_ClearWeakRefs */
  clearWeakRefs(obj: ObjectId): void { this.weakrefs.clearWeakRefs(obj); }
  /** handle_callback: callback(wr); errors are unraisable. */
  handleCallback(wr: ObjectId, callback: ObjectId): void { this.weakrefs.handleCallback(wr, callback); }

  // --- finalizers (object.ts) ------------------------------------------------------------

  hasFinalizer(id: ObjectId): boolean { return this.core.hasFinalizer(id); }
  hasLegacyDel(id: ObjectId): boolean { return this.core.hasLegacyDel(id); }
  /** PyObject_CallFinalizer: tp_finalize once per object life (the FINALIZED bit). */
  callFinalizer(id: ObjectId): void { this.core.callFinalizer(id); }

  /** finalize_garbage's step: FINALIZED first, then tp_finalize under a temporary reference. */
  finalizeGarbageObject(id: ObjectId): void {
    this.core.emit({ type: 'FinalizedMarked', id });
    this.core.incref(id);
    this.core.callHostFinalizer(id, false);
    this.core.decref(id);
  }

  /** Runs a gc.callbacks entry through the host (errors are unraisable). */
  callGcCallback(callback: ObjectId, phase: 'start' | 'stop', info: ObjectId): void { this.core.callGcCallback(callback, phase, info); }

  // --- the collector's interface ---------------------------------------------------------

  /** tp_traverse: calls visit(referent) in CPython's order (NULLs skipped). */
  traverse(id: ObjectId, visit: (referent: ObjectId) => void): void {
    traverseState(this.state, id, visit);
  }

  /** gc.get_referents(obj) for one object: its tp_traverse visits (non-GC objects have none). */
  referents(id: ObjectId): ObjectId[] {
    this.core.live(id);
    const out: ObjectId[] = [];
    if (!this.state.isGcKind(this.state.kind[id]!)) return out;
    this.traverse(id, (x) => out.push(x));
    return out;
  }

  /** Whether the type has a tp_clear. */
  hasClear(id: ObjectId): boolean { return this.core.types[this.state.kind[id]!]?.clear !== undefined; }

  /** tp_clear: drop the references that can make cycles (nothing for a type without one). */
  clear(id: ObjectId): void { this.core.types[this.state.kind[id]!]?.clear?.(id); }

  /** Free lists emptied by a generation-2 collection (clear_freelists), tuples first. */
  clearFreeLists(): void {
    const s = this.state;
    const drain = (list: number, gc: boolean) => {
      const fl = s.freeLists[list]!;
      while (fl.length > 0) {
        const a = fl[fl.length - 1]!;
        this.core.emit({ type: 'FreeListPopped', list });
        this.core.free(a);
        if (gc) this.core.gcFreeCounted();
      }
    };
    for (let n = 1; n <= TUPLE_MAXSAVESIZE; n++) drain(flTuple(n), true);
    drain(FL_FLOAT, false);
    drain(FL_LIST, true);
    drain(FL_DICT, true);
    drain(FL_KEYS, false);
  }

  // --- queries -------------------------------------------------------------------------

  isAlive(id: ObjectId): boolean { return this.state.isAlive(id); }

  refcount(id: ObjectId): number { this.core.live(id); return this.state.refcnt[id]!; }

  isTracked(id: ObjectId): boolean { this.core.live(id); return (this.state.flags[id]! & F_TRACKED) !== 0; }

  isFinalized(id: ObjectId): boolean {
    this.core.live(id);
    return this.state.isGcKind(this.state.kind[id]!) && (this.state.flags[id]! & F_FINALIZED) !== 0;
  }

  isGc(id: ObjectId): boolean { return this.state.isGcKind(this.state.kind[id]!); }

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
    this.core.live(id);
    return objectSizeof(this.state, id, this.dicts);
  }

  /** The Python type name of an object. */
  typeName(id: ObjectId): string { return this.core.typeName(id); }

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

  /** Borrowed: the items of a tuple / list, the slots of anything else. */
  items(id: ObjectId): ObjectId[] { this.core.live(id); return this.state.slots(id); }

  /** A short human description: `list#42 [3 items]`. */
  describe(id: ObjectId): string { return this.core.describe(id); }

  repr(id: ObjectId): string { return this.core.repr(id); }
}
