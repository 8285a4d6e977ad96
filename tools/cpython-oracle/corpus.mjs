#!/usr/bin/env node
/**
 * The pylite oracle: runs every tools/cpython-oracle/corpus/*.py program on python3 (CPython
 * 3.11, the oracle, run afresh every time -- no stored expected output) and on
 * `pymm run FILE.py`, and compares them.
 *
 *   node tools/cpython-oracle/corpus.mjs                    every program, a table on stdout
 *   options:  --only NAME[,NAME]   only these programs (file name, with or without .py, or NNN)
 *             --json               one JSON document on stdout instead of the table
 *             --pymm CMD           the pymm command (default: "node apps/cli/bin/pymm.mjs");
 *                                  split on spaces, then "run FILE.py" is appended
 *             --python PATH        the interpreter (default: $PYMM_PYTHON, else python3.11, python3)
 *             --timeout SEC        per program and interpreter (default 10)
 *             --jobs N             programs run in parallel (default: number of CPUs)
 *
 * Compared, in this order (the first difference is reported): stdout line by line (and its
 * final newline), the exit status, and -- when python3 failed -- the last line of stderr (the
 * exception line, e.g. "KeyError: 'port'"). Tracebacks above that line are not compared.
 * Programs named NNN_error_*.py must end with an uncaught exception under python3 (exit 1);
 * all others must exit 0 with an empty stderr.
 *
 * Exit status: 0 every program matches; 1 a program differs, timed out, or pymm has no `run`
 * command; 2 bad usage, no CPython 3.11, or a corpus program misbehaves under python3.
 * Plain Node (>= 20), no dependencies.
 */
import { spawnSync } from 'node:child_process';
import { availableParallelism } from 'node:os';
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { findPython, fixedEnv, killRunning, PYTHON_FLAGS, runProcess } from './lib/python.mjs';

const HERE = dirname(fileURLToPath(import.meta.url));
const ROOT = resolve(HERE, '..', '..');
const CORPUS = join(HERE, 'corpus');
const DEFAULT_PYMM = 'node apps/cli/bin/pymm.mjs';
const ERROR_PROGRAM = /^\d{3}_error_/;

function fail(msg, code = 2) {
  process.stderr.write(`corpus: ${msg}\n`);
  process.exit(code);
}

