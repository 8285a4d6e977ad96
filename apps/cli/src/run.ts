/**
 * `pymm run FILE.py [--log OUT.pymmlog]`: runs a Python program with pylite on the
 * simulated heap; prints what python3 prints (stdout, and tracebacks on stderr).
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { HeapTimeline, indexPathFor } from '@pymm/engine';
import { runSource } from '@pymm/pylite';
import { parseArgs, UsageError } from './args.js';
import { EXIT_OK, reportError } from './errors.js';
import { Progress } from './progress.js';

export const runHelp = `usage: pymm run FILE.py [--log OUT.pymmlog [--no-index]] [--profile cpython-3.11]

Runs FILE.py with pylite (a Python subset) on the simulated CPython 3.11 heap, printing
its output as python3 does. --log writes every statement, frame, local variable and
every object, collector and pymalloc event as a heap log, then its index (OUT.pymmlog.idx:
what 'pymm heap ...' and the other questions read, so that they open it at once).
--no-index skips the index: the first question about the log builds it.
Exit status: the program's (0, or 1 after an uncaught exception), 2 for a program
outside the subset or bad usage.`;

export function runCommand(argv: string[]): number {
  let file: string | undefined;
  try {
    const { positionals, flags } = parseArgs(argv, { log: 'string', profile: 'string', 'no-index': 'boolean', help: 'boolean' });
    if (flags.help) { console.log(runHelp); return EXIT_OK; }
    if (positionals.length !== 1) throw new UsageError('run takes one FILE.py');
    file = positionals[0]!;
    const source = readFileSync(file, 'utf8');
    const r = runSource(source, {
      // python3 shows the main script by its absolute path (since 3.9)
      filename: resolve(file),
      ...(typeof flags.log === 'string' ? { logPath: flags.log } : {}),
      ...(typeof flags.profile === 'string' ? { profile: flags.profile } : {}),
      stdout: (t) => process.stdout.write(t),
      stderr: (t) => process.stderr.write(t),
    });
    if (r.log !== undefined && typeof flags.log === 'string' && flags['no-index'] !== true) {
      // one folding pass writes the index beside the log
      const progress = new Progress('indexing', process.stderr.isTTY === true && !process.env.CI);
      HeapTimeline.open(flags.log, { onProgress: (d, n) => progress.update(d, n), indexPath: indexPathFor(flags.log) });
      progress.done();
    }
    return r.exitCode;
  } catch (e) {
    return reportError('run', file, e);
  }
}
