/**
 * The gc benchmark's two sides build the same heap: at a small size, python3's own
 * gc.collect() (tools/bench/gc_heap.py) and `pymm bench gc` find the same number of
 * unreachable objects and leave the same number tracked. No timing is asserted.
 */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const script = fileURLToPath(new URL('../gc_heap.py', import.meta.url));
const pymm = fileURLToPath(new URL('../../../apps/cli/bin/pymm.mjs', import.meta.url));
const python = process.env.PYTHON || 'python3';
const hasPython = spawnSync(python, ['--version'], { encoding: 'utf8' }).status === 0;

interface GcRun { objects: number; references: number; rootReferences: number; collected: number; trackedAfter: number }

function run(cmd: string, args: string[]): GcRun {
  const r = spawnSync(cmd, args, { encoding: 'utf8' });
  expect(r.stderr).toBe('');
  expect(r.status).toBe(0);
  return JSON.parse(r.stdout) as GcRun;
}

describe('gc benchmark heap', () => {
  it.skipIf(!hasPython).each([
    [20_000, 1],
    [20_001, 42],
  ])('python3 and pymm collect the same objects (N=%i, seed %i)', (objects, seed) => {
    const opts = ['--objects', String(objects), '--seed', String(seed), '--json'];
    const py = run(python, [script, ...opts]);
    const pm = run(process.execPath, [pymm, 'bench', 'gc', ...opts]);
    expect(pm.references).toBe(2 * objects);
    expect(pm.rootReferences).toBe(Math.ceil(objects / 2));
    expect(py.rootReferences).toBe(pm.rootReferences);
    // some of the odd half is cyclic garbage, and never more than that half
    expect(py.collected).toBeGreaterThan(0);
    expect(py.collected).toBeLessThanOrEqual(Math.floor(objects / 2));
    expect(pm.collected).toBe(py.collected);
    expect(pm.trackedAfter).toBe(py.trackedAfter);
  });
});
