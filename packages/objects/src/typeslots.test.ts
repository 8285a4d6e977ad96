/**
 * The type table against python3 itself: which types have a tp_clear (the collector's
 * delete_garbage clears the first unreachable object that has one, so a type missing one,
 * or having one it should not, changes the order in which a cycle is torn down). python3
 * reads each type's tp_clear pointer with ctypes (PyTypeObject.tp_clear is at byte 192 of
 * a 64-bit 3.11 type object); the heap answers `hasClear` for an object of each kind.
 */
import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { heapFor, initialState, type Heap, type ObjectId } from './index.js';

const PROGRAM = String.raw`
import ctypes, json, sys, types, weakref
assert sys.version_info[:2] == (3, 11) and ctypes.sizeof(ctypes.c_void_p) == 8
class C:
    pass
getset = C.__dict__['__dict__']
kinds = {
    'int': int, 'float': float, 'str': str, 'bytes': bytes, 'object': object, 'tuple': tuple,
    'list': list, 'dict': dict, 'set': set, 'frozenset': frozenset, 'instance': C, 'type': type,
    'function': types.FunctionType, 'cell': types.CellType, 'method': types.MethodType,
    'module': types.ModuleType, 'weakref': weakref.ref, 'getset_descriptor': type(getset),
}
print(json.dumps({k: ctypes.c_void_p.from_address(id(t) + 192).value is not None for k, t in kinds.items()}))
`;

/** One object of each kind the heap makes. */
function objects(h: Heap): Record<string, ObjectId> {
  const C = h.newClass('C');
  const inst = h.instance(C);
  const f = h.func({ name: 'f' });
  const dict = h.dict();
  return {
    int: h.int(1000), float: h.float(1.5), str: h.str('abc'), bytes: h.bytes('abc'), object: h.object(),
    tuple: h.tuple([inst]), list: h.list([]), dict, set: h.set([]), frozenset: h.set([], true), instance: inst, type: C,
    function: f, cell: h.cell(), method: h.method(f, inst), module: h.module('m', dict), weakref: h.weakref(inst),
    getset_descriptor: h.dictGetStr(h.state.slot(C, 0), '__dict__'),
  };
}

describe('the type table', () => {
  it('gives a tp_clear to exactly the types python3 gives one', () => {
    const out = execFileSync('python3', ['-s', '-B', '-c', PROGRAM], { encoding: 'utf8' });
    const python = JSON.parse(out) as Record<string, boolean>;
    const h = heapFor(initialState({ profile: 'cpython-3.11' }));
    const made = objects(h);
    const heap = Object.fromEntries(Object.entries(made).map(([k, id]) => [k, h.hasClear(id)]));
    expect(Object.keys(heap).sort()).toEqual(Object.keys(python).sort());
    expect(heap).toEqual(python);
  });
});
