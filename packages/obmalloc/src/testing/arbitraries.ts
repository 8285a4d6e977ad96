/** fast-check arbitraries for allocator commands, for users' own property tests. */
import fc from 'fast-check';
import type { ObmallocCommand } from '../commands.js';
import type { Address } from '../ids.js';
import type { Profile } from '../profile.js';
import { FreeCommand } from './FreeCommand.js';
import { MallocCommand } from './MallocCommand.js';
import { ReallocCommand } from './ReallocCommand.js';
import { CheckedCommand } from './CheckedCommand.js';

/**
 * Request sizes that reach every path: mostly small (1..threshold, biased to few classes
 * so pools fill and empty), sometimes 0 or just above the threshold (raw allocator).
 */
export function requestBytes(profile: Profile): fc.Arbitrary<number> {
  const t = profile.smallRequestThresholdBytes;
  return fc.oneof(
    { weight: 12, arbitrary: fc.integer({ min: 1, max: t }) },
    { weight: 6, arbitrary: fc.constantFrom(1, profile.alignmentBytes, t) },
    { weight: 1, arbitrary: fc.constant(0) },
    { weight: 1, arbitrary: fc.integer({ min: t + 1, max: 4 * t }) },
  );
}

/**
 * Model-based commands (fc.commands) over a LiveBlocksModel, each checked against every
 * allocator invariant after it runs.
 */
export function modelCommands(profile: Profile, maxCommands = 300) {
  const n = requestBytes(profile);
  const pick = fc.nat({ max: 1 << 20 });
  return fc.commands(
    [
      n.map((x) => new CheckedCommand(new MallocCommand(x))),
      n.map((x) => new CheckedCommand(new MallocCommand(x, true))),
      pick.map((p) => new CheckedCommand(new FreeCommand(p))),
      pick.map((p) => new CheckedCommand(new FreeCommand(p))),
      fc.tuple(pick, n).map(([p, x]) => new CheckedCommand(new ReallocCommand(p, x))),
    ],
    { maxCommands, size: 'max' },
  );
}

/**
 * Plain command lists (for decider contracts): mallocs, frees and reallocs of the
 * addresses returned so far, named by their index in the list of allocations made.
 */
export type CommandPlan = ReadonlyArray<{ kind: 'malloc' | 'calloc' | 'free' | 'realloc'; pick: number; requestBytes: number }>;

export function commandPlans(profile: Profile, maxLength = 200): fc.Arbitrary<CommandPlan> {
  return fc.array(
    fc.record({
      kind: fc.constantFrom('malloc', 'malloc', 'calloc', 'free', 'free', 'realloc') as fc.Arbitrary<'malloc' | 'calloc' | 'free' | 'realloc'>,
      pick: fc.nat({ max: 1 << 20 }),
      requestBytes: requestBytes(profile),
    }),
    { maxLength, size: 'max' },
  );
}

/**
 * Turn a plan into concrete commands against a live set that `run` maintains: `run`
 * executes each command and returns its result address.
 */
export function* planCommands(plan: CommandPlan, run: (c: ObmallocCommand) => Address): Generator<ObmallocCommand> {
  const live: number[] = [];
  for (const step of plan) {
    let c: ObmallocCommand;
    if (step.kind === 'malloc' || step.kind === 'calloc' || live.length === 0) {
      c = { type: step.kind === 'calloc' ? 'Calloc' : 'Malloc', requestBytes: step.requestBytes };
      yield c;
      live.push(run(c));
    } else {
      const i = step.pick % live.length;
      const address = live[i] as Address;
      if (step.kind === 'free') {
        c = { type: 'Free', address };
        yield c;
        run(c);
        live.splice(i, 1);
      } else {
        c = { type: 'Realloc', address, requestBytes: step.requestBytes };
        yield c;
        live[i] = run(c);
      }
    }
  }
}
