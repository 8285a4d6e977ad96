# dict.keys() and dict.items() are set-like: |, &, -, ^ with any iterable make sets, comparisons
# with sets, 'in' on values and items, truth by length, and no hash
d = {1: 2, 3: 4}
print(sorted(d.keys() | {5}), sorted({5} | d.keys()), sorted(d.keys() & {1, 9}), sorted(d.keys() - {1}), sorted(d.keys() ^ {1, 7}))
print(sorted(d.items() | {(9, 9)}), sorted(d.keys() | [8]), sorted(d.keys() - [3]), sorted(d.keys() ^ [3, 6]), sorted(d.keys() & [3, 0]))
print(2 in d.values(), (1, 2) in d.items(), [1] in d.items(), (1, 3) in d.items(), 5 in d.values(), 1 in d.keys())
try:
    print(([1], 2) in d.items())
except TypeError as e:
    print(e)
print(bool({}.keys()), bool(d.values()), bool({}.items()))
try:
    hash(d.keys())
except TypeError as e:
    print(e)
print(d.keys() == {1, 3}, d.items() == {(1, 2), (3, 4)}, d.keys() < {1, 2, 3}, d.keys() >= {1}, d.values() == d.values())
print(type(d.keys() | {5}).__name__)
d.update()
try:
    d.update({1: 3}, {4: 5})
except TypeError as e:
    print(e)
print(d)
