# Weakref callbacks must not see half-collected objects: callbacks on weakrefs to objects in
# cyclic garbage observe only dead referents. (test_gc.py test_bug1055820b)
import gc, weakref
class C1055820(object):
    def __init__(self, i):
        self.i = i
        self.loop = self
ouch = []
def callback(ignored):
    ouch[:] = [wr() for wr in WRs]
gc.disable()
gc.collect()
Cs = [C1055820(i) for i in range(2)]
WRs = [weakref.ref(c, callback) for c in Cs]
c = None
print('collected1:', gc.collect())
print('ouch len:', len(ouch))
Cs = None
print('collected2:', gc.collect())
print('ouch:', ouch)
print('referents:', [wr() for wr in WRs])
