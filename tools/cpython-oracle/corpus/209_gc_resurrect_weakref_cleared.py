# A __del__ that resurrects its object keeps a weakref to it working after a refcount
# death (weakrefs are cleared only after __del__ returns), but not after a collection:
# the collector clears weakrefs to all garbage before it runs any finalizer.
import gc, weakref
saved = []
class Phoenix:
    def __init__(self, name):
        self.name = name
    def __del__(self):
        saved.append(self)
gc.disable()
gc.collect()
p = Phoenix('refcount')
w1 = weakref.ref(p)
del p
print('resurrected:', [s.name for s in saved], 'weakref still works:', w1() is saved[0])
q = Phoenix('cycle')
q.me = q
w2 = weakref.ref(q)
del q
print('collected:', gc.collect())
print('resurrected:', [s.name for s in saved], 'weakref cleared:', w2() is None)
print('new weakref to it works:', weakref.ref(saved[1])() is saved[1])
saved.clear()
print('released again, no second __del__:', gc.collect(), saved, w1() is None)
