# set.update and set() from a list, tuple, range or str add item by item, so the table
# depends on how many distinct items arrive; from a dict or a set it is presized for all of
# the other's items; copy() of a set full of dummies is sized for its live items only.
import sys
sources = [
    ('list of 10', list(range(10))),
    ('list of 10 with repeats', [1, 2, 1, 2, 1, 2, 1, 2, 1, 2]),
    ('tuple of 5', (1, 2, 3, 4, 5)),
    ('range(30)', range(30)),
    ('str of 26', 'abcdefghijklmnopqrstuvwxyz'),
    ('str of 26, 3 distinct', 'abcabcabcabcabcabcabcabcab'),
    ('dict of 12', {i: 0 for i in range(12)}),
    ('set of 12', set(range(12))),
]
for label, src in sources:
    s = set()
    s.update(src)
    print(label, len(s), 'update:', sys.getsizeof(s), 'set():', sys.getsizeof(set(src)))
big = set(range(100))
for i in range(95):
    big.discard(i)
print('5 live after discards:', sys.getsizeof(big), 'copy:', sys.getsizeof(big.copy()), 'set():', sys.getsizeof(set(big)))
grow = {1, 2}
last = sys.getsizeof(grow)
for n in range(3, 60):
    grow.update([n])
    if sys.getsizeof(grow) != last:
        last = sys.getsizeof(grow)
        print('update one at a time: len', len(grow), 'size', last)
comp = {i for i in range(20)}
print('comprehension of 20:', sys.getsizeof(comp), 'set(range(20)):', sys.getsizeof(set(range(20))))
u = {1, 2, 3}
u.update(u)
print('update with itself:', sys.getsizeof(u), sorted(u))
print('union:', sys.getsizeof({1, 2}.union({3, 4, 5})), 'frozenset:', sys.getsizeof(frozenset(range(10))))
