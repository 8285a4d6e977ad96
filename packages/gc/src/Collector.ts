/**
 * The cycle collector of CPython 3.11 over a Heap: automatic collections on allocation,
 * gc_collect_main phase by phase, and the `gc` module's API.
 *
 * Mirrors  Modules/gcmodule.c (3.11): _PyObject_GC_Link's trigger, gc_collect_generations,
 *          gc_collect_with_callback, invoke_gc_callback, gc_collect_main, untrack_tuples,
 *          untrack_dicts, move_legacy_finalizers, move_legacy_finalizer_reachable,
 *          handle_weakrefs, finalize_garbage, handle_resurrected_objects, delete_garbage,
 *          handle_legacy_finalizers, gc.* functions.
 *
 *   step  phase                          lists after it
 *   0     count[g+1]++, count[0..g]=0    gen0..g-1 appended to gen g (young)
 *   a-c   deduce_unreachable             young = reachable, UNREACHABLE = the rest
 *   d     untrack_tuples(young)
 *   -     promote                        young appended to gen g+1 (full: stays, untrack_dicts)
 *   f-g   legacy finalizers              tp_del objects + all they reach -> FINALIZERS
 *   h     handle_weakrefs                weakrefs cleared; callbacks of surviving refs run
 *   i     finalize_garbage               __del__ once per object (may resurrect)
 *   j     handle_resurrected_objects     rescan: resurrected -> old, rest -> FINAL_UNREACHABLE
 *   k     delete_garbage                 tp_clear in list order; survivors -> old
 *   l-m   handle_legacy_finalizers       gc.garbage gets tp_del objects; FINALIZERS -> old
 *   n     clear_freelists (gen 2 only)
 *
 * Invariant between commands: the UNREACHABLE, FINALIZERS, WRCB_TO_CALL, SEEN and
 * FINAL_UNREACHABLE lists are empty and no object has COLLECTING set.
 */
import {
  F_COLLECTING, F_FINALIZED, F_TRACKED, FINAL_UNREACHABLE, FINALIZERS, GEN0, GEN1, GEN2, Heap, Kind, NULL_ID,
  ObjectsError, PERMANENT, SEEN, UNREACHABLE, WRCB_TO_CALL, type GcAllocationHook, type ObjectId,
} from '@pymm/objects';
import { deduceUnreachable } from './deduceUnreachable.js';
import type { GcOwnEvent, GcSink } from './events.js';
import { evolve } from './evolve.js';
import { DEBUG_SAVEALL, type GcState } from './GcState.js';

const GEN_HEADS = [GEN0, GEN1, GEN2] as const;

export interface CollectionResult {
  readonly generation: number;
  readonly collected: number;
  readonly uncollectable: number;
}

export class Collector implements GcAllocationHook {
  readonly heap: Heap;
  readonly gc: GcState;
  /** gcstate->collecting for the whole of a collection, its callbacks included. */
  private busy = false;

  constructor(heap: Heap, gc: GcState) {
    this.heap = heap;
    this.gc = gc;
    heap.collector = this;
  }

  private emit(e: GcOwnEvent): void {
    evolve(this.gc, e);
    const sink = this.heap.sink as unknown as GcSink | null;
    if (sink !== null) sink(e);
  }

  // --- automatic collection --------------------------------------------------------------

  /** _PyObject_GC_Link, after count0 += 1. */
  gcAllocated(): void {
    const g = this.gc;
    const count0 = g.objects.gcCounts[0]!;
    if (count0 > g.thresholds[0] && g.enabled && g.thresholds[0] !== 0 && !this.busy && !g.collecting) {
      this.busy = true;
      try {
        this.collectGenerations();
      } finally {
        this.busy = false;
      }
    }
  }

