/**
 * Rich comparison (Objects/object.c do_richcompare, and each type's tp_richcompare): the
 * left operand's method first, the right one's reflected method when that gives
 * NotImplemented (first when the right operand's class is a subclass of the left's that
 * overrides it); == and != fall back to identity; an order nobody implements is a
 * TypeError naming the operator as written and the operands in their order.
 *
 *   type                  compares                          as
 *   int, bool, float      with each other, exactly           long_richcompare, float_richcompare
 *   str, bytes            with their own kind                code points / bytes, lexicographic
 *   list, tuple           with their own kind                first differing item (==), then that item or the lengths
 *   dict                  == and != with a dict              same keys, equal values
 *   set, frozenset,       with any of these (set-like)       sizes and containment (set_richcompare, dictview_richcompare)
 *   dict_keys, dict_items
 *   instances             their __eq__ __ne__ __lt__ __le__ __gt__ __ge__
 */
import { Kind, LongText, NULL_ID, type ObjectId } from '@pymm/objects';
import { contains, intOf, len } from './abstract.js';
import { call } from './call.js';
import { dictGet, dictPairs } from './dictobject.js';
import { raise } from './exceptions.js';
import { getIter, next } from './iterobject.js';
import { truth, typeName } from './object.js';
import { currentLine, type PyState } from './pystate.js';
import { lookupSpecial } from './typeobject.js';

export type CompareOp = '<' | '<=' | '==' | '!=' | '>' | '>=';
const SWAPPED: Record<CompareOp, CompareOp> = { '<': '>', '<=': '>=', '==': '==', '!=': '!=', '>': '<', '>=': '<=' };
const DUNDER: Record<CompareOp, string> = { '<': '__lt__', '<=': '__le__', '==': '__eq__', '!=': '__ne__', '>': '__gt__', '>=': '__ge__' };

/** An ordering (negative, zero, positive) read as `op`; NaN (unordered) makes everything but != false. */
function apply(op: CompareOp, c: number): boolean {
  switch (op) {
    case '<': return c < 0;
    case '<=': return c <= 0;
    case '==': return c === 0;
    case '!=': return !(c === 0);
    case '>': return c > 0;
    case '>=': return c >= 0;
  }
}

const numeric = (k: number) => k === Kind.Int || k === Kind.Bool || k === Kind.Float;

/** An int against a float, exactly (float_richcompare): -1, 0, 1, or NaN for a NaN. */
function compareIntFloat(i: bigint, f: number): number {
  if (Number.isNaN(f)) return NaN;
  if (f === Infinity) return -1;
  if (f === -Infinity) return 1;
  const fl = Math.floor(f);
  const b = BigInt(fl);
  if (i < b) return -1;
  if (i > b) return 1;
  return f === fl ? 0 : -1;
}

function compareNumbers(vm: PyState, l: ObjectId, r: ObjectId): number {
  const h = vm.heap;
  const fl = h.kindOf(l) === Kind.Float, fr = h.kindOf(r) === Kind.Float;
  if (fl && fr) {
    const a = h.value(l) as number, b = h.value(r) as number;
    return a < b ? -1 : a > b ? 1 : a === b ? 0 : NaN;
  }
  if (fl) return -compareIntFloat(intOf(vm, r), h.value(l) as number);
  if (fr) return compareIntFloat(intOf(vm, l), h.value(r) as number);
  const a = intOf(vm, l), b = intOf(vm, r);
  return a < b ? -1 : a > b ? 1 : 0;
}

function compareTexts(vm: PyState, l: ObjectId, r: ObjectId, byCodePoint: boolean): number {
  const h = vm.heap;
  const x = h.text(l), y = h.text(r);
  if (x instanceof LongText || y instanceof LongText) {
    // only equality is defined for a str longer than a host string
    const same = x instanceof LongText ? x.equals(y) : (y as LongText).equals(x);
    return same ? 0 : NaN;
  }
  if (x === y) return 0;
  if (byCodePoint) {
    const a = [...x], b = [...y];
    for (let i = 0; i < Math.min(a.length, b.length); i++) if (a[i] !== b[i]) return a[i]!.codePointAt(0)! - b[i]!.codePointAt(0)!;
    return a.length - b.length;
  }
  for (let i = 0; i < Math.min(x.length, y.length); i++) if (x.charCodeAt(i) !== y.charCodeAt(i)) return x.charCodeAt(i) - y.charCodeAt(i);
  return x.length - y.length;
}

const setLike = (vm: PyState, x: ObjectId): boolean => {
  const k = vm.heap.kindOf(x);
  if (k === Kind.Set || k === Kind.FrozenSet) return true;
  const t = typeName(vm, x);
  return t === 'dict_keys' || t === 'dict_items';
};

/** all_contained_in: every element of `a` (iterated) is in `b`. */
function allContainedIn(vm: PyState, a: ObjectId, b: ObjectId): boolean {
  const h = vm.heap;
  const it = getIter(vm, a);
  try {
    for (let x = next(vm, it); x !== null; x = next(vm, it)) {
      try { if (!contains(vm, b, x)) return false; } finally { h.decrefUnchecked(x); }
    }
    return true;
  } finally { h.decrefUnchecked(it); }
}

