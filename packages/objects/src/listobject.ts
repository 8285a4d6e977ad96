/**
 * list in the heap (Objects/listobject.c): making lists, appending, inserting, storing,
 * popping, slice assignment, extending, repeating and clearing them, with the array
 * resized as list_resize decides, as events. Like every type's file, it emits through
 * the heap's core (object.ts), so the object heap keeps one event path; Heap's public list
 * methods (`heap.list`, `listAppend`, ...) call these.
 */
import { ObjectsError } from './errors.js';
import type { ObjectId } from './ids.js';
import { Kind } from './kinds.js';
import { LAYOUT_311, listResize } from './layout.js';
import { FL_LIST, type ObjectsState } from './ObjectsState.js';
import { traverseSlotsReversed } from './traverse.js';
import type { HeapCore, TypeSlots } from './object.js';

const LIST_FREELIST_MAX = 80;

/** list_traverse: items last to first. */
export function listTraverse(s: ObjectsState, id: number, visit: (referent: ObjectId) => void): void {
  traverseSlotsReversed(s, id, visit);
}

/** list.__sizeof__: the header and the allocated ob_item array. */
export function listObjectSizeof(s: ObjectsState, id: ObjectId): number {
  return LAYOUT_311.listBasicBytes + 8 * s.storageCap[id]!;
}

export class ListObjects implements TypeSlots {
  readonly trashcan = true;

  constructor(private readonly h: HeapCore) {}

  /**
   * PyList_New(n) with the items: object from the free list or a GC block, ob_item by
   * PyMem_Calloc; `capacity` (at least the items) when the caller preallocates more, as
   * str.split does.
   */
  make(items: readonly ObjectId[] = [], capacity = items.length): ObjectId {
    for (const x of items) this.h.live(x);
    if (!(Number.isInteger(capacity) && capacity >= items.length)) throw new ObjectsError('VALUE_ERROR', `a list of ${items.length} items cannot have capacity ${capacity}`);
    const id = this.newObject();
    const n = items.length;
    if (capacity > 0) {
      const a = this.h.malloc(8 * capacity);
      this.h.emit({ type: 'StorageChanged', id, address: a, capacity });
      for (const x of items) this.h.incref(x);
      this.h.emit({ type: 'SlotsSpliced', id, index: 0, deleteCount: 0, insert: items });
    }
    this.h.tracked(id);
    return id;
  }

  /**
   * list_repeat: `items` (a list's or a tuple's) `times` over in a new list. CPython
   * increfs each copy as it stores it; here the increfs of one item are one refcount
   * change of +times (at most 2^31 slots).
   */
  repeat(items: readonly ObjectId[], times: number): ObjectId {
    for (const x of items) this.h.live(x);
    const n = items.length * times;
    if (n === 0) return this.make();
    checkRepeatSize(n, 'list');
    const id = this.newObject();
    const a = this.h.malloc(8 * n);
    this.h.emit({ type: 'StorageChanged', id, address: a, capacity: n });
    for (const x of items) this.h.increfBy(x, times);
    this.h.emit({ type: 'SlotsSpliced', id, index: 0, deleteCount: 0, insert: repeatedIds(items, times) });
    this.h.tracked(id);
    return id;
  }

  private newObject(): ObjectId {
    const bytes = LAYOUT_311.gcHeadBytes + LAYOUT_311.listBasicBytes;
    const address = this.h.fromFreeList(FL_LIST, bytes, true);
    return this.h.create(Kind.List, this.h.typeId('list'), address, bytes);
  }

  /** list.append(x) (app1: ins1 at the end). */
  append(list: ObjectId, x: ObjectId): void {
    this.insert(list, this.h.state.slotLen[list]!, x);
  }

  /** list.insert(i, x) (ins1; i clamped like CPython). */
  insert(list: ObjectId, index: number, x: ObjectId): void {
    this.h.expectKind(list, Kind.List);
    this.h.live(x);
    const n = this.h.state.slotLen[list]!;
    const i = Math.trunc(index < 0 ? Math.max(0, index + n) : Math.min(index, n));
    this.resizeTo(list, n + 1, n);
    this.h.incref(x);
    this.h.emit({ type: 'SlotsSpliced', id: list, index: i, deleteCount: 0, insert: [x] });
  }

