/**
 * dict in the heap (Objects/dictobject.c): PyDict_New and its free lists, insertdict on
 * combined and split tables (MAINTAIN_TRACKING), deletion, PyDict_Clear, dictresize and
 * new_keys_object (the keys free list for 8-slot unicode tables), and dict_dealloc.
 * A combined dict's slots are key0 value0 key1 value1 ... in entry order (NULL pairs for
 * deleted entries); a split dict's are its values by the shared-key index of its class.
 */
import { AtomObjects } from './atoms.js';
import { ObjectsError } from './errors.js';
import { LIST_HEADS, NULL_ID, type ObjectId } from './ids.js';
import { Kind, type SizeofContext } from './kinds.js';
import { dictKeysBytes, LAYOUT_311, log2Keysize, usableFraction } from './layout.js';
import type { HeapCore, TypeSlots } from './object.js';
import { F_ALIVE, F_SPLIT, F_STATIC, F_TRACKED, F_UNICODE, FL_DICT, FL_KEYS, type ObjectsState } from './ObjectsState.js';

const DICT_FREELIST_MAX = 80;
const KEYS_FREELIST_MAX = 80;

/** dict_traverse: a split or unicode table's values in entry order; a general table's value, then key. */
export function dictTraverse(s: ObjectsState, id: number, visit: (referent: ObjectId) => void): void {
  const off = s.slotOff[id]!;
  const n = s.slotLen[id]!;
  const pool = s.slotPool;
  if ((s.flags[id]! & (F_SPLIT | F_UNICODE)) !== 0) {
    const stride = (s.flags[id]! & F_SPLIT) !== 0 ? 1 : 2;
    for (let i = stride - 1; i < n; i += stride) { const x = pool[off + i]!; if (x !== NULL_ID) visit(x as ObjectId); }
    return;
  }
  for (let i = 0; i < n; i += 2) {
    const k = pool[off + i]!;
    if (k === NULL_ID) continue;
    visit(pool[off + i + 1]! as ObjectId);
    visit(k as ObjectId);
  }
}

/**
 * _PyDict_SizeOf: the header, plus a combined table's keys object; a split table counts
 * its values array as shared_keys_usable_size does, from the class's keys now
 * (dk_nentries + dk_usable), not from this array's size.
 */
export function dictObjectSizeof(s: ObjectsState, id: ObjectId, c: SizeofContext): number {
  if ((s.flags[id]! & F_SPLIT) !== 0) {
    const keys = s.sharedKeys.get(c.splitOwner(id))!;
    return LAYOUT_311.dictBasicBytes + 8 * (keys.names.length + keys.usable);
  }
  const log2 = s.storageCap[id]!;
  return LAYOUT_311.dictBasicBytes + (log2 === 0 ? 0 : dictKeysBytes(log2, (s.flags[id]! & F_UNICODE) !== 0));
}

export class DictObjects implements TypeSlots {
  readonly trashcan = true;

  private readonly atoms: AtomObjects;

  constructor(private readonly h: HeapCore) {
    this.atoms = h.file(AtomObjects);
  }

  /** PyDict_New: object from the free list or a GC block; the shared empty keys; untracked. */
  make(): ObjectId {
    return this.newObject(false);
  }

  /**
   * dict_new_presized(n, unicode) (BUILD_MAP, _PyDict_FromItems): up to 5 items PyDict_New;
   * more get a keys table sized for n (estimate_log2_keysize, at most 2^17 slots), made
   * before the dict object.
   */
  presized(n: number, unicode: boolean): ObjectId {
    if (n <= usableFraction(8)) return this.make();
    const log2 = n > usableFraction(1 << 17) ? 17 : log2Keysize((n * 3 + 1) >> 1);
    const address = this.h.malloc(dictKeysBytes(log2, unicode));
    const dict = this.newObject(false);
    this.h.emit({ type: 'StorageChanged', id: dict, address, capacity: log2, unicode });
    return dict;
  }

  newObject(split: boolean): ObjectId {
    const bytes = LAYOUT_311.gcHeadBytes + LAYOUT_311.dictBasicBytes;
    const address = this.h.fromFreeList(FL_DICT, bytes, true);
    return this.h.create(Kind.Dict, this.h.typeId('dict'), address, bytes, undefined, split);
  }

