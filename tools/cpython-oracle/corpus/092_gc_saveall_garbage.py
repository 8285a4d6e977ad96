# gc.DEBUG_SAVEALL: instead of freeing garbage the collector appends it to gc.garbage
# (still counted by collect()); clearing gc.garbage makes it garbage again.
# (test_gc.py test_saveall; golden/worked_examples.py example K)
import gc
class A:
    pass
gc.disable()
gc.collect()
print('garbage before:', len(gc.garbage))
L = []
L.append(L)
debug = gc.get_debug()
gc.set_debug(debug | gc.DEBUG_SAVEALL)
print('debug flags:', gc.get_debug())
del L
print('collected:', gc.collect())
gc.set_debug(debug)
print('garbage len:', len(gc.garbage))
obj = gc.garbage.pop()
print('it is the self-referencing list:', type(obj) is list and obj[0] is obj)
del obj
print('popped and dropped:', gc.collect())
gc.set_debug(gc.DEBUG_SAVEALL)
a = A()
b = A()
a.o = b
b.o = a
d = {}
d['d'] = d
del a, b, d
print('collected:', gc.collect())
print('garbage types:', sorted([type(o).__name__ for o in gc.garbage]))
gc.set_debug(0)
gc.garbage.clear()
print('collected after clearing gc.garbage:', gc.collect())
print('garbage now:', gc.garbage)
