# Recursion: factorial, Fibonacci (naive and memoised in a dict), Euclid's gcd, the
# Towers of Hanoi, flattening nested lists, and mutual recursion.
def fact(n):
    if n <= 1:
        return 1
    return n * fact(n - 1)
def fib(n):
    if n < 2:
        return n
    return fib(n - 1) + fib(n - 2)
memo = {}
def mfib(n):
    if n in memo:
        return memo[n]
    if n < 2:
        r = n
    else:
        r = mfib(n - 1) + mfib(n - 2)
    memo[n] = r
    return r
def gcd(a, b):
    if b == 0:
        return a
    return gcd(b, a % b)
moves = []
def hanoi(n, src, dst, via):
    if n == 0:
        return
    hanoi(n - 1, src, via, dst)
    moves.append(src + dst)
    hanoi(n - 1, via, dst, src)
def flatten(x):
    if not isinstance(x, list):
        return [x]
    out = []
    for item in x:
        out.extend(flatten(item))
    return out
def is_even(n):
    if n == 0:
        return True
    return is_odd(n - 1)
def is_odd(n):
    if n == 0:
        return False
    return is_even(n - 1)
print(fact(0), fact(5), fact(25))
print([fib(i) for i in range(15)])
print(mfib(90), len(memo))
print(gcd(1071, 462), gcd(17, 5))
hanoi(4, 'A', 'C', 'B')
print(len(moves), moves[:5])
print(flatten([1, [2, [3, [4, []]], 5], [[6]]]))
print(is_even(10), is_odd(7), is_even(3))
