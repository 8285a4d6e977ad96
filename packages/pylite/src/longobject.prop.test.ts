/**
 * int / int is long_true_divide: correctly rounded however large the ints (not the
 * quotient of two rounded doubles), OverflowError past the largest float; float(int) and
 * mixed arithmetic convert as PyLong_AsDouble does; a float to a whole power is the exact
 * power rounded once. Checked against python3 for random values.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, expect, it } from 'vitest';
import { runSource } from './index.js';
import { floatRepr } from './format.js';
import { powWhole } from './longobject.js';

const dir = mkdtempSync(join(tmpdir(), 'pylite-long-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

it('int / int, float(int) and int + float print what python3 prints, for 600 random ints up to 1100 bits', () => {
  const big = fc.oneof(fc.bigInt({ min: -(2n ** 64n), max: 2n ** 64n }), fc.bigInt({ min: -(2n ** 1100n), max: 2n ** 1100n }), fc.bigInt({ min: 1n, max: 2n ** 60n }).map((x) => x * 2n ** 900n));
  const pairs = fc.sample(fc.tuple(big, big.filter((b) => b !== 0n)), { seed: 20261203, numRuns: 600 });
  const lines = pairs.map(([a, b]) => `show(${a}, ${b})`);
  const source = `def show(a, b):
    try:
        print(repr(a / b))
    except OverflowError as e:
        print('OverflowError', e)
    try:
        print(repr(float(a)), repr(a + 0.5))
    except OverflowError as e:
        print('OverflowError', e)
${lines.join('\n')}
`;
  const file = join(dir, 'prog.py');
  writeFileSync(file, source);
  const py = spawnSync('python3', ['-s', '-B', '-P', file], { encoding: 'utf8', env: { PATH: process.env['PATH'] ?? '', PYTHONHASHSEED: '0' } });
  expect(py.status, py.stderr).toBe(0);
  expect(runSource(source, { filename: file }).stdout).toBe(py.stdout);
});

it('a float to a whole power is the exact power rounded once: 2,000 random cases against python3 Fraction arithmetic', () => {
  const cases = fc.sample(fc.tuple(fc.oneof(fc.double({ min: 0.5, max: 3, noNaN: true }), fc.double({ min: -1e5, max: 1e5, noNaN: true }).filter((x) => x !== 0)), fc.integer({ min: -300, max: 300 })), { seed: 20261203, numRuns: 2000 });
  const file = join(dir, 'pow.py');
  writeFileSync(file, `from fractions import Fraction\nfor x, k in ${JSON.stringify(cases.map(([x, k]) => [x, k]))}:\n    try:\n        print(repr(float(Fraction(x) ** k)))\n    except OverflowError:\n        print('inf')\n`);
  const py = spawnSync('python3', ['-s', '-B', '-P', file], { encoding: 'utf8', env: { PATH: process.env['PATH'] ?? '', PYTHONHASHSEED: '0' } });
  expect(py.status, py.stderr).toBe(0);
  const mine = cases.map(([x, k]) => { const r = powWhole(x, k); return r === Infinity || r === -Infinity ? 'inf' : floatRepr(r); });
  expect(mine.join('\n') + '\n').toBe(py.stdout);
});
