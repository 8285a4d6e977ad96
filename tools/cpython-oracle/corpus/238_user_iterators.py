# A class's __iter__ and __next__ drive for loops, list(), sorted(), join and unpacking;
# StopIteration ends them; an __iter__ that returns a non-iterator is a TypeError
import sys
class Countdown:
    def __init__(self, n):
        self.n = n
    def __iter__(self):
        return self
    def __next__(self):
        if self.n <= 0:
            raise StopIteration
        self.n -= 1
        return self.n
class Bag:
    def __init__(self, items):
        self.items = items
    def __iter__(self):
        return iter(self.items)
for x in Countdown(3):
    print('tick', x)
print(list(Countdown(4)), sorted(Countdown(5)), sum(Countdown(4)), max(Countdown(6)))
print(list(Bag([1, 2])), '-'.join(Bag(['a', 'b'])), set(Bag([3, 3, 4])) == {3, 4})
a, b = Countdown(2)
print(a, b)
c = Countdown(3)
it = iter(c)
print(it is c, next(it), next(it), next(it))
try:
    next(it)
except StopIteration:
    print('exhausted')
class Broken:
    def __iter__(self):
        return 5
try:
    list(Broken())
except TypeError as e:
    print(e)
class NotIter:
    pass
try:
    for x in NotIter():
        pass
except TypeError as e:
    print(e)
before = sys.getrefcount(c)
for x in c:
    pass
print('refcount back:', sys.getrefcount(c) - before)
print(3 in Countdown(5), 9 in Countdown(5))
print(dict(zip(Countdown(3), Bag(['x', 'y', 'z']))), list(enumerate(Countdown(2))))
