# An iterator keeps its container alive until it is exhausted: iter() adds one reference,
# dropped as soon as next() finds the end (the iterator forgets its container then), so a
# container reachable only from an iterator dies at that moment; a for loop does the same.
import sys


class Tag:
    def __init__(self, name):
        self.name = name

    def __del__(self):
        print('  del', self.name)


data = [10, 20, 30]
before = sys.getrefcount(data)
it = iter(data)
print('iter() holds the list:', sys.getrefcount(data) - before)
print(next(it), next(it), next(it), 'delta', sys.getrefcount(data) - before)
print(next(it, 'end'), 'delta after the end:', sys.getrefcount(data) - before)
d = {'a': 1}
before = sys.getrefcount(d)
di = iter(d)
ti = iter((d, d))
print('dict iterator and tuple iterator:', sys.getrefcount(d) - before)
print(list(di), len(list(ti)), 'both exhausted:', sys.getrefcount(d) - before)
it = iter([Tag('a'), Tag('b')])
print('first:', next(it).name)
print('second:', next(it).name)
print('looking for a third:')
print(next(it, 'none left'))
before = sys.getrefcount(data)
for x in data:
    if x == 20:
        print('inside a for loop:', sys.getrefcount(data) - before)
        break
print('after the loop (break):', sys.getrefcount(data) - before)
