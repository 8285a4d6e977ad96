/**
 * `pymm serve [FILE]`: the web time-travel debugger on localhost. Opens FILE (a program,
 * a heap or allocator log, or a CPython trace), prints the URL, and serves until killed;
 * logs it builds live in a temporary directory removed on exit.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { intFlag, parseArgs, UsageError } from './args.js';
import { EXIT_BAD_INPUT, EXIT_OK, reportError } from './errors.js';
import { startServer } from './serve/server.js';
import { openPath, ServeError } from './serve/session.js';

export const serveHelp = `usage: pymm serve [FILE.py | LOG.pymmlog | TRACE.gz] [--port N] [--host H]

Serves the web time-travel debugger (apps/web) and prints its URL:
  pymm serve: http://127.0.0.1:PORT/
then serves until killed (Ctrl-C). It never opens a browser itself.

  FILE.py       runs the program with pylite, recording a heap log (objects, the
                collector, pymalloc), and opens that log; the page's editor can change
                and re-run it
  LOG.pymmlog   a heap log (pymm run --log) or an allocator log (pymm log build),
                opened with its index (LOG.idx; built, with progress on stderr, and
                written beside the log when it is missing or belongs to another log)
  TRACE.gz      a CPython pymalloc trace: first built into an allocator log (progress on
                stderr); the page shows the allocator views over its whole history
  (no FILE)     the page starts with an example program in its editor

  --port N      the port to listen on (default: a free one)
  --host H      the address to listen on (default 127.0.0.1: this machine only)

Logs built here (traces, programs, runs from the page, logs dropped onto the page) live
in a temporary directory that is removed on exit. The page and its JSON API:
apps/web/README.md. Exit status: 2 for bad input (a missing file, a file that is not a
program, log or trace, a port in use).`;

export async function serveCommand(argv: string[]): Promise<number> {
  let file: string | undefined;
  let tmpDir: string | null = null;
  try {
    const { positionals, flags } = parseArgs(argv, { port: 'string', host: 'string', help: 'boolean', 'no-open': 'boolean' });
    if (flags.help) { console.log(serveHelp); return EXIT_OK; }
    if (positionals.length > 1) throw new UsageError('serve takes at most one FILE');
    file = positionals[0];
    const port = intFlag(flags.port, 'port', 0, 0);
    if (port > 65535) throw new UsageError(`--port takes a port number 0..65535, got ${port}`);
    const host = typeof flags.host === 'string' ? flags.host : '127.0.0.1';
    const dir = mkdtempSync(join(tmpdir(), 'pymm-serve-'));
    tmpDir = dir;
    const cleanup = (): void => { rmSync(dir, { recursive: true, force: true }); };
    const initial = file === undefined ? null : await openPath(file, 'main', { tmpDir: dir, onProgress: (t) => process.stderr.write(`pymm serve: ${t}\n`) });
    const srv = await startServer({ port, host, tmpDir: dir, initial, log: (l) => process.stderr.write(l + '\n') });
    process.stdout.write(`pymm serve: ${srv.url}\n`);
    await new Promise<void>((done) => {
      const stop = (): void => { void srv.close().then(done); };
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
      process.once('SIGHUP', stop);
    });
    cleanup();
    tmpDir = null;
    return EXIT_OK;
  } catch (e) {
    if (tmpDir !== null) rmSync(tmpDir, { recursive: true, force: true });
    if (e instanceof ServeError) {
      process.stderr.write(`pymm serve: ${e.message}\n`);
      return EXIT_BAD_INPUT;
    }
    return reportError('serve', file, e);
  }
}
