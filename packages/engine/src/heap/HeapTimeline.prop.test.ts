/**
 * Time travel on heap logs, both ways: a seek gives the fold of the records up to it
 * whichever way it arrives (forward from the last state, or from a checkpoint), and a
 * branch forked at any seq continues exactly like the trunk's state with the same
 * commands applied directly.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { contractSeed } from '@pymm/eventlog/testing';
import { cloneGcState, diffGcStates, evolve, execute, initialGcState, type GcCommand, type GcState, type HeapRecord } from '@pymm/gc';
import type { ObjectId } from '@pymm/objects';
import { heapDeciderCommands } from '@pymm/testkit';
import { HeapBranch, HeapRecorder, HeapTimeline, Timeline } from '../index.js';

/** Random command runs of the heap and collector (a tiny allocator: arenas come and go). */
function runs(n: number): HeapRecord[][] {
  return fc.sample(heapDeciderCommands(80), { seed: contractSeed(), numRuns: n }).map((cmds) => {
    const rec = new HeapRecorder({ profile: 'tiny' });
    for (const c of cmds) {
      try { rec.execute(c); } catch { /* rejected commands leave no record */ }
    }
    return rec.records as HeapRecord[];
  });
}

/** The state after records [0, position): a plain fold, the reference. */
function fold(records: readonly HeapRecord[], position: number): GcState {
  const s = initialGcState({ profile: 'tiny' });
  for (let i = 0; i < position; i++) {
    const r = records[i]!;
    if (r.kind === 'event') evolve(s, r.event);
  }
  return s;
}

