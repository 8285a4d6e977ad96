/**
 * objectHash against python3 itself, run with PYTHONHASHSEED=0: Python builds the values,
 * prints each one (encoded as JSON) with its hash(); the test builds the same object on the
 * heap and compares. No expected hash is written down here.
 */
import { execFileSync } from 'node:child_process';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { heapFor, initialState } from './decider.js';
import type { Heap } from './Heap.js';
import { objectAddress, objectHash, pointerHash } from './hash.js';
import { NULL_ID, type ObjectId } from './ids.js';
import { Kind } from './kinds.js';

/** Runs a python3 program (PYTHONHASHSEED=0) with `input` on stdin; its stdout as JSON. */
function python<T>(program: string, input = ''): T {
  const out = execFileSync('python3', ['-s', '-B', '-c', program], {
    input, encoding: 'utf8', env: { PATH: process.env['PATH'] ?? '/usr/bin:/bin', PYTHONHASHSEED: '0', PYTHONUTF8: '1' },
    maxBuffer: 64 << 20,
  });
  return JSON.parse(out) as T;
}

/** A Python value as JSON: ['int', '123'], ['float', 'hex bits'], ['str', s], ['tuple', [..]], … */
type Enc = [string, unknown];

/** The Python side of the encoding (floats travel as their IEEE bits, bytes as latin-1). */
const ENCODER = `
import json, struct, sys
def enc(x):
    if x is None: return ['none', None]
    if isinstance(x, bool): return ['bool', x]
    if isinstance(x, int): return ['int', str(x)]
    if isinstance(x, float): return ['float', struct.pack('<d', x).hex()]
    if isinstance(x, str): return ['str', x]
    if isinstance(x, bytes): return ['bytes', x.decode('latin-1')]
    if isinstance(x, tuple): return ['tuple', [enc(i) for i in x]]
    if isinstance(x, frozenset): return ['frozenset', [enc(i) for i in x]]
    raise TypeError(type(x))
`;

function floatOfHex(hex: string): number {
  const b = new Uint8Array(hex.match(/../g)!.map((x) => parseInt(x, 16)));
  return new DataView(b.buffer).getFloat64(0, true);
}

/** Builds the encoded value on the heap (new references, never released: the heap is throwaway). */
function build(heap: Heap, [type, v]: Enc): ObjectId {
  switch (type) {
    case 'none': return heap.none();
    case 'bool': return heap.bool(v as boolean);
    case 'int': return heap.int(BigInt(v as string));
    case 'float': return heap.float(floatOfHex(v as string));
    case 'str': return heap.str(v as string);
    case 'bytes': return heap.bytes(v as string);
    case 'tuple': return heap.tuple((v as Enc[]).map((x) => build(heap, x)));
    case 'frozenset': return heap.set((v as Enc[]).map((x) => build(heap, x)), true);
    default: throw new Error(`unknown type ${type}`);
  }
}

function newHeap(): Heap {
  return heapFor(initialState({ profile: 'cpython-3.11' }));
}

/**
 * The value lists, as Python expressions: python3 runs them all at once (one process for
 * the file) and reports each value with its hash.
 */
