import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Replayer, ReplayDivergence, compareStats, parseTraceFile, type Divergence } from '@pymm/obmalloc/trace';
import { parseArgs, UsageError } from './args.js';
import { EXIT_BAD_INPUT, EXIT_DIVERGED, EXIT_OK, InputError, reportError } from './errors.js';
import { Progress, fmtInt, fmtSeconds } from './progress.js';
import { formatBytes, targetNamed } from '@pymm/allocators';
import { ReplayTimeline } from '@pymm/engine';
import { describeCall, helpWithNames, loadHandleCalls, parseAllocators, parseCall } from './compare.js';

export const replayHelp = `usage: pymm replay TRACE [--expect-stats DIR] [--profile NAME] [--json] [--quiet]
       pymm replay TRACE --allocator NAME [--at CALL] [--json] [--quiet]

Replays a pymalloc trace (plain or .gz; format: docs/formats/pymalloc-trace.md) through the
model and checks every returned address and every arena mapped or given back against it.

With --allocator, replays it through another allocator instead (${'{names}'}):
its addresses differ from CPython's, so each block of the trace is followed by its handle.
Prints the heap's figures at the end, or after the first CALL calls with --at (0 .. calls),
with that call and the events it caused (time travel: any CALL, in any order).

  --expect-stats DIR   at each 'S LABEL', compare the model's sys._debugmallocstats()
                       text with DIR/LABEL.txt, byte for byte
  --profile NAME       allocator profile (default cpython-3.11)
  --json               print the summary (or the divergence) as one JSON object
  --quiet              no progress bar

Exit status: 0 everything matched, 1 the model diverged (the first divergence is
printed: line, event, expected and actual, a unified diff for stats), 2 bad input.`;

export async function replayCommand(argv: string[]): Promise<number> {
  let file: string | undefined;
  try {
    const { positionals, flags } = parseArgs(argv, {
      'expect-stats': 'string', profile: 'string', allocator: 'string', at: 'string', json: 'boolean', quiet: 'boolean', help: 'boolean',
    });
    if (flags.help) {
      console.log(helpWithNames(replayHelp));
      return EXIT_OK;
    }
    if (positionals.length !== 1) throw new UsageError(positionals.length === 0 ? 'missing TRACE' : `one TRACE at a time, got ${positionals.length}`);
    file = positionals[0];
    if (flags.allocator !== undefined || flags.at !== undefined) {
      if (flags['expect-stats'] !== undefined || flags.profile !== undefined) throw new UsageError('--expect-stats and --profile check pymalloc exactly; they do not go with --allocator or --at');
      return await allocatorReplay(file, parseAllocators(flags.allocator ?? 'pymalloc', [])[0]!, flags.at, flags.json === true, flags.quiet === true);
    }
    const statsDir = flags['expect-stats'] as string | undefined;
    if (statsDir !== undefined && !existsSync(statsDir)) throw new InputError(`--expect-stats ${statsDir}: no such directory`);
    const json = flags.json === true;
    const started = performance.now();
    let matched = 0;
    const replayer = new Replayer({
      profile: flags.profile as string | undefined,
      onCheckpoint: ({ label, line, state }): Divergence | void => {
        if (statsDir === undefined) return;
        const path = join(statsDir, `${label}.txt`);
        if (!existsSync(path)) throw new InputError(`${file}:${line}: checkpoint '${label}' has no expected stats file ${path}`);
        const d = compareStats(state, readFileSync(path, 'latin1'), label, line);
        if (d) return d;
        matched += 1;
      },
    });
    const progress = new Progress('replay', flags.quiet !== true && !json && process.stderr.isTTY === true && !process.env.CI);
    try {
      await parseTraceFile(file, {
        onBatch: (b) => replayer.consume(b),
        onProgress: (p) => progress.update(p.bytesRead, p.totalBytes, `${fmtInt(replayer.calls)} calls`),
      });
      replayer.finish();
    } finally {
      progress.done();
    }
    const elapsedMs = performance.now() - started;
    const summary = {
      ok: true,
      trace: file,
      calls: replayer.calls,
      arenasAllocated: replayer.arenasAllocated,
      arenasFreed: replayer.arenasFreed,
      checkpoints: replayer.checkpoints,
      checkpointsMatched: statsDir === undefined ? null : matched,
      elapsedMs: Math.round(elapsedMs),
    };
    if (json) console.log(JSON.stringify(summary));
    else {
      const stats = statsDir === undefined ? `${replayer.checkpoints} checkpoints (stats not compared)` : `${matched}/${replayer.checkpoints} stats checkpoints matched`;
      console.log(`ok: ${fmtInt(replayer.calls)} calls replayed, every address matched; ${replayer.arenasAllocated} arenas allocated, ${replayer.arenasFreed} given back, all matched; ${stats}; ${fmtSeconds(elapsedMs)}`);
    }
    return EXIT_OK;
  } catch (e) {
    if (e instanceof ReplayDivergence) {
      const d = e.divergence;
      if (argv.includes('--json')) console.log(JSON.stringify({ ok: false, trace: file, divergence: d }));
      else {
        process.stderr.write(`pymm replay: ${file}:${d.line}: the model diverged from CPython (${d.kind}) at '${d.event}'\n`);
        process.stderr.write(`  expected (CPython): ${d.expected}\n  actual   (pymm):    ${d.actual}\n`);
        if (d.diff) process.stderr.write(d.diff);
      }
      return EXIT_DIVERGED;
    }
    return reportError('replay', file, e);
  }
}