  /** gc_collect_generations: the oldest generation over its threshold (the long_lived_pending rule for 2). */
  private collectGenerations(): number {
    const g = this.gc;
    for (let i = 2; i >= 0; i--) {
      if (g.objects.gcCounts[i]! > g.thresholds[i]!) {
        if (i === 2 && g.longLivedPending < Math.floor(g.longLivedTotal / 4)) continue;
        return this.collectWithCallback(i, true);
      }
    }
    return 0;
  }

  // --- gc.collect and friends ------------------------------------------------------------

  /** gc.collect(generation=2): n + m, or 0 if a collection is already running. */
  collect(generation = 2): number {
    if (!Number.isInteger(generation) || generation < 0 || generation > 2) throw new ObjectsError('VALUE_ERROR', 'invalid generation');
    if (this.busy || this.gc.collecting) return 0;
    this.busy = true;
    try {
      return this.collectWithCallback(generation, false);
    } finally {
      this.busy = false;
    }
  }

  /**
   * _PyGC_CollectNoFail: interpreter shutdown's full collection (finalize_modules), run
   * even when gc is disabled, without gc.callbacks; 0 if a collection is already running.
   */
  collectNoFail(): number {
    if (this.busy || this.gc.collecting) return 0;
    this.busy = true;
    try {
      const r = this.collectMain(2, false);
      return r.collected + r.uncollectable;
    } finally {
      this.busy = false;
    }
  }

  /** gc_collect_with_callback */
  private collectWithCallback(generation: number, automatic: boolean): number {
    this.invokeCallbacks('start', generation, 0, 0);
    const r = this.collectMain(generation, automatic);
    this.invokeCallbacks('stop', generation, r.collected, r.uncollectable);
    return r.collected + r.uncollectable;
  }

  /** invoke_gc_callback: info = {'generation': g, 'collected': m, 'uncollectable': n}, built only if there are callbacks. */
  private invokeCallbacks(phase: 'start' | 'stop', generation: number, collected: number, uncollectable: number): void {
    const h = this.heap;
    const cbs = h.state.slots(this.gc.callbacks);
    if (cbs.length === 0) return;
    const info = h.dict();
    for (const [k, v] of [['generation', generation], ['collected', collected], ['uncollectable', uncollectable]] as const) {
      const key = h.internedStr(k);
      const val = h.int(v);
      h.dictSetItem(info, key, val);
      h.decrefUnchecked(key);
      h.decrefUnchecked(val);
    }
    // the callbacks list may change while it is walked: CPython iterates by index over the live list
    for (let i = 0; i < h.state.slotLen[this.gc.callbacks]!; i++) {
      const cb = h.state.slot(this.gc.callbacks, i);
      h.increfUnchecked(cb);
      h.callGcCallback(cb, phase, info);
      h.decrefUnchecked(cb);
    }
    h.decrefUnchecked(info);
  }

  /** gc_collect_main */
  private collectMain(generation: number, automatic: boolean): CollectionResult {
    const h = this.heap;
    const s = h.state;
    const g = this.gc;
    this.emit({ type: 'CollectionStarted', generation, automatic });
    const young = GEN_HEADS[generation]!;
    for (let i = 0; i < generation; i++) {
      if (s.gcNext[GEN_HEADS[i]!] !== GEN_HEADS[i]) h.emit({ type: 'GcListsMerged', from: GEN_HEADS[i]!, to: young });
    }
    const old = generation < 2 ? GEN_HEADS[generation + 1]! : young;

    // (a)-(c)
    this.scan(young, UNREACHABLE);
    // (d)
    this.untrackTuples(young);
    // promote
    if (young !== old) {
      if (generation === 1) this.emit({ type: 'LongLivedUpdated', total: g.longLivedTotal, pending: g.longLivedPending + s.listLength(young) });
      if (s.gcNext[young] !== young) h.emit({ type: 'GcListsMerged', from: young, to: old });
    } else {
      this.untrackDicts(young);
      this.emit({ type: 'LongLivedUpdated', total: s.listLength(young), pending: 0 });
    }
    // (f)-(g)
    this.moveLegacyFinalizers();
    // (h)
    let m = this.handleWeakrefs(old);
    // (i)
    this.finalizeGarbage();
    // (j)
    this.scan(UNREACHABLE, FINAL_UNREACHABLE);
    if (s.gcNext[UNREACHABLE] !== UNREACHABLE) h.emit({ type: 'GcListsMerged', from: UNREACHABLE, to: old });
    // (k)
    m += s.listLength(FINAL_UNREACHABLE);
    this.deleteGarbage(old);
    // (l)-(m)
    const n = s.listLength(FINALIZERS);
    this.handleLegacyFinalizers(old);
    // (n)
    if (generation === 2) h.clearFreeLists();
    this.emit({ type: 'CollectionFinished', generation, collected: m, uncollectable: n });
    return { generation, collected: m, uncollectable: n };
  }

