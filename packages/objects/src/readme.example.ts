import { checkObjectsInvariants, ClosureHost, heapFor, initialState } from '@pymm/objects';

// A heap over simulated pymalloc memory, with a host that runs __del__ bodies.
const state = initialState({ profile: 'cpython-3.11' });
const heap = heapFor(state);
const host = new ClosureHost();
heap.host = host;
const said: string[] = [];

// class Node: def __del__(self): print('del', self.name)
const Node = heap.newClass('Node', { hasDel: true });
host.onDel(Node, (h, [self]) => said.push(`del ${String(h.value(h.getAttr(self!, 'name')))}`));

// a = Node(); a.name = 'a'; b = Node(); b.name = 'b'; a.next = b
const a = heap.instance(Node);
const b = heap.instance(Node);
for (const [o, n] of [[a, 'a'], [b, 'b']] as const) { const s = heap.str(n); heap.setAttr(o, 'name', s); heap.decref(s); }
heap.setAttr(a, 'next', b);
const sizes = [heap.getsizeof(a), heap.getsizeof(heap.instanceDict(b))];

// del b: a still holds it.  del a: a's refcount reaches 0 and the cascade frees both, a first.
heap.decref(b);
const refcountOfB = heap.refcount(b);
heap.decref(a);
checkObjectsInvariants(state); // refcounts, GC lists, weakrefs, every pymalloc block owned once

export const result = { sizes, refcountOfB, said, alive: [heap.isAlive(a), heap.isAlive(b)] };
