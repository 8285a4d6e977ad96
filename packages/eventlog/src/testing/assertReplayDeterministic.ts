import fc from 'fast-check';
import type { DeciderSpec } from '../DeciderSpec.js';
import { ContractViolation, requireProgress, runCommands, withSeed } from './run.js';

/**
 * Property: for every command list, deciding + evolving twice from scratch gives the same
 * events (as JSON) and equal states; and (unless `options.checkDecidePure` is false)
 * decide never changes the state it is given, also when it throws: the first run clones
 * the state before each decide and diffs it after. Commands whose decide throws are
 * skipped, so generated lists may contain invalid ones. Runs with the PYMM_SEED seed
 * unless `params.seed` is given.
 */
export function assertReplayDeterministic<S, C, E>(
  spec: DeciderSpec<S, C, E>,
  commands: fc.Arbitrary<C[]>,
  params?: fc.Parameters<[C[]]>,
  options: { checkDecidePure?: boolean } = {},
): void {
  let accepted = 0;
  let runs = 0;
  fc.assert(
    fc.property(commands, (cmds) => {
      runs++;
      const first = runCommands(spec, cmds, options.checkDecidePure ?? true);
      const second = runCommands(spec, cmds);
      accepted += first.accepted;
      const a = first.events.map((e) => JSON.stringify(e));
      const b = second.events.map((e) => JSON.stringify(e));
      for (let i = 0; i < Math.max(a.length, b.length); i++) {
        if (a[i] !== b[i]) {
          throw new ContractViolation(`${spec.name}: replay is not deterministic: event ${i} was ${a[i] ?? '(none)'} then ${b[i] ?? '(none)'}`);
        }
      }
      const d = spec.diff(first.state, second.state);
      if (d !== null) throw new ContractViolation(`${spec.name}: the same commands gave different states: ${d}`);
    }),
    withSeed(params),
  );
  requireProgress(spec, 'assertReplayDeterministic', accepted, runs);
}

