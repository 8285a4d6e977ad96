# f-strings: names, expressions, method calls and subscripts inside braces, !r and !s
# conversions, nested quotes, doubled braces, and f-strings built in a loop.
name = 'pylite'
n = 3
items = [10, 20, 30]
d = {'k': 'v'}
print(f'hello {name}')
print(f'{n} + {n} = {n + n}')
print(f'{name.upper()} has {len(name)} letters')
print(f'first={items[0]} last={items[-1]} all={items}')
print(f"dict value {d['k']} and {d}")
print(f'{name!r} {name!s} {n!r}')
print(f'{{literal braces}} {n}')
print(f'{1.5 * 2} {7 // 2} {7 / 2} {2 ** 70}')
print(f'{None} {True} {b"x"} {(1, 2)}')
print(f'')
print(f'{"nested"} {"a" + "b"}')
for i in range(3):
    print(f'row {i}: {i * i}')
line = ''
for x in items:
    line += f'[{x}]'
print(line)
print(f'{n}{n}{n}', f'{name}' + f'-{n}')
print(f'{[x * 2 for x in items]}')
