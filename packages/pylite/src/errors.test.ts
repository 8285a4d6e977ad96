/**
 * The three ways a program can fail, against what python3 prints: a syntax error, an
 * uncaught exception (the whole traceback, carets included), and a construct outside the
 * subset (pylite's own message: the file, the line and the construct; exit status 2).
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runSource } from './index.js';

const dir = mkdtempSync(join(tmpdir(), 'pylite-errors-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Runs `source` as a file under python3 and under pylite: both results. */
function both(name: string, source: string) {
  const file = join(dir, name);
  writeFileSync(file, source);
  const py = spawnSync('python3', ['-s', '-B', '-P', file], { encoding: 'utf8', env: { PATH: process.env['PATH'] ?? '', PYTHONHASHSEED: '0' } });
  const pl = runSource(source, { filename: file });
  return { py: { exitCode: py.status, stdout: py.stdout, stderr: py.stderr }, pl };
}

describe('errors, as python3 reports them', () => {
  const syntaxErrors: [string, string][] = [
    ['an incomplete expression', 'print(1)\nx = 1 +\n'],
    ['an unclosed bracket', 'x = (1,\ny = 2\n'],
    ['a mismatched bracket', 'x = [1, 2\nprint(x))\n'],
    ['a stray keyword', 'def f():\n    return\nelse: pass\n'],
  ];
  for (const [what, source] of syntaxErrors) {
    it(`a syntax error: ${what}`, () => {
      const { py, pl } = both('syntax.py', source);
      expect(pl.exitCode).toBe(py.exitCode);
      expect(pl.stdout).toBe('');
      // the file, the line and the message; pylite's caret may sit elsewhere on the line
      const lines = (s: string) => s.trimEnd().split('\n');
      expect(lines(pl.stderr)[0]).toBe(lines(py.stderr)[0]);
      expect(lines(pl.stderr)[1]).toBe(lines(py.stderr)[1]);
      if (what !== 'a stray keyword') expect(pl.stderr).toBe(py.stderr);
      else expect(lines(pl.stderr).at(-1)).toBe('SyntaxError: invalid syntax');
    });
  }

  const uncaught: [string, string][] = [
    ['through two calls, with ~~^~~ under the operation', 'def f(x):\n    return 1 / x\n\ndef g():\n    return f(0)\n\nprint("start")\ng()\n'],
    ['a KeyError from a subscript', "d = {'a': 1}\nprint(d['a'])\nprint(d['b'])\n"],
    ['a ValueError from an extended slice assignment (carets to the bracket)', "l = [1, 2, 3, 4]\nl[::2] = ['a', 'b', 'c']\n"],
    ['a slice as a dict key (unhashable in 3.11)', "d = {}\nx = d[1:2]\n"],
    ['an AttributeError on a store', 'class P:\n    __slots__ = ("x",)\np = P()\np.x = 1\np.y = 2\n'],
    ['a failed assert with a message', 'def check(n):\n    assert n > 0, f"bad {n}"\ncheck(1)\ncheck(-2)\n'],
    ['a NameError', 'x = 1\nprint(x + undefined_name)\n'],
    ['a re-raised exception keeps its first traceback', 'def get(k):\n    try:\n        return {}[k]\n    except KeyError:\n        print("missing", k)\n        raise\nget("port")\n'],
    ['raise of a builtin exception with a message', 'raise ValueError("bad value")\n'],
    ['raised while handling another: both, "During handling of the above exception"', 'def load(k):\n    return {}[k]\n\ntry:\n    load("x")\nexcept KeyError:\n    print(1 / 0)\n'],
    ['raise ... from: "The above exception was the direct cause"', 'try:\n    int("x")\nexcept ValueError as e:\n    raise KeyError("cfg") from e\n'],
    ['a chain of three, and from None hiding its context', 'try:\n    try:\n        [][0]\n    except IndexError:\n        raise TypeError("t") from None\nexcept TypeError as t:\n    print(t.__suppress_context__, type(t.__context__).__name__)\n    try:\n        {}[1]\n    except KeyError:\n        raise OSError("o")\n'],
    ['a raise in a finally block run by a pending exception: the chain', 'def f():\n    try:\n        {}["k"]\n    finally:\n        print(1 / 0)\n\nf()\n'],
    ['a line repeated 4 times: "1 more time"', 'def f(n):\n    return 1 // n if n == 0 else f(n - 1)\n\nf(3)\n'],
    ['a cause that was never raised has no traceback of its own', 'raise KeyError("k") from ValueError("v")\n'],
    ['from a with block whose __exit__ raises', 'class CM:\n    def __enter__(self):\n        return self\n    def __exit__(self, *a):\n        raise RuntimeError("exit")\n\nwith CM():\n    1 / 0\n'],
  ];
  for (const [what, source] of uncaught) {
    it(`an uncaught exception: ${what}`, () => {
      const { py, pl } = both('uncaught.py', source);
      expect(py.exitCode).toBe(1);
      expect(pl).toEqual(py);
    });
  }

  it('a construct outside the subset: named with its line, exit status 2, no output', () => {
    const file = join(dir, 'gen.py');
    const r = runSource('x = 1\ndef g():\n    yield x\n', { filename: file });
    expect(r).toEqual({ exitCode: 2, stdout: '', stderr: `pylite: ${file}:3: a yield statement is outside the pylite subset\n` });
    const w = runSource('print(1)\nmatch 1:\n    case 1:\n        pass\n', { filename: file });
    expect(w).toEqual({ exitCode: 2, stdout: '', stderr: `pylite: ${file}:2: 'match' is outside the pylite subset\n` });
    // valid 3.11 that the grammar pylite parses with lacks: refused, not called a SyntaxError
    for (const header of ['with C() as (a, b):', 'with (C() as a, C() as b):']) {
      const r = runSource(`class C:\n    pass\n${header}\n    pass\n`, { filename: file });
      expect(r).toEqual({ exitCode: 2, stdout: '', stderr: `pylite: ${file}:3: a with statement's parenthesized items, or a target that is not a name, is outside the pylite subset\n` });
    }
    // a builtin pylite does not have is refused where the program reaches it
    const open = runSource('print(1)\nwith open("f") as f:\n    pass\n', { filename: file });
    expect(open).toEqual({ exitCode: 2, stdout: '1\n', stderr: `pylite: ${file}:2: the built-in 'open' is outside the pylite subset\n` });
    const imp = runSource('import os\n', { filename: file });
    expect(imp.stderr).toBe(`pylite: ${file}:1: import of 'os' is outside the pylite subset\n`);
    // not silently skipped (it once defined a function named 'def')
    const asyncDef = runSource('print(1)\nasync def f():\n    return 1\nprint(f)\n', { filename: file });
    expect(asyncDef).toEqual({ exitCode: 2, stdout: '', stderr: `pylite: ${file}:2: 'async def' is outside the pylite subset\n` });
    const derived = runSource('class MyError(Exception):\n    pass\n', { filename: file });
    expect(derived.stderr).toBe(`pylite: ${file}:1: a class deriving from the built-in 'Exception' is outside the pylite subset\n`);
    // function attributes pylite does not keep are refused, never a wrong AttributeError or None
    const doc = runSource('def f():\n    "the doc"\n    return 1\nprint(f.__doc__)\n', { filename: file });
    expect(doc).toEqual({ exitCode: 2, stdout: '', stderr: `pylite: ${file}:4: a function's docstring (__doc__) is outside the pylite subset\n` });
    const setName = runSource('def f():\n    return 1\nf.__name__ = "g"\n', { filename: file });
    expect(setName.stderr).toBe(`pylite: ${file}:3: setting function.__name__ is outside the pylite subset\n`);
    const code = runSource('def f():\n    return 1\nprint(f.__code__)\n', { filename: file });
    expect(code.stderr).toBe(`pylite: ${file}:3: function.__code__ is outside the pylite subset\n`);
  });

  it('recursion without end: RecursionError as python3 says it, or a one-line refusal naming the line when the stack runs out first; never a JavaScript error', () => {
    const source = 'def down(n):\n    return down(n + 1)\n\nprint("start")\ndown(0)\n';
    const { py, pl } = both('recurse.py', source);
    expect(py.exitCode).toBe(1);
    expect(pl.stdout).toBe(py.stdout);
    if (pl.exitCode === 1) expect(pl.stderr.trimEnd().split('\n').at(-1)).toBe(py.stderr.trimEnd().split('\n').at(-1));
    else {
      expect(pl.exitCode).toBe(2);
      expect(pl.stderr).toMatch(new RegExp(`^pylite: ${join(dir, 'recurse.py')}:2: the program recurses deeper than pylite's JavaScript stack allows here \\(\\d+ Python frames deep`));
      expect(pl.internalError).toBeInstanceOf(RangeError);
    }
  });

  it('an interrupt (Ctrl-C) raises KeyboardInterrupt at the next statement, as CPython does on SIGINT', () => {
    let polls = 0;
    const r = runSource('for i in range(10):\n    print(i)\n', { filename: 'loop.py', interrupted: () => ++polls > 3 });
    // polled before each statement: the for (1), print(0) (2), print(1) (3), then print(2) is interrupted
    expect(r.stdout).toBe('0\n1\n');
    expect(r.stderr.trimEnd().split('\n').at(-1)).toBe('KeyboardInterrupt');
    expect(r.stderr).toContain('line 2, in <module>');
    expect(r.exitCode).toBe(130);
  });
});