  /**
   * (a)-(c) on the live state; the sink hears what the scan decided (YoungScanned: the
   * unreachable ids in order, and the objects move_unreachable moved back to young in
   * order), which evolve applies without scanning again (applyYoungScanned).
   */
  private scan(young: number, into: number): void {
    const sink = this.heap.sink as unknown as GcSink | null;
    const rescued: ObjectId[] | null = sink !== null ? [] : null;
    const unreachable = deduceUnreachable(this.heap.state, young, into, rescued);
    if (sink !== null) sink({ type: 'YoungScanned', young, into, unreachable, rescued: rescued! });
  }

  /** untrack_tuples: exact tuples whose items are all present and none may be tracked. */
  private untrackTuples(young: number): void {
    const h = this.heap;
    const s = h.state;
    let x = s.gcNext[young]!;
    while (x !== young) {
      const next = s.gcNext[x]!;
      if (s.kind[x] === Kind.Tuple) {
        let keep = false;
        const n = s.slotLen[x]!;
        for (let i = 0; i < n; i++) {
          const e = s.slot(x, i);
          if (e === NULL_ID || h.mayBeTracked(e)) { keep = true; break; }
        }
        if (!keep) h.emit({ type: 'ObjectUntracked', id: x as ObjectId });
      }
      x = next;
    }
  }

  /** untrack_dicts (full collections): dicts whose keys and values may not be tracked. */
  private untrackDicts(young: number): void {
    const h = this.heap;
    const s = h.state;
    let x = s.gcNext[young]!;
    while (x !== young) {
      const next = s.gcNext[x]!;
      if (s.kind[x] === Kind.Dict) {
        let keep = false;
        for (const e of s.slots(x)) if (e !== NULL_ID && h.mayBeTracked(e)) { keep = true; break; }
        if (!keep) h.emit({ type: 'ObjectUntracked', id: x as ObjectId });
      }
      x = next;
    }
  }

  /** move_legacy_finalizers + move_legacy_finalizer_reachable */
  private moveLegacyFinalizers(): void {
    const h = this.heap;
    const s = h.state;
    for (let x = s.gcNext[UNREACHABLE]!; x !== UNREACHABLE;) {
      const next = s.gcNext[x]!;
      if (h.hasLegacyDel(x as ObjectId)) h.emit({ type: 'GcListMoved', id: x as ObjectId, list: FINALIZERS });
      x = next;
    }
    for (let x = s.gcNext[FINALIZERS]!; x !== FINALIZERS; x = s.gcNext[x]!) {
      h.traverse(x as ObjectId, (op: ObjectId) => {
        if ((s.flags[op]! & F_COLLECTING) !== 0) h.emit({ type: 'GcListMoved', id: op, list: FINALIZERS });
      });
    }
  }

