/**
 * `pymm serve [FILE]`: the web time-travel debugger on localhost. Opens FILE (a program,
 * a heap or allocator log, or a CPython trace), prints the URL, and serves until killed;
 * logs it builds live in a temporary directory removed on exit. Programs run in worker
 * threads, so SIGINT / SIGTERM / SIGHUP stop it promptly at any time (the programs still
 * running are ended, the directory removed).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { intFlag, parseArgs, UsageError } from './args.js';
import { EXIT_BAD_INPUT, EXIT_OK, reportError } from './errors.js';
import { DEFAULT_LIMITS, Programs } from './serve/programs.js';
import { startServer, type RunningServer } from './serve/server.js';
import { openPath, ServeError } from './serve/session.js';

export const serveHelp = `usage: pymm serve [FILE.py | LOG.pymmlog | TRACE.gz] [--port N] [--host H]
                  [--time-limit S] [--record-limit N]

Serves the web time-travel debugger (apps/web) and prints its URL:
  pymm serve: http://127.0.0.1:PORT/
then serves until killed (Ctrl-C). It never opens a browser itself.

  FILE.py       runs the program with pylite, recording a heap log (objects, the
                collector, pymalloc), and opens that log; the page's editor can change
                and re-run it. A program with a syntax error (or outside the pylite
                subset) opens in the editor with its error, to be fixed there
  LOG.pymmlog   a heap log (pymm run --log) or an allocator log (pymm log build),
                opened with its index (LOG.idx; built, with progress on stderr, and
                written beside the log when it is missing or belongs to another log)
  TRACE.gz      a CPython pymalloc trace: first built into an allocator log (progress on
                stderr); the page shows the allocator views over its whole history
  (no FILE)     the page starts with an example program in its editor

  --port N          the port to listen on (default: a free one)
  --host H          the address to listen on (default 127.0.0.1: this machine only)
  --time-limit S    a program run here (FILE.py, the page's Run) gets KeyboardInterrupt
                    at its next statement after S seconds (default ${DEFAULT_LIMITS.timeLimitMs / 1000}; 0: no limit)
  --record-limit N  ... or once its log holds N records (default ${DEFAULT_LIMITS.maxRecords.toLocaleString('en-US')}; 0: none)

Programs run in a worker thread: the page answers while one runs, and its Stop button
interrupts it as Ctrl-C does. Logs built here (traces, programs, runs from the page, logs
dropped onto the page) live in a temporary directory that is removed on exit. The page
and its JSON API: apps/web/README.md. Exit status: 2 for bad input (a missing file, a
file that is not a program, log or trace, a port in use).`;

export async function serveCommand(argv: string[]): Promise<number> {
  let file: string | undefined;
  let tmpDir: string | null = null;
  let programs: Programs | null = null;
  let srv: RunningServer | null = null;
  // a signal stops the server at any time, also while the command line's program runs
  let signalled!: () => void;
  const stopped = new Promise<'signal'>((done) => { signalled = () => done('signal'); });
  const onSignal = (): void => signalled();
  for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.once(sig, onSignal);
  try {
    const { positionals, flags } = parseArgs(argv, { port: 'string', host: 'string', help: 'boolean', 'no-open': 'boolean', 'time-limit': 'string', 'record-limit': 'string' });
    if (flags.help) { console.log(serveHelp); return EXIT_OK; }
    if (positionals.length > 1) throw new UsageError('serve takes at most one FILE');
    file = positionals[0];
    const port = intFlag(flags.port, 'port', 0, 0);
    if (port > 65535) throw new UsageError(`--port takes a port number 0..65535, got ${port}`);
    const host = typeof flags.host === 'string' ? flags.host : '127.0.0.1';
    const timeLimitS = intFlag(flags['time-limit'], 'time-limit', DEFAULT_LIMITS.timeLimitMs / 1000, 0);
    const maxRecords = intFlag(flags['record-limit'], 'record-limit', DEFAULT_LIMITS.maxRecords, 0);
    const dir = mkdtempSync(join(tmpdir(), 'pymm-serve-'));
    tmpDir = dir;
    programs = new Programs({ timeLimitMs: timeLimitS * 1000, maxRecords });
    const opening = file === undefined ? Promise.resolve(null) : openPath(file, 'main', { tmpDir: dir, programs, onProgress: (t) => process.stderr.write(`pymm serve: ${t}\n`) });
    opening.catch(() => undefined); // abandoned when a signal comes first
    const initial = await Promise.race([opening, stopped]);
    if (initial === 'signal') return EXIT_OK;
    srv = await startServer({ port, host, tmpDir: dir, initial, programs, log: (l) => process.stderr.write(l + '\n') });
    process.stdout.write(`pymm serve: ${srv.url}\n`);
    await stopped;
    return EXIT_OK;
  } catch (e) {
    if (e instanceof ServeError) {
      process.stderr.write(`pymm serve: ${e.message}\n`);
      return EXIT_BAD_INPUT;
    }
    return reportError('serve', file, e);
  } finally {
    for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.off(sig, onSignal);
    await programs?.terminateAll();
    await srv?.close();
    if (tmpDir !== null) rmSync(tmpDir, { recursive: true, force: true });
  }
}
