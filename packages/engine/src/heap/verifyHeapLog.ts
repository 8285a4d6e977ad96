/**
 * verifyHeapLog: checks that a heap log (pymm run --log) holds a history the model can
 * have made, in one folding pass over every record, without building an index:
 *
 *   order       records arrive with dense seqs from 0
 *   causes      every event names an earlier command record as its cause
 *   objects     an event touches only live objects (created, not yet destroyed); an
 *               object is made with the next id; slot indexes lie inside the object's
 *               slots and the values put there are alive; GC lists are list heads; a
 *               refcount never goes below 0; a destroyed object's refcount is 0
 *   apply       every event applies to the state (evolve), as a seek folds it
 *   invariants  at sampled statement boundaries and at the end, the heap's invariants
 *               hold (references, GC lists, weakrefs, each block with one owner, the
 *               allocator's own invariants). A boundary qualifies between module-level
 *               statements, or inside a call when no allocation, deallocation, collection
 *               or finalizer is under way (a finalizer's or callback's statements run in
 *               the middle of one); checks are at least `invariantEvery` records apart,
 *               as many as `checkBudget` allows (a share of the fold's cost)
 *
 * It stops at the first problem and says which record. A damaged container (a frame that
 * does not decode) is a LogFormatError, as for any reader of the log.
 */
import { LogFormatError, LogReader } from '@pymm/eventlog';
import { evolve, HeapCodec, heapCodecProblem, initialGcState, type GcEvent, type HeapVisitor } from '@pymm/gc';
import { applySlotSet, F_STATIC, findObjectsViolations, LIST_HEADS, NULL_ID } from '@pymm/objects';

export interface HeapVerifyOptions {
  /** Called after each frame: records checked, records in all. */
  readonly onProgress?: (recordsDone: number, recordsTotal: number) => void;
  /** Records at least between invariant checks (at the next qualifying statement); default 1024. */
  readonly invariantEvery?: number;
  /**
   * How much the checks may cost: `share` of what the fold costs (default 0.2; Infinity:
   * at every qualifying statement), measured with `clock` (milliseconds; the caller's,
   * this package reads none) or, without one, in work: a record folded is 1, a check
   * CHECK_WORK_PER_ID for each object id handed out so far.
   */
  readonly checkBudget?: { readonly share: number; readonly clock?: () => number };
}

export interface HeapVerifyResult {
  /** Records checked (all of them when `problem` is null). */
  readonly records: number;
  readonly recordsTotal: number;
  readonly frames: number;
  readonly commands: number;
  readonly events: number;
  readonly statements: number;
  readonly objectsCreated: number;
  readonly objectsDestroyed: number;
  readonly collections: number;
  /** Points where the heap's invariants were checked: all, between module-level statements, inside calls, at the end (0 or 1). */
  readonly invariantChecks: number;
  readonly invariantPoints: { readonly moduleLevel: number; readonly inCalls: number; readonly end: number };
  /** How the points were chosen: at least `records` records apart, the checks costing at most `share` of the fold, measured in time or in work. */
  readonly invariantBudget: { readonly records: number; readonly share: number; readonly by: 'time' | 'work' };
  /** Objects alive after the last record checked. */
  readonly liveObjects: number;
  /** The first record the model cannot accept (seq), or null when every record holds. */
  readonly problem: { readonly seq: number; readonly message: string } | null;
}

/**
 * A check walks every object id handed out and every block: on the one-million-object
 * program's log an id costs about as much as folding 3 records (0.6 us and 0.2 us), less
 * on small heaps. The work model charges that for every check.
 */
const CHECK_WORK_PER_ID = 3;

/** Object events and the id field each one names. */
const OBJECT_EVENTS: Readonly<Record<string, true>> = {
  RefcountChanged: true, SlotSet: true, SlotsSpliced: true, StorageChanged: true, InstanceDictSet: true, ObjectTracked: true,
  ObjectUntracked: true, GcListMoved: true, FinalizedMarked: true, ObjectDestroyed: true, DeallocDeferred: true,
};

