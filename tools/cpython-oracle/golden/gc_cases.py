# golden: packages/gc/golden/gc_cases.json
"""Cycle-collector cases: CPython's own Lib/test/test_gc.py (3.11) cases that need no interpreter
internals, rewritten as plain programs, plus weakref / finalizer / tracking / referents cases.

Each case runs as its own program (`python -c PROGRAM`, a fresh interpreter, same executable,
flags and environment as this generator). PROGRAM = PRELUDE + the case body; PRELUDE disables
automatic collection and collects once so the case starts clean. Every line a case prints is
`name = <python literal>`; the golden keeps the exact stdout lines and the parsed values.
Nothing printed depends on addresses or ids.
"""
import os, sys, textwrap
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', 'lib'))
import oracle
oracle.check_interpreter()

PRELUDE = "import gc\ngc.disable()\ngc.collect()\n"
CASES = []


def case(cid, origin, body, tags=(), requires=()):
    CASES.append({'id': cid, 'origin': origin, 'tags': list(tags), 'requires': list(requires),
                  'body': textwrap.dedent(body).strip('\n') + '\n'})


T = 'Lib/test/test_gc.py '

# --- GCTests -----------------------------------------------------------------------------
case('list', T + 'GCTests.test_list', """
    l = []
    l.append(l)
    gc.collect()
    del l
    print('collected =', gc.collect())
""")
case('dict', T + 'GCTests.test_dict', """
    d = {}
    d[1] = d
    gc.collect()
    del d
    print('collected =', gc.collect())
""")
case('tuple', T + 'GCTests.test_tuple', """
    l = []
    t = (l,)
    l.append(t)
    gc.collect()
    del t
    del l
    print('collected =', gc.collect())
""")
case('class', T + 'GCTests.test_class (upstream only asserts != 0)', """
    class A:
        pass
    A.a = A
    gc.collect()
    del A
    print('collected =', gc.collect())
""", tags=['type-object'])
case('newstyleclass', T + 'GCTests.test_newstyleclass (upstream only asserts != 0)', """
    class A(object):
        pass
    gc.collect()
    del A
    print('collected =', gc.collect())
""", tags=['type-object'])
case('instance', T + 'GCTests.test_instance', """
    class A:
        pass
    a = A()
    a.a = a
    gc.collect()
    del a
    print('collected =', gc.collect())
""")
case('newinstance', T + 'GCTests.test_newinstance (upstream only asserts != 0, then == 0)', """
    class A(object):
        pass
    a = A()
    a.a = a
    gc.collect()
    del a
    print('collected1 =', gc.collect())
    class B(list):
        pass
    class C(B, A):
        pass
    a = C()
    a.a = a
    gc.collect()
    del a
    print('collected2 =', gc.collect())
    del B, C
    print('collected3 =', gc.collect())
    A.a = A()
    del A
    print('collected4 =', gc.collect())
    print('collected5 =', gc.collect())
""", tags=['type-object'])
case('method', T + 'GCTests.test_method', """
    class A:
        def __init__(self):
            self.init = self.__init__
    a = A()
    gc.collect()
    del a
    print('collected =', gc.collect())
""")
for cls_head, cid in (('class A:', 'legacy_finalizer'), ('class A(object):', 'legacy_finalizer_newclass')):
    case(cid, T + f'GCTests.test_{cid}', f"""
        from _testcapi import with_tp_del
        @with_tp_del
        {cls_head}
            def __tp_del__(self): pass
        class B:
            pass
        a = A()
        a.a = a
        b = B()
        b.b = b
        gc.collect()
        del a
        del b
        print('collected =', gc.collect())
        print('garbage_types =', [type(o).__name__ for o in gc.garbage])
        obj = gc.garbage[0]
        del obj.a
        gc.garbage.remove(obj)
        del obj
        print('garbage_len_after_remove =', len(gc.garbage))
        print('collected_after =', gc.collect())
    """, tags=['tp_del'], requires=['_testcapi'])
