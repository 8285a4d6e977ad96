# sys.getrecursionlimit/setrecursionlimit: RecursionError at the limit, catchable; a limit
# below the current depth is refused (the depth counts the setrecursionlimit call itself).
import sys


def depth(n):
    try:
        return depth(n + 1)
    except RecursionError:
        return n


def too_low():
    try:
        sys.setrecursionlimit(3)
    except RecursionError as e:
        print(e)


print(sys.getrecursionlimit())
print(depth(0))
sys.setrecursionlimit(60)
print(depth(0))
too_low()
for v in [0, -5, 1, 2, 1.5, "x", 2**40, True]:
    try:
        sys.setrecursionlimit(v)
        print("ok", sys.getrecursionlimit())
    except (ValueError, TypeError, OverflowError, RecursionError) as e:
        print(type(e).__name__, e)
sys.setrecursionlimit(1000)


def f(n):
    if n:
        return f(n - 1)
    return 0


print(f(990))
try:
    f(5000)
except RecursionError as e:
    print("RecursionError:", e)
try:
    sys.getrecursionlimit(1)
except TypeError as e:
    print(e)
