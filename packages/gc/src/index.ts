/**
 * @pymm/gc: CPython 3.11's generational cycle collector over the @pymm/objects heap.
 */
export { Collector } from './Collector.js';
export type { CollectionResult } from './Collector.js';
export { GcState, DEBUG_STATS, DEBUG_COLLECTABLE, DEBUG_UNCOLLECTABLE, DEBUG_SAVEALL, DEBUG_LEAK } from './GcState.js';
export type { GenerationStats } from './GcState.js';
export { evolve } from './evolve.js';
export { deduceUnreachable, updateRefs, subtractRefs, moveUnreachable, applyYoungScanned, scanMicrosteps } from './deduceUnreachable.js';
export type { ScanStep } from './deduceUnreachable.js';
export type {
  GcEvent, GcOwnEvent, GcSink, CollectionStarted, YoungScanned, LongLivedUpdated, CollectionFinished, ThresholdsSet,
  GcEnabledSet, DebugFlagsSet, CountsReset,
} from './events.js';
export { createRuntime, attachRuntime, initialGcState } from './Runtime.js';
export type { Runtime, RuntimeOptions } from './Runtime.js';
export { execute, decide, initialState, cloneGcState, diffGcStates } from './decider.js';
export type { GcCommand } from './decider.js';
export { HeapCodec, HEAP_CODEC, heapCodecProblem, writeValue, readValue } from './log/codec.js';
export type { HeapRecord, HeapCommandRecord, HeapEventRecord, HeapVisitor, AtomValue } from './log/codec.js';