  /** list[i] = x: the old item is released after the store. */
  setItem(list: ObjectId, index: number, x: ObjectId): void {
    this.h.expectKind(list, Kind.List);
    this.h.live(x);
    const i = this.index(list, index);
    const old = this.h.state.slot(list, i);
    this.h.incref(x);
    this.h.slotSet(list, i, x);
    this.h.decref(old);
  }

  /** list.pop(i): the item's reference passes to the caller. */
  pop(list: ObjectId, index = -1): ObjectId {
    this.h.expectKind(list, Kind.List);
    const n = this.h.state.slotLen[list]!;
    if (n === 0) throw new ObjectsError('INDEX_ERROR', 'pop from empty list');
    const i = this.index(list, index, 'pop index out of range');
    const x = this.h.state.slot(list, i);
    this.h.emit({ type: 'SlotsSpliced', id: list, index: i, deleteCount: 1, insert: [] });
    // list_resize runs with ob_size still the old size
    this.resizeTo(list, n - 1, n);
    return x;
  }

  /** del list[i] */
  delItem(list: ObjectId, index: number): void {
    const x = this.pop(list, index);
    this.h.decref(x);
  }

  /**
   * list_ass_slice (step 1): `list[lo:hi] = items` (items = [] deletes). The removed items
   * are kept in a recycle buffer (PyMem_Malloc'd when more than 8) and released last to
   * first after the new ones are stored; the array is resized as list_resize decides.
   */
  assignSlice(list: ObjectId, lo: number, hi: number, items: readonly ObjectId[]): void {
    this.h.expectKind(list, Kind.List);
    for (const x of items) this.h.live(x);
    const s = this.h.state;
    const size = s.slotLen[list]!;
    lo = Math.max(0, Math.min(lo, size));
    hi = Math.max(lo, Math.min(hi, size));
    const norig = hi - lo;
    const d = items.length - norig;
    if (size + d === 0) { this.clearUnchecked(list); return; }
    const recycle = s.slots(list).slice(lo, hi);
    const buffer = norig * 8 > 64 ? this.h.malloc(norig * 8) : 0;
    if (d < 0) {
      this.h.emit({ type: 'SlotsSpliced', id: list, index: lo, deleteCount: norig, insert: items });
      this.resizeTo(list, size + d, size);
    } else {
      this.resizeTo(list, size + d, size);
      this.h.emit({ type: 'SlotsSpliced', id: list, index: lo, deleteCount: norig, insert: items });
    }
    for (const x of items) this.h.incref(x);
    for (let k = recycle.length - 1; k >= 0; k--) this.h.decref(recycle[k]!);
    if (buffer !== 0) this.h.free(buffer);
  }

  /**
   * list.extend(items) / list(iterable) (list_extend): a list or tuple argument resizes
   * once to the exact total (an empty list preallocates exactly, rounded up to even); any
   * other iterable preallocates its length hint, appends, and shrinks back at the end.
   */
  extend(list: ObjectId, items: readonly ObjectId[], source: 'sequence' | 'iterable', lengthHint = items.length): void {
    this.h.expectKind(list, Kind.List);
    for (const x of items) this.h.live(x);
    const s = this.h.state;
    const m = s.slotLen[list]!;
    const n = items.length;
    if (source === 'sequence') {
      if (n === 0) return;
      if (s.storageAddr[list] === 0) this.preallocateExact(list, n);
      else this.resizeTo(list, m + n, m);
      for (const x of items) this.h.incref(x);
      this.h.emit({ type: 'SlotsSpliced', id: list, index: m, deleteCount: 0, insert: items });
      return;
    }
    if (s.storageAddr[list] === 0) { if (lengthHint > 0) this.preallocateExact(list, lengthHint); }
    else this.resizeTo(list, m + lengthHint, m);
    for (const x of items) {
      const k = s.slotLen[list]!;
      if (k >= s.storageCap[list]!) this.resizeTo(list, k + 1, k);
      this.h.incref(x);
      this.h.emit({ type: 'SlotsSpliced', id: list, index: k, deleteCount: 0, insert: [x] });
    }
    if (s.slotLen[list]! < s.storageCap[list]!) this.resizeTo(list, s.slotLen[list]!, s.slotLen[list]!);
  }

