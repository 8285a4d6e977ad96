/** Shared machinery of the contract helpers. */
import type fc from 'fast-check';
import { inspect } from 'node:util';
import type { DeciderSpec } from '../DeciderSpec.js';

/** fast-check parameters the helpers accept (a property's examples have the helper's own shape). */
export type ContractParameters = Omit<fc.Parameters<never>, 'examples' | 'reporter' | 'asyncReporter' | 'plugins'>;

/** The seed every property runs with unless told otherwise: PYMM_SEED, else 20261127. */
export function contractSeed(): number {
  return Number(process.env.PYMM_SEED ?? 20261127);
}

/** The caller's parameters, with the PYMM_SEED seed and the failure's message in the report by default. */
export function withSeed<P extends { seed?: number; includeErrorInReport?: boolean }>(params: P | undefined): P & { seed: number } {
  return { includeErrorInReport: true, ...(params as P), seed: params?.seed ?? contractSeed() };
}

/** A short, readable rendering of a value for failure messages. */
export function show(value: unknown): string {
  return inspect(value, { depth: 4, breakLength: Infinity, maxArrayLength: 20, maxStringLength: 200 });
}

export class ContractViolation extends Error {
  override readonly name = 'ContractViolation';
}

/**
 * Decides and evolves `commands` from the initial state. A command whose decide throws is
 * skipped. With `checkPure`, decide must leave the state unchanged either way (checked
 * with clone + diff around every decide).
 */
export function runCommands<S, C, E>(spec: DeciderSpec<S, C, E>, commands: readonly C[], checkPure = false): { state: S; events: E[]; accepted: number } {
  let state = spec.initialState();
  const events: E[] = [];
  let accepted = 0;
  for (let i = 0; i < commands.length; i++) {
    const c = commands[i];
    const before = checkPure ? spec.clone(state) : null;
    let decided: E[] | null = null;
    let threw: unknown = null;
    try {
      decided = spec.decide(state, c);
    } catch (e) {
      threw = e;
    }
    const changed = before === null ? null : spec.diff(before, state);
    if (changed !== null) {
      throw new ContractViolation(`${spec.name}: decide(${show(c)}) (command ${i})${threw === null ? '' : ', which threw,'} changed the state: ${changed}`);
    }
    if (decided === null) continue;
    accepted++;
    for (const e of decided) {
      state = spec.evolve(state, e);
      events.push(e);
    }
  }
  return { state, events, accepted };
}

export function fold<S, C, E>(spec: DeciderSpec<S, C, E>, state: S, events: readonly E[], from: number, to: number): S {
  for (let i = from; i < to; i++) state = spec.evolve(state, events[i]);
  return state;
}

/** Fails a helper whose runs never got a valid command: its property would have tested nothing. */
export function requireProgress(spec: { name: string }, helper: string, accepted: number, runs: number): void {
  if (accepted === 0 && runs > 0) {
    throw new ContractViolation(`${helper}(${spec.name}): no command was accepted in ${runs} runs, so nothing was tested; check the command arbitrary`);
  }
}
