import fc from 'fast-check';
import type { DeciderSpec } from '../DeciderSpec.js';
import { ContractViolation, fold, requireProgress, runCommands, withSeed, type ContractParameters } from './run.js';

/**
 * Property: for every command list and cut point k in its events,
 *   - fold(events[0..k)) then fold(events[k..]) equals the full fold, which equals the
 *     state decide + evolve reached (state = fold(evolve, events));
 *   - a clone taken at k (a checkpoint) is not changed by evolving the original further;
 *   - folding events[k..] onto a clone of the checkpoint gives the full fold too.
 */
export function assertCheckpointEquivalence<S, C, E>(
  spec: DeciderSpec<S, C, E>,
  commands: fc.Arbitrary<C[]>,
  params?: ContractParameters,
): void {
  let accepted = 0;
  let runs = 0;
  fc.assert(
    fc.property(commands, fc.nat(), (cmds, cut) => {
      runs++;
      const run = runCommands(spec, cmds);
      accepted += run.accepted;
      const events = run.events;
      const n = events.length;
      const k = cut % (n + 1);
      const full = fold(spec, spec.initialState(), events, 0, n);
      const fail = (what: string, d: string) => {
        throw new ContractViolation(`${spec.name}: ${what} (k = ${k} of ${n} events): ${d}`);
      };
      let d = spec.diff(full, run.state);
      if (d !== null) fail('the fold of the events differs from the state decide + evolve reached', d);
      let original = fold(spec, spec.initialState(), events, 0, k);
      const checkpoint = spec.clone(original);
      const reference = fold(spec, spec.initialState(), events, 0, k);
      d = spec.diff(checkpoint, reference);
      if (d !== null) fail('a clone differs from its original', d);
      original = fold(spec, original, events, k, n);
      d = spec.diff(original, full);
      if (d !== null) fail('fold(events[0..k)) then fold(events[k..]) differs from the full fold', d);
      d = spec.diff(checkpoint, reference);
      if (d !== null) fail('the checkpoint taken at k changed when the original evolved further', d);
      const resumed = fold(spec, spec.clone(checkpoint), events, k, n);
      d = spec.diff(resumed, full);
      if (d !== null) fail('resuming from the checkpoint at k differs from the full fold', d);
    }),
    withSeed(params),
  );
  requireProgress(spec, 'assertCheckpointEquivalence', accepted, runs);
}