case('function', T + 'GCTests.test_function', """
    d = {}
    exec("def f(): pass\\n", d)
    gc.collect()
    del d
    print('collected =', gc.collect())
""")
case('function_tp_clear_leaves_consistent_state', T + 'GCTests.test_function_tp_clear_leaves_consistent_state', """
    import weakref
    class LateFin:
        __slots__ = ('ref',)
        def __del__(self):
            global func
            func = self.ref()
    class Cyclic(tuple):
        __slots__ = ()
        def __del__(self):
            self[1].ref = weakref.ref(self[0])
            global latefin
            del latefin
    latefin = LateFin()
    def func():
        pass
    cyc = tuple.__new__(Cyclic, (func, latefin))
    func.__module__ = cyc
    del func, cyc
    print('collected =', gc.collect())
    print('func_type =', repr(type(func).__name__))
    print('func_qualname =', repr(func.__qualname__))
    print('func_name =', repr(func.__name__))
""", tags=['resurrection', 'weakref'])
case('frame', T + 'GCTests.test_frame', """
    import sys
    def f():
        frame = sys._getframe()
    gc.collect()
    f()
    print('collected =', gc.collect())
""", tags=['frame'])
case('saveall', T + 'GCTests.test_saveall', """
    gc.collect()
    print('garbage_before =', len(gc.garbage))
    L = []
    L.append(L)
    debug = gc.get_debug()
    gc.set_debug(debug | gc.DEBUG_SAVEALL)
    del L
    print('collected =', gc.collect())
    gc.set_debug(debug)
    print('garbage_len =', len(gc.garbage))
    obj = gc.garbage.pop()
    print('garbage_obj_is_self_list =', type(obj) is list and obj[0] is obj)
""", tags=['DEBUG_SAVEALL'])
for cls_head, cid in (('class A:', 'del'), ('class A(object):', 'del_newclass')):
    case(cid, T + f'GCTests.test_{cid} (a __del__ that allocates, with threshold 1)', f"""
        calls = []
        thresholds = gc.get_threshold()
        gc.enable()
        gc.set_threshold(1)
        {cls_head}
            def __del__(self):
                dir(self)
                calls.append('del')
        a = A()
        del a
        gc.disable()
        gc.set_threshold(*thresholds)
        print('calls =', calls)
        print('threshold_restored =', gc.get_threshold())
    """, tags=['automatic-gc'])
case('get_count', T + 'GCTests.test_get_count', """
    gc.collect()
    a, b, c = gc.get_count()
    x = []
    d, e, f = gc.get_count()
    print('first =', (a, b, c))
    print('after_list =', (d, e, f))
""", tags=['counts'])
case('collect_generations', T + 'GCTests.test_collect_generations', """
    gc.collect()
    x = []
    gc.collect(0)
    a, b, c = gc.get_count()
    gc.collect(1)
    d, e, f = gc.get_count()
    gc.collect(2)
    g, h, i = gc.get_count()
    print('after_collect0 =', (a, b, c))
    print('after_collect1 =', (d, e, f))
    print('after_collect2 =', (g, h, i))
""", tags=['counts'])
case('trashcan', T + 'GCTests.test_trashcan', """
    class Ouch:
        n = 0
        def __del__(self):
            Ouch.n = Ouch.n + 1
            if Ouch.n % 17 == 0:
                gc.collect()
    gc.enable()
    N = 150
    for count in range(2):
        t = []
        for i in range(N):
            t = [t, Ouch()]
        u = []
        for i in range(N):
            u = [u, Ouch()]
        v = {}
        for i in range(N):
            v = {1: v, 2: Ouch()}
    gc.disable()
    print('del_calls =', Ouch.n)
    del t, u, v
    print('del_calls_after_drop =', Ouch.n)
    print('collected =', gc.collect())
""", tags=['automatic-gc', 'trashcan'])
for cid, cls_head in (('boom', 'class Boom:'), ('boom_new', 'class Boom(object):')):
    case(cid, T + f'GCTests.test_{cid}', f"""
        getattr_calls = []
        {cls_head}
            def __getattr__(self, someattribute):
                getattr_calls.append(someattribute)
                del self.attr
                raise AttributeError
        a = Boom()
        b = Boom()
        a.attr = b
        b.attr = a
        gc.collect()
        garbagelen = len(gc.garbage)
        del a, b
        print('collected =', gc.collect())
        print('garbage_delta =', len(gc.garbage) - garbagelen)
        print('getattr_calls =', getattr_calls)
    """)
for cid, cls_head in (('boom2', 'class Boom2:'), ('boom2_new', 'class Boom2(object):')):
    case(cid, T + f'GCTests.test_{cid}', f"""
        getattr_calls = []
        {cls_head}
            def __init__(self):
                self.x = 0
            def __getattr__(self, someattribute):
                getattr_calls.append(someattribute)
                self.x += 1
                if self.x > 1:
                    del self.attr
                raise AttributeError
        a = Boom2()
        b = Boom2()
        a.attr = b
        b.attr = a
        gc.collect()
        garbagelen = len(gc.garbage)
        del a, b
        print('collected =', gc.collect())
        print('garbage_delta =', len(gc.garbage) - garbagelen)
        print('getattr_calls =', getattr_calls)
    """)
