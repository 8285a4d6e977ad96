# golden: packages/gc/golden/worked_examples.json
"""Worked examples A-N of the cycle collector, as data: small programs with the outcome each is
expected to show, checked against python3 (packages/gc/src/worked.golden.test.ts replays them).

Each example is its own program, run in a fresh interpreter exactly like gc_cases.py (prelude:
import gc; gc.disable(); gc.collect()). Every printed line is `name = <python literal>`.
`reference` holds the values written next to the example below (what it is expected to print),
and `referenceAgrees` whether python3 printed exactly that. `scripts` additionally runs two
longer scripts verbatim, worked.py and worked_g.py (their text is WORKED_PY / WORKED_G_PY
below), and keeps their stdout; `fromScript` names the one of them an example also appears in.
"""
import os, sys, textwrap
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', 'lib'))
import oracle
oracle.check_interpreter()

PRELUDE = "import gc\ngc.disable()\ngc.collect()\n"
EXAMPLES = []


def example(eid, title, script, body, reference, requires=()):
    EXAMPLES.append({'id': eid, 'title': title, 'fromScript': script, 'requires': list(requires),
                     'body': textwrap.dedent(body).strip('\n') + '\n', 'reference': reference})


example('A', 'self-referencing list', 'worked.py', """
    l = []; l.append(l); del l
    print('collected =', gc.collect())
""", {'collected': 1})
example('B', 'two instances in a cycle (inline values, no dict objects)', 'worked.py', """
    class Node: pass
    a = Node(); b = Node(); a.other = b; b.other = a; del a, b
    print('collected =', gc.collect())
""", {'collected': 2})
example('B2', 'same, but __dict__ materialised on both', 'worked.py', """
    class Node: pass
    a = Node(); b = Node(); a.other = b; b.other = a; a.__dict__; b.__dict__; del a, b
    print('collected =', gc.collect())
""", {'collected': 4})
example('C', 'instance with __del__ in a cycle', 'worked.py', """
    calls = []
    class WithDel:
        def __del__(self): calls.append('__del__')
    x = WithDel(); x.me = x; del x
    print('collected =', gc.collect())
    print('calls =', calls)
    print('garbage =', gc.garbage)
""", {'collected': 1, 'calls': ['__del__'], 'garbage': []})
example('D', 'weakref with callback to a cyclic object (weakref itself reachable)', 'worked.py', """
    import weakref
    calls = []
    class T: pass
    t = T(); t.me = t
    wr = weakref.ref(t, lambda r: calls.append('r() is None: %s' % (r() is None)))
    del t
    print('collected =', gc.collect())
    print('calls =', calls)
""", {'collected': 1, 'calls': ['r() is None: True']})
example('D2', 'weakref with callback that is itself part of the garbage', 'worked.py', """
    import weakref
    calls = []
    class T: pass
    t = T(); t.me = t; t.wr = weakref.ref(t, lambda r: calls.append('called'))
    del t
    print('collected =', gc.collect())
    print('calls =', calls)
""", {'collected': 3, 'calls': []})
example('D3', 'weakref reachable only from a registry that its callback empties', None, """
    import weakref
    calls = []
    class W: pass
    reg = {}
    def cb(r):
        calls.append('cb'); del reg['k']
    w = W(); w.s = w; reg['k'] = weakref.ref(w, cb); del w
    print('collected =', gc.collect())
    print('calls =', calls)
""", {'collected': 2, 'calls': ['cb']})
example('E', 'dict cycle', 'worked.py', """
    d = {}; d["self"] = d; del d
    print('collected =', gc.collect())
""", {'collected': 1})
example('F', 'tuple containing only ints', 'worked.py', """
    tp = tuple([1, 2, 3])
    at_creation = gc.is_tracked(tp)
    gc.collect(0)
    after_collect0 = gc.is_tracked(tp)
    constant = gc.is_tracked((1, 2, 3))
    print('tracked_at_creation =', at_creation)
    print('tracked_after_collect0 =', after_collect0)
    print('constant_tracked =', constant)
""", {'tracked_at_creation': True, 'tracked_after_collect0': False, 'constant_tracked': False})
example('G', 'gc.get_count() deltas', 'worked_g.py', """
    def count0(): return gc.get_count()[0]
    gc.collect()
    c_a = count0()
    keep = []
    for i in range(100): keep.append([])
    c_b = count0()
    del keep
    c_c = count0()
    again = []
    for i in range(50): again.append([])
    c_d = count0()
    print('base =', c_a)
    print('delta_100_lists_and_holder =', c_b - c_a)
    print('delta_del =', c_c - c_b)
    print('delta_50_lists_and_holder_from_free_list =', c_d - c_c)
""", {'base': 0, 'delta_100_lists_and_holder': 102, 'delta_del': -21, 'delta_50_lists_and_holder_from_free_list': 0})
example('H', 'gc.callbacks info dicts', 'worked.py', """
    events = []
    def cb(phase, info): events.append((phase, dict(info)))
    gc.callbacks.append(cb)
    l = []; l.append(l); del l
    gc.collect(1)
    gc.callbacks.remove(cb)
    print('events =', events)
""", {'events': [['start', {'generation': 1, 'collected': 0, 'uncollectable': 0}],
                 ['stop', {'generation': 1, 'collected': 1, 'uncollectable': 0}]]})
