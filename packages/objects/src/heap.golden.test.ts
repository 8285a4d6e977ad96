/**
 * The Heap against python3 (packages/objects/golden, made by tools/cpython-oracle): every
 * case of sizes.json the Heap can build the way CPython 3.11 does is built through the
 * Heap's operations, then `heap.getsizeof` is compared with sys.getsizeof, and the pymalloc
 * size class (or static / raw) of the object and of its separately allocated storage with
 * what blocks.json read from the pool headers of the running interpreter.
 *
 * Cases the Heap has no faithful construction for are listed in `notModelled` (with the
 * reason); cases where the Heap disagrees with python3 are listed in `knownDifferences`
 * (heap value, python3 value, diagnosis), and the tests assert that exactly those differ.
 */
import { readFileSync } from 'node:fs';
import { poolOf } from '@pymm/obmalloc';
import { describe, expect, it } from 'vitest';
import { F_SPLIT, F_STATIC, Kind, heapFor, initialState, intDigits, type Heap, type ObjectId } from './index.js';

interface SizeCase { case: string; expr: string; type: string; getsizeof: number }
interface Where { where: string; blockSize?: number }
interface Part { part: string; measured: Where | null }
interface BlockCase { case: string; object?: Part | null; storage?: Part[] }
const golden = <T>(name: string): T => JSON.parse(readFileSync(new URL(`../golden/${name}`, import.meta.url), 'utf8')) as T;
const sizes = golden<{ python: string; cases: SizeCase[] }>('sizes.json');
const blocks = golden<{
  cases: BlockCase[];
  instanceValuesSeries: { rows: { instance: number; object: Where | null; values: Where | null }[] };
}>('blocks.json');
const blocksByCase = new Map(blocks.cases.map((c) => [c.case, c]));

// --- what the Heap cannot build the way CPython does -------------------------------------

const sizesOf = [0, 1, 4, 5, 8, 9, 16, 17, 100];
const notModelled: readonly (readonly [reason: string, cases: readonly string[]])[] = [
  ['no complex objects in the Heap', ['complex', 'complex 1+2j']],
  ['no bytearray in the Heap (object + PyObject_Malloc buffer)', ['bytearray empty', 'bytearray 1', 'bytearray 2', 'bytearray 10', 'bytearray 100', 'bytearray 10 appends']],
  ['list_extend of a range: list_preallocate_exact rounds the length hint to even; the Heap has no extend',
    sizesOf.map((n) => `list list(range(${n}))`)],
  ['BUILD_LIST 0 + LIST_EXTEND (tuple / range): list_preallocate_exact (even capacity); the Heap has no extend',
    ['list literal [1, 2, 3]', 'list literal 5 consts', 'list [*range(5)]', 'list(tuple 5)']],
  ['_PyDict_FromItems presizes (dict_new_presized, estimate_log2_keysize) above 5 items; the Heap has no presized dict',
    [6, 10, 11, 20].flatMap((n) => [`dict literal ${n} str keys`, `dict display ${n} str keys, non-constant values`])],
  ['SET_UPDATE of a frozenset constant: set_merge presizes to used*2; the Heap only adds one by one', ['set literal 5 items']],
  ['subclasses of builtins are outside the Heap subset (newClass rejects them)', ['instance of list subclass', 'instance of int subclass']],
  ['no builtin_function_or_method objects in the Heap', ['bound builtin method', 'builtin function']],
  ['no staticmethod / classmethod / property objects in the Heap', ['staticmethod object', 'classmethod object', 'property object']],
  ['the Heap has no code-object constructor', ['code object']],
  ['no range / slice / iterator / view objects in the Heap', ['range', 'slice', 'list iterator', 'dict keys view']],
  ['Ellipsis and NotImplemented are not Heap singletons', ['Ellipsis', 'NotImplemented']],
  ['no generators (frames) in the Heap', ['generator expression', 'generator function, not started', 'generator function with 3 locals']],
  ['no exception / SimpleNamespace / functools.partial objects in the Heap', ['exception instance', 'SimpleNamespace', 'functools.partial']],
];
const notModelledNames = new Set(notModelled.flatMap(([, names]) => names));

