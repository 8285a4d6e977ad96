/**
 * The native baseline works (real pymalloc replays its own trace with 0 mismatches and
 * rejects a bad one), and the randomized trace it generates by driving the real pymalloc
 * replays exactly through pymm as well: a second oracle, richer in frees and reallocs.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { arch as osArch, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it, onTestFinished } from 'vitest';

const selftest = fileURLToPath(new URL('../native/test/selftest.sh', import.meta.url));
const genTrace = fileURLToPath(new URL('../native/build/gen-trace', import.meta.url));
const pymm = fileURLToPath(new URL('../../../apps/cli/bin/pymm.mjs', import.meta.url));

const arch = (): string => (osArch() === 'x64' ? 'x86_64' : osArch());

describe('native pymalloc baseline', () => {
  it('builds, replays a real pymalloc trace with no mismatch, rejects a malformed one', () => {
    const r = spawnSync('bash', [selftest], { encoding: 'utf8' });
    expect(r.stdout + r.stderr).toMatch(/selftest: ok/);
    expect(r.status).toBe(0);
  });

  it('pymm replays the trace the real pymalloc produced for a random workload', () => {
    const gen = mkdtempSync(join(tmpdir(), 'pymm-gen-'));
    onTestFinished(() => rmSync(gen, { recursive: true, force: true }));
    const generated = join(gen, 'random.trace.gz');
    const g = spawnSync('setarch', [arch(), '-R', genTrace, generated, '1000000', '7'], { encoding: 'utf8' });
    expect(g.status).toBe(0);
    const r = spawnSync(process.execPath, [pymm, 'replay', generated, '--json'], { encoding: 'utf8' });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const j = JSON.parse(r.stdout);
    expect(j.calls).toBe(1_000_000);
    expect(j.arenasFreed).toBeGreaterThan(0);
  });
});
