# DEBUG_SAVEALL with finalizers: the collector still runs __del__ (and weakref callbacks)
# before saving the garbage in gc.garbage instead of freeing it. Once gc.garbage is
# cleared the objects are collected for real, and __del__ does not run a second time.
import gc, weakref
log = []
class D:
    def __init__(self, name):
        self.name = name
    def __del__(self):
        log.append('del ' + self.name)
def cb(r):
    log.append('weakref callback')
gc.disable()
gc.collect()
a = D('a')
b = D('b')
a.o = b
b.o = a
w = weakref.ref(a, cb)
del a, b
gc.set_debug(gc.DEBUG_SAVEALL)
print('collected:', gc.collect())
gc.set_debug(0)
print('log:', log)
print('saved:', sorted([o.name for o in gc.garbage]), 'finalized:', [gc.is_finalized(o) for o in gc.garbage])
print('the weakref was cleared anyway:', w() is None)
log.clear()
gc.garbage.clear()
print('collected after clearing gc.garbage:', gc.collect())
print('log:', log)
