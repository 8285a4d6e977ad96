# A weakref reachable only through a registry entry that its own callback deletes: the
# callback runs, the weakref dies with it, and the collector counts it too.
# (golden/worked_examples.py example D3)
import gc, weakref
calls = []
class W:
    pass
reg = {}
def cb(r):
    calls.append('cb')
    del reg['k']
gc.disable()
gc.collect()
w = W()
w.s = w
reg['k'] = weakref.ref(w, cb)
del w
print('collected:', gc.collect())
print('calls:', calls)
print('registry:', reg)