const CASES = {
  ints: `(lambda P, r: [0, 1, -1, -2, 2, -3, 255, 256, 257, -5, -6, 2**30 - 1, 2**30, 2**31, 2**32 + 7,
    10**15 - 1, 10**15, -10**15 + 1, 10**16, -10**16, 2**53, 2**53 + 1,
    P - 2, P - 1, P, P + 1, -P, -P + 1, -P - 1, 2**61, 2**62, 2**63 - 1, -2**63, 2**64, 2**64 - 1, -2**64 - 1,
    2**100, -2**100, 10**30, -10**30, 3**200, -(3**200)] + [k * P + d for k in (2, 3, 1000, 2**70) for d in (-1, 0, 1)]
    + [-(k * P) + d for k in (2, 3, 2**70) for d in (-1, 0, 1)]
    + [r.getrandbits(b) * r.choice((1, -1)) for b in (8, 15, 16, 29, 30, 31, 45, 53, 60, 61, 62, 63, 64, 65, 90, 200, 1000) for _ in range(4)]
    )(2**61 - 1, __import__('random').Random(61))`,
  floats: `(lambda r, s: [0.0, -0.0, 0.5, -0.5, 1.5, -1.5, 0.1, -0.1, 1/3, -2/3, 3.14159, 1.0, -1.0, 2.0, 255.0, -256.0,
    1e16, -1e16, 2.0**52 + 0.5, 2.0**53, 2.0**53 + 2, 2.0**60, 2.0**61, 2.0**61 - 2**9, 2.0**62, 2.0**64, 2.0**100, -2.0**100,
    123456789.5, -123456789.25, 1e300, -1e300, 1e-300, 1.7976931348623157e308, -1.7976931348623157e308,
    2.2250738585072014e-308, 2.225073858507201e-308, 5e-324, -5e-324, 1e-320, float('inf'), float('-inf')]
    + [r.random() * 10.0**e * r.choice((1, -1)) for e in range(-30, 31, 3)]
    + [x for x in (s.unpack('<d', r.getrandbits(64).to_bytes(8, 'little'))[0] for _ in range(200)) if x == x]
    )(__import__('random').Random(53), __import__('struct'))`,
  strs: `['', 'a', 'ab', 'abc', 'hello world', '\\x00', '\\x00\\x00', '\\x7f', 'é', 'café', 'ÿ' * 10, '\\xa0x',
    '€', '€uro', 'ā', 'Ω' * 3, '中文字符', '日本語のテキスト', '\\uffff', '😀', 'a😀', '😀' * 9, 'é€😀', '\\U0010ffff',
    '\\ud800', 'a\\udfff', '\\ud800😀', 'x' * 1000, 'é' * 1000, '€' * 333, '😀' * 250]
    + ['abcdefghijklmnopq'[:n] for n in range(18)] + ['é€abcdefghi'[:n] for n in range(12)]
    + ['😀abcdefghi'[:n] for n in range(11)]
    + ['a' * n for n in (31, 32, 33, 64)] + ['a' * 40 + 'é', 'é' + 'a' * 40, 'a' * 40 + '€', 'a' * 40 + '😀', 'a' * 39 + '\\x80']`,
  bytes: `[b'', b'x', b'\\x00', b'\\xe9', b'\\xff', b'abc', bytes(range(256)), b'\\x00' * 9, b'\\xff' * 8, b'q' * 1000]
    + [bytes(range(40, 40 + n)) for n in range(18)]`,
  atoms: `[True, False, 1, 1.0, 0, 0.0, -1, -1.0]`,
  tuples: `[(), (1,), (-1,), (-2,), (1, 'a'), ('a', 1), ((1, 2), (3,)), ((),), (((),),), (1.5, b'x', 'é', (2**70,)),
    (True, False, 0.0, -0.0), ('😀', '€', 'x' * 30), tuple(range(25)), tuple(str(i) for i in range(100)),
    (frozenset({1, 2}), frozenset()), (float('inf'), float('-inf'), 2**61 - 1, -(2**61 - 1))]`,
  frozensets: `[frozenset(), frozenset({1}), frozenset({-1}), frozenset({1, 2}), frozenset({'a', 'b', 'c'}),
    frozenset({(1, 2), frozenset({3})}), frozenset({frozenset(), frozenset({frozenset()})}), frozenset(range(100)),
    frozenset(str(i) for i in range(50)), frozenset({1.5, 'x', b'y', (), 2**80}), frozenset({1, 1.0, True}),
    frozenset({0, False, 0.0, -0.0, 'é', '😀'})]`,
  frozenset135: `[frozenset({1, 3, 5})]`,
} as const;

/** Objects hashed by address, and a bound method with its parts and a weakref, from CPython. */
const EXTRAS = `
import weakref
class C:
    def f(self): pass
def f(): pass
objs = [object() for _ in range(20)] + [C() for _ in range(20)] + [C, object, f]
c = C()
extras = {'pointers': [[id(o), str(hash(o))] for o in objs],
          'method': [id(c), str(hash(C.f)), str(hash(c.f)), str(hash(c)), str(hash(weakref.ref(c)))]}
`;

interface Oracle {
  cases: Record<keyof typeof CASES, [Enc, string][]>;
  extras: { pointers: [number, string][]; method: [number, string, string, string, string] };
}

