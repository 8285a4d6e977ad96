/**
 * The abstract object layer (Objects/abstract.c): integers as indices, subscripts and
 * slices (Objects/sliceobject.c's index adjustment), binary operators, `in`, len(),
 * the length hint, and format().
 */
import { HOST_MAX_STRING, Kind, LongText, LongTextError, NULL_ID, type ObjectId, type Text } from '@pymm/objects';
import { call } from './call.js';
import { dictGet, dictPairs, dictViewSetOp, isSetView } from './dictobject.js';
import { PyException } from './errors.js';
import { dropException, raise, unsupported } from './exceptions.js';
import { getIter, next } from './iterobject.js';
import { intToDouble, longTrueDivide } from './longobject.js';
import { floatDivmod, floatPow } from './floatobject.js';
import { formatFloat, formatInt, FormatSpecError, formatStr } from './format.js';
import { extendList, listFrom } from './listobject.js';
import { callMethod } from './methodobject.js';
import { eq, ref, str, truth, typeName } from './object.js';
import { hash, hashKey } from './pyhash.js';
import { currentLine, type PyState } from './pystate.js';
import { lookupSpecial } from './typeobject.js';
import { setInplace } from './setobject.js';
import { percentFormat } from './unicode_format.js';

// --- integers ----------------------------------------------------------------------------

export function newInt(vm: PyState, v: bigint): ObjectId {
  return vm.heap.int(v);
}

/** sys.maxsize: the largest Py_ssize_t. */
export const PY_SSIZE_T_MAX = 2n ** 63n - 1n;

/** _PyLong_AsInt: an int argument that must fit a C int, else python3's OverflowError. */
export function cIntOf(vm: PyState, id: ObjectId): number {
  const n = intOf(vm, id);
  if (n > 2147483647n || n < -2147483648n) raise(vm, 'OverflowError', 'Python int too large to convert to C int');
  return Number(n);
}

export function intOf(vm: PyState, id: ObjectId): bigint {
  const k = vm.heap.kindOf(id);
  if (k === Kind.Int) return vm.heap.value(id) as bigint;
  if (k === Kind.Bool) return vm.heap.value(id) ? 1n : 0n;
  return raise(vm, 'TypeError', `'${typeName(vm, id)}' object cannot be interpreted as an integer`);
}

// --- subscripts --------------------------------------------------------------------------

function normIndex(vm: PyState, i: ObjectId, n: number, what: string): number {
  const k = vm.heap.kindOf(i);
  if (k !== Kind.Int && k !== Kind.Bool) {
    // 3.11's str words it apart (unicode_subscript)
    raise(vm, 'TypeError', what === 'string' ? `string indices must be integers, not '${typeName(vm, i)}'` : `${what} indices must be integers or slices, not ${typeName(vm, i)}`);
  }
  let v = Number(intOf(vm, i));
  if (v < 0) v += n;
  return v;
}

/** _PyEval_SliceIndex: a slice bound is an int (or bool) or None; anything else is a TypeError. */
function sliceIndex(vm: PyState, x: ObjectId): number | null {
  const h = vm.heap;
  if (x === h.noneId) return null;
  const k = h.kindOf(x);
  if (k !== Kind.Int && k !== Kind.Bool) raise(vm, 'TypeError', 'slice indices must be integers or None or have an __index__ method');
  return Number(intOf(vm, x));
}

/** PySlice_AdjustIndices for step 1 (and the step itself). */
function sliceBounds(vm: PyState, s: ObjectId, n: number): [number, number, number] {
  const h = vm.heap;
  const [lo, hi, st] = h.items(s).map((x) => sliceIndex(vm, x));
  const step = st ?? 1;
  const adj = (v: number | null, def: number) => {
    if (v === null) return def;
    if (v < 0) v = Math.max(0, v + n);
    return Math.min(v, n);
  };
  return [adj(lo ?? null, 0), adj(hi ?? null, n), step];
}

function sliceIndices(vm: PyState, s: ObjectId, n: number): number[] {
  return sliceIndicesAndStep(vm, s, n)[0];
}

/**
 * The indices slice `s` takes of n items, and whether it takes them all in order (start
 * 0, step 1): a str, bytes or tuple slice is then the object itself
 * (unicode_result_unchanged, bytes_subscript, tuplesubscript).
 */
