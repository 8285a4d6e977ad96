# The simplest garbage cycle: a list that contains itself. Reference counting cannot free
# it; gc.collect() finds and frees it and returns how many objects it collected.
# (Lib/test/test_gc.py test_list; golden/worked_examples.py example A)
import gc
gc.disable()
gc.collect()
l = []
l.append(l)
print('nothing to collect while l is alive:', gc.collect())
del l
print('self-referencing list collected:', gc.collect())
print('a second collection finds nothing:', gc.collect())
a = []
b = []
a.append(b)
b.append(a)
del a, b
print('two lists in a cycle:', gc.collect())
ring = [[] for i in range(10)]
for i in range(10):
    ring[i].append(ring[(i + 1) % 10])
del ring
print('ring of 10 lists (the holder list was freed by refcount):', gc.collect())
x = [1, 2, 3]
x.append(x)
x.append([x, 'inner'])
del x
print('list with a nested list pointing back:', gc.collect())
