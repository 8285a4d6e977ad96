/**
 * Recording through the writer and indexer threads gives the same files as recording in
 * one thread and indexing afterwards, byte for byte; a failure or an abort leaves nothing.
 * (The threads run the package's compiled worker: `tsc -b` comes first, as `pnpm test` does.)
 */
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { LogReader, LogWriteError } from '@pymm/eventlog';
import { contractSeed } from '@pymm/eventlog/testing';
import { ClosureHost, type ObjectId } from '@pymm/objects';
import { heapDeciderCommands } from '@pymm/testkit';
import { HeapRecorder, HeapTimeline, indexPathFor, pipelineThreadsStopped } from '../index.js';
import type { HeapRecorderOptions } from './HeapRecorder.js';

const dir = mkdtempSync(join(tmpdir(), 'pymm-pipeline-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let serial = 0;
const fresh = (name: string): string => join(dir, `${serial++}-${name}.pymmlog`);

/**
 * The sections of two index files, and their manifests but for the log's path (each names
 * the log it was built from): equal byte for byte.
 */
function expectSameIndex(a: string, b: string): void {
  const ra = LogReader.open(a), rb = LogReader.open(b);
  try {
    expect(ra.frames.length).toBe(rb.frames.length);
    const last = ra.frames.length - 1;
    for (let i = 0; i < last; i++) expect(Buffer.from(ra.readFrame(i)).equals(Buffer.from(rb.readFrame(i))), `section ${i}`).toBe(true);
    const manifest = (r: LogReader) => {
      const m = JSON.parse(new TextDecoder().decode(r.readFrame(last))) as { info: { log?: string }; log: { bytes: number; crc: number } };
      delete m.info.log;
      return m;
    };
    expect(manifest(ra)).toEqual(manifest(rb));
  } finally {
    ra.close();
    rb.close();
  }
}

/**
 * A workload of `rounds` rounds: instances in cycles, half kept in a list, automatic
 * collections, some lists resized; enough records for several frames and checkpoints.
 */
function workload(rec: HeapRecorder, rounds: number): void {
  const Node = rec.run({ line: 1 }, ({ heap }) => heap.newClass('Node'));
  const keep = rec.run({ line: 2 }, ({ heap }) => heap.list());
  for (let i = 0; i < rounds; i++) {
    rec.run({ line: 3 }, ({ heap }) => {
      const a = heap.instance(Node), b = heap.instance(Node);
      heap.setAttr(a, 'other', b);
      heap.setAttr(b, 'other', a);
      if (i % 2 === 0) heap.listAppend(keep, a);
      heap.decref(a);
      heap.decref(b);
    });
  }
  rec.run({ line: 4 }, ({ gc }) => gc.collect());
}

function record(path: string, options: Partial<HeapRecorderOptions>, rounds: number): ReturnType<HeapRecorder['close']> {
  const rec = new HeapRecorder({ host: new ClosureHost(), source: 'pipeline test', streamTo: path, ...options });
  workload(rec, rounds);
  return rec.close();
}

describe('recording through the writer and indexer threads', () => {
  it('writes the log and the index that one thread and a later indexing pass write, byte for byte', () => {
    // 30,000 rounds: about 600,000 records, 70 frames, several checkpoints
    const threaded = fresh('threads');
    const r = record(threaded, { indexTo: indexPathFor(threaded) }, 30_000);
    expect(r.indexed).toBe(true);
    const plain = fresh('plain');
    const p = record(plain, { writerThread: false }, 30_000);
    expect(p.indexed).toBe(false);
    expect(r.records).toBe(p.records);
    expect(r.frames).toBeGreaterThan(50);
    expect(readFileSync(threaded).equals(readFileSync(plain))).toBe(true);
    // the plain log's index, built by opening it
    const t = HeapTimeline.open(plain);
    expect(t.indexOrigin).toBe('built');
    expect(t.index.meta.checkpoints.length).toBeGreaterThan(2);
    expectSameIndex(indexPathFor(threaded), indexPathFor(plain));
    // and the threaded one opens from its index, as written
    expect(HeapTimeline.open(threaded).indexOrigin).toBe('read');
  });

  it('for random command runs too: the same log and index either way', () => {
    fc.assert(
      fc.property(heapDeciderCommands(120), (cmds) => {
        const run = (path: string, options: Partial<HeapRecorderOptions>): void => {
          const rec = new HeapRecorder({ profile: 'tiny', streamTo: path, ...options });
          for (const c of cmds) {
            try { rec.execute(c); } catch { /* a rejected command leaves no record */ }
          }
          rec.note({ line: 0 });
          rec.close();
        };
        const a = fresh('a'), b = fresh('b');
        run(a, { indexTo: indexPathFor(a) });
        run(b, { writerThread: false });
        expect(readFileSync(a).equals(readFileSync(b))).toBe(true);
        HeapTimeline.open(b);
        expectSameIndex(indexPathFor(a), indexPathFor(b));
      }),
      { seed: contractSeed(), numRuns: 6 },
    );
  });

  it('refuses an existing file without overwrite, as a LogWriter does, and leaves it as it was', () => {
    const path = fresh('exists');
    writeFileSync(path, 'mine');
    expect(() => new HeapRecorder({ streamTo: path, indexTo: indexPathFor(path) })).toThrow(LogWriteError);
    expect(readFileSync(path, 'utf8')).toBe('mine');
    expect(existsSync(indexPathFor(path))).toBe(false);
  });

  it('abort() removes the log and leaves no index or temporary file', () => {
    const sub = mkdtempSync(join(dir, 'abort-'));
    const path = join(sub, 'gone.pymmlog');
    const rec = new HeapRecorder({ host: new ClosureHost(), streamTo: path, indexTo: indexPathFor(path) });
    workload(rec, 5_000);
    rec.abort();
    expect(readdirSync(sub)).toEqual([]);
  });

  it('its threads end by themselves once closed, aborted or failed, and the process can wait for them', async () => {
    await pipelineThreadsStopped();
    const recorder = (name: string): HeapRecorder => {
      const path = fresh(name);
      return new HeapRecorder({ host: new ClosureHost(), streamTo: path, indexTo: indexPathFor(path) });
    };
    const closed = recorder('closed');
    workload(closed, 50);
    closed.close();
    const aborted = recorder('aborted');
    workload(aborted, 50);
    aborted.abort();
    const taken = fresh('taken');
    writeFileSync(taken, 'mine');
    expect(() => new HeapRecorder({ streamTo: taken, indexTo: indexPathFor(taken) })).toThrow(LogWriteError);
    // two threads per recorder, each ended by its 'stop' (exit code 0), none terminated (1)
    expect(await pipelineThreadsStopped()).toEqual([0, 0, 0, 0, 0, 0]);
    expect(await pipelineThreadsStopped()).toEqual([]);
  });

  it('a log whose records the index refuses is still written, and says it has no index', () => {
    const path = fresh('refused');
    const rec = new HeapRecorder({ streamTo: path, indexTo: indexPathFor(path) });
    workload(rec, 2_000);
    // events whose cause is an event record, not a command: the indexer stops, the writer goes on
    const l = rec.run({ line: 5 }, ({ heap }) => heap.list()) as ObjectId;
    (rec as unknown as { cause: number }).cause = rec.length - 1;
    rec.runtime.heap.decref(l);
    (rec as unknown as { cause: number }).cause = -1;
    const r = rec.close();
    expect(r.indexed).toBe(false);
    expect(existsSync(path)).toBe(true);
    expect(existsSync(indexPathFor(path))).toBe(false);
    expect(readdirSync(dir).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });
});
