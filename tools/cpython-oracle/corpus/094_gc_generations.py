# Generations: a new object starts in generation 0; collect(0) moves survivors to 1,
# collect(1) to 2. gc.get_objects(g) shows where an object is (membership only), and later
# collections keep older cycles first. (test_gc.py test_get_objects; golden/worked_examples.py example N)
import gc
calls = []
class D:
    def __init__(self, n):
        self.n = n
    def __del__(self):
        calls.append(self.n)
def where(o):
    found = []
    for g in range(3):
        inside = False
        for e in gc.get_objects(g):
            if e is o:
                inside = True
        found.append(inside)
    return found
gc.disable()
gc.collect()
l = []
l.append(l)
print('new:', where(l))
gc.collect(0)
print('after collect(0):', where(l))
gc.collect(1)
print('after collect(1):', where(l))
gc.collect(2)
print('after collect(2):', where(l))
del l
print('collected:', gc.collect())
a = D('a')
b = D('b')
a.o = b
b.o = a
gc.collect(0)
c = D('c')
d = D('d')
c.o = d
d.o = c
gc.collect(1)
e = D('e')
f = D('f')
e.o = f
f.o = e
del a, b, c, d, e, f
print('collected:', gc.collect())
print('calls:', calls)