case('get_referents', T + 'GCTests.test_get_referents (plus the unsorted order)', """
    alist = [1, 3, 5]
    print('list =', gc.get_referents(alist))
    atuple = tuple(alist)
    print('tuple =', gc.get_referents(atuple))
    adict = {1: 3, 5: 7}
    print('dict_int_keys =', gc.get_referents(adict))
    print('several =', gc.get_referents([1, 2], {3: 4}, (0, 0, 0)))
    print('atoms =', gc.get_referents(1, 'a', 4j))
    print('dict_str_keys =', gc.get_referents({'a': 1, 'b': 2}))
    print('set =', sorted(gc.get_referents({10, 20, 30})))
    print('nested_list =', [type(x).__name__ for x in gc.get_referents([[], (), {}])])
    class A:
        pass
    a = A()
    a.x = 1
    a.y = 'two'
    print('instance =', [x.__name__ if isinstance(x, type) else x for x in gc.get_referents(a)])
    a.__dict__
    print('instance_dict_materialised =', [x.__name__ if isinstance(x, type) else type(x).__name__ for x in gc.get_referents(a)])
    class S:
        __slots__ = ('p', 'q')
    s = S()
    s.p = 10
    s.q = 20
    print('slots_instance =', [x.__name__ if isinstance(x, type) else x for x in gc.get_referents(s)])
""", tags=['get_referents'])
case('is_tracked', T + 'GCTests.test_is_tracked', """
    class UserClass:
        pass
    class UserInt(int):
        pass
    class UserClassSlots:
        __slots__ = ()
    class UserFloatSlots(float):
        __slots__ = ()
    class UserIntSlots(int):
        __slots__ = ()
    r = {}
    r['None'] = gc.is_tracked(None)
    r['1'] = gc.is_tracked(1)
    r['1.0'] = gc.is_tracked(1.0)
    r['1.0+5.0j'] = gc.is_tracked(1.0 + 5.0j)
    r['True'] = gc.is_tracked(True)
    r['False'] = gc.is_tracked(False)
    r["b'a'"] = gc.is_tracked(b"a")
    r["'a'"] = gc.is_tracked("a")
    r["bytearray(b'a')"] = gc.is_tracked(bytearray(b"a"))
    r['type'] = gc.is_tracked(type)
    r['int'] = gc.is_tracked(int)
    r['object'] = gc.is_tracked(object)
    r['object()'] = gc.is_tracked(object())
    r['gc module'] = gc.is_tracked(gc)
    r['UserClass'] = gc.is_tracked(UserClass)
    r['UserClass()'] = gc.is_tracked(UserClass())
    r['UserInt()'] = gc.is_tracked(UserInt())
    r['[]'] = gc.is_tracked([])
    r['set()'] = gc.is_tracked(set())
    r['UserClassSlots()'] = gc.is_tracked(UserClassSlots())
    r['UserFloatSlots()'] = gc.is_tracked(UserFloatSlots())
    r['UserIntSlots()'] = gc.is_tracked(UserIntSlots())
    print('is_tracked =', r)
""", tags=['is_tracked'])
case('is_finalized', T + 'GCTests.test_is_finalized', """
    print('int =', gc.is_finalized(3))
    storage = []
    class Lazarus:
        def __del__(self):
            storage.append(self)
    lazarus = Lazarus()
    print('before =', gc.is_finalized(lazarus))
    del lazarus
    print('collected =', gc.collect())
    lazarus = storage.pop()
    print('after =', gc.is_finalized(lazarus))
""", tags=['resurrection'])
BUG1055820 = """
    import weakref
    class C1055820(object):
        def __init__(self, i):
            self.i = i
            self.loop = self
    class GC_Detector(object):
        def __init__(self):
            self.gc_happened = False
            def it_happened(ignored):
                self.gc_happened = True
            self.wr = weakref.ref(C1055820(666), it_happened)
"""
case('bug1055820b', T + 'GCTests.test_bug1055820b', BUG1055820 + """
    ouch = []
    def callback(ignored):
        ouch[:] = [wr() for wr in WRs]
    Cs = [C1055820(i) for i in range(2)]
    WRs = [weakref.ref(c, callback) for c in Cs]
    c = None
    print('collected1 =', gc.collect())
    print('ouch_len1 =', len(ouch))
    Cs = None
    print('collected2 =', gc.collect())
    print('ouch =', ouch)
""", tags=['weakref'])
case('bug21435', T + 'GCTests.test_bug21435', """
    class A:
        pass
    class B:
        def __init__(self, x):
            self.x = x
        def __del__(self):
            self.attr = None
    def do_work():
        a = A()
        b = B(A())
        a.attr = b
        b.attr = a
    do_work()
    print('collected =', gc.collect())
    print('collected_again =', gc.collect())
""")
case('gc_main_module_at_shutdown', T + 'GCTests.test_gc_main_module_at_shutdown', """
    class C:
        def __del__(self):
            print('del_at_shutdown =', True)
    l = [C()]
    l.append(l)
""", tags=['shutdown'])
case('global_del_SystemExit', T + 'GCTests.test_global_del_SystemExit', """
    class ClassWithDel:
        def __del__(self):
            print('del_at_shutdown =', True)
    a = ClassWithDel()
    a.link = a
    raise SystemExit(0)
""", tags=['shutdown'])
case('get_stats', T + 'GCTests.test_get_stats', """
    old = gc.get_stats()
    print('keys =', sorted(old[0]))
    gc.collect(0)
    new = gc.get_stats()
    print('after_collect0 =', [new[g]['collections'] - old[g]['collections'] for g in range(3)])
    gc.collect(2)
    new = gc.get_stats()
    print('after_collect2 =', [new[g]['collections'] - old[g]['collections'] for g in range(3)])
    l = []
    l.append(l)
    del l
    gc.collect(1)
    new = gc.get_stats()
    print('collected_delta =', [new[g]['collected'] - old[g]['collected'] for g in range(3)])
""", tags=['stats'])
case('freeze', T + 'GCTests.test_freeze (plus: frozen garbage is not collected)', """
    l = []
    l.append(l)
    gc.freeze()
    print('freeze_count_positive =', gc.get_freeze_count() > 0)
    print('count_after_freeze =', gc.get_count())
    del l
    print('collected_while_frozen =', gc.collect())
    gc.unfreeze()
    print('freeze_count_after_unfreeze =', gc.get_freeze_count())
    print('collected_after_unfreeze =', gc.collect())
""", tags=['freeze'])
case('get_objects', T + 'GCTests.test_get_objects', """
    def where(o):
        return [any(o is e for e in gc.get_objects(generation=g)) for g in range(3)]
    gc.collect()
    l = []
    l.append(l)
    print('new =', where(l))
    gc.collect(generation=0)
    print('after_collect0 =', where(l))
    gc.collect(generation=1)
    print('after_collect1 =', where(l))
    gc.collect(generation=2)
    print('after_collect2 =', where(l))
    del l
    print('collected =', gc.collect())
""", tags=['get_objects'])
case('get_objects_arguments', T + 'GCTests.test_get_objects_arguments (the first call of gc.get_objects with a '
     'keyword creates the argument parser\'s keyword-name tuple, a new tracked object, so the first comparison '
     'is False outside the test suite)', """
    gc.collect()
    print('same_len =', len(gc.get_objects()) == len(gc.get_objects(generation=None)))
    print('same_len_second_time =', len(gc.get_objects()) == len(gc.get_objects(generation=None)))
    errors = []
    for arg in (1000, -1000, "1", 1.234):
        try:
            gc.get_objects(arg)
            errors.append(None)
        except Exception as e:
            errors.append(type(e).__name__)
    print('errors =', errors)
""", tags=['get_objects'])
case('resurrection_only_happens_once_per_object', T + 'GCTests.test_resurrection_only_happens_once_per_object', """
    class A:
        def __init__(self):
            self.me = self
    class Lazarus(A):
        resurrected = 0
        resurrected_instances = []
        def __del__(self):
            Lazarus.resurrected += 1
            Lazarus.resurrected_instances.append(self)
    gc.collect()
    laz = Lazarus()
    print('resurrected0 =', Lazarus.resurrected)
    del laz
    print('collected1 =', gc.collect())
    print('resurrected1 =', Lazarus.resurrected)
    print('instances1 =', len(Lazarus.resurrected_instances))
    Lazarus.resurrected_instances.clear()
    print('collected2 =', gc.collect())
    print('resurrected2 =', Lazarus.resurrected)
""", tags=['resurrection'])
case('resurrection_is_transitive', T + 'GCTests.test_resurrection_is_transitive', """
    class Cargo:
        def __init__(self):
            self.me = self
    class Lazarus:
        resurrected_instances = []
        def __del__(self):
            Lazarus.resurrected_instances.append(self)
    gc.collect()
    laz = Lazarus()
    cargo = Cargo()
    cargo_id = id(cargo)
    laz.cargo = cargo
    cargo.laz = laz
    del laz, cargo
    print('collected1 =', gc.collect())
    print('instances =', len(Lazarus.resurrected_instances))
    instance = Lazarus.resurrected_instances.pop()
    print('has_cargo =', hasattr(instance, 'cargo'))
    print('same_cargo =', id(instance.cargo) == cargo_id)
    del instance
    print('collected2 =', gc.collect())
""", tags=['resurrection'])
case('resurrection_does_not_block_cleanup_of_other_objects',
     T + 'GCTests.test_resurrection_does_not_block_cleanup_of_other_objects', """
    N = 100
    class A:
        def __init__(self):
            self.me = self
    class Z(A):
        def __del__(self):
            zs.append(self)
    zs = []
    def getstats():
        d = gc.get_stats()[-1]
        return d['collected'], d['uncollectable']
    gc.collect()
    oldc, oldnc = getstats()
    for i in range(N):
        A()
    t = gc.collect()
    c, nc = getstats()
    print('step1 =', (t, c - oldc, nc - oldnc))
    oldc, oldnc = c, nc
    Z()
    t = gc.collect()
    c, nc = getstats()
    print('step2 =', (t, c - oldc, nc - oldnc))
    oldc, oldnc = c, nc
    for i in range(N):
        A()
    Z()
    t = gc.collect()
    c, nc = getstats()
    print('step3 =', (t, c - oldc, nc - oldnc))
    oldc, oldnc = c, nc
    zs.clear()
    t = gc.collect()
    c, nc = getstats()
    print('step4 =', (t, c - oldc, nc - oldnc))
""", tags=['resurrection', 'stats'])

