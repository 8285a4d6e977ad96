/**
 * The object heap's state: struct-of-arrays indexed by ObjectId, plus the allocator's
 * state (`mem`) that every object's memory comes from.
 *
 *   field        per object                          CPython
 *   kind         Kind                                the C type's layout and slots
 *   typeOf       id of its type object               ob_type
 *   refcnt       reference count                     ob_refcnt
 *   address      block address (id() = + preheader)  the pymalloc block
 *   flags        ALIVE STATIC TRACKED FINALIZED …    _gc_next != 0, _gc_prev bit 0, …
 *   gcNext/Prev  links of the GC list it is on       PyGC_Head
 *   gcRefs       the collector's scratch count       _gc_prev >> 2 during a collection
 *   slots        the references it holds, in storage order (see Heap.ts per kind)
 *   storage      its separately allocated block (list items, values, keys, set table)
 *
 * GC lists are circular and doubly linked through gcNext/gcPrev; their heads are ids
 * 0..8 (ids.ts). Slots live in one growable Int32Array, `slotPool` (not a pymalloc pool):
 * each object has an offset, a length and a capacity; outgrowing the capacity moves the
 * object's slots to the end.
 */
import type { LongText } from './longText.js';
import { ObmallocState } from '@pymm/obmalloc';
import { LIST_HEADS, type ObjectId } from './ids.js';
import type { TypeDef } from './kinds.js';
import { TYPE_TABLE } from './typetable.js';
import type { TypeSpec } from './types.js';

export const F_ALIVE = 1;
export const F_STATIC = 2;
export const F_TRACKED = 4;
export const F_FINALIZED = 8;
/** During a collection: in the generation being collected (PREV_MASK_COLLECTING). */
export const F_COLLECTING = 16;
/** During move_unreachable: on the unreachable list (NEXT_MASK_UNREACHABLE). */
export const F_UNREACHABLE = 32;
/** A dict whose table holds only exact-str keys (DK_IS_UNICODE). */
export const F_UNICODE = 64;
/** A dict using a class's shared keys (split table). */
export const F_SPLIT = 128;

/** Free lists of 3.11 (_Py_float_state, _Py_tuple_state, _Py_list_state, _Py_dict_state in Include/internal/pycore_*.h): float, tuple sizes 1..20, list, dict, dict keys. */
export const FL_FLOAT = 0;
export const FL_LIST = 1;
export const FL_DICT = 2;
export const FL_KEYS = 3;
/** The free list of n-tuples, 1 <= n <= 20 (after the four above: 4 .. 23). */
export function flTuple(n: number): number {
  return FL_KEYS + n;
}
export const FREE_LIST_COUNT = 24;
export const FREE_LIST_NAMES: readonly string[] = [
  'float', 'list', 'dict', 'dict keys', ...Array.from({ length: 20 }, (_, i) => `tuple[${i + 1}]`),
];

export interface SharedKeys {
  /** Attribute names in index order (dk_entries). */
  readonly names: string[];
  readonly index: Map<string, number>;
  /** dk_usable */
  usable: number;
  /** Block of the keys object. */
  address: number;
}

const GROW = 1.5;

export class ObjectsState {
  readonly mem: ObmallocState;
  capacity = 0;
  nextId = LIST_HEADS;
  kind = new Uint8Array(0);
  flags = new Uint8Array(0);
  typeOf = new Int32Array(0);
  refcnt = new Int32Array(0);
  address = new Float64Array(0);
  requestBytes = new Int32Array(0);
  gcNext = new Int32Array(0);
  gcPrev = new Int32Array(0);
  gcRefs = new Int32Array(0);
  slotOff = new Int32Array(0);
  slotLen = new Int32Array(0);
  slotCap = new Int32Array(0);
  storageAddr = new Float64Array(0);
  storageCap = new Int32Array(0);
  /** Instance: its materialised __dict__; weakref: its referent (NULL_ID once cleared). */
  aux = new Int32Array(0);
  /** References held by alive objects (slots, an instance's class and __dict__): refcnt - inref are external. */
  inref = new Int32Array(0);
  slotPool = new Int32Array(1024);
  slotPoolTop = 0;
  slotPoolWaste = 0;
  /** Payload of atoms: int (decimal string), float (number), str / bytes (string; a LongText beyond the host's longest string). */
  payload: (string | number | LongText | undefined)[] = [];
  types = new Map<number, TypeSpec>();
  sharedKeys = new Map<number, SharedKeys>();
  /** referent -> its weakrefs, head first (tp_weaklist). */
  weaklists = new Map<number, number[]>();
  /** combined dict -> key identity -> entry index. */
  dictIndex = new Map<number, Map<string, number>>();
  /**
   * set -> the table indexes holding `dummy` (a discarded or popped key: a NULL slot that
   * probing walks past, unlike a never-used one). Only sets with dummies have an entry.
   */
  setDummies = new Map<number, Set<number>>();
  /** set -> so->finger, where set.pop() starts looking (only when not 0). */
  setFinger = new Map<number, number>();
  freeLists: number[][] = Array.from({ length: FREE_LIST_COUNT }, () => []);
  /** generations[i].count */
  gcCounts = new Int32Array(3);
  liveCount = 0;

