# Augmented assignment on ints, floats, strings, lists (in place: aliases see it) and
# tuples (rebinds: aliases do not), on attributes and on subscripts.
n = 10
n += 5
n -= 3
n *= 2
n //= 5
n %= 3
n **= 3
print(n)
f = 1.0
f /= 4
f += 0.5
print(f)
s = 'ab'
s += 'cd'
s *= 2
print(s)
a = [1]
alias = a
a += [2, 3]
print(a, alias, a is alias)
t = (1,)
talias = t
t += (2,)
print(t, talias, t is talias)
class C:
    pass
c = C()
c.count = 0
for i in range(4):
    c.count += i
print(c.count)
d = {'x': 1}
d['x'] += 10
d['y'] = 0
d['y'] -= 1
print(d)
grid = [[0, 0], [0, 0]]
grid[1][0] += 5
grid[0][1] -= 2
print(grid)
bits = 0b1010
bits |= 1
bits &= 0b1110
bits ^= 0b0100
bits <<= 2
bits >>= 1
print(bits)
