import { initialState } from '@pymm/obmalloc';
import { loadTrace, prepareCalls, replayCalls, OP } from '@pymm/obmalloc/trace';
import { intFlag, parseArgs, UsageError } from './args.js';
import { EXIT_DIVERGED, EXIT_OK, reportError } from './errors.js';
import { Progress, fmtInt } from './progress.js';
import { benchGcCommand } from './gcbench.js';
import { benchSeekCommand } from './timeline.js';

export const benchHelp = `usage: pymm bench replay TRACE [--runs N] [--warmup N] [--json]

Parses the whole trace into memory first, then times the replay loop alone (no parsing,
no events, no I/O): every M, C, R and F line is one allocator call, replayed into a fresh
allocator per run, each returned address checked against the trace. Prints the median
ns per call over the timed runs, as tools/bench/native does for CPython's own pymalloc.

  --runs N     timed runs (default 7)
  --warmup N   untimed runs first, so the JIT has compiled the loop (default 1)
  --json       one JSON object: nsPerEvent (median), minNsPerEvent, maxNsPerEvent,
               events, runs, warmupRuns, mismatches, parseMs`;

export async function benchCommand(argv: string[]): Promise<number> {
  const [what, ...rest] = argv;
  if (what === undefined || what === '--help' || what === '-h' || what === 'help') {
    console.log(benchHelp);
    return what === undefined ? 2 : EXIT_OK;
  }
  if (what === 'seek') return benchSeekCommand(rest);
  if (what === 'gc') return benchGcCommand(rest);
  if (what !== 'replay') return reportError('bench', undefined, new UsageError(`unknown benchmark '${what}' (known: replay, seek, gc)`));
  let file: string | undefined;
  try {
    const { positionals, flags } = parseArgs(rest, { runs: 'string', warmup: 'string', json: 'boolean', profile: 'string', help: 'boolean' });
    if (flags.help) {
      console.log(benchHelp);
      return EXIT_OK;
    }
    if (positionals.length !== 1) throw new UsageError('missing TRACE');
    file = positionals[0];
    const runs = intFlag(flags.runs, 'runs', 7);
    const warmup = intFlag(flags.warmup, 'warmup', 1, 0);
    const json = flags.json === true;
    const progress = new Progress('parse', !json && process.stderr.isTTY === true && !process.env.CI);
    const t0 = performance.now();
    const trace = await loadTrace(file, (p) => progress.update(p.bytesRead, p.totalBytes));
    progress.done();
    const state0 = initialState({ profile: flags.profile as string | undefined });
    const calls = prepareCalls(trace, state0.profile.smallRequestThresholdBytes);
    const parseMs = performance.now() - t0;
    let events = 0;
    for (let k = 0; k < trace.size; k++) {
      const o = trace.op[k];
      if (o === OP.M || o === OP.C || o === OP.R || o === OP.F) events++;
    }
    const samples: number[] = [];
    let mismatches = 0;
    for (let r = 0; r < warmup + runs; r++) {
      const state = initialState({ profile: flags.profile as string | undefined });
      const start = process.hrtime.bigint();
      const m = replayCalls(state, calls);
      const ns = Number(process.hrtime.bigint() - start);
      if (r >= warmup) {
        samples.push(ns / events);
        mismatches = Math.max(mismatches, m);
      }
      if (!json && process.stderr.isTTY) process.stderr.write(`\rrun ${r + 1}/${warmup + runs}${r < warmup ? ' (warm-up)' : ''}: ${(ns / events).toFixed(1)} ns/call\x1b[K`);
    }
    if (!json && process.stderr.isTTY) process.stderr.write('\r\x1b[K');
    const sorted = [...samples].sort((x, y) => x - y);
    const median = sorted.length % 2 ? sorted[(sorted.length - 1) / 2] : (sorted[sorted.length / 2 - 1] + sorted[sorted.length / 2]) / 2;
    const result = {
      nsPerEvent: Number(median.toFixed(2)),
      minNsPerEvent: Number(sorted[0].toFixed(2)),
      maxNsPerEvent: Number(sorted[sorted.length - 1].toFixed(2)),
      events,
      runs,
      warmupRuns: warmup,
      mismatches,
      parseMs: Math.round(parseMs),
      implementation: `pymm @pymm/obmalloc (${state0.profile.name}), node ${process.version}`,
    };
    if (json) console.log(JSON.stringify(result));
    else {
      console.log(`${file}: ${fmtInt(events)} allocator calls, ${runs} timed runs (+${warmup} warm-up)`);
      console.log(`  median ${result.nsPerEvent} ns/call (min ${result.minNsPerEvent}, max ${result.maxNsPerEvent}); parse ${fmtInt(parseMs)} ms; address mismatches ${mismatches}`);
    }
    return mismatches > 0 ? EXIT_DIVERGED : EXIT_OK;
  } catch (e) {
    return reportError('bench', file, e);
  }
}
