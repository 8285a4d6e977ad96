/**
 * Fault injection: a log cut at every byte, and every byte flipped several ways. Opening
 * the damaged bytes either throws LogFormatError (only when the file header is damaged)
 * or gives exactly a prefix of the original frames with identical payloads, with
 * `recovered` set, since every byte of a log is covered by a magic or a checksum. A
 * reader never crashes another way and never returns a frame with other content.
 */
import fc from 'fast-check';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { LogFormatError, LogReader, LogWriter, verifyLog, type FrameInfo } from './index.js';
import { buildLog, header, seed, tempDir } from './testlog.fixture.js';

const dir = tempDir(afterAll);

interface Original {
  bytes: Uint8Array;
  payloads: Uint8Array[];
  frames: readonly FrameInfo[];
  headerBytes: number;
  framesEnd: number;
}

function original(log: { bytes: Uint8Array; payloads: Uint8Array[] }): Original {
  const r = LogReader.fromBytes(log.bytes);
  const last = r.frames[r.frames.length - 1];
  return { bytes: log.bytes, payloads: log.payloads, frames: r.frames, headerBytes: r.headerByteLength, framesEnd: last ? last.offset + last.byteLength : r.headerByteLength };
}

/** Frames of `o` that survive damage starting at byte `at` (a cut or the first changed byte). */
function survivors(o: Original, at: number): number {
  if (at >= o.framesEnd) return o.frames.length;
  return o.frames.filter((f) => f.offset + f.byteLength <= at).length;
}

type Outcome = 'threw' | 'prefix' | 'all';

const FIELDS = ['index', 'firstSeq', 'count', 'offset', 'byteLength', 'compressed', 'rawByteLength', 'storedByteLength'] as const;

/** Fast checks (vitest's deep equality is too slow for tens of thousands of cases); throw on a difference. */
function sameFrame(a: FrameInfo, b: FrameInfo): void {
  for (const k of FIELDS) if (a[k] !== b[k]) throw new Error(`frame ${b.index}: ${k} is ${a[k]}, expected ${b[k]}`);
}
function sameBytes(a: Uint8Array, b: Uint8Array, what: string): void {
  if (Buffer.compare(a, b) !== 0) throw new Error(`${what}: ${a.length} bytes differ from the original ${b.length}`);
}

/** Opens damaged bytes and checks the contract; `at` is where the damage starts. */
function checkDamaged(o: Original, damaged: Uint8Array, at: number, open: (b: Uint8Array) => LogReader = (b) => LogReader.fromBytes(b)): Outcome {
  let r: LogReader;
  try {
    r = open(damaged);
  } catch (e) {
    if (!(e instanceof LogFormatError)) throw e;
    if (at >= o.headerBytes) throw new Error(`damage at ${at} (after the header) made open throw: ${e.message}`);
    return 'threw';
  }
  if (at < o.headerBytes) throw new Error(`damage at ${at} inside the header went unnoticed`);
  const n = survivors(o, at);
  if (r.frames.length !== n) throw new Error(`damage at ${at}: ${r.frames.length} frames, expected ${n}`);
  for (let i = 0; i < n; i++) {
    sameFrame(r.frames[i], o.frames[i]);
    sameBytes(r.readFrame(i), o.payloads[i], `damage at ${at}: frame ${i}`);
  }
  const rec = r.recovered;
  if (rec === null) throw new Error(`damage at ${at} went unreported`);
  const validBytes = n ? o.frames[n - 1].offset + o.frames[n - 1].byteLength : o.headerBytes;
  if (rec.validBytes !== validBytes) throw new Error(`damage at ${at}: validBytes ${rec.validBytes}, expected ${validBytes}`);
  if (at < o.framesEnd && rec.offset !== o.frames[n].offset) throw new Error(`damage at ${at}: reported at ${rec.offset}, expected frame ${n} at ${o.frames[n].offset}`);
  if (at >= o.framesEnd && !/^(INDEX_MISSING|INDEX_INVALID|TRAILER_INVALID|FRAME_MARKER|FRAME_TRUNCATED)$/.test(rec.code)) {
    throw new Error(`damage at ${at} (index or trailer) reported as ${rec.code}`);
  }
  r.close();
  return n === o.frames.length ? 'all' : 'prefix';
}

const MASKS = [0x01, 0x10, 0x80, 0xff];

function flip(bytes: Uint8Array, at: number, mask: number): Uint8Array {
  const b = bytes.slice();
  b[at] ^= mask;
  return b;
}

