# Rich comparisons: int against float exactly, nan unordered, frozenset equal to set, lexicographic
# lists and tuples, errors naming the operator as written, reflected methods of subclasses
nan = float('nan')
print(nan <= nan, nan >= 1.0, nan == nan, nan != nan, 1.0 < nan)
print(2**53 + 1 == 2.0**53, 10**400 == float('inf'), 2**53 + 1 > 2.0**53, 10**400 < float('inf'), -10**400 < float('-inf'))
print(frozenset([1]) == {1}, {1} == frozenset([1]), {1} <= frozenset([1, 2]), frozenset([1, 2]) > {1})
for a, b in [(1, 'a'), ('a', 1), ({}, {}), ([1], (1,)), (None, 1)]:
    for op in ['<', '<=', '>', '>=']:
        try:
            if op == '<':
                r = a < b
            elif op == '<=':
                r = a <= b
            elif op == '>':
                r = a > b
            else:
                r = a >= b
            print(r)
        except TypeError as e:
            print(e)
try:
    max(1, 'a')
except TypeError as e:
    print(e)
try:
    min(1, 'a')
except TypeError as e:
    print(e)
d = {1: 2}
print(d.keys() == {1}, d.items() == {(1, 2)}, d.keys() < {1, 2}, {1} == d.keys(), d.keys() == d.keys(), d.values() == d.values())
print([1, 2] < [1, 3], (1, 2) <= (1, 2), [1, [2]] == [1, [2]], [nan] == [nan], (1, 'a') < (1, 'b'))
class A:
    def __init__(self, v):
        self.v = v
    def __lt__(self, other):
        print('A.lt')
        return self.v < other.v
    def __eq__(self, other):
        print('A.eq')
        return self.v == other.v
class B(A):
    def __gt__(self, other):
        print('B.gt')
        return self.v > other.v
print(A(1) < A(2), A(1) == A(1), A(1) != A(2))
print(A(1) < B(2), B(1) > A(0), A(3) > A(2))
class C:
    pass
c = C()
print(c == c, c != c, c == C())
try:
    print(c < c)
except TypeError as e:
    print(e)
print(sorted([3, 1, 2]), max([1, 5, 3]), min('bca'))
