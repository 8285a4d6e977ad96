/**
 * Time travel over any allocator's replay: wherever a timeline has been before, seeking to
 * a position gives the heap a fresh replay to that position gives (path independence),
 * stepping back and forth agrees with seeking, and two allocators' timelines diff at the
 * same position. Runs for pymalloc and every family.
 */
import fc from 'fast-check';
import { allocatorNames, targetNamed } from '@pymm/allocators';
import { HandleCallsBuilder, newBatch, OP, type HandleCalls } from '@pymm/obmalloc/trace';
import { describe, expect, it } from 'vitest';
import { diffAt, ReplayTimeline, ReplayTimelineError } from './ReplayTimeline.js';

const seed = Number(process.env.PYMM_SEED ?? 20261127);

type Step = { kind: 'm'; n: number } | { kind: 'f'; pick: number } | { kind: 'r'; pick: number; n: number };

/** A trace of `steps` (fake addresses: only the blocks' identities matter to a replay). */
function traceOf(steps: readonly Step[]): HandleCalls {
  const batch = newBatch(steps.length + 1);
  const live: number[] = [];
  let next = 0x10_0000;
  let line = 1;
  const push = (op: number, a: number, b: number, n: number): void => {
    const k = batch.size++;
    batch.op[k] = op; batch.a[k] = a; batch.b[k] = b; batch.n[k] = n; batch.line[k] = line++;
  };
  for (const s of steps) {
    if (s.kind === 'm' || live.length === 0) {
      const a = (next += 0x1000);
      push(OP.M, a, 0, s.kind === 'f' ? 8 : s.n);
      live.push(a);
    } else if (s.kind === 'f') {
      push(OP.F, live.splice(s.pick % live.length, 1)[0]!, 0, 0);
    } else {
      const i = s.pick % live.length;
      const b = (next += 0x1000);
      push(OP.R, live[i]!, b, s.n);
      live[i] = b;
    }
  }
  const builder = new HandleCallsBuilder();
  builder.add(batch);
  return builder.finish();
}

const size = fc.oneof(fc.integer({ min: 1, max: 512 }), fc.constantFrom(0, 700, 5000));
const steps = fc.array(fc.oneof(
  fc.record({ kind: fc.constant('m' as const), n: size }),
  fc.record({ kind: fc.constant('f' as const), pick: fc.nat(1000) }),
  fc.record({ kind: fc.constant('r' as const), pick: fc.nat(1000), n: size }),
), { minLength: 1, maxLength: 400 });

function figuresAfter(name: string, calls: HandleCalls, position: number): unknown {
  const t = targetNamed(name);
  const addr = new Float64Array(calls.handles);
  t.run(calls, 0, position, addr);
  return t.figures();
}

describe('ReplayTimeline', () => {
  for (const name of allocatorNames()) {
    it(`${name}: seeks in any order land where a fresh replay does`, () => {
      fc.assert(fc.property(steps, fc.array(fc.nat(), { minLength: 1, maxLength: 8 }), (st, seeks) => {
        const calls = traceOf(st);
        const tl = new ReplayTimeline(targetNamed(name), calls, { checkpointEvery: 16 });
        for (const raw of seeks) {
          const p = raw % (calls.count + 1);
          tl.seek(p);
          expect(tl.position).toBe(p);
          expect(tl.figures()).toEqual(figuresAfter(name, calls, p));
        }
        // step back and forth agrees with seeking
        if (tl.position > 0) {
          const here = tl.position;
          tl.stepBack();
          expect(tl.figures()).toEqual(figuresAfter(name, calls, here - 1));
          tl.stepForward();
          expect(tl.figures()).toEqual(figuresAfter(name, calls, here));
        }
      }), { seed, numRuns: 40 });
    });
  }

  it('diffAt: two allocators at the same call, and the delta between them', () => {
    const calls = traceOf([{ kind: 'm', n: 40 }, { kind: 'm', n: 500 }, { kind: 'f', pick: 0 }, { kind: 'm', n: 24 }]);
    const d = diffAt(new ReplayTimeline(targetNamed('pymalloc'), calls), new ReplayTimeline(targetNamed('buddy'), calls), 4);
    expect(d.a.name).toBe('pymalloc');
    expect(d.b.name).toBe('buddy');
    // the same program: the same live requests; buddy holds them in power-of-two blocks
    expect(d.a.figures.requestedBytes).toBe(524);
    expect(d.b.figures.requestedBytes).toBe(524);
    expect(d.b.figures.blockBytes).toBe(512 + 32);
    expect(d.delta.blockBytes).toBe(d.b.figures.blockBytes - d.a.figures.blockBytes);
  });

  it('stepForward reports the events of the call; bounds are clear errors', () => {
    const calls = traceOf([{ kind: 'm', n: 40 }, { kind: 'f', pick: 0 }]);
    const tl = new ReplayTimeline(targetNamed('first-fit'), calls);
    expect(() => tl.stepBack()).toThrow(ReplayTimelineError);
    expect(tl.stepForward().map((e) => e.type)).toContain('BlockHandedOut');
    expect(tl.stepForward().map((e) => e.type)).toContain('BlockReturned');
    expect(() => tl.stepForward()).toThrow(/at the end of the trace \(2 calls\)/);
    expect(() => tl.seek(3)).toThrow(/from 0 to 2/);
  });
});
