import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { OP, TraceFormatError, formatEvent, parseTraceChunks, type TraceBatch } from './index.js';

const seed = Number(process.env.PYMM_SEED ?? 20261127);

const address = fc.integer({ min: 0, max: 2 ** 48 - 1 });
const size = fc.integer({ min: 0, max: 1 << 20 });
const event = fc.oneof(
  fc.tuple(fc.constant(OP.M), address, fc.constant(0), size),
  fc.tuple(fc.constant(OP.C), address, fc.constant(0), size),
  fc.tuple(fc.constant(OP.R), address, address, size),
  fc.tuple(fc.constant(OP.F), address, fc.constant(0), fc.constant(0)),
  fc.tuple(fc.constant(OP.A), address.filter((x) => x > 0), fc.constant(0), fc.constant(0)),
  fc.tuple(fc.constant(OP.D), address.filter((x) => x > 0), fc.constant(0), fc.constant(0)),
  fc.tuple(fc.constant(OP.S), fc.constant(0), fc.constant(0), fc.constant(0)),
);

async function parseAll(bytes: Uint8Array, cuts: number[]) {
  const points = [...new Set(cuts.map((c) => c % (bytes.length + 1)))].sort((x, y) => x - y);
  const chunks: Uint8Array[] = [];
  let prev = 0;
  for (const p of [...points, bytes.length]) {
    chunks.push(bytes.subarray(prev, p));
    prev = p;
  }
  const got: [number, number, number, number, number][] = [];
  await parseTraceChunks((async function* () { yield* chunks; })(), {
    batchSize: 7,
    onBatch: (b: TraceBatch) => {
      for (let k = 0; k < b.size; k++) got.push([b.op[k], b.a[k], b.b[k], b.n[k], b.line[k]]);
    },
  });
  return got;
}

describe('trace parser', () => {
  it('reads back every event, on its line, however the bytes are chunked', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(event, { maxLength: 60 }), fc.array(fc.nat(), { maxLength: 8 }), fc.boolean(), async (events, cuts, comments) => {
        let text = '#pymtrace 1\n#python 3.11.7\n';
        let line = 2;
        const expected: [number, number, number, number, number][] = [];
        for (const [op, a, b, n] of events) {
          if (comments && a % 7 === 0) { text += '# a comment\n'; line++; }
          text += formatEvent(op, a, b, n, 'cp') + '\n';
          line++;
          expected.push([op, op === OP.S ? 0 : a, b, n, line]);
        }
        expect(await parseAll(Buffer.from(text), cuts)).toEqual(expected);
      }),
      { seed, numRuns: 300 },
    );
  });

  it('a corrupted byte in an event line is read as some valid line or reported on that line', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(event.filter((e) => e[0] !== OP.S), { minLength: 1, maxLength: 20 }), fc.nat(), fc.integer({ min: 0, max: 255 }), async (events, at, byte) => {
        const lines = events.map(([op, a, b, n]) => formatEvent(op, a, b, n));
        const text = '#pymtrace 1\n' + lines.join('\n') + '\n';
        const bytes = Buffer.from(text);
        const header = '#pymtrace 1\n'.length;
        const pos = header + (at % (bytes.length - header));
        if (bytes[pos] === 10 || byte === 10) return; // keep the line structure
        bytes[pos] = byte;
        const lineNo = bytes.subarray(0, pos).toString('latin1').split('\n').length;
        try {
          await parseAll(bytes, []);
        } catch (e) {
          expect(e).toBeInstanceOf(TraceFormatError);
          expect((e as TraceFormatError).line).toBe(lineNo);
        }
      }),
      { seed, numRuns: 500 },
    );
  });
});
