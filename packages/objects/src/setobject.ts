/**
 * set and frozenset in the heap (Objects/setobject.c): making them, adding, discarding,
 * popping, clearing, merging and resizing their hash tables, as events. Where keys go is
 * settable.ts's probing; this file decides what changes and emits it through the heap's
 * core (object.ts), so the object heap keeps one event path.
 * Heap's public set methods (`heap.set`, `setAdd`, `setPop`, ...) call these.
 */
import { ObjectsError } from './errors.js';
import { NULL_ID, type ObjectId } from './ids.js';
import { Kind } from './kinds.js';
import { LAYOUT_311 } from './layout.js';
import type { HeapCore, TypeSlots } from './object.js';
import type { ObjectsState } from './ObjectsState.js';
import { WeakrefObjects } from './weakrefobject.js';
import { objectHash } from './hash.js';
import { SET_MINSIZE, setAddIndex, setCleanTable, setFill, setKeys, setTableSize, setUsed } from './settable.js';

/** set_sizeof: the header, plus the table once it outgrows the 8 slots inside the object. */
export function setObjectSizeof(s: ObjectsState, id: ObjectId): number {
  const slots = s.storageCap[id]!;
  return LAYOUT_311.setBasicBytes + (slots > 8 ? 16 * slots : 0);
}

export class SetObjects implements TypeSlots {
  readonly trashcan = true;

  private readonly weakrefs: WeakrefObjects;

  constructor(private readonly h: HeapCore) {
    this.weakrefs = h.file(WeakrefObjects);
  }

  /** set(items) / frozenset(items): 216-byte object with an 8-entry inline table; the items added in order. */
  make(items: readonly ObjectId[] = [], frozen = false): ObjectId {
    for (const x of items) { this.h.live(x); this.h.checkHashable(x); }
    const bytes = LAYOUT_311.gcHeadBytes + LAYOUT_311.setBasicBytes;
    const address = this.h.gcAllocBlock(bytes);
    const id = this.h.create(frozen ? Kind.FrozenSet : Kind.Set, this.h.typeId(frozen ? 'frozenset' : 'set'), address, bytes);
    this.h.emit({ type: 'StorageChanged', id, address: 0, capacity: SET_MINSIZE });
    this.h.emit({ type: 'SlotsSpliced', id, index: 0, deleteCount: 0, insert: new Array<ObjectId>(SET_MINSIZE).fill(NULL_ID) });
    for (const x of items) this.addUnchecked(id, x);
    this.h.tracked(id);
    return id;
  }

  /** `x in set` (set_contains): by the key's hash identity, without scanning the table. */
  contains(set: ObjectId, x: ObjectId): boolean {
    this.h.expectKind(set, Kind.Set, Kind.FrozenSet);
    this.h.live(x);
    this.h.checkHashable(x);
    return this.h.state.dictIndex.get(set)!.has(this.h.keyOf(x));
  }

  /** PySet_Add: into a set, or into a frozenset still being built (nothing else holds it: refcount 1). */
  add(set: ObjectId, x: ObjectId): void {
    this.expectBuildable(set);
    this.h.live(x);
    this.h.checkHashable(x);
    this.addUnchecked(set, x);
  }

  private expectBuildable(set: ObjectId): void {
    this.h.expectKind(set, Kind.Set, Kind.FrozenSet);
    if (this.h.state.kind[set] === Kind.FrozenSet && this.h.state.refcnt[set] !== 1) throw new ObjectsError('WRONG_KIND', `frozenset ${set} is shared (refcount ${this.h.state.refcnt[set]}): only a new one can be added to`);
    this.expectTable(set);
  }

  /** A set from a log written before sets were hash tables (its slots in insertion order) cannot be added to. */
  private expectTable(set: ObjectId): void {
    const s = this.h.state;
    if (s.slotLen[set] !== s.storageCap[set]) throw new ObjectsError('WRONG_KIND', `set ${set} comes from a log written before pymm modelled sets' hash tables (${s.slotLen[set]} slots, a table of ${s.storageCap[set]}): record the program again`);
  }

  /** set_add_entry: the key into the slot its probe ends at; a resize when fill reaches 3/5 of the table. */
  private addUnchecked(set: ObjectId, x: ObjectId): void {
    const s = this.h.state;
    if (s.dictIndex.get(set)!.has(this.h.keyOf(x))) return;
    this.h.incref(x);
    const { index, dummy } = setAddIndex(s, set, objectHash(s, x));
    this.h.slotSet(set, index, x);
    if (dummy) return;
    const mask = s.storageCap[set]! - 1;
    if (setFill(s, set) * 5 < mask * 3) return;
    const used = setUsed(s, set);
    this.resize(set, used > 50000 ? used * 2 : used * 4);
  }

  /**
   * set_table_resize: a table of the smallest size above `minused`, the keys moved in
   * their old table order, dummies dropped. A small table without dummies that would stay
   * small is left alone.
   */
  private resize(set: ObjectId, minused: number): void {
    const s = this.h.state;
    const size = setTableSize(minused);
    const old = s.storageAddr[set]!;
    if (size === SET_MINSIZE && old === 0 && !s.setDummies.has(set)) return;
    const address = size > SET_MINSIZE ? this.h.malloc(16 * size) : 0;
    const table = setCleanTable(s, size, setKeys(s, set));
    this.h.emit({ type: 'StorageChanged', id: set, address, capacity: size });
    this.h.emit({ type: 'SlotsSpliced', id: set, index: 0, deleteCount: s.slotLen[set]!, insert: table });
    if (old !== 0) this.h.free(old);
  }

