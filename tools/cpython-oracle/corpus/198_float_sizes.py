# A float is always 24 bytes (header + one C double), whatever its value, while the int of
# the same value grows with its digits; int / int gives a float, int // int an int, and a
# container of floats holds 8-byte pointers to separate 24-byte objects.
import sys
for v in [0.0, -0.0, 1.5, 1e-300, 1e300, float('inf'), float('nan'), 2.0 ** 100]:
    print(repr(v), sys.getsizeof(v))
for n in [1, 2 ** 31, 2 ** 62, 10 ** 20, 10 ** 300]:
    f = float(n)
    print('int', sys.getsizeof(n), 'as float', sys.getsizeof(f), 'back to int', sys.getsizeof(int(f)), int(f) == n)
print('7 / 2', 7 / 2, sys.getsizeof(7 / 2), '7 // 2', 7 // 2, sys.getsizeof(7 // 2))
print('2**64 / 2', sys.getsizeof(2 ** 64 / 2), '2**64 // 2', sys.getsizeof(2 ** 64 // 2))
print('float + int', sys.getsizeof(1.0 + 10 ** 30), 'float ** int', sys.getsizeof(2.0 ** 10))
print('from str', sys.getsizeof(float('3.14159265358979323846')), sys.getsizeof('3.14159265358979323846'))
print('repr sizes', sys.getsizeof(repr(0.1)), sys.getsizeof(repr(1 / 3)), repr(1 / 3))
fl = []
for i in range(10):
    fl.append(i / 4)
total = sys.getsizeof(fl)
for x in fl:
    total += sys.getsizeof(x)
print('list of 10 floats', sys.getsizeof(fl), 'with the floats', total)
t = tuple(fl)
print('tuple of them', sys.getsizeof(t), 'sum', sum(t))
print('bool and float', sys.getsizeof(True + 0.5), sys.getsizeof(True + 1))