function sliceIndicesAndStep(vm: PyState, s: ObjectId, n: number): [number[], boolean] {
  const h = vm.heap;
  const [lo, hi, st] = h.items(s).map((x) => sliceIndex(vm, x));
  const step = st ?? 1;
  if (step === 0) raise(vm, 'ValueError', 'slice step cannot be zero');
  const clamp = (v: number | null, def: number, lowB: number, highB: number) => {
    if (v === null) return def;
    if (v < 0) v += n;
    return Math.min(Math.max(v, lowB), highB);
  };
  const out: number[] = [];
  if (step > 0) {
    const a = clamp(lo ?? null, 0, 0, n), b = clamp(hi ?? null, n, 0, n);
    for (let i = a; i < b; i += step) out.push(i);
  } else {
    const a = clamp(lo ?? null, n - 1, -1, n - 1), b = clamp(hi ?? null, -1, -1, n - 1);
    for (let i = a; i > b; i += step) out.push(i);
  }
  return [out, step === 1 && out.length === n];
}

export function getItem(vm: PyState, obj: ObjectId, idx: ObjectId, line: number): ObjectId {
  const h = vm.heap;
  const t = typeName(vm, obj);
  const isSlice = typeName(vm, idx) === 'slice';
  switch (t) {
    case 'list': case 'tuple': {
      const n = h.state.slotLen[obj]!;
      if (isSlice) {
        const items = h.items(obj);
        const [indices, whole] = sliceIndicesAndStep(vm, idx, n);
        if (whole && t === 'tuple') return ref(vm, obj);
        const picked = indices.map((i) => items[i]!);
        return t === 'list' ? h.list(picked) : h.tuple(picked);
      }
      const i = normIndex(vm, idx, n, t);
      if (i < 0 || i >= n) raise(vm, 'IndexError', `${t} index out of range`);
      return ref(vm, h.state.slot(obj, i));
    }
    case 'bytes': {
      const b = h.value(obj) as string;
      if (isSlice) {
        const [indices, whole] = sliceIndicesAndStep(vm, idx, b.length);
        return whole ? ref(vm, obj) : h.bytes(indices.map((i) => b[i]).join(''));
      }
      const i = normIndex(vm, idx, b.length, 'byte');
      if (i < 0 || i >= b.length) raise(vm, 'IndexError', 'index out of range');
      return newInt(vm, BigInt(b.charCodeAt(i)));
    }
    case 'str': {
      const t = h.text(obj);
      if (t instanceof LongText) return longStrItem(vm, obj, t, idx, isSlice);
      const chars = [...t];
      if (isSlice) {
        const [indices, whole] = sliceIndicesAndStep(vm, idx, chars.length);
        return whole ? ref(vm, obj) : h.str(indices.map((i) => chars[i]).join(''));
      }
      const i = normIndex(vm, idx, chars.length, 'string');
      if (i < 0 || i >= chars.length) raise(vm, 'IndexError', 'string index out of range');
      return h.str(chars[i]!);
    }
    case 'dict': {
      const v = dictGet(vm, obj, idx);
      if (v === NULL_ID) raise(vm, 'KeyError', idx);
      return ref(vm, v);
    }
    case 'range': {
      const [start, stop, step] = vm.rangeParts.get(obj)!;
      const n = Number(step > 0n ? (stop > start ? (stop - start + step - 1n) / step : 0n) : (start > stop ? (start - stop - step - 1n) / -step : 0n));
      const i = normIndex(vm, idx, n, 'range object');
      if (i < 0 || i >= n) raise(vm, 'IndexError', 'range object index out of range');
      return newInt(vm, start + BigInt(i) * step);
    }
  }
  if (h.kindOf(obj) === Kind.Instance) {
    const m = lookupSpecial(vm, obj, '__getitem__');
    if (m !== NULL_ID) { h.incref(m); h.incref(obj); h.incref(idx); try { return call(vm, m, [obj, idx], [], line); } finally { h.decrefUnchecked(m); } }
  }
  return raise(vm, 'TypeError', `'${t}' object is not subscriptable`);
}

/** A LongText's item or slice (step 1 only: a stepped slice of one needs the characters one by one). */
function longStrItem(vm: PyState, obj: ObjectId, t: LongText, idx: ObjectId, isSlice: boolean): ObjectId {
  const h = vm.heap;
  if (!isSlice) {
    const i = normIndex(vm, idx, t.length, 'string');
    if (i < 0 || i >= t.length) raise(vm, 'IndexError', 'string index out of range');
    return h.str(t.charAt(i));
  }
  const [lo, hi, step] = sliceBounds(vm, idx, t.length);
  if (step === 0) raise(vm, 'ValueError', 'slice step cannot be zero');
  if (step !== 1) throw new LongTextError('a slice with a step', t.length);
  // unicode_subscript: the whole str is the str itself
  if (lo === 0 && hi >= t.length) return ref(vm, obj);
  return h.str(hi <= lo ? '' : t.slice(lo, hi));
}

