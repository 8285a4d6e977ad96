import fc from 'fast-check';
import { describe, it } from 'vitest';
import { contractSeed } from '@pymm/eventlog/testing';
import { objectGraphCommands, objectGraphSetup } from './index.js';

const seed = contractSeed();

describe('object graphs: every invariant after every command', () => {
  it('explicit collections only (gc disabled)', () => {
    fc.assert(fc.property(objectGraphCommands({ maxCommands: 80 }), (cmds) => fc.modelRun(objectGraphSetup(), cmds)), { seed, numRuns: 150 });
  });

  it('with automatic collections (thresholds 10, 2, 2)', () => {
    const setup = objectGraphSetup({ thresholds: [10, 2, 2] });
    fc.assert(fc.property(objectGraphCommands({ maxCommands: 80 }), (cmds) => fc.modelRun(setup, cmds)), { seed, numRuns: 150 });
  });
});
