/**
 * Events of the object heap. Each is one primitive change; `evolve` applies it and never
 * validates. The heap's operations (Heap.ts) decide, then emit these one by one, so the
 * state after an operation is by construction the fold of its events.
 *
 * Memory traffic is carried as the allocator's own events (`MemoryChanged`), in the order
 * pymalloc produced them, so one log holds both layers.
 */
import type { LongText } from './longText.js';
import type { ObmallocEvent } from '@pymm/obmalloc';
import type { ObjectId } from './ids.js';
import type { TypeSpec } from './types.js';

/** pymalloc events caused by an object operation. */
export interface MemoryChanged { readonly type: 'MemoryChanged'; readonly event: ObmallocEvent }
/** _PyObject_GC_Link: count0 += 1 (before the object exists; a collection may follow). */
export interface GcAllocCounted { readonly type: 'GcAllocCounted' }
/** PyObject_GC_Del: count0 -= 1 if it is > 0. */
export interface GcFreeCounted { readonly type: 'GcFreeCounted' }
/**
 * An object came to life at `address` (its block; id() = address + pre-header) with
 * refcount 1. `value` holds the payload of atoms (int as a decimal string, float, str;
 * a LongText for a str longer than the host's longest string).
 */
export interface ObjectCreated {
  readonly type: 'ObjectCreated';
  readonly id: ObjectId;
  readonly kind: number;
  readonly typeId: ObjectId;
  readonly address: number;
  readonly requestBytes: number;
  readonly value?: string | number | LongText;
  /** Statics (None, small ints, builtin types) live outside pymalloc and never die. */
  readonly isStatic?: boolean;
  /** A dict created on a class's shared keys (a materialised instance __dict__). */
  readonly split?: boolean;
}
/** A type object's layout and behaviour (for user classes: at `class` execution). */
export interface TypeDefined { readonly type: 'TypeDefined'; readonly id: ObjectId; readonly spec: TypeSpec }
export interface RefcountChanged { readonly type: 'RefcountChanged'; readonly id: ObjectId; readonly delta: number }
/**
 * Ids in slot order: an array, or an Int32Array where one operation makes millions of
 * slots at once (list_repeat's `[0] * 10**8`), which a JavaScript array holds slowly.
 */
export type ObjectIdSequence = readonly ObjectId[] | Int32Array;
/** The references an object holds, as an array in storage order: replace a range. */
export interface SlotsSpliced {
  readonly type: 'SlotsSpliced'; readonly id: ObjectId; readonly index: number;
  readonly deleteCount: number; readonly insert: ObjectIdSequence;
}
export interface SlotSet { readonly type: 'SlotSet'; readonly id: ObjectId; readonly index: number; readonly value: ObjectId }
/**
 * The object's separately allocated storage changed: a list's ob_item (capacity in
 * items), an instance's values array (capacity in values), a dict's keys object
 * (capacity = log2 of its table; `unicode` for str-only keys), a set's table (slots).
 */
export interface StorageChanged {
  readonly type: 'StorageChanged'; readonly id: ObjectId; readonly address: number;
  readonly capacity: number; readonly unicode?: boolean;
  /** false: a split dict becomes combined (its own keys). */
  readonly split?: boolean;
}
/** An attribute name joined a class's shared keys (or the usable count changed). */
export interface SharedKeysChanged {
  readonly type: 'SharedKeysChanged'; readonly typeId: ObjectId; readonly usable: number; readonly addedName?: string;
}
/** The instance's __dict__ was materialised (or cleared: dict = NULL_ID). */
export interface InstanceDictSet { readonly type: 'InstanceDictSet'; readonly id: ObjectId; readonly dict: ObjectId }
/** _PyObject_GC_TRACK: appended to the end of generation 0. */
export interface ObjectTracked { readonly type: 'ObjectTracked'; readonly id: ObjectId }
export interface ObjectUntracked { readonly type: 'ObjectUntracked'; readonly id: ObjectId }
/** gc_list_move: unlinked from its list, appended to the end of list `list` (a list head). */
export interface GcListMoved { readonly type: 'GcListMoved'; readonly id: ObjectId; readonly list: number }
/** gc_list_merge: all of `from` appended to the end of `to`. */
export interface GcListsMerged { readonly type: 'GcListsMerged'; readonly from: number; readonly to: number }
/** A block kept on a free list instead of being freed / taken back from it. */
export interface FreeListPushed { readonly type: 'FreeListPushed'; readonly list: number; readonly address: number }
export interface FreeListPopped { readonly type: 'FreeListPopped'; readonly list: number }
/** The object is gone (its memory events, if any, come before). */
export interface ObjectDestroyed { readonly type: 'ObjectDestroyed'; readonly id: ObjectId }
/** _PyGC_SET_FINALIZED: tp_finalize ran; never again for this object. */
export interface FinalizedMarked { readonly type: 'FinalizedMarked'; readonly id: ObjectId }
/** A weakref joined its referent's list at `index` (0 = head). */
export interface WeakrefLinked { readonly type: 'WeakrefLinked'; readonly wr: ObjectId; readonly referent: ObjectId; readonly index: number }
/** clear_weakref: detached from its referent (now points to None). */
export interface WeakrefUnlinked { readonly type: 'WeakrefUnlinked'; readonly wr: ObjectId }
/** Markers for readers: a finalizer / callback body starts and ends (its effects follow as events). */
export interface FinalizerCalled { readonly type: 'FinalizerCalled'; readonly id: ObjectId; readonly legacy: boolean }
export interface WeakrefCallbackCalled { readonly type: 'WeakrefCallbackCalled'; readonly wr: ObjectId; readonly callback: ObjectId }
export interface HostCallReturned { readonly type: 'HostCallReturned'; readonly id: ObjectId }
/** PyErr_WriteUnraisable: an exception in a finalizer or callback, reported and ignored. */
export interface UnraisableReported { readonly type: 'UnraisableReported'; readonly id: ObjectId; readonly message: string }
/** set.pop() moved the set's search finger (so->finger) past the entry it took. */
export interface SetFingerMoved { readonly type: 'SetFingerMoved'; readonly id: ObjectId; readonly finger: number }
/** Py_TRASHCAN_BEGIN deferred the object (nesting too deep) / destroy_chain took it back. */
export interface DeallocDeferred { readonly type: 'DeallocDeferred'; readonly id: ObjectId }

export type ObjectsEvent =
  | MemoryChanged | GcAllocCounted | GcFreeCounted | ObjectCreated | TypeDefined | RefcountChanged
  | SlotsSpliced | SlotSet | StorageChanged | SharedKeysChanged | InstanceDictSet
  | ObjectTracked | ObjectUntracked | GcListMoved | GcListsMerged | FreeListPushed | FreeListPopped
  | ObjectDestroyed | FinalizedMarked | WeakrefLinked | WeakrefUnlinked | FinalizerCalled
  | WeakrefCallbackCalled | HostCallReturned | UnraisableReported | DeallocDeferred | SetFingerMoved;

export type ObjectsEventType = ObjectsEvent['type'];

/** Receives every event; a sink with `hot` receives RefcountChanged and SlotSet there. */
export type ObjectsSink = ((event: ObjectsEvent) => void) & { readonly hot?: ObjectsHotSink };

/**
 * The two most frequent events (three in five records of a program) without event
 * objects: a sink's `hot` receives RefcountChanged and SlotSet, after the heap applied
 * them as evolve would. A recorder encodes them straight away.
 */
export interface ObjectsHotSink {
  refcountChanged(id: ObjectId, delta: number): void;
  slotSet(id: ObjectId, index: number, value: ObjectId): void;
}
