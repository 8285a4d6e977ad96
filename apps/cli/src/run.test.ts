import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const bin = fileURLToPath(new URL('../bin/pymm.mjs', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'pymm-run-'));
const pymm = (...args: string[]) => spawnSync(process.execPath, [bin, ...args], { encoding: 'utf8' });

describe('pymm run', () => {
  it('prints what python3 prints, and --log writes a heap log the heap questions read', () => {
    const file = join(dir, 'cycle.py');
    writeFileSync(file, 'import gc\ngc.disable()\ngc.collect()\nclass Node:\n    pass\na = Node()\na.me = a\ndel a\nprint("collected", gc.collect())\n');
    const py = spawnSync('python3', [file], { encoding: 'utf8' });
    const log = join(dir, 'cycle.pymmlog');
    const r = pymm('run', file, '--log', log);
    expect(r.status).toBe(0);
    expect(r.stdout).toBe(py.stdout);
    // determinism: the same program gives a byte-identical log
    const again = join(dir, 'cycle2.pymmlog');
    expect(pymm('run', file, '--log', again).status).toBe(0);
    expect(readFileSync(again).equals(readFileSync(log))).toBe(true);
    const c = pymm('heap', 'collections', log);
    expect(c.status).toBe(0);
    expect(c.stdout).toMatch(/gen 2: 1 collected, 0 uncollectable\s+\[line 9: print\("collected", gc\.collect\(\)\)\]/);
  });

  it('exit statuses: 1 after a traceback, 2 outside the subset or for a missing file', () => {
    const bad = join(dir, 'bad.py');
    writeFileSync(bad, 'x = 1\nprint(x / 0)\n');
    const r = pymm('run', bad);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/ZeroDivisionError: division by zero\n$/);
    const gen = join(dir, 'gen.py');
    writeFileSync(gen, 'def g():\n    yield 1\n');
    expect(pymm('run', gen).status).toBe(2);
    const missing = pymm('run', join(dir, 'nope.py'));
    expect(missing.status).toBe(2);
    expect(missing.stderr).toMatch(/nope\.py: no such file/);
    expect(pymm('run').stderr).toMatch(/run takes one FILE\.py/);
  });
});
