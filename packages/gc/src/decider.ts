/**
 * The heap with its collector as one decider: initialState(config), decide(state,
 * command) -> events, evolve(state, event). Commands are the heap's (@pymm/objects
 * ObjectsCommand) plus the gc module's.
 */
import {
  cloneObjectsState, diffObjectsStates, execute as executeObjects, heapFor, NULL_ID, type ObjectId, type ObjectsCommand,
  type ObjectsHost, type ObjectsSink,
} from '@pymm/objects';
import type { GcEvent, GcSink } from './events.js';
import { GcState } from './GcState.js';
import { attachRuntime, initialGcState } from './Runtime.js';

export type GcCommand =
  | ObjectsCommand
  | { readonly type: 'Collect'; readonly generation: number }
  | { readonly type: 'SetThreshold'; readonly thresholds: readonly [number, number, number] }
  | { readonly type: 'Enable' }
  | { readonly type: 'Disable' }
  | { readonly type: 'Freeze' }
  | { readonly type: 'Unfreeze' }
  | { readonly type: 'SetDebug'; readonly flags: number };

export { initialGcState as initialState };

/** Applies `command`; returns the id it created, or for Collect the collector's result. */
export function execute(state: GcState, command: GcCommand, sink: GcSink | null = null, host: ObjectsHost | null = null): number {
  const h = heapFor(state.objects);
  const rt = attachRuntime(state, { sink: h.sink as GcSink | null, host: h.host });
  const savedSink = h.sink;
  const savedHost = h.host;
  h.sink = sink as ObjectsSink | null;
  h.host = host;
  try {
    switch (command.type) {
      case 'Collect': return rt.gc.collect(command.generation);
      case 'SetThreshold': rt.gc.setThreshold(...command.thresholds); return NULL_ID;
      case 'Enable': rt.gc.enable(); return NULL_ID;
      case 'Disable': rt.gc.disable(); return NULL_ID;
      case 'Freeze': rt.gc.freeze(); return NULL_ID;
      case 'Unfreeze': rt.gc.unfreeze(); return NULL_ID;
      case 'SetDebug': rt.gc.setDebug(command.flags); return NULL_ID;
      default: return executeObjects(state.objects, command, sink as ObjectsSink | null, host) as ObjectId;
    }
  } finally {
    h.sink = savedSink;
    h.host = savedHost;
  }
}

/** The events `command` would cause. Pure: runs on a copy. */
export function decide(state: GcState, command: GcCommand, host: ObjectsHost | null = null): GcEvent[] {
  const copy = cloneGcState(state);
  const events: GcEvent[] = [];
  execute(copy, command, (e) => events.push(e), host);
  return events;
}

export function cloneGcState(g: GcState): GcState {
  const c = new GcState(cloneObjectsState(g.objects), g.garbage, g.callbacks);
  c.thresholds = [...g.thresholds];
  c.enabled = g.enabled;
  c.debug = g.debug;
  c.collecting = g.collecting;
  c.longLivedTotal = g.longLivedTotal;
  c.longLivedPending = g.longLivedPending;
  c.stats = g.stats.map((s) => ({ ...s }));
  return c;
}

/** null when equal, else the first differences. */
export function diffGcStates(a: GcState, b: GcState): string | null {
  const own = (g: GcState) => JSON.stringify([g.thresholds, g.enabled, g.debug, g.collecting, g.longLivedTotal, g.longLivedPending, g.stats, g.garbage, g.callbacks]);
  if (own(a) !== own(b)) return `collector state ${own(a)} != ${own(b)}`;
  const d = diffObjectsStates(a.objects, b.objects);
  return d.length === 0 ? null : d.join('; ');
}
