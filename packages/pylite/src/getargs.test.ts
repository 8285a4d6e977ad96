/**
 * Builtin functions and types take their arguments as CPython declares them: wrong counts
 * and unknown keywords raise python3's TypeError word for word (they used to run with the
 * extras ignored: range(1, 2, 3, 4), sum([1], 2, 3), min([1], foo=1)); keywords CPython
 * takes but pylite does not implement are refused; min/max honour key= and default=.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { BUILTIN_SIGNATURES } from './getargs.js';
import { runSource } from './index.js';

const dir = mkdtempSync(join(tmpdir(), 'pylite-getargs-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function python3(source: string): string {
  const file = join(dir, 'calls.py');
  writeFileSync(file, source);
  const r = spawnSync('python3', ['-s', '-B', '-P', file], { encoding: 'utf8', env: { PATH: process.env['PATH'] ?? '', PYTHONHASHSEED: '0' } });
  expect(r.status, r.stderr).toBe(0);
  return r.stdout;
}

const attempt = (c: string) => `try:\n    ${c}\n    print('ran:', ${JSON.stringify(c)})\nexcept TypeError as e:\n    print(e)\n`;

it('a builtin called with the wrong arguments raises what python3 raises', () => {
  const calls: string[] = [];
  for (const [name, sig] of Object.entries(BUILTIN_SIGNATURES)) {
    if (sig === 'K') continue;
    if (sig === 'V') { calls.push(`${name}(zz=1)`); continue; }
    const [min, max] = sig === 'O' ? [1, 1] : sig === 'N' ? [0, 0] : [sig[1], sig[2]];
    for (let k = 0; k <= 4; k++) if (k < min || k > max) calls.push(`${name}(${Array.from({ length: k }, () => '[1]').join(', ')})`);
    calls.push(`${name}(${min > 0 ? `${Array.from({ length: min }, () => '[1]').join(', ')}, ` : ''}zz=1)`);
  }
  calls.push(
    'print(1, foo=2)', "print(1, sep=3)", "print(1, end=[])", 'sorted([1], foo=1)', 'sorted()', 'sorted([1], [2])', 'min([1], foo=1)', 'max()', 'min()',
    'sum()', 'sum([1], 2, 3)', 'sum([1], zz=2)', 'enumerate()', 'enumerate([1], 1, 2)', 'enumerate([1], zz=1)', 'zip([1], foo=1)',
    'round()', 'round(1.5, 1, 2)', 'round(1.5, zz=1)', 'int(1, 2, 3)', "int('1', foo=3)", 'str(1, 2, 3, 4)', 'str(zz=1)', 'bytes(1, 2, 3, 4)',
    'dict(1, 2)', 'object(1)', 'object(zz=1)', 'type()', 'type(1, 2)', 'type(1, zz=2)', 'max(1, 2, default=3)',
    'gc.collect(1, 2)', 'gc.collect(zz=1)', 'gc.get_objects(1, 2)', 'gc.get_objects(zz=1)', 'sys.getsizeof()', 'sys.getsizeof(1, 2, 3)', 'sys.getsizeof(1, zz=1)',
  );
  const source = 'import gc, sys\n' + calls.map(attempt).join('');
  const pl = runSource(source, { filename: join(dir, 'calls.py') });
  expect(pl.stderr).toBe('');
  expect(pl.stdout.split('\n')).toEqual(python3(source).split('\n'));
});

it('min, max and sum with their keywords print what python3 prints', () => {
  const source = `words = ['pear', 'fig', 'banana', 'kiwi', 'apple', 'plum']
print(max(words, key=len), min(words, key=len), max(words), min(3, 1, 2), max([], default=7), min([], key=len, default='x'))
print(max(words, key=None), sum([1, 2], start=10), sum([[1], [2]], []), max([(1, 'b'), (1, 'a')]), min(words, key=len, default=0))
print('a', 'b', sep=None, end=None)
print('a', 'b', sep='-', end='!\\n')
`;
  const pl = runSource(source, { filename: join(dir, 'kw.py') });
  expect(pl.stderr).toBe('');
  expect(pl.stdout).toBe(python3(source));
});

it('a keyword CPython takes but pylite does not implement is refused, never dropped', () => {
  for (const c of ['round(1.25, ndigits=1)', "int('11', base=2)", "str(b'x', encoding='ascii')", 'list(zip([1], [2], strict=True))', 'enumerate(iterable=[1])', 'print(1, file=[])']) {
    const r = runSource(`x = ${c}\n`, { filename: 'kw.py' });
    expect(r.exitCode, c).toBe(2);
    expect(r.stderr, c).toMatch(/kw\.py:1: .* is outside the pylite subset/);
  }
});
