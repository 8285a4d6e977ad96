import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
  FRAME_OVERHEAD_BYTES, INDEX_ENTRY_BYTES, INDEX_HEADER_BYTES, LogReader, LogWriteError, LogWriter, TRAILER_BYTES,
} from './index.js';
import { header, tempDir } from './testlog.fixture.js';

const dir = tempDir(afterAll);
let n = 0;
const fresh = () => join(dir, `w${n++}.pymmlog`);
const codeOf = (f: () => unknown): string => {
  try {
    f();
  } catch (e) {
    return (e as LogWriteError).code ?? String(e);
  }
  return 'no error';
};

describe('LogWriter', () => {
  it('writes frames that read back with their seqs, counts and payloads', () => {
    const path = fresh();
    const w = LogWriter.create(path, header('raw'));
    const a = w.appendFrame(0, 3, Uint8Array.of(1, 2, 3));
    const b = w.appendFrame(3, 1, Uint8Array.of());
    expect([w.frameCount, w.recordCount, w.endSeq]).toEqual([2, 4, 4]);
    w.close();
    expect(w.bytesWritten).toBe(statSync(path).size);
    const r = LogReader.open(path);
    expect(r.frames).toEqual([a, b]);
    expect(Array.from(r.readFrame(0))).toEqual([1, 2, 3]);
    expect(r.readFrame(1).length).toBe(0);
    expect([r.recordCount, r.startSeq, r.endSeq, r.recovered]).toEqual([4, 0, 4, null]);
    expect(r.header).toEqual(header('raw'));
    r.close();
  });

  it('enforces dense seqs: each frame starts where the previous ended (the first at startSeq)', () => {
    const w = LogWriter.create(fresh(), header('raw'), { startSeq: 100 });
    expect(codeOf(() => w.appendFrame(0, 1, Uint8Array.of(0)))).toBe('SEQ_NOT_DENSE');
    w.appendFrame(100, 5, Uint8Array.of(0));
    expect(codeOf(() => w.appendFrame(104, 1, Uint8Array.of(0)))).toBe('SEQ_NOT_DENSE');
    expect(codeOf(() => w.appendFrame(106, 1, Uint8Array.of(0)))).toBe('SEQ_NOT_DENSE');
    w.appendFrame(105, 1, Uint8Array.of(0));
    expect(w.recordCount).toBe(6);
    w.close();
    expect(() => w.appendFrame(106, 1, Uint8Array.of(0))).toThrow(/closed/);
    expect(codeOf(() => LogWriter.create(fresh(), header(), { startSeq: -1 }))).toBe('SEQ_NOT_DENSE');
  });

  it('rejects empty frames, fractional counts and counts that end past 2^53', () => {
    const w = LogWriter.create(fresh(), header('raw'), { startSeq: Number.MAX_SAFE_INTEGER - 3 });
    for (const count of [0, -1, 1.5, NaN, 4]) expect(codeOf(() => w.appendFrame(w.endSeq, count, Uint8Array.of()))).toBe('INVALID_COUNT');
    w.appendFrame(w.endSeq, 3, Uint8Array.of());
    w.close();
  });

  it('refuses to replace an existing file unless overwrite is given', () => {
    const path = fresh();
    writeFileSync(path, 'precious');
    expect(codeOf(() => LogWriter.create(path, header()))).toBe('FILE_EXISTS');
    expect(readFileSync(path, 'utf8')).toBe('precious');
    LogWriter.create(path, header(), { overwrite: true }).close();
    expect(LogReader.open(path).frames.length).toBe(0);
  });

  it('refuses a header that is not a LogHeader or not JSON, and writes nothing', () => {
    const bad = [
      { ...header(), seed: NaN },
      { ...header(), config: [] },
      { ...header(), domain: 3 },
      { ...header(), config: { big: 1n } },
      { ...header(), source: 'x'.repeat(1 << 20) },
    ];
    for (const h of bad) {
      const path = fresh();
      expect(codeOf(() => LogWriter.create(path, h as never))).toBe('INVALID_HEADER');
      expect(existsSync(path)).toBe(false);
    }
  });

  it("compress 'auto' keeps the deflated payload only when it is smaller; 'never' never deflates", () => {
    const zeros = new Uint8Array(4096);
    const noise = Uint8Array.from({ length: 256 }, (_, i) => (i * 2654435761) >>> 24);
    const small = Uint8Array.of(7);
    const w = LogWriter.create(fresh(), header('raw'));
    const z = w.appendFrame(0, 1, zeros);
    const r = w.appendFrame(1, 1, noise);
    const s = w.appendFrame(2, 1, small);
    w.close();
    expect(z).toMatchObject({ compressed: true, rawByteLength: 4096 });
    expect(z.storedByteLength).toBeLessThan(100);
    expect(z.byteLength).toBe(FRAME_OVERHEAD_BYTES + z.storedByteLength);
    expect(r).toMatchObject({ compressed: false, storedByteLength: 256, rawByteLength: 256 });
    expect(s).toMatchObject({ compressed: false, storedByteLength: 1 });
    const never = LogWriter.create(fresh(), header('raw'), { compress: 'never' });
    expect(never.appendFrame(0, 1, zeros)).toMatchObject({ compressed: false, storedByteLength: 4096 });
    never.close();
  });

  it('container overhead: 36 bytes per frame, 24 per index entry, plus header, index head and trailer', () => {
    const path = fresh();
    const w = LogWriter.create(path, header('raw'), { compress: 'never' });
    const headerBytes = w.bytesWritten;
    expect(headerBytes).toBe(16 + JSON.stringify(header('raw')).length + 4);
    let payload = 0;
    for (let i = 0; i < 10; i++) {
      w.appendFrame(w.endSeq, 100, new Uint8Array(i * 10));
      payload += i * 10;
    }
    expect(w.bytesWritten).toBe(headerBytes + payload + 10 * FRAME_OVERHEAD_BYTES);
    w.close();
    expect(statSync(path).size).toBe(headerBytes + payload + 10 * (FRAME_OVERHEAD_BYTES + INDEX_ENTRY_BYTES) + INDEX_HEADER_BYTES + 4 + TRAILER_BYTES);
    expect([FRAME_OVERHEAD_BYTES, INDEX_ENTRY_BYTES, INDEX_HEADER_BYTES + 4 + TRAILER_BYTES]).toEqual([36, 24, 48]);
  });

  it("abort leaves the file as a crash would: frames readable, index missing; sync 'frame' works", () => {
    const path = fresh();
    const w = LogWriter.create(path, header('raw'), { sync: 'frame' });
    w.appendFrame(0, 2, Uint8Array.of(1, 2));
    w.abort();
    w.close(); // no-op after abort
    const r = LogReader.open(path);
    expect(r.frames.length).toBe(1);
    expect(r.recovered).toMatchObject({ code: 'INDEX_MISSING', validBytes: statSync(path).size });
  });

  it('refuses payloads over 64 MiB', () => {
    const w = LogWriter.create(fresh(), header('raw'));
    expect(codeOf(() => w.appendFrame(0, 1, new Uint8Array((64 << 20) + 1)))).toBe('FRAME_TOO_LARGE');
    expect(w.frameCount).toBe(0);
    w.close();
  });

  describe('viaTemporary', () => {
    const files = (): string[] => readdirSync(dir).filter((f) => f.endsWith('.tmp'));

    it('writes beside the path and renames onto it at close: until then an existing file is as it was', () => {
      const path = fresh();
      writeFileSync(path, 'the old log');
      const w = LogWriter.create(path, header('raw'), { overwrite: true, viaTemporary: true });
      w.appendFrame(0, 2, Uint8Array.of(7, 8));
      expect(readFileSync(path, 'utf8')).toBe('the old log');
      expect(files().length).toBe(1);
      w.close();
      expect(files()).toEqual([]);
      const r = LogReader.open(path);
      expect([r.recordCount, Array.from(r.readFrame(0))]).toEqual([2, [7, 8]]);
      r.close();
    });

    it('abort() and a failed close leave an existing file untouched and no temporary file', () => {
      const path = fresh();
      writeFileSync(path, 'keep me');
      const w = LogWriter.create(path, header('raw'), { overwrite: true, viaTemporary: true });
      w.appendFrame(0, 1, Uint8Array.of(1));
      w.abort();
      expect(readFileSync(path, 'utf8')).toBe('keep me');
      expect(files()).toEqual([]);
      // a directory put at the path before close: the rename fails, the temporary file goes
      const taken = fresh();
      const v = LogWriter.create(taken, header('raw'), { viaTemporary: true });
      mkdirSync(taken);
      writeFileSync(join(taken, 'inside'), '');
      expect(() => v.close()).toThrow();
      expect(files()).toEqual([]);
    });

    it('refuses an existing file without overwrite, and any path that is not a regular file', () => {
      const path = fresh();
      writeFileSync(path, 'mine');
      expect(codeOf(() => LogWriter.create(path, header('raw'), { viaTemporary: true }))).toBe('FILE_EXISTS');
      expect(codeOf(() => LogWriter.create('/dev/null', header('raw'), { overwrite: true, viaTemporary: true }))).toBe('NOT_A_FILE');
      expect(codeOf(() => LogWriter.create(dir, header('raw'), { overwrite: true, viaTemporary: true }))).toBe('NOT_A_FILE');
      expect(readFileSync(path, 'utf8')).toBe('mine');
      expect(files()).toEqual([]);
    });
  });
});
