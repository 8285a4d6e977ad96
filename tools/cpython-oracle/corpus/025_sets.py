# sets: displays, set(), add/discard/remove, membership, len, set algebra with methods
# and operators, subset tests; always shown through sorted() (set order is a hash detail).
s = {3, 1, 2, 3, 1}
print(len(s), sorted(s), 2 in s, 5 in s)
s.add(10)
s.add(1)
s.discard(2)
s.discard(99)
s.remove(3)
print(sorted(s))
try:
    s.remove(42)
except KeyError as e:
    print('KeyError:', e)
a = set('abracadabra')
b = set('alacazam')
print(sorted(a), sorted(b))
print(sorted(a | b), sorted(a & b), sorted(a - b), sorted(a ^ b))
print(sorted(a.union(b)), sorted(a.intersection(b)), sorted(a.difference(b)))
print({1, 2} <= {1, 2, 3}, {1, 2} < {1, 2}, {1, 2, 3} >= {3}, {1} == {1})
print(a.issubset(a | b), a.isdisjoint({'z'}))
e = set()
print(len(e), bool(e), sorted(e))
e.update([5, 6], (7,))
print(sorted(e))
words = ['to', 'be', 'or', 'not', 'to', 'be']
print(len(set(words)), sorted(set(words)))
c = e.copy()
c.clear()
print(sorted(e), sorted(c))
print(sorted({(1, 2), (0, 5)}), sorted({'b', 'a'}))
print(sum({1, 2, 3}), min({5, 3, 9}), max({5, 3, 9}))
