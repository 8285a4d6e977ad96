/**
 * gc_cases.json, second part: untracking of tuples and dicts, resurrection by __del__
 * (replayed by gc_cases.golden.test.ts).
 */
import { expect } from 'vitest';
import { checkObjectsInvariants, NULL_ID, type ObjectId } from '@pymm/objects';
import { defClass, expected, replay, setup } from './gc_cases.fixture.js';
import { attrStr as str, named, setAttrNew } from './scenario.fixture.js';

export function resurrectionCases(): void {
  // --- untracking -----------------------------------------------------------------------------

  replay('untrack_tuples_and_dicts', 'when tuples and dicts stop being tracked', () => {
    // code constants (1, 2), (2, 3), (1, 2) as a dict key: made by the compiler, seen (and
    // untracked) by the prelude's collection
    const consts: Record<string, ObjectId> = {};
    const { h, gc } = setup((hh) => {
      const pair = (x: number, y: number) => {
        const a = hh.int(x);
        const b = hh.int(y);
        const t = hh.tuple([a, b]);
        hh.decref(a);
        hh.decref(b);
        return t;
      };
      consts['12'] = pair(1, 2);
      consts['23'] = pair(2, 3);
    });
    const ints = (...vs: number[]) => vs.map((v) => h.int(v));
    const drop = (...xs: ObjectId[]) => { for (const x of xs) h.decref(x); };
    /** tuple(list): the list is built, the tuple made from it, the list dropped. */
    const tupleOf = (items: ObjectId[]) => {
      const l = h.list(items);
      drop(...items);
      const t = h.tuple(h.items(l));
      drop(l);
      return t;
    };
    const r: Record<string, boolean> = {};
    const t = tupleOf(ints(1, 2, 3));
    r['tuple_ints_at_creation'] = gc.isTracked(t);
    gc.collect(0);
    r['tuple_ints_after_collect0'] = gc.isTracked(t);
    r['constant_tuple'] = gc.isTracked(consts['12']!);
    r['empty_tuple'] = gc.isTracked(h.emptyTupleId);
    const x = h.list();
    const t3 = h.tuple([x]);
    gc.collect();
    r['tuple_with_list_after_collect'] = gc.isTracked(t3);
    const t4 = tupleOf([h.int(1), h.dict()]);
    gc.collect();
    r['tuple_with_empty_dict_after_collect'] = gc.isTracked(t4);
    h.incref(consts['23']!);
    const t5 = tupleOf([h.int(1), h.str('a'), consts['23']!]);
    gc.collect();
    r['tuple_with_constant_tuple_after_collect'] = gc.isTracked(t5);
    const t6 = tupleOf([h.int(1), h.str('a'), tupleOf(ints(2, 3))]);
    gc.collect();
    r['tuple_with_runtime_tuple_after_collect'] = gc.isTracked(t6);
    gc.collect();
    r['tuple_with_runtime_tuple_after_two_collects'] = gc.isTracked(t6);
    const inner = tupleOf(ints(5, 6));
    h.incref(inner);
    const outer = tupleOf([inner]);
    const holder = h.list([outer]);
    gc.collect(0);
    r['nested_inner_after_one_collect0'] = gc.isTracked(inner);
    r['nested_outer_after_one_collect0'] = gc.isTracked(outer);
    gc.collect(0);
    r['nested_outer_after_two_collect0'] = gc.isTracked(outer);
    const d = h.dict();
    const ka = h.str('a');
    const kb = h.str('b');
    const one = h.int(1);
    h.dictSetItem(d, ka, one);
    drop(ka, one);
    r['dict_ints'] = gc.isTracked(d);
    const emptyList = h.list();
    h.dictSetItem(d, kb, emptyList);
    h.decref(emptyList);
    r['dict_after_list_value'] = gc.isTracked(d);
    h.dictDelItem(d, kb);
    h.decref(kb);
    gc.collect(1);
    r['dict_after_del_and_collect1'] = gc.isTracked(d);
    gc.collect();
    r['dict_after_full_collect'] = gc.isTracked(d);
    const tmp = (o: ObjectId) => { const tr = gc.isTracked(o); h.decref(o); return tr; };
    r['empty_dict'] = tmp(h.dict());
    r['empty_list'] = tmp(h.list());
    {
      const dd = h.dict();
      const v = h.int(1);
      h.dictSetItem(dd, consts['12']!, v);
      h.decref(v);
      r['dict_with_tuple_key'] = tmp(dd);
    }
    {
      const dd = h.dict();
      const k = h.int(1);
      const l = h.list();
      const tv = h.tuple([l]);
      h.decref(l);
      h.dictSetItem(dd, k, tv);
      drop(k, tv);
      r['dict_with_tuple_of_list_value'] = tmp(dd);
    }
    {
      const xs = ints(1, 2);
      const s = h.set(xs);
      drop(...xs);
      r['set_of_ints'] = tmp(s);
    }
    r['frozenset_empty'] = tmp(h.set([], true));
    const A = h.newClass('A');
    const a = h.instance(A);
    setAttrNew(h, a, 'x', h.int(1));
    const dd = h.instanceDict(a);
    h.incref(dd);
    r['instance_dict_int_values'] = gc.isTracked(dd);
    setAttrNew(h, a, 'y', h.list());
    r['instance_dict_after_list_value'] = gc.isTracked(dd);
    expect(r).toEqual(expected('untrack_tuples_and_dicts'));
    drop(holder, x, t3, t4, t5, t6, t, d);
    checkObjectsInvariants(h.state);
  });

  // --- resurrection ---------------------------------------------------------------------------

  replay('resurrection_only_happens_once_per_object', '__del__ runs once; the second collection frees it', () => {
    const { h, gc, host } = setup();
    const A = defClass(h, 'A', { methods: ['__init__'] });
    const zero = h.int(0);
    const instances = h.list();
    const Lazarus = defClass(h, 'Lazarus', { bases: [A], hasDel: true, methods: ['__del__'], attributes: [['resurrected', zero], ['resurrected_instances', instances]] });
    h.decref(zero);
    h.decref(instances);
    let resurrected = 0;
    host.onDel(Lazarus, (hh, [self]) => {
      resurrected += 1;
      const v = hh.int(resurrected);
      hh.setClassAttr(Lazarus, 'resurrected', v);
      hh.decref(v);
      hh.listAppend(instances, self!);
    });
    gc.collect();
    const laz = h.instance(Lazarus);
    h.setAttr(laz, 'me', laz);
    const r: Record<string, unknown> = { resurrected0: resurrected };
    h.decref(laz);
    r['collected1'] = gc.collect();
    r['resurrected1'] = resurrected;
    r['instances1'] = h.items(instances).length;
    h.listClear(instances);
    r['collected2'] = gc.collect();
    r['resurrected2'] = resurrected;
    expect(r).toEqual(expected('resurrection_only_happens_once_per_object'));
    checkObjectsInvariants(h.state);
  });

  replay('resurrection_is_transitive', 'what a resurrected object reaches survives with it', () => {
    const { h, gc, host } = setup();
    const Cargo = defClass(h, 'Cargo', { methods: ['__init__'] });
    const instances = h.list();
    const Lazarus = defClass(h, 'Lazarus', { hasDel: true, methods: ['__del__'], attributes: [['resurrected_instances', instances]] });
    h.decref(instances);
    host.onDel(Lazarus, (hh, [self]) => hh.listAppend(instances, self!));
    gc.collect();
    const laz = h.instance(Lazarus);
    const cargo = h.instance(Cargo);
    h.setAttr(cargo, 'me', cargo);
    const cargoId = cargo;
    h.setAttr(laz, 'cargo', cargo);
    h.setAttr(cargo, 'laz', laz);
    h.decref(laz);
    h.decref(cargo);
    const r: Record<string, unknown> = { collected1: gc.collect() };
    r['instances'] = h.items(instances).length;
    const instance = h.listPop(instances);
    r['has_cargo'] = h.getAttr(instance, 'cargo') !== NULL_ID;
    r['same_cargo'] = h.getAttr(instance, 'cargo') === cargoId;
    h.decref(instance);
    r['collected2'] = gc.collect();
    expect(r).toEqual(expected('resurrection_is_transitive'));
    checkObjectsInvariants(h.state);
  });

  replay('resurrection_does_not_block_cleanup_of_other_objects', 'stats with resurrecting and plain cycles', () => {
    const { h, gc, host } = setup();
    const N = 100;
    const A = defClass(h, 'A', { methods: ['__init__'] });
    const Z = defClass(h, 'Z', { bases: [A], hasDel: true, methods: ['__del__'] });
    const zs = h.list();
    host.onDel(Z, (hh, [self]) => hh.listAppend(zs, self!));
    const make = (cls: ObjectId) => {
      const o = h.instance(cls);
      h.setAttr(o, 'me', o);
      h.decref(o); // an expression statement: the result is dropped
    };
    const getstats = () => {
      const d = gc.getStats()[2]!;
      return [d.collected, d.uncollectable] as const;
    };
    gc.collect();
    let [oldc, oldnc] = getstats();
    const step = () => {
      const t = gc.collect();
      const [c, nc] = getstats();
      const out = [t, c - oldc, nc - oldnc];
      [oldc, oldnc] = [c, nc];
      return out;
    };
    for (let i = 0; i < N; i++) make(A);
    const step1 = step();
    make(Z);
    const step2 = step();
    for (let i = 0; i < N; i++) make(A);
    make(Z);
    const step3 = step();
    h.listClear(zs);
    const step4 = step();
    expect({ step1, step2, step3, step4 }).toEqual(expected('resurrection_does_not_block_cleanup_of_other_objects'));
    checkObjectsInvariants(h.state);
  });

  replay('del_resurrection', 'two __del__ objects in a cycle resurrect each other', () => {
    const { h, gc, host } = setup();
    const saved = h.list();
    const order: string[] = [];
    const R = defClass(h, 'R', { hasDel: true, methods: ['__init__', '__del__'] });
    host.onDel(R, (hh, [s]) => { order.push(str(hh, s!, 'n')); hh.listAppend(saved, s!); });
    const a = named(h, R, 'n', 'a');
    const b = named(h, R, 'n', 'b');
    h.setAttr(a, 'o', b);
    h.setAttr(b, 'o', a);
    h.decref(a);
    h.decref(b);
    const collected1 = gc.collect();
    const order1 = [...order];
    const fin = h.items(saved).map((s) => gc.isFinalized(s));
    h.listClear(saved);
    const collected2 = gc.collect();
    expect({ collected1, order1, is_finalized: fin, collected2, order2: order }).toEqual(expected('del_resurrection'));
    checkObjectsInvariants(h.state);
  });
}
