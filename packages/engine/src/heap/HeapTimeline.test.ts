import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { assertCodecRoundTrip, contractSeed } from '@pymm/eventlog/testing';
import { jsonRecordCodec, LogFormatError, writeLog } from '@pymm/eventlog';
import { diffGcStates, HeapCodec, type HeapRecord } from '@pymm/gc';
import { CheckpointStore, debugMallocStats, resolveProfile } from '@pymm/obmalloc';
import { ClosureHost, LongText, type ObjectId } from '@pymm/objects';
import { heapDeciderCommands } from '@pymm/testkit';
import { HeapRecorder, HeapTimeline, HeapTimelineError, UnusableLogError, verifyHeapLog } from '../index.js';
import { decodeHeapCheckpoint, encodeHeapCheckpoint } from './heapCheckpoint.js';
import { zlibCompression } from './HeapIndexBuilder.js';

const dir = mkdtempSync(join(tmpdir(), 'pymm-heap-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** `l = []; l.append(l); x = Node(); x.child = Node(); holder = [x]; del l; ...` recorded line by line. */
function recordProgram() {
  const host = new ClosureHost();
  const rec = new HeapRecorder({ host, source: 'test' });
  const line = (text: string) => ({ line: text });
  rec.run(line('gc.disable()'), ({ gc }) => gc.disable());
  const l = rec.run(line('l = []'), ({ heap }) => heap.list());
  rec.run(line('l.append(l)'), ({ heap }) => heap.listAppend(l, l));
  const Node = rec.run(line('class Node: pass'), ({ heap }) => heap.newClass('Node'));
  const x = rec.run(line('x = Node()'), ({ heap }) => heap.instance(Node));
  rec.run(line('x.child = Node()'), ({ heap }) => { const c = heap.instance(Node); heap.setAttr(x, 'child', c); heap.decref(c); });
  const child = rec.runtime.heap.getAttr(x, 'child');
  const holder = rec.run(line('holder = [x]'), ({ heap }) => heap.list([x]));
  rec.run(line('del x'), ({ heap }) => heap.decref(x));
  const beforeDel = rec.records.length;
  rec.run(line('del l'), ({ heap }) => heap.decref(l));
  const beforeCollect = rec.records.length;
  rec.run(line('gc.collect()'), ({ gc }) => gc.collect());
  return { rec, l, x, child, holder, beforeDel, beforeCollect };
}

describe('heap timeline: objects, collector and allocator in one log', () => {
  it('a written log reopens to the same states, and seeking gives the same state from either side', () => {
    const { rec } = recordProgram();
    const path = join(dir, 'program.pymmlog');
    rec.write(path);
    const t = HeapTimeline.open(path);
    expect(t.length).toBe(rec.records.length);
    expect(diffGcStates(t.stateAt(t.length), rec.runtime.state)).toBeNull();
    fc.assert(fc.property(fc.nat(t.length), fc.nat(t.length), (a, b) => {
      const direct = t.stateCopyAt(b);
      t.stateAt(a);
      expect(diffGcStates(t.stateAt(b), direct)).toBeNull();
    }), { seed: contractSeed(), numRuns: 30 });
    // the allocator layer answers at any seq too
    expect(debugMallocStats(t.stateAt(t.length).objects.mem)).toContain('# arenas allocated total');
  });

  it('refcount history names the command behind each change', () => {
    const { rec, l } = recordProgram();
    const t = HeapTimeline.fromRecords(rec.records);
    const h = t.refcountHistory(l);
    const summary = h.map((c) => `${c.what} ${c.delta > 0 ? '+' : ''}${c.delta} -> ${c.refcount} by ${String(c.command?.['line'])}`);
    expect(summary).toEqual([
      'created +1 -> 1 by l = []',
      'changed +1 -> 2 by l.append(l)',
      'changed -1 -> 1 by del l',
      // delete_garbage: INCREF, _list_clear drops the self-reference, DECREF frees it
      'changed +1 -> 2 by gc.collect()',
      'changed -1 -> 1 by gc.collect()',
      'changed -1 -> 0 by gc.collect()',
      'destroyed 0 -> 0 by gc.collect()',
    ]);
    expect(t.collections()).toEqual([expect.objectContaining({ generation: 2, automatic: false, collected: 1, uncollectable: 0 })]);
  });

  it('why alive: a path from a root, or the cycle that holds it', () => {
    const { rec, l, child, holder, beforeCollect } = recordProgram();
    const t = HeapTimeline.fromRecords(rec.records);
    const w = t.whyAlive(child);
    expect(w.path.map((p) => p.id)).toEqual([holder, w.path[1]!.id, child]);
    expect(w.path.map((p) => p.via)).toEqual(['', '[0]', '.child']);
    expect(w.explanation).toMatch(/has 1 reference from outside the heap; \[0\] -> Node#\d+, \.child -> Node#\d+/);
    const g = t.whyAlive(l, beforeCollect);
    expect(g.path).toEqual([]);
    expect(g.referrers.map((r) => [r.id, r.via])).toEqual([[l, '[0]']]);
    expect(g.explanation).toMatch(/kept alive only by list#\d+\[0\] — garbage the cycle collector will free/);
    expect(t.whyAlive(l).alive).toBe(false);
  });

  it('scan microsteps are recomputed on demand for any recorded scan', () => {
    const { rec, l, holder } = recordProgram();
    const t = HeapTimeline.fromRecords(rec.records);
    const at = rec.records.findIndex((r) => r.kind === 'event' && r.event.type === 'YoungScanned');
    const scan = rec.records[at]!;
    const steps = t.scanSteps(at);
    const byId = new Map(steps.map((x) => [x.id, x]));
    expect(byId.get(l)).toEqual({ id: l, refcnt: 1, externalRefs: 0, reachable: false });
    expect(byId.get(holder)).toMatchObject({ externalRefs: 1, reachable: true });
    expect(steps.filter((x) => !x.reachable).map((x) => x.id).sort((a, b) => a - b)).toEqual(scan.kind === 'event' && scan.event.type === 'YoungScanned' ? [...scan.event.unreachable].sort((a, b) => a - b) : []);
    expect(() => t.scanSteps(0)).toThrow(/not a collector scan/);
  });

  it('arena pins: every object block and storage in an arena', () => {
    const { rec, holder, child } = recordProgram();
    const t = HeapTimeline.fromRecords(rec.records);
    const pins = t.arenaPins(0);
    expect(pins.some((p) => p.id === holder && p.part === 'object')).toBe(true);
    expect(pins.some((p) => p.id === holder && p.part === 'storage')).toBe(true);
    expect(pins.some((p) => p.id === child && p.part === 'object')).toBe(true);
    expect(t.arenaPins(7)).toEqual([]);
  });

  it('bad input: a seq outside the log, a log of another codec, a corrupt payload', () => {
    const { rec } = recordProgram();
    const t = HeapTimeline.fromRecords(rec.records);
    expect(() => t.stateAt(t.length + 1)).toThrow(HeapTimelineError);
    expect(() => HeapTimeline.fromRecords([{ kind: 'event', cause: 5, event: { type: 'GcAllocCounted' } }])).toThrow(/cause 5 is not an earlier command/);
    const path = join(dir, 'corrupt.pymmlog');
    writeLog(path, rec.header(), new HeapCodec(), rec.records, { recordsPerFrame: 16 });
    const bytes = readFileSync(path);
    // a flipped byte in a later frame: the intact prefix opens, and says where it stopped
    bytes[Math.floor(bytes.length * 0.6)] ^= 0xff;
    writeFileSync(path, bytes);
    const cut = HeapTimeline.open(path);
    expect(cut.recovered).not.toBeNull();
    expect(cut.length).toBeGreaterThan(0);
    expect(cut.length).toBeLessThan(rec.records.length);
    // in the only frame: no record is usable; said so, and no index written for it
    const one = join(dir, 'corrupt-one-frame.pymmlog');
    rec.write(one);
    const only = readFileSync(one);
    only[only.length - 200] ^= 0xff;
    writeFileSync(one, only);
    expect(() => HeapTimeline.open(one)).toThrow(UnusableLogError);
    expect(() => HeapTimeline.open(one)).toThrow(/corrupt-one-frame\.pymmlog: the log is damaged at byte \d+ \(.*\) and no record before it is intact: nothing to read/);
    expect(existsSync(`${one}.idx`)).toBe(false);
    // a log of another domain is refused with a clear error
    const other = join(dir, 'other.pymmlog');
    writeLog(other, { domain: 'x', codec: 'json-v1', profile: 'cpython-3.11', config: {}, seed: 0, source: 'test' }, jsonRecordCodec(), [1, 2]);
    expect(() => HeapTimeline.open(other)).toThrow(LogFormatError);
    expect(() => HeapTimeline.open(other)).toThrow(/holds 'json-v1' records, not a heap log/);
    // a heap log of the earlier format is refused by its version, never replayed differently
    const v1 = join(dir, 'v1.pymmlog');
    writeLog(v1, { domain: 'heap', codec: 'heap-v1', profile: 'cpython-3.11', config: {}, seed: 0, source: 'test' }, jsonRecordCodec('heap-v1'), [1]);
    expect(() => HeapTimeline.open(v1)).toThrow(/v1\.pymmlog is a heap log of an earlier pymm \(heap-v1\), whose collector scans this one does not replay; record it again/);
    expect(() => verifyHeapLog(v1)).toThrow(/earlier pymm \(heap-v1\)/);
  });

  it('the heap-v2 codec round-trips recorded runs (the eventlog contract)', () => {
    const runs = heapDeciderCommands(30).map((cmds) => {
      const rec = new HeapRecorder({ profile: 'tiny' });
      for (const c of cmds) {
        try { rec.execute(c); } catch { /* rejected commands leave no record */ }
      }
      return rec.records as HeapRecord[];
    });
    assertCodecRoundTrip(new HeapCodec(), runs, { numRuns: 25 });
  });

  it('a str longer than a host string: recorded, written, reopened, indexed and checkpointed as the pieces it was made of', () => {
    const rec = new HeapRecorder({ source: 'test' });
    const text = LongText.repeat('ab', 3 * 10 ** 8);
    const s = rec.run({ line: "s = 'ab' * (3 * 10**8)" }, ({ heap }) => heap.str(text));
    const t = rec.run({ line: "t = 'é' + s" }, ({ heap }) => heap.str(LongText.concat('é', text)));
    rec.run({ line: 'keep = [s, t]' }, ({ heap }) => heap.list([s, t]));
    const path = join(dir, 'long.pymmlog');
    rec.write(path);
    const tl = HeapTimeline.open(path);
    expect(diffGcStates(tl.stateAt(tl.length), rec.runtime.state)).toBeNull();
    const value = tl.index.valueOf(t);
    expect(value).toBeInstanceOf(LongText);
    expect((value as LongText).equals(LongText.concat('é', text))).toBe(true);
    expect((value as LongText).length).toBe(6 * 10 ** 8 + 1);
    // a checkpoint keeps its payload in binary (a JSON table could not hold 600 M characters)
    const mem = new CheckpointStore(resolveProfile('cpython-3.11'), zlibCompression);
    const back = decodeHeapCheckpoint(encodeHeapCheckpoint(rec.runtime.state, mem), mem);
    expect(diffGcStates(back, rec.runtime.state)).toBeNull();
    expect((back.objects.payload[s] as LongText).pieces).toEqual([{ text: 'ab', times: 3 * 10 ** 8 }]);
    // and a different text is a difference
    back.objects.payload[s] = LongText.repeat('ba', 3 * 10 ** 8);
    expect(diffGcStates(back, rec.runtime.state)).toMatch(new RegExp(`object ${s}: payload "baba`));
  });

  it('a rejected command leaves no record and no change', () => {
    const rec = new HeapRecorder();
    const before = rec.records.length;
    expect(() => rec.execute({ type: 'DecRef', id: 12345 as ObjectId })).toThrow(/no object with id 12345/);
    expect(rec.records.length).toBe(before);
  });
});
