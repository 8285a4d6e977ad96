import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

const bin = fileURLToPath(new URL('../bin/pymm.mjs', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'pymm-run-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
// a child that hangs fails its test (status null) instead of holding the whole run up
const pymm = (...args: string[]) => spawnSync(process.execPath, [bin, ...args], { encoding: 'utf8', maxBuffer: 64 << 20, timeout: 120_000, killSignal: 'SIGKILL' });
/** A program of these lines in the test's directory. */
const program = (name: string, lines: string[]): string => {
  const file = join(dir, name);
  writeFileSync(file, lines.join('\n') + '\n');
  return file;
};
/** stdout and stderr in one stream, as a terminal shows them: their order is the test. */
const merged = (argv: string[]) => spawnSync('sh', ['-c', '"$@" 2>&1', 'sh', ...argv], { encoding: 'utf8', maxBuffer: 64 << 20 });

/** Starts `pymm run`, waits until its stdout shows `ready`, and gives a way to send signals and await the end. */
function started(args: string[], ready: string): Promise<{ signal(s: NodeJS.Signals): void; done: Promise<{ code: number | null; stdout: string; stderr: string }> }> {
  const p = spawn(process.execPath, [bin, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '', stderr = '';
  p.stderr.on('data', (c: Buffer) => { stderr += c.toString(); });
  const done = new Promise<{ code: number | null; stdout: string; stderr: string }>((ok) => p.on('close', (code) => ok({ code, stdout, stderr })));
  return new Promise((ok, bad) => {
    const t = setTimeout(() => { p.kill('SIGKILL'); bad(new Error(`no '${ready}' on stdout in 60 s; stderr: ${stderr}`)); }, 60_000);
    p.stdout.on('data', (c: Buffer) => {
      stdout += c.toString();
      if (stdout.includes(ready)) { clearTimeout(t); ok({ signal: (s) => p.kill(s), done }); }
    });
  });
}

describe('pymm run', () => {
  it('runaway requests: MemoryError and OverflowError where python3 raises them, before the host allocates; --max-memory sets the limit', () => {
    const file = join(dir, 'memory.py');
    writeFileSync(file, "def attempt(what, make):\n    try:\n        print(what, len(make()))\n    except (MemoryError, OverflowError) as e:\n        print(what, type(e).__name__, e)\n\n\ndef empty_times_big():\n    return [] * 10**12\n\n\ndef too_many():\n    return [0] * 10**12\n\n\ndef way_too_many():\n    return [0] * 10**19\n\n\ndef str_big():\n    return \"a\" * 10**13\n\n\ndef str_huge():\n    return \"ab\" * 2**62\n\n\ndef bytes_big():\n    return b\"a\" * 10**13\n\n\ndef tuple_big():\n    return (0,) * 10**12\n\n\ndef negative():\n    return [0] * -5\n\n\ndef ok():\n    return [1, 2] * 1000\n\n\nfor w, f in [(\"[]*1e12\", empty_times_big), (\"[0]*1e12\", too_many), (\"[0]*1e19\", way_too_many), (\"str\", str_big), (\"str2\", str_huge), (\"bytes\", bytes_big), (\"tuple\", tuple_big), (\"neg\", negative), (\"ok\", ok)]:\n    attempt(w, f)\nx = [0]\ntry:\n    x *= 10**12\nexcept MemoryError as e:\n    print(\"*=\", type(e).__name__, len(x))\nx = [0] * 10**12\n");
    const py = spawnSync('python3', [file], { encoding: 'utf8' });
    expect(py.stdout).toContain('[0]*1e12 MemoryError');
    const r = pymm('run', file);
    expect([r.status, r.stdout, r.stderr]).toEqual([py.status, py.stdout, py.stderr]);
    const small = join(dir, 'small.py');
    writeFileSync(small, 'try:\n    x = [0] * 10**6\n    print(len(x))\nexcept MemoryError:\n    print("MemoryError")\n');
    expect(pymm('run', small, '--max-memory', '1M').stdout).toBe('MemoryError\n');
    expect(pymm('run', small, '--max-memory', '16M').stdout).toBe('1000000\n');
    // growth one request at a time is held to the limit too (an appending loop once took 7.9 GB)
    const grow = program('grow.py', ['l = []', 'try:', '    while True:', '        l.append([1])', 'except MemoryError:', '    n = len(l)', '    del l', "    print('MemoryError', n > 100000)", 'd = {}', 'while True:', "    d[len(d)] = 'x' * 100"]);
    const g = pymm('run', grow, '--max-memory', '16M');
    expect([g.status, g.stdout]).toEqual([1, 'MemoryError True\n']);
    expect(g.stderr).toBe(`Traceback (most recent call last):\n  File "${grow}", line 11, in <module>\n    d[len(d)] = 'x' * 100\nMemoryError\n`);
    // an instance whose values array cannot be had goes again (init_inline_values failing): no orphans
    const orphans = program('orphans.py', ['import gc', 'class C:', '    def __init__(self):', '        self.a = 1', 'keep = []', 'errors = 0', 'while errors < 30:', '    try:', '        keep.append(C())', '    except MemoryError:', '        errors += 1', 'del keep[-1000:]', 'n = 0', 'for o in gc.get_objects():', '    if type(o) is C:', '        n += 1', 'print(len(keep) == n, n > 1000)']);
    expect(pymm('run', orphans, '--max-memory', '4M').stdout).toBe('True True\n');
    // a str of more than 2 GiB: refused by name (the heap keeps sizes in 32 bits), never a wrapped size
    const huge = program('huge.py', ['import sys', "s = 'a' * (3 * 10**9)", 'print(sys.getsizeof(s))']);
    expect(pymm('run', huge, '--max-memory', '8G').stderr).toBe(`pylite: ${huge}:2: an object of more than 2,147,479,551 bytes is outside the pylite subset\n`);
    const bad = pymm('run', small, '--max-memory', '2X');
    expect([bad.status, bad.stderr]).toEqual([2, `pymm run: --max-memory takes a size from 1K to 1024G (bytes, or a number with K, M or G), not "2X" (see 'pymm help run')\n`]);
  });

  it("a str longer than a JavaScript string ('a' * 10**9) as python3 makes it, through a log and back; what pylite cannot do with one is refused by name", () => {
    const file = program('long.py', [
      'import sys',
      "s = 'a' * 10**9",
      'print(len(s), sys.getsizeof(s), s[:3], s[-2:], s[999999999], bool(s), s[:] is s)',
      'del s',
      "s = 'ab' * (3 * 10**8)",
      "t = 'é' + s[2:]",
      'print(len(t), sys.getsizeof(t), t[:3], t[-3:], t == s, t != s, t[1:9] == s[2:10])',
      'del t',
      "print(s == 'ab' * (3 * 10**8), s[::1] is s, (s + 'c')[-3:], ('€' + s)[:4], len(s * 2))",
      'try:',
      '    s * 10**4',
      'except MemoryError:',
      "    print('MemoryError')",
    ]);
    const py = spawnSync('python3', [file], { encoding: 'utf8' });
    expect(py.status).toBe(0);
    const log = join(dir, 'long.pymmlog');
    const r = pymm('run', file, '--log', log, '--force');
    expect([r.status, r.stdout, r.stderr]).toEqual([0, py.stdout, '']);
    // the log keeps how the text was made, not a billion characters
    const objects = pymm('heap', 'objects', log, '--type', 'str', '--line', '3');
    expect(objects.stdout).toMatch(/str#\d+ "aaaa[a]*…" \(1,000,000,000 characters\)/);
    const jsonl = join(dir, 'long.jsonl'), back = join(dir, 'long2.pymmlog');
    expect(pymm('log', 'export', log, '-o', jsonl, '--force').status).toBe(0);
    expect(readFileSync(jsonl, 'utf8')).toContain('"value":{"longText":[["a",1000000000]]}');
    expect(pymm('log', 'import', jsonl, '-o', back, '--force').status).toBe(0);
    expect(pymm('log', 'export', back).stdout).toBe(pymm('log', 'export', log).stdout);
    expect(pymm('verify', back).status).toBe(0);
    const refused = program('longhash.py', ["s = 'a' * 10**9", 'print(len(s))', 'print(hash(s))']);
    const h = pymm('run', refused);
    expect([h.status, h.stdout, h.stderr]).toEqual([2, '1000000000\n', `pylite: ${refused}:3: hash() on a str of 1,000,000,000 characters is outside the pylite subset: a str longer than a JavaScript string (536,870,888 characters) is kept for len(), indexing, slicing, ==, !=, +, * and print() only\n`]);
  });

  it('reads a source as python3 does: a BOM, a coding cookie on line 1 or 2, else UTF-8 (an invalid byte is its SyntaxError)', () => {
    const cases: [string, Buffer][] = [
      ['latin1.py', Buffer.concat([Buffer.from('# -*- coding: latin-1 -*-\nprint("caf'), Buffer.from([0xe9]), Buffer.from('")\n')])],
      ['vim.py', Buffer.concat([Buffer.from('#!/usr/bin/env python3\n# vim: set fileencoding=latin1 :\nprint("'), Buffer.from([0xe9]), Buffer.from('")\n')])],
      ['bad1.py', Buffer.concat([Buffer.from('print("ok '), Buffer.from([0xff]), Buffer.from('")\n')])],
      ['bad2.py', Buffer.concat([Buffer.from('print("a")\nprint("ok '), Buffer.from([0xc3]), Buffer.from('")\n')])],
      ['late.py', Buffer.concat([Buffer.from('x = 1\n# coding: latin-1\nprint("'), Buffer.from([0xe9]), Buffer.from('")\n')])],
      ['bom.py', Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('x = 1\nprint(x)\n')])],
      ['bomlatin.py', Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('# coding: latin-1\nprint(1)\n')])],
    ];
    for (const [name, bytes] of cases) {
      const file = join(dir, name);
      writeFileSync(file, bytes);
      const py = spawnSync('python3', [file], { encoding: 'utf8' });
      const r = pymm('run', file);
      expect([name, r.status, r.stdout, r.stderr]).toEqual([name, py.status, py.stdout, py.stderr]);
    }
    // an encoding python3 knows and pylite does not decode is refused, not guessed
    const other = join(dir, 'cp437.py');
    writeFileSync(other, '# coding: cp437\nprint(1)\n');
    const r = pymm('run', other);
    expect([r.status, r.stdout, r.stderr]).toEqual([2, '', `pylite: ${other}:1: the source encoding 'cp437' (pylite reads utf-8 and latin-1) is outside the pylite subset\n`]);
  });

  it('long expressions: chains of 700, 1,500 and 2,399 operators print what python3 prints; deeper ones are refused by name', () => {
    const join = (n: number, x: string, op: string) => Array<string>(n).fill(x).join(` ${op} `);
    for (const n of [700, 1500, 2399]) {
      const file = program(`chain${n}.py`, [
        `a = ${join(n, '1', '+')}`, 'y = 3', 'z = 4', `b = ${join(n, 'y', '-')}`, `c = ${join(n, 'y', 'and')}`,
        `d = ${join(n, 'y', '*')} % 1000`, `e = ${join(n, 'y', '<')}`, `f = ${'('.repeat(150)}1${')'.repeat(150)}`, 'print(a, b, c, d, e, f)',
      ]);
      const py = spawnSync('python3', [file], { encoding: 'utf8' });
      expect(py.stderr).toBe('');
      const r = pymm('run', file);
      expect([r.status, r.stderr, r.stdout]).toEqual([0, '', py.stdout]);
    }
    // lezer keeps a tree's shape to 2,500 levels; python3 compiles about 3,000
    const deep = program('deep.py', ['x = 1', `y = ${join(2500, 'x', '+')}`]);
    const r = pymm('run', deep);
    expect([r.status, r.stdout, r.stderr]).toEqual([2, '', `pylite: ${deep}:2: an expression nested more than 2,400 deep is outside the pylite subset\n`]);
  });

  it("runaway data: a 100,000-deep nested list's repr and str raise RecursionError as in python3 (not the host's stack)", () => {
    const file = join(dir, 'deep.py');
    writeFileSync(file, [
      'x = []', 'for i in range(100000):', '    x = [x]',
      'try:', '    print(len(repr(x)))', 'except RecursionError as e:', '    print("RecursionError:", e)',
      'd = {}', 'for i in range(100000):', '    d = {1: d}',
      'try:', '    print(d)', 'except RecursionError as e:', '    print("RecursionError:", e)',
      'print(x == x, len(x))', '',
    ].join('\n'));
    const py = spawnSync('python3', [file], { encoding: 'utf8' });
    expect(py.stdout).toContain('RecursionError: maximum recursion depth exceeded while getting the repr of an object\n');
    const r = pymm('run', file);
    expect([r.status, r.stdout, r.stderr]).toEqual([py.status, py.stdout, py.stderr]);
  });

  it('prints what python3 prints, and --log writes a heap log the heap questions read', () => {
    const file = join(dir, 'cycle.py');
    writeFileSync(file, 'import gc\ngc.disable()\ngc.collect()\nclass Node:\n    pass\na = Node()\na.me = a\ndel a\nprint("collected", gc.collect())\n');
    const py = spawnSync('python3', [file], { encoding: 'utf8' });
    const log = join(dir, 'cycle.pymmlog');
    const r = pymm('run', file, '--log', log);
    expect(r.status).toBe(0);
    expect(r.stdout).toBe(py.stdout);
    // determinism: the same program gives a byte-identical log
    const again = join(dir, 'cycle2.pymmlog');
    expect(pymm('run', file, '--log', again).status).toBe(0);
    expect(readFileSync(again).equals(readFileSync(log))).toBe(true);
    const c = pymm('heap', 'collections', log);
    expect(c.status).toBe(0);
    expect(c.stdout).toMatch(/gen 2: 1 collected, 0 uncollectable[^\n]*\[line 9: print\("collected", gc\.collect\(\)\)\]/);
  });

  it('exit statuses: 1 after a traceback, 2 outside the subset, for a missing file or an unknown profile', () => {
    const bad = join(dir, 'bad.py');
    writeFileSync(bad, 'x = 1\nprint(x / 0)\n');
    const r = pymm('run', bad);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/ZeroDivisionError: division by zero\n$/);
    const gen = join(dir, 'gen.py');
    writeFileSync(gen, 'def g():\n    yield 1\n');
    expect(pymm('run', gen).status).toBe(2);
    const missing = pymm('run', join(dir, 'nope.py'));
    expect(missing.status).toBe(2);
    expect(missing.stderr).toMatch(/nope\.py: no such file/);
    expect(pymm('run').stderr).toMatch(/run takes one FILE\.py/);
    const profile = pymm('run', bad, '--profile', 'nope');
    expect(profile.status).toBe(2);
    expect(profile.stderr).toBe("pymm run: unknown profile 'nope' (known: cpython-3.11, tiny)\n");
    const nodir = pymm('run', bad, '--log', join(dir, 'no', 'such', 'dir.pymmlog'));
    expect(nodir.status).toBe(2);
    expect(nodir.stderr.trim().split('\n')).toHaveLength(1);
    expect(nodir.stderr).toMatch(/no such file/);
  });

  // a full disk needs a small file system: a tmpfs, which only root may mount
  it.runIf(process.getuid?.() === 0)('a disk that fills up: one line naming the output, exit 2, nothing half-written left (run --log, log build, export, import)', () => {
    const mounts: string[] = [];
    const disk = (size: string): string => {
      const d = mkdtempSync(join(tmpdir(), 'pymm-full-'));
      expect(spawnSync('mount', ['-t', 'tmpfs', '-o', `size=${size}`, 'tmpfs', d]).status).toBe(0);
      mounts.push(d);
      return d;
    };
    try {
      const small = disk('64k');
      const big = program('fills.py', ['l = []', 'for i in range(20000):', '    l.append([i])', 'print(len(l))']);
      for (const extra of [[], ['--no-index']]) {
        const log = join(small, 'fills.pymmlog');
        const r = pymm('run', big, '--log', log, ...extra);
        expect([r.status, r.stderr]).toEqual([2, `pymm run: ${log}: no space left on the device; nothing was written\n`]);
        expect(readdirSync(small)).toEqual([]);
      }
      const whole = join(dir, 'fills.pymmlog'), jsonl = join(dir, 'fills.jsonl');
      expect(pymm('run', big, '--log', whole, '--force').status).toBe(0);
      expect(pymm('log', 'export', whole, '-o', jsonl, '--force').status).toBe(0);
      for (const [args, out] of [[['log', 'export', whole], join(small, 'x.jsonl')], [['log', 'import', jsonl], join(small, 'y.pymmlog')]] as const) {
        const r = pymm(...args, '-o', out);
        expect([r.status, r.stderr]).toEqual([2, `pymm ${args[0]} ${args[1]}: ${out}: no space left on the device; nothing was written\n`]);
        expect(readdirSync(small)).toEqual([]);
      }
      // a trace whose log (1.8 KB) fits a page and whose index (11 KB) does not
      const trace = join(dir, 'fills.trace');
      writeFileSync(trace, ['#pymtrace 1', 'A 7f0000000000', ...Array.from({ length: 20000 }, () => 'M 7f0000000030 40\nF 7f0000000030'), 'S end', ''].join('\n'));
      const page = disk('4k'), pages = disk('8k');
      const none = pymm('log', 'build', trace, '-o', join(page, 't.pymmlog'));
      expect([none.status, none.stderr]).toEqual([2, `pymm log build: ${join(page, 't.pymmlog')}: no space left on the device; nothing was written\n`]);
      expect(readdirSync(page)).toEqual([]);
      const half = join(pages, 't.pymmlog');
      const idx = pymm('log', 'build', trace, '-o', half);
      expect([idx.status, idx.stderr]).toEqual([2, `pymm log build: ${half}.idx: no space left on the device; the log ${half} was written, its index was not (it is built when the log is next read)\n`]);
      expect(readdirSync(pages)).toEqual(['t.pymmlog']);
      expect(pymm('verify', half).status).toBe(0);
    } finally {
      for (const d of mounts) {
        spawnSync('umount', [d]);
        rmSync(d, { recursive: true, force: true });
      }
    }
  });

  it('an uncaught RecursionError prints python3\'s traceback: the innermost 1,000 entries, a repeated line 3 times and then "[Previous line repeated 996 more times]"', () => {
    const file = program('runaway.py', ['def f(n):', '    return f(n + 1)', '', '', 'def g(n):', '    return h(n)', '', '', 'def h(n):', '    return g(n)', '', '', 'try:', '    f(0)', 'except RecursionError:', '    g(0)']);
    const py = spawnSync('python3', [file], { encoding: 'utf8' });
    const r = pymm('run', file);
    expect(py.stderr).toContain('[Previous line repeated');
    expect([r.status, r.stdout, r.stderr]).toEqual([py.status, py.stdout, py.stderr]);
  });

  it('a recursion 900 deep prints what python3 prints (the program runs on a worker\'s large stack)', () => {
    const file = join(dir, 'deep.py');
    writeFileSync(file, [
      'def depth(n):',
      '    if n == 0:',
      '        return 0',
      '    return 1 + depth(n - 1)',
      '',
      'def build(n):',
      '    return [] if n == 0 else [build(n - 1)]',
      '',
      'print(depth(900))',
      'x = build(900)',
      'k = 0',
      'while x:',
      '    x = x[0]',
      '    k += 1',
      'print(k)',
      '',
    ].join('\n'));
    const py = spawnSync('python3', [file], { encoding: 'utf8' });
    expect(py.status).toBe(0);
    const r = pymm('run', file);
    expect(r.stderr).toBe(py.stderr);
    expect(r.stdout).toBe(py.stdout);
    expect(r.status).toBe(0);
    // and past CPython's limit: the same RecursionError
    const over = join(dir, 'over.py');
    writeFileSync(over, 'def down(n):\n    return down(n + 1)\n\nprint("start")\ndown(0)\n');
    const pyOver = spawnSync('python3', [over], { encoding: 'utf8' });
    const rOver = pymm('run', over);
    expect(rOver.status).toBe(pyOver.status);
    expect(rOver.stdout).toBe(pyOver.stdout);
    expect(rOver.stderr.trimEnd().split('\n').at(-1)).toBe(pyOver.stderr.trimEnd().split('\n').at(-1));
  });

  it('output comes in order and whole: many prints, then a traceback after them', () => {
    const file = join(dir, 'prints.py');
    writeFileSync(file, 'for i in range(30000):\n    print(i, "x" * (i % 7))\nprint("done")\nraise ValueError("after the prints")\n');
    const py = merged(['python3', file]);
    const r = merged([process.execPath, bin, 'run', file]);
    expect(r.status).toBe(1);
    expect(r.stdout).toBe(py.stdout);
  });

  it('Ctrl-C: KeyboardInterrupt at the next statement, its traceback, exit 130, and a complete log of what ran', async () => {
    const file = join(dir, 'forever.py');
    writeFileSync(file, 'print("start")\ni = 0\nwhile True:\n    i += 1\n');
    const log = join(dir, 'forever.pymmlog');
    const run = await started(['run', file, '--log', log], 'start');
    run.signal('SIGINT');
    const r = await run.done;
    expect(r.code).toBe(130);
    expect(r.stdout).toBe('start\n');
    expect(r.stderr).toMatch(new RegExp(`^Traceback \\(most recent call last\\):\\n  File "${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}", line [234], in <module>\\n.*\\nKeyboardInterrupt\\n$`, 's'));
    // the log closed properly: every record checks out, and the questions read it
    const v = pymm('verify', log);
    expect(v.stderr + v.stdout).toMatch(/^ok: /);
    expect(v.status).toBe(0);
    expect(pymm('heap', 'collections', log).status).toBe(0);
  });

  it('a second Ctrl-C stops at once, also inside one long builtin call', async () => {
    const file = join(dir, 'builtin.py');
    // "start" is printed inside the statement that runs the long call: no statement boundary
    // (where the first Ctrl-C would raise KeyboardInterrupt) lies between the two, however
    // late the program thread gets to run
    writeFileSync(file, 'x = print("start") or sum(range(10 ** 10))\nprint("never")\n');
    const run = await started(['run', file], 'start');
    run.signal('SIGINT');
    // the first one waits for a statement, which does not come
    const early = await Promise.race([run.done, new Promise((ok) => setTimeout(() => ok('still running'), 1500))]);
    expect(early).toBe('still running');
    run.signal('SIGINT');
    const r = await run.done;
    expect(r.code).toBe(130);
    expect(r.stdout).toBe('start\n');
    expect(r.stderr).toMatch(/stopped at once \(a second Ctrl-C\)/);
  });

  it('never destroys a file at the --log path: not the program itself, not an old log when the program fails', () => {
    const prog = join(dir, 'self.py');
    writeFileSync(prog, 'print(1)\n');
    const self = pymm('run', prog, '--log', prog);
    expect(self.stderr).toBe(`pymm run: --log ${prog} is the program itself (the output would replace it)\n`);
    expect(self.status).toBe(2);
    expect(readFileSync(prog, 'utf8')).toBe('print(1)\n');
    // an existing log stays as it was when the program stops outside the subset as it runs
    // (its first statement recorded already)
    const log = join(dir, 'kept.pymmlog');
    writeFileSync(log, 'an older log');
    const bad = join(dir, 'imports.py');
    writeFileSync(bad, 'print(0)\nimport os\n');
    const refused = pymm('run', bad, '--log', log);
    expect(refused.stderr).toBe(`pymm run: --log ${log} already exists; --force replaces it\n`);
    expect(refused.status).toBe(2);
    expect(refused.stdout).toBe('');
    const r = pymm('run', bad, '--log', log, '--force');
    expect(r.stderr).toMatch(/import of 'os' is outside the pylite subset/);
    expect(r.status).toBe(2);
    expect(readFileSync(log, 'utf8')).toBe('an older log');
    expect(readdirSync(dir).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });
});