function parseArgs(argv) {
  const opts = {
    only: null, json: false, pymm: DEFAULT_PYMM, python: process.env.PYMM_PYTHON || null,
    timeoutMs: 10_000, jobs: Math.max(1, availableParallelism()),
  };
  const value = (i, flag) => argv[i] ?? fail(`${flag} needs a value`);
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--only') opts.only = value(++i, a).split(',').map((s) => s.trim()).filter(Boolean);
    else if (a === '--json') opts.json = true;
    else if (a === '--pymm') opts.pymm = value(++i, a);
    else if (a === '--python') opts.python = value(++i, a);
    else if (a === '--timeout') {
      const s = Number(value(++i, a));
      if (!(s > 0)) fail('--timeout needs a positive number of seconds');
      opts.timeoutMs = s * 1000;
    } else if (a === '--jobs') {
      const n = Number(value(++i, a));
      if (!Number.isInteger(n) || n < 1) fail('--jobs needs a positive integer');
      opts.jobs = n;
    } else if (a === '-h' || a === '--help') {
      process.stdout.write(readFileSync(fileURLToPath(import.meta.url), 'utf8').split('*/')[0].replace(/^#!.*\n\/\*\*\n?/, '').replace(/^ \* ?/gm, ''));
      process.exit(0);
    } else fail(`unknown argument ${a} (try --help)`);
  }
  return opts;
}


function listPrograms(only) {
  const all = readdirSync(CORPUS).filter((f) => f.endsWith('.py')).sort();
  if (all.length === 0) fail(`no programs in ${relative(ROOT, CORPUS)}`);
  let chosen = all;
  if (only) {
    const missing = [];
    const picked = new Set();
    for (const want of only) {
      const stem = want.replace(/\.py$/, '');
      const hits = all.filter((f) => f === `${stem}.py` || (/^\d{3}$/.test(stem) && f.startsWith(`${stem}_`)));
      if (hits.length === 0) missing.push(want);
      for (const h of hits) picked.add(h);
    }
    if (missing.length) fail(`no such program: ${missing.join(', ')} (see ${relative(ROOT, CORPUS)}/)`);
    chosen = all.filter((f) => picked.has(f));
  }
  return chosen.map((file) => ({
    file,
    name: file.replace(/\.py$/, ''),
    rel: relative(ROOT, join(CORPUS, file)).split(sep).join('/'),
    expectError: ERROR_PROGRAM.test(file),
  }));
}

/** The pymm command as argv; whether it has a `run` command (`help run` exits 0). */
function probePymm(cmd) {
  const argv = cmd.split(/\s+/).filter(Boolean);
  if (argv.length === 0) fail('--pymm needs a command');
  const r = spawnSync(argv[0], [...argv.slice(1), 'help', 'run'], { cwd: ROOT, env: fixedEnv(), encoding: 'utf8', timeout: 10_000 });
  const text = `${r.stderr ?? ''}\n${r.stdout ?? ''}`.split('\n').map((l) => l.trim()).filter(Boolean);
  const message = r.error ? (r.error.code || r.error.message) : (r.status === 0 ? text[0] ?? '' : errorLine(r.stderr) || lastLine(r.stdout));
  return { argv, hasRun: !r.error && r.status === 0, exit: r.error ? null : r.status, message };
}

function lastLine(text) {
  const lines = (text ?? '').split('\n').map((l) => l.trimEnd()).filter((l) => l.trim() !== '');
  return lines.length ? lines[lines.length - 1] : '';
}

/**
 * The line that says what went wrong: the last stderr line (a Python exception line), except
 * for a crash of node itself (stderr ends with "Node.js vX.Y.Z"): then its "...Error: ..." line.
 */
function errorLine(text) {
  const last = lastLine(text);
  if (!/^Node\.js v\d/.test(last)) return last;
  const lines = text.split('\n').map((l) => l.trim());
  const err = lines.find((l) => /^[A-Za-z_.]*(Error|Exception)\b.*/.test(l));
  return `node crashed: ${err ?? last}`;
}

function splitLines(text) {
  const lines = text.split('\n');
  const endsWithNewline = lines[lines.length - 1] === '';
  if (endsWithNewline) lines.pop();
  return { lines, endsWithNewline };
}

function exitText(r) {
  if (r.timedOut) return 'timed out';
  if (r.error) return `could not start (${r.error})`;
  if (r.signal) return `killed by ${r.signal}`;
  return `exit ${r.code}`;
}

/** python3's run must follow the corpus convention, else the program (not pymm) is wrong. */
function checkPython(prog, r) {
  if (r.timedOut || r.error || r.signal) return `python3 ${exitText(r)}`;
  if (prog.expectError) {
    if (r.code !== 1) return `python3 exit ${r.code}, but an *_error_* program must end with an uncaught exception (exit 1)`;
    if (!r.stderr.startsWith('Traceback (most recent call last):')) return 'python3 exit 1 without a traceback on stderr';
  } else {
    if (r.code !== 0) return `python3 exit ${r.code}: ${lastLine(r.stderr)}`;
    if (r.stderr !== '') return `python3 wrote to stderr: ${lastLine(r.stderr)}`;
  }
  return null;
}

/** The first difference between python3's and pymm's runs, or null. */
function compare(py, pm, timeoutMs) {
  if (pm.timedOut) return { kind: 'timeout', line: null, python: exitText(py), pymm: `killed after ${timeoutMs / 1000} s` };
  const a = splitLines(py.stdout);
  const b = splitLines(pm.stdout);
  const n = Math.max(a.lines.length, b.lines.length);
  const ending = (r) => `<end of output; ${exitText(r)}${r.code === 0 || !errorLine(r.stderr) ? '' : `: ${errorLine(r.stderr)}`}>`;
  for (let i = 0; i < n; i++) {
    if (a.lines[i] !== b.lines[i]) {
      return {
        kind: 'stdout', line: i + 1,
        python: a.lines[i] ?? ending(py),
        pymm: b.lines[i] ?? ending(pm),
        pythonMissing: a.lines[i] === undefined, pymmMissing: b.lines[i] === undefined,
      };
    }
  }
  if (a.endsWithNewline !== b.endsWithNewline) {
    return { kind: 'newline', line: a.lines.length, python: a.endsWithNewline ? 'ends with a newline' : 'no final newline',
      pymm: b.endsWithNewline ? 'ends with a newline' : 'no final newline' };
  }
  if (py.code !== pm.code || pm.signal || pm.error) {
    const tail = errorLine(pm.stderr);
    return { kind: 'exit', line: null, python: exitText(py), pymm: `${exitText(pm)}${tail ? `: ${tail}` : ''}` };
  }
  if (py.code !== 0) {
    const pyLast = lastLine(py.stderr);
    const pmLast = lastLine(pm.stderr);
    if (pyLast !== pmLast) return { kind: 'stderr', line: null, python: pyLast, pymm: errorLine(pm.stderr) };
  }
  return null;
}

async function pool(items, jobs, fn) {
  const results = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      results[i] = await fn(items[i], i);
    }
  };
  await Promise.all(Array.from({ length: Math.min(jobs, items.length) }, worker));
  return results;
}

