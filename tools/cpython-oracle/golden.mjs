#!/usr/bin/env node
/**
 * Golden data from the machine's real CPython 3.11.
 *
 * Runs every tools/cpython-oracle/golden/*.py with CPython 3.11 under a fixed environment and
 * writes each program's stdout (one JSON document) to the file its header names:
 *
 *   # golden: packages/objects/golden/sizes.json
 *
 *   node tools/cpython-oracle/golden.mjs            regenerate every golden file
 *   node tools/cpython-oracle/golden.mjs --check    regenerate into a temp dir and compare with the
 *                                                   committed files; exit 1 with a diff summary
 *   options:  --only NAME[,NAME]   only these programs (file name with or without .py)
 *             --twice              run every program twice and fail unless both runs are identical
 *             --python PATH        the interpreter (default: $PYMM_PYTHON, else python3.11, python3 on PATH)
 *
 * Exit status: 0 ok, 1 --check found differences (or --twice found nondeterminism),
 * 2 no usable interpreter, a program failed, or bad usage.
 * Plain Node (>= 20), no dependencies.
 */
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

const HERE = dirname(fileURLToPath(import.meta.url));
const ROOT = resolve(HERE, '..', '..');
const PROGRAMS = join(HERE, 'golden');
const ALLOWED_OUTPUT_DIRS = ['packages/objects/golden/', 'packages/gc/golden/'];

function fail(msg, code = 2) {
  process.stderr.write(`golden: ${msg}\n`);
  process.exit(code);
}

