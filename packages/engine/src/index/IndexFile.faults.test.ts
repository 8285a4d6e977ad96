/**
 * A damaged index is never trusted: a byte flipped or the file cut anywhere, a stale
 * index (the log changed), another version: opening says so in one notice, indexes the
 * log again, and answers exactly as with a fresh index.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { writeLog } from '@pymm/eventlog';
import { contractSeed } from '@pymm/eventlog/testing';
import { diffGcStates, cloneGcState, type HeapRecord } from '@pymm/gc';
import { ObmallocCodec, diffStates, obmallocLogHeader, tiny } from '@pymm/obmalloc';
import { commandPlans, recordPlan } from '@pymm/obmalloc/testing';
import { heapDeciderCommands } from '@pymm/testkit';
import { HeapRecorder, Timeline, indexPathFor } from '../index.js';

const dir = mkdtempSync(join(tmpdir(), 'pymm-index-faults-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function allocatorLog(): string {
  const [plan] = fc.sample(commandPlans(tiny, 600), { seed: 11, numRuns: 1 });
  const path = join(dir, 'alloc.pymmlog');
  writeLog(path, obmallocLogHeader('tiny', 'test'), new ObmallocCodec(tiny), recordPlan(tiny, plan!), { recordsPerFrame: 64 });
  return path;
}

function heapLog(): string {
  const cmds = fc.sample(heapDeciderCommands(120), { seed: contractSeed(), numRuns: 6 }).flat();
  const rec = new HeapRecorder({ profile: 'tiny' });
  for (const c of cmds) {
    try { rec.execute(c); } catch { /* rejected commands leave no record */ }
  }
  const path = join(dir, 'heap.pymmlog');
  rec.write(path);
  expect((rec.records as HeapRecord[]).length).toBeGreaterThan(200);
  return path;
}

/** What the questions answer, for comparing an index read back with a fresh one. */
function answers(t: Timeline): string {
  const out: unknown[] = [t.kind, t.length];
  for (const seq of [-1, Math.floor(t.length / 3), Math.floor((2 * t.length) / 3), t.length - 1]) {
    const s = t.allocatorAt(seq);
    out.push(seq, s.narenasCurrentlyAllocated, s.rawAllocatedBlocks);
    out.push(t.pins(seq).map((a) => a.liveBlocks.map((b) => `${b.address}@${b.allocatedAt}`).join()));
    if (t.heap !== null) {
      for (const id of [20, 36, 40, 44]) if (t.heap.index.exists(id)) out.push(JSON.stringify(t.show(id as never, seq)));
    }
  }
  const probe = t.allocatorAt(t.length - 1);
  for (let a = 0; a < probe.maxarenas; a++) if (probe.arenaAddress[a] !== 0) out.push(t.addressHistory(probe.arenaFirstPool[a] + 48).map((h) => `${h.seq}:${h.kind}`).join());
  out.push(t.markers().map((m) => `${m.seq}:${m.kind}`).join());
  return JSON.stringify(out);
}

for (const [kind, make] of [['allocator', allocatorLog], ['heap', heapLog]] as const) {
  describe(`the index of an ${kind} log`, () => {
    const log = make();
    const idx = indexPathFor(log);
    const notices: string[] = [];
    const open = () => Timeline.open(log, { onNotice: (m) => notices.push(m) });
    const fresh = open();
    const reference = answers(fresh);
    const pristine = new Uint8Array(readFileSync(idx));

    it('is written on first open and read afterwards, giving the same answers', () => {
      expect(notices).toHaveLength(1);
      expect(notices[0]).toMatch(/there is no index file; indexing the log/);
      const again = open();
      expect(again.indexOrigin).toBe('read');
      expect(notices).toHaveLength(1);
      expect(answers(again)).toBe(reference);
    });

    it('a byte flipped anywhere (60 places), or the file cut anywhere (40 places): noticed, rebuilt, the same answers', () => {
      const n = pristine.length;
      const cases: Uint8Array[] = [];
      for (let k = 0; k < 60; k++) { const c = pristine.slice(); c[Math.floor(((k + 0.5) * n) / 60)]! ^= 1 << (k % 8); cases.push(c); }
      for (let k = 0; k < 40; k++) cases.push(pristine.slice(0, Math.floor((k * n) / 40)));
      for (const damaged of cases) {
        writeFileSync(idx, damaged);
        const before = notices.length;
        const t = open();
        expect(t.indexOrigin).toBe('built');
        expect(notices.length).toBe(before + 1);
        expect(notices[notices.length - 1]).toMatch(/index file is damaged|no index file|another kind|empty|version/);
        expect(answers(t)).toBe(reference);
        // the rebuilt index is whole again
        expect(new Uint8Array(readFileSync(idx)).length).toBe(n);
      }
    });

    it('an index of another log (stale) is noticed and rebuilt', () => {
      const other = join(dir, `${kind}-other.pymmlog`);
      writeFileSync(other, readFileSync(log));
      writeFileSync(indexPathFor(other), pristine);
      // the same bytes: the index belongs (its fingerprint matches)
      expect(Timeline.open(other).indexOrigin).toBe('read');
      // one record fewer: a different log
      const bytes = new Uint8Array(readFileSync(log));
      writeFileSync(other, bytes.subarray(0, bytes.length - 60));
      const seen: string[] = [];
      const t = Timeline.open(other, { onNotice: (m) => seen.push(m) });
      expect(t.indexOrigin).toBe('built');
      expect(seen.join()).toMatch(/index/);
    });

    it('states read through the index file equal states of an index built in memory', () => {
      const t = open();
      const fresh = Timeline.open(log, { indexPath: join(dir, `${kind}-none.idx`), readOnly: true });
      expect(fresh.indexOrigin).toBe('built');
      for (const seq of [0, Math.floor(t.length / 2), t.length - 1]) {
        if (t.heap !== null) expect(diffGcStates(cloneGcState(t.heapAt(seq)), cloneGcState(fresh.heapAt(seq)))).toBeNull();
        else expect(diffStates(t.allocatorAt(seq).clone(), fresh.allocatorAt(seq).clone(), { semantic: true })).toBeNull();
      }
    });
  });
}