function clip(text, width) {
  const s = JSON.stringify(text);
  return s.length <= width ? s : `${s.slice(0, width - 1)}…`;
}

function clipRaw(text, width) {
  return text.length <= width ? text : `${text.slice(0, width - 1)}…`;
}

function table(rows, pymm) {
  const nameW = Math.max(7, ...rows.map((r) => r.name.length));
  const textW = 44;
  const out = [];
  const head = `${'program'.padEnd(nameW)}  ${'result'.padEnd(7)}  ${'where'.padEnd(8)}  ${'python3'.padEnd(textW)}  pymm`;
  out.push(head, '-'.repeat(head.length + textW - 4));
  for (const r of rows) {
    let where = '';
    let left = '';
    let right = '';
    if (r.problem) {
      where = 'python3';
      left = clipRaw(r.problem, textW);
    } else if (r.diff) {
      const d = r.diff;
      where = d.kind === 'stdout' ? `line ${d.line}` : d.kind === 'newline' ? `line ${d.line}$` : d.kind;
      left = d.kind === 'stdout' && !d.pythonMissing ? clip(d.python, textW) : clipRaw(d.python, textW);
      right = d.kind === 'stdout' && !d.pymmMissing ? clip(d.pymm, 60) : clipRaw(d.pymm, 60);
      if (d.kind === 'stderr') {
        left = clip(d.python, textW);
        right = clip(d.pymm, 60);
      }
    }
    const result = r.problem ? 'PY-BAD' : r.result === 'pass' ? 'pass' : r.result === 'timeout' ? 'TIMEOUT' : 'FAIL';
    out.push(`${r.name.padEnd(nameW)}  ${result.padEnd(7)}  ${where.padEnd(8)}  ${left.padEnd(textW)}  ${right}`.trimEnd());
  }
  out.push('');
  out.push('where: "line N" = first differing stdout line (text shown as JSON strings; <end of output> = that side printed');
  out.push('fewer lines), "line N$" = final newline, "exit" = exit status, "stderr" = last stderr line (the exception),');
  out.push(`"python3" = the corpus program itself misbehaved under python3. pymm command: ${pymm}`);
  return out.join('\n');
}