let oracleCache: Oracle | undefined;
function oracle(): Oracle {
  oracleCache ??= python<Oracle>(`${ENCODER}\n${EXTRAS}\n` +
    `rows = lambda values: [[enc(v), str(hash(v))] for v in values]\n` +
    `print(json.dumps({'extras': extras, 'cases': {\n` +
    Object.entries(CASES).map(([name, expr]) => `  ${JSON.stringify(name)}: rows(${expr}),\n`).join('') + '}}))');
  return oracleCache;
}

/** Every value of a case, hashed by python3 and by objectHash. */
function compare(name: keyof typeof CASES): void {
  const rows = oracle().cases[name];
  expect(rows.length).toBeGreaterThan(0);
  const heap = newHeap();
  const got = rows.map(([e]) => objectHash(heap.state, build(heap, e)).toString());
  expect(got).toEqual(rows.map(([, h]) => h));
}

describe('objectHash equals CPython 3.11 hash() with PYTHONHASHSEED=0', () => {
  it('ints: small, negative, -1, -2, around 2**61 - 1 and its multiples, beyond 2**64, random sizes', () => {
    compare('ints');
  });

  it('floats: fractions, negatives, ±inf, ±0.0, integral floats, extremes, subnormals, random bits', () => {
    compare('floats');
  });

  it('str: empty, ASCII, latin-1, BMP, CJK, astral, mixed widths, lone surrogates, every tail length', () => {
    compare('strs');
  });

  it('bytes: empty, single bytes, every byte value, tails, long', () => {
    compare('bytes');
  });

  it('the same characters as str and as bytes hash alike when the str is latin-1', () => {
    const heap = newHeap();
    for (const t of ['abc', 'caf\u00e9', '\u00ff\u00fe', 'x'.repeat(20)]) {
      expect(objectHash(heap.state, heap.str(t))).toBe(objectHash(heap.state, heap.bytes(t)));
    }
  });

  it('None, True, False, and int / float / bool equality of hashes', () => {
    compare('atoms');
    // hash(None) is None's address in 3.11 (it changes from run to run in CPython): a pointer hash here
    const heap = newHeap();
    const none = heap.none();
    expect(objectHash(heap.state, none)).toBe(pointerHash(heap.addressOf(none)));
  });

  it('tuples: empty, nested, holding every kind above', () => {
    compare('tuples');
  });

  it('frozensets: empty, small, nested, large, mixed', () => {
    compare('frozensets');
  });

  it('a frozenset with NULL slots (deleted entries) hashes by what it holds', () => {
    // frozensets never lose entries in Python; a set that did, relabelled, has the same slots
    const heap = newHeap();
    const items = [1, 2, 3, 4, 5].map((i) => heap.int(i));
    const fs = heap.set(items);
    heap.setDiscard(fs, items[1]!);
    heap.setDiscard(fs, items[3]!);
    heap.state.kind[fs] = Kind.FrozenSet;
    const rows = oracle().cases.frozenset135;
    expect(heap.state.slots(fs)).toContain(NULL_ID);
    expect(objectHash(heap.state, fs).toString()).toBe(rows[0]![1]);
  });
});

