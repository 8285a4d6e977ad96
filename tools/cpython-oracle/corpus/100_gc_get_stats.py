# gc.get_stats: per-generation totals of collections, collected and uncollectable objects;
# only differences are printed (the totals include collections during start-up).
# (test_gc.py test_get_stats, test_resurrection_does_not_block_cleanup_of_other_objects)
import gc
class A:
    def __init__(self):
        self.me = self
class Z(A):
    def __del__(self):
        zs.append(self)
zs = []
def full():
    d = gc.get_stats()[2]
    return d['collections'], d['collected'], d['uncollectable']
gc.disable()
gc.collect()
old = gc.get_stats()
print('keys:', sorted(old[0]))
gc.collect(0)
new = gc.get_stats()
print('after collect(0):', [new[g]['collections'] - old[g]['collections'] for g in range(3)])
l = []
l.append(l)
del l
gc.collect(1)
new = gc.get_stats()
print('collected per generation:', [new[g]['collected'] - old[g]['collected'] for g in range(3)])
n0, c0, u0 = full()
for i in range(100):
    A()
Z()
t = gc.collect()
n1, c1, u1 = full()
print('100 cycles and one resurrecting object:', t, n1 - n0, c1 - c0, u1 - u0)
zs.clear()
t = gc.collect()
n2, c2, u2 = full()
print('the resurrected one, dropped:', t, n2 - n1, c2 - c1, u2 - u1)
