import fc from 'fast-check';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
  ByteReader, ByteWriter, iterRecords, jsonRecordCodec, LogReader, LogWriteError, readAllRecords, writeLog, type RecordCodec,
} from './index.js';
import { assertCodecRoundTrip } from './testing/index.js';
import { header, intCodec, seed, tempDir } from './testlog.fixture.js';

const dir = tempDir(afterAll);

/** A binary codec with delta-coded seqs of causes, as a domain codec would look. */
interface Rec {
  readonly cause: number;
  readonly kind: 'a' | 'b';
  readonly value: number;
  readonly label: string;
}
const recCodec: RecordCodec<Rec> = {
  name: 'rec-v1',
  encode(records, firstSeq) {
    const w = new ByteWriter();
    records.forEach((r, i) => {
      w.varint(r.cause - (firstSeq + i)).u8(r.kind === 'a' ? 0 : 1).f64(r.value).string(r.label);
    });
    return w.finish();
  },
  decode(payload, firstSeq, count) {
    const r = new ByteReader(payload);
    const out: Rec[] = [];
    for (let i = 0; i < count; i++) {
      const cause = firstSeq + i + r.varint();
      const kind = r.u8() === 0 ? 'a' : 'b';
      out.push({ cause, kind, value: r.f64(), label: r.string() });
    }
    r.expectEnd();
    return out;
  },
};
const recArb: fc.Arbitrary<Rec> = fc.record({
  cause: fc.nat({ max: 2 ** 45 }),
  kind: fc.constantFrom<'a' | 'b'>('a', 'b'),
  value: fc.double(),
  label: fc.string({ maxLength: 12 }),
});

describe('writeLog / readAllRecords / iterRecords', () => {
  it('round-trip through a file in frames of recordsPerFrame', () => {
    const path = join(dir, 'ints.pymmlog');
    const records = Array.from({ length: 1000 }, (_, i) => (i * i) % 9973);
    expect(writeLog(path, header(), intCodec, records, { recordsPerFrame: 128 })).toMatchObject({ records: 1000, frames: 8 });
    const r = LogReader.open(path);
    expect(r.frames.map((f) => f.count)).toEqual([128, 128, 128, 128, 128, 128, 128, 104]);
    expect(readAllRecords(r, intCodec)).toEqual(records);
    const from = [...iterRecords(r, intCodec, 300)];
    expect(from.length).toBe(700);
    expect(from[0]).toEqual({ seq: 300, record: records[300] });
    expect([...iterRecords(r, intCodec, 5000)]).toEqual([]);
    r.close();
  });

  it('refuse a codec other than the one the header names', () => {
    const path = join(dir, 'mismatch.pymmlog');
    expect(() => writeLog(path, header('other-v1'), intCodec, [1])).toThrow(LogWriteError);
    writeLog(path, header(), intCodec, [1, 2]);
    const r = LogReader.open(path);
    expect(() => readAllRecords(r, { ...intCodec, name: 'other-v1' })).toThrow(/encoded with 'int-v1', not 'other-v1'/);
    r.close();
  });

  it('a codec that decodes the wrong number of records is caught (PAYLOAD_COUNT)', () => {
    const path = join(dir, 'count.pymmlog');
    writeLog(path, header(), intCodec, [1, 2, 3]);
    const r = LogReader.open(path);
    const dropsOne: RecordCodec<number> = { ...intCodec, decode: (p, s, n) => intCodec.decode(p, s, n).slice(1) };
    expect(() => readAllRecords(r, dropsOne)).toThrow(expect.objectContaining({ code: 'PAYLOAD_COUNT' }));
    r.close();
  });

  it('all or nothing: if the records throw half way, no file is left', () => {
    const path = join(dir, 'throws.pymmlog');
    function* records() {
      yield 1;
      yield 2;
      throw new Error('source failed');
    }
    expect(() => writeLog(path, header(), intCodec, records(), { recordsPerFrame: 1 })).toThrow('source failed');
    expect(() => LogReader.open(path)).toThrow(/ENOENT/);
  });
});

describe('assertCodecRoundTrip', () => {
  it('holds for a binary codec (varints, f64, strings, seq-relative deltas)', () => {
    assertCodecRoundTrip(recCodec, fc.array(recArb, { maxLength: 150 }), { numRuns: 60 });
  });

  it('holds for jsonRecordCodec', () => {
    const arb = fc.array(fc.record({ type: fc.constantFrom('X', 'Y'), n: fc.integer(), s: fc.string() }), { maxLength: 100 });
    assertCodecRoundTrip(jsonRecordCodec(), arb, { numRuns: 40 });
  });

  it('fails for a codec that truncates values to a byte', () => {
    const lossy: RecordCodec<number> = {
      name: 'lossy-v1',
      encode: (records) => Uint8Array.from(records),
      decode: (payload) => Array.from(payload),
    };
    expect(() => assertCodecRoundTrip(lossy, fc.array(fc.nat({ max: 1000 })), { numRuns: 100 })).toThrow(/codec lossy-v1: decode\(encode\(records\[/);
  });

  it('fails for a codec that ignores firstSeq where it matters', () => {
    const forgetful: RecordCodec<Rec> = { ...recCodec, name: 'forgetful-v1', decode: (p, _s, n) => recCodec.decode(p, 0, n) };
    expect(() => assertCodecRoundTrip(forgetful, fc.array(recArb, { minLength: 1 }), { numRuns: 100 })).toThrow(/record 0 is/);
  });

  it('fails for a codec whose encode changes its input', () => {
    const sorting: RecordCodec<number> = { ...intCodec, name: 'sorting-v1', encode: (r, s) => intCodec.encode((r as number[]).sort((a, b) => a - b), s) };
    expect(() => assertCodecRoundTrip(sorting, fc.array(fc.nat({ max: 100 })), { numRuns: 100 })).toThrow(/encode changed its input/);
  });

  it('runs with the PYMM_SEED seed by default and reports it', () => {
    const lossy: RecordCodec<number> = { name: 'lossy-v1', encode: (r) => Uint8Array.from(r), decode: (p) => Array.from(p) };
    expect(() => assertCodecRoundTrip(lossy, fc.array(fc.nat({ max: 1000 })))).toThrow(new RegExp(`seed: ${seed}`));
  });
});
