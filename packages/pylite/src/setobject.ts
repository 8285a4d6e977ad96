/**
 * set and frozenset (Objects/setobject.c): their methods, and adding a hashed item.
 *
 * The heap keeps each set as CPython's hash table, so what matters here is doing what
 * setobject.c does in the order it does it: which set is iterated (the smaller one for
 * an intersection), which is copied first (a difference from a much larger set), when a
 * table is sized once up front (another set, a dict) — each choice decides where keys
 * land, hence the order a set prints, iterates and pops in, and its table's size.
 */
import { Kind, NULL_ID, type ObjectId } from '@pymm/objects';
import { contains } from './abstract.js';
import { dictGet, dictPairs } from './dictobject.js';
import { raise } from './exceptions.js';
import { getIter, next } from './iterobject.js';
import { hash, hashKey } from './pyhash.js';
import type { PyState } from './pystate.js';

/** set's methods: self.name(*a), or undefined when set has no such method. */
export function setMethod(vm: PyState, self: ObjectId, name: string, a: ObjectId[]): ObjectId | undefined {
  const h = vm.heap;
  switch (name) {
    case 'add': setAddAny(vm, self, a[0]!); return h.none();
    case 'discard': hashKey(vm, a[0]!); h.setDiscard(self, a[0]!); return h.none();
    case 'remove': {
      if (!contains(vm, self, a[0]!)) raise(vm, 'KeyError', a[0]!);
      h.setDiscard(self, a[0]!);
      return h.none();
    }
    case 'clear': h.setClear(self); return h.none();
    case 'copy': return setCopy(vm, self);
    case 'union': {
      const s = setCopy(vm, self);
      try { for (const x of a) if (x !== self) setUpdateInternal(vm, s, x); } catch (e) { h.decrefUnchecked(s); throw e; }
      return s;
    }
    case 'intersection': {
      // set_intersection_multi: each argument in turn, from a copy when there is none
      if (a.length === 0) return setCopy(vm, self);
      let result = setIntersection(vm, self, a[0]!);
      for (const x of a.slice(1)) { const r = withTemp(vm, result, () => setIntersection(vm, result, x)); result = r; }
      return result;
    }
    case 'difference': {
      if (a.length === 0) return setCopy(vm, self);
      const result = setDifference(vm, self, a[0]!);
      try { for (const x of a.slice(1)) setDifferenceUpdate(vm, result, x); } catch (e) { h.decrefUnchecked(result); throw e; }
      return result;
    }
    case 'symmetric_difference': {
      // a new set of the other's keys, then each of ours toggled in it
      const other = newSet(vm, a[0]!);
      try { setSymmetricDifferenceUpdate(vm, other, self); } catch (e) { h.decrefUnchecked(other); throw e; }
      // a frozenset's result is a frozenset (make_new_set_basetype): made from the set's keys in table order
      if (h.kindOf(self) === Kind.FrozenSet) return withTemp(vm, other, () => h.set(h.setKeys(other), true));
      return other;
    }
    case 'issubset': return h.bool(h.setKeys(self).every((x) => contains(vm, a[0]!, x)));
    case 'issuperset': return h.bool(setKeysOf(vm, a[0]!).every((x) => contains(vm, self, x)));
    case 'isdisjoint': return h.bool(h.setKeys(self).every((x) => !contains(vm, a[0]!, x)));
    case 'update': { for (const src of a) setUpdateInternal(vm, self, src); return h.none(); }
    case 'pop': {
      if (h.setUsedCount(self) === 0) raise(vm, 'KeyError', 'pop from an empty set');
      return h.setPop(self);
    }
  }
  return undefined;
}

/** set |= other, -= other, ^= other with another set: set_update_internal, set_difference_update_internal, set_symmetric_difference_update on the set itself. */
export function setInplace(vm: PyState, op: '|' | '-' | '^', so: ObjectId, other: ObjectId): void {
  if (op === '|') setUpdateInternal(vm, so, other);
  else if (op === '-') setDifferenceUpdate(vm, so, other);
  else setSymmetricDifferenceUpdate(vm, so, other);
}

/** PySet_Add after PyObject_Hash (which raises TypeError for an unhashable key). */
export function setAddAny(vm: PyState, s: ObjectId, x: ObjectId): void {
  hashKey(vm, x);
  vm.heap.setAdd(s, x);
}

/** make_new_set: a new set (or frozenset) filled by set_update_internal from `iterable`. */
export function newSet(vm: PyState, iterable: ObjectId | undefined, frozen = false): ObjectId {
  const s = vm.heap.set([], frozen);
  if (iterable === undefined) return s;
  try { setUpdateInternal(vm, s, iterable); } catch (e) { vm.heap.decrefUnchecked(s); throw e; }
  return s;
}

/** set_update_internal: another set merged table to table; a dict's keys after one presize; else iterated. */
export function setUpdateInternal(vm: PyState, s: ObjectId, other: ObjectId): void {
  const h = vm.heap;
  const k = h.kindOf(other);
  if (k === Kind.Set || k === Kind.FrozenSet) { h.setMerge(s, other); return; }
  if (k === Kind.Dict) {
    const pairs = dictPairs(vm, other);
    h.setPresize(s, pairs.length);
    for (const [key] of pairs) setAddAny(vm, s, key);
    return;
  }
  const it = getIter(vm, other);
  try { for (let x = next(vm, it); x !== null; x = next(vm, it)) { try { setAddAny(vm, s, x); } finally { h.decrefUnchecked(x); } } } finally { h.decrefUnchecked(it); }
}

