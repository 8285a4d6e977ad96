/**
 * str's methods against python3: random calls of every method pylite offers on strings of
 * ASCII, Latin-1, Greek (sigma in all its forms), digraphs, ß and ﬁ, astral characters, the
 * Unicode whitespace and digits, unassigned code points (Unicode 14's view), with random
 * start / end / width / count arguments and arguments of the wrong type; each result's repr,
 * or the exception's type and message, must be python3's. And every code point's properties
 * and case mappings (unicodectype.ts) are python3's.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, expect, it } from 'vitest';
import { runSource } from './index.js';
import {
  decimalValue, hasProp, lowerFull, RULES, titleFull, upperFull, type Prop,
} from './unicodectype.js';

const dir = mkdtempSync(join(tmpdir(), 'pylite-str-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function python(source: string) {
  const file = join(dir, 'prog.py');
  writeFileSync(file, source);
  return spawnSync('python3', ['-s', '-B', '-P', file], { encoding: 'utf8', maxBuffer: 1 << 28, env: { PATH: process.env['PATH'] ?? '', PYTHONHASHSEED: '0', PYTHONIOENCODING: 'utf-8' } });
}

/** A Python str literal for s: printable ASCII as it is, everything else escaped. */
function lit(s: string): string {
  let out = "'";
  for (const ch of s) {
    const cp = ch.codePointAt(0)!;
    if (ch === "'" || ch === '\\') out += '\\' + ch;
    else if (cp >= 0x20 && cp < 0x7f) out += ch;
    else if (cp < 0x100) out += '\\x' + cp.toString(16).padStart(2, '0');
    else if (cp < 0x10000) out += '\\u' + cp.toString(16).padStart(4, '0');
    else out += '\\U' + cp.toString(16).padStart(8, '0');
  }
  return out + "'";
}

const ALPHABET = [
  'a', 'b', 'B', 'z', 'A', '0', '7', ' ', '-', '+', '.', "'", ',', 'é', 'É', 'ß', '\xa0', '\x85', '²', '½', 'ª',
  'Σ', 'σ', 'ς', 'α', 'Ά', 'ǅ', 'ǆ', 'Ǆ', 'ﬁ', 'İ', 'ŉ', 'ა', 'ᾳ', '\u0301', '😀', '𐐀', '𐐨', '\t', '\n', '\r\n',
  '\x1c', '\x1f', '\u2028', '\u3000', '\u2003', '\ufeff', '\u200b', '٣', '１', '\u{1d7d8}', '\u0378', '\u{1f6dc}',
  '\u{11f50}', '一', '\ue000',
];
const char = fc.constantFrom(...ALPHABET);
const text = (maxLength: number) => fc.array(char, { maxLength }).map((cs) => cs.join(''));
/** A few characters of s (so that searches find something), or any short str. */
const partOf = (s: string) => {
  const cs = [...s];
  return fc.oneof(
    fc.tuple(fc.nat(cs.length), fc.nat(3)).map(([i, n]) => cs.slice(i, i + n).join('')),
    text(2),
  );
};
const index = fc.oneof(
  { weight: 8, arbitrary: fc.integer({ min: -12, max: 12 }).map(String) },
  { weight: 2, arbitrary: fc.constant('None') },
  { weight: 1, arbitrary: fc.constantFrom('True', '2**70', '-2**70', '1.5', "'x'") },
);
const width = fc.oneof({ weight: 8, arbitrary: fc.integer({ min: -2, max: 12 }).map(String) }, { weight: 1, arbitrary: fc.constantFrom('True', '1.5', "'3'", '2**70') });
const wrong = fc.constantFrom('1', 'None', '1.5', '[]', "b'a'");

/** Up to two trailing optional arguments. */
const optional = (first: fc.Arbitrary<string>, second: fc.Arbitrary<string>) =>
  fc.oneof(fc.constant([] as string[]), first.map((x) => [x]), fc.tuple(first, second));

