/**
 * Comparing allocators on one trace: every target replays the same handle calls from a
 * fresh heap, once timed (no sampling in the loop) and once sampled (figures every
 * `calls / samples` calls, for the charts). The measures:
 *
 *   measure                   definition
 *   peak / final mapped       bytes held from the system (regions, arenas)
 *   peak live requested       the most bytes the trace's small-object requests held at once
 *                             (the same for every allocator: it is the program's)
 *   overhead at peak          peak mapped / peak live requested - 1 (Wilson et al.'s
 *                             "fragmentation": memory used beyond what was asked for, at the
 *                             worst moments of each)
 *   internal fragmentation    (block bytes - requested bytes) / block bytes, at the end:
 *                             headers, rounding to a size class or a power of two
 *   external fragmentation    free bytes / mapped bytes, at the end: mapped memory in no
 *                             live block (free blocks, empty pools, uncarved space)
 *   ns per call               the timed replay's time / calls (needs a clock: `now`)
 *
 * No clock inside: the caller passes `now` (the CLI passes performance.now), so the
 * package stays deterministic; without one, `nsPerCall` is null.
 */
import type { HandleCalls } from '@pymm/obmalloc/trace';
import type { ReplayTarget, TargetFigures } from './targets.js';

export interface CompareOptions {
  /** Sample points for the series (default 400). */
  readonly samples?: number;
  /** A clock in milliseconds, for ns per call (none: no timing). */
  readonly now?: () => number;
  /** Timed replays per target; the fastest counts (default 1). */
  readonly runs?: number;
  /** Called as each target starts and finishes a pass. */
  readonly onProgress?: (p: { target: string; pass: 'timed' | 'sampled'; index: number; of: number }) => void;
}

export interface TargetResult {
  readonly name: string;
  readonly title: string;
  readonly reference: string;
  readonly nsPerCall: number | null;
  /** pymalloc: calls whose address differed from the trace's (0: CPython's own addresses); null for the others. */
  readonly addressMismatches: number | null;
  readonly peakMappedBytes: number;
  readonly final: TargetFigures;
  readonly overheadAtPeak: number;
  readonly internalFragmentation: number;
  readonly externalFragmentation: number;
  /** mapped and block bytes at each sample point of `ComparisonResult.sampleCalls`. */
  readonly mappedSeries: number[];
  readonly blockSeries: number[];
}

export interface ComparisonResult {
  readonly calls: number;
  readonly peakRequestedBytes: number;
  readonly finalRequestedBytes: number;
  readonly sampleCalls: number[];
  readonly requestedSeries: number[];
  readonly targets: TargetResult[];
}

/** Live small-object requested bytes after each sample call (the program's, not an allocator's). */
function requestedProfile(calls: HandleCalls, sampleCalls: number[], threshold: number): { series: number[]; peak: number; final: number } {
  const req = new Float64Array(calls.handles);
  let live = 0, peak = 0, next = 0;
  const series: number[] = [];
  for (let i = 0; i < calls.count; i++) {
    const old = calls.oldHandle[i];
    if (old >= 0) live -= req[old];
    const h = calls.handle[i];
    if (h >= 0) {
      const n = calls.n[i];
      const r = n >= 1 && n <= threshold ? n : 0;
      req[h] = r;
      live += r;
      if (live > peak) peak = live;
    }
    while (next < sampleCalls.length && sampleCalls[next] === i + 1) { series.push(live); next++; }
  }
  return { series, peak, final: live };
}

export function samplePoints(count: number, samples: number): number[] {
  const out: number[] = [];
  if (count === 0) return out;
  const k = Math.max(1, Math.min(samples, count));
  for (let j = 1; j <= k; j++) {
    const c = Math.round((j * count) / k);
    if (out.length === 0 || c > out[out.length - 1]!) out.push(c);
  }
  return out;
}

export function compareAllocators(calls: HandleCalls, targets: readonly ReplayTarget[], options: CompareOptions = {}, smallRequestThresholdBytes = 512): ComparisonResult {
  const sampleCalls = samplePoints(calls.count, options.samples ?? 400);
  const req = requestedProfile(calls, sampleCalls, smallRequestThresholdBytes);
  const results: TargetResult[] = [];
  const runs = Math.max(1, options.runs ?? 1);
  targets.forEach((t, index) => {
    let best: number | null = null;
    if (options.now) {
      for (let r = 0; r < runs; r++) {
        options.onProgress?.({ target: t.name, pass: 'timed', index, of: targets.length });
        t.reset();
        const addr = new Float64Array(calls.handles);
        const t0 = options.now();
        t.run(calls, 0, calls.count, addr);
        const ms = options.now() - t0;
        const ns = calls.count > 0 ? (ms * 1e6) / calls.count : 0;
        if (best === null || ns < best) best = ns;
      }
    }
    options.onProgress?.({ target: t.name, pass: 'sampled', index, of: targets.length });
    t.reset();
    const addr = new Float64Array(calls.handles);
    const mappedSeries: number[] = [], blockSeries: number[] = [];
    let from = 0;
    for (const c of sampleCalls) {
      t.run(calls, from, c, addr);
      from = c;
      const f = t.figures();
      mappedSeries.push(f.mappedBytes);
      blockSeries.push(f.blockBytes);
    }
    const final = t.figures();
    results.push({
      name: t.name,
      title: t.title,
      reference: t.reference,
      nsPerCall: best,
      addressMismatches: t.mismatches ?? null,
      peakMappedBytes: final.peakMappedBytes,
      final,
      overheadAtPeak: req.peak > 0 ? final.peakMappedBytes / req.peak - 1 : 0,
      internalFragmentation: final.blockBytes > 0 ? (final.blockBytes - final.requestedBytes) / final.blockBytes : 0,
      externalFragmentation: final.mappedBytes > 0 ? final.freeBytes / final.mappedBytes : 0,
      mappedSeries,
      blockSeries,
    });
  });
  return {
    calls: calls.count,
    peakRequestedBytes: req.peak,
    finalRequestedBytes: req.final,
    sampleCalls,
    requestedSeries: req.series,
    targets: results,
  };
}