/** `replay --allocator NAME [--at CALL]`: one allocator's replay, at the end or at any call. */
async function allocatorReplay(file: string, name: string, atFlag: string | boolean | undefined, json: boolean, quiet: boolean): Promise<number> {
  if (typeof atFlag === 'string' && (!/^\d+$/.test(atFlag))) throw new UsageError(`--at takes a call number (0 or more), got '${atFlag}'`);
  const calls = await loadHandleCalls(file, quiet, json);
  const at = parseCall(atFlag, calls) ?? calls.count;
  const target = targetNamed(name);
  const timeline = new ReplayTimeline(target, calls);
  const started = performance.now();
  let events: { readonly type: string }[] = [];
  if (at > 0) {
    timeline.seek(at - 1);
    events = timeline.stepForward();
  }
  const figures = timeline.figures();
  const elapsedMs = performance.now() - started;
  const call = at > 0 ? describeCall(calls, at - 1) : null;
  const h = at > 0 ? calls.handle[at - 1]! : -1;
  const address = h >= 0 ? timeline.addressOf(h) : null;
  if (json) {
    console.log(JSON.stringify({ ok: true, trace: file, allocator: name, calls: calls.count, at, call, address, events, figures, elapsedMs: Math.round(elapsedMs) }));
    return EXIT_OK;
  }
  console.log(`${name} (${target.title}), ${file}: after ${fmtInt(at)} of ${fmtInt(calls.count)} calls`);
  if (call !== null) {
    console.log(`  call ${fmtInt(at)}, ${call}${address !== null ? ` -> 0x${address.toString(16)}` : ''}`);
    for (const e of events) console.log(`    ${JSON.stringify(e)}`);
  }
  console.log(`  mapped ${formatBytes(figures.mappedBytes)} in ${fmtInt(figures.regions)} regions (peak ${formatBytes(figures.peakMappedBytes)}); `
    + `${fmtInt(figures.liveBlocks)} live blocks holding ${formatBytes(figures.requestedBytes)} requested in ${formatBytes(figures.blockBytes)}; `
    + `${formatBytes(figures.freeBytes)} free in ${fmtInt(figures.freeBlocks)} free blocks; ${fmtInt(figures.rawBlocks)} raw blocks; ${fmtSeconds(elapsedMs)}`);
  return EXIT_OK;
}

export { EXIT_BAD_INPUT };
