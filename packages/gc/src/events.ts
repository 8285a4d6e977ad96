/**
 * Events of the collector. Object-level effects of a collection (list moves, untracking,
 * weakrefs cleared, finalizers, tp_clear cascades) are ordinary @pymm/objects events;
 * these add the collector's own state changes and the phase boundaries.
 */
import type { ObjectId, ObjectsEvent } from '@pymm/objects';

/** gc_collect_main began: count[g+1] += 1, count[0..g] = 0 (younger lists merged next). */
export interface CollectionStarted { readonly type: 'CollectionStarted'; readonly generation: number; readonly automatic: boolean }
/**
 * deduce_unreachable(young, into): update_refs, subtract_refs, move_unreachable. evolve
 * re-runs the scan (it also reorders `young` as CPython does); `unreachable` lists the
 * objects it moved to `into`, in order.
 */
export interface YoungScanned {
  readonly type: 'YoungScanned'; readonly young: number; readonly into: number; readonly unreachable: readonly ObjectId[];
  /** The objects move_unreachable moved back to the end of young, in that order. */
  readonly rescued: readonly ObjectId[];
}
export interface LongLivedUpdated { readonly type: 'LongLivedUpdated'; readonly total: number; readonly pending: number }
/** The collection ended: m collected, n uncollectable (gc.get_stats() totals grow). */
export interface CollectionFinished {
  readonly type: 'CollectionFinished'; readonly generation: number; readonly collected: number; readonly uncollectable: number;
}
export interface ThresholdsSet { readonly type: 'ThresholdsSet'; readonly thresholds: readonly [number, number, number] }
export interface GcEnabledSet { readonly type: 'GcEnabledSet'; readonly enabled: boolean }
export interface DebugFlagsSet { readonly type: 'DebugFlagsSet'; readonly flags: number }
/** gc.freeze(): counts zeroed (the lists move with GcListsMerged). */
export interface CountsReset { readonly type: 'CountsReset' }

export type GcOwnEvent =
  | CollectionStarted | YoungScanned | LongLivedUpdated | CollectionFinished | ThresholdsSet | GcEnabledSet
  | DebugFlagsSet | CountsReset;

export type GcEvent = GcOwnEvent | ObjectsEvent;
export type GcSink = (event: GcEvent) => void;