  /** list_preallocate_exact: an array of exactly `n` slots rounded up to even. */
  private preallocateExact(list: ObjectId, n: number): void {
    const cap = (n + 1) & ~1;
    const address = this.h.malloc(8 * cap);
    this.h.emit({ type: 'StorageChanged', id: list, address, capacity: cap });
  }

  /** list_resize(newSize) while the list holds `oldSize` items: PyMem_Realloc of ob_item when the capacity changes. */
  private resizeTo(list: ObjectId, newSize: number, oldSize: number): void {
    const s = this.h.state;
    const allocated = s.storageCap[list]!;
    const cap = listResize(allocated, oldSize, newSize);
    if (cap === allocated) return;
    const address = cap === 0 ? (this.h.free(s.storageAddr[list]!), 0) : this.h.realloc(s.storageAddr[list]!, 8 * cap);
    this.h.emit({ type: 'StorageChanged', id: list, address, capacity: cap });
  }

  /**
   * `list *= n` (list_inplace_repeat): n < 1 clears the list; otherwise one resize to
   * size * n, then the items copied n - 1 more times (an empty list and n = 1 change nothing).
   */
  inplaceRepeat(list: ObjectId, n: number): void {
    this.h.expectKind(list, Kind.List);
    const s = this.h.state;
    const size = s.slotLen[list]!;
    if (size === 0 || n === 1) return;
    if (n < 1) { this.clearUnchecked(list); return; }
    checkRepeatSize(size * n, 'list');
    const items = s.slots(list);
    this.resizeTo(list, size * n, size);
    for (const x of items) this.h.increfBy(x, n - 1);
    this.h.emit({ type: 'SlotsSpliced', id: list, index: size, deleteCount: 0, insert: repeatedIds(items, n - 1) });
  }

  /** list.clear(): _list_clear detaches the array, then releases items last to first. */
  clearList(list: ObjectId): void {
    this.h.expectKind(list, Kind.List);
    this.clearUnchecked(list);
  }

  /** list_dealloc: the items last to first, the array, then the object to the free list while it has room. */
  dealloc(id: ObjectId): void {
    const s = this.h.state;
    this.h.untrack(id);
    const n = s.slotLen[id]!;
    for (let i = n - 1; i >= 0; i--) this.h.decref(s.slot(id, i));
    this.h.free(s.storageAddr[id]!);
    if (s.freeLists[FL_LIST]!.length < LIST_FREELIST_MAX) this.h.toFreeList(id, FL_LIST);
    else this.h.gcDel(id);
  }

  /** tp_clear (_list_clear), and list.clear() without the kind check. */
  readonly clear = (list: ObjectId): void => this.clearUnchecked(list);

  clearUnchecked(list: ObjectId): void {
    const s = this.h.state;
    const items = s.slots(list);
    const address = s.storageAddr[list]!;
    if (items.length === 0 && address === 0) return;
    this.h.emit({ type: 'SlotsSpliced', id: list, index: 0, deleteCount: items.length, insert: [] });
    this.h.emit({ type: 'StorageChanged', id: list, address: 0, capacity: 0 });
    for (let i = items.length - 1; i >= 0; i--) this.h.decref(items[i]!);
    this.h.free(address);
  }

  private index(list: ObjectId, index: number, message = 'list assignment index out of range'): number {
    const n = this.h.state.slotLen[list]!;
    const i = index < 0 ? index + n : index;
    if (!Number.isInteger(i) || i < 0 || i >= n) throw new ObjectsError('INDEX_ERROR', message);
    return i;
  }
}

/** A repetition of `n` slots: more than 2^31 is more than this model holds. */
export function checkRepeatSize(n: number, what: 'list' | 'tuple'): void {
  if (n > 2 ** 31) throw new ObjectsError('VALUE_ERROR', `a ${what} of ${n} items is larger than this model holds`);
}

/** `items` `times` over, as one Int32Array: written once, then doubled by copying. */
export function repeatedIds(items: readonly ObjectId[], times: number): Int32Array {
  const len = items.length;
  const out = new Int32Array(len * times);
  if (len === 1) return out.fill(items[0]!);
  out.set(items);
  for (let filled = len; filled < out.length; filled *= 2) out.copyWithin(filled, 0, Math.min(filled, out.length - filled));
  return out;
}
