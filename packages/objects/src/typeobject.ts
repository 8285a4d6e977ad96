/**
 * Classes and their instances (Objects/typeobject.c): type_new for a class statement
 * (the type object, its dict, bases and mro tuples, cached shared keys, the __dict__ /
 * __weakref__ getset descriptors), object.__new__ with inline values, attribute get, set
 * and delete through __slots__, inline values or the instance dict, the managed dict
 * made on first use, subtype_dealloc and subtype_clear, type_dealloc and type_clear.
 */
import { AtomObjects } from './atoms.js';
import { DictObjects } from './dictobject.js';
import { ObjectsError } from './errors.js';
import { NULL_ID, type ObjectId } from './ids.js';
import { Kind } from './kinds.js';
import { dictKeysBytes, LAYOUT_311 } from './layout.js';
import type { HeapCore, TypeSlots } from './object.js';
import { F_STATIC, type ObjectsState } from './ObjectsState.js';
import { HEAP_TYPE_BYTES, SHARED_KEYS_LOG2, STATIC_TYPE_BYTES } from './sizeof.js';
import { traverseSlots } from './traverse.js';
import { TupleObjects } from './tupleobject.js';
import type { TypeSpec } from './types.js';
import { WeakrefObjects } from './weakrefobject.js';

/** Type object fields. */
const TYPE_DICT = 0, TYPE_MRO = 1, TYPE_BASES = 2, TYPE_BASE = 3;
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

/** subtype_traverse: __slots__ and inline values, the materialised __dict__, then the class. */
export function subtypeTraverse(s: ObjectsState, id: number, visit: (referent: ObjectId) => void): void {
  traverseSlots(s, id, visit);
  const dict = s.aux[id]!;
  if (dict !== NULL_ID) visit(dict as ObjectId);
  visit(s.typeOf[id]! as ObjectId);
}

/** type_traverse: a heap type's tp_dict, tp_mro, tp_bases, tp_base (a static type is not traversed). */
export function typeTraverse(s: ObjectsState, id: number, visit: (referent: ObjectId) => void): void {
  if ((s.flags[id]! & F_STATIC) === 0) traverseSlots(s, id, visit);
}

/** object.__sizeof__ of an instance: its class's tp_basicsize. */
export function instanceObjectSizeof(s: ObjectsState, id: ObjectId): number {
  return s.types.get(s.typeOf[id]!)!.basicBytes;
}

/** type.__sizeof__: PyTypeObject, or a heap type's PyHeapTypeObject and its cached keys. */
export function typeObjectSizeof(s: ObjectsState, id: ObjectId): number {
  if ((s.flags[id]! & F_STATIC) !== 0) return STATIC_TYPE_BYTES;
  return HEAP_TYPE_BYTES + (s.storageAddr[id]! !== 0 ? dictKeysBytes(SHARED_KEYS_LOG2, true) : 0);
}

export class TypeObjects {
  /** Instances of classes: subtype_dealloc (with the trashcan) and subtype_clear. */
  readonly instanceSlots: TypeSlots = { trashcan: true, dealloc: (id) => this.subtypeDealloc(id), clear: (id) => this.subtypeClear(id) };
  /** Heap type objects: type_dealloc and type_clear. */
  readonly typeSlots: TypeSlots = { dealloc: (id) => this.typeDealloc(id), clear: (id) => this.typeClear(id) };

  private readonly atoms: AtomObjects;
  private readonly dicts: DictObjects;
  private readonly tuples: TupleObjects;
  private readonly weakrefs: WeakrefObjects;

  constructor(private readonly h: HeapCore) {
    this.atoms = h.file(AtomObjects);
    this.dicts = h.file(DictObjects);
    this.tuples = h.file(TupleObjects);
    this.weakrefs = h.file(WeakrefObjects);
  }