/** set_copy: make_new_set_basetype(type(so), so). */
function setCopy(vm: PyState, so: ObjectId): ObjectId {
  return newSet(vm, so, vm.heap.kindOf(so) === Kind.FrozenSet);
}

function isAnySet(vm: PyState, x: ObjectId): boolean {
  const k = vm.heap.kindOf(x);
  return k === Kind.Set || k === Kind.FrozenSet;
}

function setKeysOf(vm: PyState, x: ObjectId): ObjectId[] {
  if (isAnySet(vm, x)) return vm.heap.setKeys(x);
  const out: ObjectId[] = [];
  const it = getIter(vm, x);
  try { for (let y = next(vm, it); y !== null; y = next(vm, it)) { out.push(y); vm.heap.decrefUnchecked(y); } } finally { vm.heap.decrefUnchecked(it); }
  return out;
}

/** Runs f, then lets go of `temp` (also when f raises). */
function withTemp<T>(vm: PyState, temp: ObjectId, f: () => T): T {
  try { return f(); } finally { vm.heap.decrefUnchecked(temp); }
}

/**
 * set_intersection: with another set, the smaller one is walked in its table order and
 * each key found in the larger one added; with any other iterable, its items in order
 * (stopping once the result is as large as the set).
 */
function setIntersection(vm: PyState, so: ObjectId, other: ObjectId): ObjectId {
  const h = vm.heap;
  if (so === other) return setCopy(vm, so);
  const result = h.set([], h.kindOf(so) === Kind.FrozenSet);
  try {
    if (isAnySet(vm, other)) {
      let big = so, small = other;
      if (h.setUsedCount(other) > h.setUsedCount(so)) { big = other; small = so; }
      for (const key of h.setKeys(small)) if (h.setContains(big, key)) h.setAdd(result, key);
      return result;
    }
    const it = getIter(vm, other);
    try {
      for (let key = next(vm, it); key !== null; key = next(vm, it)) {
        try {
          hashKey(vm, key);
          if (h.setContains(so, key)) {
            h.setAdd(result, key);
            if (h.setUsedCount(result) >= h.setUsedCount(so)) break;
          }
        } finally { h.decrefUnchecked(key); }
      }
    } finally { h.decrefUnchecked(it); }
    return result;
  } catch (e) { h.decrefUnchecked(result); throw e; }
}

/**
 * set_difference: from a set or dict not much smaller than the set, a new set of the
 * set's keys (table order) missing from it; otherwise a copy with the other's keys
 * discarded (set_copy_and_difference).
 */
function setDifference(vm: PyState, so: ObjectId, other: ObjectId): ObjectId {
  const h = vm.heap;
  const k = h.kindOf(other);
  let otherSize: number;
  if (k === Kind.Set || k === Kind.FrozenSet) otherSize = h.setUsedCount(other);
  else if (k === Kind.Dict) otherSize = dictPairs(vm, other).length;
  else return copyAndDifference(vm, so, other);
  if ((h.setUsedCount(so) >> 2) > otherSize) return copyAndDifference(vm, so, other);
  const result = h.set([], h.kindOf(so) === Kind.FrozenSet);
  try {
    for (const key of h.setKeys(so)) {
      const found = k === Kind.Dict ? dictGet(vm, other, key) !== NULL_ID : h.setContains(other, key);
      if (!found) h.setAdd(result, key);
    }
  } catch (e) { h.decrefUnchecked(result); throw e; }
  return result;
}

function copyAndDifference(vm: PyState, so: ObjectId, other: ObjectId): ObjectId {
  const result = setCopy(vm, so);
  try { setDifferenceUpdate(vm, result, other); } catch (e) { vm.heap.decrefUnchecked(result); throw e; }
  return result;
}

/**
 * set_difference_update_internal: the other's keys discarded (a set more than eight times
 * larger is first cut down to the intersection), then the dummies resized away when they
 * are over a quarter of the table.
 */
function setDifferenceUpdate(vm: PyState, so: ObjectId, other: ObjectId): void {
  const h = vm.heap;
  if (so === other) { h.setClear(so); return; }
  if (isAnySet(vm, other)) {
    if ((h.setUsedCount(other) >> 3) > h.setUsedCount(so)) {
      const cut = setIntersection(vm, so, other);
      withTemp(vm, cut, () => { for (const key of h.setKeys(cut)) h.setDiscard(so, key); });
    } else {
      for (const key of h.setKeys(other)) h.setDiscard(so, key);
    }
  } else {
    const it = getIter(vm, other);
    try {
      for (let key = next(vm, it); key !== null; key = next(vm, it)) {
        try { hashKey(vm, key); h.setDiscard(so, key); } finally { h.decrefUnchecked(key); }
      }
    } finally { h.decrefUnchecked(it); }
  }
  h.setPurgeDummies(so);
}

/** set_symmetric_difference_update with a set: each of its keys (table order) discarded from `so`, or added when absent. */
function setSymmetricDifferenceUpdate(vm: PyState, so: ObjectId, other: ObjectId): void {
  const h = vm.heap;
  if (so === other) { h.setClear(so); return; }
  for (const key of h.setKeys(other)) {
    if (h.setContains(so, key)) h.setDiscard(so, key);
    else h.setAdd(so, key);
  }
}
