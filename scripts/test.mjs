#!/usr/bin/env node
// Runs every test once (vitest), then prints the one line CI reads:
//   tests: N passed, N failed, N skipped
// Exits non-zero on any failure, and on a run that executed no test.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const dir = mkdtempSync(join(tmpdir(), 'pymm-test-'));
const report = join(dir, 'vitest.json');
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
const r = spawnSync('pnpm', ['exec', 'vitest', 'run', '--reporter=default', '--reporter=json', `--outputFile.json=${report}`, ...process.argv.slice(2)], {
  stdio: 'inherit',
  env: { ...process.env, FORCE_COLOR: process.env.CI ? '0' : process.env.FORCE_COLOR },
});
let passed = 0, failed = 0, skipped = 0;
try {
  const j = JSON.parse(readFileSync(report, 'utf8'));
  passed = j.numPassedTests;
  failed = j.numFailedTests + (j.numRuntimeErrorTestSuites ?? 0) + (j.testResults ?? []).filter((t) => t.status === 'failed' && t.assertionResults.length === 0).length;
  skipped = j.numPendingTests + j.numTodoTests;
} catch {
  failed = Math.max(failed, 1);
}
rmSync(dir, { recursive: true, force: true });
console.log(`tests: ${passed} passed, ${failed} failed, ${skipped} skipped`);
process.exit(r.status !== 0 || failed > 0 || passed === 0 ? 1 : 0);
