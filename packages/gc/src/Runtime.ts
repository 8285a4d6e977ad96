/**
 * A heap with its collector: what most users want. `createRuntime` builds the initial
 * state (builtin types, gc.garbage and gc.callbacks) deterministically, so a log can be
 * folded from `createRuntime(config).state` alone.
 */
import { heapFor, initialState, type Heap, type ObjectsConfig, type ObjectsHost } from '@pymm/objects';
import { Collector } from './Collector.js';
import type { GcSink } from './events.js';
import { GcState } from './GcState.js';

export interface RuntimeOptions extends ObjectsConfig {
  readonly sink?: GcSink | null;
  readonly host?: ObjectsHost | null;
}

export interface Runtime {
  readonly state: GcState;
  readonly heap: Heap;
  readonly gc: Collector;
}

/** The initial state: a heap whose gc.garbage and gc.callbacks lists exist. */
export function initialGcState(config: ObjectsConfig = {}): GcState {
  const objects = initialState(config);
  const heap = heapFor(objects);
  const garbage = heap.list();
  const callbacks = heap.list();
  return new GcState(objects, garbage, callbacks);
}

export function createRuntime(options: RuntimeOptions = {}): Runtime {
  const state = initialGcState(options);
  return attachRuntime(state, options);
}

/** A runtime over an existing state (restored from a checkpoint, or folded from a log). */
export function attachRuntime(state: GcState, options: { sink?: GcSink | null; host?: ObjectsHost | null } = {}): Runtime {
  const heap = heapFor(state.objects);
  heap.sink = (options.sink ?? null) as Heap['sink'];
  heap.host = options.host ?? null;
  const gc = heap.collector instanceof Collector && heap.collector.gc === state ? heap.collector : new Collector(heap, state);
  return { state, heap, gc };
}