# --- GCCallbackTests ---------------------------------------------------------------------
CB = """
    visit = []
    def cb1(phase, info):
        visit.append((1, phase, dict(info)))
    def cb2(phase, info):
        visit.append((2, phase, dict(info)))
    gc.callbacks.append(cb1)
    gc.callbacks.append(cb2)
"""
case('callbacks_collect', T + 'GCCallbackTests.test_collect', CB + """
    gc.collect()
    gc.callbacks.remove(cb1)
    gc.callbacks.remove(cb2)
    print('visit =', visit)
""", tags=['callbacks'])
case('callbacks_collect_generation', T + 'GCCallbackTests.test_collect_generation (all three generations)', CB + """
    l = []
    l.append(l)
    del l
    gc.collect(0)
    gc.collect(1)
    gc.collect(2)
    gc.callbacks.remove(cb1)
    gc.callbacks.remove(cb2)
    print('visit =', visit)
""", tags=['callbacks'])
case('callbacks_collect_garbage', T + 'GCCallbackTests.test_collect_garbage (upstream expects uncollectable 2 in '
     'the second collection only because its `for e in gc.garbage` loop variable keeps one pair alive)', """
    import weakref
    from _testcapi import with_tp_del
    class C1055820(object):
        def __init__(self, i):
            self.i = i
            self.loop = self
    @with_tp_del
    class Uncollectable(object):
        def __init__(self, partner=None):
            if partner is None:
                self.partner = Uncollectable(partner=self)
            else:
                self.partner = partner
        def __tp_del__(self):
            pass
    visit = []
    cleanup = []
    def cb1(phase, info):
        visit.append((1, phase, dict(info)))
    def cb2(phase, info):
        visit.append((2, phase, dict(info)))
        if phase == "stop" and cleanup:
            uc = [e for e in gc.garbage if isinstance(e, Uncollectable)]
            gc.garbage[:] = [e for e in gc.garbage if not isinstance(e, Uncollectable)]
            for e in uc:
                e.partner = None
    gc.callbacks.append(cb1)
    gc.callbacks.append(cb2)
    Uncollectable()
    Uncollectable()
    C1055820(666)
    gc.collect()
    print('visit1 =', visit)
    print('garbage1 =', [type(x).__name__ for x in gc.garbage])
    for e in gc.garbage:
        assert isinstance(e, Uncollectable)
    # as upstream: the loop variable `e` keeps the last Uncollectable (and so its pair) alive
    cleanup.append(True)
    visit.clear()
    gc.garbage[:] = []
    gc.collect()
    print('visit2 =', visit)
    print('garbage2 =', len(gc.garbage))
    gc.callbacks.remove(cb1)
    gc.callbacks.remove(cb2)
""", tags=['callbacks', 'tp_del'], requires=['_testcapi'])

