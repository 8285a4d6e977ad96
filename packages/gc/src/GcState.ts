/**
 * The collector's state (struct _gc_runtime_state) next to the heap it collects. The
 * generation lists and count0 live in the heap's state (tracking is an object-header
 * operation); thresholds, flags and statistics live here.
 */
import type { ObjectId, ObjectsState } from '@pymm/objects';

export interface GenerationStats { collections: number; collected: number; uncollectable: number }

export const DEBUG_STATS = 1;
export const DEBUG_COLLECTABLE = 2;
export const DEBUG_UNCOLLECTABLE = 4;
export const DEBUG_SAVEALL = 32;
export const DEBUG_LEAK = DEBUG_COLLECTABLE | DEBUG_UNCOLLECTABLE | DEBUG_SAVEALL;

export class GcState {
  readonly objects: ObjectsState;
  thresholds: [number, number, number] = [700, 10, 10];
  enabled = true;
  debug = 0;
  collecting = false;
  longLivedTotal = 0;
  longLivedPending = 0;
  stats: GenerationStats[] = [0, 1, 2].map(() => ({ collections: 0, collected: 0, uncollectable: 0 }));
  /** gc.garbage and gc.callbacks: list objects in the heap. */
  garbage: ObjectId;
  callbacks: ObjectId;

  constructor(objects: ObjectsState, garbage: ObjectId, callbacks: ObjectId) {
    this.objects = objects;
    this.garbage = garbage;
    this.callbacks = callbacks;
  }
}
