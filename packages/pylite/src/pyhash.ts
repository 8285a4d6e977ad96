/**
 * hash() (PyObject_Hash): decides whether an object is hashable, then takes its hash
 * from @pymm/objects' objectHash, which computes CPython 3.11's exact values with
 * PYTHONHASHSEED=0 (long_hash, _Py_HashDouble, SipHash-1-3 of str / bytes, tuplehash,
 * frozenset_hash, pointer hashes by the address id() reports). What stays here is the
 * interpreter's part: list, dict and set raise TypeError, so does a tuple holding one, and
 * an instance whose class defines __eq__ without __hash__ (its __hash__ is None).
 */
import { Kind, NULL_ID, objectHash, type ObjectId } from '@pymm/objects';
import { raise } from './exceptions.js';
import { typeName } from './object.js';
import type { PyState } from './pystate.js';
import { lookupSpecial } from './typeobject.js';

/** hash(v): a TypeError for an unhashable object, else CPython 3.11's hash with PYTHONHASHSEED=0. */
export function hash(vm: PyState, v: ObjectId): bigint {
  checkHashable(vm, v);
  return objectHash(vm.heap.state, v);
}

/**
 * Raises TypeError where CPython's tp_hash would: the mutable containers, and a tuple
 * holding one (tuplehash hashes its items in order, so the first unhashable item is
 * the one reported). A frozenset's items were checked when it was built. Callers that only
 * need the TypeError (before a dict or set operation) can call this instead of hash().
 */
export function checkHashable(vm: PyState, v: ObjectId): void {
  const h = vm.heap;
  switch (h.kindOf(v)) {
    case Kind.List: case Kind.Dict: case Kind.Set:
      raise(vm, 'TypeError', `unhashable type: '${typeName(vm, v)}'`);
      return;
    case Kind.Tuple: {
      const s = h.state;
      for (let i = 0; i < s.slotLen[v]!; i++) checkHashable(vm, s.slot(v, i));
      return;
    }
    case Kind.Instance:
      if (lookupSpecial(vm, v, '__hash__') === NULL_ID && lookupSpecial(vm, v, '__eq__') !== NULL_ID) {
        raise(vm, 'TypeError', `unhashable type: '${typeName(vm, v)}'`);
      }
      return;
    default:
      return;
  }
}
