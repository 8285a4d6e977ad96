/**
 * One event path: the heap and its collector change the state the same way whether a sink
 * listens or not (without one, the hottest events are applied without event objects), and
 * the events a sink hears fold to that same state. Three runs of the same random commands:
 *
 *   run       sink                     compared after every command
 *   silent    none                     with `heard`
 *   heard     collects the events      with `folded`
 *   folded    -                        built only by evolve(events of `heard`)
 *   decoded   -                        the same, after the heap log codec wrote and read them
 *
 * The host resurrects: an odd object's __del__ stores it in a list the host holds (the
 * first object the run makes, so commands reach it too), and every weakref callback stores
 * its weakref there, so finalizers, resurrection and callbacks that make new references
 * all happen inside collections and refcount deaths. Ids come from the state, never typed
 * in: the commands name the objects the run makes.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { contractSeed } from '@pymm/eventlog/testing';
import { DEBUG_SAVEALL, diffGcStates, evolve, execute, HeapCodec, initialState, type GcCommand, type GcEvent, type GcState, type HeapRecord } from '@pymm/gc';
import { F_ALIVE, F_STATIC, Kind, NULL_ID, ObjectsError, type Heap, type ObjectId, type ObjectsHost } from '@pymm/objects';
import { FIRST_PROGRAM_ID } from './index.js';

class ResurrectingHost implements ObjectsHost {
  graveyard = -1 as ObjectId;
  finalizers = 0;
  callbacks = 0;
  callFinalizer(heap: Heap, self: ObjectId): void {
    this.finalizers++;
    if (self % 2 === 1 && heap.isAlive(this.graveyard)) heap.listAppend(this.graveyard, self);
  }
  callWeakrefCallback(heap: Heap, _callback: ObjectId, wr: ObjectId): void {
    this.callbacks++;
    if (heap.isAlive(this.graveyard)) heap.listAppend(this.graveyard, wr);
  }
}

interface Run { readonly state: GcState; readonly host: ResurrectingHost }

/** The first id a run's own objects get (its graveyard list). */
const FIRST_USER_ID = FIRST_PROGRAM_ID;

function start(): Run {
  const state = initialState({ profile: 'tiny' });
  const host = new ResurrectingHost();
  host.graveyard = execute(state, { type: 'NewList', items: [] }) as ObjectId;
  return { state, host };
}

/** Runs `c`; the error code it was refused with, or null. */
function attempt(run: Run, c: GcCommand, sink: ((e: GcEvent) => void) | null): string | null {
  try {
    execute(run.state, c, sink, run.host);
    return null;
  } catch (err) {
    if (err instanceof ObjectsError) return err.code;
    throw err;
  }
}

/**
 * A step names its objects by position among the live objects of a kind (so every run
 * resolves it to the same object, and most steps do something): `a` and `b` pick them.
 */
interface Step { readonly op: number; readonly a: number; readonly b: number; readonly name: string; readonly flag: boolean }
const OPS = 20;
const steps = fc.array(
  fc.record({ op: fc.integer({ min: 0, max: OPS - 1 }), a: fc.nat(), b: fc.nat(), name: fc.constantFrom('x', 'y', 'z'), flag: fc.boolean() }),
  { minLength: 20, maxLength: 80 },
);

/**
 * The objects of `kind` (null: any) the program holds: made by the run (the interpreter's
 * own, gc.garbage and gc.callbacks among them, are not the program's to drop) and with a
 * reference from outside the heap, as a Python program can name only what it holds.
 */
function live(s: GcState, kind: number | null): ObjectId[] {
  const o = s.objects;
  const out: ObjectId[] = [];
  for (let id = FIRST_USER_ID; id < o.nextId; id++) {
    if ((o.flags[id]! & F_ALIVE) === 0 || (o.flags[id]! & F_STATIC) !== 0 || o.refcnt[id]! <= o.inref[id]!) continue;
    if (kind === null || o.kind[id] === kind) out.push(id as ObjectId);
  }
  return out;
}