  /** Borrowed: the value stored under `key`, or NULL_ID. */
  getItem(dict: ObjectId, key: ObjectId): ObjectId {
    this.checkKey(dict, key);
    const s = this.h.state;
    if ((s.flags[dict]! & F_SPLIT) !== 0) {
      const ix = this.splitIndex(dict, key);
      return ix < 0 ? NULL_ID : s.slot(dict, ix);
    }
    const ix = s.dictIndex.get(dict)!.get(this.h.keyOf(key));
    return ix === undefined ? NULL_ID : s.slot(dict, 2 * ix + 1);
  }

  /** d[key] = value (insertdict, with MAINTAIN_TRACKING). */
  setItem(dict: ObjectId, key: ObjectId, value: ObjectId): void {
    this.h.expectKind(dict, Kind.Dict);
    this.h.live(key);
    this.h.live(value);
    this.h.checkHashable(key);
    const s = this.h.state;
    if ((s.flags[dict]! & F_SPLIT) !== 0) {
      // insertdict on a split table: an exact-str key is looked up in (or appended to) the
      // class's shared keys while they have room; anything else makes the table combined
      const name = this.strValue(key);
      const owner = this.splitOwner(dict);
      const keys = s.sharedKeys.get(owner)!;
      let ix = name === undefined ? undefined : keys.index.get(name);
      if (name !== undefined && ix === undefined && keys.usable > 0 && keys.names.length < s.slotLen[dict]!) {
        ix = keys.names.length;
        this.h.emit({ type: 'SharedKeysChanged', typeId: owner, usable: keys.usable - 1, addedName: name });
      }
      if (ix !== undefined && ix < s.slotLen[dict]!) {
        this.h.incref(value);
        this.maintainTracking(dict, key, value);
        const old = s.slot(dict, ix);
        this.h.slotSet(dict, ix, value);
        this.h.decref(old);
        return;
      }
      this.combineSplit(dict, name !== undefined);
    }
    this.h.incref(key);
    this.h.incref(value);
    this.maintainTracking(dict, key, value);
    const ix = s.dictIndex.get(dict)!.get(this.h.keyOf(key));
    if (ix !== undefined) {
      const old = s.slot(dict, 2 * ix + 1);
      this.h.slotSet(dict, 2 * ix + 1, value);
      this.h.decref(old);
      this.h.decref(key);
      return;
    }
    const isStr = s.kind[key] === Kind.Str;
    if (s.storageCap[dict] === 0) {
      this.newKeysFor(dict, 3, isStr, []);
    } else {
      if ((s.flags[dict]! & F_UNICODE) !== 0 && !isStr) this.resize(dict, log2Keysize(this.used(dict) * 3), false);
      if (this.usable(dict) <= 0) this.resize(dict, log2Keysize(this.used(dict) * 3), (s.flags[dict]! & F_UNICODE) !== 0);
    }
    this.h.emit({ type: 'SlotsSpliced', id: dict, index: s.slotLen[dict]!, deleteCount: 0, insert: [key, value] });
  }

  /** del d[key] */
  delItem(dict: ObjectId, key: ObjectId): void {
    this.checkKey(dict, key);
    const s = this.h.state;
    if ((s.flags[dict]! & F_SPLIT) !== 0) {
      const ix = this.splitIndex(dict, key);
      if (ix < 0 || s.slot(dict, ix) === NULL_ID) throw new ObjectsError('KEY_ERROR', `KeyError: ${this.h.repr(key)}`);
      const old = s.slot(dict, ix);
      this.h.slotSet(dict, ix, NULL_ID);
      this.h.decref(old);
      return;
    }
    const ix = s.dictIndex.get(dict)!.get(this.h.keyOf(key));
    if (ix === undefined) throw new ObjectsError('KEY_ERROR', `KeyError: ${this.h.repr(key)}`);
    const oldKey = s.slot(dict, 2 * ix);
    const oldValue = s.slot(dict, 2 * ix + 1);
    this.h.slotSet(dict, 2 * ix, NULL_ID);
    this.h.slotSet(dict, 2 * ix + 1, NULL_ID);
    this.h.decref(oldValue);
    this.h.decref(oldKey);
  }

  /** dict.clear() / tp_clear (PyDict_Clear): the empty keys first, then release the old contents. */
  clearDict(dict: ObjectId): void {
    this.h.expectKind(dict, Kind.Dict);
    this.clearUnchecked(dict);
  }

