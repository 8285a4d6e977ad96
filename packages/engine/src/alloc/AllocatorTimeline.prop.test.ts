import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ObmallocCodec, diffStates, tiny, type ObmallocRecord, type ObmallocState } from '@pymm/obmalloc';
import { commandPlans, foldRecords, recordPlan } from '@pymm/obmalloc/testing';
import { AllocatorTimeline as Timeline } from './AllocatorTimeline.js';
import { memorySource } from '../FrameSource.js';

const seed = Number(process.env.PYMM_SEED ?? 20261127);
const codec = new ObmallocCodec(tiny);

const recordsOf = (plan: Parameters<typeof recordPlan>[1]): ObmallocRecord[] => recordPlan(tiny, plan);

/** The naive answer: fold evolve over the first seq+1 records. */
const foldTo = (records: ObmallocRecord[], seq: number): ObmallocState => foldRecords(tiny, records, seq);

const timelineOf = (records: ObmallocRecord[], perFrame: number, every: number) =>
  Timeline.open(memorySource(codec, records, perFrame), codec, { checkpointEveryRecords: every });

describe('timeline', () => {
  it('seek(n) gives the fold of the first n+1 records, whichever way it arrives (path independence)', () => {
    fc.assert(
      fc.property(commandPlans(tiny, 250), fc.array(fc.nat(), { minLength: 1, maxLength: 12 }), fc.integer({ min: 3, max: 40 }), fc.integer({ min: 1, max: 120 }),
        (plan, targets, perFrame, every) => {
          const records = recordsOf(plan);
          if (records.length === 0) return;
          const t = timelineOf(records, perFrame, every);
          for (const raw of targets) {
            const seq = (raw % (records.length + 1)) - 1;
            expect(diffStates(t.seek(seq), foldTo(records, seq), { semantic: true })).toBeNull();
            expect(t.seq).toBe(seq);
          }
        }),
      { seed, numRuns: 120 },
    );
  });

  it('stepBack and stepForward are seeks by one, both ways', () => {
    fc.assert(
      fc.property(commandPlans(tiny, 120), fc.nat(), fc.array(fc.boolean(), { maxLength: 30 }), (plan, start, moves) => {
        const records = recordsOf(plan);
        if (records.length === 0) return;
        const t = timelineOf(records, 8, 24);
        let seq = (start % records.length);
        t.seek(seq);
        for (const back of moves) {
          seq = back ? Math.max(-1, seq - 1) : Math.min(records.length - 1, seq + 1);
          expect(back ? t.stepBack() : t.stepForward()).toBe(seq);
          expect(diffStates(t.state, foldTo(records, seq), { semantic: true })).toBeNull();
        }
      }),
      { seed, numRuns: 60 },
    );
  });

  it('history, pins, arena counts and runTo agree with a naive scan of the records', () => {
    fc.assert(
      fc.property(commandPlans(tiny, 200), fc.nat(), (plan, at) => {
        const records = recordsOf(plan);
        if (records.length === 0) return;
        const t = timelineOf(records, 16, 48);
        // naive: live pymalloc blocks with their allocating command, per seq
        const seq = at % records.length;
        const live = new Map<number, number>();
        const touched = new Map<number, number[]>();
        let arenas = 0, maxArenas = 0, firstOver1: number | null = null;
        records.forEach((r, i) => {
          if (r.kind === 'command') {
            const c = r.command;
            if (c.type === 'Free' || c.type === 'Realloc') if (c.address !== 0) touched.set(c.address, [...(touched.get(c.address) ?? []), i]);
            return;
          }
          const e = r.event;
          if (e.type === 'BlockAllocated') {
            touched.set(e.address, [...(touched.get(e.address) ?? []).filter((x) => x !== r.cause), r.cause]);
            if (i <= seq) live.set(e.address, r.cause);
          }
          if (e.type === 'RawAllocated' || e.type === 'RawReallocated') touched.set(e.address, [...(touched.get(e.address) ?? []).filter((x) => x !== r.cause), r.cause]);
          if (e.type === 'BlockFreed' && i <= seq) live.delete(e.address);
          if (e.type === 'ArenaAllocated') { arenas++; if (arenas > 1 && firstOver1 === null) firstOver1 = i; maxArenas = Math.max(maxArenas, arenas); }
          if (e.type === 'ArenaFreed') arenas--;
        });
        const pins = t.pins(seq);
        const got = new Map(pins.flatMap((a) => a.liveBlocks.map((b) => [b.address, b.allocatedAt] as const)));
        expect(got).toEqual(live);
        for (const [address, seqs] of touched) expect(t.history(address).map((h) => h.seq)).toEqual([...new Set(seqs)].sort((x, y) => x - y));
        if (firstOver1 !== null) {
          // the arena event's group ends at or after the ArenaAllocated record
          const found = t.firstSeqArenasExceed(1)!;
          expect(found).toBeGreaterThanOrEqual(firstOver1);
          expect(t.runTo((s) => s.narenasCurrentlyAllocated > 1)).toBe(found);
        } else {
          expect(t.firstSeqArenasExceed(1)).toBeNull();
        }
      }),
      { seed, numRuns: 80 },
    );
  });
});
