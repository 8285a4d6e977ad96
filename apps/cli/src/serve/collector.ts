/**
 * The collector stepper: one collection of a heap log as steps a person can follow, each
 * with the objects' gc_refs and the list each is on, and a one-line explanation.
 *
 * The log holds the scan (update_refs, subtract_refs, move_unreachable) as one
 * YoungScanned event; its object-by-object steps are recomputed here on the state just
 * before it, the way Modules/gcmodule.c runs them (the arrays are restored afterwards).
 * The later phases are the log's own events, grouped by phase.
 */
import type { GcEvent } from '@pymm/gc';
import { F_COLLECTING, F_UNREACHABLE, LIST_NAMES, traverse, type ObjectsState } from '@pymm/objects';

export interface Row { id: number; gcRefs: number | null; list: string; refcount: number }
export interface StepJson {
  /** Position to show (records applied): the scan's sub-steps share the position before the scan. */
  readonly at: number;
  readonly phase: string;
  readonly title: string;
  readonly explain: string;
  /** Rows that changed at this step (the page folds them from the first step on). */
  readonly set: Row[];
  /** Ids this step is about (highlighted). */
  readonly focus: number[];
}
export interface CollectionJson {
  readonly start: number;
  readonly end: number;
  readonly generation: number;
  readonly automatic: boolean;
  readonly collected: number;
  readonly uncollectable: number;
  readonly objects: { id: number; description: string }[];
  readonly steps: StepJson[];
  /** Objects of the generation left out of the table (over the limit). */
  readonly omitted: number;
}

export interface CollectionInput {
  readonly start: number;
  readonly end: number;
  readonly generation: number;
  readonly automatic: boolean;
  readonly collected: number;
  readonly uncollectable: number;
  readonly events: readonly { seq: number; event: GcEvent }[];
  /** The state just before the first YoungScanned (a copy: its arrays are borrowed and restored). */
  readonly beforeScan: ObjectsState | null;
  describe(id: number): string;
}

export const EXPLAIN: Record<string, string> = {
  start: 'A collection starts: the generation to collect (and every younger one) is examined for cycles no one outside refers to.',
  merge: 'The younger generations are merged into the one being collected, so they are examined together.',
  update_refs: 'update_refs: each object\'s gc_refs starts as its reference count.',
  subtract_refs: 'subtract_refs: every reference from one object of the set to another takes one from the target\'s gc_refs; what is left counts references from outside the set.',
  move_unreachable: 'move_unreachable: an object with gc_refs > 0 is reachable from outside, and so is all it reaches; the others move to the unreachable list (for now).',
  scan: 'deduce_unreachable is over: what gc_refs showed reachable stays in the generation; the rest is garbage unless a finalizer saves it.',
  promote: 'untrack_tuples / untrack_dicts, then the survivors move to the next older generation.',
  legacy: 'move_legacy_finalizers: objects with a legacy __del__ (tp_del), and all they reach, are set aside: they will end in gc.garbage.',
  weakrefs: 'handle_weakrefs: weak references to unreachable objects are cleared; callbacks of weakrefs that are themselves reachable run.',
  finalizers: 'finalize_garbage: each unreachable object\'s __del__ runs, once in its life (PEP 442); it may make objects reachable again.',
  resurrection: 'handle_resurrected_objects: the unreachable set is scanned again; anything a finalizer resurrected goes to the older generation.',
  tp_clear: 'delete_garbage: tp_clear breaks each unreachable object\'s references; refcounts fall to zero and the objects are freed.',
  legacy_garbage: 'handle_legacy_finalizers: objects with legacy finalizers are appended to gc.garbage (uncollectable).',
  finished: 'The collection is over.',
};

const MAX_ROWS = 400;
const MAX_MICRO = 400;

