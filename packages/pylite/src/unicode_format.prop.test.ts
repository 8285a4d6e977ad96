/**
 * `fmt % args` and `fmt.format(...)` against python3: random format strings (valid and
 * not: flags, widths, precisions, `*`, keys, conversions, fields, nested specs, stray
 * braces) applied to ints, floats, strs, None, lists and dicts. Every result, or the
 * exception's type and message, must be python3's, for the same program.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, expect, it } from 'vitest';
import { runSource } from './index.js';

const seed = Number(process.env.PYMM_SEED ?? 20261203);
const dir = mkdtempSync(join(tmpdir(), 'pymm-format-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A Python str literal of `s` (the generators use no quote or backslash). */
const lit = (s: string) => `'${s}'`;
const digits = fc.oneof(fc.constant(''), fc.integer({ min: 0, max: 12 }).map(String));
const VALUES = ['0', '7', '-42', '255', '2**70', '-2**65', 'True', '0.5', '-2.5', '3.14159', '1e20', '1e-5', '-0.0', "float('inf')", "float('nan')",
  "''", "'x'", "'abc'", "'é€'", 'None', '[1, 2]', "{'a': 1, 'b': 'x'}", '(1,)'];
const value = fc.constantFrom(...VALUES);

const percentSpec = fc.tuple(
  fc.oneof({ weight: 4, arbitrary: fc.constant('') }, fc.constantFrom('(a)', '(b)', '(c)', '(a')),
  fc.subarray(['-', '+', ' ', '#', '0']).map((f) => f.join('')),
  fc.oneof(digits, fc.constant('*')),
  fc.oneof({ weight: 3, arbitrary: fc.constant('') }, digits.map((d) => '.' + d), fc.constant('.*')),
  fc.oneof({ weight: 6, arbitrary: fc.constant('') }, fc.constant('l')),
  fc.oneof({ weight: 12, arbitrary: fc.constantFrom(...'sradiuoxXeEfFgGc%') }, fc.constantFrom('y', '')),
).map((p) => '%' + p.join(''));
const text = fc.constantFrom('a', ' ', 'é', '|', '-');
const percentFormat = fc.array(fc.oneof(text, percentSpec), { minLength: 1, maxLength: 4 }).map((p) => p.join(''));
const percentArgs = fc.oneof(
  fc.array(value, { maxLength: 4 }).map((a) => `(${a.join(', ')}${a.length === 1 ? ',' : ''})`),
  value,
  fc.constant("{'a': 12, 'b': 'bee', 'c': 2.5}"),
);

const spec = fc.tuple(
  fc.oneof({ weight: 3, arbitrary: fc.constant('') }, fc.constantFrom('<', '>', '^', '=', '*>', '0')),
  fc.oneof({ weight: 3, arbitrary: fc.constant('') }, fc.constantFrom('+', '-', ' ')),
  fc.oneof({ weight: 6, arbitrary: fc.constant('') }, fc.constant('z')),
  fc.oneof({ weight: 4, arbitrary: fc.constant('') }, fc.constant('#')),
  fc.oneof({ weight: 4, arbitrary: fc.constant('') }, fc.constant('0')),
  fc.oneof(digits, fc.constant('{}')),
  fc.oneof({ weight: 4, arbitrary: fc.constant('') }, fc.constantFrom(',', '_', ',_')),
  fc.oneof({ weight: 3, arbitrary: fc.constant('') }, digits.map((d) => '.' + d), fc.constantFrom('.{}', '.')),
  fc.oneof({ weight: 3, arbitrary: fc.constant('') }, fc.constantFrom(...'sdxXeEfFgG%cbon'), fc.constantFrom('z', 'q', 'ab')),
).map((p) => p.join(''));
const field = fc.tuple(
  fc.constantFrom('', '', '0', '1', 'a', 'b', '9'),
  fc.oneof({ weight: 4, arbitrary: fc.constant('') }, fc.constantFrom('[0]', '[a]', '[1]', '.x', '[', '.', ']')),
  fc.oneof({ weight: 4, arbitrary: fc.constant('') }, fc.constantFrom('!r', '!s', '!a', '!x', '!')),
  fc.oneof({ weight: 2, arbitrary: fc.constant('') }, spec.map((s) => ':' + s)),
).map(([name, access, conv, sp]) => `{${name}${access}${conv}${sp}}`);
const formatString = fc.array(fc.oneof({ weight: 2, arbitrary: text }, { weight: 4, arbitrary: field }, fc.constantFrom('{', '}', '{{', '}}')), { minLength: 1, maxLength: 4 })
  .map((p) => p.join(''));
const formatCall = fc.tuple(formatString, fc.array(value, { maxLength: 3 }), fc.subarray(['a', 'b']))
  .map(([f, args, kws]) => `${lit(f)}.format(${[...args, ...kws.map((k) => `${k}=${k === 'a' ? "{'x': 1}" : "'bee'"}`)].join(', ')})`);

const cases = [
  ...fc.sample(fc.tuple(percentFormat, percentArgs).map(([f, a]) => `${lit(f)} % ${a}`), { seed, numRuns: 500 }),
  ...fc.sample(formatCall, { seed: seed + 1, numRuns: 500 }),
];

it('str % args and str.format print what python3 prints, for 1,000 random formats (results and errors)', () => {
  const program = [
    'def case(f):',
    '    try:',
    '        print(repr(f()))',
    '    except Exception as e:',
    '        print(type(e).__name__, e)',
    ...cases.map((c) => `case(lambda: ${c})`),
  ].join('\n') + '\n';
  const file = join(dir, 'formats.py');
  writeFileSync(file, program);
  const py = spawnSync('python3', [file], { encoding: 'utf8' });
  expect(py.status).toBe(0);
  const r = runSource(program, { filename: file });
  expect(r.stderr).toBe('');
  const want = py.stdout.split('\n'), got = r.stdout.split('\n');
  const wrong = cases.map((c, i) => ({ c, want: want[i], got: got[i] })).filter((x) => x.want !== x.got);
  expect(wrong.slice(0, 5)).toEqual([]);
  // the cases reach results and errors of every kind
  const kinds = new Set(want.map((l) => l.split(' ')[0]!.replace(/^'.*/, 'result').replace(/^".*/, 'result')));
  expect([...kinds].sort()).toEqual(expect.arrayContaining(['IndexError', 'KeyError', 'OverflowError', 'TypeError', 'ValueError', 'result']));
});