# --- GCTogglingTests (bug 1055820 c/d), as explicit collections --------------------------
case('bug1055820c_explicit', T + 'GCTogglingTests.test_bug1055820c, with gc.collect(0) instead of waiting '
     'for an automatic collection', BUG1055820 + """
    c0 = C1055820(0)
    gc.collect()
    c1 = C1055820(1)
    c1.keep_c0_alive = c0
    del c0.loop
    c2 = C1055820(2)
    c2wr = weakref.ref(c2)
    ouch = []
    def callback(ignored):
        ouch[:] = [c2wr()]
    c0wr = weakref.ref(c0, callback)
    c0 = c1 = c2 = None
    print('collected =', gc.collect(0))
    print('ouch =', ouch)
""", tags=['weakref', 'generations'])
case('bug1055820d_explicit', T + 'GCTogglingTests.test_bug1055820d, with gc.collect(0) instead of waiting '
     'for an automatic collection', BUG1055820 + """
    ouch = []
    class D(C1055820):
        def __del__(self):
            ouch[:] = [c2wr()]
    d0 = D(0)
    gc.collect()
    c1 = C1055820(1)
    c1.keep_d0_alive = d0
    del d0.loop
    c2 = C1055820(2)
    c2wr = weakref.ref(c2)
    d0 = c1 = c2 = None
    print('collected =', gc.collect(0))
    print('ouch =', ouch)
""", tags=['weakref', 'generations'])
case('bug1055820c_automatic', T + 'GCTogglingTests.test_bug1055820c (automatic collection; only the outcome '
     'is recorded, not when it happened)', BUG1055820 + """
    gc.enable()
    c0 = C1055820(0)
    gc.collect()
    c1 = C1055820(1)
    c1.keep_c0_alive = c0
    del c0.loop
    c2 = C1055820(2)
    c2wr = weakref.ref(c2)
    ouch = []
    def callback(ignored):
        ouch[:] = [c2wr()]
    c0wr = weakref.ref(c0, callback)
    c0 = c1 = c2 = None
    junk = []
    i = 0
    ouch_early = False
    detector = GC_Detector()
    while not detector.gc_happened:
        i += 1
        if i > 10000:
            break
        if ouch:
            ouch_early = True
        junk.append([])
    gc.disable()
    print('gc_happened =', detector.gc_happened)
    print('ouch_before_detector =', ouch_early)
    print('ouch =', ouch)
""", tags=['weakref', 'automatic-gc'])

