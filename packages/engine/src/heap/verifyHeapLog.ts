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
 *   invariants  between module-level statements (no operation under way; every
 *               `invariantEvery` records, and further apart on large heaps) and at the
 *               end, the heap's invariants hold (references, GC lists, weakrefs, each
 *               block with one owner, the allocator's own invariants)
 *
 * It stops at the first problem and says which record. A damaged container (a frame that
 * does not decode) is a LogFormatError, as for any reader of the log.
 */
import { LogFormatError, LogReader } from '@pymm/eventlog';
import { evolve, HEAP_CODEC, HeapCodec, initialGcState, type GcEvent, type HeapVisitor } from '@pymm/gc';
import { applySlotSet, F_STATIC, findObjectsViolations, LIST_HEADS, NULL_ID } from '@pymm/objects';

export interface HeapVerifyOptions {
  /** Called after each frame: records checked, records in all. */
  readonly onProgress?: (recordsDone: number, recordsTotal: number) => void;
  /** Records at least between invariant checks (at the next module-level statement); default max(1024, records / 64). */
  readonly invariantEvery?: number;
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
  readonly invariantChecks: number;
  /** Objects alive after the last record checked. */
  readonly liveObjects: number;
  /** The first record the model cannot accept (seq), or null when every record holds. */
  readonly problem: { readonly seq: number; readonly message: string } | null;
}

/**
 * A check walks every live object and block (about as long as folding this many records
 * per live object): checks are spaced at least that many records apart, so that they
 * cost a fraction of the fold on large heaps.
 */
const CHECK_RECORDS_PER_OBJECT = 32;

/** Object events and the id field each one names. */
const OBJECT_EVENTS: Readonly<Record<string, true>> = {
  RefcountChanged: true, SlotSet: true, SlotsSpliced: true, StorageChanged: true, InstanceDictSet: true, ObjectTracked: true,
  ObjectUntracked: true, GcListMoved: true, FinalizedMarked: true, ObjectDestroyed: true, DeallocDeferred: true,
};

export function verifyHeapLog(path: string, options: HeapVerifyOptions = {}): HeapVerifyResult {
  const reader = LogReader.open(path);
  try {
    if (reader.header.codec !== HEAP_CODEC) {
      throw new LogFormatError('CODEC_MISMATCH', 0, `${path} holds '${reader.header.codec}' records, not a heap log ('${HEAP_CODEC}')`);
    }
    const total = reader.recordCount;
    const every = options.invariantEvery ?? Math.max(1024, Math.ceil(total / 64));
    const g = initialGcState({ profile: reader.header.profile });
    const s = g.objects;
    const codec = new HeapCodec();
    let commandBits = new Uint8Array(1 << 12);
    let next = 0, commands = 0, events = 0, statements = 0, created = 0, destroyed = 0, collections = 0, checks = 0;
    let lastCheck: number | null = null;
    /** Frames entered and not left (the module's is 1). */
    let depth = 0;
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
    const invariants = (seq: number): void => {
      checks++;
      const v = findObjectsViolations(s);
      if (v.length > 0) {
        fail(seq, `after record ${seq} the heap is inconsistent${lastCheck !== null ? ` (it was consistent after record ${lastCheck})` : ''}: ${v[0]}${v.length > 1 ? ` (and ${v.length - 1} more)` : ''}`);
      }
      lastCheck = seq;
    };
    const refcountOk = (seq: number, id: number, delta: number): boolean => {
      if (!alive(id)) { fail(seq, `RefcountChanged of object ${id}, which is not alive`); return false; }
      if ((s.flags[id]! & F_STATIC) === 0 && s.refcnt[id]! + delta < 0) {
        fail(seq, `RefcountChanged ${delta > 0 ? '+' : ''}${delta} of object ${id} takes its refcount from ${s.refcnt[id]} below 0`);
        return false;
      }
      return true;
    };
    const slotOk = (seq: number, what: string, id: number, index: number, deleteCount: number, values: readonly number[]): boolean => {
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
          if (statement && depth <= 1 && !g.collecting && seq - (lastCheck ?? -1) > Math.max(every, CHECK_RECORDS_PER_OBJECT * s.liveCount)) { invariants(seq - 1); if (problem !== null) return; }
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
    if (problem === null) invariants(next - 1);
    const p = problem as { seq: number; message: string } | null;
    return {
      records: p === null ? next : p.seq, recordsTotal: total, frames: frames.length, commands, events, statements,
      objectsCreated: created, objectsDestroyed: destroyed, collections, invariantChecks: checks, liveObjects: s.liveCount, problem: p,
    };
  } finally {
    reader.close();
  }
}
