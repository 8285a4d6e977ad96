/**
 * Float formatting as CPython's (format(x, spec), f-strings): correctly rounded digits from
 * the exact binary value, ties to even (f'{0.5:.0f}' is '0', f'{0.125:.2f}' is '0.12'),
 * fixed notation past 1e21 and precision past 100, 'g' choosing by the rounded exponent,
 * against python3 on random doubles and specs.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, expect, it } from 'vitest';
import { runSource } from './index.js';

const dir = mkdtempSync(join(tmpdir(), 'pylite-format-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A double as a Python literal that reads back as the same double. */
function literal(d: number): string {
  if (Object.is(d, -0)) return '-0.0';
  const s = String(d);
  return /[.eE]/.test(s) ? s : `${s}.0`;
}

it('random doubles in random float specs format as python3 formats them', () => {
  const double = fc.oneof(
    fc.double({ noNaN: true, noDefaultInfinity: true }),
    fc.integer({ min: -4000, max: 4000 }).map((n) => n / 16), // exact halves, quarters, eighths: the ties
    fc.integer({ min: -30, max: 30 }).map((e) => 10 ** e),
  );
  const spec = fc.tuple(fc.constantFrom('', '+', ' ', ',', '>12', '<9', '^11', '012', '#'), fc.option(fc.integer({ min: 0, max: 25 }), { nil: undefined }), fc.constantFrom('f', 'e', 'g', 'E', 'G', '%', ''))
    .map(([flags, prec, type]) => `${flags}${prec === undefined ? '' : `.${prec}`}${type}`);
  const cases = fc.sample(fc.tuple(double, spec), { seed: 20261202, numRuns: 500 });
  cases.push([0.5, '.0f'], [1.5, '.0f'], [2.5, '.0f'], [0.125, '.2f'], [1e22, '.2f'], [2 ** 70, 'f'], [1 / 3, '.120f'], [5e-324, '.3e'], [9.9999, '.3g'], [0.00001, 'g'], [123456789.0, ',.1f'], [1.5, '#.0f'], [2.5, '#.0%'], [3.0, '#.0e'], [1e-7, '#.3']);
  const source = cases.map(([d, s]) => `print(format(${literal(d)}, ${JSON.stringify(s)}))`).join('\n') + '\n';
  const file = join(dir, 'floats.py');
  writeFileSync(file, source);
  const py = spawnSync('python3', ['-s', '-B', '-P', file], { encoding: 'utf8', env: { PATH: process.env['PATH'] ?? '', PYTHONHASHSEED: '0' } });
  expect(py.status, py.stderr).toBe(0);
  const pl = runSource(source, { filename: file });
  expect(pl.stderr).toBe('');
  const want = py.stdout.split('\n'), got = pl.stdout.split('\n');
  const diffs = want.map((w, i) => (w === got[i] ? null : `format(${literal(cases[i]![0])}, '${cases[i]![1]}'): python3 ${w}, pylite ${got[i]}`)).filter((x) => x !== null);
  expect(diffs).toEqual([]);
});
