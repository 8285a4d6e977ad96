/**
 * The worked examples A–N (tools/cpython-oracle/golden/worked_examples.py) against what python3
 * printed for them (packages/gc/golden/worked_examples.json, made by tools/cpython-oracle). Each program
 * is replayed here as the heap operations CPython performs for it; the printed values
 * must equal the golden ones.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { checkObjectsInvariants, ClosureHost, NULL_ID, type Heap, type ObjectId } from '@pymm/objects';
import { createRuntime, DEBUG_SAVEALL } from './index.js';
import { attrStr, getCount, named } from './scenario.fixture.js';

interface Example { id: string; program: string; values: Record<string, unknown> }
const golden = JSON.parse(readFileSync(new URL('../golden/worked_examples.json', import.meta.url), 'utf8')) as { examples: Example[] };
const expected = (id: string) => golden.examples.find((e) => e.id === id)!.values;

/** The prelude of every program: gc.disable(); gc.collect(). */
function setup() {
  const host = new ClosureHost();
  const rt = createRuntime({ host });
  rt.gc.disable();
  rt.gc.collect();
  return { h: rt.heap, gc: rt.gc, host, rt };
}

describe('worked examples A–N, against python3', () => {
  it('A: a list that contains itself', () => {
    const { h, gc } = setup();
    const l = h.list();
    h.listAppend(l, l);
    h.decref(l);
    expect({ collected: gc.collect() }).toEqual(expected('A'));
    checkObjectsInvariants(h.state);
  });

  for (const id of ['B', 'B2']) {
    it(`${id}: two instances referring to each other${id === 'B2' ? ', __dict__ materialised' : ''}`, () => {
      const { h, gc } = setup();
      const Node = h.newClass('Node');
      const a = h.instance(Node);
      const b = h.instance(Node);
      h.setAttr(a, 'other', b);
      h.setAttr(b, 'other', a);
      if (id === 'B2') { h.instanceDict(a); h.instanceDict(b); }
      h.decref(a);
      h.decref(b);
      expect({ collected: gc.collect() }).toEqual(expected(id));
      checkObjectsInvariants(h.state);
    });
  }

  it('C: __del__ in a self-cycle runs once, no gc.garbage', () => {
    const { h, gc, host } = setup();
    const calls: string[] = [];
    const WithDel = h.newClass('WithDel', { hasDel: true });
    host.onDel(WithDel, () => calls.push('__del__'));
    const x = h.instance(WithDel);
    h.setAttr(x, 'me', x);
    h.decref(x);
    const collected = gc.collect();
    expect({ collected, calls, garbage: h.items(gc.garbage()) }).toEqual(expected('C'));
  });

  it('D: the callback of a weakref outside the garbage runs', () => {
    const { h, gc, host } = setup();
    const calls: string[] = [];
    const T = h.newClass('T');
    const t = h.instance(T);
    h.setAttr(t, 'me', t);
    const lambda = host.fn(h, '<lambda>', (hh, [r]) => {
      const x = hh.weakrefGet(r!);
      calls.push(`r() is None: ${x === hh.noneId ? 'True' : 'False'}`);
      hh.decrefUnchecked(x);
    });
    const wr = h.weakref(t, lambda);
    h.decref(lambda);
    h.decref(t);
    expect({ collected: gc.collect(), calls }).toEqual(expected('D'));
    expect(h.isAlive(wr)).toBe(true);
    checkObjectsInvariants(h.state);
  });

  it('D2: a weakref that is part of the garbage never calls back', () => {
    const { h, gc, host } = setup();
    const calls: string[] = [];
    const T = h.newClass('T');
    const t = h.instance(T);
    h.setAttr(t, 'me', t);
    const lambda = host.fn(h, '<lambda>', () => calls.push('called'));
    const wr = h.weakref(t, lambda);
    h.decref(lambda);
    h.setAttr(t, 'wr', wr);
    h.decref(wr);
    h.decref(t);
    expect({ collected: gc.collect(), calls }).toEqual(expected('D2'));
    checkObjectsInvariants(h.state);
  });

  it('D3: a callback that frees its own weakref counts it', () => {
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
    expect({ collected: gc.collect(), calls }).toEqual(expected('D3'));
    checkObjectsInvariants(h.state);
  });

  it('E: a dict that contains itself', () => {
    const { h, gc } = setup();
    const d = h.dict();
    const k = h.str('self');
    h.dictSetItem(d, k, d);
    h.decref(k);
    h.decref(d);
    expect({ collected: gc.collect() }).toEqual(expected('E'));
  });

  it('F: a tuple of ints is untracked by the first collection that sees it', () => {
    const { h, gc } = setup();
    const items = [1, 2, 3].map((v) => h.int(v));
    const tp = h.tuple(items);
    const atCreation = gc.isTracked(tp);
    gc.collect(0);
    const e = expected('F');
    expect({ tracked_at_creation: atCreation, tracked_after_collect0: gc.isTracked(tp) })
      .toEqual({ tracked_at_creation: e['tracked_at_creation'], tracked_after_collect0: e['tracked_after_collect0'] });
  });

  it('G: count0 counts GC allocations, not free-list reuse', () => {
    const { h, gc } = setup();
    gc.collect();
    const c0 = () => getCount(h, gc)[0];
    const cA = c0();
    const keep = h.list();
    for (let i = 0; i < 100; i++) { const x = h.list(); h.listAppend(keep, x); h.decref(x); }
    const cB = c0();
    h.decref(keep);
    const cC = c0();
    const again = h.list();
    for (let i = 0; i < 50; i++) { const x = h.list(); h.listAppend(again, x); h.decref(x); }
    const cD = c0();
    expect({ base: cA, delta_100_lists_and_holder: cB - cA, delta_del: cC - cB, delta_50_lists_and_holder_from_free_list: cD - cC })
      .toEqual(expected('G'));
  });

  it('H: gc.callbacks get start and stop with info dicts', () => {
    const { h, gc, host } = setup();
    const events: unknown[] = [];
    const cb = host.fn(h, 'cb', (hh, [phase, info]) => {
      const d: Record<string, number> = {};
      for (const key of ['generation', 'collected', 'uncollectable']) {
        const k = hh.internedStr(key);
        d[key] = Number(hh.value(hh.dictGetItem(info!, k)));
        hh.decrefUnchecked(k);
      }
      events.push([hh.value(phase!), d]);
    });
    h.listAppend(gc.callbacks(), cb);
    h.decref(cb);
    const l = h.list();
    h.listAppend(l, l);
    h.decref(l);
    gc.collect(1);
    h.listDelItem(gc.callbacks(), 0);
    expect({ events }).toEqual(expected('H'));
  });

  it('I / I2: resurrection by __del__, then a second collection frees both without __del__', () => {
    const { h, gc, host } = setup();
    const saved = h.list();
    const calls: string[] = [];
    const R = h.newClass('R', { hasDel: true });
    host.onDel(R, (hh, [s]) => { calls.push(attrStr(hh, s!, 'n')); hh.listAppend(saved, s!); });
    const a = named(h, R, 'n', 'a');
    const b = named(h, R, 'n', 'b');
    h.setAttr(a, 'o', b);
    h.setAttr(b, 'o', a);
    h.decref(a);
    h.decref(b);
    const collected = gc.collect();
    const callsI = [...calls];
    const fin = h.items(saved).map((s) => gc.isFinalized(s));
    h.listClear(saved);
    const i2 = gc.collect();
    expect({ collected, calls: callsI, is_finalized: fin, I2_collected: i2, I2_calls: calls }).toEqual(expected('I'));
    checkObjectsInvariants(h.state);
  });

  it('J: partial resurrection', () => {
    const { h, gc, host } = setup();
    const saved = h.list();
    const calls: string[] = [];
    const N = h.newClass('N');
    const R1 = h.newClass('R1', { hasDel: true });
    host.onDel(R1, (hh, [s]) => { calls.push('R1.__del__'); hh.listAppend(saved, s!); });
    const a = h.instance(R1);
    const b = h.instance(N);
    h.setAttr(a, 'o', b);
    h.setAttr(b, 'o', a);
    const c = h.instance(N);
    h.setAttr(c, 'x', c);
    for (const x of [a, b, c]) h.decref(x);
    const collected = gc.collect();
    h.listClear(saved);
    expect({ collected, calls, then_collected: gc.collect() }).toEqual(expected('J'));
  });

  it('K: DEBUG_SAVEALL keeps the garbage in gc.garbage', () => {
    const { h, gc } = setup();
    gc.setDebug(DEBUG_SAVEALL);
    const l = h.list();
    h.listAppend(l, l);
    h.decref(l);
    const collected = gc.collect();
    const garbageLen = h.items(gc.garbage()).length;
    gc.setDebug(0);
    h.listClear(gc.garbage());
    expect({ collected, garbage_len: garbageLen, after_clear_collected: gc.collect() }).toEqual(expected('K'));
  });

  it('L: a legacy tp_del object and all it reaches are uncollectable', () => {
    const { h, gc, host } = setup();
    const calls: string[] = [];
    const Legacy = h.newClass('Legacy', { legacyDel: true });
    host.onDel(Legacy, () => calls.push('tp_del'));
    const Plain = h.newClass('Plain');
    const a = h.instance(Legacy);
    const b = h.instance(Plain);
    h.setAttr(a, 'b', b);
    h.setAttr(b, 'a', a);
    const c = h.instance(Plain);
    h.setAttr(b, 'c', c);
    for (const x of [a, b, c]) h.decref(x);
    const collected = gc.collect();
    const types = h.items(gc.garbage()).map((x) => h.typeName(x));
    h.listClear(gc.garbage());
    expect({ collected, garbage_types: types, after_clear_collected: gc.collect(), calls }).toEqual(expected('L'));
  });

  it('M: a gen-2 collection scans gen 2, then gen 0, then gen 1', () => {
    const { h, gc, host } = setup();
    const calls: string[] = [];
    const D = h.newClass('D', { hasDel: true });
    host.onDel(D, (hh, [s]) => calls.push(attrStr(hh, s!, 'n')));
    const x = named(h, D, 'n', 'x');
    gc.collect(1);
    const y = named(h, D, 'n', 'y');
    gc.collect(0);
    const z = named(h, D, 'n', 'z');
    h.setAttr(x, 'o', y);
    h.setAttr(y, 'o', z);
    h.setAttr(z, 'o', x);
    for (const o of [x, y, z]) h.decref(o);
    expect({ collected: gc.collect(), calls }).toEqual(expected('M'));
  });

  it('N: promotion order across generations', () => {
    const { h, gc, host } = setup();
    const calls: string[] = [];
    const D = h.newClass('D', { hasDel: true });
    host.onDel(D, (hh, [s]) => calls.push(attrStr(hh, s!, 'n')));
    const pair = (p: string, q: string) => {
      const a = named(h, D, 'n', p);
      const b = named(h, D, 'n', q);
      h.setAttr(a, 'o', b);
      h.setAttr(b, 'o', a);
      return [a, b];
    };
    const ab = pair('a', 'b');
    gc.collect(0);
    const cd = pair('c', 'd');
    gc.collect(1);
    const ef = pair('e', 'f');
    for (const o of [...ab, ...cd, ...ef]) h.decref(o);
    expect({ collected: gc.collect(), calls }).toEqual(expected('N'));
    expect(NULL_ID).toBe(-1);
  });
});
