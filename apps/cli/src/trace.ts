/**
 * `pymm trace SCRIPT.py [ARGS...] -o OUT.trace.gz`: captures a pymalloc trace of any
 * script with the machine's CPython 3.11, through the recorder in tools/cpython-trace.
 * The capture itself (environment, ASLR, staging, streams) is tools/cpython-trace/
 * trace-script.sh, the same code capture.sh runs for the workloads; this command checks
 * its input, builds the recorder when needed and reports in pymm's words.
 */
import { spawn } from 'node:child_process';
import { accessSync, constants as fsConstants, existsSync, readdirSync, rmSync, statSync } from 'node:fs';
import { constants, homedir } from 'node:os';
import { basename, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs, UsageError } from './args.js';
import { EXIT_BAD_INPUT, EXIT_OK, InputError, reportError } from './errors.js';
import { fmtInt } from './progress.js';

export const traceHelp = `usage: pymm trace SCRIPT.py [ARGS...] -o OUT.trace.gz [--force]

Runs SCRIPT.py with the machine's CPython 3.11 (as 'python3 -s SCRIPT.py ARGS...') under
the recorder pymtrace, which writes every call of pymalloc's allocator domains and every
arena mapped or given back to OUT.trace.gz (a pymalloc trace: 'pymm replay', 'pymm log
build', 'pymm stats' and 'pymm serve' read it), and pymalloc's own report
(sys._debugmallocstats()) at every checkpoint to OUT.stats/LABEL.txt, the last one
OUT.stats/exit.txt, after the interpreter has finalised. Check it with
  pymm replay OUT.trace.gz --expect-stats OUT.stats

Checkpoints: the script calls _pymtrace.checkpoint(LABEL) (letters, digits, '.', '_', '-';
each label once, not 'exit'), imported guarded so that it runs under plain python3 too:
  try:
      import _pymtrace
      checkpoint = _pymtrace.checkpoint
  except ImportError:  # plain python3
      def checkpoint(label):
          pass

The same script, modules and ARGS give the same trace, byte for byte: no address space
randomisation (setarch -R), PYTHONHASHSEED=0, an empty environment, stdin from /dev/null,
and the script runs from a private copy of its directory's *.py modules and packages
(so 'import helper' finds helper.py beside it; no other file is copied and no
__pycache__ is read). The working directory is yours: open data files through ARGS or
paths relative to it, not relative to __file__.
The script's stdout and stderr are printed when it has finished (it writes them to files,
never to a terminal, which would change its allocations), then one line on stderr says
what was written. ARGS go to the script; put them after -- if one of them is -o, -h or
begins with --.
The first trace builds pymtrace with tools/cpython-trace/build.sh (gcc,
python3.11-config, zlib headers): a few seconds.

  -o OUT.trace.gz   the trace (OUT.trace: plain text); its stats go to OUT.stats/
  --force           replace OUT and OUT.stats if they exist

Exit status: the script's (the trace is written whatever it is: an uncaught exception
gives 1, sys.exit(n) gives n), 2 for bad usage, a missing script or a recorder that
cannot be built.`;

/**
 * The one place a capture is set up (shared with capture.sh): in an installed pymm, the
 * copy the pack script puts beside dist/; in the checkout, tools/cpython-trace (from dist/
 * or src/ alike).
 */
const PACKED_SCRIPT = fileURLToPath(new URL('../cpython-trace/trace-script.sh', import.meta.url));
const TRACE_SCRIPT = existsSync(PACKED_SCRIPT) ? PACKED_SCRIPT : fileURLToPath(new URL('../../../tools/cpython-trace/trace-script.sh', import.meta.url));

/**
 * Where pymtrace is built: beside its sources when that directory can be written (the
 * checkout), else in the user's cache (an installed pymm in a system directory).
 */
function buildEnv(): NodeJS.ProcessEnv {
  if (process.env['PYMTRACE_BUILD_DIR']) return process.env;
  const tools = dirname(TRACE_SCRIPT);
  try {
    accessSync(tools, fsConstants.W_OK);
    return process.env;
  } catch {
    const cache = process.env['XDG_CACHE_HOME'] || join(homedir(), '.cache');
    return { ...process.env, PYMTRACE_BUILD_DIR: join(cache, 'pymm', 'pymtrace') };
  }
}
const ME = 'pymm trace';

