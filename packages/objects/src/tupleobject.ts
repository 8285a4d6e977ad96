/**
 * tuple in the heap (Objects/tupleobject.c): PyTuple_New with its per-size free lists,
 * tuplerepeat, and tupledealloc (items released last to first, the block back on the
 * free list of its size while that has room).
 */
import { ObjectsError } from './errors.js';
import { checkRepeatSize, repeatedIds } from './listobject.js';
import type { ObjectIdSequence } from './events.js';
import { NULL_ID, type ObjectId } from './ids.js';
import { Kind } from './kinds.js';
import { LAYOUT_311 } from './layout.js';
import type { HeapCore, TypeSlots } from './object.js';
import { flTuple, type ObjectsState } from './ObjectsState.js';
import { traverseSlotsReversed } from './traverse.js';

export const TUPLE_FREELIST_MAX = 2000;
export const TUPLE_MAXSAVESIZE = 20;

/** tupletraverse: items last to first. */
export function tupleTraverse(s: ObjectsState, id: number, visit: (referent: ObjectId) => void): void {
  traverseSlotsReversed(s, id, visit);
}

/** tuple.__sizeof__: the header and one pointer per item. */
export function tupleObjectSizeof(s: ObjectsState, id: ObjectId): number {
  return LAYOUT_311.tupleBasicBytes + 8 * s.slotLen[id]!;
}

export class TupleObjects implements TypeSlots {
  readonly trashcan = true;

  constructor(private readonly h: HeapCore) {}

  /** PyTuple_New + fill: the size-n free list for n < 20, else a GC block; tracked. */
  make(items: readonly ObjectId[]): ObjectId {
    for (const x of items) this.h.live(x);
    if (items.length === 0) { this.h.incref(this.h.emptyTupleId); return this.h.emptyTupleId; }
    const id = this.raw(items.length);
    items.forEach((x, i) => {
      this.h.incref(x);
      this.h.slotSet(id, i, x);
    });
    return id;
  }

  /** PyTuple_New(n): NULL items (filled by the caller with SlotSet), or `items` already incref'd; tracked. */
  raw(n: number, items: ObjectIdSequence | null = null): ObjectId {
    const bytes = LAYOUT_311.gcHeadBytes + LAYOUT_311.tupleBasicBytes + 8 * n;
    const address = n < TUPLE_MAXSAVESIZE ? this.h.fromFreeList(flTuple(n), bytes, true) : this.h.gcAllocBlock(bytes);
    const id = this.h.create(Kind.Tuple, this.h.typeId('tuple'), address, bytes);
    this.h.emit({ type: 'SlotsSpliced', id, index: 0, deleteCount: 0, insert: items ?? new Array(n).fill(NULL_ID) });
    this.h.tracked(id);
    return id;
  }

  /** tuplerepeat: `items` `times` over in a new tuple (the increfs of one item as one change, as listRepeat). */
  repeat(items: readonly ObjectId[], times: number): ObjectId {
    for (const x of items) this.h.live(x);
    const n = items.length * times;
    if (n === 0) return this.make([]);
    checkRepeatSize(n, 'tuple');
    for (const x of items) this.h.increfBy(x, times);
    return this.raw(n, repeatedIds(items, times));
  }

  /**
   * PyTuple_SET_ITEM: store `value` in slot `index` of `tuple`, taking over the caller's
   * reference to it (the old item, if any, is the caller's to release). Only for a tuple
   * nothing else has seen yet, or one its owner reuses (enumerate's and zip's result tuple).
   */
  setItem(tuple: ObjectId, index: number, value: ObjectId): void {
    this.h.expectKind(tuple, Kind.Tuple);
    this.h.liveOrNull(value);
    if (!(Number.isInteger(index) && index >= 0 && index < this.h.state.slotLen[tuple]!)) {
      throw new ObjectsError('INDEX_ERROR', `tuple index ${index} out of range (PyTuple_SET_ITEM)`);
    }
    this.h.slotSet(tuple, index, value);
  }

  /** tupledealloc */
  dealloc(id: ObjectId): void {
    const s = this.h.state;
    this.h.untrack(id);
    const n = s.slotLen[id]!;
    for (let i = n - 1; i >= 0; i--) this.h.decref(s.slot(id, i));
    if (n >= 1 && n <= TUPLE_MAXSAVESIZE && s.freeLists[flTuple(n)]!.length < TUPLE_FREELIST_MAX) this.h.toFreeList(id, flTuple(n));
    else this.h.gcDel(id);
  }
}