export function setItem(vm: PyState, obj: ObjectId, idx: ObjectId, v: ObjectId, line: number): void {
  const h = vm.heap;
  const t = typeName(vm, obj);
  if (t === 'list') {
    if (typeName(vm, idx) === 'slice') {
      const n = h.state.slotLen[obj]!;
      const [lo, hi, step] = sliceBounds(vm, idx, n);
      if (step !== 1) {
        const idxs = sliceIndices(vm, idx, n);
        const src = listFromOr(vm, v, 'must assign iterable to extended slice');
        try {
          const vals = h.items(src);
          if (vals.length !== idxs.length) raise(vm, 'ValueError', `attempt to assign sequence of size ${vals.length} to extended slice of size ${idxs.length}`);
          const old = idxs.map((i) => h.state.slot(obj, i));
          for (const o of old) h.incref(o);
          idxs.forEach((i, k) => h.listSetItem(obj, i, vals[k]!));
          for (const o of old) h.decrefUnchecked(o);
        } finally { h.decrefUnchecked(src); }
        return;
      }
      // PySequence_Fast: a list or tuple is used as it is, anything else becomes a list
      const k = h.kindOf(v);
      const src = k === Kind.List || k === Kind.Tuple ? ref(vm, v) : listFromOr(vm, v, 'can only assign an iterable');
      try { h.listAssignSlice(obj, lo, Math.max(lo, hi), h.items(src)); } finally { h.decrefUnchecked(src); }
      return;
    }
    const n = h.state.slotLen[obj]!;
    const i = normIndex(vm, idx, n, 'list');
    if (i < 0 || i >= n) raise(vm, 'IndexError', 'list assignment index out of range');
    h.listSetItem(obj, i, v);
    return;
  }
  if (t === 'dict') { hashKey(vm, idx); h.dictSetItem(obj, idx, v); return; }
  if (h.kindOf(obj) === Kind.Instance) {
    const m = lookupSpecial(vm, obj, '__setitem__');
    if (m !== NULL_ID) { h.incref(m); h.incref(obj); h.incref(idx); h.incref(v); try { h.decrefUnchecked(call(vm, m, [obj, idx, v], [], line)); } finally { h.decrefUnchecked(m); } return; }
  }
  raise(vm, 'TypeError', `'${t}' object does not support item assignment`);
}

export function delItem(vm: PyState, obj: ObjectId, idx: ObjectId, line: number): void {
  const h = vm.heap;
  const t = typeName(vm, obj);
  if (t === 'list') {
    if (typeName(vm, idx) === 'slice') {
      const n = h.state.slotLen[obj]!;
      const [lo, hi, step] = sliceBounds(vm, idx, n);
      if (step === 1) { h.listAssignSlice(obj, lo, Math.max(lo, hi), []); return; }
      const idxs = sliceIndices(vm, idx, n).sort((a, b) => b - a);
      for (const i of idxs) h.listDelItem(obj, i);
      return;
    }
    const n = h.state.slotLen[obj]!;
    const i = normIndex(vm, idx, n, 'list');
    if (i < 0 || i >= n) raise(vm, 'IndexError', 'list assignment index out of range');
    h.listDelItem(obj, i);
    return;
  }
  if (t === 'dict') {
    if (dictGet(vm, obj, idx) === NULL_ID) raise(vm, 'KeyError', idx);
    h.dictDelItem(obj, idx);
    return;
  }
  void line;
  // PyObject_DelItem: a type with sequence slots, given an index, reaches PySequence_DelItem
  // ("doesn't"); anything else is PyObject_DelItem's own "does not"
  const sequence = ['str', 'bytes', 'tuple', 'set', 'frozenset', 'range', 'dict_keys', 'dict_items', 'dict_values'].includes(t);
  const index = h.kindOf(idx) === Kind.Int || h.kindOf(idx) === Kind.Bool;
  raise(vm, 'TypeError', `'${t}' object ${sequence && index ? "doesn't" : 'does not'} support item deletion`);
}

// --- operators ---------------------------------------------------------------------------

/**
 * How many items `seq * n` has (list_repeat, tuplerepeat, unicode_repeat, bytes_repeat):
 * an n beyond Py_ssize_t is OverflowError; a str or bytes longer than PY_SSIZE_T_MAX too;
 * a result needing more simulated memory than --max-memory is MemoryError (a malloc that
 * fails), decided before the host allocates anything.
 */
