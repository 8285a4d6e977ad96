/**
 * @pymm/objects: CPython 3.11 objects in simulated memory — layouts and sizes, and the
 * object heap (reference counts, deallocation in tp_dealloc order, the trashcan, free
 * lists, finalizers, weak references) as a decider over typed arrays.
 */
export {
  LAYOUT_311, intDigits, intRequestBytes, intSizeof, strKind, strBytes, bytesBytes, tupleBytes, listResize, listSizeof,
  usableFraction, log2Keysize, dictKeysBytes, dictLog2AfterInserts, dictSizeof, setTableAfterInserts, setSizeof, getsizeof,
  inlineValuesRequestBytes,
} from './layout.js';
export type { Layout } from './layout.js';
export { Heap, FUNC_CODE, FUNC_GLOBALS, FUNC_NAME, FUNC_QUALNAME, FUNC_DEFAULTS, FUNC_KWDEFAULTS, FUNC_DICT, FUNC_CLOSURE } from './Heap.js';
export type { ObjectsHost, GcAllocationHook, NewClassOptions, NewFunctionOptions } from './Heap.js';
export {
  ObjectsState, F_ALIVE, F_STATIC, F_TRACKED, F_FINALIZED, F_COLLECTING, F_UNREACHABLE, F_UNICODE, F_SPLIT,
  FREE_LIST_NAMES, FL_FLOAT, FL_LIST, FL_DICT, FL_KEYS, flTuple,
} from './ObjectsState.js';
export type { SharedKeys } from './ObjectsState.js';
export {
  objectHash, pointerHash, objectAddress, intHash, intHashOfDecimal, floatHash, strHash, bytesHash, tupleHash, frozensetHash, siphash13,
} from './hash.js';
export { evolve, unlink, append, mergeLists, rebuildDictIndexes, keyIdentity, applySlotSet } from './evolve.js';
export { initialState, execute, decide, heapFor } from './decider.js';
export type { ObjectsCommand, ObjectsConfig } from './decider.js';
export type { ObjectIdSequence, ObjectsEvent, ObjectsEventType, ObjectsHotSink, ObjectsSink } from './events.js';
export { ObjectsError } from './errors.js';
export { LongText, LongTextError, HOST_MAX_STRING } from './longText.js';
export type { LongTextPiece, Text } from './longText.js';
export type { ObjectsErrorCode } from './errors.js';
export { Kind, type SizeofContext, type Traverse, type TypeDef } from './kinds.js';
export { KIND_NAMES, kindIsGc, TYPE_TABLE } from './typetable.js';
export {
  NULL_ID, GEN0, GEN1, GEN2, PERMANENT, UNREACHABLE, FINALIZERS, WRCB_TO_CALL, SEEN, FINAL_UNREACHABLE, LIST_HEADS, LIST_NAMES,
} from './ids.js';
export type { ObjectId } from './ids.js';
export type { TypeSpec } from './types.js';
export { BUILTIN_TYPES } from './types.js';
export { cloneObjectsState, diffObjectsStates } from './snapshot.js';
export { checkObjectsInvariants, findObjectsViolations } from './invariants.js';
export { traverse, traverseSlots, traverseSlotsReversed } from './traverse.js';
export type { HeapCore, TypeSlots } from './object.js';
export { internalReferences } from './invariants.js';
export { ClosureHost } from './ClosureHost.js';
export type { Body } from './ClosureHost.js';
