import { tiny } from '@pymm/obmalloc';
import { allocatorCommands, assertAllocatorProperty, checkAllocatorInvariants, CounterexampleFailure } from '@pymm/testkit';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const counterexampleDir = mkdtempSync(join(tmpdir(), 'pymm-readme-'));

// A true property: after every command of every sequence (arenas filled, drained and
// given back), every allocator invariant holds. It passes and writes nothing.
assertAllocatorProperty(
  {
    name: 'the invariants hold after every command',
    profile: tiny,
    commands: allocatorCommands(tiny, { arenaChurn: true, maxCommands: 40 }),
    predicate: (run) => {
      for (const step of run.steps()) checkAllocatorInvariants(step.state);
    },
  },
  { counterexampleDir, numRuns: 30 },
);

// A false one: pools do fill up. It fails, shrinks, and leaves the counterexample as a log.
let failure: CounterexampleFailure | null = null;
try {
  assertAllocatorProperty(
    {
      name: 'no pool ever becomes full',
      profile: tiny,
      predicate: (run) => {
        for (const step of run.steps()) if (step.events.some((e) => e.type === 'PoolFull')) return false;
      },
    },
    { counterexampleDir },
  );
} catch (e) {
  if (!(e instanceof CounterexampleFailure)) throw e;
  failure = e;
}

export const result = {
  shrunkTo: failure?.commands.map((c) => c.type),
  logFile: failure?.logPath?.slice(counterexampleDir.length + 1),
  lastLine: failure?.message.split('\n').at(-1)?.replaceAll(counterexampleDir, 'DIR'),
};
