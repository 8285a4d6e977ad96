import fc from 'fast-check';
import { describe, it } from 'vitest';
import { cpython311, initialState, tiny } from './index.js';
import { LiveBlocksModel, modelCommands } from './testing/index.js';

const seed = Number(process.env.PYMM_SEED ?? 20261127);

describe('pymalloc against the live-blocks model (invariants after every command)', () => {
  for (const [profile, numRuns, maxCommands] of [[tiny, 300, 400], [cpython311, 40, 300]] as const) {
    it(profile.name, () => {
      fc.assert(
        fc.property(modelCommands(profile, maxCommands), (cmds) => {
          fc.modelRun(() => ({ model: new LiveBlocksModel(), real: initialState({ profile }) }), cmds);
        }),
        { seed, numRuns },
      );
    });
  }
});