describe('heap timeline', () => {
  const recorded = runs(12).filter((r) => r.length > 0);

  it('seek(n) is the fold of the first n+1 records, whichever way it arrives (path independence)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: recorded.length - 1 }), fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { minLength: 2, maxLength: 8 }), (which, fractions) => {
        const records = recorded[which]!;
        const t = Timeline.ofHeap(HeapTimeline.fromRecords(records, 'tiny', { checkpointEveryRecords: 40 }));
        expect(t.heap!.index.meta.checkpoints.length).toBeGreaterThan(1);
        // a walk over the log in both directions, each stop checked against the plain fold
        for (const f of fractions) {
          const seq = Math.min(records.length - 1, Math.floor(f * records.length)) - (f < 0.05 ? 1 : 0);
          expect(diffGcStates(cloneGcState(t.heapAt(seq)), fold(records, seq + 1))).toBeNull();
        }
      }),
      { seed: contractSeed(), numRuns: 40 },
    );
  });

  it('stepping by event, statement and collection lands on the boundaries, both ways', () => {
    let collectionsSeen = 0;
    for (const records of recorded) {
      const t = Timeline.ofHeap(HeapTimeline.fromRecords(records, 'tiny', { checkpointEveryRecords: 40 }));
      const ends = t.markers().filter((m) => m.kind === 'collection').map((m) => m.endSeq!);
      collectionsSeen += ends.length;
      let s: number | null = -1;
      const seen: number[] = [];
      while ((s = t.step(s, 1, 'collection')) !== null) seen.push(s);
      expect(seen).toEqual(ends);
      const back: number[] = [];
      s = t.length - 1;
      while ((s = t.step(s, -1, 'collection')) !== null) back.push(s);
      expect(back.reverse()).toEqual(ends.filter((e) => e < t.length - 1));
      expect(t.step(3, 1, 'event')).toBe(4);
      expect(t.step(0, -1, 'event')).toBe(-1);
    }
    expect(collectionsSeen).toBeGreaterThan(0);
  });

  it('a branch forked at any seq: other collector commands, then the same state as applying them to the trunk state directly', () => {
    const commands: GcCommand[] = [{ type: 'Collect', generation: 2 }, { type: 'SetThreshold', thresholds: [1, 1, 1] } as GcCommand, { type: 'Collect', generation: 0 }];
    fc.assert(
      fc.property(fc.integer({ min: 0, max: recorded.length - 1 }), fc.double({ min: 0, max: 1, noNaN: true }), fc.subarray(commands, { minLength: 1 }), (which, f, cmds) => {
        const records = recorded[which]!;
        const t = Timeline.ofHeap(HeapTimeline.fromRecords(records, 'tiny', { checkpointEveryRecords: 40 }));
        const fork = Math.min(records.length - 1, Math.floor(f * records.length));
        const b = t.branch(fork) as HeapBranch;
        const direct = fold(records, fork + 1);
        for (const c of cmds) {
          b.apply(c);
          execute(direct, c);
        }
        expect(diffGcStates(b.state, direct)).toBeNull();
        // the trunk is untouched by its branch
        expect(diffGcStates(cloneGcState(t.heapAt(fork)), fold(records, fork + 1))).toBeNull();
        const cmp = b.compare();
        expect(cmp.heap.branch.liveObjects).toBe(direct.objects.liveCount);
        expect(cmp.heap.trunk.liveObjects).toBe(t.heapAt(fork).objects.liveCount);
      }),
      { seed: contractSeed(), numRuns: 30 },
    );
  });

  it("a set's dummies and pop finger survive checkpoints: seeks back through set churn equal the fold", () => {
    // twelve int keys that all hash to slot 0 of a small table: long probe chains, dummies reused
    const op = fc.tuple(fc.constantFrom('add', 'add', 'add', 'discard', 'discard', 'pop', 'add', 'discard', 'pop', 'clear'), fc.integer({ min: 0, max: 11 }));
    fc.assert(
      fc.property(fc.array(op, { minLength: 10, maxLength: 90 }), (ops) => {
        const rec = new HeapRecorder({ profile: 'tiny' });
        const keys = Array.from({ length: 12 }, (_, i) => rec.execute({ type: 'NewInt', value: String(4096 + 8 * i) }) as ObjectId);
        const set = rec.execute({ type: 'NewSet', items: [] }) as ObjectId;
        for (const [what, k] of ops) {
          const c: GcCommand = what === 'add' ? { type: 'SetAdd', set, item: keys[k]! } : what === 'discard' ? { type: 'SetDiscard', set, item: keys[k]! }
            : what === 'pop' ? { type: 'SetPop', set } : { type: 'SetClear', set };
          try { rec.execute(c); } catch { /* pop from an empty set */ }
        }
        const records = rec.records as HeapRecord[];
        const t = Timeline.ofHeap(HeapTimeline.fromRecords(records, 'tiny', { checkpointEveryRecords: 5 }));
        // backwards: every stop is a checkpoint restore, then a short fold
        for (let seq = records.length - 1; seq >= 0; seq -= 2) {
          expect(diffGcStates(cloneGcState(t.heapAt(seq)), fold(records, seq + 1))).toBeNull();
        }
      }),
      { seed: contractSeed(), numRuns: 30 },
    );
  });

  it("refcounts kept as window sums: every object's history, paged anyhow, and its refcount at any seq equal a plain scan of the records", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: recorded.length - 1 }), fc.integer({ min: 0, max: 6 }), fc.nat(40), fc.integer({ min: 1, max: 30 }),
        (which, bits, offset, limit) => {
          const records = recorded[which]!;
          const t = HeapTimeline.fromRecords(records, 'tiny', { checkpointEveryRecords: 40, refcountWindowBits: bits });
          const histories = plainHistories(records);
          for (const [id, want] of histories) {
            const page = t.refcountHistoryPage(id as ObjectId, offset, limit);
            expect(page.total, `object ${id}`).toBe(want.length);
            expect(page.entries.map((c) => `${c.what} ${c.seq} ${c.delta} ${c.refcount} ${c.cause}`), `object ${id}`).toEqual(want.slice(offset, offset + limit));
          }
          // after every record, each live object's projected refcount
          const s = initialGcState({ profile: 'tiny' });
          records.forEach((r, seq) => {
            if (r.kind === 'event') evolve(s, r.event);
            for (const id of histories.keys()) if (s.objects.isAlive(id)) expect(t.index.project(id, seq).refcount, `object ${id} at ${seq}`).toBe(s.objects.refcnt[id]);
          });
        },
      ),
      { seed: contractSeed(), numRuns: 30 },
    );
  });

  it('diff between two seqs lists the objects made and freed in between', () => {
    const records = recorded[0]!;
    const t = Timeline.ofHeap(HeapTimeline.fromRecords(records, 'tiny', { checkpointEveryRecords: 40 }));
    const a = Math.floor(records.length / 3), b = records.length - 1;
    const d = t.diff(a, b);
    const sa = cloneGcState(t.heapAt(a)).objects, sb = t.heapAt(b).objects;
    for (const id of d.heap!.added) expect(sa.isAlive(id) || !sb.isAlive(id)).toBe(false);
    for (const id of d.heap!.removed) expect(sa.isAlive(id) && !sb.isAlive(id)).toBe(true);
    expect(d.heap!.added.length - d.heap!.removed.length).toBe(sb.liveCount - sa.liveCount - countStaticsBorn(records, a, b));
  });
});

/** Statics made between two seqs (the diff leaves out the interpreter's statics). */
function countStaticsBorn(records: readonly HeapRecord[], a: number, b: number): number {
  let n = 0;
  for (let i = a + 1; i <= b; i++) {
    const r = records[i]!;
    if (r.kind === 'event' && r.event.type === 'ObjectCreated' && r.event.isStatic) n++;
  }
  return n;
}

/** Per object made in the log (not a static): created, each refcount change and destroyed, as "what seq delta refcount cause". */
function plainHistories(records: readonly HeapRecord[]): Map<number, string[]> {
  const out = new Map<number, string[]>();
  const rc = new Map<number, number>();
  records.forEach((r, seq) => {
    if (r.kind !== 'event') return;
    const e = r.event;
    if (e.type === 'ObjectCreated' && !e.isStatic) {
      out.set(e.id, [`created ${seq} 1 1 ${r.cause}`]);
      rc.set(e.id, 1);
    } else if (e.type === 'RefcountChanged' && out.has(e.id)) {
      const n = rc.get(e.id)! + e.delta;
      rc.set(e.id, n);
      out.get(e.id)!.push(`changed ${seq} ${e.delta} ${n} ${r.cause}`);
    } else if (e.type === 'ObjectDestroyed' && out.has(e.id)) {
      out.get(e.id)!.push(`destroyed ${seq} 0 ${rc.get(e.id)!} ${r.cause}`);
    }
  });
  return out;
}