  /**
   * `class NAME(bases): body`: the type object (a GC block of PyHeapTypeObject + member
   * defs), its dict (__module__, __qualname__, __doc__, the body's attributes, then the
   * __dict__ / __weakref__ getset descriptors it adds), the bases tuple when none were
   * given, the cached keys (managed dict) and the mro tuple. Returns the new type.
   */
  newClass(name: string, options: NewClassOptions = {}): ObjectId {
    const objectType = this.h.typeId('object');
    const bases = options.bases ?? [];
    for (const b of bases) {
      this.h.expectKind(b, Kind.Type);
      const spec = this.h.state.types.get(b)!;
      if (spec.instanceKind !== Kind.Instance && b !== objectType) {
        throw new ObjectsError('TYPE_ERROR', `subclassing '${spec.name}' is outside the modelled subset`);
      }
    }
    for (const [, v] of options.attributes ?? []) this.h.live(v);
    const baseSpecs = bases.map((b) => this.h.state.types.get(b)!);
    const base = bases[0] ?? objectType;
    const baseSpec = this.h.state.types.get(base)!;
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
    const dict = this.dicts.make();
    const setItem = (key: string, value: ObjectId) => {
      const k = this.atoms.internedStr(key);
      this.dicts.setItem(dict, k, value);
      this.h.decref(k);
    };
    const mod = this.atoms.internedStr('__main__');
    setItem('__module__', mod);
    this.h.decref(mod);
    const qn = this.atoms.internedStr(name);
    setItem('__qualname__', qn);
    this.h.decref(qn);
    for (const [k, v] of options.attributes ?? []) setItem(k, v);
    // type_new_set_names takes __qualname__ out of the dict; type_new_set_doc adds __doc__
    const qk = this.atoms.internedStr('__qualname__');
    this.dicts.delItem(dict, qk);
    this.h.decref(qk);
    setItem('__doc__', this.h.noneId);

    // PyType_GenericAlloc(&PyType_Type, nslots): raw memory for a type object
    const nslots = memberSlots.length;
    const typeBytes = LAYOUT_311.gcHeadBytes + HEAP_TYPE_BYTES + MEMBER_DEF_BYTES * (nslots + 1);
    const address = this.h.gcAllocBlock(typeBytes);
    const type = this.h.create(Kind.Type, this.h.typeId('type'), address, typeBytes, name);
    this.h.incref(this.h.typeId('type'));
    this.h.tracked(type);
    let basesTuple: ObjectId;
    if (bases.length === 0) basesTuple = this.tuples.make([objectType]);
    else basesTuple = this.tuples.make(bases);
    const mro = [type, ...this.linearize(bases.length === 0 ? [objectType] : bases)];
    const spec: TypeSpec = {
      name, instanceKind: Kind.Instance, isHeap: true, instancesGc: true, basicBytes, managedDict,
      weakrefable, addsWeakref, slotNames, hasFinalizer, legacyDel, base, bases: bases.length ? bases : [objectType], mro,
    };
    this.h.emit({ type: 'TypeDefined', id: type, spec });
    this.h.emit({ type: 'SlotsSpliced', id: type, index: 0, deleteCount: 0, insert: [dict, NULL_ID, basesTuple, base] });
    this.h.incref(base);
    if (managedDict) {
      const keysAddress = this.h.malloc(dictKeysBytes(SHARED_KEYS_LOG2, true));
      this.h.emit({ type: 'StorageChanged', id: type, address: keysAddress, capacity: SHARED_KEYS_LOG2 });
    }
    const mroTuple = this.tuples.make(mro);
    this.h.slotSet(type, TYPE_MRO, mroTuple);
    if (addsDict) this.addGetset(type, dict, '__dict__');
    if (addsWeakref) this.addGetset(type, dict, '__weakref__');
    return type;
  }

  /** The C3 linearisation of the bases' mros (type objects only). */
  private linearize(bases: readonly ObjectId[]): ObjectId[] {
    const seqs = bases.map((b) => [...this.h.state.types.get(b)!.mro]);
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
    const address = this.h.gcAllocBlock(bytes);
    const d = this.h.create(Kind.GetSet, this.h.typeId('getset_descriptor'), address, bytes, name);
    this.h.incref(type);
    this.h.emit({ type: 'SlotsSpliced', id: d, index: 0, deleteCount: 0, insert: [type] });
    this.h.tracked(d);
    const k = this.atoms.internedStr(name);
    this.dicts.setItem(dict, k, d);
    this.h.decref(k);
    this.h.decref(d);
  }

