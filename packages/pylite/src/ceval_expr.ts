/**
 * Expression evaluation (the expression opcodes of Python/ceval.c): every result is an
 * owned reference, operands are released after the result is made; displays, comprehensions
 * (a function called with an iterator), calls with LOAD_METHOD's shortcut, f-strings.
 */
import { Kind, NULL_ID, type ObjectId } from '@pymm/objects';
import { binop, format, getItem, intOf, newInt } from './abstract.js';
import type { Arg, Expr, FPart } from './ast.js';
import { call, callFunction, makeFunction } from './call.js';
import { assign, loadName } from './ceval.js';
import { constant, constFrozenset, constTuple, evalConst, evalIterable, isConstant } from './compile.js';
import { dictPairs, dictUpdate } from './dictobject.js';
import { PyException } from './errors.js';
import { unsupported } from './exceptions.js';
import { getIter, next } from './iterobject.js';
import { listFrom } from './listobject.js';
import { callMethod, hasMethod } from './methodobject.js';
import { compare, getAttr, ref, repr, str, truth } from './object.js';
import { hash, hashKey } from './pyhash.js';
import type { Frame, FuncInfo, PyState } from './pystate.js';
import { comprehensionName } from './scope.js';
import { setAddAny } from './setobject.js';
import { lookupClassAttr } from './typeobject.js';
import { asciiRepr } from './unicode_format.js';

export function truthEval(vm: PyState, e: Expr, f: Frame): boolean {
  const v = evalExpr(vm, e, f);
  try { return truth(vm, v); } finally { vm.heap.decrefUnchecked(v); }
}

export function evalExpr(vm: PyState, e: Expr, f: Frame): ObjectId {
  try {
    return evalInner(vm, e, f);
  } catch (err) {
    if (err instanceof PyException && err.pos === undefined) {
      const span = (e as { span?: [number, number] }).span;
      if (span !== undefined) err.pos = { span, node: e };
    }
    throw err;
  }
}

