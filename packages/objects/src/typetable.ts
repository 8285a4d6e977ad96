/**
 * The type table: every kind of object the heap models, each a record of its slots, as
 * the PyTypeObject definitions of CPython's Objects/*object.c files are. A kind is the C
 * layout and behaviour an object has; the Python type is separate (`typeOf`): instances
 * of every user class share the kind Instance, and a type object's own kind is Type.
 *
 *   slot       CPython                          when a record leaves it out
 *   name       the C type's tp_name             -
 *   gc         Py_TPFLAGS_HAVE_GC               -
 *   traverse   tp_traverse (on the state alone)  the slots in storage order, NULLs skipped
 *   sizeof     __sizeof__ without the pre-header the request bytes it was made with
 *   slots      tp_dealloc, tp_clear, trashcan    no tp_dealloc (statics, never freed)
 *              (TypeSlots, made once per heap)
 *
 * traverse and sizeof work on the state alone, because the event log's fold (the
 * collector's scan in `evolve`, a timeline's questions) has no heap; `slots` gets the
 * heap's core. _Py_Dealloc, the trashcan, the collector's tp_traverse and tp_clear and
 * sys.getsizeof all dispatch through this table (`ObjectsState.typeTable`).
 *
 * Adding a type: a file of its own (its routines; its traverse and sizeof when the
 * defaults do not fit; a class whose TypeSlots the heap calls, made with `h.file(Class)`),
 * its number in Kind (kinds.ts) and its line here. A state made with a longer table (see the
 * README, "Adding a type") models a type the package does not ship.
 *
 * The records name only function declarations and arrow functions of the type files, so
 * this table is safe to build while those files are still being loaded.
 */
import { AtomObjects, longObjectSizeof } from './atoms.js';
import { CellObjects } from './cellobject.js';
import { MethodObjects } from './classobject.js';
import { DictObjects, dictObjectSizeof, dictTraverse } from './dictobject.js';
import { FuncObjects } from './funcobject.js';
import type { TypeDef } from './kinds.js';
import { ListObjects, listObjectSizeof, listTraverse } from './listobject.js';
import { ModuleObjects } from './moduleobject.js';
import { OpaqueObjects } from './opaque.js';
import { SetObjects, setObjectSizeof } from './setobject.js';
import { TupleObjects, tupleObjectSizeof, tupleTraverse } from './tupleobject.js';
import { instanceObjectSizeof, subtypeTraverse, TypeObjects, typeObjectSizeof, typeTraverse } from './typeobject.js';
import { WeakrefObjects } from './weakrefobject.js';

/** The table of the kinds this package models, indexed by Kind. */
export const TYPE_TABLE: readonly TypeDef[] = [
  { name: 'free', gc: false },
  { name: 'NoneType', gc: false },
  { name: 'bool', gc: false },
  { name: 'int', gc: false, sizeof: longObjectSizeof, slots: (h) => h.file(AtomObjects).plainSlots },
  { name: 'float', gc: false, slots: (h) => h.file(AtomObjects).floatSlots },
  { name: 'str', gc: false, slots: (h) => h.file(AtomObjects).plainSlots },
  { name: 'bytes', gc: false, slots: (h) => h.file(AtomObjects).plainSlots },
  { name: 'tuple', gc: true, traverse: tupleTraverse, sizeof: tupleObjectSizeof, slots: (h) => h.file(TupleObjects) },
  { name: 'list', gc: true, traverse: listTraverse, sizeof: listObjectSizeof, slots: (h) => h.file(ListObjects) },
  { name: 'dict', gc: true, traverse: dictTraverse, sizeof: dictObjectSizeof, slots: (h) => h.file(DictObjects) },
  { name: 'set', gc: true, sizeof: setObjectSizeof, slots: (h) => h.file(SetObjects) },
  { name: 'frozenset', gc: true, sizeof: setObjectSizeof, slots: (h) => h.file(SetObjects) },
  { name: 'instance', gc: true, traverse: subtypeTraverse, sizeof: instanceObjectSizeof, slots: (h) => h.file(TypeObjects).instanceSlots },
  { name: 'type', gc: true, traverse: typeTraverse, sizeof: typeObjectSizeof, slots: (h) => h.file(TypeObjects).typeSlots },
  { name: 'function', gc: true, slots: (h) => h.file(FuncObjects) },
  { name: 'cell', gc: true, slots: (h) => h.file(CellObjects) },
  { name: 'method', gc: true, slots: (h) => h.file(MethodObjects) },
  { name: 'weakref', gc: true, slots: (h) => h.file(WeakrefObjects) },
  { name: 'getset_descriptor', gc: true, slots: (h) => h.file(OpaqueObjects).gcSlots },
  { name: 'object', gc: false, slots: (h) => h.file(AtomObjects).plainSlots },
  { name: 'code', gc: false },
  { name: 'module', gc: true, slots: (h) => h.file(ModuleObjects) },
  { name: 'builtin', gc: false },
  { name: 'opaque', gc: true, slots: (h) => h.file(OpaqueObjects).gcSlots },
  { name: 'opaque', gc: false, slots: (h) => h.file(OpaqueObjects).atomSlots },
];

/** Each builtin kind's name, by Kind. */
export const KIND_NAMES: readonly string[] = TYPE_TABLE.map((t) => t.name);

/** Whether a builtin kind's objects carry a PyGC_Head (Py_TPFLAGS_HAVE_GC); a state's own table: `state.isGcKind`. */
export function kindIsGc(kind: number): boolean {
  return TYPE_TABLE[kind]?.gc === true;
}
