# A tuple cannot refer to itself directly, but it can through a list: the tuple and the
# list are both collected. (test_gc.py test_tuple)
import gc
gc.disable()
gc.collect()
l = []
t = (l,)
l.append(t)
gc.collect()
del t
del l
print('tuple <-> list:', gc.collect())
holder = []
pair = (holder, [holder])
holder.append(pair)
del holder, pair
print('tuple, two lists:', gc.collect())
items = [(i, []) for i in range(5)]
for t in items:
    t[1].append(t)
del items, t
print('five tuples each in a cycle with its list:', gc.collect())
