/**
 * Object kinds: the C layout and behaviour an object has, each a line of the type table
 * (typetable.ts, which says what each kind's slots are). The Python type is separate
 * (`typeOf`): instances of every user class share the kind Instance, and a type object's
 * own kind is Type.
 *
 * This file imports nothing at run time: every file of the package may use Kind while
 * the package is being loaded.
 */
import type { ObjectId } from './ids.js';
import type { HeapCore, TypeSlots } from './object.js';
import type { ObjectsState } from './ObjectsState.js';

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

/** tp_traverse: calls visit(referent) for each reference, in CPython's order. */
export type Traverse = (s: ObjectsState, id: number, visit: (referent: ObjectId) => void) => void;

/** What a type's __sizeof__ may need beyond the state: the class whose shared keys a split dict uses. */
export interface SizeofContext {
  splitOwner(dict: ObjectId): ObjectId;
}

/** One kind's record in the type table (the header above lists the slots). */
export interface TypeDef {
  readonly name: string;
  readonly gc: boolean;
  readonly traverse?: Traverse;
  readonly sizeof?: (s: ObjectsState, id: ObjectId, c: SizeofContext) => number;
  readonly slots?: (h: HeapCore) => TypeSlots;
}
