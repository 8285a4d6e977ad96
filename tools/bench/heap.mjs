#!/usr/bin/env node
// Heap timeline benchmark (issue: one timeline), one run, all figures side by side:
//   node tools/bench/heap.mjs [--program FILE.py] [--runs R] [--json]
// For the program (default tools/bench/pylite/million.py: one million objects):
//  - wall time of `pymm run`, `pymm run --log --no-index` and `pymm run --log` (log and
//    index), median of R fresh processes, and their ratios to `pymm run`;
//  - the log's and the index's sizes;
//  - opening the log from its index, in process, and the time of the questions people
//    ask (show / why / history of an object, objects of a type, a variable resolved),
//    at the end of the log and half-way, each the median of 5;
//  - the same questions as whole `pymm heap` commands (process start and open included).
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(here, '..', '..');
const pymm = join(root, 'apps', 'cli', 'bin', 'pymm.mjs');
const args = process.argv.slice(2);
const flag = (name, def) => { const i = args.indexOf(name); return i >= 0 ? args[i + 1] : def; };
const program = resolve(flag('--program', join(here, 'pylite', 'million.py')));
const runs = Number(flag('--runs', '3'));
const json = args.includes('--json');
const log = (m) => { if (!json) process.stderr.write(`heap-bench: ${m}\n`); };
const dir = mkdtempSync(join(tmpdir(), 'pymm-heapbench-'));
const logPath = join(dir, 'run.pymmlog');

function wall(argv) {
  const t0 = process.hrtime.bigint();
  const r = spawnSync(process.execPath, [pymm, ...argv], { encoding: 'utf8', maxBuffer: 1 << 26 });
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  if (r.status !== 0) throw new Error(`pymm ${argv.join(' ')} failed (${r.status}): ${r.stderr.slice(-400)}`);
  return ms;
}
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

try {
  const runMs = [], logMs = [], indexMs = [];
  for (let k = 0; k < runs; k++) {
    log(`run ${k + 1}/${runs}`);
    runMs.push(wall(['run', program]));
    logMs.push(wall(['run', program, '--log', logPath, '--no-index', '--force']));
    indexMs.push(wall(['run', program, '--log', logPath, '--force']));
  }
  const { Timeline } = await import(pathToFileURL(join(root, 'packages/engine/dist/index.js')).href);
  log('opening and asking');
  const t0 = performance.now();
  const t = Timeline.open(logPath);
  const openMs = performance.now() - t0;
  const end = t.length - 1, mid = Math.floor(t.length / 2);
  const q = {};
  const time = (name, fn) => {
    const ms = [];
    let r;
    for (let k = 0; k < 5; k++) { const a = performance.now(); r = fn(); ms.push(performance.now() - a); }
    q[name] = Number(median(ms).toFixed(2));
    return r;
  };
  // a variable of the program, then an object it held
  const names = ['a', 'x', 'keep', 'n', 'node'];
  const name = names.find((n) => t.resolveName(n, mid) !== null) ?? null;
  const obj = name !== null ? t.resolveName(name, mid).value : 100;
  time(`resolve '${name}' half-way`, () => t.resolveName(name ?? 'a', mid));
  time('show an object half-way', () => t.show(obj, mid));
  time('why an object half-way', () => t.whyAlive(obj, mid));
  time('history of an object (first 50)', () => t.objectHistoryPage(obj, 0, 50));
  const type = t.heap.index.typeName(obj);
  time(`objects of type ${type} at the end`, () => t.objects(end, { type }).length);
  time(`objects of type ${type} half-way`, () => t.objects(mid, { type }).length);
  time('the whole heap half-way (stats)', () => t.statsAt(mid).liveObjects);
  const cli = {
    [`heap show --object ${obj} --at ${mid}`]: median([0, 1, 2].map(() => wall(['heap', 'show', logPath, '--object', String(obj), '--at', String(mid)]))),
    [`heap why --object ${obj} --at ${mid}`]: median([0, 1, 2].map(() => wall(['heap', 'why', logPath, '--object', String(obj), '--at', String(mid)]))),
    [`heap history --object ${obj}`]: median([0, 1, 2].map(() => wall(['heap', 'history', logPath, '--object', String(obj)]))),
    [`heap objects --type ${type}`]: median([0, 1, 2].map(() => wall(['heap', 'objects', logPath, '--type', type]))),
  };
  const result = {
    program, records: t.length, logBytes: statSync(logPath).size, indexBytes: statSync(`${logPath}.idx`).size,
    runMs: median(runMs), runLogMs: median(logMs), runLogIndexMs: median(indexMs),
    logRatio: Number((median(logMs) / median(runMs)).toFixed(2)), logIndexRatio: Number((median(indexMs) / median(runMs)).toFixed(2)),
    openMs: Number(openMs.toFixed(0)), queriesMs: q, cliMs: Object.fromEntries(Object.entries(cli).map(([k, v]) => [k, Math.round(v)])),
  };
  if (json) console.log(JSON.stringify(result, null, 1));
  else {
    console.log(`${program}: ${result.records.toLocaleString('en-US')} records; log ${(result.logBytes / 1e6).toFixed(1)} MB, index ${(result.indexBytes / 1e6).toFixed(1)} MB`);
    console.log(`  pymm run ${result.runMs.toFixed(0)} ms; --log --no-index ${result.runLogMs.toFixed(0)} ms (${result.logRatio}x); --log ${result.runLogIndexMs.toFixed(0)} ms (${result.logIndexRatio}x)`);
    console.log(`  open from the index: ${result.openMs} ms`);
    for (const [k, v] of Object.entries(q)) console.log(`  ${k.padEnd(44)} ${v} ms`);
    for (const [k, v] of Object.entries(result.cliMs)) console.log(`  pymm ${k.padEnd(40)} ${v} ms (whole command)`);
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
