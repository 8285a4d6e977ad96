/**
 * @pymm/engine: one Timeline over any .pymmlog (allocator logs and heap logs), opened
 * from its index file: seek, step, history and pins, object questions, names and lines,
 * diffs and branches. The engines inside (AllocatorTimeline, HeapTimeline) are exported
 * for use alone.
 */
export { AllocatorTimeline, TimelineError, summarizeAt, diffSummaries } from './alloc/AllocatorTimeline.js';
export type {
  HistoryEntry, HistoryKind, PoolHistoryEntry, PoolEventKind, PinnedBlock, ArenaPins, ArenaEvent,
  TimelineOptions, TimelineDiff, StateSummary,
} from './alloc/AllocatorTimeline.js';
export { Timeline, HeapBranch, TimelineQuestionError, heapSummary } from './Timeline.js';
export type { LogKind, StepUnit, AddressEntry, ObjectShow, HeapSummary, FullDiff } from './Timeline.js';
export { openAllocatorLog } from './openLog.js';
export type { OpenLogOptions, OpenedLog } from './openLog.js';
export { indexPathFor, IndexUnusable, INDEX_CODEC, INDEX_VERSION, removeTemporaries } from './index/IndexFile.js';
export { logSource, memorySource } from './FrameSource.js';
export type { FrameSource, FrameInfoLite } from './FrameSource.js';
export { buildLogFromTrace } from './buildLog.js';
export type { BuildLogOptions, BuildLogResult } from './buildLog.js';
export { checkLogDomain, codecFor, UnusableLogError } from './logHeader.js';
export { Branch } from './Branch.js';
export { HeapRecorder } from './heap/HeapRecorder.js';
export { pipelineThreadsStopped } from './heap/recordPipeline.js';
export type { HeapRecorderOptions, FrameTracer } from './heap/HeapRecorder.js';
export { HeapTimeline, HeapTimelineError, whyAlive, arenaPins, externalRoots, labelledReferents } from './heap/HeapTimeline.js';
export type { HeapOpenOptions } from './heap/HeapTimeline.js';
export { HeapIndex } from './heap/HeapIndex.js';
export type { ObjectProjection, Binding, FrameInfo as HeapFrameInfo, HeapMeta, Holder, Holders } from './heap/HeapIndex.js';
export { E as HEAP_ENTRY, NOT_TRACKED, LABEL_CLASS, LABEL_DICT } from './heap/HeapIndexBuilder.js';
export type { Marker } from './heap/HeapIndexBuilder.js';
export type { RefcountChange, PathStep, WhyAlive, ArenaPin, CollectionSummary } from './heap/HeapTimeline.js';
export { verifyHeapLog } from './heap/verifyHeapLog.js';
export type { HeapVerifyOptions, HeapVerifyResult } from './heap/verifyHeapLog.js';
export { ReplayTimeline, ReplayTimelineError, diffAt } from './replay/ReplayTimeline.js';
export type { ReplayTimelineOptions, FiguresDiff } from './replay/ReplayTimeline.js';
