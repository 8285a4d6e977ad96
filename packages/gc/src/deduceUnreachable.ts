/**
 * deduce_unreachable(young, unreachable): the heart of the collector, on the heap's
 * arrays. After it, `young` holds the objects reachable from outside the set (reordered
 * as move_unreachable leaves them) and `unreachable` the rest, in order.
 *
 * Mirrors  Modules/gcmodule.c (3.11): update_refs, subtract_refs, visit_decref,
 *          move_unreachable, visit_reachable.
 * Differs  lists stay doubly linked during move_unreachable (CPython borrows the prev
 *          pointer and a bit of next); the resulting order is the same.
 *
 *   phase            per object of young                 after
 *   update_refs      gc_refs = refcnt, COLLECTING set     gc_refs = all references
 *   subtract_refs    each referent in young: gc_refs--    gc_refs = outside references
 *   move_unreachable gc_refs > 0: traverse, mark 1       reachable stay (COLLECTING cleared,
 *                                                        gc_refs back to 0)
 *                    gc_refs = 0: to unreachable          …unless later found reachable:
 *                                                        back to the END of young
 *
 * The collector runs this on the live state; the log records what it decided (the
 * unreachable ids, and the objects moved back as GcListMoved events), and `evolve`
 * applies those decisions (applyYoungScanned) instead of running the scan again.
 */
import { append, F_COLLECTING, F_UNREACHABLE, Kind, NULL_ID, traverse, unlink, type ObjectId, type ObjectsState } from '@pymm/objects';

/** What `microsteps` reports for one object of the scanned list. */
export interface ScanStep {
  readonly id: ObjectId;
  readonly refcnt: number;
  /** gc_refs after subtract_refs: references from outside the set. */
  readonly externalRefs: number;
  readonly reachable: boolean;
}

export function updateRefs(s: ObjectsState, young: number): void {
  const next = s.gcNext;
  const flags = s.flags;
  const refs = s.gcRefs;
  const rc = s.refcnt;
  for (let g = next[young]!; g !== young; g = next[g]!) {
    refs[g] = rc[g]!;
    flags[g] = flags[g]! | F_COLLECTING;
  }
}

export function subtractRefs(s: ObjectsState, young: number): void {
  const next = s.gcNext;
  const flags = s.flags;
  const refs = s.gcRefs;
  const pool = s.slotPool;
  const off = s.slotOff;
  const len = s.slotLen;
  const kind = s.kind;
  const aux = s.aux;
  for (let g = next[young]!; g !== young; g = next[g]!) {
    // visit order does not matter here: every referent with COLLECTING loses one
    const o = off[g]!;
    const n = len[g]!;
    const k = kind[g]!;
    if (k === Kind.Dict && (flags[g]! & 0xc0) === 0x40) {
      // unicode combined table: values only (keys are exact str, never collecting)
      for (let i = o + 1; i < o + n; i += 2) {
        const x = pool[i]!;
        if (x !== NULL_ID && (flags[x]! & F_COLLECTING) !== 0) refs[x]!--;
      }
      continue;
    }
    for (let i = o; i < o + n; i++) {
      const x = pool[i]!;
      if (x !== NULL_ID && (flags[x]! & F_COLLECTING) !== 0) refs[x]!--;
    }
    if (k === Kind.Instance) {
      const d = aux[g]!;
      if (d !== NULL_ID && (flags[d]! & F_COLLECTING) !== 0) refs[d]!--;
      const t = s.typeOf[g]!;
      if ((flags[t]! & F_COLLECTING) !== 0) refs[t]!--;
    }
  }
}

/**
 * move_unreachable. `rescued` (when given) receives, in order, each object that was
 * moved to `unreachable` and then found reachable (so moved back to the end of young).
 * A walked object's gc_refs is no longer read: it is reset to 0 there, so that after a
 * scan every gc_refs is 0 again (the scratch count leaves nothing in the state).
 */
