/**
 * tp_traverse of every kind, on the state alone (the collector's scan runs inside
 * evolve, where there is no Heap). Visits in CPython's order; NULL slots are skipped.
 *
 *   tuple, list   items last to first (tupletraverse, list_traverse)
 *   dict          split or unicode table: values in entry order; general: value, key
 *   instance      __slots__, inline values, the materialised __dict__, then the class
 *   others        slots in order
 */
import { NULL_ID, type ObjectId } from './ids.js';
import { Kind } from './kinds.js';
import { F_SPLIT, F_STATIC, F_UNICODE, type ObjectsState } from './ObjectsState.js';

export function traverse(s: ObjectsState, id: number, visit: (referent: ObjectId) => void): void {
  const off = s.slotOff[id]!;
  const n = s.slotLen[id]!;
  const pool = s.slotPool;
  switch (s.kind[id]) {
    case Kind.Tuple: case Kind.List:
      for (let i = n - 1; i >= 0; i--) { const x = pool[off + i]!; if (x !== NULL_ID) visit(x as ObjectId); }
      return;
    case Kind.Dict:
      if ((s.flags[id]! & (F_SPLIT | F_UNICODE)) !== 0) {
        const stride = (s.flags[id]! & F_SPLIT) !== 0 ? 1 : 2;
        for (let i = stride - 1; i < n; i += stride) { const x = pool[off + i]!; if (x !== NULL_ID) visit(x as ObjectId); }
      } else {
        for (let i = 0; i < n; i += 2) {
          const k = pool[off + i]!;
          if (k === NULL_ID) continue;
          visit(pool[off + i + 1]! as ObjectId);
          visit(k as ObjectId);
        }
      }
      return;
    case Kind.Instance: {
      for (let i = 0; i < n; i++) { const x = pool[off + i]!; if (x !== NULL_ID) visit(x as ObjectId); }
      const dict = s.aux[id]!;
      if (dict !== NULL_ID) visit(dict as ObjectId);
      visit(s.typeOf[id]! as ObjectId);
      return;
    }
    case Kind.Type:
      if ((s.flags[id]! & F_STATIC) !== 0) return;
      for (let i = 0; i < n; i++) { const x = pool[off + i]!; if (x !== NULL_ID) visit(x as ObjectId); }
      return;
    default:
      for (let i = 0; i < n; i++) { const x = pool[off + i]!; if (x !== NULL_ID) visit(x as ObjectId); }
  }
}
