/** Shared by this package's tests (excluded from the build). */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ByteReader, ByteWriter, LogWriter, type LogHeader, type LogWriterOptions, type RecordCodec } from './index.js';

export const seed = Number(process.env.PYMM_SEED ?? 20261127);

/** A fresh temporary directory, removed after the test file: `tempDir(afterAll)`. */
export function tempDir(afterAll: (fn: () => void) => void): string {
  const dir = mkdtempSync(join(tmpdir(), 'pymm-eventlog-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

/** Records are non-negative integers; a payload is their varuints. */
export const intCodec: RecordCodec<number> = {
  name: 'int-v1',
  encode(records) {
    const w = new ByteWriter();
    for (const r of records) w.varuint(r);
    return w.finish();
  },
  decode(payload, _firstSeq, count) {
    const r = new ByteReader(payload);
    const out: number[] = [];
    for (let i = 0; i < count; i++) out.push(r.varuint());
    r.expectEnd();
    return out;
  },
};

export function header(codec = 'int-v1', extra: Partial<LogHeader> = {}): LogHeader {
  return { domain: 'test', codec, profile: 'none', config: { n: 1 }, seed: 7, source: 'test', ...extra };
}

/** A deterministic payload for frame i (varied sizes, some compressible). */
export function payloadFor(i: number): Uint8Array {
  const n = 5 + ((i * 37) % 90);
  const p = new Uint8Array(n);
  let x = (i + 1) * 2654435761;
  for (let k = 0; k < n; k++) {
    x = (x * 1103515245 + 12345) % 2147483648;
    p[k] = i % 3 === 0 ? k % 4 : x & 0xff;
  }
  return p;
}

/** Writes a log of `frames` frames (payloadFor(i), counts 1 + i % 5) and returns its bytes and payloads. */
export function buildLog(
  dir: string,
  name: string,
  frames: number,
  options: LogWriterOptions & { close?: boolean } = {},
): { path: string; bytes: Uint8Array; payloads: Uint8Array[]; counts: number[] } {
  const path = join(dir, name);
  const w = LogWriter.create(path, header('raw'), { overwrite: true, ...options });
  const payloads: Uint8Array[] = [];
  const counts: number[] = [];
  for (let i = 0; i < frames; i++) {
    const p = payloadFor(i);
    const count = 1 + (i % 5);
    w.appendFrame(w.endSeq, count, p);
    payloads.push(p);
    counts.push(count);
  }
  if (options.close === false) w.abort();
  else w.close();
  return { path, bytes: new Uint8Array(readFileSync(path)), payloads, counts };
}