/** set_richcompare / dictview_richcompare: sizes, then containment one way or the other. */
function compareSetLike(vm: PyState, op: CompareOp, l: ObjectId, r: ObjectId): boolean {
  const la = len(vm, l), lb = len(vm, r);
  switch (op) {
    case '==': return la === lb && allContainedIn(vm, l, r);
    case '!=': return !(la === lb && allContainedIn(vm, l, r));
    case '<': return la < lb && allContainedIn(vm, l, r);
    case '<=': return la <= lb && allContainedIn(vm, l, r);
    case '>': return la > lb && allContainedIn(vm, r, l);
    case '>=': return la >= lb && allContainedIn(vm, r, l);
  }
}

/** The builtin types' tp_richcompare: the answer, or null for NotImplemented. */
function builtinCompare(vm: PyState, op: CompareOp, l: ObjectId, r: ObjectId): boolean | null {
  const h = vm.heap;
  const kl = h.kindOf(l), kr = h.kindOf(r);
  if (numeric(kl) && numeric(kr)) return apply(op, compareNumbers(vm, l, r));
  if ((kl === Kind.Str && kr === Kind.Str) || (kl === Kind.Bytes && kr === Kind.Bytes)) {
    const c = compareTexts(vm, l, r, kl === Kind.Str);
    if (Number.isNaN(c) && op !== '==' && op !== '!=') return null;
    return apply(op, c);
  }
  if ((kl === Kind.List && kr === Kind.List) || (kl === Kind.Tuple && kr === Kind.Tuple)) {
    // list_richcompare: the first index where the items differ (identity counts as equal)
    const a = h.items(l), b = h.items(r);
    let i = 0;
    for (; i < a.length && i < b.length; i++) if (!eq(vm, a[i]!, b[i]!)) break;
    if (i >= a.length || i >= b.length) return apply(op, a.length - b.length);
    if (op === '==') return false;
    if (op === '!=') return true;
    return compare(vm, op, a[i]!, b[i]!);
  }
  if (kl === Kind.Dict && kr === Kind.Dict) {
    if (op !== '==' && op !== '!=') return null;
    const a = dictPairs(vm, l);
    const same = a.length === h.dictUsed(r) && a.every(([k, v]) => { const w = dictGet(vm, r, k); return w !== NULL_ID && eq(vm, v, w); });
    return op === '==' ? same : !same;
  }
  if (setLike(vm, l) && setLike(vm, r)) return compareSetLike(vm, op, l, r);
  if (kl === Kind.Method && kr === Kind.Method && (op === '==' || op === '!=')) {
    const same = h.state.slot(l, 0) === h.state.slot(r, 0) && h.state.slot(l, 1) === h.state.slot(r, 1);
    return op === '==' ? same : !same;
  }
  return null;
}

/** An instance's own comparison method for `op` (a new reference to its result), or null when it has none or it gave NotImplemented. */
function userCompare(vm: PyState, op: CompareOp, l: ObjectId, r: ObjectId): boolean | null {
  const h = vm.heap;
  if (h.kindOf(l) !== Kind.Instance) return null;
  const m = lookupSpecial(vm, l, DUNDER[op]);
  if (m === NULL_ID) {
    // object.__ne__: the class's __eq__, inverted (unless it gives NotImplemented)
    if (op !== '!=' || lookupSpecial(vm, l, '__eq__') === NULL_ID) return null;
    const e = userCompare(vm, '==', l, r);
    return e === null ? null : !e;
  }
  h.incref(m); h.incref(l); h.incref(r);
  let res: ObjectId;
  try { res = call(vm, m, [l, r], [], currentLine(vm)); } finally { h.decrefUnchecked(m); }
  try {
    if (res === vm.builtins.get('NotImplemented')) return null;
    return truth(vm, res);
  } finally { h.decrefUnchecked(res); }
}

/** Whether `r`'s class is a proper subclass of `l`'s: its reflected method is tried first. */
function reflectedFirst(vm: PyState, l: ObjectId, r: ObjectId): boolean {
  const h = vm.heap;
  if (h.kindOf(r) !== Kind.Instance || h.kindOf(l) !== Kind.Instance) return false;
  const tl = h.state.typeOf[l]! as ObjectId, tr = h.state.typeOf[r]! as ObjectId;
  return tl !== tr && (h.state.types.get(tr)?.mro ?? []).includes(tl);
}

/** PyObject_RichCompareBool without the identity shortcut: l op r. */
export function compare(vm: PyState, op: CompareOp, l: ObjectId, r: ObjectId): boolean {
  if (reflectedFirst(vm, l, r)) {
    const x = userCompare(vm, SWAPPED[op], r, l);
    if (x !== null) return x;
  }
  const a = userCompare(vm, op, l, r) ?? builtinCompare(vm, op, l, r);
  if (a !== null) return a;
  const b = userCompare(vm, SWAPPED[op], r, l);
  if (b !== null) return b;
  if (op === '==') return l === r;
  if (op === '!=') return l !== r;
  return raise(vm, 'TypeError', `'${op}' not supported between instances of '${typeName(vm, l)}' and '${typeName(vm, r)}'`);
}

/** PyObject_RichCompareBool(l, r, Py_EQ): identity first. */
export function eq(vm: PyState, l: ObjectId, r: ObjectId): boolean {
  return l === r || compare(vm, '==', l, r);
}

/** l < r (the order sorting and min/max use). */
export function lessThan(vm: PyState, l: ObjectId, r: ObjectId): boolean {
  return compare(vm, '<', l, r);
}
