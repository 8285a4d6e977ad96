#!/usr/bin/env node
// The gc benchmark: a full collection over a heap of N objects and 2·N references, in
// python3 and in pymm, on the same heap (shape: tools/bench/gc_heap.py's docstring, the
// same as apps/cli/src/gcbench.ts).
//
//   node tools/bench/gc.mjs [--objects N] [--runs R] [--seed S] [--json]
//
// Runs, alternating, R times each (default 5), every run in a fresh process:
//   python3:  python3 tools/bench/gc_heap.py --objects N --seed S --json   ($PYTHON overrides)
//   pymm:     node apps/cli/bin/pymm.mjs bench gc --objects N --seed S --json
// and prints build time and gc.collect() time (median and min) of each, the number of
// unreachable objects each collection found, and the ratio pymm/python3 of the collect time.
// Exit status: 0 ok, 1 a tool failed or the collected counts differ, 2 usage error.
// Plain Node ESM, no dependencies.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(here, '..', '..');
const pymmBin = join(root, 'apps', 'cli', 'bin', 'pymm.mjs');
const pyScript = join(here, 'gc_heap.py');
const python = process.env.PYTHON || 'python3';

function usage(msg) {
  if (msg) process.stderr.write(`gc-bench: ${msg}\n`);
  process.stderr.write('usage: node tools/bench/gc.mjs [--objects N] [--runs R] [--seed S] [--json]\n');
  process.exit(2);
}
function fail(msg) {
  process.stderr.write(`gc-bench: ${msg}\n`);
  process.exit(1);
}

// ---- arguments -------------------------------------------------------------------------
let objects = 1_000_000, runs = 5, seed = 1, json = false;
const argv = process.argv.slice(2);
for (let i = 0; i < argv.length; i++) {
  const a = argv[i];
  if (a === '--json') { json = true; continue; }
  if (a === '-h' || a === '--help') usage();
  const m = /^--(objects|runs|seed)(?:=(.*))?$/.exec(a);
  if (!m) usage(a.startsWith('-') ? `unknown option ${a}` : `unexpected argument ${a}`);
  const v = m[2] ?? argv[++i];
  const min = m[1] === 'seed' ? 0 : 1;
  if (v === undefined || !/^[0-9]+$/.test(v) || Number(v) < min) usage(`--${m[1]} takes a whole number >= ${min}, got ${JSON.stringify(v ?? '')}`);
  if (m[1] === 'objects') objects = Number(v);
  else if (m[1] === 'runs') runs = Number(v);
  else seed = Number(v);
}
if (!existsSync(join(root, 'apps', 'cli', 'dist', 'main.js'))) fail('the CLI is not built: run `pnpm build` (or `npx tsc -b apps/cli`) first');
const log = (msg) => { if (!json) process.stderr.write(`gc-bench: ${msg}\n`); };

// ---- runs --------------------------------------------------------------------------------
function run(label, cmd, args) {
  const r = spawnSync(cmd, args, { cwd: root, encoding: 'utf8', maxBuffer: 1 << 24, stdio: ['ignore', 'pipe', 'pipe'] });
  if (r.error) fail(`${label}: cannot run ${cmd}: ${r.error.message}`);
  if (r.status !== 0) fail(`${label}: \`${[cmd, ...args].join(' ')}\` exited with ${r.signal ?? `status ${r.status}`}: ${r.stderr.trim()}`);
  const line = r.stdout.trim().split('\n').reverse().find((l) => l.trim().startsWith('{'));
  let obj;
  try { obj = JSON.parse(line ?? ''); } catch { fail(`${label}: no JSON object in its output: ${r.stdout.slice(0, 200)}`); }
  for (const k of ['buildMs', 'collectMs', 'collected']) if (typeof obj[k] !== 'number') fail(`${label}: JSON output lacks a numeric "${k}"`);
  return obj;
}

