/**
 * @pymm/eventlog/testing: the contract properties every decider and codec is checked
 * against, written once. Each package's test is a few lines:
 *
 *   assertReplayDeterministic(spec, commands);
 *   assertCheckpointEquivalence(spec, commands);
 *   assertCodecRoundTrip(codec, records);
 *
 * They run fast-check synchronously with the PYMM_SEED seed (default 20261127) and throw
 * (with fast-check's counterexample, seed and path) when the property fails.
 */
export type { DeciderSpec } from '../DeciderSpec.js';
export { assertReplayDeterministic } from './assertReplayDeterministic.js';
export { assertCheckpointEquivalence } from './assertCheckpointEquivalence.js';
export { assertCodecRoundTrip } from './assertCodecRoundTrip.js';
export { ContractViolation, contractSeed } from './run.js';
export type { ContractParameters } from './run.js';
