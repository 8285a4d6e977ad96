# repr and str of deeply nested containers: each level counts against the recursion limit
# with the frames and the builtin calls (3.11), so the deepest printable nesting depends on
# where the call is made; past it, a catchable RecursionError, whatever the host's stack.


def nest_list(n):
    x = []
    for i in range(n):
        x = [x]
    return x


def nest_dict(n):
    y = {}
    for i in range(n):
        y = {1: y}
    return y


def via_fstring(x):
    return f"{x}"


def deepest(make, how):
    lo = 1
    hi = 1100
    while lo < hi:
        mid = (lo + hi + 1) // 2
        try:
            how(make(mid))
            lo = mid
        except RecursionError:
            hi = mid - 1
    return lo


print(deepest(nest_list, repr), deepest(nest_list, str), deepest(nest_list, via_fstring))
print(deepest(nest_dict, repr))
big = nest_list(2000)
try:
    print(len(repr(big)))
except RecursionError as e:
    print("RecursionError:", e)
try:
    print(big)
except RecursionError as e:
    print("RecursionError:", e)
t = ()
for i in range(2000):
    t = (t,)
try:
    s = str(t)
except RecursionError as e:
    print("RecursionError:", e)
print(big == big, len(big))
