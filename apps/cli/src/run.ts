/**
 * `pymm run FILE.py [--log OUT.pymmlog]`: runs a Python program with pylite on the
 * simulated heap; prints what python3 prints (stdout, and tracebacks on stderr).
 * The program runs in a worker thread with a large stack (programWorker.ts): room for
 * CPython's recursion limit, and Ctrl-C reaches it as KeyboardInterrupt.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { decodeSource, SourceEncodingError, SourceEncodingUnsupported } from '@pymm/pylite/source';
import { parseArgs, UsageError } from './args.js';
import { checkOutput, refuseOutputOntoInput } from './files.js';
import { EXIT_BAD_INPUT, EXIT_OK, isWriteError, reportError } from './errors.js';
import { startProgram, WorkerFailure } from './programWorker.js';
import { Progress } from './progress.js';

export const runHelp = `usage: pymm run FILE.py [--log OUT.pymmlog [--force] [--no-index]] [--max-memory SIZE]
                     [--profile cpython-3.11]

Runs FILE.py with pylite (a Python subset) on the simulated CPython 3.11 heap, printing
its output as python3 does. --log writes every statement, frame, local variable and
every object, collector and pymalloc event as a heap log, and its index (OUT.pymmlog.idx:
what 'pymm heap ...' and the other questions read, so that they open it at once). Both
are written by two more threads while the program runs; at the end, 'indexing' shows
how far the index has come.
--no-index skips the index: the first question about the log builds it.
--max-memory SIZE (bytes, or with K, M, G: KiB, MiB, GiB; default 2G): the simulated
machine's memory. A request for more than it leaves ([0] * 10**12, 'a' * 10**13, or the
next append to a list that has grown to it) raises MemoryError in the program, as a
malloc that fails does in python3, before the host allocates anything.
Ctrl-C raises KeyboardInterrupt in the program at its next statement, as in python3 (the
traceback, exit status 130, and a complete log of what ran); a second Ctrl-C stops at once
(no log is written then: an existing file at OUT.pymmlog stays as it was, as it does when
the program cannot run). The log is written under a temporary name beside OUT.pymmlog and
renamed onto it once complete; OUT.pymmlog may not be FILE.py itself, must be a regular
file, and is replaced, when it exists, only with --force.
Exit status: the program's (0, or 1 after an uncaught exception, 130 after Ctrl-C), 2 for
a program outside the subset or bad usage.`;

/** --max-memory: bytes, or a number with K, M or G (KiB, MiB, GiB), from 1 KiB to 1 TiB. */
export function memorySize(value: string | boolean): number {
  const m = typeof value === 'string' ? /^(\d+)([KMG]?)$/i.exec(value) : null;
  const bytes = m ? Number(m[1]) * 1024 ** ' KMG'.indexOf((m[2] || ' ').toUpperCase()) : NaN;
  if (!Number.isSafeInteger(bytes) || bytes < 1024 || bytes > 2 ** 40) {
    throw new UsageError(`--max-memory takes a size from 1K to 1024G (bytes, or a number with K, M or G), not ${JSON.stringify(value)}`);
  }
  return bytes;
}

export async function runCommand(argv: string[]): Promise<number> {
  let file: string | undefined;
  let logFile: string | undefined;
  try {
    const { positionals, flags } = parseArgs(argv, { log: 'string', force: 'boolean', profile: 'string', 'max-memory': 'string', 'no-index': 'boolean', help: 'boolean' });
    if (flags.help) { console.log(runHelp); return EXIT_OK; }
    if (positionals.length !== 1) throw new UsageError('run takes one FILE.py');
    file = positionals[0]!;
    // the file's bytes decoded as python3 decodes a source (a BOM, a coding cookie, else
    // UTF-8); a file python3 would not read is its SyntaxError, exit 1
    let source: string;
    try {
      source = decodeSource(readFileSync(file), resolve(file));
    } catch (e) {
      if (e instanceof SourceEncodingError) { process.stderr.write(`SyntaxError: ${e.message}\n`); return 1; }
      if (e instanceof SourceEncodingUnsupported) { process.stderr.write(`pylite: ${resolve(file)}:${e.line}: ${e.message}\n`); return EXIT_BAD_INPUT; }
      throw e;
    }
    const log = typeof flags.log === 'string' ? flags.log : undefined;
    logFile = log;
    const maxMemoryBytes = flags['max-memory'] === undefined ? undefined : memorySize(flags['max-memory']);
    if (flags.force === true && log === undefined) throw new UsageError('--force only goes with --log');
    if (log !== undefined) {
      refuseOutputOntoInput(log, file, '--log', 'program');
      checkOutput(log, '--log', flags.force === true);
    }
    // the index is built on other threads while the program runs; what is left at the end
    // shows as 'indexing' progress
    const progress = new Progress('indexing', process.stderr.isTTY === true && !process.env.CI);
    const run = startProgram({
      source,
      // python3 shows the main script by its absolute path (since 3.9)
      filename: resolve(file),
      ...(log !== undefined ? { logPath: log, index: flags['no-index'] !== true } : {}),
      ...(typeof flags.profile === 'string' ? { profile: flags.profile } : {}),
      ...(maxMemoryBytes !== undefined ? { maxMemoryBytes } : {}),
      onOutput: (stream, text) => { (stream === 'stdout' ? process.stdout : process.stderr).write(text); },
      onIndexProgress: (done, total) => progress.update(done, total),
    });
    let interrupts = 0;
    const onInterrupt = (): void => {
      if (++interrupts === 1) { run.interrupt(); return; }
      process.stderr.write(`\npymm run: stopped at once (a second Ctrl-C)${log !== undefined ? `; no log was written (${log} is as it was)` : ''}\n`);
      void run.terminate();
    };
    process.on('SIGINT', onInterrupt);
    try {
      const r = await run.done;
      progress.done();
      return r.exitCode;
    } finally {
      process.off('SIGINT', onInterrupt);
    }
  } catch (e) {
    // the worker could not run the program (an unknown --profile, a log it cannot write)
    if (e instanceof WorkerFailure && e.code === undefined) {
      process.stderr.write(`pymm run: ${e.message.split('\n')[0]}\n`);
      return EXIT_BAD_INPUT;
    }
    // a log that could not be written is named, not the program
    return reportError('run', isWriteError(e) && logFile !== undefined ? logFile : file, e);
  }
}

