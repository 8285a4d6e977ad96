# A weakref that is itself part of the garbage never calls its callback: object, weakref
# and the callback function are all collected. (golden/worked_examples.py example D2)
import gc, weakref
calls = []
class T:
    pass
def make():
    t = T()
    t.me = t
    def cb(r):
        calls.append('called')
    t.wr = weakref.ref(t, cb)
gc.disable()
gc.collect()
make()
print('collected:', gc.collect())
print('calls:', calls)
def module_cb(r):
    calls.append('module callback called')
t = T()
t.me = t
t.wr = weakref.ref(t, module_cb)
del t
print('with a module-level callback (not garbage):', gc.collect())
print('calls:', calls)
