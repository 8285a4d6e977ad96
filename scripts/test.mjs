#!/usr/bin/env node
// Runs every test once (vitest), then prints the one line CI reads:
//   tests: N passed, N failed, N skipped
// Exits non-zero on any failure, and on a run that executed no test.
//
// Two phases: the unit project, then the browser project (the web debugger in Chromium,
// whose latency measurements need the machine to themselves). Two `pnpm test` runs at once
// (two clones, two users) take turns through one lock file in the system's temporary
// directory: every unit phase holds it shared, every browser phase exclusive, so a browser
// phase runs while no other run's tests do (flock(1); without it, no lock is taken).
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const dir = mkdtempSync(join(tmpdir(), 'pymm-test-'));
const LOCK = join(tmpdir(), 'pymm-test-phases.lock');
const hasFlock = spawnSync('flock', ['--version'], { stdio: 'ignore' }).status === 0;

const build = spawnSync('pnpm', ['build'], { stdio: 'inherit' });
if (build.status !== 0) {
  console.log('tests: 0 passed, 1 failed, 0 skipped');
  process.exit(1);
}
// The package builds leave tests out: type-check them as well.
const types = spawnSync('pnpm', ['exec', 'tsc', '-p', 'tsconfig.tests.json'], { stdio: 'inherit' });
if (types.status !== 0) {
  console.log('tests: 0 passed, 1 failed, 0 skipped');
  process.exit(1);
}

let passed = 0, failed = 0, skipped = 0, status = 0;
for (const [project, mode] of [['unit', '--shared'], ['browser', '--exclusive']]) {
  const report = join(dir, `${project}.json`);
  const vitest = ['pnpm', 'exec', 'vitest', 'run', '--project', project, '--passWithNoTests', '--reporter=default', '--reporter=json', `--outputFile.json=${report}`, ...process.argv.slice(2)];
  const [cmd, ...args] = hasFlock ? ['flock', mode, LOCK, ...vitest] : vitest;
  const r = spawnSync(cmd, args, {
    stdio: 'inherit',
    env: { ...process.env, FORCE_COLOR: process.env.CI ? '0' : process.env.FORCE_COLOR },
  });
  if (r.status !== 0) status = r.status ?? 1;
  try {
    const j = JSON.parse(readFileSync(report, 'utf8'));
    passed += j.numPassedTests;
    failed += j.numFailedTests + (j.numRuntimeErrorTestSuites ?? 0) + (j.testResults ?? []).filter((t) => t.status === 'failed' && t.assertionResults.length === 0).length;
    skipped += j.numPendingTests + j.numTodoTests;
  } catch {
    failed = Math.max(failed, 1);
  }
}
rmSync(dir, { recursive: true, force: true });
console.log(`tests: ${passed} passed, ${failed} failed, ${skipped} skipped`);
process.exit(status !== 0 || failed > 0 || passed === 0 ? 1 : 0);
