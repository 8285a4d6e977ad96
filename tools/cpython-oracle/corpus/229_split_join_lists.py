# str.split preallocates its list (12 slots, or maxsplit + 1) and appends past them; splitlines
# appends line by line at every line boundary; join reads a list or tuple as it is and names a bad item
import sys
for s in ['a\nb', 'a\r\nb\rc\x0bd\x0ce\x1cf\x85g\u2028h\u2029', '', '\n', 'x\n\n', 'no break', '\r\n\r\n']:
    print(s.splitlines(), s.splitlines(True), sys.getsizeof(s.splitlines()))
print(sys.getsizeof('a b'.split()), sys.getsizeof(''.split()), sys.getsizeof('a,b'.split(',', 5)), sys.getsizeof('a,b'.split(',', 20)))
print(sys.getsizeof(' '.join(['w'] * 13).split()), sys.getsizeof(' '.join(['w'] * 30).split(' ')), sys.getsizeof('x\ny\nz'.splitlines()))
for seq in (['a', 1], ['a', 'b', 'c', 2.5], [None], ('x', 3)):
    try:
        ','.join(seq)
    except TypeError as e:
        print(e)
print('-'.join(('a', 'b')))
