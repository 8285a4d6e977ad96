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
import { mkdtempSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { findPython as findPythonOrThrow, fixedEnv, PYTHON_FLAGS, runProcess } from './lib/python.mjs';

const HERE = dirname(fileURLToPath(import.meta.url));
const ROOT = resolve(HERE, '..', '..');
const PROGRAMS = join(HERE, 'golden');
const ALLOWED_OUTPUT_DIRS = ['packages/objects/golden/', 'packages/gc/golden/'];

function fail(msg, code = 2) {
  process.stderr.write(`golden: ${msg}\n`);
  process.exit(code);
}

function findPython(explicit) {
  try {
    return findPythonOrThrow(explicit);
  } catch (e) {
    return fail(e.message);
  }
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
  return runProcess(python.exe, [...PYTHON_FLAGS, prog.path], { cwd: ROOT, env });
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
