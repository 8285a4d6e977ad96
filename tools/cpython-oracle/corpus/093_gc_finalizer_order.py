# The order in which the collector runs __del__ in one collection: for a cycle created
# a, b, c it is creation order; for objects that have been promoted into different
# generations it is gen 2, then gen 0, then gen 1 (the young lists are appended to the old).
# (finalize_garbage in Modules/gcmodule.c; golden/worked_examples.py example M)
import gc
order = []
class D:
    def __init__(self, name):
        self.name = name
    def __del__(self):
        order.append(self.name)
gc.disable()
gc.collect()
a = D('a')
b = D('b')
c = D('c')
a.o = b
b.o = c
c.o = a
del a, b, c
print('collected:', gc.collect())
print('order:', order)
order.clear()
x = D('x')
gc.collect(1)
y = D('y')
gc.collect(0)
z = D('z')
x.o = y
y.o = z
z.o = x
del x, y, z
print('collected:', gc.collect())
print('order:', order)
order.clear()
p = D('p')
q = D('q')
r = D('r')
r.o = q
q.o = p
p.o = r
holder = [r]
del p, q, r
gc.collect(0)
gc.collect(0)
holder.clear()
print('collected:', gc.collect())
print('order after survivors were reordered:', order)
