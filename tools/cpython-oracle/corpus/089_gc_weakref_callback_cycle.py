# A weak reference (with a callback) to an object in a garbage cycle: when the weakref
# itself is reachable the collector calls the callback -- and the referent is already gone.
# (golden/worked_examples.py example D; test_gc.py weakref cases)
import gc, weakref
calls = []
class T:
    pass
def cb(r):
    calls.append(('callback, referent is None:', r() is None))
gc.disable()
gc.collect()
t = T()
t.me = t
wr = weakref.ref(t, cb)
print('alive:', wr() is t)
del t
print('collected:', gc.collect())
print('calls:', calls)
print('weakref dead:', wr() is None, 'still tracked:', gc.is_tracked(wr))
order = []
class D:
    def __del__(self):
        order.append('del')
def note(r):
    order.append('callback')
o = D()
o.me = o
r = weakref.ref(o, note)
del o
print('collected with __del__:', gc.collect())
print('order (callbacks before finalizers):', order)
