/**
 * Replay targets: pymalloc and every family behind one face, so that the same handle
 * calls of a real trace (HandleCalls: the trace's blocks as dense handles) replay through
 * any of them, and the comparison and time travel read the same figures from each.
 *
 *   target            heap            malloc / realloc / free           figures
 *   pymalloc          ObmallocState   objMalloc... with the trace's     arenas (1 MiB), pools'
 *                                     arena bases and raw addresses:    blocks by size class
 *                                     CPython's own addresses
 *   a family          its heap        the router (executeAllocator)     the heap's counters
 *
 * `addr[handle]` holds the address the target gave each trace block; a replay of calls
 * [from, to) reads and writes it. A target's state can be cloned (`snapshot`) and put
 * back (`restore`) for time travel.
 */
import {
  allocatorFree, allocatorMalloc, allocatorRealloc, objFree, objMalloc, objRealloc, resolveProfile, summarize,
  type AllocatorConfig, type AllocatorFamily, type ObmallocEvent, type ObmallocState, type Profile, type RoutedHeap, initialState,
} from '@pymm/obmalloc';
import type { HandleCalls } from '@pymm/obmalloc/trace';

const OP_R = 3, OP_F = 4;

/** What every target reports, at any point of a replay. */
export interface TargetFigures {
  /** Bytes the allocator holds from the system now (regions, arenas), and the most at once. */
  readonly mappedBytes: number;
  readonly peakMappedBytes: number;
  /** Live blocks of the small-object domain (1..512 bytes), their requests, their whole extents. */
  readonly liveBlocks: number;
  readonly requestedBytes: number;
  readonly blockBytes: number;
  /** Mapped bytes no live block holds; free blocks; the largest request one free block serves now. */
  readonly freeBytes: number;
  readonly freeBlocks: number;
  readonly largestFreeBytes: number;
  /** Regions (arenas) mapped now. */
  readonly regions: number;
  /** Live blocks of the raw allocator (0 bytes and above 512): the same for every target. */
  readonly rawBlocks: number;
}

export interface ReplayTarget {
  readonly name: string;
  readonly title: string;
  readonly reference: string;
  /** Replay calls [from, to); `addr` maps handles to this target's addresses. */
  run(calls: HandleCalls, from: number, to: number, addr: Float64Array): void;
  figures(): TargetFigures;
  /** A copy of the heap, for `restore`. */
  snapshot(): unknown;
  restore(snapshot: unknown): void;
  /** Back to a fresh heap. */
  reset(): void;
  /** Replay call `i` alone, reporting its events (the family's, or pymalloc's) to `sink`. */
  step(calls: HandleCalls, i: number, addr: Float64Array, sink: (event: { readonly type: string }) => void): void;
  /** The heap itself (an ObmallocState for pymalloc, the family's heap otherwise). */
  readonly heap: unknown;
  /** pymalloc only: calls since the last reset whose address differed from CPython's. */
  readonly mismatches?: number;
}

/** A family as a replay target (every call through the router). */
export function familyTarget<S extends RoutedHeap>(family: AllocatorFamily<S>, config: AllocatorConfig = {}): ReplayTarget {
  let heap = family.initialState(config);
  return {
    name: family.name,
    title: family.title,
    reference: family.reference,
    get heap() { return heap; },
    run(calls, from, to, addr) {
      const { op, n, handle, oldHandle } = calls;
      const f = family, s = heap;
      for (let i = from; i < to; i++) {
        const o = op[i];
        if (o === OP_F) allocatorFree(f, s, addr[oldHandle[i]], null);
        else if (o === OP_R) {
          const h = oldHandle[i];
          addr[handle[i]] = allocatorRealloc(f, s, h < 0 ? 0 : addr[h], n[i], null);
        } else addr[handle[i]] = allocatorMalloc(f, s, n[i], null);
      }
    },
    step(calls, i, addr, sink) {
      const o = calls.op[i], h = calls.oldHandle[i];
      if (o === OP_F) allocatorFree(family, heap, addr[h], sink);
      else if (o === OP_R) addr[calls.handle[i]] = allocatorRealloc(family, heap, h < 0 ? 0 : addr[h], calls.n[i], sink);
      else addr[calls.handle[i]] = allocatorMalloc(family, heap, calls.n[i], sink);
    },
    figures() {
      const free = heap.freeSpace();
      return {
        mappedBytes: heap.mappedBytes,
        peakMappedBytes: heap.peakMappedBytes,
        liveBlocks: heap.liveBlocks,
        requestedBytes: heap.requestedBytes,
        blockBytes: heap.blockBytes,
        freeBytes: free.freeBytes,
        freeBlocks: free.freeBlocks,
        largestFreeBytes: free.largestFreeBytes,
        regions: heap.mappedBytes / heap.regionBytes,
        rawBlocks: heap.raw.size,
      };
    },
    snapshot: () => family.clone(heap),
    restore(snapshot) { heap = family.clone(snapshot as S); },
    reset() { heap = family.initialState(config); },
  };
}