const call = text(8).chain((s) => {
  const sub = fc.oneof({ weight: 8, arbitrary: partOf(s).map(lit) }, { weight: 1, arbitrary: wrong });
  const subs = fc.oneof(
    { weight: 6, arbitrary: sub },
    { weight: 2, arbitrary: fc.array(partOf(s).map(lit), { maxLength: 3 }).map((xs) => `(${xs.join(', ')}${xs.length === 1 ? ',' : ''})`) },
    { weight: 1, arbitrary: fc.constantFrom('(1,)', "('zz', 1)", "['a']") },
  );
  const noArgs = fc.constantFrom('swapcase', 'isalnum', 'upper', 'lower', 'isdigit', 'isalpha', 'title', 'capitalize', 'isspace', 'isupper', 'islower')
    .map((m) => `${m}()`);
  const find = fc.tuple(fc.constantFrom('find', 'rfind', 'index', 'count'), sub, optional(index, index))
    .map(([m, x, rest]) => `${m}(${[x, ...rest].join(', ')})`);
  const tail = fc.tuple(fc.constantFrom('startswith', 'endswith'), subs, optional(index, index))
    .map(([m, x, rest]) => `${m}(${[x, ...rest].join(', ')})`);
  const maxsplit = fc.oneof(fc.integer({ min: -1, max: 3 }).map(String), fc.constantFrom('None', '1.5', '2**70'));
  const split = optional(fc.oneof({ weight: 2, arbitrary: fc.constant('None') }, { weight: 6, arbitrary: sub }), maxsplit).map((xs) => `split(${xs.join(', ')})`);
  const splitlines = optional(fc.constantFrom('True', 'False', '0', '2', 'None', '1.5', '2**70'), fc.constant('1')).map((xs) => `splitlines(${xs.slice(0, 1).join(', ')})`);
  const strip = fc.tuple(fc.constantFrom('strip', 'lstrip', 'rstrip'), optional(fc.oneof({ weight: 6, arbitrary: partOf(s).map(lit) }, { weight: 1, arbitrary: fc.constantFrom('None', '1') }), fc.constant('')))
    .map(([m, xs]) => `${m}(${xs.slice(0, 1).join(', ')})`);
  const count = fc.oneof(fc.integer({ min: -1, max: 4 }).map(String), fc.constantFrom('1.5', 'None', '2**70'));
  const replace = fc.tuple(sub, fc.oneof(text(2).map(lit), wrong), optional(count, fc.constant('')))
    .map(([o, n, rest]) => `replace(${[o, n, ...rest.slice(0, 1)].join(', ')})`);
  const partition = sub.map((x) => `partition(${x})`);
  const zfill = width.map((w) => `zfill(${w})`);
  const fill = fc.oneof({ weight: 6, arbitrary: char.filter((c) => [...c].length === 1).map(lit) }, { weight: 1, arbitrary: fc.constantFrom("''", "'ab'", '1', "'😀'") });
  const just = fc.tuple(fc.constantFrom('ljust', 'rjust', 'center'), width, fc.option(fill))
    .map(([m, w, f]) => `${m}(${f === null ? w : `${w}, ${f}`})`);
  const joinArg = fc.oneof(
    fc.array(text(2).map(lit), { maxLength: 4 }).map((xs) => `[${xs.join(', ')}]`),
    fc.array(text(2).map(lit), { maxLength: 3 }).map((xs) => `(${xs.join(', ')}${xs.length === 1 ? ',' : ''})`),
    text(3).map(lit),
    fc.constantFrom('5', 'None', "[1]", "['a', 2]", "{'k': 1}", 'range(2)'),
  );
  const joinCall = joinArg.map((x) => `join(${x})`);
  const format = fc.tuple(text(2), text(2)).map(([x, y]) => `format(${lit(x)}, ${lit(y)})`);
  const method = fc.oneof(noArgs, find, tail, split, splitlines, strip, replace, partition, zfill, just, joinCall, format);
  return method.map((m) => (m.startsWith('format(') ? `(${lit('{}' + s + '{!r}')}).${m}` : `${lit(s)}.${m}`));
});

