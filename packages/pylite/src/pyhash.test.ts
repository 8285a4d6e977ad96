/**
 * hash() in pylite prints what `PYTHONHASHSEED=0 python3` prints: str / bytes by
 * SipHash-1-3, numbers, tuples and frozensets by their CPython algorithms, and the same
 * TypeErrors for unhashable values.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { runSource } from './index.js';

const dir = mkdtempSync(join(tmpdir(), 'pylite-hash-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const PROGRAM = `print(hash('abc'), hash(b'x'), hash((1, 'a')), hash(frozenset({1, 2})))
print(hash(''), hash(b''), hash('\u00e9'), hash('\u20acuro'), hash('\u{1F600} emoji'), hash('x' * 100))
print(hash(1.5), hash(-0.1), hash(2**100), hash(-1), hash(float('inf')), hash(()), hash(((1, 2), 'z', b'q')))
print(hash(True), hash(None) == hash(None), hash(frozenset()), hash(frozenset({'a', (1, 2.5)})))
class P:
    def __eq__(self, other):
        return True
for v in ([1], (1, [2]), {1: 2}, {1}, P()):
    try:
        hash(v)
    except TypeError as e:
        print('TypeError:', e)
d = {'abc': 1, (1, 'a'): 2}
print(d['abc'], d[(1, 'a')], 'abc' in {'abc', 'x'})
class H:
    def __init__(self, v):
        self.v = v
    def __hash__(self):
        return self.v
for v in (7, -1, 2**63 - 1, 2**63, -(2**63) - 1, 2**70, True):
    print(hash(H(v)))
try:
    hash(H('x'))
except TypeError as e:
    print('TypeError:', e)
`;

it('hash() of str, bytes, numbers, tuples and frozensets prints what python3 prints (PYTHONHASHSEED=0)', () => {
  const file = join(dir, 'hashes.py');
  writeFileSync(file, PROGRAM);
  const py = spawnSync('python3', ['-s', '-B', '-P', file], {
    encoding: 'utf8', env: { PATH: process.env['PATH'] ?? '', PYTHONHASHSEED: '0', PYTHONUTF8: '1' },
  });
  expect(py.status, py.stderr).toBe(0);
  const pl = runSource(PROGRAM, { filename: file });
  expect(pl).toEqual({ exitCode: 0, stdout: py.stdout, stderr: '' });
});

it('a class whose __hash__ or __eq__ would decide a dict key or set item is refused, not compared by identity', () => {
  for (const [what, use] of [['__hash__', '{K(1): 0}'], ['__eq__', '{K(1)}'], ['__hash__', 'K(1) in {1, 2}'], ['__hash__', 'dict([((1, K(1)), 0)])']] as const) {
    const body = what === '__hash__' ? 'def __hash__(self):\n        return 1' : 'def __eq__(self, o):\n        return True\n    def __hash__(self):\n        return 1';
    const source = `class K:\n    def __init__(self, v):\n        self.v = v\n    ${body}\nx = ${use}\n`;
    const r = runSource(source, { filename: 'keys.py' });
    expect(r.exitCode, source).toBe(2);
    expect(r.stderr).toMatch(/keys\.py:\d+: an instance of a class defining __(hash|eq)__ as a dict key or set item is outside the pylite subset/);
  }
});