export function verifyHeapLog(path: string, options: HeapVerifyOptions = {}): HeapVerifyResult {
  const reader = LogReader.open(path);
  try {
    const codecProblem = heapCodecProblem(path, reader.header.codec);
    if (codecProblem !== null) throw new LogFormatError('CODEC_MISMATCH', 0, codecProblem);
    const total = reader.recordCount;
    const every = options.invariantEvery ?? 1024;
    const share = options.checkBudget?.share ?? 0.2;
    const clock = options.checkBudget?.clock;
    const started = clock?.() ?? 0;
    /** What the checks have cost so far, in the clock's units or in work. */
    let checkCost = 0;
    /** Whether one more check now keeps the checks within their share of the fold. */
    const affordable = (seq: number): boolean => {
      if (share === Infinity) return true;
      if (clock !== undefined) return checkCost <= share * (clock() - started - checkCost);
      return checkCost + CHECK_WORK_PER_ID * s.nextId <= share * seq;
    };
    const g = initialGcState({ profile: reader.header.profile });
    const s = g.objects;
    const codec = new HeapCodec();
    let commandBits = new Uint8Array(1 << 12);
    let next = 0, commands = 0, events = 0, statements = 0, created = 0, destroyed = 0, collections = 0, checks = 0;
    let lastCheck: number | null = null;
    /** Frames entered and not left (the module's is 1). */
    let depth = 0;
    /** Finalizers and weakref callbacks under way (their statements run inside a deallocation). */
    let hostCalls = 0;
    /** Live objects whose refcount is 0 (a deallocation under way). */
    let zeroRefs = 0;
    /** Blocks allocated and not yet owned by an object, as storage or by a free list (an allocation under way). */
    const unowned = new Set<number>();
    let moduleChecks = 0, callChecks = 0;
    let problem: { seq: number; message: string } | null = null;

    const fail = (seq: number, message: string): void => { if (problem === null) problem = { seq, message }; };
    const alive = (id: number): boolean => Number.isInteger(id) && s.isAlive(id);
    const isCommand = (seq: number): boolean => seq >= 0 && (seq >> 3) < commandBits.length && (commandBits[seq >> 3]! & (1 << (seq & 7))) !== 0;
    /** Checks the record's position and, for an event, its cause; false when it fails. */
    const arrive = (seq: number, cause: number | null): boolean => {
      if (seq !== next) { fail(seq, `record ${seq} arrived where record ${next} was due`); return false; }
      next = seq + 1;
      if (cause !== null && !isCommand(cause)) { fail(seq, `its cause, record ${cause}, is not an earlier command record`); return false; }
      return true;
    };
    const invariants = (seq: number, where: 'module' | 'call' | 'end'): void => {
      checks++;
      const t0 = clock?.() ?? 0;
      if (where === 'module') moduleChecks++; else if (where === 'call') callChecks++;
      const v = findObjectsViolations(s);
      if (v.length > 0) {
        fail(seq, `after record ${seq} the heap is inconsistent${lastCheck !== null ? ` (it was consistent after record ${lastCheck})` : ''}: ${v[0]}${v.length > 1 ? ` (and ${v.length - 1} more)` : ''}`);
      }
      lastCheck = seq;
      checkCost += clock !== undefined ? clock() - t0 : CHECK_WORK_PER_ID * s.nextId;
    };
    const refcountOk = (seq: number, id: number, delta: number): boolean => {
      if (!alive(id)) { fail(seq, `RefcountChanged of object ${id}, which is not alive`); return false; }
      if ((s.flags[id]! & F_STATIC) === 0) {
        const was = s.refcnt[id]!;
        if (was + delta < 0) {
          fail(seq, `RefcountChanged ${delta > 0 ? '+' : ''}${delta} of object ${id} takes its refcount from ${was} below 0`);
          return false;
        }
        if (was === 0) zeroRefs--;
        if (was + delta === 0) zeroRefs++;
      }
      return true;
    };
    /** Follows what is under way (allocations not yet owned, deallocations, finalizers) after an event applies. */
    const track = (e: GcEvent): void => {
      switch (e.type) {
        case 'MemoryChanged': {
          const m = e.event;
          if (m.type === 'BlockAllocated' || m.type === 'RawAllocated') unowned.add(m.address);
          else if (m.type === 'RawReallocated') { unowned.delete(m.oldAddress); unowned.add(m.address); }
          else if (m.type === 'BlockFreed' || m.type === 'RawFreed') unowned.delete(m.address);
          return;
        }
        case 'ObjectCreated': unowned.delete(e.address); return;
        case 'StorageChanged': unowned.delete(e.address); return;
        case 'FreeListPushed': unowned.delete(e.address); return;
        case 'FinalizerCalled': case 'WeakrefCallbackCalled': hostCalls++; return;
        case 'HostCallReturned': hostCalls = Math.max(0, hostCalls - 1); return;
        default:
      }
    };
    const slotOk = (seq: number, what: string, id: number, index: number, deleteCount: number, values: Iterable<number>): boolean => {
      if (!alive(id)) { fail(seq, `${what} of object ${id}, which is not alive`); return false; }
      const len = s.slotLen[id]!;
      if (!(Number.isInteger(index) && index >= 0 && index + deleteCount <= len) || (what === 'SlotSet' && index >= len)) {
        fail(seq, `${what} at index ${index}${deleteCount > 0 ? ` (${deleteCount} deleted)` : ''} of object ${id}, which has ${len} slots`);
        return false;
      }
      for (const v of values) if (v !== NULL_ID && !alive(v)) { fail(seq, `${what} puts object ${v}, which is not alive, into object ${id}`); return false; }
      return true;
    };
    const eventOk = (seq: number, e: GcEvent): boolean => {
      const id = (e as { id?: number }).id;
      switch (e.type) {
        case 'ObjectCreated':
          if (!(Number.isInteger(id) && id! >= LIST_HEADS)) { fail(seq, `ObjectCreated with a bad id ${id}`); return false; }
          if (alive(id!)) { fail(seq, `ObjectCreated of object ${id}, which is alive`); return false; }
          // the heap numbers its objects in the order made
          if (id !== s.nextId) { fail(seq, `ObjectCreated of object ${id}, where the next object is ${s.nextId}`); return false; }
          if (e.typeId !== id && !alive(e.typeId)) { fail(seq, `ObjectCreated of object ${id} of type ${e.typeId}, which is not alive`); return false; }
          return true;
        case 'GcListMoved':
          if (!alive(e.id)) { fail(seq, `GcListMoved of object ${e.id}, which is not alive`); return false; }
          if (!(Number.isInteger(e.list) && e.list >= 0 && e.list < LIST_HEADS)) { fail(seq, `GcListMoved to list ${e.list}, which is not a list head`); return false; }
          return true;
        case 'GcListsMerged':
          if (![e.from, e.to].every((x) => Number.isInteger(x) && x >= 0 && x < LIST_HEADS)) { fail(seq, `GcListsMerged of lists ${e.from} and ${e.to}: not list heads`); return false; }
          return true;
        case 'InstanceDictSet':
          if (!alive(e.id)) { fail(seq, `InstanceDictSet of object ${e.id}, which is not alive`); return false; }
          if (e.dict !== NULL_ID && !alive(e.dict)) { fail(seq, `InstanceDictSet puts object ${e.dict}, which is not alive, as the __dict__ of object ${e.id}`); return false; }
          return true;
        case 'RefcountChanged': return refcountOk(seq, e.id, e.delta);
        case 'SlotSet': return slotOk(seq, 'SlotSet', e.id, e.index, 0, [e.value]);
        case 'SlotsSpliced': return slotOk(seq, 'SlotsSpliced', e.id, e.index, e.deleteCount, e.insert);
        case 'ObjectDestroyed':
          if (!alive(e.id)) { fail(seq, `ObjectDestroyed of object ${e.id}, which is not alive`); return false; }
          if ((s.flags[e.id]! & F_STATIC) === 0 && s.refcnt[e.id] !== 0) { fail(seq, `ObjectDestroyed of object ${e.id}, whose refcount is ${s.refcnt[e.id]}`); return false; }
          if ((s.flags[e.id]! & F_STATIC) === 0) zeroRefs--;
          return true;
        default:
          if (OBJECT_EVENTS[e.type] === true && !alive(id!)) { fail(seq, `${e.type} of object ${id}, which is not alive`); return false; }
          return true;
      }
    };
    const apply = (seq: number, f: () => void): void => {
      try {
        f();
      } catch (err) {
        fail(seq, `the record does not apply: ${(err as Error).message}`);
      }
    };

    // The visitor never throws (HeapCodec.visit reports what its visitor throws as a damaged payload).
    const v: HeapVisitor = {
      record: (seq, r) => {
        if (problem !== null) return;
        if (r.kind === 'command') {
          if (!arrive(seq, null)) return;
          const c = r.command;
          const statement = typeof c['line'] === 'number' && Object.keys(c).length === 1;
          if (c['frame'] === 'enter' && typeof c['depth'] === 'number') depth = c['depth'];
          else if (c['frame'] === 'leave' && typeof c['depth'] === 'number') depth = c['depth'] - 1;
          // between two module-level statements no heap operation is under way
          if (statement && !g.collecting && (depth <= 1 || (hostCalls === 0 && zeroRefs === 0 && unowned.size === 0))
            && seq - (lastCheck ?? -1) > every && affordable(seq)) { invariants(seq - 1, depth <= 1 ? 'module' : 'call'); if (problem !== null) return; }
          if ((seq >> 3) >= commandBits.length) {
            const b = new Uint8Array(Math.max(commandBits.length * 2, (seq >> 3) + 1));
            b.set(commandBits);
            commandBits = b;
          }
          commandBits[seq >> 3]! |= 1 << (seq & 7);
          commands++;
          if (statement) statements++;
          return;
        }
        if (!arrive(seq, r.cause)) return;
        events++;
        if (!eventOk(seq, r.event)) return;
        if (r.event.type === 'ObjectCreated') created++;
        else if (r.event.type === 'ObjectDestroyed') destroyed++;
        else if (r.event.type === 'CollectionFinished') collections++;
        apply(seq, () => evolve(g, r.event));
        track(r.event);
      },
      refcount: (seq, cause, id, delta) => {
        if (problem !== null || !arrive(seq, cause)) return;
        events++;
        if (refcountOk(seq, id, delta)) s.refcnt[id]! += delta;
      },
      slotSet: (seq, cause, id, index, value) => {
        if (problem !== null || !arrive(seq, cause)) return;
        events++;
        if (slotOk(seq, 'SlotSet', id, index, 0, [value])) apply(seq, () => applySlotSet(s, id, index, value));
      },
    };

    const frames = reader.frames;
    let f = 0;
    for (; f < frames.length && problem === null; f++) {
      const fr = frames[f]!;
      codec.visit(reader.readFrame(f), fr.firstSeq - reader.startSeq, fr.count, v);
      options.onProgress?.(next, total);
    }
    if (problem === null && next !== total) fail(next, `the log's frames hold ${next} records, its index says ${total}`);
    let endCheck = 0;
    if (problem === null) { invariants(next - 1, 'end'); endCheck = 1; }
    const p = problem as { seq: number; message: string } | null;
    return {
      records: p === null ? next : p.seq, recordsTotal: total, frames: frames.length, commands, events, statements,
      objectsCreated: created, objectsDestroyed: destroyed, collections, invariantChecks: checks,
      invariantPoints: { moduleLevel: moduleChecks, inCalls: callChecks, end: endCheck }, invariantBudget: { records: every, share, by: clock !== undefined ? 'time' : 'work' },
      liveObjects: s.liveCount, problem: p,
    };
  } finally {
    reader.close();
  }
}