function repeatedLength(vm: PyState, kind: number, length: number, n: bigint, charBytes = 1): number {
  if (n > PY_SSIZE_T_MAX || n < -PY_SSIZE_T_MAX - 1n) raise(vm, 'OverflowError', "cannot fit 'int' into an index-sized integer");
  if (n <= 0n || length === 0) return 0;
  const total = BigInt(length) * n;
  const text = kind === Kind.Str || kind === Kind.Bytes;
  if (text && total > PY_SSIZE_T_MAX) raise(vm, 'OverflowError', kind === Kind.Str ? 'repeated string is too long' : 'repeated bytes are too long');
  const bytes = text ? total * BigInt(charBytes) : total * 8n;
  if (bytes > BigInt(vm.maxMemoryBytes)) raise(vm, 'MemoryError');
  if (bytes > BigInt(MAX_OBJECT_BYTES)) unsupported(`an object of more than ${MAX_OBJECT_BYTES.toLocaleString('en-US')} bytes`, currentLine(vm));
  // a longer str is a LongText on the host; bytes that long are not kept
  if (kind === Kind.Bytes && total > BigInt(HOST_MAX_STRING)) unsupported(`a bytes of more than ${HOST_MAX_STRING.toLocaleString('en-US')} bytes`, currentLine(vm));
  return Number(total);
}

/** The heap keeps an object's size in 32 bits: a larger one (a str of 2 GiB) is refused, not wrapped. */
const MAX_OBJECT_BYTES = 2 ** 31 - 1 - 4096;

/**
 * PyUnicode_Concat: a result longer than a host string is a LongText; one needing more
 * simulated memory than --max-memory is MemoryError (PyUnicode_New's malloc failing).
 */
function concatStr(vm: PyState, a: Text, b: Text): Text {
  const units = LongText.unitsOf(a) + LongText.unitsOf(b);
  // the width (a scan of both) only matters when even 4 bytes a character could pass a bound
  if (units * 4 > Math.min(vm.maxMemoryBytes, MAX_OBJECT_BYTES)) {
    const bytes = units * Math.max(charBytesOf(a), charBytesOf(b));
    if (bytes > vm.maxMemoryBytes) raise(vm, 'MemoryError');
    if (bytes > MAX_OBJECT_BYTES) unsupported(`an object of more than ${MAX_OBJECT_BYTES.toLocaleString('en-US')} bytes`, currentLine(vm));
  }
  return LongText.concat(a, b);
}

/** Bytes per character of a str as CPython stores it (PEP 393: 1, 2 or 4). */
function charBytesOf(s: Text): number {
  if (s instanceof LongText) { const max = s.maxCodePoint(); return max < 256 ? 1 : max < 65536 ? 2 : 4; }
  let max = 0;
  for (let i = 0; i < s.length; i++) { const c = s.codePointAt(i)!; if (c > max) max = c; if (c > 0xffff) i++; }
  return max < 256 ? 1 : max < 65536 ? 2 : 4;
}

/** BINARY_OP: the result, then the operands released (left, then right). */
/**
 * list.index / tuple.index(value, start, stop): the first i in [start, stop) (slice
 * indices: negative ones count from the end, clamped) where items[i] == value, or -1.
 */
export function sequenceIndex(vm: PyState, items: readonly ObjectId[], value: ObjectId, start: ObjectId | undefined, stop: ObjectId | undefined): number {
  const n = items.length;
  const bound = (x: ObjectId | undefined, def: number): number => {
    if (x === undefined) return def;
    const k = vm.heap.kindOf(x);
    if (k !== Kind.Int && k !== Kind.Bool) raise(vm, 'TypeError', 'slice indices must be integers or have an __index__ method');
    let v = Number(intOf(vm, x));
    if (v < 0) v = Math.max(0, v + n);
    return Math.min(v, n);
  };
  const lo = bound(start, 0), hi = bound(stop, n);
  for (let i = lo; i < hi && i < items.length; i++) if (eq(vm, items[i]!, value)) return i;
  return -1;
}

/** list(v) as PySequence_Fast makes it: its TypeError is `message` when v is not iterable (only then: not for one raised while iterating). */
export function listFromOr(vm: PyState, v: ObjectId, message: string): ObjectId {
  let it: ObjectId;
  try {
    it = getIter(vm, v);
  } catch (e) {
    if (e instanceof PyException && e.typeName === 'TypeError') { dropException(vm, e); raise(vm, 'TypeError', message); }
    throw e;
  }
  try { return listFrom(vm, it); } finally { vm.heap.decrefUnchecked(it); }
}

