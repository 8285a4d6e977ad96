# An operation that leaves an exact str, bytes, tuple or int unchanged returns the object
# itself (unicode_result_unchanged, tupleconcat, bytes_concat, long_pos): no copy is made
import sys
s = ''.join(['abc', 'def'])
print(s.strip() is s, s.replace('z', 'y') is s, s.ljust(3) is s, s[:] is s, str(s) is s)
print(''.join([s]) is s, (s + '') is s, ('' + s) is s, f'{s}' is s, s.split()[0] is s, s.split('-')[0] is s)
print(s.zfill(2) is s, s.center(6) is s, s.rjust(0) is s, s.replace('a', 'b', 0) is s, s * 1 is s)
print(s.strip('z') is s, s.lstrip() is s, s.rstrip('x') is s)
w = '  padded '
print(w.strip() is w, w.split()[0] is w, w[:] is w, w[0:9] is w, w[0:8] is w, w[::1] is w)
t = (1, 2, 3)
print(t[:] is t, (t + ()) is t, (() + t) is t, t[::-1] is t, t[0:3] is t, tuple(t) is t)
one = (5,)
print(one[::-1] is one, one[:] is one)
b = b'abcdef'
print(b[:] is b, (b + b'') is b, (b'' + b) is b, b[1:] is b)
n = 10 ** 20
f = 2.5
print(+n is n, +f is f, -(-n) is n, +True, type(+True).__name__)
before = sys.getrefcount(s)
same = [s.strip(), s[:], str(s), f'{s}', s + '']
print('new references to s:', sys.getrefcount(s) - before)
print(s.upper().lower() is s, s.lower() is s, s.title() is s, ''.join([s, '']) is s)
print(f'{s!s}' is s, f'{s:}' is s, f'{s}{""}' is s)
