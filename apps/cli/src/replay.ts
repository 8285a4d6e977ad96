import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Replayer, ReplayDivergence, compareStats, parseTraceFile, type Divergence } from '@pymm/obmalloc/trace';
import { parseArgs, UsageError } from './args.js';
import { EXIT_BAD_INPUT, EXIT_DIVERGED, EXIT_OK, InputError, reportError } from './errors.js';
import { Progress, fmtInt, fmtSeconds } from './progress.js';

export const replayHelp = `usage: pymm replay TRACE [--expect-stats DIR] [--profile NAME] [--json] [--quiet]

Replays a pymalloc trace (plain or .gz; format: docs/formats/pymalloc-trace.md) through the
model and checks every returned address and every arena mapped or given back against it.

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
    const { positionals, flags } = parseArgs(argv, { 'expect-stats': 'string', profile: 'string', json: 'boolean', quiet: 'boolean', help: 'boolean' });
    if (flags.help) {
      console.log(replayHelp);
      return EXIT_OK;
    }
    if (positionals.length !== 1) throw new UsageError(positionals.length === 0 ? 'missing TRACE' : `one TRACE at a time, got ${positionals.length}`);
    file = positionals[0];
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

export { EXIT_BAD_INPUT };