async function main() {
  const opts = parseArgs(process.argv.slice(2));
  let python;
  try {
    python = findPython(opts.python);
  } catch (e) {
    fail(e.message);
  }
  let only = opts.only;

  const progs = listPrograms(only);
  const pymm = probePymm(opts.pymm);
  const env = fixedEnv();
  const note = (s) => process.stderr.write(`corpus: ${s}\n`);
  note(`CPython ${python.version} (${python.exe}); ${progs.length} program(s); pymm = ${opts.pymm}; timeout ${opts.timeoutMs / 1000} s; ${opts.jobs} job(s)`);
  const missingRun = pymm.hasRun ? null
    : `pymm has no \`run\` command: \`${opts.pymm} help run\` ${pymm.exit === null ? 'could not start' : `exited ${pymm.exit}`}` +
      `${pymm.message ? ` (${pymm.message})` : ''}. Every program fails until \`pymm run FILE.py\` exists` +
      ' (build it: pnpm build).';
  if (missingRun) note(missingRun);

  const t0 = Date.now();
  const rows = await pool(progs, opts.jobs, async (prog) => {
    const py = await runProcess(python.exe, [...PYTHON_FLAGS, prog.rel], { cwd: ROOT, env, timeoutMs: opts.timeoutMs });
    const pm = await runProcess(pymm.argv[0], [...pymm.argv.slice(1), 'run', prog.rel], { cwd: ROOT, env, timeoutMs: opts.timeoutMs });
    const problem = checkPython(prog, py);
    const diff = problem ? null : compare(py, pm, opts.timeoutMs);
    const result = problem ? 'python-error' : diff === null ? 'pass' : diff.kind === 'timeout' ? 'timeout' : 'fail';
    const side = (r) => ({
      exit: r.code, signal: r.signal, timedOut: r.timedOut, ms: r.ms, stdoutLines: splitLines(r.stdout).lines.length,
      stderrLast: errorLine(r.stderr), ...(r.error ? { error: r.error } : {}),
    });
    return { name: prog.name, file: prog.rel, expectError: prog.expectError, result, problem, diff, python: side(py), pymm: side(pm) };
  });

  const summary = {
    total: rows.length,
    passed: rows.filter((r) => r.result === 'pass').length,
    failed: rows.filter((r) => r.result === 'fail').length,
    timedOut: rows.filter((r) => r.result === 'timeout').length,
    pythonErrors: rows.filter((r) => r.result === 'python-error').length,
  };
  if (opts.json) {
    const doc = {
      python: python.version, pythonExe: python.exe,
      pymm: { command: opts.pymm, hasRun: pymm.hasRun, helpRun: { exit: pymm.exit, message: pymm.message } },
      timeoutSeconds: opts.timeoutMs / 1000, programs: rows, summary,
    };
    process.stdout.write(`${JSON.stringify(doc, null, 2)}\n`);
  } else {
    process.stdout.write(`${table(rows, opts.pymm)}\n\n`);
    process.stdout.write(`${summary.passed}/${summary.total} programs match python3` +
      `${summary.failed ? `; ${summary.failed} differ` : ''}${summary.timedOut ? `; ${summary.timedOut} timed out` : ''}` +
      `${summary.pythonErrors ? `; ${summary.pythonErrors} misbehave under python3 (corpus bug)` : ''}` +
      ` (${((Date.now() - t0) / 1000).toFixed(1)} s)\n`);
    if (missingRun) process.stdout.write(`${missingRun}\n`);
  }
  if (summary.pythonErrors) return 2;
  if (missingRun || summary.passed !== summary.total) return 1;
  return 0;
}

for (const sig of ['SIGINT', 'SIGTERM']) {
  process.on(sig, () => {
    killRunning(); // the children run in their own process groups (for the timeout kill)
    process.exit(130);
  });
}

main().then((code) => {
  process.exitCode = code;
}, (e) => fail(e.stack || String(e)));