const sides = {
  python3: { cmd: python, args: [pyScript, '--objects', String(objects), '--seed', String(seed), '--json'], samples: [] },
  pymm: { cmd: process.execPath, args: [pymmBin, 'bench', 'gc', '--objects', String(objects), '--seed', String(seed), '--json'], samples: [] },
};
for (let r = 0; r < runs; r++) {
  for (const [name, side] of Object.entries(sides)) {
    const o = run(name, side.cmd, side.args);
    side.samples.push(o);
    log(`run ${r + 1}/${runs} ${name}: build ${o.buildMs.toFixed(0)} ms, collect ${o.collectMs.toFixed(1)} ms, collected ${o.collected}`);
  }
}

// ---- summary -----------------------------------------------------------------------------
const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const n = s.length;
  return n % 2 ? s[(n - 1) / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
};
const round = (x) => Number(x.toFixed(3));
const summary = {};
for (const [name, side] of Object.entries(sides)) {
  const s = side.samples;
  summary[name] = {
    implementation: s[0].implementation,
    buildMs: round(median(s.map((o) => o.buildMs))),
    minBuildMs: round(Math.min(...s.map((o) => o.buildMs))),
    collectMs: round(median(s.map((o) => o.collectMs))),
    minCollectMs: round(Math.min(...s.map((o) => o.collectMs))),
    maxCollectMs: round(Math.max(...s.map((o) => o.collectMs))),
    collected: s[0].collected,
    trackedAfter: s[0].trackedAfter,
    runs: s.length,
  };
}
const counts = [...sides.python3.samples, ...sides.pymm.samples].map((o) => o.collected);
const countsMatch = counts.every((c) => c === counts[0]);
const py = summary.python3, pm = summary.pymm;
const ratio = py.collectMs > 0 ? round(pm.collectMs / py.collectMs) : null;
const minRatio = py.minCollectMs > 0 ? round(pm.minCollectMs / py.minCollectMs) : null;
const buildRatio = py.buildMs > 0 ? round(pm.buildMs / py.buildMs) : null;

if (json) {
  console.log(JSON.stringify({ objects, references: 2 * objects, rootReferences: sides.pymm.samples[0].rootReferences, seed, runs, python3: py, pymm: pm, ratio, minRatio, buildRatio, countsMatch }));
} else {
  const f1 = (x) => x.toFixed(1);
  const int = (x) => (typeof x === 'number' ? x.toLocaleString('en-US') : '-');
  const rows = [
    ['', 'build ms', 'collect ms (median)', 'collect ms (min)', 'collected', 'tracked after', 'implementation'],
    ['python3', f1(py.buildMs), f1(py.collectMs), f1(py.minCollectMs), int(py.collected), int(py.trackedAfter), py.implementation],
    ['pymm', f1(pm.buildMs), f1(pm.collectMs), f1(pm.minCollectMs), int(pm.collected), int(pm.trackedAfter), pm.implementation],
  ];
  const widths = rows[0].map((_, c) => Math.max(...rows.map((r) => String(r[c]).length)));
  const line = (r) => r.map((v, c) => (c === 0 || c === r.length - 1 ? String(v).padEnd(widths[c]) : String(v).padStart(widths[c]))).join('  ').trimEnd();
  console.log(`gc.collect() over ${int(objects)} nodes, ${int(2 * objects)} references (+${int(sides.pymm.samples[0].rootReferences)} from the roots list), seed ${seed}, ${runs} fresh processes each\n`);
  for (const r of rows) console.log(line(r));
  console.log(`\nratio pymm/python3, collect: ${ratio?.toFixed(2)}x (median), ${minRatio?.toFixed(2)}x (min); build: ${buildRatio?.toFixed(2)}x (median)`);
  console.log(`collected: ${countsMatch ? 'equal' : `DIFFER (${counts.join(', ')})`}`);
}
process.exit(countsMatch ? 0 : 1);
