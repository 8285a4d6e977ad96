# Concatenating strs makes the result as wide as its widest part: ASCII + Latin-1 costs
# 1 byte a char in a bigger header, + a BMP char 2 bytes, + an astral char 4 bytes, for every
# char; slicing the narrow part back out gives a narrow str again.
import sys
ascii_part = 'memory' * 5
parts = [('ascii', 'abc'), ('latin-1', '\u00e9'), ('bmp', '\u20ac'), ('astral', '\U0001F40D')]
for name, p in parts:
    s = ascii_part + p
    print(name, 'len', len(s), 'size', sys.getsizeof(s), 'per extra char', sys.getsizeof(s + p) - sys.getsizeof(s))
wide = ascii_part + '\U0001F40D'
back = wide[:30]
print('slice of the ascii part:', len(back), sys.getsizeof(back), back == ascii_part)
print('one astral char:', sys.getsizeof(wide[-1]), sys.getsizeof(wide[-2:]))
acc = ''
sizes = []
for ch in 'ab\u00e9\u20ac\U0001F40Dz':
    acc += ch
    sizes.append(sys.getsizeof(acc))
print('growing by +=:', sizes, len(acc))
for base in ['x', '\u00ff', '\u0100', '\U00010000']:
    print(repr(base), [sys.getsizeof(base * n) for n in (0, 1, 2, 10)])
mixed = '\u00e9' + 'a'
print('latin-1 then ascii:', sys.getsizeof(mixed), 'ascii only:', sys.getsizeof('a' + 'b'))
print('empty slices are the empty str:', sys.getsizeof(wide[5:5]), sys.getsizeof(''))