/** Phase of an event after the first scan (the phase index only moves forward). */
function phaseOf(e: GcEvent, scans: number): number {
  switch (e.type) {
    case 'ObjectUntracked': case 'LongLivedUpdated': return 3;
    case 'GcListMoved':
      if (e.list === 5) return 4;
      if (e.list === 6) return 5;
      if (e.list === 7) return 6;
      return 0;
    case 'WeakrefUnlinked': case 'WeakrefCallbackCalled': return 5;
    case 'FinalizerCalled': case 'FinalizedMarked': return 6;
    case 'YoungScanned': return scans >= 1 ? 7 : 2;
    case 'GcListsMerged': return e.from === 7 ? 6 : e.from === 4 ? 7 : e.from === 5 ? 9 : 0;
    case 'CollectionFinished': return 10;
    default: return 0;
  }
}
const PHASES = ['start', 'merge', 'scan', 'promote', 'legacy', 'weakrefs', 'finalizers', 'resurrection', 'tp_clear', 'legacy_garbage', 'finished'];

export function collectionSteps(c: CollectionInput): CollectionJson {
  const rows = new Map<number, Row>();
  const steps: StepJson[] = [];
  const desc = c.describe;
  const young = c.generation;
  let omitted = 0;
  const s = c.beforeScan;
  // objects of the generation being collected (all younger ones merged in): the table's rows
  if (s !== null) {
    const ids: number[] = [];
    for (let g = s.gcNext[young]!; g !== young; g = s.gcNext[g]!) ids.push(g);
    const firstScan = c.events.find((e) => e.event.type === 'YoungScanned')?.event;
    const unreachable = new Set<number>(firstScan?.type === 'YoungScanned' ? firstScan.unreachable : []);
    // over the limit: the unreachable ones first, then the rest in list order
    const keep = ids.length <= MAX_ROWS ? ids : [...ids.filter((i) => unreachable.has(i)), ...ids.filter((i) => !unreachable.has(i))].slice(0, MAX_ROWS);
    omitted = ids.length - keep.length;
    for (const id of keep) rows.set(id, { id, gcRefs: null, list: LIST_NAMES[young]!, refcount: s.refcnt[id]! });
  }
  const snapshot = (ids: Iterable<number>): Row[] => [...ids].map((i) => rows.get(i)).filter((r): r is Row => r !== undefined).map((r) => ({ ...r }));
  const listName = (h: number): string => LIST_NAMES[h] ?? `gen${h}`;
  steps.push({ at: c.start + 1, phase: 'start', title: `gc.collect(${c.generation})${c.automatic ? ' (automatic: gen 0 went over its threshold)' : ''}: ${rows.size + omitted} objects to examine`, explain: EXPLAIN.start!, set: snapshot(rows.keys()), focus: [] });

  let scans = 0;
  let phase = 0;
  let pending = new Set<number>();
  let pendingText: string[] = [];
  const flush = (at: number, title: string, focus: number[]): void => {
    const name = PHASES[phase]!;
    steps.push({ at, phase: name, title, explain: EXPLAIN[name] ?? '', set: snapshot(new Set([...pending, ...focus])), focus });
    pending = new Set();
    pendingText = [];
  };
  const setList = (id: number, list: string): void => { const r = rows.get(id); if (r) { r.list = list; pending.add(id); } };
  for (const { seq, event: e } of c.events) {
    const p = phaseOf(e, scans);
    if (p > phase) phase = p;
    const at = seq + 1;
    switch (e.type) {
      case 'GcListsMerged': {
        for (const r of rows.values()) if (r.list === listName(e.from)) { r.list = listName(e.to); pending.add(r.id); }
        if (scans === 0) phase = 1;
        flush(at, `list ${listName(e.from)} merged into ${listName(e.to)}`, []);
        break;
      }
      case 'YoungScanned': {
        if (scans === 0 && s !== null) {
          for (const st of scanMicrosteps(s, e.young, seq, rows, desc)) steps.push(st);
          phase = 2;
        }
        const moved = new Set<number>(e.unreachable);
        for (const r of rows.values()) {
          if (r.list === listName(e.young)) {
            if (moved.has(r.id)) { r.list = listName(e.into); pending.add(r.id); }
          }
        }
        phase = scans === 0 ? 2 : 7;
        flush(at, scans === 0
          ? `scan done: ${e.unreachable.length} unreachable (${e.unreachable.slice(0, 6).map(desc).join(', ')}${e.unreachable.length > 6 ? ', …' : ''})`
          : `rescan: ${e.unreachable.length} still unreachable`, [...e.unreachable]);
        scans++;
        break;
      }
      case 'GcListMoved':
        setList(e.id, listName(e.list));
        if (phase === 8 && rows.has(e.id)) flush(at, `${desc(e.id)} survives tp_clear: back to ${listName(e.list)}`, [e.id]);
        else if (e.list === 7) flush(at, `${desc(e.id)}: finalizer check`, [e.id]);
        break;
      case 'ObjectUntracked': setList(e.id, 'untracked'); pendingText.push(`${desc(e.id)} untracked`); break;
      case 'RefcountChanged': { const r = rows.get(e.id); if (r) { r.refcount += e.delta; pending.add(e.id); } break; }
      case 'ObjectDestroyed': setList(e.id, 'freed'); flush(at, `${desc(e.id)} freed: its refcount reached 0`, [e.id]); break;
      case 'WeakrefUnlinked': flush(at, `weakref ${desc(e.wr)} cleared (now points to None)`, [e.wr]); break;
      case 'WeakrefCallbackCalled': flush(at, `callback of ${desc(e.wr)} runs`, [e.wr]); break;
      case 'FinalizerCalled': flush(at, `${desc(e.id)}.__del__() runs${e.legacy ? ' (legacy tp_del)' : ''}`, [e.id]); break;
      case 'SlotSet': case 'SlotsSpliced': case 'InstanceDictSet':
        if (phase >= 7 && rows.has(e.id) && !pendingText.includes(`clear ${e.id}`)) {
          phase = 8;
          pendingText.push(`clear ${e.id}`);
          flush(at, `tp_clear(${desc(e.id)}): its references are dropped`, [e.id]);
        }
        break;
      case 'CollectionFinished':
        phase = 10;
        flush(at, `done: ${e.collected} collected, ${e.uncollectable} uncollectable`, []);
        break;
      default: break;
    }
  }
  const objects = [...rows.keys()].map((id) => ({ id, description: desc(id) }));
  return { start: c.start, end: c.end, generation: c.generation, automatic: c.automatic, collected: c.collected, uncollectable: c.uncollectable, objects, steps, omitted };
}