  /** Set a class attribute (in the type's dict); value NULL_ID deletes it (false if it had none). */
  setClassAttr(type: ObjectId, name: string, value: ObjectId): boolean {
    this.h.expectKind(type, Kind.Type);
    if (value !== NULL_ID) this.h.live(value);
    const dict = this.h.state.slot(type, TYPE_DICT);
    if (dict === NULL_ID) throw new ObjectsError('TYPE_ERROR', `type '${this.h.typeName(type)}' has no dict`);
    const k = this.atoms.internedStr(name);
    const had = value !== NULL_ID || this.dicts.getItem(dict, k) !== NULL_ID;
    if (value !== NULL_ID) this.dicts.setItem(dict, k, value);
    else if (had) this.dicts.delItem(dict, k);
    this.h.decref(k);
    return had;
  }

  /**
   * `cls()`: object.__new__ -> PyType_GenericAlloc (pre-header + basicsize, tracked at
   * once, a new reference to the class), then init_inline_values: the values array by
   * PyMem_Malloc, sized by the class's shared keys.
   */
  instance(type: ObjectId): ObjectId {
    this.h.expectKind(type, Kind.Type);
    const spec = this.h.state.types.get(type)!;
    if (spec.instanceKind !== Kind.Instance) throw new ObjectsError('TYPE_ERROR', `instances of '${spec.name}' are made by their own constructor`);
    const pre = LAYOUT_311.gcHeadBytes + (spec.managedDict ? LAYOUT_311.managedDictPreHeaderBytes : 0);
    const itemsize = 0;
    const bytes = pre + ((spec.basicBytes + itemsize + 7) & ~7);
    const address = this.h.gcAllocBlock(bytes);
    const id = this.h.create(Kind.Instance, type, address, bytes);
    this.h.incref(type);
    const nslots = spec.slotNames.length;
    if (nslots > 0) this.h.emit({ type: 'SlotsSpliced', id, index: 0, deleteCount: 0, insert: new Array(nslots).fill(NULL_ID) });
    this.h.tracked(id);
    if (spec.managedDict) {
      const keys = this.h.state.sharedKeys.get(this.keysOwner(type))!;
      if (keys.usable > 1) this.h.emit({ type: 'SharedKeysChanged', typeId: this.keysOwner(type), usable: keys.usable - 1 });
      const size = keys.names.length + keys.usable;
      const prefix = (size + 2 + 7) & ~7;
      let va: number;
      try {
        va = this.h.malloc(prefix + 8 * size);
      } catch (e) {
        // init_inline_values failed (dk_usable already taken, as there): the object goes again
        this.h.decref(id);
        throw e;
      }
      this.h.emit({ type: 'StorageChanged', id, address: va, capacity: size });
      this.h.emit({ type: 'SlotsSpliced', id, index: nslots, deleteCount: 0, insert: new Array(size).fill(NULL_ID) });
    }
    return id;
  }

  /** The class whose shared keys an instance of `type` uses (the type itself in 3.11). */
  private keysOwner(type: ObjectId): ObjectId {
    return type;
  }

  /** Borrowed: attribute `name` of an instance (NULL_ID when absent). */
  getAttr(obj: ObjectId, name: string): ObjectId {
    this.h.expectKind(obj, Kind.Instance);
    const s = this.h.state;
    const type = s.typeOf[obj]! as ObjectId;
    const spec = s.types.get(type)!;
    const si = spec.slotNames.indexOf(name);
    if (si >= 0) return s.slot(obj, si);
    const dict = s.aux[obj]! as ObjectId;
    if (dict !== NULL_ID) {
      const k = this.atoms.internedStr(name);
      const v = this.dicts.getItem(dict, k);
      this.h.decref(k);
      return v;
    }
    if (!spec.managedDict) return NULL_ID;
    const ix = s.sharedKeys.get(this.keysOwner(type))!.index.get(name);
    if (ix === undefined || ix >= s.storageCap[obj]!) return NULL_ID;
    return s.slot(obj, spec.slotNames.length + ix);
  }