# --- counts and thresholds -----------------------------------------------------------------
case('counts_and_thresholds', 'generation counts and thresholds (Modules/gcmodule.c: gc_collect_main, gc.get_count, gc.set_threshold)', """
    th = gc.get_threshold()
    gc.collect()
    c_full = gc.get_count()
    gc.collect(0)
    c_0 = gc.get_count()
    gc.collect(0)
    c_00 = gc.get_count()
    gc.collect(1)
    c_1 = gc.get_count()
    gc.set_threshold(500, 5)
    th2 = gc.get_threshold()
    gc.set_threshold(700, 10, 10)
    print('threshold =', th)
    print('count_after_collect =', c_full)
    print('count_after_collect0 =', c_0)
    print('count_after_two_collect0 =', c_00)
    print('count_after_collect1 =', c_1)
    print('threshold_after_set_500_5 =', th2)
    print('enabled =', gc.isenabled())
""", tags=['counts'])
case('count_lists', 'count0 per GC allocation (Modules/gcmodule.c: _PyObject_GC_Link, PyObject_GC_Del); worked_examples.py example G', """
    gc.collect()
    c0 = gc.get_count()[0]
    keep = [[] for i in range(10)]
    c1 = gc.get_count()[0]
    del keep
    c2 = gc.get_count()[0]
    d = {}
    c3 = gc.get_count()[0]
    t = (1, [])
    c4 = gc.get_count()[0]
    print('deltas =', [c1 - c0, c2 - c1, c3 - c2, c4 - c3])
""", tags=['counts'])

# --- tracking --------------------------------------------------------------------------------
case('untrack_tuples_and_dicts', 'tuple and dict untracking: untrack_tuples, untrack_dicts (Modules/gcmodule.c), _PyTuple_MaybeUntrack (Objects/tupleobject.c), '
     '_PyDict_MaybeUntrack, MAINTAIN_TRACKING (Objects/dictobject.c)', """
    r = {}
    t = tuple([1, 2, 3])
    r['tuple_ints_at_creation'] = gc.is_tracked(t)
    gc.collect(0)
    r['tuple_ints_after_collect0'] = gc.is_tracked(t)
    r['constant_tuple'] = gc.is_tracked((1, 2))
    r['empty_tuple'] = gc.is_tracked(())
    x = []
    t3 = (x,)
    gc.collect()
    r['tuple_with_list_after_collect'] = gc.is_tracked(t3)
    t4 = tuple([1, {}])
    gc.collect()
    r['tuple_with_empty_dict_after_collect'] = gc.is_tracked(t4)
    t5 = tuple([1, 'a', (2, 3)])
    gc.collect()
    r['tuple_with_constant_tuple_after_collect'] = gc.is_tracked(t5)
    t6 = tuple([1, 'a', tuple([2, 3])])
    gc.collect()
    r['tuple_with_runtime_tuple_after_collect'] = gc.is_tracked(t6)
    gc.collect()
    r['tuple_with_runtime_tuple_after_two_collects'] = gc.is_tracked(t6)
    inner = tuple([5, 6])
    outer = tuple([inner])
    holder = [outer]
    gc.collect(0)
    r['nested_inner_after_one_collect0'] = gc.is_tracked(inner)
    r['nested_outer_after_one_collect0'] = gc.is_tracked(outer)
    gc.collect(0)
    r['nested_outer_after_two_collect0'] = gc.is_tracked(outer)
    d = {'a': 1}
    r['dict_ints'] = gc.is_tracked(d)
    d['b'] = []
    r['dict_after_list_value'] = gc.is_tracked(d)
    del d['b']
    gc.collect(1)
    r['dict_after_del_and_collect1'] = gc.is_tracked(d)
    gc.collect()
    r['dict_after_full_collect'] = gc.is_tracked(d)
    r['empty_dict'] = gc.is_tracked({})
    r['empty_list'] = gc.is_tracked([])
    r['dict_with_tuple_key'] = gc.is_tracked({(1, 2): 1})
    r['dict_with_tuple_of_list_value'] = gc.is_tracked({1: ([],)})
    r['set_of_ints'] = gc.is_tracked({1, 2})
    r['frozenset_empty'] = gc.is_tracked(frozenset())
    class A:
        pass
    a = A()
    a.x = 1
    dd = a.__dict__
    r['instance_dict_int_values'] = gc.is_tracked(dd)
    a.y = []
    r['instance_dict_after_list_value'] = gc.is_tracked(dd)
    for k, v in r.items():
        print(k, '=', v)
""", tags=['is_tracked'])

