# Arithmetic edge cases as CPython defines them: negative shift counts, bool & | ^ bool, float %
# and divmod signs (fmod-based), float ** overflow, abs, reversed, list.index start/stop, slice errors
try:
    print(5 >> -1)
except ValueError as e:
    print(e)
try:
    print(5 << -1)
except ValueError as e:
    print(e)
print(True & False, True | False, True ^ True, False ^ True)
try:
    print(2.0 ** 10000)
except OverflowError as e:
    print(e)
print(0.0 % -5, divmod(0.0, -1))
print(divmod(1e308, 1e-308))
try:
    divmod(1.0, 0)
except ZeroDivisionError as e:
    print(e)
try:
    divmod(1, 'a')
except TypeError as e:
    print(e)
try:
    abs('a')
except TypeError as e:
    print(e)
try:
    print(list(reversed({1, 2})))
except TypeError as e:
    print(e)
try:
    reversed(5)
except TypeError as e:
    print(e)
a = [1, 2, 3, 2]
try:
    print(a.index(2, 0, 1))
except ValueError as e:
    print(e)
print(a.index(2, 2))
try:
    print((1, 2, 3).index(2, 2))
except ValueError as e:
    print(e)
try:
    print(a.index(1, 'x'))
except TypeError as e:
    print(e)
a = [1, 2, 3, 4, 5]
try:
    a[1:3] = 5
except TypeError as e:
    print(e)
try:
    a[::2] = 5
except TypeError as e:
    print(e)