// --- where the Heap disagrees with python3 ------------------------------------------------

/** aspect: 'getsizeof', 'block' (the object's block) or 'block:<part>' (storage). */
interface KnownDifference { case: string; aspect: string; heap: number | string; python: number | string; why: string }
const knownDifferences: readonly KnownDifference[] = [
  // none: the last ones (int digits before normalisation, b'x' * 0, '__dict__' in __slots__,
  // sizeof(PyHeapTypeObject), static types, modules) were fixed in Heap.ts
];

// --- parsing the oracle's expressions (copied from layout.golden.test.ts, kept short) ------

/** The few int expressions the oracle uses: literals, 2**k, 2**k-1, -2**k, int('…'). */
function intOf(expr: string): bigint {
  const m = /^(-?)2\*\*(\d+)(-1)?$/.exec(expr.replace(/\s+/g, ''));
  if (m) return (m[1] ? -1n : 1n) * (2n ** BigInt(m[2])) - (m[3] ? 1n : 0n);
  const q = /^int\('(-?\d+)'\)$/.exec(expr);
  return BigInt(q ? q[1] : expr);
}

/** A Python string literal of the form 'c' * n (or 'abc' + 'é'): its value. */
function strOf(expr: string): string {
  const unq = (s: string): string => JSON.parse('"' + s.slice(1, -1).replace(/\\U([0-9a-fA-F]{8})/g, (_, h) => String.fromCodePoint(parseInt(h, 16))).replace(/"/g, '\\"') + '"');
  const mul = /^('.*') \* (\d+)$/.exec(expr);
  if (mul) return unq(mul[1]).repeat(Number(mul[2]));
  const plus = /^('.*') \+ ('.*')$/.exec(expr);
  if (plus) return unq(plus[1]) + unq(plus[2]);
  throw new Error(`no rule for ${expr}`);
}

const num = (re: RegExp, s: string): number | undefined => { const m = re.exec(s); return m ? Number(m[1]) : undefined; };

// --- building each case through the Heap --------------------------------------------------

interface Built { h: Heap; obj: ObjectId; cls?: ObjectId }

/** Builds the case's `obj` as CPython does (a fresh heap per case), or undefined when not modelled. */
function build(c: SizeCase): Built | undefined {
  const h = heapFor(initialState());
  const done = (obj: ObjectId, cls?: ObjectId): Built => ({ h, obj, ...(cls !== undefined ? { cls } : {}) });
  const drop = (...ids: ObjectId[]) => { for (const x of ids) h.decref(x); };
  /** range(n) yields new int references, released after use. */
  const ints = (n: number) => Array.from({ length: n }, (_, i) => h.int(i));
  const strKeys = (n: number) => Array.from({ length: n }, (_, i) => h.str(`k${i}`));
  /** PyDict_SetItem of each pair into `dict`, dropping the temporaries. */
  const insert = (d: ObjectId, keys: ObjectId[], values: ObjectId[]) => keys.forEach((k, i) => { h.dictSetItem(d, k, values[i]!); drop(k, values[i]!); });
  const { expr } = c;
  let n: number | undefined;
  switch (c.type) {
    case 'int': {
      // the digits CPython's routine allocates before normalising: x_sub takes its larger
      // operand's size (2**k - 1), PyLong_FromString sizes from the decimal length
      const v = intOf(expr);
      const sub = /^(-?)2\*\*(\d+)-1$/.exec(expr.replace(/\s+/g, ''));
      const fromStr = /^int\('(-?\d+)'\)$/.exec(expr);
      const alloc = sub ? intDigits(2n ** BigInt(sub[2])) : fromStr ? Math.floor(fromStr[1]!.replace('-', '').length * (Math.log(10) / Math.log(2 ** 30))) + 1 : undefined;
      return done(h.int(v, alloc));
    }
    case 'bool': return done(h.bool(expr === 'True'));
    case 'float': return done(h.float(Number(expr)));
    case 'str': return done(h.str(strOf(expr)));
    case 'bytes': {
      // bytes_repeat: n == 1 returns the operand (the static b'x'); n == 0 allocates a fresh empty object
      const n = num(/^b'x' \* (\d+)$/, expr)!;
      return done(h.bytes('x'.repeat(n), { fresh: n === 0 }));
    }
    case 'NoneType': return done(h.none());
    case 'object': return done(h.object());
    case 'tuple': {
      // PySequence_Tuple: PyTuple_New(length hint) filled from the iterator; a constant tuple
      const items = (n = num(/^tuple\(range\((\d+)\)\)$/, expr)) !== undefined ? ints(n) : expr === '(1, 2, 3)' ? [1, 2, 3].map((v) => h.int(v)) : undefined;
      if (items === undefined) return undefined;
      const t = h.tuple(items);
      drop(...items);
      return done(t);
    }
    case 'list': {
      if (/^list \d+ appends$|^list comprehension \d+$/.test(c.case)) {
        // LIST_APPEND / list.append: list_resize one item at a time
        const l = h.list();
        for (const x of ints(Number(/\d+/.exec(c.case)![0]))) { h.listAppend(l, x); drop(x); }
        return done(l);
      }
      // list_repeat -> list_new_prealloc(n); BUILD_LIST n -> PyList_New(n): exactly n slots
      if ((n = num(/^\[None\] \* (\d+)$/, expr)) !== undefined) return done(h.list(Array.from({ length: n }, () => h.noneId)));
      if (expr === '[]') return done(h.list());
      if (expr === '[1, 2]') { const xs = [h.int(1), h.int(2)]; const l = h.list(xs); drop(...xs); return done(l); }
      if (c.case === 'list copy of 5 appends') {
        // src[:] -> list_slice -> list_new_prealloc(len(src))
        const src = h.list();
        for (const x of ints(5)) { h.listAppend(src, x); drop(x); }
        const l = h.list(h.items(src));
        drop(src);
        return done(l);
      }
      return undefined;
    }
    case 'dict': {
      if (expr === '{}' || expr === 'dict()') return done(h.dict());
      let m: RegExpExecArray | null;
      if ((m = /^dict (\d+) (str|int) keys inserted$|^dict comprehension (\d+) (str) keys$/.exec(c.case))) {
        // obj[k] = i / MAP_ADD: PyDict_SetItem one key at a time
        const k = Number(m[1] ?? m[3]);
        const d = h.dict();
        insert(d, (m[2] ?? m[4]) === 'str' ? strKeys(k) : ints(k), ints(k));
        return done(d);
      }
      if ((m = /^dict\.fromkeys (\d+) str keys$|^dict\.fromkeys range\((\d+)\)$/.exec(c.case))) {
        // _PyDict_FromKeys of a list / range (not a dict or set): PyDict_SetItem per key, value None
        const k = Number(m[1] ?? m[2]);
        let src: ObjectId | undefined;
        if (m[1] !== undefined) { src = h.list(); for (const x of strKeys(k)) { h.listAppend(src, x); drop(x); } }
        const d = h.dict();
        if (src !== undefined) for (const key of h.items(src)) h.dictSetItem(d, key, h.noneId);
        else insert(d, ints(k), Array.from({ length: k }, () => h.none()));
        if (src !== undefined) drop(src);
        return done(d);
      }
      if ((m = /^dict (literal|display) (\d+) str keys/.exec(c.case)) && Number(m[2]) <= 5) {
        // BUILD_MAP / BUILD_CONST_KEY_MAP n -> _PyDict_FromItems: n <= 5 is PyDict_New + PyDict_SetItem
        const k = Number(m[2]);
        const d = h.dict();
        insert(d, strKeys(k), m[1] === 'literal' ? ints(k) : Array.from({ length: k }, () => h.int(0)));
        return done(d);
      }
      if (expr === 'dict(a=1, b=2)') {
        // dict_vectorcall: PyDict_SetItem per keyword
        const d = h.dict();
        insert(d, [h.str('a'), h.str('b')], [h.int(1), h.int(2)]);
        return done(d);
      }
      if (c.case === 'dict 10 str keys then cleared' || c.case === 'dict 10 str keys then 9 deleted') {
        const d = h.dict();
        insert(d, strKeys(10), ints(10));
        if (c.case.endsWith('cleared')) h.dictClear(d);
        else for (const k of strKeys(9)) { h.dictDelItem(d, k); drop(k); }
        return done(d);
      }
      if (/^instance/.test(c.case)) return buildInstance(h, c);
      return undefined;
    }
    case 'set': case 'frozenset': {
      let m: RegExpExecArray | null;
      if ((m = /^(set|frozenset)\(range\((\d+)\)\)$/.exec(expr))) {
        // make_new_set -> set_update_internal of an iterator: set_add_key per item
        const xs = ints(Number(m[2]));
        const s = h.set(xs, m[1] === 'frozenset');
        drop(...xs);
        return done(s);
      }
      if ((n = num(/^set (\d+) adds$/, c.case)) !== undefined) {
        const s = h.set();
        for (const x of ints(n)) { h.setAdd(s, x); drop(x); }
        return done(s);
      }
      if (expr === '{1, 2, 3}') {
        // BUILD_SET 0 + SET_UPDATE frozenset({1, 2, 3}): set_merge does not presize for 3 items
        // ((0 + 3) * 5 < 7 * 3) and copies into the same 8-slot inline table, as 3 adds do
        const xs = [1, 2, 3].map((v) => h.int(v));
        const s = h.set(xs);
        drop(...xs);
        return done(s);
      }
      return undefined;
    }
    case 'golden_case.A': return buildInstance(h, c);
    case 'golden_case.S': {
      // class S: __slots__ = (...); S()
      const slots = [...(/__slots__ = \(([^)]*)\)/.exec(expr)![1]!.matchAll(/'([^']+)'/g))].map((x) => x[1]!);
      const cls = h.newClass('S', { slots });
      return done(h.instance(cls), cls);
    }
    case 'type': {
      if (expr === 'int') { const t = h.typeIds.get('int')!; h.incref(t); return done(t); }
      if (c.case === 'type object: class A: pass') return done(h.newClass('A'));
      if (c.case === 'type object: class with __slots__ (a, b)') return done(h.newClass('S', { slots: ['a', 'b'] }));
      if (c.case === 'type object: class with 3 methods') {
        const fs = ['f', 'g', 'h'].map((name) => h.func({ name, qualname: `A.${name}` }));
        const cls = h.newClass('A', { attributes: fs.map((f, i) => [['f', 'g', 'h'][i]!, f] as const) });
        drop(...fs);
        return done(cls);
      }
      return undefined;
    }
    case 'function': {
      if (c.case === 'function (def)') return done(h.func({ name: 'f' }));
      if (c.case === 'function (lambda)') return done(h.func({ name: '<lambda>' }));
      if (c.case === 'function with closure') return done(closure(h).inner);
      return undefined;
    }
    case 'cell': {
      // outer().__closure__[0]: the function dies, its closure tuple with it, the cell survives
      const { inner, cell } = closure(h);
      h.incref(cell);
      drop(inner);
      return done(cell);
    }
    case 'method': {
      // B().m: PyMethod_New(B.m, instance); the bound method keeps the instance alive
      const m = h.func({ name: 'm', qualname: 'B.m' });
      const cls = h.newClass('B', { attributes: [['m', m]] });
      const b = h.instance(cls);
      const bound = h.method(m, b);
      drop(m, b);
      return done(bound, cls);
    }
    case 'weakref.ReferenceType': {
      // a = A(); weakref.ref(a[, lambda r: None]) (a stays alive)
      const cls = h.newClass('A');
      const a = h.instance(cls);
      if (!expr.includes('lambda')) return done(h.weakref(a), cls);
      const cb = h.func({ name: '<lambda>' });
      const wr = h.weakref(a, cb);
      drop(cb);
      return done(wr, cls);
    }
    case 'module': return done(h.module('sys', h.dict()));
    default: return undefined;
  }
}

/** def outer(): x = 1; def inner(): return x; return inner — returns outer()'s inner and its cell. */
function closure(h: Heap): { inner: ObjectId; cell: ObjectId } {
  const x = h.int(1);
  const cell = h.cell(x);
  const clo = h.tuple([cell]);
  const inner = h.func({ name: 'inner', qualname: 'outer.<locals>.inner', closure: clo });
  h.decref(x);
  h.decref(clo);
  h.decref(cell);
  return { inner, cell };
}

/**
 * The instance cases: `class A` (with an __init__ setting a0..a{k-1}, or `pass`), A(), and
 * then `obj.__dict__` accessed, `A().__dict__` kept, a second instance, or setattr in a loop.
 */
function buildInstance(h: Heap, c: SizeCase): Built {
  const { expr } = c;
  const k = (expr.match(/self\.a\d+ = /g) ?? []).length;
  const init = /def __init__/.test(expr) ? h.func({ name: '__init__', qualname: 'A.__init__' }) : undefined;
  const cls = h.newClass('A', {
    ...(/class A\(object\)/.test(expr) ? { bases: [h.typeIds.get('object')!] } : {}),
    ...(init !== undefined ? { attributes: [['__init__', init]] } : {}),
  });
  if (init !== undefined) h.decref(init);
  const newA = (): ObjectId => {
    const o = h.instance(cls);
    for (let i = 0; i < k; i++) { const v = h.int(i); h.setAttr(o, `a${i}`, v); h.decref(v); }
    return o;
  };
  if (/\nfirst = A\(\)\n/.test(expr)) newA(); // kept alive by `first`
  const o = newA();
  const loop = num(/for i in range\((\d+)\):\n {4}setattr\(obj, "a%d" % i, i\)/, expr);
  for (let i = 0; i < (loop ?? 0); i++) { const v = h.int(i); h.setAttr(o, `a${i}`, v); h.decref(v); }
  if (/obj = (A\(\)|obj)\.__dict__$/.test(expr)) {
    // the instance dies; its materialised __dict__ survives
    const d = h.instanceDict(o);
    h.incref(d);
    h.decref(o);
    return { h, obj: d, cls };
  }
  if (/\nobj\.__dict__$/.test(expr)) h.instanceDict(o);
  return { h, obj: o, cls };
}

// --- where the Heap's memory landed -------------------------------------------------------

/** 'static' / 'raw' / 'pymalloc <block size>' for a block address (0 = no block). */
function whereOf(h: Heap, address: number, isStatic = false): string {
  if (isStatic) return 'static';
  const mem = h.state.mem;
  const pid = poolOf(mem, address);
  if (pid >= 0) return `pymalloc ${mem.geometry.blockSizeBytes[mem.poolSzidx[pid]!]!}`;
  if (mem.rawBlocks.has(address)) return 'raw';
  return `unknown ${address}`;
}

const goldenWhere = (w: Where): string => (w.where === 'pymalloc' ? `pymalloc ${w.blockSize}` : w.where);

/** The Heap's separately allocated parts of `obj`, named as blocks.json names them. */
function heapParts(b: Built): Map<string, string> {
  const { h, obj } = b;
  const s = h.state;
  const parts = new Map<string, string>();
  const addr = s.storageAddr[obj]!;
  switch (s.kind[obj]) {
    case Kind.List: if (addr !== 0) parts.set('items', whereOf(h, addr)); break;
    case Kind.Set: case Kind.FrozenSet: if (addr !== 0) parts.set('table', whereOf(h, addr)); break;
    case Kind.Instance: if (addr !== 0) parts.set('inline values', whereOf(h, addr)); break;
    case Kind.Dict:
      if ((s.flags[obj]! & F_SPLIT) !== 0 && b.cls !== undefined) {
        // a split dict: the class's cached keys, and the values array it took over
        parts.set('keys', whereOf(h, s.storageAddr[b.cls]!));
        parts.set('values', whereOf(h, addr));
      } else parts.set('keys', addr === 0 ? 'static' : whereOf(h, addr));
      break;
  }
  return parts;
}

/** Every comparison of one case: [aspect, heap, python3]. */
function observe(c: SizeCase, b: Built): [string, number | string, number | string][] {
  const { h, obj } = b;
  const out: [string, number | string, number | string][] = [['getsizeof', h.getsizeof(obj), c.getsizeof]];
  const bc = blocksByCase.get(c.case);
  const m = bc?.object?.measured;
  if (m) out.push(['block', whereOf(h, h.state.address[obj]!, (h.state.flags[obj]! & F_STATIC) !== 0), goldenWhere(m)]);
  if (bc?.object) {
    const py = new Map<string, string>();
    for (const p of bc.storage ?? []) if (p.measured) py.set(p.part, goldenWhere(p.measured));
    const mine = heapParts(b);
    for (const part of new Set([...py.keys(), ...mine.keys()])) out.push([`block:${part}`, mine.get(part) ?? 'none', py.get(part) ?? 'none']);
  }
  return out;
}

// --- the tests ------------------------------------------------------------------------------

describe(`the Heap against python ${sizes.python}: sys.getsizeof and pymalloc blocks`, () => {
  const built = new Map<string, Built | undefined>(sizes.cases.map((c) => [c.case, build(c)]));
  const modelled = sizes.cases.filter((c) => built.get(c.case) !== undefined);

  it('modelled ∪ notModelled = every case of sizes.json (disjoint, nothing silently skipped)', () => {
    const names = sizes.cases.map((c) => c.case);
    expect(new Set(names).size).toBe(names.length);
    for (const name of notModelledNames) expect(names, `notModelled names an unknown case: ${name}`).toContain(name);
    for (const c of sizes.cases) {
      expect(built.get(c.case) === undefined, `${c.case}: built=${built.get(c.case) !== undefined}, notModelled=${notModelledNames.has(c.case)}`).toBe(notModelledNames.has(c.case));
    }
    expect(modelled.length + notModelledNames.size).toBe(sizes.cases.length);
    for (const b of blocks.cases) expect(names).toContain(b.case);
  });

  it('exactly the known differences differ', () => {
    const differing: string[] = [];
    for (const c of modelled) {
      for (const [aspect, heap, python] of observe(c, built.get(c.case)!)) if (heap !== python) differing.push(`${c.case} | ${aspect} | heap ${heap} | python ${python}`);
    }
    expect(differing.sort()).toEqual(knownDifferences.map((d) => `${d.case} | ${d.aspect} | heap ${d.heap} | python ${d.python}`).sort());
  });

  for (const c of modelled) {
    it(c.case, () => {
      for (const [aspect, heap, python] of observe(c, built.get(c.case)!)) {
        const known = knownDifferences.find((d) => d.case === c.case && d.aspect === aspect);
        if (known === undefined) {
          expect(heap, aspect).toBe(python);
        } else {
          // still differs as recorded: a fix to the Heap shows up here (update the list)
          expect(python, `${aspect} (python3)`).toBe(known.python);
          expect(heap, `${aspect} (heap; ${known.why})`).toBe(known.heap);
        }
      }
    });
  }
});

describe('the values array of the k-th instance of a fresh class (init_inline_values)', () => {
  it('object and values blocks of instances 0..31 of class C: pass', () => {
    const h = heapFor(initialState());
    const cls = h.newClass('C');
    const rows = blocks.instanceValuesSeries.rows;
    expect(rows.length).toBeGreaterThanOrEqual(20);
    for (const r of rows) {
      const o = h.instance(cls); // earlier instances are kept alive
      if (r.object) expect(whereOf(h, h.state.address[o]!), `instance ${r.instance} object`).toBe(goldenWhere(r.object));
      if (r.values) expect(whereOf(h, h.state.storageAddr[o]!), `instance ${r.instance} values`).toBe(goldenWhere(r.values));
    }
  });
});
