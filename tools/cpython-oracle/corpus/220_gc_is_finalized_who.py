# Which objects get the "finalized" mark: only objects whose class defines __del__, and
# only when the interpreter calls it (refcount death or a collection) -- calling __del__
# by hand does not mark it. Garbage kept by DEBUG_SAVEALL shows who was finalized.
import gc
kept = []
class WithDel:
    def __init__(self, name):
        self.name = name
    def __del__(self):
        kept.append(self.name)
class NoDel:
    def __init__(self, name):
        self.name = name
gc.disable()
gc.collect()
w = WithDel('manual')
w.__del__()
print('__del__ called by hand:', kept, gc.is_finalized(w))
del w
print('then its real death runs it again:', kept)
kept.clear()
a = WithDel('a')
b = NoDel('b')
c = WithDel('c')
a.o = b
b.o = c
c.o = a
del a, b, c
gc.set_debug(gc.DEBUG_SAVEALL)
print('collected:', gc.collect())
gc.set_debug(0)
print('finalizers run:', kept)
print('finalized:', sorted([(o.name, gc.is_finalized(o)) for o in gc.garbage]))
gc.garbage.clear()
print('freed for real:', gc.collect(), 'no second run:', kept)
