# Sizes of tuples (exact: 40 + 8 per item, the empty tuple is a shared singleton), sets
# (an 8-slot table inside the object, then larger tables allocated as they fill) and the
# fixed-size range object.
import sys
for n in range(6):
    t = tuple(range(n))
    print('tuple', n, sys.getsizeof(t))
print('tuple of 100', sys.getsizeof(tuple(range(100))))
s = set()
last = sys.getsizeof(s)
print('empty set', last)
for i in range(40):
    s.add(i)
    size = sys.getsizeof(s)
    if size != last:
        print('set len', len(s), 'size', size)
        last = size
print('set display of 3', sys.getsizeof({1, 2, 3}))
print('set(range(10))', sys.getsizeof(set(range(10))))
print('range object', sys.getsizeof(range(10)), sys.getsizeof(range(10 ** 6)))
