/**
 * `pymm bench seek LOG`: random-seek latency over a log of either kind, the memory its
 * checkpoints and index take, and the time of history and pins queries.
 */
import { indexPathFor } from '@pymm/engine';
import { existsSync, statSync } from 'node:fs';
import { intFlag, parseArgs, UsageError } from './args.js';
import { EXIT_OK } from './errors.js';
import { Progress, fmtInt, fmtSeconds } from './progress.js';
import { handle, isTty, jsonOut, openTimeline } from './timelineCommon.js';

export const benchSeekHelp = `usage: pymm bench seek LOG [--n 1000] [--warmup 20] [--queries 20] [--seed S] [--json]

Opens a log of either kind with its index (reading LOG.idx; indexing the log first if it
is missing or stale), then times N seeks to seqs drawn by a fixed-seed generator, after
a few untimed warm-up seeks: the allocator's state for an allocator log, the whole heap
(objects, collector, allocator) for a heap log. Reports p50/p99/max ms, the checkpoint
and index memory, the log and index file sizes, the open time, and the slowest of
--queries history and pins (all arenas) queries at random seqs. A progress bar shows on
a terminal.
--json: {kind, seeks, p50Ms, p99Ms, maxMs, records, checkpoints, checkpointBytes (null
for heap logs), indexBytes, logBytes, indexFileBytes, openMs, indexOrigin, queries,
historyMs, pinsMs}.`;

export function benchSeekCommand(argv: string[]): number {
  let file: string | undefined;
  try {
    const { positionals, flags } = parseArgs(argv, { n: 'string', warmup: 'string', queries: 'string', json: 'boolean', quiet: 'boolean', seed: 'string', help: 'boolean' });
    if (flags.help) { console.log(benchSeekHelp); return EXIT_OK; }
    if (positionals.length !== 1) throw new UsageError('bench seek takes one LOG');
    file = positionals[0]!;
    const n = intFlag(flags.n, 'n', 1000);
    const warmup = intFlag(flags.warmup, 'warmup', 20, 0);
    const queries = intFlag(flags.queries, 'queries', 20, 1);
    let x = intFlag(flags.seed, 'seed', 20261127, 0) >>> 0 || 1;
    const rnd = (): number => {
      x ^= x << 13; x >>>= 0; x ^= x >>> 17; x ^= x << 5; x >>>= 0;
      return x / 4294967296;
    };
    const quiet = flags.json === true || flags.quiet === true;
    const { timeline: t, openMs } = openTimeline(file, quiet);
    const seek = t.heap !== null ? (seq: number) => t.heapAt(seq) : (seq: number) => t.allocatorAt(seq);
    const progress = new Progress('bench seek', !quiet && isTty());
    const steps = warmup + n + queries;
    const times: number[] = [];
    for (let i = 0; i < warmup + n; i++) {
      const seq = Math.floor(rnd() * (t.length + 1)) - 1;
      const a = performance.now();
      seek(seq);
      if (i >= warmup) times.push(performance.now() - a);
      progress.update(i + 1, steps, 'seeks');
    }
    times.sort((p, q) => p - q);
    const pct = (p: number): number => times[Math.min(times.length - 1, Math.floor(p * times.length))]!;
    // queries at random seqs: the history of a block of a used pool, the pins of every arena
    const q: number[] = [], pq: number[] = [];
    for (let i = 0; i < queries; i++) {
      const seq = Math.floor(rnd() * t.length);
      const s = t.allocatorAt(seq);
      const pid = s.poolNext[i % s.geometry.nClasses];
      const address = pid >= s.geometry.nClasses ? s.poolBase[pid] + s.profile.poolOverheadBytes : 0;
      let a = performance.now();
      t.addressHistory(address);
      q.push(performance.now() - a);
      a = performance.now();
      t.pins(seq);
      pq.push(performance.now() - a);
      progress.update(warmup + n + i + 1, steps, 'history and pins queries');
    }
    progress.done();
    const r2 = (v: number): number => Number(v.toFixed(3));
    const idx = indexPathFor(file);
    const result = {
      kind: t.kind, seeks: n, p50Ms: r2(pct(0.5)), p99Ms: r2(pct(0.99)), maxMs: r2(times[times.length - 1]!), records: t.length,
      checkpoints: t.allocator !== null ? t.allocator.checkpointCount : t.heap!.index.meta.checkpoints.length,
      checkpointBytes: t.allocator !== null ? t.allocator.checkpointBytes : null,
      indexBytes: t.allocator !== null ? t.allocator.indexBytes : t.heap!.index.byteLength,
      logBytes: statSync(file).size, indexFileBytes: existsSync(idx) ? statSync(idx).size : null,
      openMs: Math.round(openMs), indexOrigin: t.indexOrigin, queries, historyMs: r2(Math.max(...q)), pinsMs: r2(Math.max(...pq)),
    };
    if (flags.json) jsonOut(result);
    else {
      console.log(`${file}: ${t.kind === 'heap' ? 'a heap log' : 'an allocator log'}, ${fmtInt(t.length)} records; ${t.indexOrigin === 'read' ? 'index read' : 'log indexed'} in ${fmtSeconds(openMs)}`);
      console.log(`  ${n} random seeks${t.kind === 'heap' ? ' (the whole heap)' : ''}: p50 ${result.p50Ms} ms, p99 ${result.p99Ms} ms, max ${result.maxMs} ms`);
      const cp = result.checkpointBytes !== null ? `${result.checkpoints} checkpoints ${fmtInt(result.checkpointBytes)} bytes (${(100 * result.checkpointBytes / result.logBytes).toFixed(0)}% of the log's ${fmtInt(result.logBytes)}); ` : `${result.checkpoints} checkpoints; log ${fmtInt(result.logBytes)} bytes; `;
      console.log(`  ${cp}index in memory ${fmtInt(result.indexBytes)} bytes${result.indexFileBytes !== null ? `, on disk ${fmtInt(result.indexFileBytes)} bytes` : ''}`);
      console.log(`  slowest of ${queries}: history ${result.historyMs} ms, pins (all arenas, seek included) ${result.pinsMs} ms`);
    }
    return EXIT_OK;
  } catch (e) {
    return handle('bench', file, e);
  }
}
