/**
 * @pymm/testkit: what property tests of pymm are made of. For the allocator: arbitraries
 * of valid command sequences and of heaps, model-based runs with every invariant checked
 * after every command, named invariants, the decider contract wiring, and properties whose
 * shrunk counterexamples are written as .pymmlog files `pymm show` and `pymm verify` open.
 */
export {
  allocatorCommands, allocatorPlans, expandPlan, materializePlan, requestSizes,
} from './allocatorCommands.js';
export type {
  AllocatorCommandsOptions, ArenaChurnOptions, AllocatorPlan, AllocatorPlanStep, BasicPlanStep, FillStep, DrainStep,
} from './allocatorCommands.js';
export { heapState, heapHistory, historyOf } from './heapState.js';
export { AllocatorRun } from './AllocatorRun.js';
export type { AllocatorStep } from './AllocatorRun.js';
export {
  allocatorInvariants, liveBlocksOf, findAllocatorViolations, checkAllocatorInvariants, AllocatorInvariantViolation,
} from './allocatorInvariants.js';
export type { AllocatorInvariant, AllocatorInvariantName, AllocatorViolation } from './allocatorInvariants.js';
export { allocatorModelRun, allocatorModelCommands } from './allocatorModelRun.js';
export type { AllocatorModelCommand } from './allocatorModelRun.js';
export { assertAllocatorProperty, assertWithCounterexampleLog, CounterexampleFailure } from './assertAllocatorProperty.js';
export type { AllocatorProperty, CounterexampleOptions, CounterexampleLogSpec } from './assertAllocatorProperty.js';
export {
  counterexampleDir, counterexampleFileName, recordCommands, writeCounterexampleLog,
} from './counterexampleLog.js';
export type { CounterexampleLog, RecordedCommands } from './counterexampleLog.js';
export { obmallocDeciderSpec, obmallocDeciderCommands, obmallocRecords } from './obmallocDeciderSpec.js';
export type { NoiseKind } from './obmallocDeciderSpec.js';

export {
  ObjectGraphModel, objectGraphSetup, objectGraphCommands, checkObjectGraphInvariants, GRAPH_KINDS,
} from './objectGraph.js';
export type { GraphKind, ObjectGraphReal, ObjectGraphSetupOptions, ObjectGraphCommandsOptions } from './objectGraph.js';
export { heapDeciderSpec, heapDeciderCommands, FIRST_PROGRAM_ID } from './heapDeciderSpec.js';

// obmalloc's own model-test pieces, re-exported so one import serves a test.
export {
  requestBytes, commandPlans, planCommands, modelCommands, LiveBlocksModel, checkFreshBlock,
  MallocCommand, FreeCommand, ReallocCommand, CheckedCommand,
} from '@pymm/obmalloc/testing';
export type { CommandPlan, LiveBlock } from '@pymm/obmalloc/testing';

// Any allocator family (obmalloc's AllocatorFamily interface): pymm's own, or yours.
export {
  assertFamilyProperties, checkFamilyInvariants, findFamilyViolations, familyCommands, familyCommandsOf, familySteps,
  familyRequestSizes, familyModelCommands, recordFamilyRun, FamilyInvariantViolation,
} from './allocatorFamily.js';
export type { FamilyInvariantName, FamilyPropertyOptions, FamilyStep, HeldBlocks } from './allocatorFamily.js';
