/**
 * The record schema: every record the model makes passes; a crafted one (an inherited name
 * as its type, a number out of range or given as a string, a cause that is not earlier, a
 * field too many or missing) is refused: by an import (the codec's validate), and by the
 * codec when a frame holding it as an escaped record is read.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { tiny } from '../index.js';
import { commandPlans, recordPlan } from '../testing/index.js';
import { CodecError } from './bytes.js';
import { ObmallocCodec } from './codec.js';
import type { ObmallocRecord } from './records.js';
import { recordProblem } from './schema.js';

const seed = Number(process.env.PYMM_SEED ?? 20261127);

type Mutation = (r: Record<string, unknown>) => void;
const body = (r: Record<string, unknown>): Record<string, unknown> => (r.kind === 'command' ? r.command : r.event) as Record<string, unknown>;
const numericField = (b: Record<string, unknown>): string => Object.keys(b).find((k) => typeof b[k] === 'number')!;
const mutations: [string, Mutation][] = [
  ['type __proto__', (r) => { body(r).type = '__proto__'; }],
  ['type toString', (r) => { body(r).type = 'toString'; }],
  ['type constructor', (r) => { body(r).type = 'constructor'; }],
  ['a number as a string', (r) => { const b = body(r); const k = numericField(b); b[k] = String(b[k]); }],
  ['a negative number', (r) => { const b = body(r); b[numericField(b)] = -5; }],
  ['1e300', (r) => { const b = body(r); b[numericField(b)] = 1e300; }],
  ['a fraction', (r) => { const b = body(r); b[numericField(b)] = 0.5; }],
  ['a field too many', (r) => { body(r).extra = 1; }],
  ['a missing field', (r) => { const b = body(r); delete b[numericField(b)]; }],
  ['an unknown kind', (r) => { r.kind = 'note'; }],
];

describe('the record schema', () => {
  it('every record the model makes passes; every crafted change to one is refused (an import checks each record with it)', () => {
    const codec = new ObmallocCodec(tiny);
    fc.assert(
      fc.property(commandPlans(tiny, 40), fc.nat(), fc.constantFrom(...mutations), (plan, pick, [, mutate]) => {
        const records = recordPlan(tiny, plan);
        records.forEach((r, seq) => expect(recordProblem(r, seq)).toBeNull());
        if (records.length === 0) return;
        const seq = pick % records.length;
        const crafted = structuredClone(records[seq]) as unknown as Record<string, unknown>;
        mutate(crafted);
        expect(recordProblem(crafted, seq)).not.toBeNull();
        expect(codec.validate(crafted, seq)).toBe(recordProblem(crafted, seq));
      }),
      { seed, numRuns: 300 },
    );
  });

  it('an escaped record that is not an allocator record is refused when its frame is read, by its seq', () => {
    const codec = new ObmallocCodec(tiny);
    const list = [
      { kind: 'command', command: { type: 'Malloc', requestBytes: 8 } },
      { kind: 'event', cause: 0, event: { type: 'toString', address: 64 } },
    ] as unknown as ObmallocRecord[];
    expect(() => codec.decode(codec.encode(list, 10), 10, 2)).toThrow(new CodecError('record 11 is not an allocator record: unknown event type "toString" (known: ArenaAllocated, PoolInitialized, PoolReused, BlockAllocated, PoolFull, BlockFreed, PoolFreed, ArenaFreed, BlockResized, RawAllocated, RawReallocated, RawFreed)'));
  });

  it('a cause must be an earlier record', () => {
    const event = { kind: 'event', cause: 3, event: { type: 'BlockFreed', address: 64 } };
    expect(recordProblem(event, 4)).toBeNull();
    expect(recordProblem(event, 3)).toBe('"cause" must be the seq of an earlier record (0 to 2), not 3');
    expect(recordProblem({ ...event, cause: '3' }, 9)).toBe('"cause" must be the seq of an earlier record (0 to 8), not "3"');
  });
});