  /** obj.name = value (_PyObject_StoreInstanceAttribute, __slots__ members, or the __dict__). */
  setAttr(obj: ObjectId, name: string, value: ObjectId): void {
    this.h.expectKind(obj, Kind.Instance);
    this.h.live(value);
    const s = this.h.state;
    const type = s.typeOf[obj]! as ObjectId;
    const spec = s.types.get(type)!;
    const si = spec.slotNames.indexOf(name);
    if (si >= 0) {
      const old = s.slot(obj, si);
      this.h.incref(value);
      this.h.slotSet(obj, si, value);
      this.h.decref(old);
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
        this.h.emit({ type: 'SharedKeysChanged', typeId: owner, usable: keys.usable - 1, addedName: name });
      }
      if (ix !== undefined && ix < s.storageCap[obj]!) {
        const at = spec.slotNames.length + ix;
        const old = s.slot(obj, at);
        this.h.incref(value);
        this.h.slotSet(obj, at, value);
        this.h.decref(old);
        return;
      }
      dict = this.materializeDict(obj);
    }
    const k = this.atoms.internedStr(name);
    this.dicts.setItem(dict, k, value);
    this.h.decref(k);
  }

  /** del obj.name */
  delAttr(obj: ObjectId, name: string): void {
    this.h.expectKind(obj, Kind.Instance);
    const s = this.h.state;
    const spec = s.types.get(s.typeOf[obj]!)!;
    const si = spec.slotNames.indexOf(name);
    const missing = () => new ObjectsError('ATTRIBUTE_ERROR', `'${spec.name}' object has no attribute '${name}'`);
    if (si >= 0) {
      const old = s.slot(obj, si);
      if (old === NULL_ID) throw missing();
      this.h.slotSet(obj, si, NULL_ID);
      this.h.decref(old);
      return;
    }
    const dict = s.aux[obj]! as ObjectId;
    if (dict !== NULL_ID) {
      const k = this.atoms.internedStr(name);
      try {
        if (this.dicts.getItem(dict, k) === NULL_ID) throw missing();
        this.dicts.delItem(dict, k);
      } finally {
        this.h.decref(k);
      }
      return;
    }
    const ix = spec.managedDict ? s.sharedKeys.get(this.keysOwner(s.typeOf[obj]! as ObjectId))!.index.get(name) : undefined;
    if (ix === undefined || ix >= s.storageCap[obj]! || s.slot(obj, spec.slotNames.length + ix) === NULL_ID) throw missing();
    const at = spec.slotNames.length + ix;
    const old = s.slot(obj, at);
    this.h.slotSet(obj, at, NULL_ID);
    this.h.decref(old);
  }

  /**
   * `obj.__dict__` (borrowed): materialises the managed dict on first access
   * (_PyObject_MakeDictFromInstanceAttributes): a split dict that takes over the values
   * array, tracked if any value may be tracked.
   */
  instanceDict(obj: ObjectId): ObjectId {
    this.h.expectKind(obj, Kind.Instance);
    const spec = this.h.state.types.get(this.h.state.typeOf[obj]!)!;
    if (!spec.managedDict) throw new ObjectsError('ATTRIBUTE_ERROR', `'${spec.name}' object has no attribute '__dict__'`);
    const d = this.h.state.aux[obj]! as ObjectId;
    return d !== NULL_ID ? d : this.materializeDict(obj);
  }

  /** obj.__dict__ = dict (subtype_setdict): the inline values are made a dict first (_PyObject_GetDictPtr), then that dict is replaced. */
  setInstanceDict(obj: ObjectId, dict: ObjectId): void {
    this.h.expectKind(dict, Kind.Dict);
    const old = this.instanceDict(obj);
    this.h.incref(dict);
    this.h.emit({ type: 'InstanceDictSet', id: obj, dict });
    this.h.decref(old);
  }

  private materializeDict(obj: ObjectId): ObjectId {
    const s = this.h.state;
    const spec = s.types.get(s.typeOf[obj]!)!;
    const nslots = spec.slotNames.length;
    const values = s.slots(obj).slice(nslots);
    const dict = this.dicts.newObject(true);
    this.dicts.splitOwners.set(dict, s.typeOf[obj]! as ObjectId);
    this.h.emit({ type: 'StorageChanged', id: dict, address: s.storageAddr[obj]!, capacity: s.storageCap[obj]!, unicode: true });
    this.h.emit({ type: 'SlotsSpliced', id: dict, index: 0, deleteCount: 0, insert: values });
    this.h.emit({ type: 'SlotsSpliced', id: obj, index: nslots, deleteCount: values.length, insert: [] });
    this.h.emit({ type: 'StorageChanged', id: obj, address: 0, capacity: 0 });
    this.h.emit({ type: 'InstanceDictSet', id: obj, dict });
    if (values.some((v) => this.dicts.mayBeTracked(v))) this.h.tracked(dict);
    return dict;
  }

  /** subtype_dealloc (Objects/typeobject.c) for a GC heap type: tp_finalize, PyObject_ClearWeakRefs, tp_del, slots, dict, type. */
  private subtypeDealloc(id: ObjectId): void {
    const s = this.h.state;
    const type = s.typeOf[id]! as ObjectId;
    const spec = s.types.get(type)!;
    if (spec.hasFinalizer) {
      this.h.track(id);
      if (this.h.finalizeFromDealloc(id, false)) return; // resurrected: stays tracked
      this.h.untrack(id);
    }
    if (spec.addsWeakref && s.weaklists.size > 0 && s.weaklists.has(id)) this.weakrefs.clearWeakRefs(id);
    if (spec.legacyDel) {
      this.h.track(id);
      if (this.h.finalizeFromDealloc(id, true)) return;
      this.h.untrack(id);
    }
    if ((spec.hasFinalizer || spec.legacyDel) && spec.addsWeakref) {
      for (const wr of [...(s.weaklists.get(id) ?? [])]) this.weakrefs.clearRef(wr as ObjectId);
    }
    const nslots = spec.slotNames.length;
    for (let i = 0; i < nslots; i++) {
      const v = s.slot(id, i);
      if (v !== NULL_ID) {
        this.h.slotSet(id, i, NULL_ID);
        this.h.decref(v);
      }
    }
    if (spec.managedDict) {
      const dict = s.aux[id]! as ObjectId;
      if (dict !== NULL_ID) {
        this.h.emit({ type: 'InstanceDictSet', id, dict: NULL_ID });
        this.h.decref(dict);
      } else {
        // _PyObject_FreeInstanceAttributes: values in index order, then the array
        // (read in place: the slots of an object being freed no longer change)
        const n = s.slotLen[id]!;
        for (let i = nslots; i < n; i++) this.h.decref(s.slot(id, i));
        this.h.free(s.storageAddr[id]!);
        this.h.storageCleared(id);
      }
    }
    this.h.gcDel(id);
    this.h.decref(type);
  }

  /** type_dealloc (heap types). */
  private typeDealloc(id: ObjectId): void {
    const s = this.h.state;
    this.h.untrack(id);
    if (s.weaklists.has(id)) this.weakrefs.clearWeakRefs(id);
    const [dict, mro, bases, base] = [TYPE_DICT, TYPE_MRO, TYPE_BASES, TYPE_BASE].map((i) => s.slot(id, i));
    this.h.decref(base!);
    this.h.decref(dict!);
    this.h.decref(bases!);
    this.h.decref(mro!);
    this.h.free(s.storageAddr[id]!);
    this.h.gcDel(id);
    this.h.decref(s.typeOf[id]! as ObjectId);
  }

  /** subtype_clear: __slots__, inline values in index order, then the dict pointer. */
  private subtypeClear(id: ObjectId): void {
    const s = this.h.state;
    const spec = s.types.get(s.typeOf[id]!)!;
    const n = s.slotLen[id]!;
    for (let i = 0; i < n; i++) {
      const v = s.slot(id, i);
      if (v !== NULL_ID) {
        this.h.slotSet(id, i, NULL_ID);
        this.h.decref(v);
      }
    }
    const dict = s.aux[id]! as ObjectId;
    if (spec.managedDict && dict !== NULL_ID) {
      this.h.emit({ type: 'InstanceDictSet', id, dict: NULL_ID });
      this.h.decref(dict);
    }
  }

  /** type_clear: PyDict_Clear(tp_dict), then Py_CLEAR(tp_mro). */
  private typeClear(id: ObjectId): void {
    const s = this.h.state;
    const dict = s.slot(id, TYPE_DICT);
    if (dict !== NULL_ID) this.dicts.clearUnchecked(dict);
    const mro = s.slot(id, TYPE_MRO);
    if (mro !== NULL_ID) {
      this.h.slotSet(id, TYPE_MRO, NULL_ID);
      this.h.decref(mro);
    }
  }
}