const FLOAT_OPS = new Set(['+', '-', '*', '/', '//', '%', '**']);

function isEmptySequence(vm: PyState, x: ObjectId): boolean {
  const h = vm.heap;
  const k = h.kindOf(x);
  if (k === Kind.Tuple) return h.state.slotLen[x] === 0;
  const t = h.text(x);
  return typeof t === 'string' && t.length === 0;
}

export function binop(vm: PyState, op: string, l: ObjectId, r: ObjectId, line: number, inplace = false): ObjectId {
  const h = vm.heap;
  try {
    if (inplace && op === '+' && h.kindOf(l) === Kind.List) {
      // list += iterable extends in place (list_inplace_concat is list_extend)
      extendList(vm, l, r);
      return ref(vm, l);
    }
    if (inplace && op === '*' && h.kindOf(l) === Kind.List && (h.kindOf(r) === Kind.Int || h.kindOf(r) === Kind.Bool)) {
      // list *= n repeats in place (list_inplace_repeat): the same list, an alias still `is` it
      const n = intOf(vm, r);
      const len = h.items(l).length;
      const total = repeatedLength(vm, Kind.List, len, n);
      h.listInplaceRepeat(l, len === 0 ? (n < 1n ? 0 : 1) : total / len);
      return ref(vm, l);
    }
    const kr = h.kindOf(r);
    // dict | dict: a copy updated with the other (dict_or); d |= other updates d (dict_ior)
    if (op === '|' && h.kindOf(l) === Kind.Dict && (kr === Kind.Dict || inplace)) {
      if (inplace) { const n = callMethod(vm, l, 'update', [r], [], line); h.decrefUnchecked(n); return ref(vm, l); }
      const d = callMethod(vm, l, 'copy', [], [], line);
      try { const n = callMethod(vm, d, 'update', [r], [], line); h.decrefUnchecked(n); } catch (e) { h.decrefUnchecked(d); throw e; }
      return d;
    }
    if (inplace && h.kindOf(l) === Kind.Set && (kr === Kind.Set || kr === Kind.FrozenSet) && (op === '|' || op === '-' || op === '^' || op === '&')) {
      // set_ior / set_isub / set_ixor change the set itself: the same set, an alias sees it
      if (op === '&') return unsupported('set &= (set_intersection_update swaps the two tables)', line);
      setInplace(vm, op, l, r);
      return ref(vm, l);
    }
    return arith(vm, op, l, r, line, inplace);
  } finally {
    h.decrefUnchecked(l);
    h.decrefUnchecked(r);
  }
}

