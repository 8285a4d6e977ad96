/**
 * list.sort is CPython's timsort, comparison for comparison: for random lists (runs up and
 * down, duplicates, nan, lengths past the 64-item minrun so that runs merge and gallop),
 * with key= and reverse=, python3 and pylite print the same sorted lists, the same number
 * of __lt__ calls of a counting class, and after a comparison that raises, the same
 * partly sorted permutation.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, expect, it } from 'vitest';
import { runSource } from './index.js';

const dir = mkdtempSync(join(tmpdir(), 'pylite-sort-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const value = fc.oneof(fc.integer({ min: -20, max: 20 }).map(String), fc.constantFrom("float('nan')", '0.5', '-0.0', '3.0'));
// runs of values around their own base: merging them gallops
const shifted = fc.tuple(fc.integer({ min: -100, max: 100 }), fc.array(fc.integer({ min: 0, max: 30 }), { minLength: 10, maxLength: 60 })).map(([b, xs]) => xs.map((x) => String(b + x)));
const run = fc.tuple(fc.oneof(fc.array(value, { maxLength: 40 }), shifted), fc.constantFrom('asc', 'desc', 'as is')).map(([xs, how]) => ({ xs, how }));
const list = fc.array(run, { minLength: 2, maxLength: 8 }).map((runs) => runs.flatMap(({ xs, how }) => {
  const nums = xs.map((x) => ({ x, v: x === "float('nan')" ? NaN : Number(x) }));
  if (how === 'asc') nums.sort((a, b) => a.v - b.v);
  if (how === 'desc') nums.sort((a, b) => b.v - a.v);
  return nums.map((n) => n.x);
}));

it('sorts 60 random lists as python3 does: results, __lt__ call counts, and the permutation left by a raising comparison', () => {
  const lists = fc.sample(list, { seed: 20261203, numRuns: 60 });
  const body = lists.map((xs, i) => `xs = [${xs.join(', ')}]
show(sorted(xs), sorted(xs, key=neg), sorted(xs, reverse=True))
calls[0] = 0
c = sorted([Counted(x) for x in xs])
print(calls[0], [x.v for x in c][:5])
mixed = list(xs)
mixed.insert(${i} % (len(mixed) + 1), 'x')
try:
    mixed.sort()
except TypeError as e:
    print(e)
show(mixed)`).join('\n');
  const source = `calls = [0]
class Counted:
    def __init__(self, v):
        self.v = v
    def __lt__(self, other):
        calls[0] += 1
        return self.v < other.v
def neg(x):
    return -x
def show(*lists):
    print([repr(x) for x in lists])
${body}
`;
  const file = join(dir, 'sort.py');
  writeFileSync(file, source);
  const py = spawnSync('python3', ['-s', '-B', '-P', file], { encoding: 'utf8', env: { PATH: process.env['PATH'] ?? '', PYTHONHASHSEED: '0' }, maxBuffer: 1 << 26 });
  expect(py.status, py.stderr).toBe(0);
  const pl = runSource(source, { filename: file });
  expect(pl.stdout, pl.stderr).toBe(py.stdout);
});
