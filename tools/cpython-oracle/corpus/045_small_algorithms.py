# Classic small algorithms: insertion sort, binary search, the sieve of Eratosthenes,
# matrix multiplication, and base conversion.
def insertion_sort(a):
    a = list(a)
    for i in range(1, len(a)):
        key = a[i]
        j = i - 1
        while j >= 0 and a[j] > key:
            a[j + 1] = a[j]
            j -= 1
        a[j + 1] = key
    return a
def bsearch(a, x):
    lo, hi = 0, len(a)
    while lo < hi:
        mid = (lo + hi) // 2
        if a[mid] < x:
            lo = mid + 1
        else:
            hi = mid
    if lo < len(a) and a[lo] == x:
        return lo
    return -1
def sieve(n):
    flags = [True] * (n + 1)
    flags[0] = flags[1] = False
    for i in range(2, n + 1):
        if flags[i]:
            for j in range(i * i, n + 1, i):
                flags[j] = False
    return [i for i in range(n + 1) if flags[i]]
def matmul(a, b):
    return [[sum([a[i][k] * b[k][j] for k in range(len(b))]) for j in range(len(b[0]))] for i in range(len(a))]
def to_base(n, base):
    digits = '0123456789abcdef'
    if n == 0:
        return '0'
    out = ''
    while n:
        out = digits[n % base] + out
        n //= base
    return out
data = [5, 2, 9, 1, 5, 6, -3, 0]
s = insertion_sort(data)
print(s, data)
print([bsearch(s, x) for x in [-3, 5, 9, 4]])
print(sieve(60))
print(matmul([[1, 2], [3, 4]], [[5, 6], [7, 8]]))
print(to_base(255, 2), to_base(255, 16), to_base(0, 8), to_base(1000, 7))
