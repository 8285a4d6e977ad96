# A weakref callback (c) or a __del__ (d) that runs during a collection must see a weakref to
# another object of the same garbage as already cleared. Explicit collect(0) instead of
# waiting for an automatic one. (test_gc.py GCTogglingTests.test_bug1055820c and _d)
import gc, weakref
class C1055820(object):
    def __init__(self, i):
        self.i = i
        self.loop = self
class D(C1055820):
    def __del__(self):
        ouch_d[:] = [c2wr_d()]
gc.disable()
gc.collect()
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
print('c collected:', gc.collect(0))
print('c ouch:', ouch)
ouch_d = []
d0 = D(0)
gc.collect()
c1 = C1055820(1)
c1.keep_d0_alive = d0
del d0.loop
c2 = C1055820(2)
c2wr_d = weakref.ref(c2)
d0 = c1 = c2 = None
print('d collected:', gc.collect(0))
print('d ouch:', ouch_d)
