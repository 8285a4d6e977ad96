/**
 * @pymm/engine: the allocator's timeline over a .pymmlog (or records in memory):
 * checkpoints, seek, step back, run to a condition, history and pins queries, diffs,
 * branches.
 */
export { Timeline, TimelineError, summarizeAt, diffSummaries } from './Timeline.js';
export type {
  HistoryEntry, HistoryKind, PoolHistoryEntry, PoolEventKind, PinnedBlock, ArenaPins, ArenaEvent,
  TimelineOptions, TimelineDiff, StateSummary,
} from './Timeline.js';
export { openAllocatorLog } from './openLog.js';
export type { OpenLogOptions, OpenedLog } from './openLog.js';
export { indexPathFor, IndexUnusable, INDEX_CODEC, INDEX_VERSION } from './index/IndexFile.js';
export { logSource, memorySource } from './FrameSource.js';
export type { FrameSource, FrameInfoLite } from './FrameSource.js';
export { buildLogFromTrace } from './buildLog.js';
export type { BuildLogOptions, BuildLogResult } from './buildLog.js';
export { codecFor } from './logHeader.js';
export { Branch } from './Branch.js';
export { HeapRecorder } from './heap/HeapRecorder.js';
export type { HeapRecorderOptions, FrameTracer } from './heap/HeapRecorder.js';
export { HeapTimeline, HeapTimelineError, whyAlive, arenaPins, externalRoots, labelledReferents } from './heap/HeapTimeline.js';
export type { RefcountChange, PathStep, WhyAlive, ArenaPin, CollectionSummary } from './heap/HeapTimeline.js';
