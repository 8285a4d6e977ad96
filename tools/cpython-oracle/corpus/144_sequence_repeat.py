# Sequence repetition (list_repeat, list_inplace_repeat, tuplerepeat): every copy is a new
# reference to the same item, so refcounts rise by the number of copies; a tuple repeated
# once is itself, a list never is; the sizes are those of the exact item arrays.
import sys

item = [7, 8]
empty = ()
t = (1, item)
print(t * 1 is t, t * 0 is empty, len(t * 3), (t * 2)[3] is item)
l = [t]
print(l * 1 is l, l * 1 == l, len(l * 0))
print(sys.getrefcount(item))
y = [item] * 5
print(sys.getrefcount(item), sys.getsizeof(y), sys.getsizeof((item,) * 5))
z = [None, item] * 3
alias = z
z *= 2
print(len(z), z is alias, sys.getrefcount(item), sys.getsizeof(z))
z *= 1
print(len(z), sys.getsizeof(z))
w = [item, item]
w *= 0
print(w, sys.getrefcount(item), sys.getsizeof(w))
del y, z, alias
print(sys.getrefcount(item))
big = [0] * 1000
print(len(big), sys.getsizeof(big), sys.getsizeof(big * 3), sys.getsizeof((0, 1) * 500))
for n in (-1, 0, 1, 2):
    print(n, [1, 2] * n, (1, 2) * n, 'ab' * n, b'xy' * n)
try:
    [0] * (2 ** 63)
except (MemoryError, OverflowError) as e:
    print(type(e).__name__)
