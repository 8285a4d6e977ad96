# A tuple always has exactly len slots (40 + 8 per item): built from a list, a range, a
# zip, by concatenation or slicing; a list of the same items costs 16 more plus any spare
# capacity; getsizeof is shallow, so a tuple of big items is as small as one of small ints.
import sys
for n in (0, 1, 3, 5, 9, 17):
    items = list(range(n))
    grown = []
    for x in items:
        grown.append(x)
    print(n, 'tuple', sys.getsizeof(tuple(items)), 'list(range)', sys.getsizeof(items), 'appended list', sys.getsizeof(grown))
z = tuple(zip(range(7), range(7)))
print('tuple(zip) of 7:', sys.getsizeof(z), 'each pair', sys.getsizeof(z[0]))
d = {'a': 1, 'b': 2, 'c': 3}
print('tuple(dict):', tuple(d), sys.getsizeof(tuple(d)), 'items:', sys.getsizeof(tuple(d.items())))
t = (1, 2, 3, 4, 5, 6)
print('slices', sys.getsizeof(t[:2]), sys.getsizeof(t[::2]), sys.getsizeof(t[3:3]), t[3:3])
print('concat', sys.getsizeof(t + t), sys.getsizeof(t + (7,)), sys.getsizeof((0,) + t))
big = ('x' * 10000, list(range(1000)), 2 ** 1000)
small = (1, 2, 3)
print('shallow:', sys.getsizeof(big), sys.getsizeof(small), sys.getsizeof(big[0]), sys.getsizeof(big[1]))
nested = ((1, 2), (3, 4), (5, 6))
total = sys.getsizeof(nested)
for inner in nested:
    total += sys.getsizeof(inner)
print('nested shallow', sys.getsizeof(nested), 'with the inner tuples', total)
a, b, c = small
print('unpacked', a + b + c, 'tuple of a list comprehension', sys.getsizeof(tuple([i * i for i in range(10)])))
print('empty', sys.getsizeof(()), sys.getsizeof(tuple()), sys.getsizeof(tuple([])))
