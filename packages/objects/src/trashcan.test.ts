/**
 * The trashcan against python3: a 160-deep chain L_i = [obj_i, L_{i+1}] is released, and
 * weakref callbacks record the order the obj_i die. Lists release items last to first,
 * so each L_i frees its tail before its obj_i; after 50 nested deallocations the trashcan
 * defers the rest and destroy_chain resumes it, which shows in the order.
 */
import { spawnSync } from 'node:child_process';
import { expect, it } from 'vitest';
import { ClosureHost, heapFor, initialState, NULL_ID, type ObjectId } from './index.js';

const N = 160;
const PROGRAM = `
import weakref, json
class O: pass
order = []
objs = [O() for i in range(${N})]
refs = [weakref.ref(o, lambda r, i=i: order.append(i)) for i, o in enumerate(objs)]
L = None
for i in reversed(range(${N})):
    L = [objs[i], L]
del objs
del L
print(json.dumps(order))
`;

it('a deep chain dies in the order the trashcan gives it in python3', () => {
  const py = spawnSync('python3', ['-c', PROGRAM], { encoding: 'utf8' });
  expect(py.status, py.stderr).toBe(0);
  const expected = JSON.parse(py.stdout) as number[];

  const heap = heapFor(initialState());
  const host = new ClosureHost();
  heap.host = host;
  const order: number[] = [];
  const O = heap.newClass('O');
  const objs: ObjectId[] = [];
  for (let i = 0; i < N; i++) objs.push(heap.instance(O));
  const refs = objs.map((o, i) => {
    const cb = host.fn(heap, '<lambda>', () => order.push(i));
    const wr = heap.weakref(o, cb);
    heap.decref(cb);
    return wr;
  });
  let L = heap.none();
  for (let i = N - 1; i >= 0; i--) {
    const next = heap.list([objs[i]!, L]);
    heap.decref(L);
    L = next;
  }
  for (const o of objs) heap.decref(o); // del objs (the list comprehension's list held them)
  heap.decref(L); // del L
  expect(order.join(" ")).toBe(expected.join(" "));
  expect(expected.slice(0, 3)).toEqual([48, 47, 46]); // L_50 and obj_49 reach nesting 50 (_PyTrash_UNWIND_LEVEL, Objects/object.c) and are deferred: obj_48 dies first
  expect(refs.every((r) => heap.weakrefGet(r) === heap.noneId)).toBe(true);
  void NULL_ID;
});
