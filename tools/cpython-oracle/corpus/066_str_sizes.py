# sys.getsizeof of strings by kind: ASCII (49 + n), Latin-1 (73 + n), UCS-2 (74 + 2n)
# and UCS-4 (76 + 4n) -- one wide character makes the whole string wide.
import sys
for s in ['', 'a', 'abcd', 'caf\u00e9', '\u00e9' * 4, '\u20ac', '\u20ac' * 4, 'a\u20ac', '\U0001F600', 'ab\U0001F600']:
    print(len(s), sys.getsizeof(s), repr(s))
print(sys.getsizeof('x' * 1000), sys.getsizeof('\u00ff' * 1000), sys.getsizeof('\u0100' * 1000))
word = 'memory'
print(sys.getsizeof(word), sys.getsizeof(word.upper()), sys.getsizeof(word + '!'), sys.getsizeof(word[:2]))
joined = '-'.join(['a', 'b', 'c'])
print(joined, sys.getsizeof(joined))
print(sys.getsizeof(str(12345)), sys.getsizeof(f'{12345}'), sys.getsizeof(repr(1.5)))
