/**
 * @pymm/allocators: the classic allocator families beside pymalloc, each a decider over
 * typed arrays behind obmalloc's allocator interface, and the replay targets, comparison
 * and report that run them (and pymalloc) on the same real CPython trace.
 */
export { familyTarget, pymallocTarget } from './replay/targets.js';
export type { ReplayTarget, TargetFigures } from './replay/targets.js';
export { compareAllocators, samplePoints } from './replay/compare.js';
export type { CompareOptions, ComparisonResult, TargetResult } from './replay/compare.js';
export { comparisonHtml, formatBytes } from './replay/html.js';
export { allocatorFamilies, familyNamed, allocatorNames, targetNamed } from './families.js';
export { firstFit, nextFit, bestFit, SequentialFitHeap } from './sequentialFit/sequentialFit.js';
export { simpleSegregated, SimpleSegregatedHeap } from './segregated/simpleSegregated.js';
export { segregatedFit, SegregatedFitHeap } from './segregated/segregatedFit.js';
export { buddy, BuddyHeap } from './buddy/buddy.js';
