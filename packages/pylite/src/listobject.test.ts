/**
 * Lists as listobject.c changes them, against python3: `*=` repeats in place
 * (list_inplace_repeat: the same object, one resize), `+=` extends in place
 * (list_extend's sizes), and sort(reverse=True) keeps equal items in their order.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, expect, it } from 'vitest';
import { runSource } from './index.js';

const dir = mkdtempSync(join(tmpdir(), 'pylite-lists-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function python3(source: string): string {
  const file = join(dir, 'lists.py');
  writeFileSync(file, source);
  const r = spawnSync('python3', ['-s', '-B', '-P', file], { encoding: 'utf8', env: { PATH: process.env['PATH'] ?? '', PYTHONHASHSEED: '0' } });
  expect(r.status, r.stderr).toBe(0);
  return r.stdout;
}

it('in-place repeat and concatenation keep the list and size it as CPython does; reverse sorts are stable', () => {
  const sizes = fc.sample(fc.tuple(fc.integer({ min: 0, max: 9 }), fc.integer({ min: -1, max: 5 }), fc.integer({ min: 0, max: 12 })), { seed: 20261202, numRuns: 25 });
  const keys = fc.sample(fc.array(fc.integer({ min: 0, max: 3 }), { maxLength: 12 }), { seed: 20261203, numRuns: 25 });
  const lines = ['import sys', 'def first(p):', '    return p[0]'];
  for (const [len, n, extra] of sizes) {
    lines.push(`x = list(range(${len}))`, 'y = x', `x *= ${n}`, 'print(x is y, len(x), sys.getsizeof(x))');
    lines.push(`x += range(${extra})`, `x += (1,) * ${extra}`, 'print(x is y, len(x), sys.getsizeof(x))');
  }
  for (const ks of keys) {
    const pairs = `[${ks.map((k, i) => `(${k}, ${i})`).join(', ')}]`;
    lines.push(`print(sorted(${pairs}, key=first, reverse=True))`, `l = ${pairs}`, 'l.sort(key=first, reverse=True)', 'print(l)');
  }
  const source = lines.join('\n') + '\n';
  const pl = runSource(source, { filename: join(dir, 'lists.py') });
  expect(pl.stderr).toBe('');
  expect(pl.stdout).toBe(python3(source));
});
