#!/usr/bin/env node
// pylite benchmark (issue: pylite): a program that creates one million small objects and
// cycles (tools/bench/pylite/million.py), run by python3 and by `pymm run` without and with
// the heap log, R times each in fresh processes. Prints wall times (median, min), the
// outputs' agreement, the log size, and the ratios to python3.
//   node tools/bench/pylite.mjs [--runs R] [--program FILE.py] [--json]
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(here, '..', '..');
const args = process.argv.slice(2);
const flag = (name, def) => { const i = args.indexOf(name); return i >= 0 ? args[i + 1] : def; };
const runs = Number(flag('--runs', '3'));
const program = resolve(flag('--program', join(here, 'pylite', 'million.py')));
const json = args.includes('--json');
const log = (m) => { if (!json) process.stderr.write(`pylite-bench: ${m}\n`); };
const dir = mkdtempSync(join(tmpdir(), 'pylite-bench-'));
const logPath = join(dir, 'run.pymmlog');

function time(cmd, argv, env = {}) {
  const t0 = process.hrtime.bigint();
  const r = spawnSync(cmd, argv, { encoding: 'utf8', env: { ...process.env, ...env }, maxBuffer: 1 << 26 });
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  if (r.status !== 0) throw new Error(`${cmd} ${argv.join(' ')} failed (${r.status}): ${r.stderr.slice(-500)}`);
  return { ms, stdout: r.stdout };
}

const variants = [
  ['python3', () => time('python3', ['-s', '-B', '-P', program], { PYTHONHASHSEED: '0' })],
  ['pymm run', () => time(process.execPath, [join(root, 'apps/cli/bin/pymm.mjs'), 'run', program])],
  ['pymm run --log', () => time(process.execPath, [join(root, 'apps/cli/bin/pymm.mjs'), 'run', program, '--log', logPath, '--force'])],
];
const results = {};
try {
  for (let k = 0; k < runs; k++) {
    for (const [name, fn] of variants) {
      const r = fn();
      (results[name] ??= { ms: [], stdout: r.stdout }).ms.push(r.ms);
      log(`run ${k + 1}/${runs} ${name}: ${r.ms.toFixed(0)} ms`);
    }
  }
  const logBytes = statSync(logPath).size;
  const med = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  const py = med(results['python3'].ms);
  const rows = Object.entries(results).map(([name, r]) => ({ name, medianMs: med(r.ms), minMs: Math.min(...r.ms), ratio: med(r.ms) / py, sameOutput: r.stdout === results['python3'].stdout }));
  if (json) console.log(JSON.stringify({ program, runs, rows, logBytes }, null, 1));
  else {
    console.log(`${program}, ${runs} fresh processes each (wall time, interpreter start-up included)\n`);
    console.log('                  median ms    min ms   ratio to python3   same stdout');
    for (const r of rows) console.log(`${r.name.padEnd(16)} ${r.medianMs.toFixed(0).padStart(9)} ${r.minMs.toFixed(0).padStart(9)} ${r.ratio.toFixed(2).padStart(10)}x        ${r.sameOutput ? 'yes' : 'NO'}`);
    console.log(`\nheap log: ${(logBytes / 1e6).toFixed(1)} MB`);
  }
  if (rows.some((r) => !r.sameOutput)) process.exitCode = 1;
} finally {
  rmSync(dir, { recursive: true, force: true });
}
