/**
 * The builtins module (Python/bltinmodule.c): the exception types and builtin types
 * bound by name, and the builtin functions (print, len, range, sorted, min, max, …).
 */
import { Kind, LongText, NULL_ID, type ObjectId } from '@pymm/objects';
import { binop, format, intOf, len, newInt } from './abstract.js';
import { floatDivmod } from './floatobject.js';
import { intToDouble } from './longobject.js';
import { EXCEPTION_BASES, PyException } from './errors.js';
import { call } from './call.js';
import { newMethodWrapper, newProperty } from './descrobject.js';
import { dropException, newException, raise, unsupported } from './exceptions.js';
import { divHalfEven, exactDouble } from './dtoa.js';
import { checkBuiltinArgs } from './getargs.js';
import { getIter, next, resultTuple } from './iterobject.js';
import { listFrom, sortList } from './listobject.js';
import { setupModules } from './modules.js';
import { compare } from './compare.js';
import { delAttr, getAttr, instanceAttrNames, isCallable, ref, repr, setAttr, str, truth, typeName } from './object.js';
import { hash } from './pyhash.js';
import { type Builtin, currentLine, type PyState } from './pystate.js';
import { isInstance } from './typeobject.js';
import { strOf } from './unicodeobject.js';

export function defineBuiltin(vm: PyState, name: string, fn: Builtin, typeName = 'builtin_function_or_method'): ObjectId {
  const id = vm.heap.staticObject(typeName, name);
  vm.builtinFns.set(id, fn);
  return id;
}

