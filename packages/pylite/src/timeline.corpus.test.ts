/**
 * Seeking you can trust, on every corpus program: the state the timeline gives at a
 * sampled seq of the program's heap log equals the live heap of the program stopped
 * there, and every object's projection from the index (refcount, references from other
 * objects, GC list, slots, size) equals that object in the live heap.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { Timeline } from '@pymm/engine';
import { cloneGcState, diffGcStates, type GcState } from '@pymm/gc';
import { F_FINALIZED, F_TRACKED, heapFor, LIST_HEADS } from '@pymm/objects';
import { runSource } from './run.js';

const CORPUS = fileURLToPath(new URL('../../../tools/cpython-oracle/corpus/', import.meta.url));
const PROGRAMS = readdirSync(CORPUS).filter((f) => f.endsWith('.py')).sort();
const dir = mkdtempSync(join(tmpdir(), 'pymm-corpus-timeline-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Two sampled seqs per program, from its name (deterministic, spread over the run). */
function samples(name: string, length: number): number[] {
  let h = 2166136261;
  for (const c of name) h = Math.imul(h ^ c.charCodeAt(0), 16777619) >>> 0;
  return [(h % Math.max(1, length - 1)) + 1, Math.floor(length * 0.8)].map((x) => Math.min(length - 1, Math.max(0, x)));
}

function projectionProblems(t: Timeline, live: GcState, seq: number): string[] {
  const s = live.objects;
  const h = heapFor(s);
  const ix = t.heap!.index;
  const out: string[] = [];
  for (let id = LIST_HEADS; id < s.nextId && out.length < 5; id++) {
    if (!s.isAlive(id)) { if (ix.aliveAt(id, seq)) out.push(`${id}: alive in the index, dead in the heap`); continue; }
    const p = ix.project(id, seq);
    const list = (s.flags[id]! & F_TRACKED) !== 0 ? s.listOf(id) : -1;
    // a split dict made a moment before its instance links it has no owner in a copied
    // heap (only the running heap's cache knows it): its size is not comparable then
    let size: number | null = null;
    try { size = h.getsizeof(id as never); } catch { size = null; }
    const bad = [
      !p.alive && 'not alive',
      !p.isStatic && p.refcount !== s.refcnt[id] && `refcount ${p.refcount} != ${s.refcnt[id]}`,
      p.inref !== s.inref[id] && `references from objects ${p.inref} != ${s.inref[id]}`,
      p.list !== list && `GC list ${p.list} != ${list}`,
      p.slots.join() !== s.slots(id).join() && 'slots differ',
      p.finalized !== ((s.flags[id]! & F_FINALIZED) !== 0) && 'finalized flag',
      !p.isStatic && size !== null && ix.sizeAndLabels(p).getsizeof !== size && `getsizeof ${ix.sizeAndLabels(p).getsizeof} != ${size}`,
    ].filter(Boolean);
    if (bad.length > 0) out.push(`${h.describe(id as never)}: ${bad.join(', ')}`);
  }
  return out;
}

describe('the timeline of every corpus program', () => {
  it.each(PROGRAMS)('%s: the state at sampled seqs equals the program stopped there', (name) => {
    const logPath = join(dir, `${name}.pymmlog`);
    const source = readFileSync(join(CORPUS, name), 'utf8');
    // first run: how long the log is
    const first = runSource(source, { filename: name, logPath });
    if (first.log === undefined) return; // a program outside the subset writes no log
    const targets = samples(name, first.log.records);
    const captured = new Map<number, GcState>();
    // second run: stop at each sampled seq (after its record: records = seq + 1) and copy the live heap
    const again = runSource(source, {
      filename: name, logPath,
      observe: (records, state) => { if (targets.includes(records - 1)) captured.set(records - 1, cloneGcState(state)); },
    });
    expect(again.log?.records).toBe(first.log.records);
    const t = Timeline.open(logPath);
    for (const seq of targets) {
      const live = captured.get(seq);
      expect(live, `seq ${seq} was observed`).toBeDefined();
      expect(diffGcStates(t.heapAt(seq), live!), `${name} at seq ${seq}`).toBeNull();
      expect(projectionProblems(t, live!, seq), `${name} at seq ${seq}`).toEqual([]);
    }
  });
});
