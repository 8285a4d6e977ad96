# bytes literals: repr, len, indexing gives ints, concatenation, repetition,
# membership, comparison, iteration (over ints), and bytes as dict keys.
b = b'hello'
print(b, len(b), b[0], b[-1], type(b[0]))
print(b + b' world', b * 2, b'' * 5)
print(b'ell' in b, 104 in b, b'z' in b)
print(b == b'hello', b < b'help', b'a' < b'b', b'' < b'\x00')
print(b'\x00\x01\x7f\x80\xff', b'\n\t', b'it\'s', b'q"')
codes = []
for c in b'AZaz':
    codes.append(c)
print(codes)
d = {b'k': 1, b'k2': 2}
print(d[b'k'], b'k2' in d, d)
print(repr(b'abc'), str(b'abc'), len(b''))
print(type(b), type(b'') is type(b))
