/**
 * hash() (PyObject_Hash): decides whether an object is hashable, then takes its hash
 * from @pymm/objects' objectHash, which computes CPython 3.11's exact values with
 * PYTHONHASHSEED=0 (long_hash, _Py_HashDouble, SipHash-1-3 of str / bytes, tuplehash,
 * frozenset_hash, pointer hashes by the address id() reports). What stays here is the
 * interpreter's part: list, dict and set raise TypeError, so does a tuple holding one, and
 * an instance whose class defines __eq__ without __hash__ (its __hash__ is None); a class's
 * own __hash__ is called (slot_tp_hash).
 *
 * Dict keys and set items compare by identity or by the value of builtin objects: an
 * instance whose class defines __hash__ or __eq__ as a key (also inside a tuple) is
 * outside the subset (hashKey), rather than a key that compares as CPython would not.
 */
import { intHash, Kind, NULL_ID, objectHash, type ObjectId } from '@pymm/objects';
import { call } from './call.js';
import { raise, unsupported } from './exceptions.js';
import { typeName } from './object.js';
import { currentLine, type PyState } from './pystate.js';
import { lookupSpecial } from './typeobject.js';

const SSIZE_MIN = -(1n << 63n), SSIZE_MAX = (1n << 63n) - 1n;

/** hash(v): a TypeError for an unhashable object, else CPython 3.11's hash with PYTHONHASHSEED=0. */
export function hash(vm: PyState, v: ObjectId): bigint {
  checkHashable(vm, v);
  if (vm.heap.kindOf(v) === Kind.Instance) {
    const m = lookupSpecial(vm, v, '__hash__');
    if (m !== NULL_ID) return slotHash(vm, m, v);
  }
  return objectHash(vm.heap.state, v);
}

/**
 * slot_tp_hash: the class's __hash__(v), which must return an int; one that fits in
 * Py_ssize_t is the hash itself, a larger one is hashed as an int; -1 becomes -2.
 */
function slotHash(vm: PyState, m: ObjectId, v: ObjectId): bigint {
  const h = vm.heap;
  h.incref(m); h.incref(v);
  let res: ObjectId;
  try { res = call(vm, m, [v], [], currentLine(vm)); } finally { h.decrefUnchecked(m); }
  try {
    const k = h.kindOf(res);
    if (k !== Kind.Int && k !== Kind.Bool) raise(vm, 'TypeError', '__hash__ method should return an integer');
    const x = k === Kind.Bool ? (h.value(res) ? 1n : 0n) : (h.value(res) as bigint);
    const r = x >= SSIZE_MIN && x <= SSIZE_MAX ? x : intHash(x);
    return r === -1n ? -2n : r;
  } finally { h.decrefUnchecked(res); }
}

/**
 * The check before a dict or set operation on key `v`: TypeError when it is unhashable,
 * a refusal (outside the subset) for an instance whose class defines __hash__ or __eq__,
 * also inside a tuple: pylite's dicts and sets cannot call them.
 */
export function hashKey(vm: PyState, v: ObjectId): void {
  checkHashable(vm, v);
  refuseUserKeys(vm, v);
}

function refuseUserKeys(vm: PyState, v: ObjectId): void {
  const h = vm.heap;
  const k = h.kindOf(v);
  if (k === Kind.Instance) {
    for (const name of ['__hash__', '__eq__']) {
      if (lookupSpecial(vm, v, name) !== NULL_ID) unsupported(`an instance of a class defining ${name} as a dict key or set item`, currentLine(vm));
    }
  } else if (k === Kind.Tuple) {
    const s = h.state;
    for (let i = 0; i < s.slotLen[v]!; i++) refuseUserKeys(vm, s.slot(v, i));
  }
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
    case Kind.Opaque:
      // slice objects became hashable in 3.12; in 3.11 d[1:2] is a TypeError; dict views never are
      if (h.typeName(v) === 'slice' || h.typeName(v).startsWith('dict_')) raise(vm, 'TypeError', `unhashable type: '${h.typeName(v)}'`);
      return;
    default:
      return;
  }
}
