# The str built by % formatting, str.format and f-strings: its length is the formatted
# text, its kind the widest char of the template and every argument, so one wide argument
# (or a wide fill char or %c) makes the whole result wide.
import sys
def show(label, s):
    print(label, repr(s), len(s), sys.getsizeof(s))
show('%d        ', '%d' % 12345)
show('%5d/%-5s  ', '%5d/%-5s' % (7, 'ab'))
show('%s wide   ', 'cost: %s' % '\u20ac')
show('%c latin  ', 'x%cx' % 233)
show('%c astral ', 'x%cx' % 128013)
show('%r        ', '%r' % 'caf\u00e9')
show('%.3f      ', '%.3f' % 2.5)
show('%x        ', '%x' % (2 ** 64))
show('format    ', '{} + {} = {}'.format(1, 2, 3))
show('fill      ', '{:*^11}'.format('mid'))
show('wide fill ', '{:\u2500^11}'.format('mid'))
show('named     ', '{name}: {size} bytes'.format(name='list', size=56))
show('template  ', '\u00bb {} \u00ab'.format('ok'))
show('f-string  ', f'{40 + 2:>6}|')
lam = '\u03bb'
show('f wide    ', f'{lam}={1.5}')
show('f repr    ', f'{[1, 2]!r:>10}')
show('{:,}      ', '{:,}'.format(10 ** 9))
show('width 30  ', '%30s' % 'x')
row = '%-8s%8d' % ('list', 56)
print('row', sys.getsizeof(row), 'row + wide', sys.getsizeof(row + lam), 'row * 3', sys.getsizeof(row * 3))
