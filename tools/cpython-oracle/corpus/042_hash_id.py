# hash() and id(): hashes of ints (including the -1 special case and the 2**61-1 modulus),
# floats equal to ints, bool, tuples of ints; unhashable lists/dicts/sets; id() only compared,
# never printed. (str hashes depend on the hash seed and are not printed.)
print(hash(0), hash(1), hash(-1), hash(-2), hash(12345))
print(hash(2 ** 61 - 1), hash(2 ** 61), hash(2 ** 100), hash(-2 ** 61))
print(hash(1.0), hash(2.5), hash(-0.0), hash(1.0) == hash(1), hash(True), hash(False))
print(hash((1, 2)), hash(()), hash((1, (2, 3))), hash((1, 2)) == hash((1, 2)))
print(hash(None) == hash(None), hash('abc') == hash('ab' + 'c'), hash(b'x') == hash(b'x'))
for bad in [[1], {'a': 1}, {1}]:
    try:
        hash(bad)
    except TypeError as e:
        print('TypeError:', e)
try:
    hash(([],))
except TypeError as e:
    print('TypeError:', e)
a = [1]
b = a
c = [1]
print(id(a) == id(b), id(a) == id(c), id(a) == id(a))
class K:
    pass
k = K()
print(hash(k) == hash(k), id(k) == id(k), k == k, K() == K())
d = {k: 'instance key'}
print(d[k])
print(hash(1) == hash(1.0) == hash(True), {1: 'a', 1.0: 'b', True: 'c'})
