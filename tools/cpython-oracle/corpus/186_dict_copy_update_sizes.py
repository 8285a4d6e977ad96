# dict.copy() of a compact dict copies its key table as is (same size), but a dict with many
# deleted entries is copied by inserting into a table sized for what is left; dict(d),
# and update() grow the target as it needs (update presizes for the incoming keys).
import sys
d = {}
for i in range(40):
    d[i] = i
print('40 keys:', sys.getsizeof(d), 'copy:', sys.getsizeof(d.copy()), 'dict(d):', sys.getsizeof(dict(d)))
for i in range(35):
    del d[i]
c = d.copy()
print('5 left:', sys.getsizeof(d), 'copy:', sys.getsizeof(c), 'dict(d):', sys.getsizeof(dict(d)), c)
small = {'a': 1}
print('small:', sys.getsizeof(small))
for n in (4, 5, 6, 11, 12, 25):
    target = {'a': 1}
    src = {}
    for i in range(n):
        src['k' + str(i)] = i
    target.update(src)
    print('update with', n, 'keys:', len(target), sys.getsizeof(target), 'copy', sys.getsizeof(target.copy()))
u = dict([('x', 1), ('y', 2)])
print('dict from a list of pairs:', sys.getsizeof(u), u)
u.update(u)
print('update with itself:', sys.getsizeof(u))
m = {}
m.update({})
print('update with nothing:', sys.getsizeof(m))
pairs = dict([(i, i) for i in range(9)])
print('dict of 9 pairs:', sys.getsizeof(pairs), 'dict(zip):', sys.getsizeof(dict(zip(range(9), range(9)))))
