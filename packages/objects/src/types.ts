/**
 * Type objects. Builtin types are static objects (created with the heap, never freed,
 * untracked like CPython's static types); user classes are heap types: GC objects with
 * a dict, bases and mro tuples, made by `Heap.newClass`.
 *
 * A TypeSpec is what tp_* slots decide for the simulation: the instances' kind and size,
 * whether they are GC objects, have a managed __dict__ (3.11 inline values), weakref
 * support, __slots__, a finalizer (`__del__` = tp_finalize) or a legacy tp_del.
 */
import type { ObjectId } from './ids.js';
import { Kind } from './kinds.js';

export interface TypeSpec {
  readonly name: string;
  /** Kind of the instances. */
  readonly instanceKind: number;
  /** Py_TPFLAGS_HEAPTYPE: a user class. */
  readonly isHeap: boolean;
  /** Instances are GC objects (carry a PyGC_Head). */
  readonly instancesGc: boolean;
  /** tp_basicsize of the instances, bytes (without pre-headers). */
  readonly basicBytes: number;
  /** Py_TPFLAGS_MANAGED_DICT: instances keep attributes in inline values / a managed dict. */
  readonly managedDict: boolean;
  /** tp_weaklistoffset != 0 */
  readonly weakrefable: boolean;
  /** This class added the __weakref__ slot itself (base had none): subtype_dealloc clears weakrefs. */
  readonly addsWeakref: boolean;
  /** __slots__ member names of the whole hierarchy, in offset order. */
  readonly slotNames: readonly string[];
  /** tp_finalize from a Python __del__ (anywhere in the mro). */
  readonly hasFinalizer: boolean;
  /** tp_del (legacy finalizer, `_testcapi.with_tp_del`). */
  readonly legacyDel: boolean;
  /** tp_base, tp_bases and tp_mro (ids of type objects). */
  readonly base: ObjectId;
  readonly bases: readonly ObjectId[];
  readonly mro: readonly ObjectId[];
}

/** The builtin types the heap creates at start, in id order after the list heads. */
export const BUILTIN_TYPES: readonly { readonly name: string; readonly kind: number; readonly gc: boolean; readonly basicBytes: number; readonly weakrefable: boolean }[] = [
  { name: 'type', kind: Kind.Type, gc: true, basicBytes: 888, weakrefable: true },
  { name: 'object', kind: Kind.Object, gc: false, basicBytes: 16, weakrefable: false },
  { name: 'NoneType', kind: Kind.None, gc: false, basicBytes: 16, weakrefable: false },
  { name: 'bool', kind: Kind.Bool, gc: false, basicBytes: 32, weakrefable: false },
  { name: 'int', kind: Kind.Int, gc: false, basicBytes: 24, weakrefable: false },
  { name: 'float', kind: Kind.Float, gc: false, basicBytes: 24, weakrefable: false },
  { name: 'str', kind: Kind.Str, gc: false, basicBytes: 80, weakrefable: false },
  { name: 'bytes', kind: Kind.Bytes, gc: false, basicBytes: 33, weakrefable: false },
  { name: 'tuple', kind: Kind.Tuple, gc: true, basicBytes: 24, weakrefable: false },
  { name: 'list', kind: Kind.List, gc: true, basicBytes: 40, weakrefable: false },
  { name: 'dict', kind: Kind.Dict, gc: true, basicBytes: 48, weakrefable: false },
  { name: 'set', kind: Kind.Set, gc: true, basicBytes: 200, weakrefable: true },
  { name: 'frozenset', kind: Kind.FrozenSet, gc: true, basicBytes: 200, weakrefable: true },
  { name: 'function', kind: Kind.Function, gc: true, basicBytes: 136, weakrefable: true },
  { name: 'cell', kind: Kind.Cell, gc: true, basicBytes: 24, weakrefable: false },
  { name: 'method', kind: Kind.Method, gc: true, basicBytes: 48, weakrefable: true },
  { name: 'weakref', kind: Kind.Weakref, gc: true, basicBytes: 64, weakrefable: false },
  { name: 'getset_descriptor', kind: Kind.GetSet, gc: true, basicBytes: 56, weakrefable: false },
  { name: 'code', kind: Kind.Code, gc: false, basicBytes: 176, weakrefable: true },
  { name: 'module', kind: Kind.Module, gc: true, basicBytes: 64, weakrefable: true },
];

export function builtinSpec(b: (typeof BUILTIN_TYPES)[number], typeTypeId: ObjectId, objectTypeId: ObjectId, id: ObjectId): TypeSpec {
  const isObject = id === objectTypeId;
  return {
    name: b.name, instanceKind: b.kind, isHeap: false, instancesGc: b.gc, basicBytes: b.basicBytes,
    managedDict: false, weakrefable: b.weakrefable, addsWeakref: b.weakrefable, slotNames: [],
    hasFinalizer: false, legacyDel: false,
    base: isObject ? (-1 as ObjectId) : objectTypeId,
    bases: isObject ? [] : [objectTypeId],
    mro: isObject ? [id] : [id, objectTypeId],
  };
  void typeTypeId;
}
