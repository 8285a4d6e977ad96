/**
 * Iterators (Objects/iterobject.c, with the iterators of listobject.c, dictobject.c,
 * rangeobject.c, enumobject.c and zip): heap objects of CPython's sizes, and FOR_ITER's
 * next item; enumerate, zip and dict items reuse their result tuple as CPython does.
 */
import { F_SPLIT, Kind, NULL_ID, type ObjectId } from '@pymm/objects';
import { len, newInt } from './abstract.js';
import { call } from './call.js';
import { isSubclassName, PyException } from './errors.js';
import { dropException, raise } from './exceptions.js';
import { ref, typeName } from './object.js';
import { currentLine, type IterState, type PyState } from './pystate.js';
import { lookupSpecial } from './typeobject.js';

/** A reusable result tuple (enumerate's, zip's): PyTuple_New filled with None. */
export function resultTuple(vm: PyState, n: number): ObjectId {
  const nones = new Array<ObjectId>(n).fill(vm.heap.noneId);
  return vm.heap.tuple(nones);
}

/** GET_ITER: a new iterator object (the heap object CPython allocates for it). */
export function getIter(vm: PyState, obj: ObjectId): ObjectId {
  const h = vm.heap;
  if (vm.iters.has(obj)) return ref(vm, obj);
  const t = typeName(vm, obj);
  const mk = (type: string, bytes: number, kind: IterState['kind'], gc = true, extra: Partial<IterState> = {}) => {
    const it = h.opaque(type, bytes, [obj], gc);
    vm.iters.set(it, { kind, seq: obj, index: 0, a: 0n, b: 0n, c: 0n, ...extra });
    return it;
  };
  switch (t) {
    case 'list': return mk('list_iterator', 48, 'seq');
    case 'tuple': return mk('tuple_iterator', 48, 'seq');
    case 'str': return mk('str_ascii_iterator', 48, 'str');
    case 'bytes': return mk('bytes_iterator', 48, 'bytes');
    case 'set': case 'frozenset': return mk('set_iterator', 64, 'set', true, { size: len(vm, obj) });
    case 'dict': return dictIter(vm, obj, 'keys');
    case 'dict_keys': return dictIter(vm, h.state.slot(obj, 0), 'keys');
    case 'dict_values': return dictIter(vm, h.state.slot(obj, 0), 'values');
    case 'dict_items': return dictIter(vm, h.state.slot(obj, 0), 'items');
    case 'range': {
      const [start, stop, step] = vm.rangeParts.get(obj)!;
      const it = h.opaque('range_iterator', 48, [], false);
      vm.iters.set(it, { kind: 'range', seq: NULL_ID, index: 0, a: start, b: stop, c: step });
      return it;
    }
  }
  // a class's __iter__ (PyObject_GetIter): its result must be an iterator
  if (h.kindOf(obj) === Kind.Instance) {
    const m = lookupSpecial(vm, obj, '__iter__');
    if (m !== NULL_ID) {
      h.incref(m); h.incref(obj);
      let it: ObjectId;
      try { it = call(vm, m, [obj], [], currentLine(vm)); } finally { h.decrefUnchecked(m); }
      if (!vm.iters.has(it) && !(h.kindOf(it) === Kind.Instance && lookupSpecial(vm, it, '__next__') !== NULL_ID)) {
        const name = typeName(vm, it);
        h.decrefUnchecked(it);
        raise(vm, 'TypeError', `iter() returned non-iterator of type '${name}'`);
      }
      return it;
    }
  }
  return raise(vm, 'TypeError', `'${t}' object is not iterable`);
}

/** A class's __next__: its item, or null when it raised StopIteration. */
function userNext(vm: PyState, it: ObjectId, m: ObjectId): ObjectId | null {
  const h = vm.heap;
  h.incref(m); h.incref(it);
  try {
    return call(vm, m, [it], [], currentLine(vm));
  } catch (e) {
    if (e instanceof PyException && isSubclassName(e.typeName, 'StopIteration')) { dropException(vm, e); return null; }
    throw e;
  } finally { h.decrefUnchecked(m); }
}

function dictIter(vm: PyState, d: ObjectId, mode: 'keys' | 'values' | 'items'): ObjectId {
  const h = vm.heap;
  const refs: ObjectId[] = [d];
  let result = NULL_ID;
  if (mode === 'items') { result = resultTuple(vm, 2); refs.push(result); }
  const it = h.opaque(mode === 'keys' ? 'dict_keyiterator' : mode === 'values' ? 'dict_valueiterator' : 'dict_itemiterator', 72, refs);
  if (result !== NULL_ID) h.decrefUnchecked(result);
  vm.iters.set(it, { kind: 'dict', seq: d, index: 0, a: 0n, b: 0n, c: 0n, mode, size: len(vm, d) });
  return it;
}

