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
import type { PyState } from './pystate.js';

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

export function sortList(vm: PyState, l: ObjectId, kw: [string, ObjectId][]): void {
  const h = vm.heap;
  const key = kw.find(([k]) => k === 'key')?.[1];
  const reverse = kw.find(([k]) => k === 'reverse')?.[1];
  const items = h.items(l);
  let keyed: { item: ObjectId; key: ObjectId }[] = items.map((item) => ({ item, key: item }));
  if (key !== undefined && key !== h.noneId) {
    keyed = items.map((item) => { h.incref(item); h.incref(key); return { item, key: call(vm, key, [item], [], 0) }; });
  }
  // reverse=True: list_sort_impl reverses, sorts stably, reverses back, so equal items keep
  // their order (sorting with the comparison turned around would reverse them)
  const backwards = reverse !== undefined && truth(vm, reverse);
  const sorted = mergeSort(backwards ? [...keyed].reverse() : keyed, (a, b) => lessThan(vm, a.key, b.key));
  if (backwards) sorted.reverse();
  // list.sort reorders the array in place: no reference changes once it is done
  for (const x of sorted) h.incref(x.item);
  sorted.forEach((x, i) => { if (h.state.slot(l, i) !== x.item) h.listSetItem(l, i, x.item); });
  for (const x of sorted) h.decrefUnchecked(x.item);
  if (key !== undefined && key !== h.noneId) for (const k of keyed) h.decrefUnchecked(k.key);
}

/** A stable merge sort (Python's sort is stable) with a less-than predicate. */
function mergeSort<T>(xs: T[], lt: (a: T, b: T) => boolean): T[] {
  if (xs.length <= 1) return [...xs];
  const mid = xs.length >> 1;
  const a = mergeSort(xs.slice(0, mid), lt);
  const b = mergeSort(xs.slice(mid), lt);
  const out: T[] = [];
  let i = 0, j = 0;
  while (i < a.length && j < b.length) {
    if (lt(b[j]!, a[i]!)) out.push(b[j++]!);
    else out.push(a[i++]!);
  }
  return out.concat(a.slice(i), b.slice(j));
}