export function moveUnreachable(s: ObjectsState, young: number, unreachable: number, rescued: ObjectId[] | null = null): void {
  const next = s.gcNext;
  const prevA = s.gcPrev;
  const flags = s.flags;
  const refs = s.gcRefs;
  const appendTo = (id: number, head: number) => {
    const last = prevA[head]!;
    next[last] = id;
    prevA[id] = last;
    next[id] = head;
    prevA[head] = id;
  };
  const unlink = (id: number) => {
    const p = prevA[id]!;
    const n = next[id]!;
    next[p] = n;
    prevA[n] = p;
  };
  const visitReachable = (op: ObjectId): void => {
    const f = flags[op]!;
    if ((f & F_COLLECTING) === 0) return;
    if ((f & F_UNREACHABLE) !== 0) {
      unlink(op);
      appendTo(op, young);
      flags[op] = f & ~F_UNREACHABLE;
      refs[op] = 1;
      if (rescued !== null) rescued.push(op);
    } else if (refs[op] === 0) {
      refs[op] = 1;
    }
  };
  let prev = young;
  let g = next[young]!;
  while (g !== young) {
    if (refs[g] !== 0) {
      traverse(s, g, visitReachable);
      flags[g] = flags[g]! & ~F_COLLECTING;
      refs[g] = 0;
      prev = g;
    } else {
      unlink(g);
      appendTo(g, unreachable);
      flags[g] = flags[g]! | F_UNREACHABLE;
    }
    g = next[prev]!;
  }
}

/**
 * (a)-(c), then NEXT_MASK_UNREACHABLE cleared on what ended in `unreachable`. Returns
 * those ids; `rescued` receives the objects move_unreachable moved back to young.
 */
export function deduceUnreachable(s: ObjectsState, young: number, unreachable: number, rescued: ObjectId[] | null = null): ObjectId[] {
  const before = s.gcPrev[unreachable]!;
  updateRefs(s, young);
  subtractRefs(s, young);
  moveUnreachable(s, young, unreachable, rescued);
  const out: ObjectId[] = [];
  const start = before === unreachable ? s.gcNext[unreachable]! : s.gcNext[before]!;
  for (let g = start; g !== unreachable; g = s.gcNext[g]!) {
    s.flags[g] = s.flags[g]! & ~F_UNREACHABLE;
    out.push(g as ObjectId);
  }
  return out;
}

/**
 * What a YoungScanned event does to the state: the scan's decisions applied, without
 * running it. `unreachable` (in the order the scan left them) go to the end of list
 * `into` with COLLECTING set; every other object of `young` has COLLECTING cleared and
 * keeps its place, except `rescued`, which move to the end of young in that order (as
 * move_unreachable moved them back). gc_refs is 0 everywhere after a scan.
 */
export function applyYoungScanned(s: ObjectsState, young: number, into: number, unreachable: readonly ObjectId[], rescued: readonly ObjectId[]): void {
  const next = s.gcNext;
  const flags = s.flags;
  for (const id of unreachable) {
    unlink(s, id);
    append(s, id, into);
    flags[id] = (flags[id]! | F_COLLECTING) & ~F_UNREACHABLE;
    s.gcRefs[id] = 0;
  }
  for (const id of rescued) {
    unlink(s, id);
    append(s, id, young);
  }
  for (let g = next[young]!; g !== young; g = next[g]!) {
    flags[g] = flags[g]! & ~(F_COLLECTING | F_UNREACHABLE);
    s.gcRefs[g] = 0;
  }
}

/**
 * The per-object microsteps of a scan of list `young`, computed on a copy of the
 * arrays it touches (the state is not changed): each object's refcount, its gc_refs
 * after subtract_refs, and whether move_unreachable kept it.
 */
export function scanMicrosteps(s: ObjectsState, young: number): ScanStep[] {
  const ids: number[] = [];
  for (let g = s.gcNext[young]!; g !== young; g = s.gcNext[g]!) ids.push(g);
  const saved = { next: s.gcNext.slice(), prev: s.gcPrev.slice(), flags: s.flags.slice(), refs: s.gcRefs.slice() };
  try {
    updateRefs(s, young);
    subtractRefs(s, young);
    const external = ids.map((id) => s.gcRefs[id]!);
    const tmp = saved.next.length; // a scratch list head past the last id is not available: use the permanent trick below
    void tmp;
    const reachable = new Set<number>();
    // a scratch unreachable list: reuse the SEEN head (empty between collections)
    moveUnreachable(s, young, 7);
    for (let g = s.gcNext[young]!; g !== young; g = s.gcNext[g]!) reachable.add(g);
    return ids.map((id, i) => ({ id: id as ObjectId, refcnt: s.refcnt[id]!, externalRefs: external[i]!, reachable: reachable.has(id) }));
  } finally {
    s.gcNext.set(saved.next);
    s.gcPrev.set(saved.prev);
    s.flags.set(saved.flags);
    s.gcRefs.set(saved.refs);
  }
}
