# bytes objects are exact-size: 33 bytes of header (with the trailing NUL) plus one per
# byte, for literals, concatenation, slicing and repetition alike; indexing gives an int
# (28 bytes), a one-byte slice a one-byte bytes (34).
import sys
b = b'memory manager'
print(len(b), sys.getsizeof(b))
for piece in [b'', b'!', b' of CPython', b'\x00\xff' * 8]:
    c = b + piece
    print('concat', len(c), sys.getsizeof(c), sys.getsizeof(c) - sys.getsizeof(b))
print('slices', sys.getsizeof(b[:6]), sys.getsizeof(b[7:]), sys.getsizeof(b[::2]), sys.getsizeof(b[5:5]))
print('index', b[0], sys.getsizeof(b[0]), 'one-byte slice', b[0:1], sys.getsizeof(b[0:1]))
for n in (0, 1, 10, 1000):
    print('repeat', n, sys.getsizeof(b'ab' * n))
acc = b''
sizes = []
for i in range(5):
    acc += b'xyz'
    sizes.append(sys.getsizeof(acc))
print('growing by +=', sizes)
s = 'caf\u00e9'
print('str vs bytes of the same text:', sys.getsizeof(s), sys.getsizeof(b'caf\xc3\xa9'))
print('escape bytes', sys.getsizeof(b'\n\t\\'), len(b'\n\t\\'))
print('in', b'man' in b, 97 in b, b'z' in b)
print('compare', b'abc' < b'abd', b'abc' == b'abc', b[:3] == b'mem')
print('list of bytes', sys.getsizeof([b'a', b'b']), 'tuple', sys.getsizeof((b'a', b'b')))
print('repr', repr(b'\x00\x7fA'), str(b'ok'))
