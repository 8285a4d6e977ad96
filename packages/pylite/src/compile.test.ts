/**
 * What the compiler does before the module runs, against python3: equal constants of a
 * module are one object (merge_consts_recursive: `a = 1000; b = 1000; a is b` is True, also
 * across functions and for tuples of constants), and `is` with a literal prints the
 * compiler's SyntaxWarning on stderr, each one, before any output.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, expect, it } from 'vitest';
import { runSource } from './index.js';

const dir = mkdtempSync(join(tmpdir(), 'pylite-compile-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function both(source: string) {
  const file = join(dir, 'prog.py');
  writeFileSync(file, source);
  const py = spawnSync('python3', ['-s', '-B', '-P', file], { encoding: 'utf8', env: { PATH: process.env['PATH'] ?? '', PYTHONHASHSEED: '0' } });
  return { py, pl: runSource(source, { filename: file }) };
}

it('equal constants are one object, in the module and its functions', () => {
  const { py, pl } = both(`a = 1000
b = 1000
c, d = 2.5, 2.5
e = 'hello world!'
f = 'hello world!'
g = (1, (2, 'x'))
h = (1, (2, 'x'))
def k():
    return 1000, (1, (2, 'x')), -0.0
print(a is b, c is d, e is f, g is h, k()[0] is a, k()[1] is g, 0.0 is -0.0 if False else k()[2] is -0.0)
print(1 is 1.0 if False else (1000 == 1000.0), [1000] == [1000.0])
`);
  expect(py.status, py.stderr).toBe(0);
  expect(pl.stdout).toBe(py.stdout);
});

it('"is" with a literal warns as the compiler does, on stderr before the output', () => {
  const { py, pl } = both(`x = 5
if x is 5:
    print('five')
print(x is not 'a', x is None, None is x, x is -1)
for i in range(2):
    print(i is 0, i is 0)
`);
  expect(py.status).toBe(0);
  expect(pl.stdout).toBe(py.stdout);
  expect(pl.stderr).toBe(py.stderr);
});

it('a dict display runs every key and value before inserting (up to 15 pairs), presized as BUILD_MAP presizes', () => {
  const pairs = (n: number) => Array.from({ length: n }, (_, i) => `x + ${i}: ${i}`).join(', ');
  const { py, pl } = both(`import sys
def loud(x):
    print('eval', x)
    return x
try:
    d = {loud(1): loud([]), loud([]): loud(2), loud(3): loud(4)}
except TypeError as e:
    print(e)
x = 0
for d in ({${pairs(6)}}, {${pairs(15)}}, {${pairs(16)}}, {${pairs(17)}}, {${pairs(40)}}, {'a': 1, 'b': 2, 'c': 3, 'd': 4, 'e': 5, 'f': 6, 'g': 7}):
    print(len(d), sys.getsizeof(d), list(d)[-2:])
`);
  expect(py.status, py.stderr).toBe(0);
  expect(pl.stdout).toBe(py.stdout);
});

it('not, and, or and comparisons group as Python groups them (`not a or b` is `(not a) or b`), for 400 random expressions', () => {
  const leaf = fc.constantFrom('a', 'b', 'c', '0', '1', '[]', 'x');
  const expr: fc.Arbitrary<string> = fc.letrec<{ e: string }>((tie) => ({
    e: fc.oneof(
      { depthSize: 'small', withCrossShrink: true },
      leaf,
      tie('e').map((e) => `not ${e}`),
      // a comparison's right operand cannot start with `not` unless parenthesized
      fc.tuple(tie('e'), fc.constantFrom(' and ', ' or ', ' == ', ' != ', ' is '), tie('e'))
        .map(([l, op, r]) => `${l}${op}${op !== ' and ' && op !== ' or ' && r.startsWith('not ') ? `(${r})` : r}`),
      tie('e').map((e) => `(${e})`),
    ),
  })).e;
  const lines = fc.sample(expr, { seed: 20261203, numRuns: 400 }).map((e) => `print(repr(${e}))`);
  const { py, pl } = both(`a, b, c, x = 0, 1, 2, [0]\n${lines.join('\n')}\n`);
  expect(py.status, py.stderr).toBe(0);
  expect(pl.stdout).toBe(py.stdout);
});
