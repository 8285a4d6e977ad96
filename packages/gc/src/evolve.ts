/**
 * evolve(gcState, event): the collector's own events change GcState (and, for the scan,
 * the heap's lists); every other event is the heap's and goes to @pymm/objects' evolve.
 */
import { evolve as evolveObjects } from '@pymm/objects';
import { applyYoungScanned } from './deduceUnreachable.js';
import type { GcEvent } from './events.js';
import type { GcState } from './GcState.js';

export function evolve(g: GcState, e: GcEvent): void {
  const counts = g.objects.gcCounts;
  switch (e.type) {
    case 'CollectionStarted': {
      const gen = e.generation;
      if (gen + 1 < 3) counts[gen + 1]!++;
      for (let i = 0; i <= gen; i++) counts[i] = 0;
      g.collecting = true;
      return;
    }
    case 'YoungScanned':
      // the scan's decisions, as recorded (not the scan run again)
      applyYoungScanned(g.objects, e.young, e.into, e.unreachable, e.rescued);
      return;
    case 'LongLivedUpdated':
      g.longLivedTotal = e.total;
      g.longLivedPending = e.pending;
      return;
    case 'CollectionFinished': {
      const st = g.stats[e.generation]!;
      st.collections++;
      st.collected += e.collected;
      st.uncollectable += e.uncollectable;
      g.collecting = false;
      return;
    }
    case 'ThresholdsSet':
      g.thresholds = [e.thresholds[0], e.thresholds[1], e.thresholds[2]];
      return;
    case 'GcEnabledSet':
      g.enabled = e.enabled;
      return;
    case 'DebugFlagsSet':
      g.debug = e.flags;
      return;
    case 'CountsReset':
      counts.fill(0);
      return;
    default:
      evolveObjects(g.objects, e);
  }
}