/**
 * pymalloc as a replay target: the exact model, given the trace's arena bases and raw
 * addresses, so it returns CPython's own addresses (`mismatches` counts any that differ).
 * Requests are tracked per handle, since pymalloc itself does not keep them.
 */
export function pymallocTarget(profile: Profile | string = 'cpython-3.11'): ReplayTarget {
  const p = resolveProfile(profile);
  let s: ObmallocState = initialState({ profile: p });
  let request = new Float64Array(1024);
  let requested = 0, live = 0, mismatches = 0;
  const threshold = p.smallRequestThresholdBytes;
  let sinkNow: ((event: ObmallocEvent) => void) | null = null;
  const need = (h: number): void => {
    if (h < request.length) return;
    const r = new Float64Array(Math.max(h + 1, request.length * 2));
    r.set(request);
    request = r;
  };
  const target = {
    name: 'pymalloc',
    title: `CPython's pymalloc (${p.name}): size classes, pools, arenas`,
    reference: 'Objects/obmalloc.c (CPython 3.11)',
    get heap() { return s; },
    get mismatches() { return mismatches; },
    step(calls: HandleCalls, i: number, addr: Float64Array, sink: (event: { readonly type: string }) => void) {
      sinkNow = sink;
      try { target.run(calls, i, i + 1, addr); } finally { sinkNow = null; }
    },
    run(calls: HandleCalls, from: number, to: number, addr: Float64Array) {
      const { op, n, handle, oldHandle, traceAddress, arenaBase } = calls;
      const sink = sinkNow;
      for (let i = from; i < to; i++) {
        const o = op[i];
        const old = oldHandle[i];
        if (old >= 0) {
          const r = request[old];
          if (r > 0) { requested -= r; live -= 1; }
        }
        if (o === OP_F) { objFree(s, addr[old], sink); continue; }
        const got = o === OP_R
          ? objRealloc(s, old < 0 ? 0 : addr[old], n[i], arenaBase[i], traceAddress[i], sink)
          : objMalloc(s, n[i], arenaBase[i], traceAddress[i], sink);
        if (got !== traceAddress[i]) mismatches += 1;
        const h = handle[i];
        addr[h] = got;
        const size = n[i];
        need(h);
        const small = size >= 1 && size <= threshold;
        request[h] = small ? size : 0;
        if (small) { requested += size; live += 1; }
      }
    },
    figures(): TargetFigures {
      const g = s.geometry;
      const sum = summarize(s);
      let blockBytes = 0, freeBlocks = 0, largestFree = 0;
      for (let k = 0; k < g.nClasses; k++) {
        blockBytes += sum.numBlocks[k] * g.blockSizeBytes[k];
        freeBlocks += sum.numFreeBlocks[k];
        if (sum.numFreeBlocks[k] > 0) largestFree = Math.max(largestFree, g.blockSizeBytes[k]);
      }
      const mapped = s.narenasCurrentlyAllocated * p.arenaSizeBytes;
      // A free pool (or room to carve one) serves any class.
      let room = false;
      for (let a = 0; a < s.maxarenas && !room; a++) {
        if (s.arenaAddress[a] !== 0 && s.arenaNfreepools[a] > 0) room = true;
      }
      return {
        mappedBytes: mapped,
        peakMappedBytes: s.narenasHighwater * p.arenaSizeBytes,
        liveBlocks: live,
        requestedBytes: requested,
        blockBytes,
        freeBytes: mapped - blockBytes,
        freeBlocks,
        largestFreeBytes: room ? threshold : Math.min(largestFree, threshold),
        regions: s.narenasCurrentlyAllocated,
        rawBlocks: s.rawAllocatedBlocks,
      };
    },
    snapshot: () => ({ s: s.clone(), request: request.slice(), requested, live }),
    restore(snap: unknown) {
      const x = snap as { s: ObmallocState; request: Float64Array; requested: number; live: number };
      s = x.s.clone();
      request = x.request.slice();
      requested = x.requested;
      live = x.live;
    },
    reset() {
      s = initialState({ profile: p });
      request = new Float64Array(1024);
      requested = 0; live = 0; mismatches = 0;
    },
  };
  return target;
}
