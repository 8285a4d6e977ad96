# sys.getsizeof of scalars: ints grow by 4 bytes per 30-bit digit, floats are fixed,
# bool/None, ASCII str is 49 + length, bytes is 33 + length.
import sys
for v in [0, 1, 255, 2 ** 30 - 1, 2 ** 30, 2 ** 60 - 1, 2 ** 60, 2 ** 90, 2 ** 300, -1, -2 ** 31]:
    print('int', v, sys.getsizeof(v))
print('float', sys.getsizeof(0.0), sys.getsizeof(1e300))
print('bool', sys.getsizeof(True), sys.getsizeof(False), 'None', sys.getsizeof(None))
for s in ['', 'a', 'ab', 'hello', 'x' * 100]:
    print('str len', len(s), sys.getsizeof(s))
for b in [b'', b'a', b'abc', b'z' * 50]:
    print('bytes len', len(b), sys.getsizeof(b))
print('object()', sys.getsizeof(object()))
n = 1
sizes = []
for i in range(8):
    sizes.append(sys.getsizeof(n))
    n = n * 2 ** 20
print(sizes)