export function setupBuiltins(vm: PyState): void {
  const h = vm.heap;
  // each builtin checks its arguments as CPython's declaration does before it runs
  const b = (name: string, fn: Builtin) => vm.builtins.set(name, defineBuiltin(vm, name, (args, kw) => {
    checkBuiltinArgs(vm, name, args.length, kw, currentLine(vm));
    return fn(args, kw);
  }));
  for (const name of Object.keys(EXCEPTION_BASES)) {
    const id = h.staticObject('type', name);
    vm.excTypes.set(name, id);
    vm.excTypeName.set(id, name);
    vm.builtins.set(name, id);
    vm.builtinFns.set(id, (args) => newException(vm, name, args));
  }
  for (const t of ['int', 'float', 'str', 'bytes', 'list', 'dict', 'tuple', 'set', 'frozenset', 'bool', 'object', 'type']) {
    const id = h.typeIds.get(t)!;
    vm.builtins.set(t, id);
  }
  // property, staticmethod and classmethod: types whose instances are descriptors (descrobject.ts)
  const descriptorType = (name: string, make: (args: ObjectId[], kw: [string, ObjectId][]) => ObjectId) => {
    const id = h.staticObject('type', name);
    vm.builtinFns.set(id, (args, kw) => { checkBuiltinArgs(vm, name, args.length, kw, currentLine(vm)); return make(args, kw); });
    vm.builtins.set(name, id);
  };
  descriptorType('property', (args, kw) => newProperty(vm, args, kw));
  descriptorType('staticmethod', (args) => newMethodWrapper(vm, 'staticmethod', args[0]!));
  descriptorType('classmethod', (args) => newMethodWrapper(vm, 'classmethod', args[0]!));
  vm.builtins.set('None', h.noneId);
  b('print', (args, kw) => {
    let sep = ' ', end = '\n';
    for (const [k, v] of kw) {
      if ((k === 'sep' || k === 'end') && v !== h.noneId && h.kindOf(v) !== Kind.Str) raise(vm, 'TypeError', `${k} must be None or a string, not ${typeName(vm, v)}`);
      if (k === 'sep') sep = v === h.noneId ? ' ' : str(vm, v);
      else if (k === 'end') end = v === h.noneId ? '\n' : str(vm, v);
      else if (k === 'file' && v !== h.noneId) unsupported('print(file=...) to a file other than None (sys.stdout)', currentLine(vm));
    }
    const long = args.findIndex((a) => h.kindOf(a) === Kind.Str && h.text(a) instanceof LongText);
    if (long < 0) vm.out(args.map((a) => str(vm, a)).join(sep) + end);
    else {
      // a str longer than a host string is written in pieces
      args.forEach((a, i) => {
        const t = h.kindOf(a) === Kind.Str ? h.text(a) : str(vm, a);
        if (t instanceof LongText) for (const chunk of t.chunks()) vm.out(chunk);
        else vm.out(t);
        vm.out(i === args.length - 1 ? end : sep);
      });
    }
    return h.none();
  });
  b('len', (args) => newInt(vm, BigInt(len(vm, one(vm, args, 'len')))));
  b('repr', (args) => h.str(repr(vm, one(vm, args, 'repr'))));
  b('id', (args) => newInt(vm, BigInt(h.addressOf(one(vm, args, 'id')))));
  b('hash', (args) => newInt(vm, hash(vm, one(vm, args, 'hash'))));
  b('isinstance', (args) => h.bool(isInstance(vm, args[0]!, args[1]!)));
  b('iter', (args) => getIter(vm, one(vm, args, 'iter')));
  b('next', (args) => {
    const v = next(vm, args[0]!);
    if (v !== null) return v;
    if (args.length > 1) { h.incref(args[1]!); return args[1]!; }
    return raise(vm, 'StopIteration');
  });
  b('range', (args) => makeRange(vm, args));
  b('enumerate', (args, kw) => {
    const it = getIter(vm, args[0]!);
    const startArg = args[1] ?? kw.find(([k]) => k === 'start')?.[1];
    const result = resultTuple(vm, 2);
    const e = h.opaque('enumerate', 72, [it, result]);
    h.decrefUnchecked(it);
    h.decrefUnchecked(result);
    vm.iters.set(e, { kind: 'enumerate', seq: it, index: 0, a: startArg ? intOf(vm, startArg) : 0n, b: 0n, c: 0n });
    return e;
  });
  b('zip', (args) => {
    const its = args.map((a) => getIter(vm, a));
    const result = resultTuple(vm, its.length);
    const z = h.opaque('zip', 64, [...its, result]);
    for (const it of its) h.decrefUnchecked(it);
    h.decrefUnchecked(result);
    vm.iters.set(z, { kind: 'zip', seq: NULL_ID, index: 0, a: 0n, b: 0n, c: 0n, parts: its });
    return z;
  });
  b('sorted', (args, kw) => {
    const list = listFrom(vm, args[0]!);
    sortList(vm, list, kw);
    return list;
  });
  b('min', (args, kw) => minmax(vm, args, kw, 'min'));
  b('max', (args, kw) => minmax(vm, args, kw, 'max'));
  b('sum', (args, kw) => {
    const start = args[1] ?? kw.find(([k]) => k === 'start')?.[1];
    let acc = start !== undefined ? (h.incref(start), start) : newInt(vm, 0n);
    const it = getIter(vm, args[0]!);
    try {
      for (let x = next(vm, it); x !== null; x = next(vm, it)) acc = binop(vm, '+', acc, x, 0);
    } finally { h.decrefUnchecked(it); }
    return acc;
  });
  b('abs', (args) => {
    const x = one(vm, args, 'abs');
    if (h.kindOf(x) === Kind.Float) return h.float(Math.abs(h.value(x) as number));
    if (h.kindOf(x) !== Kind.Int && h.kindOf(x) !== Kind.Bool) raise(vm, 'TypeError', `bad operand type for abs(): '${typeName(vm, x)}'`);
    const v = intOf(vm, x);
    return newInt(vm, v < 0n ? -v : v);
  });
  b('divmod', (args) => {
    // PyNumber_Divmod: long_divmod or float_divmod (each with its own ZeroDivisionError)
    const [x, y] = [args[0]!, args[1]!];
    const isInt = (v: ObjectId) => h.kindOf(v) === Kind.Int || h.kindOf(v) === Kind.Bool;
    const isNum = (v: ObjectId) => isInt(v) || h.kindOf(v) === Kind.Float;
    if (!isNum(x) || !isNum(y)) {
      if (h.kindOf(x) === Kind.Instance || h.kindOf(y) === Kind.Instance) return unsupported('divmod() of an instance', currentLine(vm));
      raise(vm, 'TypeError', `unsupported operand type(s) for divmod(): '${typeName(vm, x)}' and '${typeName(vm, y)}'`);
    }
    let q: ObjectId, r: ObjectId;
    if (isInt(x) && isInt(y)) {
      const a = intOf(vm, x), b = intOf(vm, y);
      if (b === 0n) raise(vm, 'ZeroDivisionError', 'integer division or modulo by zero');
      let d = a / b;
      if (a % b !== 0n && (a < 0n) !== (b < 0n)) d -= 1n;
      q = newInt(vm, d);
      r = newInt(vm, a - d * b);
    } else {
      const num = (v: ObjectId) => (isInt(v) ? intToDouble(vm, intOf(vm, v)) : (h.value(v) as number));
      const a = num(x), b = num(y);
      if (b === 0) raise(vm, 'ZeroDivisionError', 'float divmod()');
      const [fq, fr] = floatDivmod(a, b);
      q = h.float(fq);
      r = h.float(fr);
    }
    const t = h.tuple([q, r]);
    h.decrefUnchecked(q); h.decrefUnchecked(r);
    return t;
  });
  b('round', (args) => {
    const x = args[0]!;
    const k = h.kindOf(x);
    const nd = args.length > 1 && args[1] !== h.noneId ? intOf(vm, args[1]!) : null;
    if (k === Kind.Int || k === Kind.Bool) return newInt(vm, nd === null ? intOf(vm, x) : roundInt(intOf(vm, x), nd));
    if (k !== Kind.Float) return raise(vm, 'TypeError', `type ${typeName(vm, x)} doesn't define __round__ method`);
    const v = h.value(x) as number;
    if (nd === null) {
      if (Number.isNaN(v)) return raise(vm, 'ValueError', 'cannot convert float NaN to integer');
      if (!Number.isFinite(v)) return raise(vm, 'OverflowError', 'cannot convert float infinity to integer');
      const q = exactDouble(v);
      return newInt(vm, divHalfEven(q.num, q.den));
    }
    return h.float(roundDouble(v, nd));
  });
  b('chr', (args) => h.str(String.fromCodePoint(Number(intOf(vm, args[0]!)))));
  b('ord', (args) => newInt(vm, BigInt((h.value(args[0]!) as string).codePointAt(0)!)));
  b('callable', (args) => h.bool(isCallable(vm, args[0]!)));
  b('getattr', (args) => {
    const name = strOf(vm, args[1]!);
    try {
      return getAttr(vm, args[0]!, name, 0);
    } catch (e) {
      if (args.length > 2 && e instanceof PyException && e.typeName === 'AttributeError') {
        dropException(vm, e);
        h.incref(args[2]!);
        return args[2]!;
      }
      throw e;
    }
  });
  b('setattr', (args) => { setAttr(vm, args[0]!, strOf(vm, args[1]!), args[2]!, 0); return h.none(); });
  b('hasattr', (args) => {
    try {
      const v = getAttr(vm, args[0]!, strOf(vm, args[1]!), 0);
      h.decrefUnchecked(v);
      return h.bool(true);
    } catch (e) {
      if (e instanceof PyException && e.typeName === 'AttributeError') { dropException(vm, e); return h.bool(false); }
      throw e;
    }
  });
  b('delattr', (args) => { delAttr(vm, args[0]!, strOf(vm, args[1]!), 0); return h.none(); });
  b('globals', () => { h.incref(vm.globals); return vm.globals; });
  b('any', (args) => anyAll(vm, args[0]!, true));
  b('all', (args) => anyAll(vm, args[0]!, false));
  b('reversed', (args) => {
    // a sequence or a type with __reversed__ (dict and its views have one); a set or an int is not
    const t = typeName(vm, args[0]!);
    if (!['list', 'tuple', 'str', 'bytes', 'range', 'dict', 'dict_keys', 'dict_values', 'dict_items'].includes(t)) {
      if (h.kindOf(args[0]!) === Kind.Instance) return unsupported('reversed() of an instance', currentLine(vm));
      raise(vm, 'TypeError', `'${t}' object is not reversible`);
    }
    const l = listFrom(vm, args[0]!);
    const items = h.items(l).reverse();
    const r = h.list(items);
    h.decrefUnchecked(l);
    const it = getIter(vm, r);
    h.decrefUnchecked(r);
    return it;
  });
  b('format', (args) => h.str(format(vm, args[0]!, args[1] !== undefined ? strOf(vm, args[1]) : '')));
  b('dir', (args) => {
    const names = args.length > 0 && h.kindOf(args[0]!) === Kind.Instance ? instanceAttrNames(vm, args[0]!) : [];
    const strs = names.sort().map((n) => h.str(n));
    const l = h.list(strs);
    for (const s of strs) h.decrefUnchecked(s);
    return l;
  });
  b('__build_class__', () => raise(vm, 'TypeError', '__build_class__ is not callable from pylite'));
  setupModules(vm);
}

