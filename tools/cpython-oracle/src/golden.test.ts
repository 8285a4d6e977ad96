/** The committed golden files are what the machine's python3 produces now. */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { expect, it } from 'vitest';

it('node tools/cpython-oracle/golden.mjs --check: every golden file matches python3', () => {
  const script = fileURLToPath(new URL('../golden.mjs', import.meta.url));
  const r = spawnSync(process.execPath, [script, '--check'], { encoding: 'utf8' });
  expect(r.stdout + r.stderr).not.toMatch(/differ/i);
  expect(r.status).toBe(0);
});
