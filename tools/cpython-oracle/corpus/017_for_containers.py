# for over list, tuple, dict (keys, values, items), set (through sorted()), str, and
# nested containers with tuple unpacking in the loop target.
for x in [10, 'b', None]:
    print('list item', x)
for x in ('t1', 't2'):
    print('tuple item', x)
d = {'one': 1, 'two': 2, 'three': 3}
for k in d:
    print('key', k)
for v in d.values():
    print('value', v)
for k, v in d.items():
    print(k, '->', v)
s = {'pear', 'apple', 'fig'}
for fruit in sorted(s):
    print('fruit', fruit)
for ch in 'abc':
    print('char', ch)
pairs = [(1, 'a'), (2, 'b'), (3, 'c')]
for num, letter in pairs:
    print(num, letter)
matrix = [[1, 2, 3], [4, 5, 6]]
for row in matrix:
    line = ''
    for cell in row:
        line += str(cell * 10) + ' '
    print(line)
for i, (a, b) in enumerate(pairs):
    print(i, a, b)
total = 0
for n in {1, 2, 3, 4}:
    total += n
print('set sum', total)
