# Partial resurrection: a (whose __del__ resurrects it) <-> b is saved as a whole because b
# is reachable from a; an independent self-cycle c in the same collection is freed.
# (golden/worked_examples.py example J)
import gc
saved = []
calls = []
class N:
    pass
class R1:
    def __del__(self):
        calls.append('R1.__del__')
        saved.append(self)
gc.disable()
gc.collect()
a = R1()
b = N()
a.o = b
b.o = a
c = N()
c.x = c
del a, b, c
print('collected:', gc.collect())
print('calls:', calls)
print('b still reachable from a:', type(saved[0].o).__name__, saved[0].o.o is saved[0])
saved.clear()
print('then collected:', gc.collect())
print('calls:', calls)
