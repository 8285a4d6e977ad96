import { createRuntime, scanMicrosteps } from '@pymm/gc';
import { ClosureHost, GEN0 } from '@pymm/objects';

const host = new ClosureHost();
const { heap, gc } = createRuntime({ profile: 'cpython-3.11', host });
gc.disable(); // as in the gc docs' examples: only explicit collections
gc.collect();

// l = []; l.append(l); del l
const l = heap.list();
heap.listAppend(l, l);
heap.decref(l);
// the collector's view of generation 0 right now, object by object (nothing is changed)
const steps = scanMicrosteps(heap.state, GEN0).map((s) => `${heap.describe(s.id)}: refcount ${s.refcnt}, external ${s.externalRefs}`);
const first = gc.collect(); // 1: the list, freed by tp_clear

// class Lazarus: def __del__(self): saved.append(self)  (a finalizer that resurrects)
const saved = heap.list();
const Lazarus = heap.newClass('Lazarus', { hasDel: true });
host.onDel(Lazarus, (h, [self]) => h.listAppend(saved, self!));
const x = heap.instance(Lazarus);
heap.setAttr(x, 'me', x);
heap.decref(x);
const second = gc.collect(); // 0: __del__ ran, x came back to life
const finalized = gc.isFinalized(heap.items(saved)[0]!);
heap.listClear(saved);
const third = gc.collect(); // 1: now it goes, and __del__ does not run twice

export const result = { steps, collected: [first, second, third], finalized, stats: gc.getStats()[2] };