  /** set.discard(x): its slot becomes a dummy. */
  discard(set: ObjectId, x: ObjectId): void {
    this.h.expectKind(set, Kind.Set);
    this.h.live(x);
    this.h.checkHashable(x);
    const ix = this.h.state.dictIndex.get(set)!.get(this.h.keyOf(x));
    if (ix === undefined) return;
    const old = this.h.state.slot(set, ix);
    this.h.slotSet(set, ix, NULL_ID);
    this.h.decref(old);
  }

  /**
   * set.pop() (set_pop): the first key at or after the set's finger, wrapping around; its
   * slot becomes a dummy and the finger moves past it. The set's reference goes to the
   * caller. KEY_ERROR when the set is empty.
   */
  pop(set: ObjectId): ObjectId {
    this.h.expectKind(set, Kind.Set);
    this.expectTable(set);
    const s = this.h.state;
    if (setUsed(s, set) === 0) throw new ObjectsError('KEY_ERROR', 'pop from an empty set');
    const mask = s.storageCap[set]! - 1;
    let i = (s.setFinger.get(set) ?? 0) & mask;
    while (s.slot(set, i) === NULL_ID) i = i === mask ? 0 : i + 1;
    const key = s.slot(set, i);
    this.h.slotSet(set, i, NULL_ID);
    this.h.emit({ type: 'SetFingerMoved', id: set, finger: i + 1 });
    return key;
  }

  /** set_dealloc: weak references cleared, the keys in table order, the table, the object. */
  dealloc(id: ObjectId): void {
    const s = this.h.state;
    this.h.untrack(id);
    if (s.weaklists.has(id)) this.weakrefs.clearWeakRefs(id);
    for (const k of s.slots(id)) this.h.decref(k);
    this.h.free(s.storageAddr[id]!);
    this.h.gcDel(id);
  }

  /** tp_clear (set_clear_internal without the kind check). */
  readonly clear = (set: ObjectId): void => this.clearUnchecked(set);

  /** set.clear() (set_clear_internal): back to the empty inline table, then the keys let go in table order. */
  clearSet(set: ObjectId): void {
    this.h.expectKind(set, Kind.Set);
    this.clearUnchecked(set);
  }

  /** tp_clear and set.clear() without the kind check. */
  clearUnchecked(set: ObjectId): void {
    const s = this.h.state;
    if (s.storageAddr[set] === 0 && setFill(s, set) === 0) return;
    const keys = setKeys(s, set);
    const address = s.storageAddr[set]!;
    this.h.emit({ type: 'StorageChanged', id: set, address: 0, capacity: SET_MINSIZE });
    this.h.emit({ type: 'SlotsSpliced', id: set, index: 0, deleteCount: s.slotLen[set]!, insert: new Array<ObjectId>(SET_MINSIZE).fill(NULL_ID) });
    for (const k of keys) this.h.decref(k);
    if (address !== 0) this.h.free(address);
  }

  /**
   * set_merge: `set` |= the keys of another set (set(s), s.copy(), s.update(t), s | t).
   * One resize first when the keys may not fit; into an empty table of the same size with
   * no dummies on either side the entries are copied slot for slot, into another empty
   * table placed afresh (set_insert_clean), else added one by one in the other's order.
   */
  merge(set: ObjectId, other: ObjectId): void {
    this.expectBuildable(set);
    this.h.expectKind(other, Kind.Set, Kind.FrozenSet);
    const s = this.h.state;
    const otherUsed = setUsed(s, other);
    if (other === set || otherUsed === 0) return;
    if ((setFill(s, set) + otherUsed) * 5 >= (s.storageCap[set]! - 1) * 3) this.resize(set, (setUsed(s, set) + otherUsed) * 2);
    if (setFill(s, set) === 0) {
      const keys = setKeys(s, other);
      const table = s.storageCap[set] === s.storageCap[other] && !s.setDummies.has(other)
        ? s.slots(other) as ObjectId[]
        : setCleanTable(s, s.storageCap[set]!, keys);
      for (const k of keys) this.h.incref(k);
      this.h.emit({ type: 'SlotsSpliced', id: set, index: 0, deleteCount: s.slotLen[set]!, insert: table });
      return;
    }
    for (const k of setKeys(s, other)) this.addUnchecked(set, k);
  }

  /**
   * set_update_internal's presizing for a dict of `n` keys (their adds follow): one resize
   * to twice the keys when they may not fit.
   */
  presize(set: ObjectId, n: number): void {
    this.expectBuildable(set);
    const s = this.h.state;
    if ((setFill(s, set) + n) * 5 >= (s.storageCap[set]! - 1) * 3) this.resize(set, (setUsed(s, set) + n) * 2);
  }

  /**
   * The end of set_difference_update_internal: when more than a quarter of the table is
   * dummies, a resize drops them.
   */
  purgeDummies(set: ObjectId): void {
    this.h.expectKind(set, Kind.Set, Kind.FrozenSet);
    const s = this.h.state;
    const used = setUsed(s, set);
    if (setFill(s, set) - used <= Math.floor((s.storageCap[set]! - 1) / 4)) return;
    this.resize(set, used > 50000 ? used * 2 : used * 4);
  }

  /** The keys in table order (set_next), as iteration, repr and dealloc visit them. */
  keys(set: ObjectId): ObjectId[] {
    this.h.expectKind(set, Kind.Set, Kind.FrozenSet);
    return setKeys(this.h.state, set);
  }
}
