import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { cpython311, tiny, type Address } from '../index.js';
import { commandPlans, recordPlan } from '../testing/index.js';
import { ObmallocCodec, decodeFrame, newCommandColumns } from './codec.js';

const seed = Number(process.env.PYMM_SEED ?? 20261127);

const recordsOf = recordPlan;

describe('obmalloc-v1 codec', () => {
  it('decode(encode(records)) = records, for real record streams and any frame start at a command', () => {
    for (const profile of [tiny, cpython311]) {
      const codec = new ObmallocCodec(profile);
      fc.assert(
        fc.property(commandPlans(profile, 200), fc.nat(), (plan, cut) => {
          const records = recordsOf(profile, plan);
          const starts = records.map((r, i) => (r.kind === 'command' ? i : -1)).filter((i) => i >= 0);
          const k = starts.length ? starts[cut % starts.length] : 0;
          for (const [from, to] of [[0, k], [k, records.length]]) {
            const part = records.slice(from, to);
            expect(codec.decode(codec.encode(part, from), from, part.length)).toEqual(part);
          }
        }),
        { seed, numRuns: profile === tiny ? 200 : 40 },
      );
    }
  });

  it('the column decoder agrees with the record decoder on every command', () => {
    const codec = new ObmallocCodec(tiny);
    const CMD: Record<string, number> = { Malloc: 1, Calloc: 2, Realloc: 3, Free: 4 };
    fc.assert(
      fc.property(commandPlans(tiny, 200), (plan) => {
        const records = recordsOf(tiny, plan);
        const cols = newCommandColumns(4);
        decodeFrame(codec, codec.encode(records, 0), 0, null, cols);
        const expected: number[][] = [];
        records.forEach((r, seq) => {
          if (r.kind !== 'command') return;
          const c = r.command;
          let events = 0, result = 0;
          for (let j = seq + 1; j < records.length && records[j].kind === 'event'; j++) {
            events++;
            const e = (records[j] as { event: { type: string; address?: number } }).event;
            if (e.type === 'BlockAllocated' || e.type === 'RawAllocated' || e.type === 'RawReallocated') result = e.address!;
            if (e.type === 'BlockResized') result = e.address!;
          }
          expected.push([seq, CMD[c.type], 'requestBytes' in c ? c.requestBytes : 0, 'address' in c ? c.address : 0, result, events]);
        });
        const got = Array.from({ length: cols.count }, (_, k) => [cols.seq[k], cols.op[k] & 15, cols.n[k], cols.address[k], cols.result[k], cols.events[k]]);
        expect(got).toEqual(expected);
      }),
      { seed, numRuns: 150 },
    );
  });

  it('is lossless for records that break its rules (escaped), e.g. frames cut inside a group', () => {
    const codec = new ObmallocCodec(tiny);
    fc.assert(
      fc.property(commandPlans(tiny, 100), fc.nat(), fc.nat(), (plan, a, b) => {
        const records = recordsOf(tiny, plan);
        if (records.length === 0) return;
        const from = a % records.length, to = from + (b % (records.length - from + 1));
        const part = records.slice(from, to);
        expect(codec.decode(codec.encode(part, from), from, part.length)).toEqual(part);
        // a tampered record: a BlockFreed naming another address than its command
        const tampered = records.map((r) => (r.kind === 'event' && r.event.type === 'BlockFreed' ? { ...r, event: { ...r.event, address: (r.event.address + 16) as Address } } : r));
        expect(codec.decode(codec.encode(tampered, 0), 0, tampered.length)).toEqual(tampered);
      }),
      { seed, numRuns: 150 },
    );
  });

  it('a corrupted payload is a CodecError or decodes to something, never a crash or a hang', () => {
    const codec = new ObmallocCodec(tiny);
    fc.assert(
      fc.property(commandPlans(tiny, 80), fc.nat(), fc.integer({ min: 0, max: 255 }), (plan, at, byte) => {
        const records = recordsOf(tiny, plan);
        const payload = codec.encode(records, 0);
        payload[at % payload.length] = byte;
        try {
          codec.decode(payload, 0, records.length);
        } catch (e) {
          expect((e as Error).name).toBe('CodecError');
        }
      }),
      { seed, numRuns: 300 },
    );
  });
});
