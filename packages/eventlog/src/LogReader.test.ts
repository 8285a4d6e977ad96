import { readFileSync, truncateSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { crc32, FRAME_HEADER_BYTES, LOG_FORMAT_VERSION, LOG_MAGIC, LogFormatError, LogReader, LogWriter, verifyLog } from './index.js';
import { buildLog, header, tempDir } from './testlog.fixture.js';

const dir = tempDir(afterAll);
const errorOf = (f: () => unknown): LogFormatError => {
  try {
    f();
  } catch (e) {
    if (e instanceof LogFormatError) return e;
    throw e;
  }
  throw new Error('no error');
};

/** Rewrites the frame header at `at` (fields as given) with a correct header CRC. */
function forgeFrameHeader(bytes: Uint8Array, at: number, fields: { flags?: number; count?: number; stored?: number; raw?: number; firstSeqHi?: number }) {
  const v = new DataView(bytes.buffer, bytes.byteOffset + at, FRAME_HEADER_BYTES);
  if (fields.flags !== undefined) v.setUint32(4, fields.flags, true);
  if (fields.firstSeqHi !== undefined) v.setUint32(12, fields.firstSeqHi, true);
  if (fields.count !== undefined) v.setUint32(16, fields.count, true);
  if (fields.stored !== undefined) v.setUint32(20, fields.stored, true);
  if (fields.raw !== undefined) v.setUint32(24, fields.raw, true);
  v.setUint32(28, crc32(bytes.subarray(at, at + 28)), true);
}

describe('LogReader', () => {
  const log = buildLog(dir, 'ten.pymmlog', 10);

  it('open and fromBytes see the same frames; readFrame returns the payloads', () => {
    const a = LogReader.open(log.path);
    const b = LogReader.fromBytes(log.bytes);
    expect(a.frames).toEqual(b.frames);
    expect(a.frames.length).toBe(10);
    expect(a.recovered).toBeNull();
    expect(a.byteLength).toBe(log.bytes.length);
    for (let i = 0; i < 10; i++) {
      expect(a.readFrame(i)).toEqual(log.payloads[i]);
      expect(b.readFrame(i)).toEqual(log.payloads[i]);
    }
    expect(a.recordCount).toBe(log.counts.reduce((x, y) => x + y));
    expect(() => a.readFrame(10)).toThrow(RangeError);
    expect(() => a.readFrame(-1)).toThrow(RangeError);
    a.close();
  });

  it('frameIndexForSeq finds the frame holding a seq, or -1', () => {
    const r = LogReader.fromBytes(log.bytes);
    for (let seq = -2; seq < r.endSeq + 3; seq++) {
      const expected = r.frames.findIndex((f) => seq >= f.firstSeq && seq < f.firstSeq + f.count);
      expect(r.frameIndexForSeq(seq)).toBe(expected);
    }
    expect(LogReader.fromBytes(buildLog(dir, 'empty.pymmlog', 0).bytes).frameIndexForSeq(0)).toBe(-1);
  });

  it("verify 'headers' trusts a consistent index (no payload read) and readFrame still checks the checksum", () => {
    const r = LogReader.fromBytes(log.bytes, { verify: 'headers' });
    expect(r.payloadsVerified).toBe(false);
    expect(r.frames).toEqual(LogReader.fromBytes(log.bytes).frames);
    const damaged = log.bytes.slice();
    const f = r.frames[4];
    damaged[f.offset + FRAME_HEADER_BYTES] ^= 0x40;
    const lazy = LogReader.fromBytes(damaged, { verify: 'headers' });
    expect(lazy.frames.length).toBe(10);
    expect(lazy.recovered).toBeNull();
    expect(errorOf(() => lazy.readFrame(4))).toMatchObject({ code: 'FRAME_CHECKSUM', offset: f.offset });
    // The default verifies every payload on open and cuts the log there.
    const full = LogReader.fromBytes(damaged);
    expect(full.frames.length).toBe(4);
    expect(full.recovered).toMatchObject({ code: 'FRAME_CHECKSUM', offset: f.offset, validBytes: f.offset });
    // No index: 'headers' falls back to scanning everything.
    const unclosed = buildLog(dir, 'unclosed.pymmlog', 3, { close: false });
    const fb = LogReader.fromBytes(unclosed.bytes, { verify: 'headers' });
    expect([fb.payloadsVerified, fb.frames.length, fb.recovered?.code]).toEqual([true, 3, 'INDEX_MISSING']);
  });

  it('readFrame notices a file that changed after open', () => {
    const path = join(dir, 'changing.pymmlog');
    writeFileSync(path, log.bytes);
    const r = LogReader.open(path);
    const bytes = log.bytes.slice();
    bytes[r.frames[2].offset + FRAME_HEADER_BYTES + 1] ^= 1;
    writeFileSync(path, bytes);
    expect(errorOf(() => r.readFrame(2))).toMatchObject({ code: 'FRAME_CHECKSUM', offset: r.frames[2].offset });
    expect(errorOf(() => r.readFrame(2)).message).toContain(`changing.pymmlog: frame 2: frame checksum mismatch (at byte offset ${r.frames[2].offset})`);
    truncateSync(path, r.frames[5].offset + 3);
    expect(errorOf(() => r.readFrame(7)).code).toBe('FRAME_TRUNCATED');
    r.close();
  });

  it('a log without frames, closed or not', () => {
    const closed = LogReader.fromBytes(buildLog(dir, 'e1.pymmlog', 0).bytes);
    expect([closed.frames.length, closed.recordCount, closed.recovered, closed.startSeq, closed.endSeq]).toEqual([0, 0, null, 0, 0]);
    const open = LogReader.fromBytes(buildLog(dir, 'e2.pymmlog', 0, { close: false }).bytes);
    expect(open.recovered).toMatchObject({ code: 'INDEX_MISSING', validBytes: open.byteLength, offset: open.byteLength });
  });

  it('a bad magic, version or header is a LogFormatError naming the offset', () => {
    const e1 = errorOf(() => LogReader.fromBytes(new TextEncoder().encode('hello, world, not a log')));
    expect([e1.code, e1.offset]).toEqual(['BAD_MAGIC', 0]);
    expect(errorOf(() => LogReader.fromBytes(LOG_MAGIC.subarray(0, 5))).code).toBe('HEADER_TRUNCATED');
    expect(errorOf(() => LogReader.fromBytes(new Uint8Array(0))).code).toBe('HEADER_TRUNCATED');
    const v2 = log.bytes.slice();
    v2[8] = LOG_FORMAT_VERSION + 1;
    const e2 = errorOf(() => LogReader.fromBytes(v2));
    expect([e2.code, e2.offset, e2.message]).toEqual(['UNSUPPORTED_VERSION', 8, 'unsupported format version 2 (this reader reads version 1) (at byte offset 8)']);
    const huge = log.bytes.slice();
    huge[15] = 0x7f; // header length ~2 GiB: corruption, not an allocation
    expect(errorOf(() => LogReader.fromBytes(huge))).toMatchObject({ code: 'HEADER_TOO_LARGE', offset: 12 });
    const json = log.bytes.slice();
    json[20] ^= 0x20;
    expect(errorOf(() => LogReader.fromBytes(json)).code).toBe('HEADER_CHECKSUM');
    const path = join(dir, 'notalog.txt');
    writeFileSync(path, 'PYMMLOG\r\n');
    expect(errorOf(() => LogReader.open(path)).message).toBe(`${path}: not a pymm log: the file does not start with "PYMMLOG\\n" (at byte offset 0)`);
  });

  it('never trusts a frame length: past the end of file is a torn frame, over 64 MiB is corruption', () => {
    const f = LogReader.fromBytes(log.bytes).frames[5];
    expect(f.compressed).toBe(false);
    const past = log.bytes.slice();
    forgeFrameHeader(past, f.offset, { stored: 50_000_000, raw: 50_000_000 });
    expect(LogReader.fromBytes(past).recovered).toMatchObject({ code: 'FRAME_TRUNCATED', offset: f.offset });
    // A valid header paired with a payload it was not written with fails the frame checksum.
    const swapped = log.bytes.slice();
    forgeFrameHeader(swapped, f.offset, { count: f.count + 1 });
    new DataView(swapped.buffer).setUint32(f.offset + 8, f.firstSeq, true);
    expect(LogReader.fromBytes(swapped).recovered).toMatchObject({ code: 'FRAME_CHECKSUM', offset: f.offset });
    const over = log.bytes.slice();
    forgeFrameHeader(over, f.offset, { stored: 0xffff_fff0, raw: 0xffff_fff0 });
    expect(LogReader.fromBytes(over).recovered).toMatchObject({ code: 'FRAME_HEADER_INVALID', offset: f.offset });
    for (const fields of [{ count: 0 }, { flags: 6 }, { raw: f.rawByteLength + 1 }, { firstSeqHi: 0x20_0000 }]) {
      const b = log.bytes.slice();
      forgeFrameHeader(b, f.offset, fields);
      const r = LogReader.fromBytes(b);
      expect([fields, r.frames.length]).toEqual([fields, 5]);
      expect(r.recovered?.code).toBe('FRAME_HEADER_INVALID');
    }
    const seq = log.bytes.slice();
    new DataView(seq.buffer).setUint32(f.offset + 8, f.firstSeq + 1, true);
    forgeFrameHeader(seq, f.offset, {});
    expect(LogReader.fromBytes(seq).recovered).toMatchObject({ code: 'FRAME_SEQ', offset: f.offset });
  });

  it('a frame whose checksum holds but whose deflate stream is bad fails in readFrame (FRAME_DECOMPRESS)', () => {
    const path = join(dir, 'baddeflate.pymmlog');
    const w = LogWriter.create(path, header('raw'));
    w.appendFrame(0, 1, new Uint8Array(1000)); // deflated
    w.abort();
    const bytes = new Uint8Array(readFileSync(path));
    const r0 = LogReader.fromBytes(bytes);
    expect(r0.frames[0].compressed).toBe(true);
    forgeFrameHeader(bytes, r0.frames[0].offset, { raw: 999 });
    const end = r0.frames[0].offset + r0.frames[0].byteLength - 4;
    const headerCrc = new DataView(bytes.buffer).getUint32(r0.frames[0].offset + 28, true);
    new DataView(bytes.buffer).setUint32(end, crc32(bytes.subarray(r0.frames[0].offset + FRAME_HEADER_BYTES, end), headerCrc), true);
    const r = LogReader.fromBytes(bytes);
    expect(r.frames.length).toBe(1);
    expect(errorOf(() => r.readFrame(0)).code).toBe('FRAME_DECOMPRESS');
    writeFileSync(path, bytes);
    expect(verifyLog(path)).toMatchObject({ ok: false, frames: 1 });
  });
});

describe('verifyLog', () => {
  it('a closed log is ok', () => {
    const log = buildLog(dir, 'v1.pymmlog', 20);
    expect(verifyLog(log.path)).toEqual({ ok: true, frames: 20, records: log.counts.reduce((a, b) => a + b), bytes: log.bytes.length, problems: [], recovered: null });
  });

  it('reports a torn tail with its offset and the bytes lost, an unclosed log, a bad header', () => {
    const log = buildLog(dir, 'v2.pymmlog', 20);
    const r = LogReader.fromBytes(log.bytes);
    truncateSync(log.path, r.frames[12].offset + 40);
    const v = verifyLog(log.path);
    expect(v).toMatchObject({ ok: false, frames: 12, recovered: { code: 'FRAME_TRUNCATED', offset: r.frames[12].offset } });
    expect(v.problems).toEqual([`the file ends inside frame 12 (40 of ${r.frames[12].byteLength} bytes; torn write) (at byte offset ${r.frames[12].offset}); 40 bytes after byte ${r.frames[12].offset} are not part of the log`]);
    const open = buildLog(dir, 'v3.pymmlog', 3, { close: false });
    expect(verifyLog(open.path).problems).toEqual([`no index or trailer (the writer did not close the log); frames found by scanning (at byte offset ${open.bytes.length})`]);
    writeFileSync(log.path, 'nonsense');
    expect(verifyLog(log.path)).toMatchObject({ ok: false, frames: 0, problems: [expect.stringContaining('not a pymm log')] });
  });
});
