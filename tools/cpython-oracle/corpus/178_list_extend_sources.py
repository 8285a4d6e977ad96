# list.extend when the source knows its length (list, tuple, range, str, dict, set, view,
# list iterator): an empty list gets exactly n slots (rounded up to even), a non-empty one
# one over-allocating resize; zip and enumerate have no length hint, so the list grows
# append by append. 5, 9 and 30 items into [] and into a 4-item list.
import sys
def sizes(label, src, again):
    l = []
    l.extend(src)
    m = [0, 1, 2, 3]
    m.extend(again)
    print(label, len(l), sys.getsizeof(l), len(m), sys.getsizeof(m))
for n in (5, 9, 30):
    items = list(range(n))
    d = {}
    for i in items:
        d[i] = None
    sizes('list ', items, items)
    sizes('tuple', tuple(items), tuple(items))
    sizes('range', range(n), range(n))
    sizes('str  ', 'x' * n, 'x' * n)
    sizes('dict ', d, d)
    sizes('set  ', set(items), set(items))
    sizes('keys ', d.keys(), d.values())
    sizes('iter ', iter(items), iter(items))
    sizes('zip  ', zip(items), zip(items))
    sizes('enum ', enumerate(items), enumerate(items))
    print('---')
l = []
for k in range(6):
    l.extend((k, k))
    print('extend by a pair, len', len(l), 'size', sys.getsizeof(l))
empty = []
empty.extend([])
empty.extend(())
print('extend by nothing', sys.getsizeof(empty))
self_ext = [1, 2, 3]
self_ext.extend(self_ext)
print('extend by itself', self_ext, sys.getsizeof(self_ext))
