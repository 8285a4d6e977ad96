/**
 * tp_traverse, on the state alone (the collector's scan runs inside evolve, where there
 * is no Heap): the type table's `traverse` of the object's kind, or the default below.
 * Visits in CPython's order; NULL slots are skipped.
 *
 *   tuple, list   items last to first (tupletraverse, list_traverse)
 *   dict          split or unicode table: values in entry order; general: value, key
 *   instance      __slots__, inline values, the materialised __dict__, then the class
 *   type          heap types only: tp_dict, tp_mro, tp_bases, tp_base
 *   others        slots in order (traverseSlots)
 */
import { NULL_ID, type ObjectId } from './ids.js';
import type { ObjectsState } from './ObjectsState.js';

export function traverse(s: ObjectsState, id: number, visit: (referent: ObjectId) => void): void {
  const t = s.typeTable[s.kind[id]!]?.traverse;
  if (t !== undefined) t(s, id, visit);
  else traverseSlots(s, id, visit);
}

/** The default tp_traverse: every reference the object holds, in storage order. */
export function traverseSlots(s: ObjectsState, id: number, visit: (referent: ObjectId) => void): void {
  const off = s.slotOff[id]!;
  const n = s.slotLen[id]!;
  const pool = s.slotPool;
  for (let i = 0; i < n; i++) { const x = pool[off + i]!; if (x !== NULL_ID) visit(x as ObjectId); }
}

/** Items last to first (tupletraverse, list_traverse). */
export function traverseSlotsReversed(s: ObjectsState, id: number, visit: (referent: ObjectId) => void): void {
  const off = s.slotOff[id]!;
  const pool = s.slotPool;
  for (let i = s.slotLen[id]! - 1; i >= 0; i--) { const x = pool[off + i]!; if (x !== NULL_ID) visit(x as ObjectId); }
}