function arith(vm: PyState, op: string, l: ObjectId, r: ObjectId, line: number, inplace = false): ObjectId {
  const h = vm.heap;
  const kl = h.kindOf(l), kr = h.kindOf(r);
  const isInt = (k: number) => k === Kind.Int || k === Kind.Bool;
  const num = (x: ObjectId, k: number) => (k === Kind.Float ? (h.value(x) as number) : intToDouble(vm, intOf(vm, x)));
  if (isInt(kl) && isInt(kr)) {
    const a = intOf(vm, l), b = intOf(vm, r);
    switch (op) {
      case '+': return newInt(vm, a + b);
      case '-': return newInt(vm, a - b);
      case '*': return newInt(vm, a * b);
      case '/': if (b === 0n) raise(vm, 'ZeroDivisionError', 'division by zero'); return h.float(longTrueDivide(vm, a, b));
      case '//': if (b === 0n) raise(vm, 'ZeroDivisionError', 'integer division or modulo by zero'); return newInt(vm, floorDiv(a, b));
      case '%': if (b === 0n) raise(vm, 'ZeroDivisionError', 'integer modulo by zero'); return newInt(vm, a - floorDiv(a, b) * b);
      case '**': if (b < 0n) return h.float(floatPow(vm, intToDouble(vm, a), intToDouble(vm, b))); return newInt(vm, a ** b);
      // bool & | ^ bool is a bool (bool_and, bool_or, bool_xor)
      case '&': return kl === Kind.Bool && kr === Kind.Bool ? h.bool((a & b) !== 0n) : newInt(vm, a & b);
      case '|': return kl === Kind.Bool && kr === Kind.Bool ? h.bool((a | b) !== 0n) : newInt(vm, a | b);
      case '^': return kl === Kind.Bool && kr === Kind.Bool ? h.bool((a ^ b) !== 0n) : newInt(vm, a ^ b);
      case '<<': if (b < 0n) raise(vm, 'ValueError', 'negative shift count'); return newInt(vm, a << b);
      case '>>': if (b < 0n) raise(vm, 'ValueError', 'negative shift count'); return newInt(vm, a >> b);
    }
  }
  // float has no bitwise operators or shifts: those fall through to the TypeError
  if ((isInt(kl) || kl === Kind.Float) && (isInt(kr) || kr === Kind.Float) && FLOAT_OPS.has(op)) {
    const a = num(l, kl), b = num(r, kr);
    switch (op) {
      case '+': return h.float(a + b);
      case '-': return h.float(a - b);
      case '*': return h.float(a * b);
      case '/': if (b === 0) raise(vm, 'ZeroDivisionError', 'float division by zero'); return h.float(a / b);
      case '//': if (b === 0) raise(vm, 'ZeroDivisionError', 'float floor division by zero'); return h.float(floatDivmod(a, b)[0]);
      case '%': if (b === 0) raise(vm, 'ZeroDivisionError', 'float modulo'); return h.float(floatDivmod(a, b)[1]);
      case '**': return h.float(floatPow(vm, a, b));
    }
  }
  // concatenating an empty str, bytes or tuple gives the other operand itself
  // (PyUnicode_Concat, bytes_concat, tupleconcat)
  if (op === '+' && kl === kr && (kl === Kind.Str || kl === Kind.Bytes || kl === Kind.Tuple)) {
    if (isEmptySequence(vm, r)) return ref(vm, l);
    if (isEmptySequence(vm, l)) return ref(vm, r);
  }
  if (kl === Kind.Str && kr === Kind.Str && op === '+') return h.str(concatStr(vm, h.text(l), h.text(r)));
  if (kl === Kind.Bytes && kr === Kind.Bytes && op === '+') return h.bytes((h.value(l) as string) + (h.value(r) as string), { fresh: true });
  if (kl === Kind.Bytes && op === '+' && kr !== Kind.Instance) raise(vm, 'TypeError', `can't concat ${typeName(vm, r)} to bytes`);
  // n * seq is seq * n (sequence repetition); a tuple, str or bytes times 1 is itself
  const seqKind = (k: number) => k === Kind.List || k === Kind.Tuple || k === Kind.Str || k === Kind.Bytes;
  if (op === '*' && isInt(kl) && seqKind(kr)) return arith(vm, op, r, l, line, inplace);
  if (op === '*' && isInt(kr) && (kl === Kind.Tuple || kl === Kind.Str || kl === Kind.Bytes) && intOf(vm, r) === 1n) return ref(vm, l);
  if (kl === Kind.Bytes && isInt(kr) && op === '*') {
    const b = h.value(l) as string;
    const total = repeatedLength(vm, Kind.Bytes, b.length, intOf(vm, r));
    return h.bytes(b.length === 0 ? '' : b.repeat(total / b.length), { fresh: true });
  }
  if ((kl === Kind.Str || kl === Kind.List || kl === Kind.Tuple) && op === '+' && kr !== kl) {
    const n = kl === Kind.Str ? 'str' : kl === Kind.List ? 'list' : 'tuple';
    raise(vm, 'TypeError', `can only concatenate ${n} (not "${typeName(vm, r)}") to ${n}`);
  }
  if (kl === Kind.Str && isInt(kr) && op === '*') {
    const s = h.text(l);
    const units = LongText.unitsOf(s);
    const total = repeatedLength(vm, Kind.Str, units, intOf(vm, r), charBytesOf(s));
    return h.str(units === 0 ? '' : LongText.repeat(s, total / units));
  }
  if (kl === Kind.Str && op === '%') return percentFormat(vm, l, r, line);
  if (kl === Kind.Bytes && op === '%') return unsupported("bytes '%' formatting", line);
  if (kl === Kind.List && kr === Kind.List && op === '+') return h.list([...h.items(l), ...h.items(r)]);
  if (kl === Kind.Tuple && kr === Kind.Tuple && op === '+') return h.tuple([...h.items(l), ...h.items(r)]);
  if ((kl === Kind.List || kl === Kind.Tuple) && isInt(kr) && op === '*') {
    const items = h.items(l);
    const total = repeatedLength(vm, kl, items.length, intOf(vm, r));
    const times = items.length === 0 ? 0 : total / items.length;
    if (kl === Kind.List) return h.listRepeat(items, times);
    // tuplerepeat: a tuple once over is itself
    return times === 1 ? ref(vm, l) : h.tupleRepeat(items, times);
  }
  if ((op === '|' || op === '&' || op === '-' || op === '^') && (isSetView(vm, l) || isSetView(vm, r))) return dictViewSetOp(vm, op, l, r);
  if ((kl === Kind.Set || kl === Kind.FrozenSet) && (kr === Kind.Set || kr === Kind.FrozenSet) && ['|', '&', '-', '^'].includes(op)) {
    const method = op === '|' ? 'union' : op === '&' ? 'intersection' : op === '-' ? 'difference' : 'symmetric_difference';
    return callMethod(vm, l, method, [r], [], line);
  }
  if (kl === Kind.Instance || kr === Kind.Instance) {
    const names: Record<string, [string, string]> = { '+': ['__add__', '__radd__'], '-': ['__sub__', '__rsub__'], '*': ['__mul__', '__rmul__'] };
    const pair = names[op];
    if (pair) {
      const m = lookupSpecial(vm, l, pair[0]);
      if (m !== NULL_ID) { h.incref(m); h.incref(l); h.incref(r); try { return call(vm, m, [l, r], [], line); } finally { h.decrefUnchecked(m); } }
    }
  }
  if (op === '*') {
    // sequence repetition by something that is not an index (sequence_repeat)
    const seq = (k: number) => k === Kind.List || k === Kind.Tuple || k === Kind.Str || k === Kind.Bytes;
    if (seq(kl) && !isInt(kr)) raise(vm, 'TypeError', `can't multiply sequence by non-int of type '${typeName(vm, r)}'`);
    if (seq(kr) && !isInt(kl)) raise(vm, 'TypeError', `can't multiply sequence by non-int of type '${typeName(vm, l)}'`);
  }
  return raise(vm, 'TypeError', `unsupported operand type(s) for ${inplace ? op + '=' : op === '**' ? '** or pow()' : op}: '${typeName(vm, l)}' and '${typeName(vm, r)}'`);
}