it('every str method on random strings, with random start / end / width / count and wrong arguments, answers as python3 does (600 calls)', () => {
  const calls = fc.sample(call, { seed: Number(process.env['PYMM_SEED'] ?? 20261203), numRuns: 600 });
  const source = `def t(f):
    try:
        r = repr(f())
    except Exception as e:
        r = type(e).__name__ + ': ' + str(e)
    print(r)
${calls.map((c) => `t(lambda: ${c})`).join('\n')}
`;
  const py = python(source);
  expect(py.status, py.stderr).toBe(0);
  const pl = runSource(source, { filename: join(dir, 'prog.py') });
  expect(pl.stderr).toBe('');
  const want = py.stdout.split('\n'), got = pl.stdout.split('\n');
  const wrongOnes = calls.map((c, i) => ({ call: c, python: want[i], pylite: got[i] })).filter((r) => r.python !== r.pylite);
  expect(wrongOnes).toEqual([]);
  expect(got.length).toBe(want.length);
});

const PY_PROPS = `
import ctypes, json
title = ctypes.pythonapi._PyUnicode_IsTitlecase
title.argtypes = [ctypes.c_uint32]
ranges = {k: [] for k in ['alpha', 'decimal', 'digit', 'numeric', 'space', 'lower', 'upper', 'title', 'cased', 'caseIgnorable', 'printable']}
maps = {'lower': [], 'upper': [], 'title': []}
decimals = []
def add(k, cp):
    r = ranges[k]
    if r and r[-1][1] == cp - 1: r[-1][1] = cp
    else: r.append([cp, cp])
for cp in range(0x110000):
    c = chr(cp)
    if c.isalpha(): add('alpha', cp)
    if c.isdecimal(): add('decimal', cp); decimals.append([cp, int(c)])
    if c.isdigit(): add('digit', cp)
    if c.isnumeric(): add('numeric', cp)
    if c.isspace(): add('space', cp)
    if c.islower(): add('lower', cp)
    if c.isupper(): add('upper', cp)
    if title(cp): add('title', cp)
    if c.isprintable(): add('printable', cp)
    # as str.title and str.lower show them: a cased character makes the next one lower case;
    # the final sigma rule skips case-ignorable characters
    cased = (c + 'A').title().endswith('a')
    if cased: add('cased', cp)
    if (not (c + '\\u03a3').lower().endswith('\\u03c2')) if cased else ('A' + c + '\\u03a3').lower().endswith('\\u03c2'): add('caseIgnorable', cp)
    for k, m in (('lower', c.lower()), ('upper', c.upper()), ('title', c.title())):
        if m != c: maps[k].append([cp, m])
print(json.dumps({'ranges': ranges, 'maps': maps, 'decimals': decimals}))
`;

it('every code point has python3\'s character properties and full case mappings (unicodectype.ts)', () => {
  const py = python(PY_PROPS);
  expect(py.status, py.stderr).toBe(0);
  const want = JSON.parse(py.stdout) as { ranges: Record<Prop, [number, number][]>; maps: Record<'lower' | 'upper' | 'title', [number, string][]>; decimals: [number, number][] };
  const props = Object.keys(RULES) as Prop[];
  const ranges = Object.fromEntries(props.map((p) => [p, [] as [number, number][]])) as Record<Prop, [number, number][]>;
  const maps = { lower: [] as [number, string][], upper: [] as [number, string][], title: [] as [number, string][] };
  const decimals: [number, number][] = [];
  for (let cp = 0; cp < 0x110000; cp++) {
    for (const p of props) {
      if (!hasProp(p, cp)) continue;
      const r = ranges[p];
      if (r.length > 0 && r[r.length - 1]![1] === cp - 1) r[r.length - 1]![1] = cp; else r.push([cp, cp]);
    }
    const c = String.fromCodePoint(cp);
    for (const [k, f] of [['lower', lowerFull], ['upper', upperFull], ['title', titleFull]] as const) { const m = f(cp); if (m !== c) maps[k].push([cp, m]); }
    const d = decimalValue(cp);
    if (d >= 0) decimals.push([cp, d]);
  }
  for (const p of props) expect(ranges[p], p).toEqual(want.ranges[p]);
  for (const k of ['lower', 'upper', 'title'] as const) expect(maps[k], k).toEqual(want.maps[k]);
  expect(decimals).toEqual(want.decimals);
});
