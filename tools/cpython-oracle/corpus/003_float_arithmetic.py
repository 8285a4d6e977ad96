# Float arithmetic and float repr (shortest round-tripping digits), int/float mixing,
# true vs floor division, infinities, and conversions between int and float.
print(0.1 + 0.2, 0.1 + 0.2 == 0.3)
print(1 / 3, 2 / 3, 10 / 4, 7.0 // 2, 7.5 % 2, -7.5 // 2, -7.5 % 2)
print(1.5 * 2, 3 * 0.5, 2 ** 0.5, 4 ** 0.5, 2.0 ** 10)
print(1e16, 1e15, 1.5e300 * 1.5e10, -1e400)
print(123456789012345678.0, 0.000123, 0.0001, 1e-7)
print(100.0, 1e22, 1e21, 1e20)
print(float(7), int(7.9), int(-7.9), float('2.5'), float('-0.0'))
print(3 + 4.0, 3 * 1.0, 3 - 3.0, 10 / 2)
x = 0.0
for i in range(10):
    x += 0.1
print(x, x == 1.0)
print(1.0 == 1, 0.5 < 1, 2.0 > 1.999, -0.0 == 0.0)
print(float('inf') > 1e308, float('inf') - float('inf') == 0)
print(repr(2.0), str(2.5), repr(-0.0))
print(3.14159 * 2, 22 / 7, 355 / 113)
print(sum([0.1, 0.2, 0.3]), max(1, 2.5), min(-1.5, 0))