  /** The type table its objects' kinds index (kinds.ts): the builtin kinds, or more. */
  readonly typeTable: readonly TypeDef[];

  constructor(mem: ObmallocState, typeTable: readonly TypeDef[] = TYPE_TABLE) {
    this.mem = mem;
    this.typeTable = typeTable;
    this.ensure(LIST_HEADS);
    for (let h = 0; h < LIST_HEADS; h++) {
      this.gcNext[h] = h;
      this.gcPrev[h] = h;
      this.typeOf[h] = -1;
    }
  }

  ensure(n: number): void {
    if (n <= this.capacity) return;
    let cap = Math.max(64, this.capacity);
    while (cap < n) cap = Math.ceil(cap * GROW);
    const g8 = (a: Uint8Array) => { const b = new Uint8Array(cap); b.set(a); return b; };
    const g32 = (a: Int32Array) => { const b = new Int32Array(cap); b.set(a); return b; };
    const g64 = (a: Float64Array) => { const b = new Float64Array(cap); b.set(a); return b; };
    this.kind = g8(this.kind);
    this.flags = g8(this.flags);
    this.typeOf = g32(this.typeOf);
    this.refcnt = g32(this.refcnt);
    this.address = g64(this.address);
    this.requestBytes = g32(this.requestBytes);
    this.gcNext = g32(this.gcNext);
    this.gcPrev = g32(this.gcPrev);
    this.gcRefs = g32(this.gcRefs);
    this.slotOff = g32(this.slotOff);
    this.slotLen = g32(this.slotLen);
    this.slotCap = g32(this.slotCap);
    this.storageAddr = g64(this.storageAddr);
    this.storageCap = g32(this.storageCap);
    this.aux = g32(this.aux);
    this.inref = g32(this.inref);
    this.capacity = cap;
  }

  /** Whether objects of `kind` carry a PyGC_Head (Py_TPFLAGS_HAVE_GC). */
  isGcKind(kind: number): boolean {
    return this.typeTable[kind]?.gc === true;
  }

  isAlive(id: number): boolean {
    return id >= LIST_HEADS && id < this.nextId && (this.flags[id]! & 1) !== 0;
  }

  slot(id: number, i: number): ObjectId {
    return this.slotPool[this.slotOff[id]! + i]! as ObjectId;
  }

  /** The references `id` holds, in storage order (a copy). */
  slots(id: number): ObjectId[] {
    const off = this.slotOff[id]!;
    return Array.from(this.slotPool.subarray(off, off + this.slotLen[id]!)) as ObjectId[];
  }

  /** Make room for `len` slots of `id`, moving them to the pool's end when needed. */
  reserveSlots(id: number, len: number): void {
    const cap = this.slotCap[id]!;
    if (len <= cap) return;
    const newCap = Math.max(len, cap * 2, 2);
    if (this.slotPoolTop + newCap > this.slotPool.length) this.growSlotPool(newCap);
    const off = this.slotOff[id]!;
    const n = this.slotLen[id]!;
    const top = this.slotPoolTop;
    this.slotPool.copyWithin(top, off, off + n);
    this.slotPoolWaste += cap;
    this.slotOff[id] = top;
    this.slotCap[id] = newCap;
    this.slotPoolTop = top + newCap;
  }

  private growSlotPool(extra: number): void {
    if (this.slotPoolWaste > this.slotPoolTop / 2) {
      this.compactPool();
      if (this.slotPoolTop + extra <= this.slotPool.length) return;
    }
    let size = this.slotPool.length * 2;
    while (size < this.slotPoolTop + extra) size *= 2;
    const p = new Int32Array(size);
    p.set(this.slotPool.subarray(0, this.slotPoolTop));
    this.slotPool = p;
  }

  /** Packs every live object's slots to the front, in id order. */
  compactPool(): void {
    let total = 0;
    for (let id = LIST_HEADS; id < this.nextId; id++) total += this.slotCap[id]!;
    const p = new Int32Array(Math.max(1024, this.slotPool.length));
    let top = 0;
    for (let id = LIST_HEADS; id < this.nextId; id++) {
      const cap = this.slotCap[id]!;
      if (cap === 0) continue;
      const off = this.slotOff[id]!;
      p.set(this.slotPool.subarray(off, off + this.slotLen[id]!), top);
      this.slotOff[id] = top;
      top += cap;
    }
    this.slotPool = p;
    this.slotPoolTop = top;
    this.slotPoolWaste = 0;
    void total;
  }

  /** The head of the GC list `id` is on (GEN0..PERMANENT, or a collector list), or -1 if it is on none. */
  listOf(id: number): number {
    if (this.gcNext[id]! < 0) return -1;
    let x = id;
    while (x >= LIST_HEADS) x = this.gcNext[x]!;
    return x;
  }

  /** Number of objects on GC list `head`. */
  listLength(head: number): number {
    let n = 0;
    for (let g = this.gcNext[head]!; g !== head; g = this.gcNext[g]!) n++;
    return n;
  }

  /** Ids on GC list `head`, in list order. */
  listIds(head: number): ObjectId[] {
    const out: ObjectId[] = [];
    for (let g = this.gcNext[head]!; g !== head; g = this.gcNext[g]!) out.push(g as ObjectId);
    return out;
  }
}
