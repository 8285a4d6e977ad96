#!/usr/bin/env node
// The main job, end to end on a fresh checkout: build, capture a real CPython 3.11 trace
// of the `objects` workload, replay it through pymm checking every address, arena and
// stats checkpoint, and print the stats pymm computed at the last checkpoint.
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';

const step = (what, cmd, args) => {
  process.stderr.write(`demo: ${what}\n`);
  const r = spawnSync(cmd, args, { stdio: 'inherit' });
  if (r.status !== 0) {
    process.stderr.write(`demo: '${[cmd, ...args].join(' ')}' failed with status ${r.status}\n`);
    process.exit(r.status ?? 1);
  }
};
step('building the packages', 'pnpm', ['build']);
step('capturing a CPython trace of tools/cpython-trace/workloads/objects.py', 'bash', ['tools/cpython-trace/capture.sh', '--out', 'traces', 'objects']);
step('replaying it through pymm', process.execPath, ['apps/cli/bin/pymm.mjs', 'replay', 'traces/objects.trace.gz', '--expect-stats', 'traces/objects.stats']);
const labels = readdirSync(join('traces', 'objects.stats')).filter((f) => f !== 'exit.txt');
const label = labels.includes('after-build.txt') ? 'after-build' : labels[0].replace(/\.txt$/, '');
step(`sys._debugmallocstats() as pymm computes it at checkpoint '${label}' (the state then, not at the end of the run: ` +
  `the arenas the replay says were given back are given back later; \`./pymm stats traces/objects.trace.gz --at exit\` shows the end)`, process.execPath, ['apps/cli/bin/pymm.mjs', 'stats', 'traces/objects.trace.gz', '--at', label]);
