/**
 * dict (Objects/dictobject.c): its methods, lookups that hash the key first, and the
 * key/value pairs of combined and split tables in order.
 */
import { F_SPLIT, Kind, NULL_ID, type ObjectId } from '@pymm/objects';
import { contains, len } from './abstract.js';
import { raise, unsupported } from './exceptions.js';
import { getIter, next } from './iterobject.js';
import { ref, typeName } from './object.js';
import { newSet, setAddAny, setInplace, setMethod } from './setobject.js';
import { hash, hashKey } from './pyhash.js';
import { currentLine, type PyState } from './pystate.js';

/** dict's methods: self.name(*a), or undefined when dict has no such method. */
export function dictMethod(vm: PyState, self: ObjectId, name: string, a: ObjectId[]): ObjectId | undefined {
  const h = vm.heap;
  switch (name) {
    case 'get': { const v = dictGet(vm, self, a[0]!); return v === NULL_ID ? ref(vm, a[1] ?? h.noneId) : ref(vm, v); }
    case 'keys': case 'values': case 'items': {
      // dict views: small GC objects; iteration makes a dict iterator
      const view = h.opaque(`dict_${name}`, 40, [self]);
      return view;
    }
    case 'pop': {
      const v = dictGet(vm, self, a[0]!);
      if (v === NULL_ID) { if (a[1] !== undefined) return ref(vm, a[1]); raise(vm, 'KeyError', a[0]!); }
      h.incref(v);
      h.dictDelItem(self, a[0]!);
      return v;
    }
    case 'setdefault': {
      const v = dictGet(vm, self, a[0]!);
      if (v !== NULL_ID) return ref(vm, v);
      const d = a[1] ?? h.noneId;
      h.dictSetItem(self, a[0]!, d);
      return ref(vm, d);
    }
    case 'update':
      // dict_update: at most one positional argument (none: nothing to do)
      if (a.length > 1) raise(vm, 'TypeError', `update expected at most 1 argument, got ${a.length}`);
      if (a.length === 1) dictUpdate(vm, self, a[0]!);
      return h.none();
    case 'clear': h.dictClear(self); return h.none();
    case 'copy': { const d = h.dict(); dictUpdate(vm, d, self); return d; }
    case 'popitem': {
      const pairs = dictPairs(vm, self);
      if (pairs.length === 0) raise(vm, 'KeyError', 'popitem(): dictionary is empty');
      const [k, v] = pairs[pairs.length - 1]!;
      h.incref(k); h.incref(v);
      h.dictDelItem(self, k);
      const t = h.tuple([k, v]);
      h.decrefUnchecked(k); h.decrefUnchecked(v);
      return t;
    }
  }
  return undefined;
}

export function dictGet(vm: PyState, d: ObjectId, k: ObjectId): ObjectId {
  hashKey(vm, k);
  return vm.heap.dictGetItem(d, k);
}

export function dictUpdate(vm: PyState, d: ObjectId, src: ObjectId): void {
  const h = vm.heap;
  if (h.kindOf(src) !== Kind.Dict) unsupported('dict.update() from a non-dict', currentLine(vm));
  for (const [k, v] of dictPairs(vm, src)) h.dictSetItem(d, k, v);
}

/** Key/value pairs of a dict in order (borrowed), split tables included. */
export function dictPairs(vm: PyState, d: ObjectId): [ObjectId, ObjectId][] {
  const h = vm.heap;
  const e = h.state.slots(d);
  const out: [ObjectId, ObjectId][] = [];
  if ((h.state.flags[d]! & F_SPLIT) !== 0) {
    const keys = h.state.sharedKeys.get(vm.heap.splitOwner(d))!;
    e.forEach((v, i) => { if (v !== NULL_ID) out.push([h.internedStr(keys.names[i]!), v]); });
    for (const [k] of out) h.decrefUnchecked(k);
    return out;
  }
  for (let i = 0; i < e.length; i += 2) if (e[i] !== NULL_ID) out.push([e[i]!, e[i + 1]!]);
  return out;
}

export const isSetView = (vm: PyState, x: ObjectId): boolean => { const t = typeName(vm, x); return t === 'dict_keys' || t === 'dict_items'; };

/**
 * dictviews_or, _sub, _xor and _PyDictView_Intersect: a new set of the left operand's
 * items (whichever side the view is on), updated with the right one (any iterable).
 */
export function dictViewSetOp(vm: PyState, op: '|' | '&' | '-' | '^', l: ObjectId, r: ObjectId): ObjectId {
  const h = vm.heap;
  if (op === '&') return dictViewIntersect(vm, l, r);
  const result = newSet(vm, l);
  try {
    if (op === '^' && h.kindOf(r) !== Kind.Set && h.kindOf(r) !== Kind.FrozenSet) {
      const other = newSet(vm, r);
      try { setInplace(vm, '^', result, other); } finally { h.decrefUnchecked(other); }
    } else if (op === '-' && h.kindOf(r) !== Kind.Set && h.kindOf(r) !== Kind.FrozenSet && !isSetView(vm, r)) {
      const other = newSet(vm, r);
      try { setInplace(vm, '-', result, other); } finally { h.decrefUnchecked(other); }
    } else setInplace(vm, op, result, r);
    return result;
  } catch (e) { h.decrefUnchecked(result); throw e; }
}

/**
 * _PyDictView_Intersect: a set larger than the view intersects itself with it; else the
 * items of the other operand (the smaller of two views) that are in the view, in its order.
 */
function dictViewIntersect(vm: PyState, l: ObjectId, r: ObjectId): ObjectId {
  const h = vm.heap;
  let self = isSetView(vm, l) ? l : r, other = self === l ? r : l;
  if (h.kindOf(other) === Kind.Set && len(vm, self) <= len(vm, other)) return setMethod(vm, other, 'intersection', [self])!;
  if (isSetView(vm, other) && len(vm, other) > len(vm, self)) [self, other] = [other, self];
  const result = h.set([]);
  try {
    const it = getIter(vm, other);
    try {
      for (let x = next(vm, it); x !== null; x = next(vm, it)) {
        try { if (contains(vm, self, x)) setAddAny(vm, result, x); } finally { h.decrefUnchecked(x); }
      }
    } finally { h.decrefUnchecked(it); }
    return result;
  } catch (e) { h.decrefUnchecked(result); throw e; }
}