  /** handle_weakrefs: returns the number of weakrefs freed by dropping the callback reference. */
  private handleWeakrefs(old: number): number {
    const h = this.heap;
    const s = h.state;
    for (let x = s.gcNext[UNREACHABLE]!; x !== UNREACHABLE;) {
      const next = s.gcNext[x]!;
      const op = x as ObjectId;
      if (s.kind[op] === Kind.Weakref) h.weakrefClearRef(op);
      if (h.supportsWeakrefs(op)) {
        for (;;) {
          const list = s.weaklists.get(op);
          if (list === undefined || list.length === 0) break;
          const wr = list[0]! as ObjectId;
          h.weakrefClearRef(wr);
          if (s.slot(wr, 0) === NULL_ID) continue;
          if ((s.flags[wr]! & F_COLLECTING) !== 0) continue;
          h.increfUnchecked(wr);
          h.emit({ type: 'GcListMoved', id: wr, list: WRCB_TO_CALL });
        }
      }
      x = next;
    }
    let freed = 0;
    while (s.gcNext[WRCB_TO_CALL] !== WRCB_TO_CALL) {
      const wr = s.gcNext[WRCB_TO_CALL]! as ObjectId;
      const callback = s.slot(wr, 0);
      h.handleCallback(wr, callback);
      h.decrefUnchecked(wr);
      if (s.gcNext[WRCB_TO_CALL] === wr) h.emit({ type: 'GcListMoved', id: wr, list: old });
      else freed++;
    }
    return freed;
  }

  /** finalize_garbage: tp_finalize once per object, in list order. */
  private finalizeGarbage(): void {
    const h = this.heap;
    const s = h.state;
    while (s.gcNext[UNREACHABLE] !== UNREACHABLE) {
      const op = s.gcNext[UNREACHABLE]! as ObjectId;
      h.emit({ type: 'GcListMoved', id: op, list: SEEN });
      if ((s.flags[op]! & F_FINALIZED) === 0 && h.hasFinalizer(op)) h.finalizeGarbageObject(op);
    }
    if (s.gcNext[SEEN] !== SEEN) h.emit({ type: 'GcListsMerged', from: SEEN, to: UNREACHABLE });
  }

  /** delete_garbage: tp_clear (or gc.garbage with DEBUG_SAVEALL) in list order. */
  private deleteGarbage(old: number): void {
    const h = this.heap;
    const s = h.state;
    while (s.gcNext[FINAL_UNREACHABLE] !== FINAL_UNREACHABLE) {
      const op = s.gcNext[FINAL_UNREACHABLE]! as ObjectId;
      if ((this.gc.debug & DEBUG_SAVEALL) !== 0) {
        h.listAppend(this.gc.garbage, op);
      } else if (h.hasClear(op)) {
        h.increfUnchecked(op);
        h.clear(op);
        h.decrefUnchecked(op);
      }
      if (s.gcNext[FINAL_UNREACHABLE] === op) h.emit({ type: 'GcListMoved', id: op, list: old });
    }
  }

  /** handle_legacy_finalizers: gc.garbage gets the tp_del objects (all with SAVEALL); the set joins old. */
  private handleLegacyFinalizers(old: number): void {
    const h = this.heap;
    const s = h.state;
    for (let x = s.gcNext[FINALIZERS]!; x !== FINALIZERS; x = s.gcNext[x]!) {
      if ((this.gc.debug & DEBUG_SAVEALL) !== 0 || h.hasLegacyDel(x as ObjectId)) h.listAppend(this.gc.garbage, x as ObjectId);
    }
    if (s.gcNext[FINALIZERS] !== FINALIZERS) h.emit({ type: 'GcListsMerged', from: FINALIZERS, to: old });
  }

  // --- the rest of the gc module -------------------------------------------------------------

  enable(): void { if (!this.gc.enabled) this.emit({ type: 'GcEnabledSet', enabled: true }); }
  disable(): void { if (this.gc.enabled) this.emit({ type: 'GcEnabledSet', enabled: false }); }
  isEnabled(): boolean { return this.gc.enabled; }

  getCount(): [number, number, number] {
    const c = this.gc.objects.gcCounts;
    return [c[0]!, c[1]!, c[2]!];
  }

