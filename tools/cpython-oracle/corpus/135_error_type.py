# Uncaught TypeError from mixing types:
# "TypeError: unsupported operand type(s) for +: 'int' and 'str'".
def total(values):
    s = 0
    for v in values:
        s = s + v
        print('running total', s)
    return s
print(total([1, 2, 3]))
print(total([4, 'five', 6]))
