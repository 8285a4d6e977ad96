# frozenset: built from any iterable, hashed by its items (equal frozensets are one dict key),
# frozenset(fs) is fs itself, and its size grows with the table like set's.
import sys

a = frozenset([3, 1, 2, 3])
print(len(a), 2 in a, 5 in a, sorted(a))
print(frozenset(a) is a, frozenset() == frozenset(), frozenset() is frozenset())
print(sys.getsizeof(a), sys.getsizeof(frozenset()), sys.getsizeof(frozenset(range(20))))
print(hash(frozenset()), hash(frozenset([1])), hash(frozenset([1, 2, 3])))
print(hash(frozenset([-1, 2 ** 70, (1, 2)])) == hash(frozenset([(1, 2), 2 ** 70, -1])))
print(hash(frozenset([frozenset([1]), frozenset()])))

d = {a: 'abc'}
print(d[frozenset([1, 2, 3])], frozenset([2, 1, 3]) in d, frozenset([1]) in d)
groups = {}
for word in ['ab', 'ba', 'abc', 'cab', 'b']:
    key = frozenset(word)
    groups[key] = groups.get(key, 0) + 1
print(sorted(groups.values()))
print(frozenset('abca') == frozenset('cab'), len(frozenset('mississippi')))
print(sys.getrefcount(a) > 1)