// --- containers: in, len(), the length hint ----------------------------------------------

export function contains(vm: PyState, container: ObjectId, x: ObjectId): boolean {
  const h = vm.heap;
  switch (h.kindOf(container)) {
    case Kind.List: case Kind.Tuple: return h.items(container).some((y) => eq(vm, y, x));
    case Kind.Dict: return dictGet(vm, container, x) !== NULL_ID;
    case Kind.Set: case Kind.FrozenSet: hashKey(vm, x); return h.setContains(container, x);
    case Kind.Str:
      if (h.kindOf(x) !== Kind.Str) raise(vm, 'TypeError', `'in <string>' requires string as left operand, not ${typeName(vm, x)}`);
      return (h.value(container) as string).includes(h.value(x) as string);
    case Kind.Bytes:
      if (h.kindOf(x) === Kind.Int) return (h.value(container) as string).includes(String.fromCharCode(Number(intOf(vm, x))));
      if (h.kindOf(x) !== Kind.Bytes) raise(vm, 'TypeError', `a bytes-like object is required, not '${typeName(vm, x)}'`);
      return (h.value(container) as string).includes(h.value(x) as string);
  }
  if (typeName(vm, container) === 'range') {
    const [a, b, c] = vm.rangeParts.get(container)!;
    if (h.kindOf(x) !== Kind.Int) return false;
    const v = intOf(vm, x);
    return c > 0n ? v >= a && v < b && (v - a) % c === 0n : v <= a && v > b && (a - v) % -c === 0n;
  }
  const view = typeName(vm, container);
  if (view === 'dict_keys') return contains(vm, h.state.slot(container, 0), x);
  // dict_values: a search by iteration (item == x); dict_items: a 2-tuple whose key is in the
  // dict with a value equal to its second item (dictitems_contains)
  if (view === 'dict_values') return dictPairs(vm, h.state.slot(container, 0)).some(([, v]) => eq(vm, v, x));
  if (view === 'dict_items') {
    if (h.kindOf(x) !== Kind.Tuple || h.state.slotLen[x] !== 2) return false;
    const found = dictGet(vm, h.state.slot(container, 0), h.state.slot(x, 0));
    return found !== NULL_ID && eq(vm, found, h.state.slot(x, 1));
  }
  if (h.kindOf(container) === Kind.Instance) {
    // a class's __contains__, else a search by iteration (_PySequence_IterSearch: item == x)
    const m = lookupSpecial(vm, container, '__contains__');
    if (m !== NULL_ID) {
      h.incref(m); h.incref(container); h.incref(x);
      let r: ObjectId;
      try { r = call(vm, m, [container, x], [], currentLine(vm)); } finally { h.decrefUnchecked(m); }
      try { return truth(vm, r); } finally { h.decrefUnchecked(r); }
    }
    if (lookupSpecial(vm, container, '__iter__') !== NULL_ID) {
      const it = getIter(vm, container);
      try {
        for (let item = next(vm, it); item !== null; item = next(vm, it)) {
          try { if (eq(vm, item, x)) return true; } finally { h.decrefUnchecked(item); }
        }
        return false;
      } finally { h.decrefUnchecked(it); }
    }
  }
  return raise(vm, 'TypeError', `argument of type '${typeName(vm, container)}' is not iterable`);
}

