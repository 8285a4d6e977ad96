# Integer arithmetic: + - * / // % ** with negative operands, big ints beyond 64 bits,
# bitwise operators and shifts, unary minus/plus/invert.
a = 17
b = 5
print(a + b, a - b, a * b, a / b, a // b, a % b, a ** b)
print(-a // b, -a % b, a // -b, a % -b, -a // -b, -a % -b)
print(7 / 7, 1 / 3, -1 / 4)
print(2 ** 10, 2 ** 64, 2 ** 100)
print(-2 ** 2, (-2) ** 2, 2 ** -1, 10 ** 0)
big = 12345678901234567890
print(big * big, big // 7, big % 97, -big)
print(big - big, big + 1 - big)
print(a & b, a | b, a ^ b, ~a, a << 3, a >> 2, -a >> 1)
print(1 << 70, (1 << 70) >> 69)
print(+a, -a, --a)
n = 0
for i in range(1, 11):
    n = n * 10 + i
print(n)
f = 1
for i in range(1, 31):
    f = f * i
print(f)
print(f // 2 ** 20, f % 1000007)
print(3 * (4 + 5) - 6 // 4 % 3)