/** The command step `t` is in state `s` (null: nothing to do it on yet). */
function commandOf(s: GcState, t: Step): GcCommand | null {
  const pick = (kind: number | null, k: number): ObjectId | null => { const l = live(s, kind); return l.length === 0 ? null : l[k % l.length]!; };
  const any = pick(null, t.b);
  switch (t.op) {
    case 0: return { type: 'NewClass', name: 'C', options: { hasDel: t.a % 4 !== 0 } };
    case 1: case 2: case 3: { const c = pick(Kind.Type, t.a); return c === null ? null : { type: 'NewInstance', classId: c }; }
    case 4: case 5: { const o = pick(Kind.Instance, t.a); return o === null || any === null ? null : { type: 'SetAttr', obj: o, name: t.name, value: any }; }
    case 6: { const o = pick(Kind.Instance, t.a); return o === null ? null : { type: 'DelAttr', obj: o, name: t.name }; }
    case 7: return { type: 'NewList', items: any === null || t.flag ? [] : [any] };
    case 8: { const l = pick(Kind.List, t.a); return l === null || any === null ? null : { type: 'ListAppend', list: l, item: any }; }
    case 9: { const l = pick(Kind.List, t.a); return l === null ? null : { type: 'ListClear', list: l }; }
    case 10: case 11: { const o = pick(Kind.Instance, t.a); return o === null ? null : { type: 'NewWeakref', referent: o, callback: t.flag && any !== null ? any : NULL_ID }; }
    case 12: case 13: { const o = pick(Kind.Instance, t.a); return o === null ? null : { type: 'DecRef', id: o }; }
    case 14: { const o = pick(null, t.a); return o === null ? null : { type: 'DecRef', id: o }; }
    case 15: return { type: 'Collect', generation: t.a % 3 };
    case 16: return { type: 'SetDebug', flags: t.flag && t.a % 3 === 0 ? DEBUG_SAVEALL : 0 };
    case 17: case 18: { const o = pick(Kind.Instance, t.a); return o === null ? null : { type: 'SetAttr', obj: o, name: t.name, value: o }; }
    default: return t.flag ? { type: t.a % 2 === 0 ? 'Freeze' : 'Unfreeze' } : { type: 'SetThreshold', thresholds: [2 + (t.a % 5), 2, 2] };
  }
}

describe('one event path', () => {
  it('with a sink, without one, and the fold of what the sink heard: the same state after every command', () => {
    let finalizers = 0, callbacks = 0, resurrected = 0, inCollections = 0, rescues = 0;
    fc.assert(fc.property(steps, (ts) => {
      const silent = start(), heard = start(), folded = start(), decoded = start();
      const records: HeapRecord[] = [];
      let collecting = false, eventsSinceCommand = 0;
      const sink = (e: GcEvent) => {
        evolve(folded.state, e);
        records.push({ kind: 'event', cause: records.length - 1 - eventsSinceCommand++, event: e });
        if (e.type === 'CollectionStarted') collecting = true;
        else if (e.type === 'CollectionFinished') collecting = false;
        else if (collecting && (e.type === 'FinalizerCalled' || e.type === 'WeakrefCallbackCalled')) inCollections++;
        else if (e.type === 'YoungScanned' && e.rescued.length > 0) rescues++;
      };
      for (const [i, t] of ts.entries()) {
        const c = commandOf(heard.state, t);
        if (c === null) continue;
        records.push({ kind: 'command', command: c });
        eventsSinceCommand = 0;
        const a = attempt(silent, c, null);
        const b = attempt(heard, c, sink);
        expect(a, `command ${i} ${JSON.stringify(c)}`).toBe(b);
        expect(diffGcStates(silent.state, heard.state), `after command ${i} ${JSON.stringify(c)}`).toBeNull();
        expect(diffGcStates(heard.state, folded.state), `fold after command ${i} ${JSON.stringify(c)}`).toBeNull();
      }
      // and the same events written with the log's codec and read back fold to it too
      const codec = new HeapCodec();
      for (const r of codec.decode(codec.encode(records, 0), 0, records.length)) if (r.kind === 'event') evolve(decoded.state, r.event);
      expect(diffGcStates(heard.state, decoded.state), 'the fold of the decoded log').toBeNull();
      finalizers += heard.host.finalizers;
      callbacks += heard.host.callbacks;
      resurrected += heard.state.objects.slotLen[heard.host.graveyard] ?? 0;
    }), { seed: contractSeed(), numRuns: 400 });
    // the runs reach what this test is about: finalizers and callbacks, in collections
    // too, objects resurrected, and scans that move objects back to young
    expect(finalizers).toBeGreaterThan(100);
    expect(callbacks).toBeGreaterThan(20);
    expect(resurrected).toBeGreaterThan(100);
    expect(inCollections).toBeGreaterThan(20);
    expect(rescues).toBeGreaterThan(5);
  });
});