export function len(vm: PyState, v: ObjectId): number {
  const h = vm.heap;
  switch (h.kindOf(v)) {
    case Kind.List: case Kind.Tuple: return h.state.slotLen[v]!;
    case Kind.Str: { const t = h.text(v); return typeof t === 'string' ? [...t].length : t.length; }
    case Kind.Bytes: return (h.value(v) as string).length;
    case Kind.Dict: return h.dictUsed(v);
    case Kind.Set: case Kind.FrozenSet: return h.setUsedCount(v);
    case Kind.Instance: {
      const l = lookupSpecial(vm, v, '__len__');
      if (l !== NULL_ID) { h.incref(l); h.incref(v); const r = call(vm, l, [v], [], currentLine(vm)); h.decrefUnchecked(l); const n = Number(intOf(vm, r)); h.decrefUnchecked(r); return n; }
    }
  }
  const t = typeName(vm, v);
  if (t === 'range') {
    const [a, b, c] = vm.rangeParts.get(v)!;
    return Number(c > 0n ? (b > a ? (b - a + c - 1n) / c : 0n) : (a > b ? (a - b - c - 1n) / -c : 0n));
  }
  if (t.startsWith('dict_')) return len(vm, h.state.slot(v, 0));
  return raise(vm, 'TypeError', `object of type '${t}' has no len()`);
}

/** PyObject_LengthHint(x, 8): len() when there is one, an iterator's remaining count, else 8. */
export function lengthHint(vm: PyState, x: ObjectId): number {
  const h = vm.heap;
  const st = vm.iters.get(x);
  if (st !== undefined) {
    if (st.kind === 'seq') return st.seq === NULL_ID ? 0 : Math.max(0, h.state.slotLen[st.seq]! - st.index);
    if (st.kind === 'range') { const n = st.c > 0n ? (st.b - st.a + st.c - 1n) / st.c : (st.a - st.b - st.c - 1n) / -st.c; return Math.max(0, Number(n)); }
    if (st.kind === 'dict') return st.seq === NULL_ID ? 0 : Math.max(0, len(vm, st.seq) - st.index);
    return 8;
  }
  const t = typeName(vm, x);
  if (['str', 'dict', 'set', 'frozenset', 'range', 'bytes', 'dict_keys', 'dict_values', 'dict_items'].includes(t)) return len(vm, x);
  return 8;
}

// --- format() ----------------------------------------------------------------------------

export function format(vm: PyState, v: ObjectId, spec: string): string {
  const h = vm.heap;
  try {
    switch (h.kindOf(v)) {
      case Kind.Int: return formatInt(h.value(v) as bigint, spec, vm.intMaxStrDigits);
      case Kind.Bool: return spec === '' ? str(vm, v) : formatInt(h.value(v) ? 1n : 0n, spec, 0, 'bool');
      case Kind.Float: return formatFloat(h.value(v) as number, spec);
      case Kind.Str: return formatStr(h.value(v) as string, spec);
      default: {
        // a class's own __format__ (PyObject_Format: its result must be a str)
        const m = lookupSpecial(vm, v, '__format__');
        if (m !== NULL_ID) {
          const specStr = h.str(spec);
          h.incref(m); h.incref(v);
          let r: ObjectId;
          try { r = call(vm, m, [v, specStr], [], currentLine(vm)); } finally { h.decrefUnchecked(m); }
          try {
            if (h.kindOf(r) !== Kind.Str) raise(vm, 'TypeError', `__format__ must return a str, not ${typeName(vm, r)}`);
            return h.value(r) as string;
          } finally { h.decrefUnchecked(r); }
        }
        // object.__format__: str(v), and no format spec at all
        if (spec !== '') raise(vm, 'TypeError', `unsupported format string passed to ${typeName(vm, v)}.__format__`);
        return str(vm, v);
      }
    }
  } catch (e) {
    if (e instanceof FormatSpecError) raise(vm, e.pyType, e.message);
    throw e;
  }
}

function floorDiv(a: bigint, b: bigint): bigint {
  const q = a / b;
  return (a % b !== 0n && (a < 0n) !== (b < 0n)) ? q - 1n : q;
}