function parseArgs(argv) {
  const opts = { check: false, twice: false, only: null, python: process.env.PYMM_PYTHON || null };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--check') opts.check = true;
    else if (a === '--twice') opts.twice = true;
    else if (a === '--only') opts.only = (argv[++i] ?? fail('--only needs a value')).split(',').map((s) => s.replace(/\.py$/, ''));
    else if (a === '--python') opts.python = argv[++i] ?? fail('--python needs a value');
    else if (a === '-h' || a === '--help') {
      process.stdout.write(readFileSync(fileURLToPath(import.meta.url), 'utf8').split('*/')[0].replace(/^#!.*\n\/\*\*\n?/, '').replace(/^ \* ?/gm, ''));
      process.exit(0);
    } else fail(`unknown argument ${a} (try --help)`);
  }
  return opts;
}

/** The interpreter: first candidate that is CPython 3.11, 64-bit. Returns its real executable. */
function findPython(explicit) {
  const candidates = explicit ? [explicit] : ['python3.11', 'python3'];
  const probe = 'import sys, json; print(json.dumps({"exe": sys.executable, "version": list(sys.version_info[:3]), ' +
    '"impl": sys.implementation.name, "bits64": sys.maxsize == 2**63 - 1}))';
  const tried = [];
  for (const c of candidates) {
    const r = spawnSync(c, ['-c', probe], { encoding: 'utf8' });
    if (r.error || r.status !== 0) {
      tried.push(`${c}: ${r.error ? r.error.code || r.error.message : `exit ${r.status}`}`);
      continue;
    }
    let info;
    try {
      info = JSON.parse(r.stdout);
    } catch {
      tried.push(`${c}: unexpected output`);
      continue;
    }
    const [maj, min, mic] = info.version;
    if (info.impl !== 'cpython' || maj !== 3 || min !== 11 || !info.bits64) {
      tried.push(`${c}: ${info.impl} ${maj}.${min}.${mic}${info.bits64 ? '' : ' (32-bit)'}`);
      continue;
    }
    return { exe: info.exe, version: `${maj}.${min}.${mic}`, via: c };
  }
  fail(`no 64-bit CPython 3.11 found (need sys.version_info[:2] == (3, 11)); tried:\n  ${tried.join('\n  ')}\n` +
    `install CPython 3.11 or pass --python PATH / set PYMM_PYTHON`);
}

/** A fixed environment: nothing inherited except PATH (for nm) and HOME. */
function fixedEnv() {
  const env = {
    PATH: process.env.PATH ?? '/usr/bin:/bin',
    LANG: 'C.UTF-8',
    LC_ALL: 'C.UTF-8',
    PYTHONHASHSEED: '0',
    PYTHONUTF8: '1',
    PYTHONIOENCODING: 'utf-8',
    PYTHONDONTWRITEBYTECODE: '1',
    PYTHONNOUSERSITE: '1',
  };
  if (process.env.HOME) env.HOME = process.env.HOME;
  return env;
}

function listPrograms(only) {
  const all = readdirSync(PROGRAMS).filter((f) => f.endsWith('.py')).sort();
  const chosen = only ? all.filter((f) => only.includes(f.replace(/\.py$/, ''))) : all;
  if (only) {
    const missing = only.filter((n) => !all.includes(`${n}.py`));
    if (missing.length) fail(`no such program: ${missing.join(', ')} (have: ${all.join(', ')})`);
  }
  return chosen.map((file) => {
    const path = join(PROGRAMS, file);
    const head = readFileSync(path, 'utf8').split('\n').slice(0, 5);
    const m = head.map((l) => /^# golden: (\S+)\s*$/.exec(l)).find(Boolean);
    if (!m) fail(`${relative(ROOT, path)}: no "# golden: <path>" header in its first lines`);
    const out = m[1];
    if (out.includes('..') || out.startsWith('/') || !out.endsWith('.json') ||
        !ALLOWED_OUTPUT_DIRS.some((d) => out.startsWith(d))) {
      fail(`${relative(ROOT, path)}: golden path ${out} must be a .json file under ${ALLOWED_OUTPUT_DIRS.join(' or ')}`);
    }
    return { file, path, rel: relative(ROOT, path).split(sep).join('/'), out };
  });
}

function runProgram(python, prog, env) {
  return new Promise((resolvePromise) => {
    const child = spawn(python.exe, ['-s', '-B', '-P', prog.path], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
    const out = [];
    const err = [];
    child.stdout.on('data', (d) => out.push(d));
    child.stderr.on('data', (d) => err.push(d));
    child.on('close', (code, signal) => {
      resolvePromise({ code, signal, stdout: Buffer.concat(out).toString('utf8'), stderr: Buffer.concat(err).toString('utf8') });
    });
  });
}

function validate(prog, python, r) {
  if (r.code !== 0) {
    fail(`${prog.rel} failed (${r.signal ? `signal ${r.signal}` : `exit ${r.code}`}):\n${r.stderr.trimEnd()}`);
  }
  let doc;
  try {
    doc = JSON.parse(r.stdout);
  } catch (e) {
    fail(`${prog.rel}: stdout is not one JSON document (${e.message})`);
  }
  if (doc === null || typeof doc !== 'object' || Array.isArray(doc)) fail(`${prog.rel}: the JSON document must be an object`);
  if (doc.generatedBy !== prog.rel) fail(`${prog.rel}: "generatedBy" is ${JSON.stringify(doc.generatedBy)}, expected "${prog.rel}"`);
  if (doc.python !== python.version) fail(`${prog.rel}: "python" is ${JSON.stringify(doc.python)}, expected "${python.version}"`);
  return r.stdout.endsWith('\n') ? r.stdout : `${r.stdout}\n`;
}

async function generate(python, progs, env) {
  const results = await Promise.all(progs.map((p) => runProgram(python, p, env)));
  return progs.map((p, i) => ({ ...p, text: validate(p, python, results[i]) }));
}

function diffSummary(name, expected, actual, maxLines = 12) {
  const a = expected.split('\n');
  const b = actual.split('\n');
  const lines = [];
  let changed = 0;
  const n = Math.max(a.length, b.length);
  for (let i = 0; i < n; i++) {
    if (a[i] !== b[i]) {
      changed++;
      if (lines.length < maxLines) {
        lines.push(`  line ${i + 1}:`);
        lines.push(`    - ${a[i] === undefined ? '(missing)' : a[i].slice(0, 160)}`);
        lines.push(`    + ${b[i] === undefined ? '(missing)' : b[i].slice(0, 160)}`);
      }
    }
  }
  return `${name}: ${changed} line(s) differ (committed ${a.length} lines, regenerated ${b.length})\n${lines.join('\n')}` +
    (changed * 3 > lines.length ? '\n  ...' : '');
}

function committedVersion(text) {
  try {
    return JSON.parse(text).python;
  } catch {
    return null;
  }
}

async function main() {
  const opts = parseArgs(process.argv.slice(2));
  const python = findPython(opts.python);
  const env = fixedEnv();
  const progs = listPrograms(opts.only);
  if (progs.length === 0) fail('no programs to run');
  process.stderr.write(`golden: CPython ${python.version} (${python.exe}, found as ${python.via}); ${progs.length} program(s)\n`);

  const t0 = Date.now();
  const outputs = await generate(python, progs, env);
  if (opts.twice) {
    const again = await generate(python, progs, env);
    const bad = outputs.filter((o, i) => o.text !== again[i].text);
    if (bad.length) {
      for (const o of bad) process.stderr.write(`${diffSummary(`${o.out} (run 1 vs run 2)`, o.text, again.find((x) => x.out === o.out).text)}\n`);
      fail(`nondeterministic output from ${bad.map((o) => o.rel).join(', ')}`, 1);
    }
    process.stderr.write('golden: two runs gave byte-identical output\n');
  }

  if (opts.check) {
    const tmp = mkdtempSync(join(tmpdir(), 'pymm-golden-'));
    const problems = [];
    try {
      for (const o of outputs) {
        const dest = join(tmp, o.out);
        mkdirSync(dirname(dest), { recursive: true });
        writeFileSync(dest, o.text);
        const committedPath = join(ROOT, o.out);
        if (!existsSync(committedPath)) {
          problems.push(`${o.out}: missing (run node tools/cpython-oracle/golden.mjs)`);
          continue;
        }
        const committed = readFileSync(committedPath, 'utf8');
        if (committed !== o.text) {
          const v = committedVersion(committed);
          const note = v && v !== python.version ? `  (committed with CPython ${v}, regenerated with ${python.version})\n` : '';
          problems.push(note + diffSummary(o.out, committed, o.text));
        }
      }
    } finally {
      rmSync(tmp, { recursive: true, force: true });
    }
    if (problems.length) {
      process.stderr.write(`${problems.join('\n')}\n`);
      fail(`${problems.length} golden file(s) differ from what CPython ${python.version} produces; ` +
        'regenerate with: node tools/cpython-oracle/golden.mjs', 1);
    }
    process.stderr.write(`golden: ${outputs.length} golden file(s) match (${((Date.now() - t0) / 1000).toFixed(1)} s)\n`);
    return;
  }

  for (const o of outputs) {
    const dest = join(ROOT, o.out);
    mkdirSync(dirname(dest), { recursive: true });
    const old = existsSync(dest) ? readFileSync(dest, 'utf8') : null;
    writeFileSync(dest, o.text);
    process.stderr.write(`golden: ${o.out} ${old === null ? 'created' : old === o.text ? 'unchanged' : 'updated'} (${o.rel})\n`);
  }
  const claimed = new Set(outputs.map((o) => o.out));
  if (!opts.only) {
    for (const d of ALLOWED_OUTPUT_DIRS) {
      const dir = join(ROOT, d);
      if (!existsSync(dir)) continue;
      for (const f of readdirSync(dir)) {
        if (!claimed.has(d + f)) process.stderr.write(`golden: warning: ${d}${f} is not produced by any program\n`);
      }
    }
  }
  process.stderr.write(`golden: done in ${((Date.now() - t0) / 1000).toFixed(1)} s\n`);
}

main().catch((e) => fail(e.stack || String(e)));
