# Lists: displays, indexing (negative too), len, membership, concatenation, repetition
# (and its aliasing trap), nesting, list() of other iterables, equality vs identity.
a = [1, 2, 3]
b = ['x', [4, 5], (6,), None]
print(a, b, len(a), len(b), len([]))
print(a[0], a[-1], b[1][0], b[1][-1], b[2][0])
print(2 in a, 9 in a, [4, 5] in b, 'x' not in b)
print(a + [4], a * 2, [0] * 5, [] * 3)
grid = [[0] * 2] * 3
grid[0][0] = 'shared'
print(grid)
grid2 = [[0] * 2 for i in range(3)]
grid2[0][0] = 'own'
print(grid2)
print(list('abc'), list((1, 2)), list(range(3)), list({'k': 1, 'j': 2}))
c = list(a)
print(c == a, c is a)
a[1] = 'two'
print(a, c)
nested = [a, a]
a.append('new')
print(nested)
print([[]] == [[]], [1, [2, [3, [4]]]])
print(min([4, 2, 8]), max([4, 2, 8]), sum([4, 2, 8]), sorted([4, 2, 8]))
empty = []
print(empty, bool(empty), len(empty))
