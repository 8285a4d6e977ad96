# An int is stored in 30-bit digits: its size steps by 4 bytes exactly when its absolute
# value needs another 30 bits (2**30, 2**60, 2**90), the sign costs nothing, zero is still
# counted as one digit, and arithmetic results are trimmed to the digits they need.
import sys
last = None
for bits in range(0, 125):
    v = 2 ** bits
    if sys.getsizeof(v) != last:
        last = sys.getsizeof(v)
        print('2**' + str(bits), 'bit_length', v.bit_length(), 'size', last)
for k in (1, 2, 3):
    edge = 2 ** (30 * k)
    print('k', k, sys.getsizeof(edge - 1), sys.getsizeof(edge), sys.getsizeof(-(edge - 1)), sys.getsizeof(-edge))
print('zero', sys.getsizeof(0), 'one', sys.getsizeof(1), 'minus one', sys.getsizeof(-1), 'True', sys.getsizeof(True))
big = 2 ** 100 + 7
small = big - 2 ** 100
print('big - big:', small, sys.getsizeof(big), sys.getsizeof(small), sys.getsizeof(big - big))
print('big // 2**90:', big // 2 ** 90, sys.getsizeof(big // 2 ** 90), 'big % 10:', sys.getsizeof(big % 10))
print('shifts:', sys.getsizeof(1 << 29), sys.getsizeof(1 << 30), sys.getsizeof((1 << 30) >> 1))
print('from str:', sys.getsizeof(int('9' * 9)), sys.getsizeof(int('9' * 10)), sys.getsizeof(int('-' + '9' * 30)))
print('products:', sys.getsizeof(2 ** 30 * 2 ** 30), sys.getsizeof((2 ** 30 - 1) * (2 ** 30 - 1)))
print('digits of 10**100:', (sys.getsizeof(10 ** 100) - 24) // 4, (10 ** 100).bit_length())
print('bitwise:', sys.getsizeof((2 ** 60) | 1), sys.getsizeof((2 ** 60) & 1), sys.getsizeof(~(2 ** 60)))
