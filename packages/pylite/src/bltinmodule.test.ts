/**
 * round() as CPython 3.11 rounds: floats by their exact binary value to ndigits places,
 * ties to even (round(0.125, 2) is 0.12, round(2.675, 2) is 2.67), negative ndigits for
 * floats and ints (round(15, -1) is 20; it used to end in an internal error or return 15),
 * bools to ints, and the errors for infinities, NaN and types without __round__.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, expect, it } from 'vitest';
import { runSource } from './index.js';

const dir = mkdtempSync(join(tmpdir(), 'pylite-round-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

it('round() of random doubles and ints, with and without ndigits, prints what python3 prints', () => {
  const doubles = fc.sample(fc.oneof(fc.double({ noNaN: true, noDefaultInfinity: true }), fc.integer({ min: -100000, max: 100000 }).map((n) => n / 8), fc.integer({ min: -1000, max: 1000 }).map((n) => n / 1000)), { seed: 20261202, numRuns: 300 });
  const nds = fc.sample(fc.integer({ min: -6, max: 20 }), { seed: 20261203, numRuns: 300 });
  const ints = fc.sample(fc.bigInt({ min: -(10n ** 30n), max: 10n ** 30n }), { seed: 20261204, numRuns: 60 });
  const lines = doubles.map((d, i) => `print(round(${repr(d)}, ${nds[i]}), round(${repr(d)}))`);
  lines.push(...ints.map((n, i) => `print(round(${n}, ${-(nds[i]! % 7) - 1}), round(${n}, 3))`));
  lines.push('print(round(True), round(False, 2), round(0.5), round(-0.5), round(-0.4, 0), round(1e300, -299), round(5e-324, 330), round(7.0, -400))');
  lines.push("for bad in ('x', float('inf'), float('nan')):\n    try:\n        round(bad)\n    except (TypeError, ValueError, OverflowError) as e:\n        print(type(e).__name__, e)");
  const source = lines.join('\n') + '\n';
  const file = join(dir, 'round.py');
  writeFileSync(file, source);
  const py = spawnSync('python3', ['-s', '-B', '-P', file], { encoding: 'utf8', env: { PATH: process.env['PATH'] ?? '', PYTHONHASHSEED: '0' } });
  expect(py.status, py.stderr).toBe(0);
  const pl = runSource(source, { filename: file });
  expect(pl.stderr).toBe('');
  expect(pl.stdout.split('\n')).toEqual(py.stdout.split('\n'));
});

/** A double as a Python literal that reads back as the same double. */
function repr(d: number): string {
  if (Object.is(d, -0)) return '-0.0';
  const s = String(d);
  return /[.eE]/.test(s) ? s : `${s}.0`;
}
