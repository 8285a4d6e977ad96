# A set is a hash table: it prints, iterates and pops in table order (hash & mask, then
# probing), discarded keys leave dummies that a later add may reuse, pop() resumes where it
# left off, and set(s) / s.copy() copy the table slot for slot. Ints and str hash as
# CPython's do (PYTHONHASHSEED=0), so the orders below are python3's.
import sys

s = {3, 1, 2}
print(s, list(s))
t = set()
for x in [100, 5, 37, 8, 64, 0, 16, 24]:
    t.add(x)
print(t, sys.getsizeof(t))
t.discard(0)
t.discard(8)
t.add(72)
print(t, len(t))
print(t.pop(), t.pop(), t)
t.add(1)
print(t.pop(), t)
u = set(range(0, 200, 9))
print(u == u.copy(), list(u.copy()) == list(u), list(set(u)))
w = {'apple', 'banana', 'cherry', 'date'}
print(w, [len(x) for x in w])
print(sorted(w) == sorted(list(w)), {2 ** 61 - 1, 0, 40, 'x', ''})
a = {1, 2, 3, 40, 55, 66}
b = {3, 66, 100, 9}
print(a | b, a & b, a - b, a ^ b)
print(b | a, b & a, b - a, b ^ a)
for k in [1000, 2000, 3000]:
    a.add(k)
for k in [1, 2, 3]:
    a.discard(k)
print(a, sys.getsizeof(a))
a.clear()
print(a, sys.getsizeof(a))
big = set()
for i in range(40):
    big.add(i * 37 % 101)
for i in range(0, 40, 2):
    big.discard(i * 37 % 101)
print(big, sys.getsizeof(big))
print(big - {37, 74}, sys.getsizeof(big - {37, 74}))
fs = frozenset([(1, 2), 'x', 8, 16, 24])
print(fs, {frozenset([1, 2]), frozenset([2, 1]), 3})
order = []
for x in {'b', 'a', 'c'}:
    order.append(x)
print(order, 5 in {1, 3, 5, 7}, [x * 2 for x in {8, 16, 0}])
