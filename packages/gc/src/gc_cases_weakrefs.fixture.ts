/**
 * gc_cases.json, third part: weak references and their callbacks, finalizer order,
 * DEBUG_SAVEALL, gc.callbacks (replayed by gc_cases.golden.test.ts).
 */
import { expect } from 'vitest';
import { checkObjectsInvariants, NULL_ID, type Body, type Heap, type ObjectId } from '@pymm/objects';
import { DEBUG_SAVEALL, type Collector } from './index.js';
import { Host, byId, c1055820, defClass, expected, infoDict, listRemove, py, replay, setup, sliceAssign } from './gc_cases.fixture.js';
import { attrStr as str, named, setAttrNew } from './scenario.fixture.js';

export function weakrefCases(): void {
  // --- weak references ------------------------------------------------------------------------

  replay('bug1055820b', 'callbacks of surviving weakrefs see every referent cleared', () => {
    const { h, gc, host } = setup();
    const C = defClass(h, 'C1055820', { bases: [h.typeIds.get('object')!], methods: ['__init__'] });
    defClass(h, 'GC_Detector', { bases: [h.typeIds.get('object')!], methods: ['__init__'] });
    const ouch = h.list();
    const WRs = h.list();
    const callback = host.fn(h, 'callback', (hh) => {
      // ouch[:] = [wr() for wr in WRs]
      const comp = hh.func({ name: '<listcomp>' });
      const res = hh.list();
      for (const wr of hh.items(WRs)) {
        const x = hh.weakrefGet(wr);
        hh.listAppend(res, x);
        hh.decref(x);
      }
      hh.decref(comp);
      sliceAssign(hh, ouch, hh.items(res));
      hh.decref(res);
    });
    // Cs = [C1055820(i) for i in range(2)]; WRs = [weakref.ref(c, callback) for c in Cs]
    let Cs = h.list();
    for (let i = 0; i < 2; i++) {
      const c = c1055820(h, C, i);
      h.listAppend(Cs, c);
      h.decref(c);
    }
    for (const c of h.items(Cs)) {
      const wr = h.weakref(c, callback);
      h.listAppend(WRs, wr);
      h.decref(wr);
    }
    const collected1 = gc.collect();
    const ouchLen1 = h.items(ouch).length;
    h.decref(Cs);
    Cs = h.none();
    const collected2 = gc.collect();
    expect({ collected1, ouch_len1: ouchLen1, collected2, ouch: py(h, ouch) }).toEqual(expected('bug1055820b'));
    checkObjectsInvariants(h.state);
  });

  replay('bug21435', 'a __del__ that breaks its cycle: everything freed in finalize_garbage', () => {
    const { h, gc, host } = setup();
    const A = h.newClass('A');
    const B = defClass(h, 'B', { hasDel: true, methods: ['__init__', '__del__'] });
    host.onDel(B, (hh, [self]) => setAttrNew(hh, self!, 'attr', hh.none()));
    // do_work()
    const a = h.instance(A);
    const x = h.instance(A);
    const b = h.instance(B);
    h.setAttr(b, 'x', x);
    h.decref(x);
    h.setAttr(a, 'attr', b);
    h.setAttr(b, 'attr', a);
    h.decref(a);
    h.decref(b);
    expect({ collected: gc.collect(), collected_again: gc.collect() }).toEqual(expected('bug21435'));
    checkObjectsInvariants(h.state);
  });

  for (const id of ['bug1055820c_explicit', 'bug1055820d_explicit']) {
    const withDel = id === 'bug1055820d_explicit';
    replay(id, `an old object freed by tp_clear of young garbage ${withDel ? 'runs __del__' : 'fires a weakref callback'} that sees a cleared weakref`, () => {
      const { h, gc, host } = setup();
      const C = defClass(h, 'C1055820', { bases: [h.typeIds.get('object')!], methods: ['__init__'] });
      defClass(h, 'GC_Detector', { bases: [h.typeIds.get('object')!], methods: ['__init__'] });
      const ouch = h.list();
      let c2wr = NULL_ID as ObjectId;
      /** ouch[:] = [c2wr()] */
      const look = (hh: Heap) => {
        const x = hh.weakrefGet(c2wr);
        sliceAssign(hh, ouch, [x]);
        hh.decref(x);
      };
      let c0: ObjectId;
      if (withDel) {
        const D = defClass(h, 'D', { bases: [C], hasDel: true, methods: ['__del__'] });
        host.onDel(D, look);
        c0 = c1055820(h, D, 0);
      } else {
        c0 = c1055820(h, C, 0);
      }
      gc.collect();
      const c1 = c1055820(h, C, 1);
      h.setAttr(c1, withDel ? 'keep_d0_alive' : 'keep_c0_alive', c0);
      h.delAttr(c0, 'loop');
      const c2 = c1055820(h, C, 2);
      c2wr = h.weakref(c2);
      let c0wr = NULL_ID as ObjectId;
      if (!withDel) {
        const callback = host.fn(h, 'callback', look);
        c0wr = h.weakref(c0, callback);
        h.decref(callback);
      }
      for (const o of [c0, c1, c2]) h.decref(o);
      expect({ collected: gc.collect(0), ouch: py(h, ouch) }).toEqual(expected(id));
      if (!withDel) expect(h.isAlive(c0wr)).toBe(true);
      checkObjectsInvariants(h.state);
    });
  }

  replay('bug1055820c_automatic', 'the same, waiting for an automatic collection', () => {
    const { h, gc, host } = setup();
    const object = h.typeIds.get('object')!;
    const C = defClass(h, 'C1055820', { bases: [object], methods: ['__init__'] });
    const Detector = defClass(h, 'GC_Detector', { bases: [object], methods: ['__init__'] });
    gc.enable();
    const c0 = c1055820(h, C, 0);
    gc.collect();
    const c1 = c1055820(h, C, 1);
    h.setAttr(c1, 'keep_c0_alive', c0);
    h.delAttr(c0, 'loop');
    const c2 = c1055820(h, C, 2);
    const c2wr = h.weakref(c2);
    const ouch = h.list();
    const callback = host.fn(h, 'callback', (hh) => {
      const x = hh.weakrefGet(c2wr);
      sliceAssign(hh, ouch, [x]);
      hh.decref(x);
    });
    const c0wr = h.weakref(c0, callback);
    for (const o of [c0, c1, c2]) h.decref(o);
    const junk = h.list();
    let i = 0;
    let ouchEarly = false;
    // detector = GC_Detector(): __init__'s `self` is a cell captured by it_happened
    const detector = h.instance(Detector);
    const selfCell = h.cell(detector);
    setAttrNew(h, detector, 'gc_happened', h.bool(false));
    const closure = h.tuple([selfCell]);
    h.decref(selfCell);
    const itHappened = host.fnWith(h, { name: 'it_happened', qualname: 'GC_Detector.__init__.<locals>.it_happened', closure }, (hh) => {
      setAttrNew(hh, hh.items(selfCell)[0]!, 'gc_happened', hh.bool(true));
    });
    h.decref(closure);
    const c666 = c1055820(h, C, 666);
    setAttrNew(h, detector, 'wr', h.weakref(c666, itHappened));
    h.decref(c666);
    h.decref(itHappened);
    const happened = () => h.getAttr(detector, 'gc_happened') === h.trueId;
    while (!happened()) {
      i += 1;
      if (i > 10000) break;
      if (h.items(ouch).length > 0) ouchEarly = true;
      const x = h.list();
      h.listAppend(junk, x);
      h.decref(x);
    }
    gc.disable();
    expect({ gc_happened: happened(), ouch_before_detector: ouchEarly, ouch: py(h, ouch) }).toEqual(expected('bug1055820c_automatic'));
    expect(h.isAlive(c0wr)).toBe(true);
    checkObjectsInvariants(h.state);
  });

  /** `lambda r, <default>=<value>: body` as a function object with a defaults tuple. */
  const lambdaWith = (h: Heap, host: Host, dflt: ObjectId, body: Body) => {
    const defaults = h.tuple([dflt]);
    const f = host.fnWith(h, { name: '<lambda>', defaults }, body);
    h.decref(defaults);
    return f;
  };

  replay('weakref_callbacks_refcount_death', 'PyObject_ClearWeakRefs calls the newest callback first', () => {
    const { h, host } = setup();
    const W = h.newClass('W');
    const order: string[] = [];
    const o = h.instance(W);
    const rs = h.list();
    for (let i = 0; i < 3; i++) {
      const iv = h.int(i);
      const lam = lambdaWith(h, host, iv, () => order.push(`cb${i}`));
      h.decref(iv);
      const wr = h.weakref(o, lam);
      h.decref(lam);
      h.listAppend(rs, wr);
      h.decref(wr);
    }
    const plain = h.weakref(o);
    h.decref(o);
    const r = h.weakrefGet(plain);
    expect({ order, plain_dead: r === h.noneId }).toEqual(expected('weakref_callbacks_refcount_death'));
    h.decref(r);
    checkObjectsInvariants(h.state);
  });

  replay('weakref_callback_and_del_refcount_death', 'subtype_dealloc: __del__ before the callbacks', () => {
    const { h, host } = setup();
    const order: string[] = [];
    const D = defClass(h, 'D', { hasDel: true, methods: ['__del__'] });
    host.onDel(D, () => order.push('del'));
    const o = h.instance(D);
    const lam = host.fn(h, '<lambda>', () => order.push('callback'));
    const r = h.weakref(o, lam);
    h.decref(lam);
    h.decref(o);
    expect({ order }).toEqual(expected('weakref_callback_and_del_refcount_death'));
    expect(h.isAlive(r)).toBe(true);
    checkObjectsInvariants(h.state);
  });

  replay('weakref_callback_and_del_in_cycle', 'in a collection the callbacks run before the finalizers', () => {
    const { h, gc, host } = setup();
    const order: string[] = [];
    const D = defClass(h, 'D', { hasDel: true, methods: ['__del__'] });
    host.onDel(D, () => order.push('del'));
    const o = h.instance(D);
    h.setAttr(o, 'me', o);
    const lam = host.fn(h, '<lambda>', (hh, [ref]) => {
      const x = hh.weakrefGet(ref!);
      order.push(`callback, referent is None: ${x === hh.noneId ? 'True' : 'False'}`);
      hh.decref(x);
    });
    const r = h.weakref(o, lam);
    h.decref(lam);
    h.decref(o);
    expect({ collected: gc.collect(), order }).toEqual(expected('weakref_callback_and_del_in_cycle'));
    expect(h.isAlive(r)).toBe(true);
    checkObjectsInvariants(h.state);
  });

  replay('weakref_callback_cycle_external_ref', 'the callback of a weakref outside the garbage runs', () => {
    const { h, gc, host } = setup();
    const calls: boolean[] = [];
    const T = h.newClass('T');
    const t = h.instance(T);
    h.setAttr(t, 'me', t);
    const lam = host.fn(h, '<lambda>', (hh, [r]) => {
      const x = hh.weakrefGet(r!);
      calls.push(x === hh.noneId);
      hh.decref(x);
    });
    const wr = h.weakref(t, lam);
    h.decref(lam);
    h.decref(t);
    const collected = gc.collect();
    expect({ collected, calls, wr_tracked: gc.isTracked(wr) }).toEqual(expected('weakref_callback_cycle_external_ref'));
    checkObjectsInvariants(h.state);
  });

  replay('weakref_callback_in_garbage', 'a weakref that is part of the garbage never calls back', () => {
    const { h, gc, host } = setup();
    const calls: string[] = [];
    const T = h.newClass('T');
    const t = h.instance(T);
    h.setAttr(t, 'me', t);
    const lam = host.fn(h, '<lambda>', () => calls.push('called'));
    const wr = h.weakref(t, lam);
    h.decref(lam);
    setAttrNew(h, t, 'wr', wr);
    h.decref(t);
    expect({ collected: gc.collect(), calls }).toEqual(expected('weakref_callback_in_garbage'));
    checkObjectsInvariants(h.state);
  });

  replay('weakref_callback_frees_weakref', 'a callback that frees its own weakref counts it', () => {
    const { h, gc, host } = setup();
    const calls: string[] = [];
    const W = h.newClass('W');
    const reg = h.dict();
    const k = h.str('k');
    const cb = host.fn(h, 'cb', (hh) => {
      calls.push('cb');
      hh.dictDelItem(reg, k);
    });
    const w = h.instance(W);
    h.setAttr(w, 's', w);
    const wr = h.weakref(w, cb);
    h.dictSetItem(reg, k, wr);
    h.decref(wr);
    h.decref(w);
    expect({ collected: gc.collect(), calls }).toEqual(expected('weakref_callback_frees_weakref'));
    checkObjectsInvariants(h.state);
  });

  replay('weakref_callbacks_several_in_cycle', 'callbacks in discovery order, newest first per object', () => {
    const { h, gc, host } = setup();
    const order: string[] = [];
    const T = defClass(h, 'T', { methods: ['__init__'] });
    const [a, b, c] = ['a', 'b', 'c'].map((n) => named(h, T, 'name', n)) as [ObjectId, ObjectId, ObjectId];
    h.setAttr(a, 'o', b);
    h.setAttr(b, 'o', c);
    h.setAttr(c, 'o', a);
    const refs = h.list();
    const refs2 = h.list();
    for (const [lst, suffix] of [[refs, ''], [refs2, '2']] as const) {
      for (const x of [a, b, c]) {
        const n = h.getAttr(x, 'name');
        const name = h.value(n) as string;
        const lam = lambdaWith(h, host, n, () => order.push(name + suffix));
        const wr = h.weakref(x, lam);
        h.decref(lam);
        h.listAppend(lst, wr);
        h.decref(wr);
      }
    }
    for (const x of [a, b, c]) h.decref(x);
    expect({ collected: gc.collect(), order }).toEqual(expected('weakref_callbacks_several_in_cycle'));
    checkObjectsInvariants(h.state);
  });

  // --- finalizer order ------------------------------------------------------------------------

  replay('del_order_cycle', 'finalizers run in collection-list order', () => {
    const { h, gc, host } = setup();
    const order: string[] = [];
    const D = defClass(h, 'D', { hasDel: true, methods: ['__init__', '__del__'] });
    host.onDel(D, (hh, [s]) => order.push(str(hh, s!, 'name')));
    const [a, b, c] = ['a', 'b', 'c'].map((n) => named(h, D, 'name', n)) as [ObjectId, ObjectId, ObjectId];
    h.setAttr(a, 'o', b);
    h.setAttr(b, 'o', c);
    h.setAttr(c, 'o', a);
    for (const x of [a, b, c]) h.decref(x);
    expect({ collected: gc.collect(), order }).toEqual(expected('del_order_cycle'));
    checkObjectsInvariants(h.state);
  });

  replay('del_order_after_survivor_reordering', 'move_unreachable re-appends a reachable chain reversed', () => {
    const { h, gc, host } = setup();
    const order: string[] = [];
    const D = defClass(h, 'D', { hasDel: true, methods: ['__init__', '__del__'] });
    host.onDel(D, (hh, [s]) => order.push(str(hh, s!, 'name')));
    const [a, b, c] = ['a', 'b', 'c'].map((n) => named(h, D, 'name', n)) as [ObjectId, ObjectId, ObjectId];
    h.setAttr(c, 'o', b);
    h.setAttr(b, 'o', a);
    h.setAttr(a, 'o', c);
    const holder = h.list([c]);
    for (const x of [a, b, c]) h.decref(x);
    gc.collect(0);
    gc.collect(0);
    h.listClear(holder);
    expect({ collected: gc.collect(), order }).toEqual(expected('del_order_after_survivor_reordering'));
    checkObjectsInvariants(h.state);
  });

  replay('collect_while_collecting', 'gc.collect() inside a finalizer returns 0', () => {
    const { h, gc, host } = setup();
    const inner = h.list();
    const D = defClass(h, 'D', { hasDel: true, methods: ['__del__'] });
    host.onDel(D, (hh) => {
      const v = hh.int(gc.collect());
      hh.listAppend(inner, v);
      hh.decref(v);
    });
    const d = h.instance(D);
    h.setAttr(d, 'me', d);
    h.decref(d);
    expect({ collected: gc.collect(), inner: py(h, inner) }).toEqual(expected('collect_while_collecting'));
    checkObjectsInvariants(h.state);
  });

  // --- DEBUG_SAVEALL --------------------------------------------------------------------------

  replay('saveall_instances', 'DEBUG_SAVEALL with an instance cycle and a dict cycle', () => {
    const { h, gc } = setup();
    const A = h.newClass('A');
    gc.setDebug(DEBUG_SAVEALL);
    const a = h.instance(A);
    const b = h.instance(A);
    h.setAttr(a, 'o', b);
    h.setAttr(b, 'o', a);
    const d = h.dict();
    const k = h.str('d');
    h.dictSetItem(d, k, d);
    h.decref(k);
    for (const x of [a, b, d]) h.decref(x);
    const collected = gc.collect();
    const types = h.items(gc.garbage()).map((o) => h.typeName(o));
    gc.setDebug(0);
    h.listClear(gc.garbage());
    expect({ collected, garbage_types: types, collected_after_clear: gc.collect() }).toEqual(expected('saveall_instances'));
    checkObjectsInvariants(h.state);
  });

  // --- gc.callbacks ---------------------------------------------------------------------------

  /** cb1 and cb2 of GCCallbackTests: visit.append((i, phase, dict(info))); `extra` runs after in cb2. */
  const addCallbacks = (h: Heap, host: Host, gc: Collector, visit: unknown[], extra?: (hh: Heap, phase: string) => void) => {
    const cbs = [1, 2].map((i) => host.fn(h, `cb${i}`, (hh, [phase, info]) => {
      const p = hh.value(phase!) as string;
      visit.push([i, p, infoDict(hh, info!)]);
      if (i === 2) extra?.(hh, p);
    }));
    for (const cb of cbs) {
      h.listAppend(gc.callbacks(), cb);
      h.decref(cb);
    }
    return cbs as [ObjectId, ObjectId];
  };

  replay('callbacks_collect', 'two callbacks, start and stop of gc.collect()', () => {
    const { h, gc, host } = setup();
    const visit: unknown[] = [];
    const [cb1, cb2] = addCallbacks(h, host, gc, visit);
    gc.collect();
    listRemove(h, gc.callbacks(), cb1);
    listRemove(h, gc.callbacks(), cb2);
    expect({ visit }).toEqual(expected('callbacks_collect'));
  });

  replay('callbacks_collect_generation', 'callbacks of collections of each generation', () => {
    const { h, gc, host } = setup();
    const visit: unknown[] = [];
    const [cb1, cb2] = addCallbacks(h, host, gc, visit);
    const l = h.list();
    h.listAppend(l, l);
    h.decref(l);
    gc.collect(0);
    gc.collect(1);
    gc.collect(2);
    listRemove(h, gc.callbacks(), cb1);
    listRemove(h, gc.callbacks(), cb2);
    expect({ visit }).toEqual(expected('callbacks_collect_generation'));
  });

  replay('callbacks_collect_garbage', 'uncollectable tp_del pairs reported and cleaned up by a stop callback', () => {
    expect(byId.get('callbacks_collect_garbage')!.skipped).toBeUndefined();
    const { h, gc, host } = setup();
    const object = h.typeIds.get('object')!;
    const C = defClass(h, 'C1055820', { bases: [object], methods: ['__init__'] });
    const Uncollectable = defClass(h, 'Uncollectable', { bases: [object], legacyDel: true, methods: ['__init__', '__tp_del__'] });
    const isU = (x: ObjectId) => h.state.typeOf[x] === Uncollectable;
    const visit: unknown[] = [];
    let cleanup = false;
    const [cb1, cb2] = addCallbacks(h, host, gc, visit, (hh, phase) => {
      if (phase !== 'stop' || !cleanup) return;
      const garbage = gc.garbage();
      const uc = hh.list(hh.items(garbage).filter(isU));
      const rest = hh.list(hh.items(garbage).filter((x) => !isU(x)));
      sliceAssign(hh, garbage, hh.items(rest));
      hh.decref(rest);
      for (const e of hh.items(uc)) setAttrNew(hh, e, 'partner', hh.none());
      hh.decref(uc); // cb2 returns: its locals go
    });
    /** Uncollectable(partner=None) */
    const make = (partner: ObjectId): ObjectId => {
      const self = h.instance(Uncollectable);
      if (partner === NULL_ID) setAttrNew(h, self, 'partner', make(self));
      else h.setAttr(self, 'partner', partner);
      return self;
    };
    h.decref(make(NULL_ID));
    h.decref(make(NULL_ID));
    h.decref(c1055820(h, C, 666));
    gc.collect();
    const visit1 = [...visit];
    const garbage1 = h.items(gc.garbage()).map((x) => h.typeName(x));
    // for e in gc.garbage: ... — the loop variable keeps the last one
    const e = h.items(gc.garbage()).at(-1)!;
    h.incref(e);
    cleanup = true;
    visit.length = 0;
    sliceAssign(h, gc.garbage(), []);
    gc.collect();
    const visit2 = [...visit];
    const garbage2 = h.items(gc.garbage()).length;
    listRemove(h, gc.callbacks(), cb1);
    listRemove(h, gc.callbacks(), cb2);
    expect({ visit1, garbage1, visit2, garbage2 }).toEqual(expected('callbacks_collect_garbage'));
    checkObjectsInvariants(h.state);
  });
}