example('I', 'two resurrecting __del__ objects in a cycle, then dropped (I2)', None, """
    saved = []
    calls = []
    class R:
        def __init__(s, n): s.n = n
        def __del__(s):
            calls.append(s.n); saved.append(s)
    a = R('a'); b = R('b'); a.o = b; b.o = a; del a, b
    print('collected =', gc.collect())
    print('calls =', calls)
    print('is_finalized =', [gc.is_finalized(s) for s in saved])
    saved.clear()
    print('I2_collected =', gc.collect())
    print('I2_calls =', calls)
""", {'collected': 0, 'calls': ['a', 'b'], 'is_finalized': [True, True], 'I2_collected': 2, 'I2_calls': ['a', 'b']})
example('J', 'partial resurrection plus an independent cycle', None, """
    saved = []
    calls = []
    class N: pass
    class R1:
        def __del__(s): calls.append('R1.__del__'); saved.append(s)
    a = R1(); b = N(); a.o = b; b.o = a; c = N(); c.x = c
    del a, b, c
    print('collected =', gc.collect())
    print('calls =', calls)
    saved.clear()
    print('then_collected =', gc.collect())
""", {'collected': 1, 'calls': ['R1.__del__'], 'then_collected': 2})
example('K', 'DEBUG_SAVEALL', None, """
    gc.set_debug(gc.DEBUG_SAVEALL)
    l = []; l.append(l); del l
    print('collected =', gc.collect())
    print('garbage_len =', len(gc.garbage))
    gc.set_debug(0); gc.garbage.clear()
    print('after_clear_collected =', gc.collect())
""", {'collected': 1, 'garbage_len': 1, 'after_clear_collected': 1})
example('L', 'legacy tp_del object in a cycle with plain instances', None, """
    from _testcapi import with_tp_del
    calls = []
    @with_tp_del
    class Legacy:
        def __tp_del__(self): calls.append('tp_del')
    class Plain: pass
    a = Legacy(); b = Plain(); a.b = b; b.a = a; c = Plain(); b.c = c; del a, b, c
    print('collected =', gc.collect())
    print('garbage_types =', [type(x).__name__ for x in gc.garbage])
    gc.garbage.clear()
    print('after_clear_collected =', gc.collect())
    print('calls =', calls)
""", {'collected': 3, 'garbage_types': ['Legacy'], 'after_clear_collected': 3, 'calls': []}, requires=['_testcapi'])
example('M', 'cycle x (gen 2) -> y (gen 1) -> z (gen 0) -> x, each with __del__', None, """
    calls = []
    class D:
        def __init__(s, n): s.n = n
        def __del__(s): calls.append(s.n)
    x = D('x'); gc.collect(1)
    y = D('y'); gc.collect(0)
    z = D('z')
    x.o = y; y.o = z; z.o = x
    del x, y, z
    print('collected =', gc.collect())
    print('calls =', calls)
""", {'collected': 3, 'calls': ['x', 'z', 'y']})
example('N', 'cycles promoted by collect(0) and collect(1), then a full collection', None, """
    calls = []
    class D:
        def __init__(s, n): s.n = n
        def __del__(s): calls.append(s.n)
    a = D('a'); b = D('b'); a.o = b; b.o = a
    gc.collect(0)
    c = D('c'); d = D('d'); c.o = d; d.o = c
    gc.collect(1)
    e = D('e'); f = D('f'); e.o = f; f.o = e
    del a, b, c, d, e, f
    print('collected =', gc.collect())
    print('calls =', calls)
""", {'collected': 6, 'calls': ['a', 'b', 'c', 'd', 'e', 'f']})

