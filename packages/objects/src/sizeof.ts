/**
 * sys.getsizeof: the type table's `sizeof` of the object's kind (each type's __sizeof__:
 * list_sizeof, dict_sizeof, set_sizeof, type's tp_basicsize, int_sizeof, ... in the
 * type's file) plus the GC header and, for instances of classes with a managed dict, its
 * pre-header (_PyObject_SIZE + the pre-header _PySys_GetSizeOf adds). A kind without a
 * `sizeof` reports the bytes it was made with, which count its pre-header already.
 */
import { LAYOUT_311 } from './layout.js';
import type { ObjectsState } from './ObjectsState.js';
import type { ObjectId } from './ids.js';
import { Kind, type SizeofContext } from './kinds.js';

/** NEXT_LOG2_SHARED_KEYS_MAX_SIZE: a class's cached keys have 64 slots. */
export const SHARED_KEYS_LOG2 = 6;
/** sizeof(PyTypeObject) and sizeof(PyHeapTypeObject) (a class's tp_basicsize). */
export const STATIC_TYPE_BYTES = 408;
export const HEAP_TYPE_BYTES = 904;

/** The GC header before a GC object, and a managed dict's pre-header before an instance of a class with one. */
export function preheaderBytes(s: ObjectsState, id: ObjectId): number {
  if (!s.isGcKind(s.kind[id]!)) return 0;
  const spec = s.kind[id] === Kind.Instance ? s.types.get(s.typeOf[id]!) : undefined;
  return LAYOUT_311.gcHeadBytes + (spec?.managedDict ? LAYOUT_311.managedDictPreHeaderBytes : 0);
}

/** sys.getsizeof(obj) of a live object. */
export function objectSizeof(s: ObjectsState, id: ObjectId, c: SizeofContext): number {
  const sizeof = s.typeTable[s.kind[id]!]?.sizeof;
  return sizeof === undefined ? s.requestBytes[id]! : preheaderBytes(s, id) + sizeof(s, id, c);
}
