# With automatic collection on (default thresholds), allocate until a detector object's
# weakref callback reports that a collection happened; the callback on the other cyclic
# object must see the weakref it reads already cleared. Outcomes only, not timing.
# (test_gc.py GCTogglingTests.test_bug1055820c)
import gc, weakref
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
gc.disable()
gc.collect()
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
detector = GC_Detector()
while not detector.gc_happened:
    i += 1
    if i > 10000:
        break
    junk.append([])
gc.disable()
print('gc happened:', detector.gc_happened, 'within the first 10000 allocations')
print('ouch:', ouch)
