/**
 * Builtin methods take their arguments as CPython declares them: a call with too few or too
 * many, or with a keyword the method does not take, raises python3's TypeError, word for
 * word (it used to run with the extra arguments ignored: `l.append(1, foo=2)` appended 1).
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { runSource } from './index.js';
import { METHOD_SIGNATURES } from './methodobject.js';

const dir = mkdtempSync(join(tmpdir(), 'pylite-methods-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const RECEIVER: Record<string, string> = { list: '[1, 2]', dict: '{1: 2}', set: '{1, 2}', frozenset: 'frozenset([1, 2])', str: "'a b'", tuple: '(1, 2)', int: '(5)', property: 'property()' };

/** Every call the signature table says is wrong: argument counts around the valid range, and a keyword. */
function wrongCalls(): string[] {
  const calls: string[] = [];
  for (const [q, sig] of Object.entries(METHOD_SIGNATURES)) {
    const [t, m] = q.split('.') as [string, string];
    const call = (args: string) => `${RECEIVER[t]}.${m}(${args})`;
    const n = (k: number) => Array.from({ length: k }, () => "'a'").join(', ');
    const [min, max] = sig === 'O' ? [1, 1] : sig === 'N' ? [0, 0] : sig === 'V' || sig === 'K' ? [0, Infinity] : [sig[1], sig[2]];
    for (let k = 0; k <= 4; k++) if (k < min || k > max) calls.push(call(n(k)));
    if (sig !== 'K') calls.push(call(min > 0 ? `${n(min)}, zz=1` : 'zz=1'));
  }
  calls.push("[1].sort(1)", "[1].sort(zz=1)", "[1].sort(1, 2, 3)", "'a b'.split(1, 2, 3)", "'a'.splitlines(1, 2)");
  return calls;
}

it('a builtin method called with the wrong arguments raises what python3 raises', () => {
  // each as obj.meth(...) and through a bound method object (the two word some errors apart)
  const attempt = (c: string) => `try:\n    ${c}\n    print('ran:', ${JSON.stringify(c)})\nexcept TypeError as e:\n    print(e)\n`;
  const source = wrongCalls().map((c) => attempt(c) + attempt(`f = ${c.replace(/\(([^()]*)\)$/, '\nf($1)')}`.replace('\nf(', '\n    f('))).join('');
  const file = join(dir, 'methods.py');
  writeFileSync(file, source);
  const py = spawnSync('python3', ['-s', '-B', '-P', file], { encoding: 'utf8', env: { PATH: process.env['PATH'] ?? '', PYTHONHASHSEED: '0' } });
  expect(py.status, py.stderr).toBe(0);
  expect(py.stdout).not.toContain('ran:');
  const pl = runSource(source, { filename: file });
  expect(pl.stderr).toBe('');
  expect(pl.stdout.split('\n')).toEqual(py.stdout.split('\n'));
});

it('a keyword CPython takes but pylite does not implement is refused, never dropped', () => {
  for (const c of ["'a b'.split(maxsplit=1)", "{}.update(a=1)", "'a'.splitlines(keepends=True)"]) {
    const r = runSource(`x = ${c}\n`, { filename: 'kw.py' });
    expect(r.exitCode, c).toBe(2);
    expect(r.stderr, c).toMatch(/kw\.py:1: keyword arguments to \w+\.\w+\(\) is outside the pylite subset/);
  }
});
