/**
 * A damaged .pymmlog (cut at any byte, or any byte flipped) gives a clear error or a
 * timeline over the intact prefix whose every state is right: never a crash, never a
 * wrong state.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LogFormatError, LogReader, writeLog } from '@pymm/eventlog';
import { ObmallocCodec, diffStates, obmallocLogHeader, tiny, type ObmallocRecord, type ObmallocState } from '@pymm/obmalloc';
import { commandPlans, foldRecords, recordPlan } from '@pymm/obmalloc/testing';
import fc from 'fast-check';
import { AllocatorTimeline as Timeline } from './AllocatorTimeline.js';
import { logSource } from '../FrameSource.js';

const codec = new ObmallocCodec(tiny);

function records(): ObmallocRecord[] {
  const [plan] = fc.sample(commandPlans(tiny, 400), { seed: 7, numRuns: 1 });
  return recordPlan(tiny, plan);
}

const foldTo = (recs: ObmallocRecord[], seq: number): ObmallocState => foldRecords(tiny, recs, seq);

describe('damaged logs', () => {
  const recs = records();
  const dir = mkdtempSync(join(tmpdir(), 'pymm-faults-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const path = join(dir, 'x.pymmlog');
  // Odd frame sizes cut groups apart, so frames also carry escaped records.
  writeLog(path, obmallocLogHeader('tiny', 'test'), codec, recs, { recordsPerFrame: 37 });
  const bytes = new Uint8Array(readFileSync(path));
  const checkpoints = [0, 5, 17, 60, 200];

  function check(damaged: Uint8Array): 'error' | 'prefix' | 'whole' {
    let reader: LogReader;
    try {
      reader = LogReader.fromBytes(damaged);
    } catch (e) {
      expect(e).toBeInstanceOf(LogFormatError);
      return 'error';
    }
    const t = Timeline.open(logSource(reader), codec, { checkpointEveryRecords: 50 });
    expect(t.length).toBe(reader.recordCount);
    expect(t.length).toBeLessThanOrEqual(recs.length);
    const seqs = [-1, t.length - 1, ...checkpoints.map((k) => Math.min(k, t.length - 1))];
    for (const seq of seqs) expect(diffStates(t.seek(seq), foldTo(recs, seq), { semantic: true })).toBeNull();
    return t.length === recs.length ? 'whole' : 'prefix';
  }

  it(`cut at ${Math.min(400, bytes.length)} offsets spread over the whole file`, () => {
    const seen = new Set<string>();
    const n = Math.min(400, bytes.length);
    for (let k = 0; k < n; k++) seen.add(check(bytes.subarray(0, Math.floor((k * bytes.length) / n))));
    expect(seen).toEqual(new Set(['error', 'prefix', 'whole']));
  });

  it('one byte flipped at 400 positions', () => {
    const seen = new Set<string>();
    for (let k = 0; k < 400; k++) {
      const copy = bytes.slice();
      const at = Math.floor((k * copy.length) / 400);
      copy[at] ^= 1 << (k % 8);
      seen.add(check(copy));
    }
    expect(seen.has('prefix')).toBe(true);
  });
});