# Two scripts run verbatim as scripts[]: worked.py prints examples A-H in one interpreter,
# worked_g.py is example G on its own.
WORKED_PY = r'''import gc, sys, weakref
gc.disable()
def count0(): return gc.get_count()[0]

print("== Example A: self-referencing list")
l = []; l.append(l); del l
print("gc.collect() ->", gc.collect())

print("== Example B: two instances in a cycle (inline values, no dict objects)")
class Node: pass
a = Node(); b = Node(); a.other = b; b.other = a; del a, b
print("gc.collect() ->", gc.collect())

print("== Example B2: same, but __dict__ materialized on both")
a = Node(); b = Node(); a.other = b; b.other = a; a.__dict__; b.__dict__; del a, b
print("gc.collect() ->", gc.collect())

print("== Example C: instance with __del__ in a cycle")
class WithDel:
    def __del__(self): print("   __del__ ran")
x = WithDel(); x.me = x; del x
print("gc.collect() ->", gc.collect(), " gc.garbage =", gc.garbage)

print("== Example D: weakref with callback to a cyclic object (weakref itself reachable)")
class T: pass
t = T(); t.me = t
wr = weakref.ref(t, lambda r: print("   callback, r() =", r()))
del t
print("gc.collect() ->", gc.collect())
del wr

print("== Example D2: weakref with callback that is itself part of the garbage")
t = T(); t.me = t; t.wr = weakref.ref(t, lambda r: print("   NOT printed"))
del t
print("gc.collect() ->", gc.collect(), "(object + weakref + lambda)")

print("== Example E: dict cycle")
d = {}; d["self"] = d; del d
print("gc.collect() ->", gc.collect())

print("== Example F: tuple containing only ints")
tp = tuple([1, 2, 3])
print("tracked at creation:", gc.is_tracked(tp))
gc.collect(0)
print("tracked after a gen-0 collection:", gc.is_tracked(tp))
print("constant (1,2,3) from code object tracked:", gc.is_tracked((1, 2, 3)))

print("== Example G: gc.get_count() deltas (see worked_g.py for the clean version)")
gc.collect(); c_a = count0(); keep = []
for i in range(100): keep.append([])
c_b = count0(); del keep; c_c = count0(); again = []
for i in range(50): again.append([])
c_d = count0()
print("+100 lists & holder:", c_b - c_a, "| after del:", c_c - c_a, "| 50 lists+holder from free list:", c_d - c_a)

print("== Example H: gc.callbacks info dicts")
def cb(phase, info): print("  ", phase, info)
gc.callbacks.append(cb)
l = []; l.append(l); del l
gc.collect(1)
gc.callbacks.remove(cb)
'''
WORKED_G_PY = r'''import gc
gc.disable()
def count0(): return gc.get_count()[0]
gc.collect()                      # full collection: counts reset, free lists emptied
c_a = count0()                    # the 3-tuple built by get_count() is a real GC allocation (+1), later recycled via the tuple free list
keep = []
for i in range(100): keep.append([])
c_b = count0()
del keep
c_c = count0()
again = []
for i in range(50): again.append([])
c_d = count0()
print("base", c_a, "| +100 lists & holder:", c_b - c_a, "| after del:", c_c - c_a, "| 50 lists+holder from free list:", c_d - c_a)
'''


def run(e, testcapi):
    program = PRELUDE + e['body']
    row = {'id': e['id'], 'title': e['title']}
    if e['fromScript']:
        row['fromScript'] = e['fromScript']
    row['program'] = program
    if e['requires']:
        row['requires'] = e['requires']
    if '_testcapi' in e['requires'] and not testcapi:
        row['skipped'] = '_testcapi.with_tp_del is not available in this interpreter'
        row['reference'] = e['reference']
        return row
    lines, values, err = oracle.run_case(program)
    row['stdout'] = lines
    row['values'] = values
    if err:
        row['stderr'] = err
    row['reference'] = e['reference']
    row['referenceAgrees'] = all(values.get(k) == v for k, v in e['reference'].items())
    return row


testcapi = oracle.has_testcapi()
doc = oracle.header(__file__)
doc['what'] = (
    "Worked examples A-N of the cycle collector (tools/cpython-oracle/golden/worked_examples.py). "
    "examples[].program is run as `python -s -B -P -c PROGRAM` in a fresh "
    "interpreter (PYTHONHASHSEED=0); stdout are its lines, values the same parsed; reference is the outcome "
    "the example is expected to show and referenceAgrees whether the values match it. scripts[] are the "
    "scripts worked.py / worked_g.py of worked_examples.py run verbatim (no extra prelude) with their stdout; "
    "fromScript names the script an example also appears in.")
doc['prelude'] = PRELUDE
doc['examples'] = [run(e, testcapi) for e in EXAMPLES]
scripts = []
for name, text in (('worked.py', WORKED_PY), ('worked_g.py', WORKED_G_PY)):
    out, err = oracle.run_raw(text)
    row = {'script': name, 'program': text, 'stdout': out}
    if err:
        row['stderr'] = err
    scripts.append(row)
doc['scripts'] = scripts
doc['disagreements'] = [e['id'] for e in doc['examples'] if e.get('referenceAgrees') is False]
oracle.emit(doc)