# --- weakref callbacks, finalizers -------------------------------------------------------------
case('weakref_callbacks_refcount_death', 'weakref callbacks at refcount death (subtype_dealloc -> PyObject_ClearWeakRefs, Objects/weakrefobject.c)', """
    import weakref
    class W:
        pass
    order = []
    o = W()
    rs = [weakref.ref(o, lambda r, i=i: order.append('cb%d' % i)) for i in range(3)]
    plain = weakref.ref(o)
    del o
    print('order =', order)
    print('plain_dead =', plain() is None)
""", tags=['weakref'])
case('weakref_callback_and_del_refcount_death', 'subtype_dealloc (Objects/typeobject.c): __del__ before weakref callbacks', """
    import weakref
    order = []
    class D:
        def __del__(self):
            order.append('del')
    o = D()
    r = weakref.ref(o, lambda r: order.append('callback'))
    del o
    print('order =', order)
""", tags=['weakref', 'finalizer'])
case('weakref_callback_and_del_in_cycle', 'gc_collect_main (Modules/gcmodule.c): handle_weakrefs (callbacks) before finalize_garbage (finalizers)', """
    import weakref
    order = []
    class D:
        def __del__(self):
            order.append('del')
    o = D()
    o.me = o
    r = weakref.ref(o, lambda ref: order.append('callback, referent is None: %s' % (ref() is None)))
    del o
    print('collected =', gc.collect())
    print('order =', order)
""", tags=['weakref', 'finalizer'])
case('weakref_callback_cycle_external_ref', 'handle_weakrefs (Modules/gcmodule.c): callback of a reachable weakref to garbage; worked_examples.py example D', """
    import weakref
    calls = []
    class T:
        pass
    t = T()
    t.me = t
    wr = weakref.ref(t, lambda r: calls.append(r() is None))
    del t
    print('collected =', gc.collect())
    print('calls =', calls)
    print('wr_tracked =', gc.is_tracked(wr))
""", tags=['weakref'])
case('weakref_callback_in_garbage', 'handle_weakrefs (Modules/gcmodule.c): no callback for a weakref in the garbage; worked_examples.py example D2', """
    import weakref
    calls = []
    class T:
        pass
    t = T()
    t.me = t
    t.wr = weakref.ref(t, lambda r: calls.append('called'))
    del t
    print('collected =', gc.collect())
    print('calls =', calls)
""", tags=['weakref'])
case('weakref_callback_frees_weakref', 'handle_weakrefs (Modules/gcmodule.c): a callback that frees its own weakref; worked_examples.py example D3', """
    import weakref
    calls = []
    class W:
        pass
    reg = {}
    def cb(r):
        calls.append('cb')
        del reg['k']
    w = W()
    w.s = w
    reg['k'] = weakref.ref(w, cb)
    del w
    print('collected =', gc.collect())
    print('calls =', calls)
""", tags=['weakref'])
case('weakref_callbacks_several_in_cycle', 'handle_weakrefs (Modules/gcmodule.c): discovery order of callbacks in one collection', """
    import weakref
    order = []
    class T:
        def __init__(self, name):
            self.name = name
    a = T('a'); b = T('b'); c = T('c')
    a.o = b; b.o = c; c.o = a
    refs = [weakref.ref(x, lambda r, n=x.name: order.append(n)) for x in (a, b, c)]
    refs2 = [weakref.ref(x, lambda r, n=x.name: order.append(n + '2')) for x in (a, b, c)]
    del a, b, c
    print('collected =', gc.collect())
    print('order =', order)
""", tags=['weakref'])
case('del_order_cycle', 'finalize_garbage (Modules/gcmodule.c): finalizers run in collection-list order', """
    order = []
    class D:
        def __init__(self, name):
            self.name = name
        def __del__(self):
            order.append(self.name)
    a = D('a'); b = D('b'); c = D('c')
    a.o = b; b.o = c; c.o = a
    del a, b, c
    print('collected =', gc.collect())
    print('order =', order)
""", tags=['finalizer', 'order'])
case('del_order_after_survivor_reordering', 'move_unreachable (Modules/gcmodule.c) re-appends reachable chains', """
    order = []
    class D:
        def __init__(self, name):
            self.name = name
        def __del__(self):
            order.append(self.name)
    a = D('a'); b = D('b'); c = D('c')
    c.o = b; b.o = a; a.o = c
    holder = [c]
    del a, b, c
    gc.collect(0)
    gc.collect(0)
    holder.clear()
    print('collected =', gc.collect())
    print('order =', order)
""", tags=['finalizer', 'order'])
case('del_resurrection', 'handle_resurrected_objects (Modules/gcmodule.c); worked_examples.py examples I / I2', """
    saved = []
    order = []
    class R:
        def __init__(s, n): s.n = n
        def __del__(s):
            order.append(s.n)
            saved.append(s)
    a = R('a'); b = R('b'); a.o = b; b.o = a; del a, b
    print('collected1 =', gc.collect())
    print('order1 =', order)
    print('is_finalized =', [gc.is_finalized(s) for s in saved])
    saved.clear()
    print('collected2 =', gc.collect())
    print('order2 =', order)
""", tags=['finalizer', 'resurrection'])
case('saveall_instances', 'DEBUG_SAVEALL with an instance cycle and a dict cycle', """
    class A:
        pass
    gc.set_debug(gc.DEBUG_SAVEALL)
    a = A(); b = A(); a.o = b; b.o = a
    d = {}; d['d'] = d
    del a, b, d
    print('collected =', gc.collect())
    print('garbage_types =', [type(o).__name__ for o in gc.garbage])
    gc.set_debug(0)
    gc.garbage.clear()
    print('collected_after_clear =', gc.collect())
""", tags=['DEBUG_SAVEALL'])
case('collect_while_collecting', 'gc_collect_impl (Modules/gcmodule.c): gc.collect() while gcstate->collecting returns 0', """
    inner = []
    class D:
        def __del__(self):
            inner.append(gc.collect())
    d = D(); d.me = d; del d
    print('collected =', gc.collect())
    print('inner =', inner)
""", tags=['finalizer'])
case('collect_invalid_generation', 'gc.collect argument checking', """
    errs = []
    for g in (3, -1):
        try:
            gc.collect(g)
            errs.append(None)
        except ValueError as e:
            errs.append(str(e))
    print('errors =', errs)
""")


