# str.join allocates its result once, with the total length and the widest kind among the
# separator and the pieces; a join over many pieces costs one str, not one per piece, and
# the list of pieces is a separate object with its own over-allocated array.
import sys
pieces = []
for i in range(10):
    pieces.append('w' + str(i))
print('pieces list', sys.getsizeof(pieces), 'each piece', sys.getsizeof(pieces[0]))
for sep in ['', ',', ', ', '\u00b7', '\u2192', '\U0001F517']:
    j = sep.join(pieces)
    print(repr(sep), 'len', len(j), 'size', sys.getsizeof(j))
wide_piece = list(pieces)
wide_piece[9] = '\u20ac'
print('one wide piece:', sys.getsizeof(''.join(wide_piece)), 'vs', sys.getsizeof(''.join(pieces)))
print('empty list:', repr(''.join([])), sys.getsizeof(''.join([])))
print('single piece:', sys.getsizeof('-'.join(['solo'])))
print('empty pieces:', repr('-'.join(['', '', ''])), sys.getsizeof('-'.join(['', '', ''])))
print('from a tuple:', sys.getsizeof(' '.join(('a', 'b', 'c'))))
print('from a dict:', ' '.join({'k1': 1, 'k2': 2}))
print('from a str:', '.'.join('abc'), sys.getsizeof('.'.join('abc')))
built = ''
for p in pieces:
    built = built + p + ','
print('built by +:', len(built), sys.getsizeof(built), sys.getsizeof(','.join(pieces) + ','))
lines = ['line %d' % i for i in range(3)]
text = '\n'.join(lines)
print(text.splitlines(), sys.getsizeof(text), [sys.getsizeof(x) for x in text.splitlines()])
