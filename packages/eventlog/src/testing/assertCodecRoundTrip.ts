import fc from 'fast-check';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { LogHeader } from '../LogHeader.js';
import { LogReader } from '../LogReader.js';
import type { RecordCodec } from '../RecordCodec.js';
import { readAllRecords, writeLog } from '../records.js';
import { verifyLog } from '../verifyLog.js';
import { deepDiff } from './deepDiff.js';
import { ContractViolation, show, withSeed, type ContractParameters } from './run.js';

function firstDifference<R>(expected: readonly R[], actual: readonly R[]): string | null {
  if (actual.length !== expected.length) return `${actual.length} records instead of ${expected.length}`;
  for (let i = 0; i < expected.length; i++) {
    const d = deepDiff(actual[i], expected[i]);
    if (d !== null) return `record ${i} is ${show(actual[i])}, expected ${show(expected[i])} (${d})`;
  }
  return null;
}

/**
 * Property: for every record list and every way of splitting it into frames (and first
 * seqs 0 and far from 0), decode(encode(frame)) deep-equals the frame's records and
 * encode leaves its input unchanged; and writeLog + LogReader.open + readAllRecords
 * round-trips through a real file (compressed or not) that verifyLog, decoding every
 * frame, finds clean.
 */
export function assertCodecRoundTrip<R>(codec: RecordCodec<R>, records: fc.Arbitrary<R[]>, params?: ContractParameters): void {
  const dir = mkdtempSync(join(tmpdir(), 'pymm-codec-'));
  const path = join(dir, 'roundtrip.pymmlog');
  const header: LogHeader = { domain: 'contract', codec: codec.name, profile: 'none', config: {}, seed: 0, source: 'assertCodecRoundTrip' };
  try {
    fc.assert(
      fc.property(
        records,
        fc.array(fc.integer({ min: 1, max: 64 }), { minLength: 1, maxLength: 6 }),
        fc.constantFrom(0, 1, 65535, 2 ** 40 + 3),
        fc.constantFrom<'auto' | 'never'>('auto', 'never'),
        (recs, sizes, startSeq, compress) => {
          const fail = (what: string) => {
            throw new ContractViolation(`codec ${codec.name}: ${what}`);
          };
          for (let at = 0, s = 0; at < recs.length; s++) {
            const slice = recs.slice(at, at + sizes[s % sizes.length]);
            const firstSeq = startSeq + at;
            let before: unknown = null;
            try {
              before = structuredClone(slice);
            } catch {
              before = null;
            }
            const payload = codec.encode(slice, firstSeq);
            if (!(payload instanceof Uint8Array)) fail(`encode returned ${show(payload)}, not a Uint8Array`);
            if (before !== null && deepDiff(before, slice) !== null) fail(`encode changed its input (records ${at}..${at + slice.length - 1})`);
            const back = codec.decode(payload, firstSeq, slice.length);
            const d = firstDifference(slice, back);
            if (d !== null) fail(`decode(encode(records[${at}..${at + slice.length - 1}]), firstSeq ${firstSeq}) differs: ${d}`);
            at += slice.length;
          }
          const written = writeLog(path, header, codec, recs, { recordsPerFrame: sizes[0], compress, startSeq, overwrite: true });
          const reader = LogReader.open(path);
          try {
            if (reader.recovered !== null) fail(`the log just written reports damage: ${reader.recovered.reason}`);
            if (reader.recordCount !== recs.length || written.records !== recs.length) fail(`the log holds ${reader.recordCount} records, not ${recs.length}`);
            if (recs.length && reader.startSeq !== startSeq) fail(`the log starts at seq ${reader.startSeq}, not ${startSeq}`);
            const d = firstDifference(recs, readAllRecords(reader, codec));
            if (d !== null) fail(`writeLog then readAllRecords (${sizes[0]} per frame, compress ${compress}) differs: ${d}`);
          } finally {
            reader.close();
          }
          const v = verifyLog(path, { codec: codec as RecordCodec<unknown> });
          if (!v.ok) fail(`verifyLog found problems: ${v.problems.join('; ')}`);
        },
      ),
      withSeed(params),
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
