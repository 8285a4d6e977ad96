/** @pymm/obmalloc/testing: the naive model, model commands and arbitraries. */
export { LiveBlocksModel, checkFreshBlock } from './model.js';
export type { LiveBlock } from './model.js';
export { MallocCommand } from './MallocCommand.js';
export { FreeCommand } from './FreeCommand.js';
export { ReallocCommand } from './ReallocCommand.js';
export { CheckedCommand } from './CheckedCommand.js';
export { requestBytes, modelCommands, commandPlans, planCommands } from './arbitraries.js';
export type { CommandPlan } from './arbitraries.js';
export { recordPlan, foldRecords } from './records.js';
