# set |=, -= and ^= change the set itself (set_ior, set_isub, set_ixor: an alias sees it, its table
# resized as the updates resize it); a frozenset has no in-place operators and gets a new one
import sys
a = {1, 2, 3}
alias = a
a |= {4}
a -= {1}
a ^= {2, 9}
print(sorted(a), sorted(alias), a is alias)
b = set(range(100))
before = sys.getsizeof(b)
b -= set(range(90))
print(before, sys.getsizeof(b), len(b))
c = {1}
c |= set(range(50))
print(sys.getsizeof(c), len(c))
c ^= set(range(40))
print(sys.getsizeof(c), sorted(c))
c ^= c
print(c, sys.getsizeof(c))
f = frozenset([1, 2])
g = f
f |= {3}
print(sorted(f), f is g, type(f).__name__)
try:
    a |= [1]
except TypeError as e:
    print(e)
d = {1, 2}
d -= frozenset([1])
print(d)
fz = frozenset([1, 2, 3])
print(fz.copy() is fz, sorted(fz.union([4])), type(fz.union({5})).__name__, sorted(fz & {2, 3}), sorted(fz - {1}), sorted(fz ^ {1, 7}))
print(fz.issubset({1, 2, 3, 4}), fz.isdisjoint([9]), fz.issuperset([1]), type(fz.intersection()).__name__)
print(sorted({1, 2} | fz), type({1, 2} | fz).__name__, type(fz | {1}).__name__)
try:
    fz.add(1)
except AttributeError as e:
    print(e)
try:
    fz.copy(1)
except TypeError as e:
    print(e)