export function one(vm: PyState, args: ObjectId[], name: string): ObjectId {
  if (args.length !== 1) raise(vm, 'TypeError', `${name}() takes exactly one argument (${args.length} given)`);
  return args[0]!;
}

function makeRange(vm: PyState, args: ObjectId[]): ObjectId {
  const h = vm.heap;
  const v = args.map((a) => intOf(vm, a));
  let [start, stop, step] = v.length === 1 ? [0n, v[0]!, 1n] : [v[0]!, v[1]!, v[2] ?? 1n];
  if (step === 0n) raise(vm, 'ValueError', 'range() arg 3 must not be zero');
  void start; void stop;
  const ints = [start, stop, step].map((x) => newInt(vm, x));
  const r = h.opaque('range', 48, ints, false);
  for (const x of ints) h.decrefUnchecked(x);
  vm.rangeParts.set(r, [start, stop, step]);
  return r;
}

function minmax(vm: PyState, args: ObjectId[], kw: [string, ObjectId][], which: 'min' | 'max'): ObjectId {
  const h = vm.heap;
  const d = kw.find(([k]) => k === 'default')?.[1];
  const keyFn = kw.find(([k]) => k === 'key')?.[1];
  if (d !== undefined && args.length > 1) raise(vm, 'TypeError', `Cannot specify a default for ${which}() with multiple positional arguments`);
  const items = args.length === 1 ? listFrom(vm, args[0]!) : h.list(args);
  const keys: ObjectId[] = [];
  try {
    const xs = h.items(items);
    if (xs.length === 0) {
      if (d !== undefined) return ref(vm, d);
      raise(vm, 'ValueError', `${which}() arg is an empty sequence`);
    }
    // min_max: each item's key (key=None: the item), the first of the least (or greatest) kept
    const keyOf = (x: ObjectId): ObjectId => {
      if (keyFn === undefined || keyFn === h.noneId) return x;
      h.incref(keyFn); h.incref(x);
      let k: ObjectId;
      try { k = call(vm, keyFn, [x], [], currentLine(vm)); } finally { h.decrefUnchecked(keyFn); }
      keys.push(k);
      return k;
    };
    let best = xs[0]!;
    let bestKey = keyOf(best);
    for (const x of xs.slice(1)) {
      const k = keyOf(x);
      // min_max: item < best for min, item > best for max
      if (compare(vm, which === 'min' ? '<' : '>', k, bestKey)) { best = x; bestKey = k; }
    }
    return ref(vm, best);
  } finally { for (const k of keys) h.decrefUnchecked(k); h.decrefUnchecked(items); }
}