/**
 * update_refs, subtract_refs and move_unreachable object by object on `s` (restored after):
 * each step carries the gc_refs and list of the objects it touched.
 */
function scanMicrosteps(s: ObjectsState, young: number, seq: number, rows: Map<number, Row>, desc: (id: number) => string): StepJson[] {
  const out: StepJson[] = [];
  const saved = { next: s.gcNext.slice(), prev: s.gcPrev.slice(), flags: s.flags.slice(), refs: s.gcRefs.slice() };
  const youngName = LIST_NAMES[young] ?? `gen${young}`;
  const snap = (ids: Iterable<number>): Row[] => [...new Set(ids)].map((i) => rows.get(i)).filter((r): r is Row => r !== undefined).map((r) => ({ ...r }));
  const refs = s.gcRefs, flags = s.flags, next = s.gcNext, prev = s.gcPrev;
  try {
    const ids: number[] = [];
    for (let g = next[young]!; g !== young; g = next[g]!) ids.push(g);
    for (const g of ids) { refs[g] = s.refcnt[g]!; flags[g] = flags[g]! | F_COLLECTING; const r = rows.get(g); if (r) r.gcRefs = refs[g]!; }
    out.push({ at: seq, phase: 'update_refs', title: `gc_refs = refcount for all ${ids.length} objects`, explain: EXPLAIN.update_refs!, set: snap(rows.keys()), focus: [] });
    let micro = 0;
    for (const g of ids) {
      const touched: string[] = [];
      const ids2: number[] = [];
      traverse(s, g, (x) => {
        if ((flags[x]! & F_COLLECTING) === 0) return;
        refs[x]!--;
        const r = rows.get(x);
        if (r) { r.gcRefs = refs[x]!; ids2.push(x); }
        touched.push(`${desc(x)} → ${refs[x]}`);
      });
      if (touched.length > 0 && rows.has(g) && micro++ < MAX_MICRO) {
        out.push({ at: seq, phase: 'subtract_refs', title: `${desc(g)} refers to ${touched.length} object${touched.length === 1 ? '' : 's'} of the set: gc_refs ${touched.slice(0, 4).join(', ')}${touched.length > 4 ? ', …' : ''}`, explain: EXPLAIN.subtract_refs!, set: snap(ids2), focus: [g, ...ids2] });
      }
    }
    out.push({ at: seq, phase: 'subtract_refs', title: 'what is left in gc_refs: references from outside the set', explain: EXPLAIN.subtract_refs!, set: snap(rows.keys()), focus: ids.filter((g) => refs[g]! > 0) });
    // move_unreachable, with SEEN (empty between collections) as the scratch unreachable list
    const scratch = 7;
    const appendTo = (id: number, head: number) => { const last = prev[head]!; next[last] = id; prev[id] = last; next[id] = head; prev[head] = id; };
    const unlink = (id: number) => { const p = prev[id]!, n = next[id]!; next[p] = n; prev[n] = p; };
    let p = young;
    let g = next[young]!;
    micro = 0;
    while (g !== young) {
      const changed: number[] = [];
      const said: string[] = [];
      if (refs[g] !== 0) {
        traverse(s, g, (op) => {
          const f = flags[op]!;
          if ((f & F_COLLECTING) === 0) return;
          if ((f & F_UNREACHABLE) !== 0) {
            unlink(op); appendTo(op, young); flags[op] = f & ~F_UNREACHABLE; refs[op] = 1;
            const r = rows.get(op); if (r) { r.list = youngName; r.gcRefs = 1; changed.push(op); }
            said.push(`${desc(op)} back from unreachable`);
          } else if (refs[op] === 0) {
            refs[op] = 1;
            const r = rows.get(op); if (r) { r.gcRefs = 1; changed.push(op); }
            said.push(`${desc(op)} marked reachable`);
          }
        });
        flags[g] = flags[g]! & ~F_COLLECTING;
        if (rows.has(g) && micro++ < MAX_MICRO) {
          out.push({ at: seq, phase: 'move_unreachable', title: `${desc(g)}: gc_refs ${refs[g]} > 0, reachable${said.length ? `; ${said.slice(0, 3).join(', ')}${said.length > 3 ? ', …' : ''}` : ''}`, explain: EXPLAIN.move_unreachable!, set: snap([g, ...changed]), focus: [g, ...changed] });
        }
        p = g;
      } else {
        unlink(g); appendTo(g, scratch); flags[g] = flags[g]! | F_UNREACHABLE;
        const r = rows.get(g); if (r) r.list = 'unreachable';
        if (rows.has(g) && micro++ < MAX_MICRO) {
          out.push({ at: seq, phase: 'move_unreachable', title: `${desc(g)}: gc_refs 0, moved to unreachable (for now)`, explain: EXPLAIN.move_unreachable!, set: snap([g]), focus: [g] });
        }
      }
      g = next[p]!;
    }
  } finally {
    s.gcNext.set(saved.next); s.gcPrev.set(saved.prev); s.flags.set(saved.flags); s.gcRefs.set(saved.refs);
  }
  // the page shows the scan's result next; rows go back to the list names the log will give them
  for (const r of rows.values()) if (r.list === 'unreachable') r.list = youngName;
  return out;
}