function evalInner(vm: PyState, e: Expr, f: Frame): ObjectId {
  const h = vm.heap;
  if (f !== null) f.line = e.line;
  switch (e.k) {
    case 'Name': return loadName(vm, e.id, f, e.line);
    case 'Int': return constant(vm, e, () => h.int(e.value));
    case 'Float': return constant(vm, e, () => h.float(e.value));
    case 'Str': return constant(vm, e, () => (/^[A-Za-z_][A-Za-z0-9_]*$/.test(e.value) ? h.internedStr(e.value) : h.str(e.value)));
    case 'Bytes': return constant(vm, e, () => h.bytes(e.value));
    case 'Const': return e.value === 'None' ? h.none() : h.bool(e.value === 'True');
    case 'FString': {
      // f'{s}' alone is FORMAT_VALUE without BUILD_STRING: an exact str (after !s, with an
      // empty spec) is itself
      const only = e.parts.length === 1 ? e.parts[0]! : null;
      if (only !== null && typeof only !== 'string' && only.conversion !== 'r' && only.conversion !== 'a' && (only.spec === null || only.spec.length === 0)) {
        const v = evalExpr(vm, only.expr, f);
        if (h.kindOf(v) === Kind.Str) return v;
        try { return h.str(only.conversion === 's' ? str(vm, v) : format(vm, v, '')); } finally { h.decrefUnchecked(v); }
      }
      return h.str(fstring(vm, e.parts, f));
    }
    case 'Attr': {
      const obj = evalExpr(vm, e.obj, f);
      try { return getAttr(vm, obj, e.name, e.line); } finally { h.decrefUnchecked(obj); }
    }
    case 'Subscript': {
      const obj = evalExpr(vm, e.obj, f);
      const idx = evalExpr(vm, e.index, f);
      try { return getItem(vm, obj, idx, e.line); } finally { h.decrefUnchecked(obj); h.decrefUnchecked(idx); }
    }
    case 'Slice': {
      const parts = [e.lower, e.upper, e.step].map((x) => (x ? evalExpr(vm, x, f) : h.none()));
      const s = h.opaque('slice', 56 + 16, parts);
      for (const x of parts) h.decrefUnchecked(x);
      return s;
    }
    case 'Call': return evalCall(vm, e, f);
    case 'BinOp': {
      const l = evalExpr(vm, e.left, f);
      let r: ObjectId;
      try { r = evalExpr(vm, e.right, f); } catch (err) { h.decrefUnchecked(l); throw err; }
      return binop(vm, e.op, l, r, e.line);
    }
    case 'Unary': {
      if (e.op === '-' && (e.operand.k === 'Int' || e.operand.k === 'Float')) return evalConst(vm, e);
      const v = evalExpr(vm, e.operand, f);
      try {
        if (e.op === 'not') return h.bool(!truth(vm, v));
        const k = h.kindOf(v);
        if (e.op === '-') { if (k === Kind.Float) return h.float(-(h.value(v) as number)); return newInt(vm, -intOf(vm, v)); }
        // long_pos and float_pos: an exact int or float is itself
        if (e.op === '+') { if (k === Kind.Float || k === Kind.Int) return ref(vm, v); return newInt(vm, intOf(vm, v)); }
        if (e.op === '~') return newInt(vm, ~intOf(vm, v));
        return unsupported(`unary ${e.op}`, e.line);
      } finally { h.decrefUnchecked(v); }
    }
    case 'Compare': {
      let left = evalExpr(vm, e.first, f);
      for (let i = 0; i < e.ops.length; i++) {
        let right: ObjectId;
        const last = i === e.ops.length - 1 && (e.ops[i] === 'in' || e.ops[i] === 'not in');
        try { right = last ? evalIterable(vm, e.rest[i]!, f) : evalExpr(vm, e.rest[i]!, f); } catch (err) { h.decrefUnchecked(left); throw err; }
        let ok: boolean;
        try { ok = compare(vm, e.ops[i]!, left, right); } catch (err) { h.decrefUnchecked(left); h.decrefUnchecked(right); throw err; }
        h.decrefUnchecked(left);
        if (!ok || i === e.ops.length - 1) { h.decrefUnchecked(right); return h.bool(ok); }
        left = right;
      }
      return h.bool(true);
    }
    case 'BoolOp': {
      let v = evalExpr(vm, e.values[0]!, f);
      for (let i = 1; i < e.values.length; i++) {
        const t = truth(vm, v);
        if (e.op === 'and' ? !t : t) return v;
        h.decrefUnchecked(v);
        v = evalExpr(vm, e.values[i]!, f);
      }
      return v;
    }
    case 'IfExp': return truthEval(vm, e.test, f) ? evalExpr(vm, e.body, f) : evalExpr(vm, e.orelse, f);
    case 'List': {
      // BUILD_LIST n; 3+ constants: BUILD_LIST 0 + LIST_EXTEND of a constant tuple
      if (e.elts.some((x) => x.k === 'Starred')) return starredList(vm, e.elts, f);
      if (e.elts.length >= 3 && e.elts.every((x) => isConstant(x))) {
        // the compiler folds the items into a constant tuple: BUILD_LIST 0, LIST_EXTEND
        const t = constTuple(vm, { k: 'Tuple', line: e.line, elts: e.elts } as Extract<Expr, { k: 'Tuple' }>, e);
        const l = h.list();
        h.listExtend(l, h.items(t), 'sequence');
        h.decrefUnchecked(t);
        return l;
      }
      const vals = evalAll(vm, e.elts, f);
      const l = h.list(vals);
      for (const v of vals) h.decrefUnchecked(v);
      return l;
    }
    case 'Tuple': {
      if (e.elts.length > 0 && e.elts.every(isConstant)) return constTuple(vm, e);
      if (e.elts.some((x) => x.k === 'Starred')) {
        const l = starredList(vm, e.elts, f);
        const t = h.tuple(h.items(l));
        h.decrefUnchecked(l);
        return t;
      }
      const vals = evalAll(vm, e.elts, f);
      const t = h.tuple(vals);
      for (const v of vals) h.decrefUnchecked(v);
      return t;
    }
    case 'Set': {
      // 3+ constants: BUILD_SET 0, then SET_UPDATE from the constant frozenset
      if (e.elts.length >= 3 && e.elts.every((x) => isConstant(x))) {
        const fz = constFrozenset(vm, e);
        const s = h.set();
        try { h.setMerge(s, fz); } finally { h.decrefUnchecked(fz); }
        return s;
      }
      const vals = evalAll(vm, e.elts, f);
      const s = h.set();
      try { for (const v of vals) setAddAny(vm, s, v); } finally { for (const v of vals) h.decrefUnchecked(v); }
      return s;
    }
    case 'Dict': return dictDisplay(vm, e, f);
    case 'ListComp': case 'SetComp': case 'DictComp': {
      const fn = makeFunction(vm, comprehensionName(e), [{ name: '.0', default: null, star: '' }], null, null,
        { gens: e.gens, elt: e.k === 'DictComp' ? null : e.elt, set: e.k === 'SetComp', key: e.k === 'DictComp' ? e.key : null, value: e.k === 'DictComp' ? e.value : null }, f, e);
      let it: ObjectId;
      try {
        const src = evalIterable(vm, e.gens[0]!.iter, f);
        try { it = getIter(vm, src); } finally { h.decrefUnchecked(src); }
      } catch (err) { h.decrefUnchecked(fn); throw err; }
      try { return callFunction(vm, fn, [it], []); } finally { h.decrefUnchecked(fn); }
    }
    case 'Lambda': return makeFunction(vm, '<lambda>', e.params, null, e.body, null, f, e);
    case 'Starred': return unsupported('a starred expression here', e.line);
  }
}