export async function traceCommand(argv: string[]): Promise<number> {
  let script: string | undefined;
  try {
    const { positionals, flags } = parseArgs(argv, { o: 'string', output: 'string', force: 'boolean', help: 'boolean' });
    if (flags.help) { console.log(traceHelp); return EXIT_OK; }
    if (positionals.length === 0) throw new UsageError('missing SCRIPT.py');
    const out = (flags.o ?? flags.output) as string | undefined;
    if (out === undefined) throw new UsageError('missing -o OUT.trace.gz');
    if (!/\.trace(\.gz)?$/.test(out)) throw new UsageError(`-o ${out}: the name must end in .trace.gz (or .trace)`);
    script = positionals[0]!;
    const args = positionals.slice(1);
    if (statSync(script).isDirectory()) throw new InputError(`${script}: is a directory`);
    const stats = out.replace(/(\.trace)?(\.gz)?$/, '') + '.stats';
    const outDir = dirname(out);
    if (!existsSync(outDir)) throw new InputError(`${outDir}: no such directory`);
    if (existsSync(out) && statSync(out).isDirectory()) throw new InputError(`${out}: is a directory`);
    if (flags.force !== true) {
      for (const p of [out, stats]) if (existsSync(p)) throw new InputError(`${p} already exists; --force replaces it`);
    }
    if (!existsSync(TRACE_SCRIPT)) throw new InputError(`${TRACE_SCRIPT}: not found (an installation of pymm without its trace tool)`);

    const bin = await buildRecorder();
    if (bin === undefined) return EXIT_BAD_INPUT;
    // --force: the old files go first, so that whatever is there afterwards is this run's
    const outAbs = resolve(out);
    rmSync(outAbs, { force: true });
    rmSync(stats, { recursive: true, force: true });

    // The capture: trace-script.sh prints the script's stdout (to ours, inherited) and its
    // stderr when the script has finished; pymtrace's summary is the last line of the latter.
    const child = spawn('bash', [
      TRACE_SCRIPT, '--as', ME, '--pymtrace', bin, '--siblings', '--summary',
      '--workload', basename(script).replace(/\.py$/, ''), '-o', outAbs, '--', resolve(script), ...args,
    ], { stdio: ['ignore', 'inherit', 'pipe'] });
    const err: Buffer[] = [];
    child.stderr.on('data', (c: Buffer) => err.push(c));
    // Ctrl-C reaches the script too (one process group): CPython raises KeyboardInterrupt,
    // still finishes the trace, and we report its exit status (130) like any other.
    const ignore = (): void => {};
    process.on('SIGINT', ignore);
    let status: number;
    try {
      status = await new Promise<number>((ok, bad) => {
        child.on('error', bad);
        child.on('close', (code, signal) => ok(code ?? 128 + (signal !== null ? constants.signals[signal] : 0)));
      });
    } finally {
      process.off('SIGINT', ignore);
    }

    // latin1: the script's bytes pass through unchanged, whatever their encoding
    const text = Buffer.concat(err).toString('latin1');
    const summary = /(^|\n)pymtrace: events=(\d+) arenas_allocated=(\d+) arenas_freed=(\d+) [^\n]*\n?$/.exec(text);
    process.stderr.write(Buffer.from(summary !== null ? text.slice(0, summary.index + summary[1]!.length) : text, 'latin1'));
    if (!existsSync(outAbs)) {
      // nothing ran (the recorder could not start): its own message is above
      if (!/^(pymm trace|pymtrace): /m.test(text)) process.stderr.write(`${ME}: no trace was written (exit status ${status})\n`);
      return EXIT_BAD_INPUT;
    }
    const labels = existsSync(stats) ? readdirSync(stats).filter((f) => f.endsWith('.txt')).length : 0;
    const events = summary !== null
      ? `${fmtInt(Number(summary[2]))} events, ${fmtInt(Number(summary[3]))} arenas allocated, ${fmtInt(Number(summary[4]))} given back`
      : 'incomplete: the recorder did not finish';
    const exited = status === 0 ? '' : `; the script's exit status: ${status}`;
    process.stderr.write(`${ME}: wrote ${out} (${events}) and ${labels} checkpoint${labels === 1 ? '' : 's'} to ${stats}/${exited}\n`);
    return status;
  } catch (e) {
    return reportError('trace', script, e);
  }
}

/**
 * `trace-script.sh --build`: pymtrace's path, built first if needed (under a lock, so that
 * traces started together build once). Its "building ..." line is passed on as it comes;
 * the compiler's output only when the build fails, as one line.
 */
async function buildRecorder(): Promise<string | undefined> {
  const child = spawn('bash', [TRACE_SCRIPT, '--as', ME, '--build'], { stdio: ['ignore', 'pipe', 'pipe'], env: buildEnv() });
  let stdout = '', pending = '';
  const lines: string[] = [];
  child.stdout.on('data', (c: Buffer) => { stdout += c.toString(); });
  child.stderr.on('data', (c: Buffer) => {
    pending += c.toString();
    let nl: number;
    while ((nl = pending.indexOf('\n')) >= 0) {
      const line = pending.slice(0, nl);
      pending = pending.slice(nl + 1);
      if (line.startsWith(`${ME}: `)) process.stderr.write(line + '\n');
      else if (line.trim() !== '') lines.push(line.trim());
    }
  });
  const code = await new Promise<number | null>((ok, bad) => { child.on('error', bad); child.on('close', ok); });
  if (pending.trim() !== '') lines.push(pending.trim());
  const bin = stdout.trim().split('\n').pop() ?? '';
  if (code === 0 && bin !== '' && existsSync(bin)) return bin;
  const why = lines.at(-1) ?? `exit status ${code}`;
  process.stderr.write(`${ME}: cannot build the recorder (tools/cpython-trace/build.sh): ${why}\n`);
  return undefined;
}
