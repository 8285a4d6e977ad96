/**
 * Object kinds: the C layout and behaviour an object has (which tp_dealloc, tp_traverse,
 * tp_clear apply). The Python type is separate (`typeOf`): instances of every user class
 * share the kind INSTANCE, and a type object's own kind is TYPE.
 */
export const Kind = {
  Free: 0,
  None: 1,
  Bool: 2,
  Int: 3,
  Float: 4,
  Str: 5,
  Bytes: 6,
  Tuple: 7,
  List: 8,
  Dict: 9,
  Set: 10,
  FrozenSet: 11,
  Instance: 12,
  Type: 13,
  Function: 14,
  Cell: 15,
  Method: 16,
  Weakref: 17,
  GetSet: 18,
  Object: 19,
  Code: 20,
  Module: 21,
  /** An interpreter-owned static (builtin function, module, exception class, …): payload 'type:name'. */
  Builtin: 22,
  /** A GC object the heap only knows by its references and size (iterators, bound builtin methods, …). */
  Opaque: 23,
  /** The same without a GC header (range objects, range iterators, …). */
  OpaqueAtom: 24,
} as const;
export type Kind = (typeof Kind)[keyof typeof Kind];

export const KIND_NAMES: readonly string[] = [
  'free', 'NoneType', 'bool', 'int', 'float', 'str', 'bytes', 'tuple', 'list', 'dict', 'set',
  'frozenset', 'instance', 'type', 'function', 'cell', 'method', 'weakref', 'getset_descriptor',
  'object', 'code', 'module', 'builtin', 'opaque', 'opaque',
];

/** Kinds whose objects carry a PyGC_Head (Py_TPFLAGS_HAVE_GC). */
export function kindIsGc(kind: number): boolean {
  switch (kind) {
    case Kind.Tuple: case Kind.List: case Kind.Dict: case Kind.Set: case Kind.FrozenSet:
    case Kind.Instance: case Kind.Type: case Kind.Function: case Kind.Cell: case Kind.Method:
    case Kind.Weakref: case Kind.GetSet: case Kind.Module: case Kind.Opaque:
      return true;
    default:
      return false;
  }
}