  clearUnchecked(dict: ObjectId): void {
    const s = this.h.state;
    const slots = s.slots(dict);
    const split = (s.flags[dict]! & F_SPLIT) !== 0;
    const log2 = s.storageCap[dict]!;
    const address = s.storageAddr[dict]!;
    const unicode = (s.flags[dict]! & F_UNICODE) !== 0;
    if (slots.length === 0 && address === 0) return;
    this.h.emit({ type: 'SlotsSpliced', id: dict, index: 0, deleteCount: slots.length, insert: [] });
    this.h.emit({ type: 'StorageChanged', id: dict, address: 0, capacity: 0, unicode: false });
    if (split) {
      for (const v of slots) this.h.decref(v);
      this.h.free(address);
    } else {
      for (let i = 0; i < slots.length; i += 2) {
        this.h.decref(slots[i]!);
        this.h.decref(slots[i + 1]!);
      }
      this.freeKeys(address, log2, unicode);
    }
  }

  /** Number of live entries (ma_used). */
  used(dict: ObjectId): number {
    const s = this.h.state;
    if ((s.flags[dict]! & F_SPLIT) === 0) return s.dictIndex.get(dict)!.size;
    let n = 0;
    for (let i = 0; i < s.slotLen[dict]!; i++) if (s.slot(dict, i) !== NULL_ID) n++;
    return n;
  }

  private usable(dict: ObjectId): number {
    const s = this.h.state;
    return usableFraction(1 << s.storageCap[dict]!) - (s.slotLen[dict]! >> 1);
  }

  /** new_keys_object for `dict` (the keys free list for 8-slot unicode tables), entries `pairs`. */
  private newKeysFor(dict: ObjectId, log2: number, unicode: boolean, pairs: readonly ObjectId[], unsplit = false): void {
    const address = log2 === 3 && unicode ? this.h.fromFreeList(FL_KEYS, dictKeysBytes(log2, unicode), false) : this.h.malloc(dictKeysBytes(log2, unicode));
    this.h.emit({ type: 'StorageChanged', id: dict, address, capacity: log2, unicode, ...(unsplit ? { split: false } : {}) });
    if (pairs.length > 0 || this.h.state.slotLen[dict]! > 0) {
      this.h.emit({ type: 'SlotsSpliced', id: dict, index: 0, deleteCount: this.h.state.slotLen[dict]!, insert: pairs });
    }
  }

