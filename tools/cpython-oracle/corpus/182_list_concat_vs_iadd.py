# l = l + [x] builds a new list each time with exactly len slots (list_concat), while
# l += [x] extends in place with over-allocation (list_inplace_concat -> list_extend);
# l *= k resizes in place through list_resize (a big jump gets only rounding to 4);
# a tuple += builds a new exact tuple every time.
import sys
a = []
b = []
for i in range(12):
    a = a + [i]
    b += [i]
    print(len(a), 'plus:', sys.getsizeof(a), 'iadd:', sys.getsizeof(b))
keep = b
b += (12, 13)
b += 'xy'
b += range(3)
print('same object after +=:', keep is b, len(b), sys.getsizeof(b))
c = a + b
print('a + b:', len(c), sys.getsizeof(c))
r = [1, 2, 3]
for k in (2, 3, 1, 5):
    before = r
    r *= k
    print('*=', k, 'len', len(r), 'size', sys.getsizeof(r), 'in place', before is r)
p = [1, 2, 3]
q = p * 4
print('p * 4:', len(q), sys.getsizeof(q))
q += q
print('q += q:', len(q), sys.getsizeof(q))
t = ()
for i in range(4):
    t += (i,)
    print('tuple +=', len(t), sys.getsizeof(t))
