/**
 * list (Objects/listobject.c): its methods, list(iterable) and list_extend, and the stable
 * sort.
 */
import { Kind, type ObjectId } from '@pymm/objects';
import { intOf, lengthHint, newInt, sequenceIndex } from './abstract.js';
import { call } from './call.js';
import { raise } from './exceptions.js';
import { getIter, next } from './iterobject.js';
import { eq, lessThan, repr, truth } from './object.js';
import { timsort } from './listsort.js';
import { currentLine, type PyState } from './pystate.js';

/** list's methods: self.name(*a), or undefined when list has no such method. */
export function listMethod(vm: PyState, self: ObjectId, name: string, a: ObjectId[], kw: [string, ObjectId][]): ObjectId | undefined {
  const h = vm.heap;
  switch (name) {
    case 'append': h.listAppend(self, a[0]!); return h.none();
    case 'extend': extendList(vm, self, a[0]!); return h.none();
    case 'pop': {
      const n = h.state.slotLen[self]!;
      if (n === 0) raise(vm, 'IndexError', 'pop from empty list');
      const i = a[0] !== undefined ? Number(intOf(vm, a[0])) : -1;
      if (i >= n || i < -n) raise(vm, 'IndexError', 'pop index out of range');
      return h.listPop(self, i);
    }
    case 'insert': h.listInsert(self, Number(intOf(vm, a[0]!)), a[1]!); return h.none();
    case 'remove': {
      const i = h.items(self).findIndex((x) => eq(vm, x, a[0]!));
      if (i < 0) raise(vm, 'ValueError', 'list.remove(x): x not in list');
      h.listDelItem(self, i);
      return h.none();
    }
    case 'clear': h.listClear(self); return h.none();
    case 'index': {
      const i = sequenceIndex(vm, h.items(self), a[0]!, a[1], a[2]);
      if (i < 0) raise(vm, 'ValueError', `${repr(vm, a[0]!)} is not in list`);
      return newInt(vm, BigInt(i));
    }
    case 'count': return newInt(vm, BigInt(h.items(self).filter((x) => eq(vm, x, a[0]!)).length));
    case 'reverse': {
      // list_reverse swaps the array in place: every item is held while the slots are
      // rewritten (one that was the only reference must not die on the way)
      const items = h.items(self).reverse();
      for (const x of items) h.incref(x);
      items.forEach((x, i) => { if (h.state.slot(self, i) !== x) h.listSetItem(self, i, x); });
      for (const x of items) h.decrefUnchecked(x);
      return h.none();
    }
    case 'sort': sortList(vm, self, kw); return h.none();
    case 'copy': return h.list(h.items(self));
  }
  return undefined;
}

/** list(iterable) (list___init__ -> list_extend into an empty list): a new list. */
export function listFrom(vm: PyState, x: ObjectId): ObjectId {
  const l = vm.heap.list();
  try { extendList(vm, l, x); } catch (e) { vm.heap.decrefUnchecked(l); throw e; }
  return l;
}

/** list_extend: lists and tuples at once, other iterables item by item after a length hint. */
export function extendList(vm: PyState, l: ObjectId, x: ObjectId): void {
  const h = vm.heap;
  const k = h.kindOf(x);
  if (k === Kind.List || k === Kind.Tuple) { h.listExtend(l, h.items(x), 'sequence'); return; }
  const hint = lengthHint(vm, x);
  const it = getIter(vm, x);
  const items: ObjectId[] = [];
  try {
    for (let v = next(vm, it); v !== null; v = next(vm, it)) items.push(v);
    h.listExtend(l, items, 'iterable', hint);
  } finally {
    for (const v of items) h.decrefUnchecked(v);
    h.decrefUnchecked(it);
  }
}

/**
 * list.sort (list_sort_impl): the keys made first (key=None: the items themselves), the
 * list reversed first and last for reverse=True (so equal items keep their order), sorted
 * by CPython's timsort (listsort.ts) with `<`. If a comparison raises, the list holds the
 * permutation the sort had reached, as CPython leaves it, and the error passes on.
 */
export function sortList(vm: PyState, l: ObjectId, kw: [string, ObjectId][]): void {
  const h = vm.heap;
  const key = kw.find(([k]) => k === 'key')?.[1];
  const reverse = kw.find(([k]) => k === 'reverse')?.[1];
  const backwards = reverse !== undefined && truth(vm, reverse);
  const items = h.items(l).slice();
  const hasKey = key !== undefined && key !== h.noneId;
  const keys: ObjectId[] = [];
  if (hasKey) {
    try {
      for (const item of items) { h.incref(item); h.incref(key); keys.push(call(vm, key, [item], [], currentLine(vm))); }
    } catch (e) {
      for (const k of keys) h.decrefUnchecked(k);
      throw e;
    }
  }
  const sortKeys = hasKey ? keys : items;
  const values = hasKey ? items : null;
  if (backwards) { sortKeys.reverse(); values?.reverse(); }
  let error: unknown = null;
  try {
    timsort(sortKeys, values, (a, b) => lessThan(vm, a, b));
  } catch (e) {
    error = e;
  }
  if (backwards) { sortKeys.reverse(); values?.reverse(); }
  // list.sort reorders the array in place: no reference changes once it is done
  const order = values ?? sortKeys;
  for (const x of order) h.incref(x);
  order.forEach((x, i) => { if (h.state.slot(l, i) !== x) h.listSetItem(l, i, x); });
  for (const x of order) h.decrefUnchecked(x);
  for (const k of keys) h.decrefUnchecked(k);
  if (error !== null) throw error;
}
