# Objects that are not in a cycle but reachable only from one are garbage too, and
# collect() counts them -- but only the tracked ones: a dict of ints or a tuple of atoms
# hanging off the cycle is freed without being counted. A __del__ there runs once.
import gc
log = []
class Node:
    pass
class Leaf:
    def __del__(self):
        log.append('leaf __del__')
gc.disable()
gc.collect()
a = Node()
a.me = a
a.items = [[1], [2], [3]]
del a
print('cycle owning a list of three lists:', gc.collect())
b = Node()
b.me = b
b.table = {1: 2, 3: 4}
b.pair = tuple([5, 6])
print('dict tracked:', gc.is_tracked(b.table), 'tuple tracked:', gc.is_tracked(b.pair))
del b
print('cycle owning an untracked dict and a tracked tuple:', gc.collect())
c = Node()
c.me = c
c.pair = tuple([7, 8])
gc.collect()
print('tuple untracked by then:', gc.is_tracked(c.pair))
del c
print('the same, tuple untracked:', gc.collect())
d = Node()
d.me = d
d.leaf = Leaf()
d.leaf.data = [[], []]
del d
print('cycle owning a leaf with __del__ and its data:', gc.collect(), log)