  getThreshold(): [number, number, number] { return [...this.gc.thresholds]; }

  /** gc.set_threshold(t0[, t1[, t2]]): missing values keep theirs. */
  setThreshold(t0: number, t1?: number, t2?: number): void {
    const t = this.gc.thresholds;
    this.emit({ type: 'ThresholdsSet', thresholds: [t0, t1 ?? t[1], t2 ?? t[2]] });
  }

  getDebug(): number { return this.gc.debug; }
  setDebug(flags: number): void { this.emit({ type: 'DebugFlagsSet', flags }); }

  /**
   * gc.get_objects(generation=None): gen 0, 1, 2 in list order (never the permanent generation).
   * The argument converter (_Py_convert_optional_to_ssize_t) refuses non-integers with a
   * TypeError; gc_get_objects_impl takes -1 (its C default) as None.
   */
  getObjects(generation?: number): ObjectId[] {
    const s = this.heap.state;
    if (generation !== undefined && !Number.isInteger(generation)) {
      throw new ObjectsError('TYPE_ERROR', `argument should be integer or None, not '${typeof generation === 'number' ? 'float' : typeof generation === 'string' ? 'str' : typeof generation}'`);
    }
    if (generation !== undefined && generation !== -1) {
      if (generation >= 3) throw new ObjectsError('VALUE_ERROR', 'generation parameter must be less than the number of available generations (3)');
      if (generation < 0) throw new ObjectsError('VALUE_ERROR', 'generation parameter cannot be negative');
      return s.listIds(GEN_HEADS[generation]!);
    }
    return [...s.listIds(GEN0), ...s.listIds(GEN1), ...s.listIds(GEN2)];
  }

  /** gc.get_referrers(*objs): tracked objects of gen 0, 1, 2 whose tp_traverse visits one of objs. */
  getReferrers(objs: readonly ObjectId[]): ObjectId[] {
    const h = this.heap;
    const want = new Set<number>(objs);
    const out: ObjectId[] = [];
    for (const id of this.getObjects()) {
      let hit = false;
      h.traverse(id, (x: ObjectId) => { if (want.has(x)) hit = true; });
      if (hit) out.push(id);
    }
    return out;
  }

  /** gc.get_referents(*objs) */
  getReferents(objs: readonly ObjectId[]): ObjectId[] {
    return objs.flatMap((o) => this.heap.referents(o));
  }

  isTracked(id: ObjectId): boolean { return this.heap.isTracked(id); }
  isFinalized(id: ObjectId): boolean { return this.heap.isFinalized(id); }

  /** gc.freeze(): gen 0, 1, 2 appended to the permanent generation; counts zeroed. */
  freeze(): void {
    const h = this.heap;
    for (const head of GEN_HEADS) if (h.state.gcNext[head] !== head) h.emit({ type: 'GcListsMerged', from: head, to: PERMANENT });
    this.emit({ type: 'CountsReset' });
  }

  /** gc.unfreeze(): the permanent generation appended to gen 2. */
  unfreeze(): void {
    const h = this.heap;
    if (h.state.gcNext[PERMANENT] !== PERMANENT) h.emit({ type: 'GcListsMerged', from: PERMANENT, to: GEN2 });
  }

  getFreezeCount(): number { return this.heap.state.listLength(PERMANENT); }

  getStats(): { collections: number; collected: number; uncollectable: number }[] {
    return this.gc.stats.map((st) => ({ ...st }));
  }

  /** Borrowed: the gc.garbage list object. */
  garbage(): ObjectId { return this.gc.garbage; }
  /** Borrowed: the gc.callbacks list object. */
  callbacks(): ObjectId { return this.gc.callbacks; }

  /** Which generation list holds `id` (3 = permanent), or -1 if untracked. */
  generationOf(id: ObjectId): number {
    const s = this.heap.state;
    return (s.flags[id]! & F_TRACKED) === 0 ? -1 : s.listOf(id);
  }
}
