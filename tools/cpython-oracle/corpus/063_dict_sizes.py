# sys.getsizeof of dicts: the empty dict shares an empty key table, the first insert
# allocates an 8-slot table, then the table doubles (or more) as keys arrive; str keys use a
# smaller table than int keys; deleting keys never shrinks it, clear() does.
import sys
print('{}', sys.getsizeof({}), 'dict()', sys.getsizeof(dict()))
d = {}
last = sys.getsizeof(d)
for i in range(25):
    d['k' + str(i)] = i
    size = sys.getsizeof(d)
    if size != last:
        print('str keys: len', len(d), 'size', size)
        last = size
e = {}
last = sys.getsizeof(e)
for i in range(25):
    e[i] = i
    size = sys.getsizeof(e)
    if size != last:
        print('int keys: len', len(e), 'size', size)
        last = size
for i in range(20):
    del e[i]
print('after deleting 20 of 25:', len(e), sys.getsizeof(e))
e.clear()
print('after clear:', sys.getsizeof(e))
print('display of 3', sys.getsizeof({'a': 1, 'b': 2, 'c': 3}))
print('comprehension of 3', sys.getsizeof({k: 1 for k in 'abc'}))
mixed = {'a': 1}
before = sys.getsizeof(mixed)
mixed[1] = 'int key'
print('str table, then an int key:', before, sys.getsizeof(mixed))