describe('pointer hashes', () => {
  it('pointerHash(id(o)) equals CPython hash(o) for objects hashed by address', () => {
    for (const [address, h] of oracle().extras.pointers) expect(pointerHash(address).toString()).toBe(h);
  });

  it('a bound method: pointer hash of its self xor its function hash; a weakref: its referent hash', () => {
    const [self, func, method, referent, weak] = oracle().extras.method;
    const r = pointerHash(self) ^ BigInt(func);
    expect((r === -1n ? -2n : r).toString()).toBe(method);
    expect(weak).toBe(referent);
    const heap = newHeap();
    const C = heap.newClass('C');
    const c = heap.instance(C);
    const f = heap.func({ name: 'f' });
    const m = heap.method(f, c);
    expect(objectHash(heap.state, m)).toBe(pointerHash(heap.addressOf(c)) ^ pointerHash(heap.addressOf(f)));
    expect(objectHash(heap.state, heap.weakref(c))).toBe(objectHash(heap.state, c));
  });

  it('rotates rather than shifts: the low 4 bits reach the top', () => {
    expect(pointerHash(0x1000)).toBe(0x100n);
    expect(pointerHash(0x1008)).toBe(BigInt.asIntN(64, (8n << 60n) | 0x100n));
    expect(pointerHash(1)).toBe(BigInt.asIntN(64, 1n << 60n));
  });

  it('objectAddress is what Heap.addressOf (id()) reports, and every other kind hashes by it', () => {
    const heap = newHeap();
    const C = heap.newClass('C');
    const D = heap.newClass('D', { slots: ['x'] });
    const nan = heap.float(NaN);
    const ids = [
      heap.none(), heap.bool(true), heap.int(5), heap.int(10 ** 20), heap.float(1.5), nan, heap.str('abc'), heap.str('a'),
      heap.bytes('xy'), heap.tuple([]), heap.tuple([heap.int(1)]), heap.list([]), heap.dict(), heap.set([]), heap.object(),
      C, D, heap.instance(C), heap.instance(D), heap.cell(heap.none()),
    ];
    for (const id of ids) expect(objectAddress(heap.state, id), heap.describe(id)).toBe(heap.addressOf(id));
    for (const id of [nan, ids[11]!, ids[12]!, ids[14]!, C, ids[17]!, ids[18]!]) {
      expect(objectHash(heap.state, id)).toBe(pointerHash(heap.addressOf(id)));
    }
    // two NaNs: equal payloads, different objects, different hashes
    const nan2 = heap.float(NaN);
    expect(objectHash(heap.state, nan2)).not.toBe(objectHash(heap.state, nan));
  });
});

describe('random values (fast-check, fixed seed), all hashed by one python3 run', () => {
  const seed = 20251;
  const codePoint = (min: number, max: number) => fc.integer({ min, max }).map((c) => String.fromCodePoint(c));
  // one width class per string, so each canonical width is exercised on its own and mixed
  const units = [
    codePoint(0, 0x7f), codePoint(0, 0xff), codePoint(0, 0xffff), codePoint(0, 0x10ffff),
    fc.oneof(codePoint(0, 0xff), codePoint(0x100, 0xffff), codePoint(0x10000, 0x10ffff)),
  ];
  const strings = fc.sample(fc.oneof(...units.map((unit) => fc.string({ unit, maxLength: 40 }))), { seed, numRuns: 400 });
  const bytes = fc.sample(fc.uint8Array({ maxLength: 40 }), { seed, numRuns: 200 })
    .map((a) => String.fromCharCode(...a));
  const ints = fc.sample(fc.bigInt({ min: -(1n << 300n), max: 1n << 300n }), { seed, numRuns: 200 });
  const doubles = fc.sample(fc.double({ noNaN: true }), { seed, numRuns: 300 });

  it('str, bytes, int and float', () => {
    const bits = (x: number) => {
      const v = new DataView(new ArrayBuffer(8));
      v.setFloat64(0, x, true);
      return Array.from(new Uint8Array(v.buffer), (b) => b.toString(16).padStart(2, '0')).join('');
    };
    const input = JSON.stringify({ strings, bytes, ints: ints.map(String), doubles: doubles.map(bits) });
    const py = python<{ strings: string[]; bytes: string[]; ints: string[]; doubles: string[] }>(
      'import json, struct, sys\nd = json.load(sys.stdin)\nh = lambda xs: [str(hash(x)) for x in xs]\n' +
      "print(json.dumps({'strings': h(d['strings']), 'bytes': h(s.encode('latin-1') for s in d['bytes']),\n" +
      "  'ints': h(int(s) for s in d['ints']), 'doubles': h(struct.unpack('<d', bytes.fromhex(s))[0] for s in d['doubles'])}))",
      input,
    );
    const heap = newHeap();
    const ours = <T>(xs: readonly T[], make: (x: T) => ObjectId) => xs.map((x) => objectHash(heap.state, make(x)).toString());
    expect(ours(strings, (s) => heap.str(s))).toEqual(py.strings);
    expect(ours(bytes, (s) => heap.bytes(s))).toEqual(py.bytes);
    expect(ours(ints, (n) => heap.int(n))).toEqual(py.ints);
    expect(ours(doubles, (x) => heap.float(x))).toEqual(py.doubles);
  });
});
