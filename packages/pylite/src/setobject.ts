/**
 * set and frozenset (Objects/setobject.c): their methods, and adding a hashed item.
 */
import { NULL_ID, type ObjectId } from '@pymm/objects';
import { contains } from './abstract.js';
import { raise } from './exceptions.js';
import { getIter, next } from './iterobject.js';
import { hash } from './pyhash.js';
import type { PyState } from './pystate.js';
import { construct } from './typeobject.js';

/** set's methods: self.name(*a), or undefined when set has no such method. */
export function setMethod(vm: PyState, self: ObjectId, name: string, a: ObjectId[]): ObjectId | undefined {
  const h = vm.heap;
  switch (name) {
    case 'add': setAddAny(vm, self, a[0]!); return h.none();
    case 'discard': h.setDiscard(self, a[0]!); return h.none();
    case 'remove': {
      if (!contains(vm, self, a[0]!)) raise(vm, 'KeyError', a[0]!);
      h.setDiscard(self, a[0]!);
      return h.none();
    }
    case 'clear': { for (const x of h.items(self)) if (x !== NULL_ID) h.setDiscard(self, x); return h.none(); }
    case 'copy': return construct(vm, 'set', [self], []);
    case 'union': { const s = construct(vm, 'set', [self], []); for (const x of a) { const it = getIter(vm, x); for (let y = next(vm, it); y !== null; y = next(vm, it)) { setAddAny(vm, s, y); h.decrefUnchecked(y); } h.decrefUnchecked(it); } return s; }
    case 'intersection': { const s = h.set(); for (const x of h.items(self)) if (x !== NULL_ID && contains(vm, a[0]!, x)) setAddAny(vm, s, x); return s; }
    case 'difference': { const s = h.set(); for (const x of h.items(self)) if (x !== NULL_ID && !contains(vm, a[0]!, x)) setAddAny(vm, s, x); return s; }
    case 'symmetric_difference': { const s2 = h.set(); for (const x of h.items(self)) if (x !== NULL_ID && !contains(vm, a[0]!, x)) setAddAny(vm, s2, x); for (const x of h.items(a[0]!)) if (x !== NULL_ID && !contains(vm, self, x)) setAddAny(vm, s2, x); return s2; }
    case 'issubset': return h.bool(h.items(self).every((x) => x === NULL_ID || contains(vm, a[0]!, x)));
    case 'issuperset': return h.bool(h.items(a[0]!).every((x) => x === NULL_ID || contains(vm, self, x)));
    case 'isdisjoint': return h.bool(h.items(self).every((x) => x === NULL_ID || !contains(vm, a[0]!, x)));
    case 'update': { for (const src of a) { const it = getIter(vm, src); for (let y = next(vm, it); y !== null; y = next(vm, it)) { setAddAny(vm, self, y); h.decrefUnchecked(y); } h.decrefUnchecked(it); } return h.none(); }
    case 'pop': {
      const x = h.items(self).find((y) => y !== NULL_ID);
      if (x === undefined) raise(vm, 'KeyError', 'pop from an empty set');
      h.incref(x);
      h.setDiscard(self, x);
      return x;
    }
  }
  return undefined;
}

export function setAddAny(vm: PyState, s: ObjectId, x: ObjectId): void {
  hash(vm, x);
  vm.heap.setAdd(s, x);
}