/** Each expression in order (owned); those made are released when one raises. */
export function evalAll(vm: PyState, es: readonly Expr[], f: Frame): ObjectId[] {
  const out: ObjectId[] = [];
  try {
    for (const x of es) out.push(evalExpr(vm, x, f));
  } catch (err) {
    for (const v of out) vm.heap.decrefUnchecked(v);
    throw err;
  }
  return out;
}

function starredList(vm: PyState, elts: readonly Expr[], f: Frame): ObjectId {
  const h = vm.heap;
  const l = h.list();
  for (const x of elts) {
    if (x.k === 'Starred') {
      const v = evalExpr(vm, x.value, f);
      const it = getIter(vm, v);
      h.decrefUnchecked(v);
      for (let y = next(vm, it); y !== null; y = next(vm, it)) { h.listAppend(l, y); h.decrefUnchecked(y); }
      h.decrefUnchecked(it);
    } else { const v = evalExpr(vm, x, f); h.listAppend(l, v); h.decrefUnchecked(v); }
  }
  return l;
}

/** The body of a comprehension function: frame slot 0 ('.0') holds the first iterator. */
export function runComprehension(vm: PyState, info: FuncInfo, f: Frame): ObjectId {
  const h = vm.heap;
  const comp = info.comp!;
  // BUILD_LIST, BUILD_SET or BUILD_MAP, then LIST_APPEND, SET_ADD or MAP_ADD per item
  const result = comp.elt === null ? h.dict() : comp.set ? h.set() : h.list();
  const loop = (g: number, it: ObjectId): void => {
    const gen = comp.gens[g]!;
    for (;;) {
      const v = next(vm, it);
      if (v === null) return;
      assign(vm, gen.target, v, f);
      if (!gen.ifs.every((c) => truthEval(vm, c, f))) continue;
      if (g + 1 < comp.gens.length) {
        const src = evalIterable(vm, comp.gens[g + 1]!.iter, f);
        const inner = getIter(vm, src);
        h.decrefUnchecked(src);
        try { loop(g + 1, inner); } finally { h.decrefUnchecked(inner); }
        continue;
      }
      if (comp.elt !== null) {
        const x = evalExpr(vm, comp.elt, f);
        if (comp.set) { try { setAddAny(vm, result, x); } finally { h.decrefUnchecked(x); } } else {
          h.listAppend(result, x);
          h.decrefUnchecked(x);
        }
      } else {
        const k = evalExpr(vm, comp.key!, f);
        const x = evalExpr(vm, comp.value!, f);
        try { hashKey(vm, k); h.dictSetItem(result, k, x); } finally { h.decrefUnchecked(k); h.decrefUnchecked(x); }
      }
    }
  };
  try {
    loop(0, f.slots[0]!);
  } catch (err) {
    h.decrefUnchecked(result);
    throw err;
  }
  return result;
}