def run(c, testcapi):
    program = PRELUDE + c['body']
    row = {'id': c['id'], 'origin': c['origin'], 'tags': c['tags'], 'program': program}
    if c['requires']:
        row['requires'] = c['requires']
    if '_testcapi' in c['requires'] and not testcapi:
        row['skipped'] = '_testcapi.with_tp_del is not available in this interpreter'
        return row
    lines, values, err = oracle.run_case(program)
    row['stdout'] = lines
    row['values'] = values
    if err:
        row['stderr'] = err
    return row


testcapi = oracle.has_testcapi()
doc = oracle.header(__file__)
doc['what'] = (
    "Each case is run as `python -s -B -P -c PROGRAM` in a fresh interpreter (PYTHONHASHSEED=0). PROGRAM = the "
    "prelude (import gc; gc.disable(); gc.collect()) + the case body, exactly as stored in `program`. stdout "
    "holds the lines it printed (every line is `name = <python literal>`), values the same parsed (tuples as "
    "lists). stderr is kept only when non-empty (addresses replaced by 0xADDR). Cases tagged 'automatic-gc' "
    "enable the collector, so their internal collection points depend on CPython's own allocations; only "
    "outcomes are printed. 'shutdown' cases print from the collection at interpreter exit.")
doc['prelude'] = PRELUDE
doc['cases'] = [run(c, testcapi) for c in CASES]
ids = [c['id'] for c in doc['cases']]
assert len(ids) == len(set(ids)), 'duplicate case ids'
doc['notIncluded'] = [
    {'test': 'GCTests.test_trashcan_threads', 'why': 'threads and sys.setswitchinterval; timing dependent'},
    {'test': 'GCTests.test_garbage_at_shutdown', 'why': 'checks ResourceWarning text on stderr at shutdown (needs -Wd and _testcapi)'},
    {'test': 'GCTests.test_gc_ordinary_module_at_shutdown', 'why': 'needs a temporary module file; same behaviour as gc_main_module_at_shutdown'},
    {'test': 'GCTests.test_trash_weakref_clear', 'why': 'needs _testcapi.ContainerNoGC (a C type without tp_traverse)'},
    {'test': 'GCCallbackTests.test_refcount_errors', 'why': 'debug builds only; corrupts a refcount on purpose'},
    {'test': 'GCTogglingTests.test_bug1055820d (automatic)', 'why': 'kept only as the explicit gc.collect(0) variant'},
    {'test': 'PythonFinalizationTests.test_ast_fini', 'why': 'AST types and codec registry at finalization: interpreter internals'},
]
oracle.emit(doc)
