/**
 * Adding a type touches its own file and a line of the type table (README, "Adding a
 * type"): `property` (propertyobject.fixture.ts) added to a state's table, checked
 * against python3's own property objects: getsizeof, tracking, gc.get_referents, what
 * tp_clear drops (python3 calls property's tp_clear through ctypes: PyTypeObject.tp_clear
 * is at byte 192 of a 64-bit 3.11 type object), and the order property_dealloc releases
 * its fields in (each field's __del__ says its name).
 */
import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { checkObjectsInvariants, ClosureHost, heapFor, initialState, NULL_ID, TYPE_TABLE, type Heap, type ObjectId } from './index.js';
import { KIND_PROPERTY, PROPERTY_TYPE, PropertyObjects } from './propertyobject.fixture.js';

const PROGRAM = String.raw`
import ctypes, gc, json, sys
assert sys.version_info[:2] == (3, 11) and ctypes.sizeof(ctypes.c_void_p) == 8
said = []
class A:
    def __init__(self, n):
        self.n = n
    def __del__(self):
        said.append(self.n)
p = property(A('get'), A('set'), A('del'), A('doc'))
r = {'size': sys.getsizeof(p), 'tracked': gc.is_tracked(p), 'referents': [x.n for x in gc.get_referents(p)]}
tp_clear = ctypes.PYFUNCTYPE(ctypes.c_int, ctypes.py_object)(ctypes.c_void_p.from_address(id(property) + 192).value)
tp_clear(p)
r['afterClear'] = [x.n for x in gc.get_referents(p)]
r['freedByClear'] = list(said)
del p
r['freedByDealloc'] = said[len(r['freedByClear']):]
print(json.dumps(r))
`;

function simulate(): Record<string, unknown> {
  const state = initialState({ profile: 'cpython-3.11', typeTable: [...TYPE_TABLE, PROPERTY_TYPE] });
  const h: Heap = heapFor(state);
  const host = new ClosureHost();
  h.host = host;
  const said: string[] = [];
  const A = h.newClass('A', { hasDel: true });
  const nameOf = (x: ObjectId) => String(h.value(h.getAttr(x, 'n')));
  host.onDel(A, (heap, [self]) => said.push(String(heap.value(heap.getAttr(self!, 'n')))));
  const field = (n: string): ObjectId => {
    const a = h.instance(A);
    const s = h.str(n);
    h.setAttr(a, 'n', s);
    h.decref(s);
    return a;
  };
  const fields = ['get', 'set', 'del', 'doc'].map(field) as [ObjectId, ObjectId, ObjectId, ObjectId];
  const p = h.typeFile(PropertyObjects).make(...fields);
  for (const f of fields) h.decref(f);
  const r: Record<string, unknown> = { size: h.getsizeof(p), tracked: h.isTracked(p), referents: h.referents(p).map(nameOf) };
  expect(h.kindOf(p)).toBe(KIND_PROPERTY);
  expect(h.typeName(p)).toBe('property');
  h.clear(p);
  r['afterClear'] = h.referents(p).map(nameOf);
  r['freedByClear'] = [...said];
  h.decref(p);
  r['freedByDealloc'] = said.slice((r['freedByClear'] as string[]).length);
  expect(h.isAlive(p)).toBe(false);
  checkObjectsInvariants(state);
  return r;
}

describe('a type added beside the builtins', () => {
  it('behaves as python3 says property does', () => {
    const python = JSON.parse(execFileSync('python3', ['-s', '-B', '-c', PROGRAM], { encoding: 'utf8' })) as Record<string, unknown>;
    expect(simulate()).toEqual(python);
  });

  it('is unknown to a state made with the builtin table', () => {
    const h = heapFor(initialState({ profile: 'cpython-3.11' }));
    expect(h.state.typeTable[KIND_PROPERTY]).toBeUndefined();
    const before = h.state.nextId;
    expect(() => h.typeFile(PropertyObjects).make(NULL_ID, NULL_ID, NULL_ID, NULL_ID)).toThrow(/kind 25 is not in this state.s type table/);
    expect(h.state.nextId).toBe(before);
  });
});
