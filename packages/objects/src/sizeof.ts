/**
 * sys.getsizeof: each type's __sizeof__ (list_sizeof, dict_sizeof, set_sizeof, type's
 * tp_basicsize, int_sizeof, ...) plus the GC header and, for instances of classes with a
 * managed dict, its pre-header (_PyObject_SIZE + the pre-header _PySys_GetSizeOf adds).
 */
import { Kind, kindIsGc } from './kinds.js';
import { dictKeysBytes, intSizeof, LAYOUT_311 } from './layout.js';
import { F_SPLIT, F_STATIC, F_UNICODE, type ObjectsState } from './ObjectsState.js';
import type { ObjectId } from './ids.js';

/** NEXT_LOG2_SHARED_KEYS_MAX_SIZE: a class's cached keys have 64 slots. */
export const SHARED_KEYS_LOG2 = 6;
/** sizeof(PyTypeObject) and sizeof(PyHeapTypeObject) (a class's tp_basicsize). */
export const STATIC_TYPE_BYTES = 408;
export const HEAP_TYPE_BYTES = 904;

/** The GC header before a GC object, and a managed dict's pre-header before an instance of a class with one. */
export function preheaderBytes(s: ObjectsState, id: ObjectId): number {
  if (!kindIsGc(s.kind[id]!)) return 0;
  const spec = s.kind[id] === Kind.Instance ? s.types.get(s.typeOf[id]!) : undefined;
  return LAYOUT_311.gcHeadBytes + (spec?.managedDict ? LAYOUT_311.managedDictPreHeaderBytes : 0);
}

/** sys.getsizeof(obj) of a live object; `splitOwner` gives the class whose shared keys a split dict uses. */
export function objectSizeof(s: ObjectsState, id: ObjectId, splitOwner: (dict: ObjectId) => ObjectId): number {
  const pre = preheaderBytes(s, id);
  switch (s.kind[id]) {
    case Kind.List: return pre + LAYOUT_311.listBasicBytes + 8 * s.storageCap[id]!;
    case Kind.Tuple: return pre + LAYOUT_311.tupleBasicBytes + 8 * s.slotLen[id]!;
    case Kind.Dict: {
      if ((s.flags[id]! & F_SPLIT) !== 0) {
        // shared_keys_usable_size: the class's keys now (dk_nentries + dk_usable), not this array's size
        const keys = s.sharedKeys.get(splitOwner(id))!;
        return pre + LAYOUT_311.dictBasicBytes + 8 * (keys.names.length + keys.usable);
      }
      const log2 = s.storageCap[id]!;
      return pre + LAYOUT_311.dictBasicBytes + (log2 === 0 ? 0 : dictKeysBytes(log2, (s.flags[id]! & F_UNICODE) !== 0));
    }
    case Kind.Set: case Kind.FrozenSet: {
      const slots = s.storageCap[id]!;
      return pre + LAYOUT_311.setBasicBytes + (slots > 8 ? 16 * slots : 0);
    }
    case Kind.Instance: return pre + s.types.get(s.typeOf[id]!)!.basicBytes;
    case Kind.Type: {
      if ((s.flags[id]! & F_STATIC) !== 0) return LAYOUT_311.gcHeadBytes + STATIC_TYPE_BYTES;
      return LAYOUT_311.gcHeadBytes + HEAP_TYPE_BYTES + (s.storageAddr[id]! !== 0 ? dictKeysBytes(SHARED_KEYS_LOG2, true) : 0);
    }
    case Kind.Int: return intSizeof(BigInt(s.payload[id] as string));
    default: return s.requestBytes[id]!;
  }
}