function anyAll(vm: PyState, x: ObjectId, any: boolean): ObjectId {
  const h = vm.heap;
  const it = getIter(vm, x);
  try {
    for (let v = next(vm, it); v !== null; v = next(vm, it)) {
      const t = truth(vm, v);
      h.decrefUnchecked(v);
      if (t === any) return h.bool(any);
    }
    return h.bool(!any);
  } finally { h.decrefUnchecked(it); }
}

/** int.__round__(ndigits): unchanged for ndigits >= 0, else to a multiple of 10**-ndigits, ties to even (_PyLong_DivmodNear). */
function roundInt(x: bigint, nd: bigint): bigint {
  if (nd >= 0n) return x;
  const p = 10n ** -nd;
  return divHalfEven(x, p) * p;
}

/**
 * float.__round__(ndigits) (double_round): the double rounded to ndigits decimal places by
 * its exact binary value, ties to even (what _Py_dg_dtoa's mode 3 gives), read back as the
 * nearest double; beyond 323 places it is unchanged, below -308 it is a zero of its sign.
 */
function roundDouble(v: number, nd: bigint): number {
  if (!Number.isFinite(v)) return v;
  if (nd > 323n) return v;
  if (nd < -308n) return 0 * v;
  const q = exactDouble(v);
  const n = nd >= 0n ? divHalfEven(q.num * 10n ** nd, q.den) : divHalfEven(q.num, q.den * 10n ** -nd);
  const sign = v < 0 || Object.is(v, -0) ? '-' : '';
  const abs = n < 0n ? -n : n;
  return Number(`${sign}${abs}e${-nd}`);
}
