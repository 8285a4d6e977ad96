# Set comprehensions: a <setcomp> function building its set by SET_ADD (sizes as set_table_resize
# grows the table), nested loops and conditions, an unhashable item, a class body, and the
# iteration variable kept out of the enclosing scope.
import sys
s = {x % 7 for x in range(100)}
print(sorted(s), len(s), sys.getsizeof(s))
t = {(a, b) for a in range(4) for b in range(a) if (a + b) % 2}
print(sorted(t), sys.getsizeof(t))
big = {i * 3 for i in range(1000)}
print(len(big), sys.getsizeof(big), type(big).__name__)
words = ['a', 'bb', 'a', 'ccc', 'bb']
print(sorted({w for w in words}), sorted({len(w) for w in words if w != 'a'}))
x = 10
print({x for x in range(3)}, x)
try:
    {[i] for i in range(2)}
except TypeError as e:
    print('TypeError', e)
class K:
    vals = {v * 2 for v in range(3)}
print(sorted(K.vals))
e = {i for i in []}
print(e, sys.getsizeof(e))
n = [1, 2]
print(sys.getrefcount(n))
u = {id(n) for _ in range(3)}
print(len(u), sys.getrefcount(n))
print({s for s in 'hello'} == set('hello'))
