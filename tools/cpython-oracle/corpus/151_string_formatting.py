# str % args and str.format, as PyUnicode_Format and unicode_format.h read a format:
# flags, widths and precisions (also from * and nested fields), mapping keys, the
# conversions and the exact errors; a result that is one str written whole is that str.
import sys

rows = [('list', 56, 3), ('dict', 232, 1), ('tuple', 40, 12)]
for name, size, count in rows:
    print('%-6s|%5d|%#06x|%+.2e|%3d%%' % (name, size, size, size * count, count * 10))
    print('{0:<6}|{1:>5}|{1:#06x}|{2:+.2e}|{3:>{4}}'.format(name, size, size * count, count, 4))
total = 0
for name, size, count in rows:
    total += size * count
print('%(n)s objects, %(b)d bytes, %(avg).3f each' % {'n': 16, 'b': total, 'avg': total / 16})
print('{n} objects, {b:,} bytes, {avg:.3f} each'.format(n=16, b=total * 1000, avg=total / 16))
print('%*d|%-*d|%.*f|%c%c' % (6, 42, 6, 42, 2, 3.14159, 'x', 9731))
print('{:_b}|{:,}|{:08,.1f}|{:z.1f}|{!r}|{!a}'.format(1234, 10**9, 1234.5, -0.01, 'é', 'é'))
print('%s %r %a %i %u %o %X %G' % ('é', 'é', 'é', 3.9, -7, 8, 255, 1e-10))
s = 'abc' * 3
print(('%s' % s) is s, '{}'.format(s) is s, ('x%s' % s) is s, '%5s' % s is s)
r = '%d items at %s' % (3, 'x')
print(r, sys.getsizeof(r), sys.getsizeof('{:>20}'.format('memory')))
for fmt, args in [('%s %s', (1,)), ('%s', (1, 2)), ('%d', ('1',)), ('%y', (1,)), ('%(a)s', (1,)), ('%c', (-1,)), ('%', ())]:
    try:
        print(fmt % args)
    except (TypeError, ValueError, OverflowError) as e:
        print(type(e).__name__, e)
for fmt in ['{', '}', '{0}{}', '{}{0}', '{2}', '{x}', '{!x}', '{:q}', '{0[}', '{:{:{}}}']:
    try:
        print(fmt.format(1, 2))
    except (ValueError, IndexError, KeyError) as e:
        print(type(e).__name__, e)
size, used = 4096, 1234.5
print(f"{size=}", f"{used = :.1f}", f"{size=!s:>6}|", f"{size * 2=}", f"{'arena'=}")
print("{:#.3g}|{:#g}|%#.3g|{:#.2g}".format(100.0, 1.5, 0.0001234) % 100.0, repr('%2s|%-4s|' % ('\U0001F600', 'é')))
