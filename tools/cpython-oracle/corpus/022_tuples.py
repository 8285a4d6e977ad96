# Tuples: displays with and without parentheses, the one-element tuple, nesting,
# indexing and slicing, concatenation, comparison, tuple(), and tuples as dict keys.
t = (1, 2, 3)
u = 4, 5
one = (1,)
notone = (1)
empty = ()
print(t, u, one, notone, empty, len(empty), len(t))
print(t + u, one * 3, t[0], t[-1], t[1:], u[::-1])
nested = ((1, 2), ('a', ('b', 'c')))
print(nested[1][1][0], len(nested))
print(t == (1, 2, 3), t < (1, 2, 4), (1, 2) < (1, 2, 0), () < (0,))
print(tuple([1, 2]), tuple('hi'), tuple(range(3)), tuple())
a, b, c = t
print(a, b, c)
coords = {(0, 0): 'origin', (1, 2): 'point'}
print(coords[(1, 2)], coords[0, 0], (0, 0) in coords)
try:
    t[0] = 9
except TypeError as e:
    print('TypeError:', e)
inner = [1]
holder = (inner, 2)
inner.append(99)
print(holder)
print(3 in t, 'x' in t, max(t), min(t), sum(t), sorted((3, 1, 2)))
def pair():
    return 'left', 'right'
print(pair(), type(pair()))
l, r = pair()
print(l, r)
