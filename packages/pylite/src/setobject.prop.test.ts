/**
 * Sets as CPython's hash tables: random programs of set operations print exactly what
 * python3 prints (PYTHONHASHSEED=0, as the project's oracle runs it): the order sets
 * print and iterate in, which key pop() takes, and what unions, intersections and
 * differences hold in which order. Every step prints the sets, so the first difference
 * names the step.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { runSource } from './index.js';

const dir = mkdtempSync(join(tmpdir(), 'pylite-sets-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

// the interpreter itself, not a launcher script in front of it (a pyenv shim costs 0.3 s a run)
const PYTHON = spawnSync('python3', ['-c', 'import sys; print(sys.executable)'], { encoding: 'utf8' }).stdout.trim() || 'python3';

function python3(source: string): string {
  const file = join(dir, 'sets.py');
  writeFileSync(file, source);
  const r = spawnSync(PYTHON, ['-s', '-B', '-P', file], { encoding: 'utf8', env: { PATH: process.env['PATH'] ?? '', PYTHONHASHSEED: '0' } });
  return r.stdout + r.stderr;
}

// keys that collide in small tables (multiples of 8 and 32: equal low bits, and small ints'
// hashes run out of perturbation at once), negatives, -1 (hash -2), big ints (reduced
// modulo 2**61 - 1), floats equal to ints, str of each width, bytes, tuples
const key = fc.oneof(
  { arbitrary: fc.integer({ min: 0, max: 15 }).map((i) => String(i * 8)), weight: 6 },
  { arbitrary: fc.integer({ min: -3, max: 40 }).map(String), weight: 2 },
  { arbitrary: fc.constantFrom('2**61 - 1', '2**61', '2**64 + 3', '-(2**63)', '1.0', '0.5', '-2.5', 'True', 'False'), weight: 1 },
  { arbitrary: fc.stringMatching(/^[a-e]{0,3}$/).map((s) => `'${s}'`), weight: 2 },
  { arbitrary: fc.constantFrom("'é'", "'€x'", "'\\U0001f600'", "b'ab'", "b''", '(1, 2)', '(2, 1)', "('a', 0)", '()'), weight: 1 },
);
const keys = fc.array(key, { maxLength: 12 }).map((ks) => `[${ks.join(', ')}]`);
const name = fc.constantFrom('s', 't');
const many = fc.tuple(name, fc.integer({ min: 1, max: 60 }), fc.constantFrom(1, 3, 8, 16, 32, 37, 64, 97));

const step = fc.oneof(
  { arbitrary: fc.tuple(name, key).map(([n, k]) => `${n}.add(${k})`), weight: 8 },
  { arbitrary: fc.tuple(name, key).map(([n, k]) => `${n}.discard(${k})`), weight: 5 },
  { arbitrary: name.map((n) => `if ${n}: print('pop', ${n}.pop())`), weight: 4 },
  { arbitrary: name.map((n) => `${n}.clear()`), weight: 1 },
  { arbitrary: fc.tuple(name, keys).map(([n, ks]) => `${n}.update(${ks})`), weight: 1 },
  { arbitrary: name.map((n) => `${n}.update(${n === 's' ? 't' : 's'})`), weight: 1 },
  { arbitrary: many.map(([n, c, m]) => `for i in range(${c}): ${n}.add(i * ${m})`), weight: 2 },
  { arbitrary: many.map(([n, c, m]) => `for i in range(${c}): ${n}.discard(i * ${m})`), weight: 2 },
  { arbitrary: name.map((n) => `${n} = set(${n === 's' ? 't' : 's'})`), weight: 1 },
  { arbitrary: name.map((n) => `${n} = ${n === 's' ? 't' : 's'}.copy()`), weight: 1 },
  { arbitrary: fc.tuple(name, keys).map(([n, ks]) => `${n} = set(${ks})`), weight: 1 },
  { arbitrary: fc.tuple(name, keys).map(([n, ks]) => `${n} = ${ks.replace(/^\[(.*)\]$/, '{$1}')}`).filter((x) => !x.endsWith('{}')), weight: 1 },
  { arbitrary: fc.constantFrom('s | t', 's & t', 's - t', 't - s', 's ^ t', 't ^ s', 't | s', 't & s').map((e) => `print(${e})`), weight: 2 },
  { arbitrary: fc.tuple(fc.constantFrom('union', 'intersection', 'difference', 'symmetric_difference'), name, keys).map(([m, n, ks]) => `print(${n}.${m}(${ks}))`), weight: 2 },
  { arbitrary: name.map((n) => `print(list(${n}), frozenset(${n}), [x for x in ${n}])`), weight: 1 },
  { arbitrary: fc.tuple(name, keys).map(([n, ks]) => `${n} = set({k: 0 for k in ${ks}})`), weight: 1 },
  { arbitrary: keys.map((ks) => `print([x for x in ${ks.replace(/^\[(.*)\]$/, '{$1}')}], 8 in ${ks.replace(/^\[(.*)\]$/, '{$1}')})`).filter((x) => !x.includes('{]')), weight: 1 },
);

const program = fc.array(step, { minLength: 1, maxLength: 30 }).map((steps) =>
  ['s = set()', 't = {1, 2, 3}', ...steps.flatMap((x) => [x, 'print(s, t, len(s), len(t))'])].join('\n') + '\n');

describe('sets iterate, print and pop as python3 does', () => {
  it('random programs of set operations', () => {
    fc.assert(
      fc.property(program, (source) => {
        const pl = runSource(source, { filename: join(dir, 'sets.py') });
        expect(pl.stdout + pl.stderr).toBe(python3(source));
      }),
      { seed: 20261202, numRuns: 200 },
    );
  });
});
