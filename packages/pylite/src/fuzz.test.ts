/**
 * Hostile programs: 3,000 random sequences of statements, some inside the subset, some
 * outside it, some not Python at all (stray indentation, `break` and `return` where they
 * cannot be, unclosed brackets, runaway allocations and recursion, loops that never end).
 * Each ends in a clean result: exit 0, 1 after python3's kind of traceback, 2 for a
 * construct outside the subset, or 130 when the time budget interrupts it (KeyboardInterrupt,
 * as Ctrl-C does). Never an internal error, never a JavaScript exception escaping.
 */
import fc from 'fast-check';
import { expect, it } from 'vitest';
import { runSource } from './index.js';

const seed = Number(process.env.PYMM_SEED ?? 20261203);

const SNIPPETS = [
  'x = [1, 2]', 'y = {"a": x}', 'del x', 'x.append(x)', 'print(x)', 'print(repr(y))', 'z = x * 3', 'for i in range(3):', '    x = [x]',
  'if x:', '    pass', 'def f(a):', '    return f(a)', 'f(1)', 'class C:', '    pass', 'c = C()', 'c.me = c', 'import gc', 'gc.collect()',
  'import sys', 'sys.setrecursionlimit(50)', 'print(sys.getrefcount(x))', 'try:', 'except Exception as e:', '    print(type(e).__name__)',
  'while True:', '    break', 's = "a" * 10', 'print(s[1:3])', 'n = 10**30', 'print(str(n))', 'x = [0] * 10**12', 'x = (', ')', '[', '1 +',
  'lambda: 1', 'yield 1', 'import os', 'x = {1, 2} | {3}', 'print(sorted(x))', 'print(len(x))', 'x = dict(a=1)', 'assert x',
  'raise ValueError("v")', 'with x:', 'async def g(): pass', '\tx = 1', '  y = 2', 'x = 1 if True else 2', 'print(f"{x!r:>10}")',
  'x = [i for i in range(5)]', 'x = {k: v for k, v in y.items()}', 'print(int("1_0"))', 'print(round(2.5))', 'print(1/0)', 'x += 1',
  'x[0] = x', 'x = x[::-1]', 'print(hash(x))', 'import weakref', 'r = weakref.ref(c)', 'print(r())', 'global x', 'nonlocal x', 'return',
  'print(*x)', 'print(isinstance(x, list))', 'continue', 'print(str(10**5000))', 'sys.set_int_max_str_digits(640)', 'x = "\\t"',
  'print(x is None)', 'gc.disable()', 'del c', 'c.__del__ = f', 'x = x + x', 'print(x == x)', '# coding: latin-1', 'x = b"a" * -1',
  '\f', '\f    x = 2', '  \fy = 3', 'f.tag = x', 'print(f.tag)', 'del f.tag', 'print(f.__defaults__, f.__closure__, f.__dict__)', 'f.__name__ = "g"',
  'print(f.__closure__[0].cell_contents)', 'print(f.__doc__)', 's = "ab" * 10**9', 'print("%s|%5.2f|%(a)s" % x)', 'print("{0}{x!r:>{1}}".format(x, 3, x=x))', 'print(f"{x!a:_^9}")', 'print(f"{x=}", f"{x = !s:>4}")', 'y = {v for v in x}', '@property', '@staticmethod', '@classmethod', '@f.setter', 'p = property(f, f)', 'c.v = property(len)', 'print(C.v, c.v)', 'w = weakref.finalize(c, f, 1)', 'print(w.peek(), w.detach(), w.atexit)', 'w.atexit = x', 'print(len(s), s[-3:] + s[:2], s == s + "", s[::2])', 's = s + s', `z = ${Array(3000).fill('1').join(' + ')}`, `z = ${'('.repeat(300)}1${')'.repeat(300)}`,
];
const program = fc.array(fc.constantFrom(...SNIPPETS), { minLength: 1, maxLength: 14 }).map((a) => a.join('\n') + '\n');

it('3,000 hostile programs: each ends cleanly (exit 0, 1, 2 or 130), never with an internal error', () => {
  const codes: Record<number, number> = {};
  const bad: { source: string; stderr: string }[] = [];
  let n = 0;
  for (const source of fc.sample(program, { seed, numRuns: 3000 })) {
    n++;
    const deadline = Date.now() + 300;
    const r = runSource(source, { filename: 'hostile.py', interrupted: () => Date.now() > deadline });
    codes[r.exitCode] = (codes[r.exitCode] ?? 0) + 1;
    if (r.internalError !== undefined || ![0, 1, 2, 130].includes(r.exitCode) || /internal error|\n\s+at /.test(r.stderr)) bad.push({ source, stderr: r.stderr.slice(-400) });
  }
  console.log(`hostile programs: ${n}, exit status counts ${JSON.stringify(codes)}, bad ${bad.length}`);
  expect(bad).toEqual([]);
  expect(n).toBe(3000);
  // every kind of ending occurs: the check is not vacuous
  for (const c of [0, 1, 2]) expect(codes[c] ?? 0).toBeGreaterThan(20);
});
