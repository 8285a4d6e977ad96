/**
 * Line events, against python3's own tracing: a heap log has one statement command each
 * time CPython's `sys.settrace` reports a 'line' event, so "line N ran k times" and
 * stepping by statement mean what they mean in a Python debugger. Loops are where a
 * naive count goes wrong: the `for` line is reported again before every pass (and once
 * more when the iterator runs out), the `while` line each time its test runs again.
 */
import { spawnSync } from 'node:child_process';
import { createRuntime } from '@pymm/gc';
import { describe, expect, it } from 'vitest';
import { Interpreter } from './Interpreter.js';
import { parse } from './parse.js';

/** Per line, how many 'line' events python3's tracer reports while running `source`. */
function python3LineCounts(source: string): Map<number, number> {
  const tracer = [
    'import sys',
    'src = sys.stdin.read()',
    'counts = {}',
    'def tr(frame, event, arg):',
    "    if frame.f_code.co_filename == 'prog' and event == 'line':",
    '        counts[frame.f_lineno] = counts.get(frame.f_lineno, 0) + 1',
    '    return tr',
    "code = compile(src, 'prog', 'exec')",
    'sys.settrace(tr)',
    "exec(code, {'__name__': '__main__'})",
    'sys.settrace(None)',
    "print(' '.join(f'{k}:{v}' for k, v in sorted(counts.items())), file=sys.stderr)",
  ].join('\n');
  const r = spawnSync('python3', ['-s', '-B', '-c', tracer], { input: source, encoding: 'utf8', env: { PATH: process.env['PATH'] ?? '', PYTHONHASHSEED: '0' } });
  if (r.status !== 0) throw new Error(`python3 failed: ${r.stderr}`);
  const last = r.stderr.trim().split('\n').at(-1) ?? '';
  return new Map(last.split(' ').filter(Boolean).map((kv) => kv.split(':').map(Number) as [number, number]));
}

/** Per line, how many statement commands pylite records while running `source`. */
function pyliteLineCounts(source: string): Map<number, number> {
  const rt = createRuntime({ profile: 'cpython-3.11' });
  const counts = new Map<number, number>();
  const interp = new Interpreter({
    heap: rt.heap, gc: rt.gc, filename: 'prog', stdout: () => {}, stderr: () => {},
    record: (c, fn) => {
      if (typeof c['line'] === 'number' && Object.keys(c).length === 1) counts.set(c['line'], (counts.get(c['line']) ?? 0) + 1);
      return fn();
    },
  });
  expect(interp.run(parse(source, 'prog'))).toBe(0);
  return new Map([...counts].sort((a, b) => a[0] - b[0]));
}

const PROGRAMS: Record<string, string> = {
  'for over a list, with else': [
    'total = 0',
    'for i in [1, 2, 3]:',
    '    total += i',
    'else:',
    '    total += 100',
    'for j in []:',
    '    total += 1',
    'print(total)',
  ].join('\n'),
  'while, and loops nested in a function': [
    'def f(n):',
    '    out = []',
    '    while n > 0:',
    '        for k in range(n):',
    '            out.append(k)',
    '        n -= 1',
    '    return out',
    'r = f(3)',
    'print(len(r))',
  ].join('\n'),
  'break and continue': [
    'seen = []',
    'for k in range(6):',
    '    if k == 1:',
    '        continue',
    '    if k == 4:',
    '        break',
    '    seen.append(k)',
    'n = 0',
    'while n < 10:',
    '    n += 3',
    '    if n > 5:',
    '        break',
    'print(seen, n)',
  ].join('\n'),
};

describe('line events match python3 sys.settrace', () => {
  for (const [name, source] of Object.entries(PROGRAMS)) {
    it(name, () => {
      expect(pyliteLineCounts(source + '\n')).toEqual(python3LineCounts(source + '\n'));
    });
  }
});