  /** dictresize: the new keys are allocated before the old ones are released; holes are dropped. */
  private resize(dict: ObjectId, log2: number, unicode: boolean): void {
    const s = this.h.state;
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

  freeKeys(address: number, log2: number, unicode: boolean): void {
    if (address === 0) return;
    const fl = this.h.state.freeLists[FL_KEYS]!;
    if (log2 === 3 && unicode && fl.length < KEYS_FREELIST_MAX) this.h.emit({ type: 'FreeListPushed', list: FL_KEYS, address });
    else this.h.free(address);
  }

  /** A split (instance) dict gets a key that is not a shared attribute name: it becomes combined. */
  private combineSplit(dict: ObjectId, unicode: boolean): void {
    const s = this.h.state;
    const keys = s.sharedKeys.get(this.splitOwner(dict))!;
    const values = s.slots(dict);
    const valuesAddress = s.storageAddr[dict]!;
    const pairs: ObjectId[] = [];
    values.forEach((v, i) => { if (v !== NULL_ID) pairs.push(this.atoms.internedStr(keys.names[i]!), v); });
    for (let i = 0; i < pairs.length; i += 2) this.h.incref(pairs[i]!);
    this.h.emit({ type: 'SlotsSpliced', id: dict, index: 0, deleteCount: values.length, insert: [] });
    this.splitOwners.delete(dict);
    // insertion_resize: calculate_log2_keysize(GROWTH_RATE) = used * 3
    this.newKeysFor(dict, log2Keysize((pairs.length / 2) * 3), unicode, pairs, true);
    this.h.free(valuesAddress);
  }

  /** _PyObject_GC_MAY_BE_TRACKED: PyObject_IS_GC (for type objects tp_is_gc = type_is_gc:
   *  heap types only, so a static builtin type is not a GC object), and no untracked tuple. */
  mayBeTracked(id: ObjectId): boolean {
    const s = this.h.state;
    if (id === NULL_ID || !s.isGcKind(s.kind[id]!)) return false;
    if (s.kind[id] === Kind.Type) return (s.flags[id]! & F_STATIC) === 0;
    if (s.kind[id] === Kind.Tuple) return (s.flags[id]! & F_TRACKED) !== 0;
    return true;
  }

  private maintainTracking(dict: ObjectId, key: ObjectId, value: ObjectId): void {
    if ((this.h.state.flags[dict]! & F_TRACKED) !== 0) return;
    if (this.mayBeTracked(key) || this.mayBeTracked(value)) this.h.tracked(dict);
  }

  /**
   * Borrowed: the value stored under the str key `name` in `dict` (NULL_ID if absent), for
   * name lookups (LOAD_GLOBAL, LOAD_NAME, class attributes). No validation beyond the kind.
   */
  getStr(dict: ObjectId, name: string): ObjectId {
    const s = this.h.state;
    if (s.kind[dict] !== Kind.Dict) throw new ObjectsError('WRONG_KIND', `expected dict, got '${this.h.typeName(dict)}' object ${dict}`);
    if ((s.flags[dict]! & F_SPLIT) !== 0) {
      const ix = s.sharedKeys.get(this.splitOwner(dict))!.index.get(name);
      return ix === undefined || ix >= s.slotLen[dict]! ? NULL_ID : s.slot(dict, ix);
    }
    const ix = s.dictIndex.get(dict)!.get('s' + name);
    return ix === undefined ? NULL_ID : s.slot(dict, 2 * ix + 1);
  }

  readonly splitOwners = new Map<number, ObjectId>();

  /** The class whose shared keys a split (instance) dict uses. */
  splitOwner(dict: ObjectId): ObjectId {
    const o = this.splitOwners.get(dict);
    if (o !== undefined) return o;
    // after a restore: find the instance whose dict this is
    for (let i = LIST_HEADS; i < this.h.state.nextId; i++) {
      if (this.h.state.kind[i] === Kind.Instance && this.h.state.aux[i] === dict && (this.h.state.flags[i]! & F_ALIVE) !== 0) {
        this.splitOwners.set(dict, this.h.state.typeOf[i]! as ObjectId);
        return this.h.state.typeOf[i]! as ObjectId;
      }
    }
    throw new ObjectsError('WRONG_KIND', `split dict ${dict} has no owner`);
  }

  /** dict_dealloc: the values (and keys) released, the keys object freed, the object to the free list while it has room. */
  dealloc(id: ObjectId): void {
    const s = this.h.state;
    this.h.untrack(id);
    const slots = s.slots(id);
    if ((s.flags[id]! & F_SPLIT) !== 0) {
      for (const v of slots) this.h.decref(v);
      this.h.free(s.storageAddr[id]!);
    } else {
      for (let i = 0; i < slots.length; i += 2) {
        this.h.decref(slots[i]!);
        this.h.decref(slots[i + 1]!);
      }
      this.freeKeys(s.storageAddr[id]!, s.storageCap[id]!, (s.flags[id]! & F_UNICODE) !== 0);
    }
    this.splitOwners.delete(id);
    if (s.freeLists[FL_DICT]!.length < DICT_FREELIST_MAX) this.h.toFreeList(id, FL_DICT);
    else this.h.gcDel(id);
  }

  /** tp_clear (dict_tp_clear: PyDict_Clear). */
  readonly clear = (dict: ObjectId): void => this.clearUnchecked(dict);

  private checkKey(dict: ObjectId, key: ObjectId): void {
    this.h.expectKind(dict, Kind.Dict);
    this.h.live(key);
    this.h.checkHashable(key);
  }

  /** A split dict's slot for `key` (an exact str among its class's shared keys, within its values), or -1. */
  private splitIndex(dict: ObjectId, key: ObjectId): number {
    const s = this.h.state;
    const name = this.strValue(key);
    const ix = name === undefined ? undefined : s.sharedKeys.get(this.splitOwner(dict))!.index.get(name);
    return ix === undefined || ix >= s.slotLen[dict]! ? -1 : ix;
  }

  private strValue(id: ObjectId): string | undefined {
    return this.h.state.kind[id] === Kind.Str ? (this.h.state.payload[id] as string) : undefined;
  }
}