/** FOR_ITER: the next item (owned), or null when exhausted. */
export function next(vm: PyState, it: ObjectId): ObjectId | null {
  const h = vm.heap;
  const st = vm.iters.get(it);
  if (st === undefined) {
    const m = h.kindOf(it) === Kind.Instance ? lookupSpecial(vm, it, '__next__') : NULL_ID;
    if (m !== NULL_ID) return userNext(vm, it, m);
    return raise(vm, 'TypeError', `'${typeName(vm, it)}' object is not an iterator`);
  }
  switch (st.kind) {
    case 'seq': {
      if (st.seq === NULL_ID) return null;
      const items = h.state.slotLen[st.seq]!;
      if (st.index >= items) { exhaust(vm, it, st); return null; }
      const v = h.state.slot(st.seq, st.index++);
      return ref(vm, v);
    }
    case 'str': {
      if (st.seq === NULL_ID) return null;
      const chars = [...(h.value(st.seq) as string)];
      if (st.index >= chars.length) { exhaust(vm, it, st); return null; }
      return h.str(chars[st.index++]!);
    }
    case 'bytes': {
      if (st.seq === NULL_ID) return null;
      const b = h.value(st.seq) as string;
      if (st.index >= b.length) { exhaust(vm, it, st); return null; }
      return newInt(vm, BigInt(b.charCodeAt(st.index++)));
    }
    case 'set': {
      if (st.seq === NULL_ID) return null;
      if (len(vm, st.seq) !== st.size) raise(vm, 'RuntimeError', 'Set changed size during iteration');
      // setiter_iternext: the next used slot of the table, read in place
      const n = h.state.slotLen[st.seq]!;
      while (st.index < n && h.state.slot(st.seq, st.index) === NULL_ID) st.index++;
      if (st.index >= n) { exhaust(vm, it, st); return null; }
      return ref(vm, h.state.slot(st.seq, st.index++));
    }
    case 'dict': {
      if (st.seq === NULL_ID) return null;
      if (len(vm, st.seq) !== st.size) { st.size = -1; raise(vm, 'RuntimeError', 'dictionary changed size during iteration'); }
      // walk the entries in place (st.index is the raw entry position)
      const d = st.seq;
      const split = (h.state.flags[d]! & F_SPLIT) !== 0;
      const n = split ? h.state.slotLen[d]! : h.state.slotLen[d]! >> 1;
      let k = NULL_ID, v = NULL_ID;
      while (st.index < n) {
        const i = st.index++;
        if (split) {
          v = h.state.slot(d, i);
          if (v === NULL_ID) continue;
          k = h.internedStr(h.state.sharedKeys.get(vm.heap.splitOwner(d))!.names[i]!);
        } else {
          k = h.state.slot(d, 2 * i);
          if (k === NULL_ID) continue;
          v = h.state.slot(d, 2 * i + 1);
        }
        break;
      }
      if (k === NULL_ID) { exhaust(vm, it, st); return null; }
      if (st.mode === 'keys') return ref(vm, k);
      if (st.mode === 'values') return ref(vm, v);
      return pairResult(vm, it, 1, k, v);
    }
    case 'range': {
      const cur = st.a;
      if ((st.c > 0n && cur >= st.b) || (st.c < 0n && cur <= st.b)) return null;
      st.a = cur + st.c;
      return newInt(vm, cur);
    }
    case 'enumerate': {
      const v = next(vm, st.seq);
      if (v === null) return null;
      const i = newInt(vm, st.a++);
      const r = pairResult(vm, it, 1, i, v);
      h.decrefUnchecked(i);
      h.decrefUnchecked(v);
      return r;
    }
    case 'zip': {
      if (st.parts!.length === 0) return null;
      const vals: ObjectId[] = [];
      for (const p of st.parts!) {
        const v = next(vm, p);
        if (v === null) { for (const x of vals) h.decrefUnchecked(x); return null; }
        vals.push(v);
      }
      const slot = st.parts!.length;
      const result = h.state.slot(it, slot);
      let out: ObjectId;
      if (h.state.refcnt[result] === 1) {
        vals.forEach((v, i) => { const old = h.state.slot(result, i); h.incref(v); tupleSet(vm, result, i, v); h.decrefUnchecked(old); });
        out = ref(vm, result);
      } else out = h.tuple(vals);
      for (const x of vals) h.decrefUnchecked(x);
      return out;
    }
  }
}

/** dictiter / enumerate: reuse the result tuple when nobody else holds it, else a new one. */
function pairResult(vm: PyState, it: ObjectId, slot: number, a: ObjectId, b: ObjectId): ObjectId {
  const h = vm.heap;
  const result = h.state.slot(it, slot);
  if (h.state.refcnt[result] === 1) {
    const old0 = h.state.slot(result, 0);
    const old1 = h.state.slot(result, 1);
    h.incref(a); h.incref(b);
    tupleSet(vm, result, 0, a);
    tupleSet(vm, result, 1, b);
    h.decrefUnchecked(old0);
    h.decrefUnchecked(old1);
    return ref(vm, result);
  }
  return h.tuple([a, b]);
}

/** PyTuple_SET_ITEM on a tuple only the iterator holds (the reference passes in). */
function tupleSet(vm: PyState, t: ObjectId, i: number, v: ObjectId): void {
  // the reference taken by the caller's incref now belongs to the tuple
  vm.heap.tupleSetItem(t, i, v);
}

function exhaust(vm: PyState, it: ObjectId, st: IterState): void {
  // an exhausted sequence iterator drops its sequence (Py_CLEAR(it->it_seq))
  const seq = st.seq;
  st.seq = NULL_ID;
  vm.heap.opaqueSet(it, 0, NULL_ID);
  void seq;
}