function evalCall(vm: PyState, e: Extract<Expr, { k: 'Call' }>, f: Frame): ObjectId {
  const h = vm.heap;
  // LOAD_METHOD: obj.meth(...) calls the function with obj as self, no bound method made
  if (e.func.k === 'Attr') {
    const obj = evalExpr(vm, e.func.obj, f);
    const name = e.func.name;
    const k = h.kindOf(obj);
    let meth = NULL_ID;
    if (k === Kind.Instance && h.getAttr(obj, name) === NULL_ID) {
      const c = lookupClassAttr(vm, h.state.typeOf[obj]! as ObjectId, name);
      if (c !== NULL_ID && vm.functions.has(c)) meth = c;
    }
    if (meth !== NULL_ID) {
      h.incref(meth);
      let args: ObjectId[];
      let kw: [string, ObjectId][];
      try { [args, kw] = evalArgs(vm, e.args, f); } catch (err) { h.decrefUnchecked(meth); h.decrefUnchecked(obj); throw err; }
      try { return call(vm, meth, [obj, ...args], kw, e.line); } finally { h.decrefUnchecked(meth); }
    }
    if (hasMethod(vm, obj, name) && k !== Kind.Instance) {
      let args: ObjectId[];
      let kw: [string, ObjectId][];
      try { [args, kw] = evalArgs(vm, e.args, f); } catch (err) { h.decrefUnchecked(obj); throw err; }
      try { return callMethod(vm, obj, name, args, kw, e.line); } finally {
        for (const a of args) h.decrefUnchecked(a);
        for (const [, v] of kw) h.decrefUnchecked(v);
        h.decrefUnchecked(obj);
      }
    }
    let fn: ObjectId;
    try { fn = getAttr(vm, obj, name, e.line); } finally { h.decrefUnchecked(obj); }
    let args: ObjectId[];
    let kw: [string, ObjectId][];
    try { [args, kw] = evalArgs(vm, e.args, f); } catch (err) { h.decrefUnchecked(fn); throw err; }
    try { return call(vm, fn, args, kw, e.line); } finally { h.decrefUnchecked(fn); }
  }
  const fn = evalExpr(vm, e.func, f);
  let args: ObjectId[];
  let kw: [string, ObjectId][];
  try { [args, kw] = evalArgs(vm, e.args, f); } catch (err) { h.decrefUnchecked(fn); throw err; }
  try { return call(vm, fn, args, kw, e.line); } finally { h.decrefUnchecked(fn); }
}

function evalArgs(vm: PyState, args: readonly Arg[], f: Frame): [ObjectId[], [string, ObjectId][]] {
  const h = vm.heap;
  const pos: ObjectId[] = [];
  const kw: [string, ObjectId][] = [];
  try {
    for (const a of args) {
      if (a.star === '*') {
        const v = evalExpr(vm, a.value, f);
        const l = listFrom(vm, v);
        h.decrefUnchecked(v);
        for (const x of h.items(l)) { h.incref(x); pos.push(x); }
        h.decrefUnchecked(l);
      } else if (a.star === '**') {
        const v = evalExpr(vm, a.value, f);
        for (const [k, x] of dictPairs(vm, v)) { h.incref(x); kw.push([h.value(k) as string, x]); }
        h.decrefUnchecked(v);
      } else if (a.name !== null) kw.push([a.name, evalExpr(vm, a.value, f)]);
      else pos.push(evalExpr(vm, a.value, f));
    }
  } catch (err) {
    for (const x of pos) h.decrefUnchecked(x);
    for (const [, x] of kw) h.decrefUnchecked(x);
    throw err;
  }
  return [pos, kw];
}

