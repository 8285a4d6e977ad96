# for over range() in all its forms: stop, start/stop, steps (also negative), empty
# ranges, len/indexing/membership of ranges, and list(range(...)).
for i in range(3):
    print('i =', i)
print(list(range(5)), list(range(2, 6)), list(range(0, 10, 3)))
print(list(range(10, 0, -2)), list(range(5, 5)), list(range(5, 0)))
print(len(range(10)), len(range(0, 10, 3)), len(range(10, 0)))
r = range(1, 20, 4)
print(r[0], r[-1], r[2], 9 in r, 10 in r)
print(r)
total = 0
for k in range(1, 101):
    total += k
print(total)
for i in range(2):
    for j in range(3):
        print(i, j, i * j)
squares = []
for n in range(-3, 4):
    squares.append(n * n)
print(squares)
print(sum(range(10)), max(range(7)), min(range(3, 9)), sorted(range(3, 0, -1)))
last = None
for last in range(4):
    pass
print('loop variable after the loop:', last)