describe('fault injection on a 50-frame log (some frames deflated)', () => {
  const o = original(buildLog(dir, 'fifty.pymmlog', 50));

  it('the log is big enough to mean something', () => {
    expect(o.frames.length).toBe(50);
    expect(o.frames.some((f) => f.compressed) && o.frames.some((f) => !f.compressed)).toBe(true);
    expect(o.bytes.length).toBeGreaterThan(4000);
  });

  it('truncated at every byte: a prefix of the frames, recovered set; header cuts throw', () => {
    const seen = { threw: 0, prefix: 0, all: 0 };
    for (let len = 0; len < o.bytes.length; len++) seen[checkDamaged(o, o.bytes.subarray(0, len), len)]++;
    expect(seen.threw).toBe(o.headerBytes);
    expect(seen.all).toBe(o.bytes.length - o.framesEnd);
    expect(seen.prefix).toBe(o.framesEnd - o.headerBytes);
  });

  it('every byte flipped 4 ways: detected at the frame it hits; index/trailer damage keeps every frame', () => {
    const seen = { threw: 0, prefix: 0, all: 0 };
    for (let at = 0; at < o.bytes.length; at++) {
      for (const mask of MASKS) seen[checkDamaged(o, flip(o.bytes, at, mask), at)]++;
    }
    expect(seen.threw).toBe(o.headerBytes * MASKS.length);
    expect(seen.all).toBe((o.bytes.length - o.framesEnd) * MASKS.length);
    expect(seen.prefix).toBe((o.framesEnd - o.headerBytes) * MASKS.length);
  });

  it("verify 'headers': flips are found on open or by readFrame; a frame never comes back changed", () => {
    let caughtByReadFrame = 0;
    for (let at = 0; at < o.bytes.length; at++) {
      let r: LogReader;
      try {
        r = LogReader.fromBytes(flip(o.bytes, at, 0x10), { verify: 'headers' });
      } catch (e) {
        expect(e).toBeInstanceOf(LogFormatError);
        expect(at).toBeLessThan(o.headerBytes);
        continue;
      }
      let bad = 0;
      for (let i = 0; i < r.frames.length; i++) {
        sameFrame(r.frames[i], o.frames[i]);
        let payload: Uint8Array;
        try {
          payload = r.readFrame(i);
        } catch (e) {
          if (!(e instanceof LogFormatError)) throw e;
          bad++;
          continue;
        }
        sameBytes(payload, o.payloads[i], `flip at ${at}: frame ${i}`);
      }
      if (r.recovered === null) {
        // Trusted the index: the flip must be in a payload or frame CRC, and readFrame caught it.
        expect(bad).toBe(1);
        caughtByReadFrame++;
      } else expect(bad).toBe(0);
    }
    expect(caughtByReadFrame).toBeGreaterThan(1000);
  });

  it('through real files: 200 cuts and 200 flips, open and verifyLog agree', () => {
    const path = join(dir, 'damaged.pymmlog');
    const openFile = (b: Uint8Array) => {
      writeFileSync(path, b);
      return LogReader.open(path);
    };
    for (let k = 0; k < 200; k++) {
      const at = Math.floor(((k + 0.5) * o.bytes.length) / 200);
      for (const damaged of [o.bytes.subarray(0, at), flip(o.bytes, at, 0x80)]) {
        const outcome = checkDamaged(o, damaged, at, openFile);
        const v = verifyLog(path);
        expect(v.ok).toBe(false);
        expect(v.frames).toBe(outcome === 'threw' ? 0 : survivors(o, at));
        expect(v.problems.length).toBe(1);
      }
    }
  });

  it('garbage appended to a closed or an unclosed log: all frames kept, the tail reported', () => {
    const junk = Uint8Array.from({ length: 100 }, (_, i) => (i * 97 + 13) & 0xff);
    const unclosed = original(buildLog(dir, 'unclosed50.pymmlog', 50, { close: false }));
    for (const base of [o, unclosed]) {
      const b = new Uint8Array(base.bytes.length + junk.length);
      b.set(base.bytes);
      b.set(junk, base.bytes.length);
      const r = LogReader.fromBytes(b);
      expect(r.frames).toEqual(base.frames);
      expect(r.recovered?.validBytes).toBe(base.framesEnd);
    }
  });
});

describe('fault injection, properties', () => {
  const logArb = fc.record({
    payloads: fc.array(fc.oneof(fc.uint8Array({ maxLength: 300 }), fc.nat({ max: 2000 }).map((n) => new Uint8Array(n).fill(7))), { minLength: 1, maxLength: 12 }),
    compress: fc.constantFrom<'auto' | 'never'>('auto', 'never'),
    close: fc.boolean(),
  });
  let n = 0;
  const write = (l: { payloads: Uint8Array[]; compress: 'auto' | 'never'; close: boolean }) => {
    const path = join(dir, `prop${n++ % 4}.pymmlog`);
    const w = LogWriter.create(path, header('raw', { config: { n } }), { compress: l.compress, overwrite: true });
    for (const p of l.payloads) w.appendFrame(w.endSeq, 1 + (p.length % 3), p);
    if (l.close) w.close();
    else w.abort();
    return LogReader.open(path);
  };
  const originalOf = (l: { payloads: Uint8Array[]; compress: 'auto' | 'never'; close: boolean }) => {
    const r = write(l);
    r.close();
    return new Uint8Array(readFileSync(r.path!));
  };

  it('random logs, random bursts of damage: a prefix with identical payloads, or a header error', () => {
    fc.assert(
      fc.property(logArb, fc.nat(), fc.uint8Array({ minLength: 1, maxLength: 8 }), fc.boolean(), (l, pos, burst, cut) => {
        const bytes = originalOf(l);
        const r0 = LogReader.fromBytes(bytes);
        const o: Original = {
          bytes, payloads: l.payloads, frames: r0.frames, headerBytes: r0.headerByteLength,
          framesEnd: r0.frames[r0.frames.length - 1].offset + r0.frames[r0.frames.length - 1].byteLength,
        };
        const at = pos % bytes.length;
        if (cut) {
          checkDamaged(o, bytes.subarray(0, at), at);
          return;
        }
        const damaged = bytes.slice();
        for (let i = 0; i < burst.length && at + i < damaged.length; i++) damaged[at + i] ^= burst[i] || 1;
        checkDamaged(o, damaged, at);
      }),
      { seed, numRuns: 300 },
    );
  });
});
