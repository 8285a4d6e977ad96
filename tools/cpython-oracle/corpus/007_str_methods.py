# Common str methods: case changes, strip, split/join, replace, find/index, count,
# startswith/endswith, is* predicates.
s = '  Hello, World!  '
print(repr(s.strip()), repr(s.lstrip()), repr(s.rstrip()))
t = s.strip()
print(t.upper(), t.lower(), 'hello'.capitalize())
print(t.split(), t.split(', '), 'a,b,,c'.split(','), 'a b  c'.split(' '))
print('1-2-3'.split('-', 1), ' x y '.split())
print(', '.join(['x', 'y', 'z']), ''.join(['a', 'b']), '-'.join('abc'))
print(t.replace('l', 'L'), t.replace('l', '', 1), t.replace('xyz', '?'))
print(t.find('o'), t.find('o', 5), t.find('zz'), t.rfind('o'), t.index('W'))
print(t.count('l'), 'aaaa'.count('aa'), t.count(''))
print(t.startswith('Hell'), t.endswith('!'), t.startswith('World'))
print('123'.isdigit(), '12a'.isdigit(), 'abc'.isalpha(), 'ABC'.isupper(), 'abc'.islower())
print(' '.isspace(), 'abc1'.isalnum(), ''.isdigit())
print('x=1;y=2'.split(';'), 'line1\nline2\n'.splitlines())
print('%'.join(['50', '']), '.'.join('a.b.c'.split('.')[1:]))
print('a-b'.upper().lower().replace('-', '+'))
