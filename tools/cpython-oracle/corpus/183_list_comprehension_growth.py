# A list comprehension starts from [] and appends (LIST_APPEND), so its capacity follows the
# append growth pattern, whatever the source; list(range(n)) and list(a_list) know n and
# allocate it exactly, and copying a comprehension's result drops the spare slots.
import sys
last = None
for n in range(41):
    comp = [i for i in range(n)]
    filt = [i for i in range(3 * n) if i % 3 == 0]
    exact = list(range(n))
    copy = list(comp)
    row = (sys.getsizeof(comp), sys.getsizeof(filt), sys.getsizeof(exact), sys.getsizeof(copy))
    if row[0] != row[1]:
        print('filter differs at', n)
    if last is None or row[0] != last[0]:
        print('n', n, 'comprehension', row[0], 'list(range)', row[2], 'copy', row[3])
    last = row
grid = [[c for c in range(r)] for r in range(6)]
print('rows', [sys.getsizeof(r) for r in grid], 'outer', sys.getsizeof(grid))
pairs = [(a, b) for a in range(3) for b in range(3)]
print('9 pairs', sys.getsizeof(pairs), sys.getsizeof(pairs[:]), sys.getsizeof(pairs[0]))
chars = [ch for ch in 'abcdefghij']
print('10 chars', sys.getsizeof(chars), sys.getsizeof(list('abcdefghij')))