function fstring(vm: PyState, parts: readonly FPart[], f: Frame): string {
  let out = '';
  for (const p of parts) {
    if (typeof p === 'string') { out += p; continue; }
    const v = evalExpr(vm, p.expr, f);
    try {
      const spec = p.spec ? fstring(vm, p.spec, f) : '';
      if (p.conversion === null) out += format(vm, v, spec);
      else {
        // FORMAT_VALUE: the conversion's str, then PyObject_Format of it
        const text = p.conversion === 'r' ? repr(vm, v) : p.conversion === 'a' ? asciiRepr(repr(vm, v)) : str(vm, v);
        const converted = vm.heap.str(text);
        try { out += format(vm, converted, spec); } finally { vm.heap.decrefUnchecked(converted); }
      }
    } finally { vm.heap.decrefUnchecked(v); }
  }
  return out;
}

/**
 * A dict display as compiler_dict compiles it: up to 15 pairs are evaluated first and
 * then inserted into a dict presized for them (BUILD_MAP n, BUILD_CONST_KEY_MAP), so a
 * key's TypeError comes after every key and value ran; a chunk of 16 or more (17 at a
 * time in a longer display) starts from an empty dict and adds each pair as it is
 * evaluated (BUILD_MAP 0, MAP_ADD); later chunks are merged in (DICT_UPDATE).
 */
function dictDisplay(vm: PyState, e: Extract<Expr, { k: 'Dict' }>, f: Frame): ObjectId {
  const h = vm.heap;
  const GUIDELINE = 30; // STACK_USE_GUIDELINE
  const n = e.keys.length;
  const chunks: [number, number][] = [];
  let elements = 0;
  for (let i = 0; i < n; i++) {
    if (elements * 2 > GUIDELINE) { chunks.push([i - elements, i + 1]); elements = 0; } else elements++;
  }
  if (elements > 0) chunks.push([n - elements, n]);
  const subdict = (begin: number, end: number): ObjectId => {
    const big = (end - begin) * 2 > GUIDELINE;
    if (big) {
      const d = h.dict();
      try {
        for (let i = begin; i < end; i++) {
          const k = evalExpr(vm, e.keys[i]!, f);
          let v: ObjectId;
          try { v = evalExpr(vm, e.values[i]!, f); } catch (err) { h.decrefUnchecked(k); throw err; }
          try { hashKey(vm, k); h.dictSetItem(d, k, v); } finally { h.decrefUnchecked(k); h.decrefUnchecked(v); }
        }
      } catch (err) { h.decrefUnchecked(d); throw err; }
      return d;
    }
    const items: ObjectId[] = [];
    try {
      for (let i = begin; i < end; i++) { items.push(evalExpr(vm, e.keys[i]!, f)); items.push(evalExpr(vm, e.values[i]!, f)); }
      let unicode = true;
      for (let i = 0; i < items.length; i += 2) if (h.kindOf(items[i]!) !== Kind.Str) { unicode = false; break; }
      const d = h.dictPresized(end - begin, unicode);
      try {
        for (let i = 0; i < items.length; i += 2) { hashKey(vm, items[i]!); h.dictSetItem(d, items[i]!, items[i + 1]!); }
      } catch (err) { h.decrefUnchecked(d); throw err; }
      return d;
    } finally { for (const x of items) h.decrefUnchecked(x); }
  };
  if (chunks.length === 0) return h.dict();
  const d = subdict(chunks[0]![0], chunks[0]![1]);
  try {
    for (const [begin, end] of chunks.slice(1)) {
      const more = subdict(begin, end);
      try { dictUpdate(vm, d, more); } finally { h.decrefUnchecked(more); }
    }
  } catch (err) { h.decrefUnchecked(d); throw err; }
  return d;
}
