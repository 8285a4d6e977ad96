import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { exportJsonl, importJsonl, jsonRecordCodec, JsonlError, LogReader, readAllRecords, writeLog, type RecordCodec } from './index.js';
import { header, tempDir } from './testlog.fixture.js';

const dir = tempDir(afterAll);
type Ev = { type: string; address?: number; bytes?: number[] };
const codec: RecordCodec<Ev> = jsonRecordCodec<Ev>('ev-json-v1');
const h = header('ev-json-v1', { config: { profile: { pool: 16384 } }, source: 'trace:x.gz' });
const records: Ev[] = Array.from({ length: 50 }, (_, i) => (i % 3 ? { type: 'BlockAllocated', address: 4096 + 16 * i } : { type: 'PoolInitialized', bytes: [i, i + 1] }));

function exportLines(path: string): string[] {
  const lines: string[] = [];
  const r = LogReader.open(path);
  expect(exportJsonl(r, codec, (l) => lines.push(l))).toBe(records.length);
  r.close();
  return lines;
}

const errorOf = (f: () => unknown): JsonlError => {
  try {
    f();
  } catch (e) {
    if (e instanceof JsonlError) return e;
    throw e;
  }
  throw new Error('no error');
};

describe('JSON Lines', () => {
  const src = join(dir, 'src.pymmlog');
  writeLog(src, h, codec, records, { recordsPerFrame: 7 });

  it('export: a header line, then {"seq", ...record} per record', () => {
    const lines = exportLines(src);
    expect(lines.length).toBe(51);
    expect(JSON.parse(lines[0])).toEqual({ header: h });
    expect(lines[1]).toBe('{"seq":0,"type":"PoolInitialized","bytes":[0,1]}');
    expect(lines[2]).toBe('{"seq":1,"type":"BlockAllocated","address":4112}');
  });

  it('export then import round-trips header and records (frames of any size)', () => {
    const lines = exportLines(src);
    const back = join(dir, 'back.pymmlog');
    expect(importJsonl(['', ...lines, ''], codec, back, { recordsPerFrame: 11 })).toEqual({ records: 50, header: h });
    const r = LogReader.open(back);
    expect([r.header, r.frames.length, r.recovered]).toEqual([h, 5, null]);
    expect(readAllRecords(r, codec)).toEqual(records);
    r.close();
    expect(exportLines(back)).toEqual(lines);
  });

  it('keeps a start seq other than 0; a header-only file gives an empty log', () => {
    const p = join(dir, 'start.pymmlog');
    importJsonl([JSON.stringify({ header: h }), '{"seq":1000,"type":"A"}', '{"seq":1001,"type":"B"}'], codec, p);
    const r = LogReader.open(p);
    expect([r.startSeq, r.endSeq]).toEqual([1000, 1002]);
    r.close();
    const e = join(dir, 'empty.pymmlog');
    expect(importJsonl([JSON.stringify({ header: h })], codec, e)).toEqual({ records: 0, header: h });
    expect(LogReader.open(e).recovered).toBeNull();
  });

  it('errors name the line, and leave no file behind', () => {
    const p = join(dir, 'bad.pymmlog');
    const hl = JSON.stringify({ header: h });
    const cases: [string[], string, number, RegExp][] = [
      [[hl, '{"seq":0,"type":"A"}', '{"seq":1,"type":'], 'INVALID_JSON', 3, /^line 3: invalid JSON: /],
      [['{"seq":0}'], 'MISSING_HEADER', 1, /first line must be \{"header"/],
      [[], 'MISSING_HEADER', 1, /no header line/],
      [[JSON.stringify({ header: { ...h, seed: 'x' } })], 'INVALID_HEADER', 1, /"seed" is not a finite number/],
      [[JSON.stringify({ header: { ...h, codec: 'obmalloc-v1' } })], 'CODEC_MISMATCH', 1, /names codec 'obmalloc-v1'/],
      [[hl, '', '{"seq":0,"type":"A"}', '{"seq":2,"type":"A"}'], 'SEQ_NOT_DENSE', 4, /^line 4: seq 2, expected 1/],
      [[hl, '{"type":"A"}'], 'INVALID_RECORD', 2, /"seq" must be a non-negative integer/],
      [[hl, '[1,2]'], 'INVALID_RECORD', 2, /must be a JSON object/],
    ];
    for (const [lines, code, line, message] of cases) {
      const e = errorOf(() => importJsonl(lines, codec, p, { recordsPerFrame: 1 }));
      expect([e.code, e.line]).toEqual([code, line]);
      expect(e.message).toMatch(message);
      expect(existsSync(p)).toBe(false);
    }
  });

  it('a record the codec cannot encode names its line', () => {
    const strict: RecordCodec<Ev> = {
      ...codec,
      encode(rs, s) {
        if (rs.some((r) => r.type === 'Bogus')) throw new Error('unknown event type Bogus');
        return codec.encode(rs, s);
      },
    };
    const lines = [JSON.stringify({ header: h }), '{"seq":0,"type":"A"}', '{"seq":1,"type":"Bogus"}'];
    const e = errorOf(() => importJsonl(lines, strict, join(dir, 'bogus.pymmlog'), { recordsPerFrame: 1 }));
    expect(e.message).toBe("line 3: codec 'ev-json-v1' cannot encode the record: unknown event type Bogus");
  });

  it('refuses to overwrite an existing file (and leaves it alone)', () => {
    const p = join(dir, 'exists.pymmlog');
    writeFileSync(p, 'keep');
    expect(() => importJsonl([JSON.stringify({ header: h }), '{"seq":0,"type":"A"}'], codec, p)).toThrow(/already exists/);
    expect(existsSync(p)).toBe(true);
  });

  it('export refuses records that are not objects or carry their own seq', () => {
    const p = join(dir, 'nums.pymmlog');
    writeLog(p, header('json-v1'), jsonRecordCodec<unknown>(), [{ seq: 5 }]);
    const r = LogReader.open(p);
    expect(() => exportJsonl(r, jsonRecordCodec<unknown>(), () => {})).toThrow(/line 2: record seq 0 is not a JSON object without its own "seq" field/);
    r.close();
  });
});
